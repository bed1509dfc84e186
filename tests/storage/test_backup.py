"""Backups: consistent copy, rotation, inspection, restore brings back the exact state, backup before upgrade."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from sysselsattning.storage import backup
from sysselsattning.storage.backup import BackupError
from sysselsattning.storage.db import SchemaTooNew, open_database
from sysselsattning.storage.orm import Organisation, Participant, PayRun, Task, TaskRate, WorkEntry, Worksite


def fill(db, n: int = 3, tag: str = "A") -> None:
    with db.unit_of_work() as s:
        o = Organisation(name=f"Verdandi {tag}", orgnr=f"80200{len(tag)}-45{n:02d}")
        s.add(o)
        s.flush()
        w = Worksite(organisation_id=o.id, name="Cykelverkstaden")
        s.add(w)
        s.flush()
        t = Task(worksite_id=w.id, name="Verkstadspass", unit="hour")
        s.add(t)
        s.flush()
        s.add(TaskRate(task_id=t.id, valid_from=date(2026, 1, 1), rate_ore=5000))
        run = PayRun(
            label=f"2026-0{n}",
            period_start=date(2026, n, 1),
            period_end=date(2026, n + 1, 1),
            payment_date=date(2026, n + 1, 25),
            status="approved",
        )
        s.add(run)
        for i in range(n):
            p = Participant(personnummer=f"19850412{i:03d}{len(tag)}", first_name=f"Åsa{i}{tag}", last_name="Öberg")
            s.add(p)
            s.flush()
            s.add(
                WorkEntry(
                    participant_id=p.id,
                    worksite_id=w.id,
                    task_id=t.id,
                    work_date=date(2026, n, 3),
                    hours_hundredths=250,
                    rate_ore=5000,
                    amount_ore=12500,
                )
            )


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, for exact before/after comparison."""
    md = MetaData()
    md.reflect(db.engine)
    out = {}
    with db.engine.connect() as c:
        for name, table in sorted(md.tables.items()):
            out[name] = sorted(tuple(r) for r in c.execute(select(table)).all())
    return out


def test_backup_is_consistent_and_restore_is_exact(db, tmp_path):
    fill(db)
    before = dump(db)
    dest = backup.backup_now(db, "manuell", directory=tmp_path)
    assert dest is not None and dest.exists() and "-manuell.sqlite" in dest.name
    info = backup.inspect_backup(dest)
    assert (info.participants, info.work_entries, info.approved_runs, info.last_approved_period) == (3, 3, 1, "2026-03")
    assert info.schema_revision and info.taken_at and info.reason == "manuell"
    # change everything after the backup
    fill(db, 2, "BB")
    with db.unit_of_work() as s:
        s.scalars(select(Participant)).first().first_name = "Ändrad"
    assert dump(db) != before
    safety = backup.restore(db, dest, directory=tmp_path)
    db2 = open_database(db.url)
    try:
        assert dump(db2) == before
        with db2.unit_of_work() as s:  # the restored database is writable and in WAL mode again
            s.add(Organisation(name="Efter", orgnr="802426-1596"))
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        db2.dispose()
    # the safety copy holds the state just before the restore
    assert "fore_aterstallning" in safety.name and backup.inspect_backup(safety).participants == 5


