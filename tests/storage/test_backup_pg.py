"""PostgreSQL operations from docs/postgresql.md, run for real: least-privilege roles, pg_dump/pg_restore."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from sysselsattning.storage.db import open_database
from tests.storage.test_backup import dump, fill

pytestmark = pytest.mark.postgres
DOC = Path(__file__).resolve().parents[2] / "docs" / "postgresql.md"


def _sql_blocks(owner: str, dbname: str, password: str) -> list[str]:
    doc = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 2, "docs/postgresql.md: steg 1 och 2 som sql-block"
    return [
        b.replace("sf_owner", owner)
        .replace("DATABASE sysselsattning", f"DATABASE {dbname}")
        .replace("byt-till-ett-långt-lösenord", password)
        for b in blocks
    ]


def _exec(url_dsn: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url_dsn, autocommit=True) as conn:
        for stmt in [s.strip() for s in sql.split(";") if s.strip()]:
            conn.execute(stmt)


def test_installation_from_the_docs(pg_server, monkeypatch, capsys):
    """docs/postgresql.md steps 1–4 for real, with a non-superuser owner (CREATEROLE), then a person of each
    kind connecting as themselves (issue #15: no shared application login)."""
    import io

    import psycopg

    from sysselsattning.cli import main

    u = uuid.uuid4().hex[:8]
    owner, dbname, owner_pw = f"sf_owner_{u}", f"sf_{u}", f"agare-{u}-losenord"
    step1, step2 = _sql_blocks(owner, dbname, owner_pw)
    base = f"host=127.0.0.1 port={pg_server.port}"
    _exec(f"{base} user=postgres dbname=postgres", step1)
    _exec(f"{base} user=postgres dbname={dbname}", step2)

    def url(user: str) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{pg_server.port}/{dbname}"

    monkeypatch.setenv("PGPASSWORD", "fel-losenord")
    assert main(["upgrade", "--db", url(owner)]) == 1
    assert "Fel användarnamn eller lösenord" in capsys.readouterr().err
    monkeypatch.setenv("PGPASSWORD", owner_pw)  # step 3, the password the libpq way
    assert main(["upgrade", "--db", url(owner)]) == 0
    out = capsys.readouterr().out
    assert "uppgraderat från tomt" in out and "radsäkerhet" in out
    assert main(["upgrade", "--db", url(owner)]) == 0  # idempotent
    admin, admin_pw = f"anna{u}", f"anna-{u}-losenord"
    monkeypatch.setattr("sys.stdin", io.StringIO(admin_pw + "\n"))
    assert main(["users", "add", admin, "--role", "administrator", "--password-stdin", "--db", url(owner)]) == 0

    monkeypatch.setenv("PGPASSWORD", admin_pw)  # from now on the administrator, as herself
    gran, gran_pw = f"gun{u}", f"gun-{u}-losenord"
    monkeypatch.setattr("sys.stdin", io.StringIO(gran_pw + "\n"))
    assert main(["users", "add", gran, "--role", "granskare", "--password-stdin", "--db", url(admin)]) == 0
    assert main(["audit", "--db", url(admin), "--format", "json"]) == 0
    log = capsys.readouterr().out
    assert f'"user": "{admin}"' in log and f'"user": "{owner}"' in log
    assert main(["audit", "verify", "--db", url(admin)]) == 0
    # --user cannot choose who you are
    assert main(["users", "list", "--user", gran, "--db", url(admin)]) == 2
    assert "stämmer inte" in capsys.readouterr().err

    monkeypatch.setenv("PGPASSWORD", gran_pw)
    monkeypatch.setattr("sys.stdin", io.StringIO("ett-annat-losenord\n"))
    assert main(["users", "add", "smygare", "--role", "administrator", "--password-stdin", "--db", url(gran)]) == 1
    with psycopg.connect(f"{base} user={gran} password={gran_pw} dbname={dbname}", autocommit=True) as c:
        for forbidden in (
            "SELECT password_hash FROM users",
            "SELECT * FROM participants",
            "UPDATE audit_log SET detail = 'ändrad'",
            "DELETE FROM audit_log",
            "DROP TABLE participants",
            "UPDATE alembic_version SET version_num = 'x'",
            "CREATE TABLE intrang (i int)",
        ):
            with pytest.raises(psycopg.Error, match=r"permission denied|must be owner"):
                c.execute(forbidden)
        with pytest.raises(psycopg.Error, match="permission denied"):  # finding 12: no shared login to lock
            c.execute(f"ALTER ROLE {admin} PASSWORD 'kapad'")
    with psycopg.connect(f"{base} user={owner} password={owner_pw} dbname={dbname}", autocommit=True) as c:
        assert c.execute("SELECT pg_has_role(%s, 'sf_audit', 'MEMBER')", (owner,)).fetchone()[0] is False
        assert c.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'").fetchone()[0] == "sf_audit"
        with pytest.raises(psycopg.Error):  # not even the owner rewrites the log
            c.execute("UPDATE audit_log SET detail = 'x'")


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
