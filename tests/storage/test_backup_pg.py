"""PostgreSQL operations from docs/postgresql.md, run for real: least-privilege roles, pg_dump/pg_restore."""

from __future__ import annotations

import re
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from sysselsattning.storage.db import open_database
from tests.storage.test_backup import dump, fill

pytestmark = pytest.mark.postgres
DOC = Path(__file__).resolve().parents[2] / "docs" / "postgresql.md"


def _sql_blocks(owner: str, app: str, dbname: str) -> list[str]:
    doc = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 3, "docs/postgresql.md: steg 1, 2 och 4 som sql-block"
    return [
        b.replace("sf_owner", owner).replace("sf_app", app).replace("DATABASE sysselsattning", f"DATABASE {dbname}")
        for b in blocks
    ]


def _exec(url_dsn: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url_dsn, autocommit=True) as conn:
        for stmt in [s.strip() for s in sql.split(";") if s.strip()]:
            conn.execute(stmt)


def test_roles_from_the_docs(pg_server):
    u = uuid.uuid4().hex[:8]
    owner, app, dbname = f"sf_owner_{u}", f"sf_app_{u}", f"sf_{u}"
    step1, step2, step4 = _sql_blocks(owner, app, dbname)
    base = f"host=127.0.0.1 port={pg_server.port}"
    _exec(f"{base} user=postgres dbname=postgres", step1)
    _exec(f"{base} user=postgres dbname={dbname}", step2)
    owner_url = f"postgresql+psycopg://{owner}@127.0.0.1:{pg_server.port}/{dbname}"
    app_url = f"postgresql+psycopg://{app}@127.0.0.1:{pg_server.port}/{dbname}"

    # before the owner has created the schema, the app role cannot
    with pytest.raises(Exception, match=r"permission denied|behörighet"):
        open_database(app_url).dispose()
    open_database(owner_url).dispose()  # sysselsattning upgrade
    _exec(f"{base} user={owner} dbname={dbname}", step4)

    db = open_database(app_url)
    try:
        from sysselsattning.services import users
        from sysselsattning.services.auth import login_context
        from sysselsattning.services.context import AppContext
        from sysselsattning.storage.counters import next_number

        users.create_first_admin(db, "anna", "Anna", "langt-losenord-1", "langt-losenord-1")
        ctx = login_context(AppContext(db=db, today=date(2026, 11, 23)), "anna", "langt-losenord-1")
        fill(db)
        with db.unit_of_work() as s:
            assert next_number(s, "slip") == 1
        with db.unit_of_work() as s:  # gallring may overwrite the before/after values
            s.execute(text("UPDATE audit_log SET before_json = '{\"gallrad\": true}' WHERE id = 1"))
        for forbidden in (
            "UPDATE audit_log SET detail = 'ändrad'",
            "DELETE FROM audit_log",
            "DROP TABLE participants",
            "UPDATE alembic_version SET version_num = 'x'",
            "CREATE TABLE intrang (i int)",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(Exception, match=r"permission denied|must be owner"), db.unit_of_work() as s:
                s.execute(text(forbidden))
        assert ctx.role == "administrator"
    finally:
        db.dispose()


def test_pg_dump_and_restore_give_identical_tables(pg_server, pg_url, tmp_path):
    db = open_database(pg_url)
    fill(db)
    with db.unit_of_work() as s:
        s.execute(
            text(
                "INSERT INTO settings (key, value, version) VALUES ('backup.postgresql_senast', "
                "to_char(now(), 'YYYY-MM-DD HH24:MI'), 1) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "version = settings.version + 1"
            )
        )
    before = dump(db)
    db.dispose()
    name = pg_url.rsplit("/", 1)[1]
    out = tmp_path / "kopia.dump"
    bindir = pg_server.bindir
    subprocess.run(
        [
            str(bindir / "pg_dump"),
            "--format=custom",
            f"--file={out}",
            f"host=127.0.0.1 port={pg_server.port} user=postgres dbname={name}",
        ],
        check=True,
    )
    restored_url = pg_server.create_database(f"r_{uuid.uuid4().hex[:10]}")
    subprocess.run(
        [
            str(bindir / "pg_restore"),
            "--no-owner",
            f"--dbname=host=127.0.0.1 port={pg_server.port} user=postgres dbname={restored_url.rsplit('/', 1)[1]}",
            str(out),
        ],
        check=True,
    )
    db2 = open_database(restored_url)
    try:
        assert dump(db2) == before
        from sysselsattning.services.parameters import get_setting

        assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", get_setting(db2, "backup.postgresql_senast"))
    finally:
        db2.dispose()


def test_upgrade_command(pg_url, capsys):
    from sysselsattning.cli import main

    assert main(["--db", pg_url, "upgrade"]) == 0
    assert "uppgraderat från tomt" in capsys.readouterr().out
    assert main(["--db", pg_url, "upgrade"]) == 0
    assert "redan aktuellt" in capsys.readouterr().out