def test_inspect_refuses_non_databases(tmp_path, db):
    junk = tmp_path / "x.sqlite"
    junk.write_text("hej")
    with pytest.raises(BackupError, match="inte en SQLite-databas"):
        backup.inspect_backup(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("create table t(x)").connection.commit()
    with pytest.raises(BackupError, match="inte en databas från Sysselsättning först"):
        backup.inspect_backup(other)
    with pytest.raises(BackupError, match="finns inte"):
        backup.inspect_backup(tmp_path / "saknas.sqlite")
    newer = backup.backup_now(db, "x", directory=tmp_path)
    c = sqlite3.connect(newer)
    c.execute("update alembic_version set version_num='9999'")
    c.commit()
    c.close()
    with pytest.raises(BackupError, match="schemaversion 9999"):
        backup.inspect_backup(newer)
    with pytest.raises(BackupError):  # restore refuses and leaves the database alone
        backup.restore(db, newer, directory=tmp_path)


def test_rotation_keeps_last_ten_and_one_per_month(db, tmp_path):
    start = datetime(2026, 1, 15, 8, 0)
    times = [start + timedelta(days=5 * i) for i in range(40)]  # 15 Jan … 29 Jul
    for when in times:
        backup.backup_now(db, "start", directory=tmp_path, now=when)
    kept = [
        datetime.strptime("-".join(p.name.split("-")[1:4]), "%Y%m%d-%H%M%S-%f") for p in backup.list_backups(tmp_path)
    ]
    newest = sorted(times, reverse=True)
    expected = set(newest[:10])
    for month in {(t.year, t.month) for t in times}:
        expected.add(max(t for t in times if (t.year, t.month) == month))
    assert set(kept) == expected
    assert len(kept) == 10 + 5  # Jul…Jun are covered by the last ten; Jan–May keep one each


def test_postgresql_is_not_copied(pg_url):
    assert backup.backup_now(pg_url, "start") is None
    with pytest.raises(BackupError, match="pg_restore"):
        backup.restore(pg_url, Path("x"))


def test_refuses_newer_schema(sqlite_url):
    db = open_database(sqlite_url)
    with db.engine.begin() as c:
        c.execute(text("update alembic_version set version_num='ffff_from_the_future'"))
    db.dispose()
    with pytest.raises(SchemaTooNew):
        open_database(sqlite_url)
    from sysselsattning.errors import describe

    code, msg = describe(SchemaTooNew("ffff_from_the_future"))
    assert code == 1 and "nyare version" in msg


def test_backup_is_taken_before_an_upgrade(sqlite_url, monkeypatch, tmp_path):
    """Pretend the program knows a newer head: open_database must copy the old database before upgrading."""
    from alembic.script import ScriptDirectory

    from sysselsattning import paths

    db = open_database(sqlite_url)
    fill(db)
    db.dispose()
    monkeypatch.setattr(ScriptDirectory, "get_current_head", lambda self: "0002_next")
    # the fast "already current?" check reads the migration files: it must see the newer head as well
    monkeypatch.setattr("sysselsattning.storage.db.head_revision_fast", lambda: "0002_next")
    db = open_database(sqlite_url)
    db.dispose()
    made = backup.list_backups(paths.backup_dir())
    assert len(made) == 1 and "fore_uppgradering_" in made[0].name
    assert backup.inspect_backup(made[0]).participants == 3


def test_fresh_database_gets_no_upgrade_backup(tmp_path):
    from sysselsattning import paths

    db = open_database(f"sqlite:///{tmp_path / 'ny.sqlite'}")
    db.dispose()
    assert backup.list_backups(paths.backup_dir()) == []


def test_rotation_keeps_one_per_day_for_a_week(db, tmp_path):
    """Many starts on one day must not push the previous days' backups out."""
    times = [datetime(2026, 11, d, 9, 0) for d in range(10, 23)]  # one a day, 10–22 Nov
    times += [datetime(2026, 11, 23, 8, 0) + timedelta(minutes=5 * i) for i in range(15)]  # 15 starts today
    for when in times:
        backup.backup_now(db, "start", directory=tmp_path, now=when)
    kept = {
        datetime.strptime("-".join(p.name.split("-")[1:4]), "%Y%m%d-%H%M%S-%f") for p in backup.list_backups(tmp_path)
    }
    today = sorted(t for t in times if t.day == 23)
    assert set(today[-10:]) <= kept and not (set(today[:-10]) & kept)
    assert {datetime(2026, 11, d, 9, 0) for d in range(17, 23)} <= kept  # the 6 days before today (7 days in all)
    assert datetime(2026, 11, 16, 9, 0) not in kept
