"""Crash and fault safety: kill -9 during a write, read-only database, full disk, newer schema."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from sysselsattning.errors import describe
from sysselsattning.storage.db import open_database
from sysselsattning.storage.orm import AuditEntry, Participant

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys, time
    from sysselsattning.storage.db import open_database
    from sysselsattning.storage.orm import Participant
    db = open_database(sys.argv[1])
    n, chunk = int(sys.argv[2]), 200
    with db.unit_of_work() as s:
        for i in range(n):
            s.add(Participant(personnummer=f"{900000000000 + i}", first_name=f"Deltagare {i}", last_name="Test"))
            if i % chunk == chunk - 1:
                s.flush()
                print("flushed", i + 1, flush=True)
                time.sleep(0.02)
        print("committing", flush=True)
    print("committed", flush=True)
    time.sleep(30)
""")

N = 3000


def _start(url: str, tmp_path: Path) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), url, str(N)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )


def _check(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        people = conn.execute("SELECT count(*) FROM participants").fetchone()[0]
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE table_name='participants'").fetchone()[0]
        return people, audited
    finally:
        conn.close()


@pytest.mark.parametrize("kill_after", ["flushed 600", "flushed 2400", "committing", "committed"])
def test_kill_9_leaves_all_or_nothing(sqlite_url, tmp_path, kill_after):
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    proc = _start(sqlite_url, tmp_path)
    try:
        for line in proc.stdout:
            if line.strip() == kill_after:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    people, audited = _check(path)
    if kill_after == "committed":
        assert (people, audited) == (N, N)
    elif kill_after.startswith("flushed"):
        assert (people, audited) == (0, 0)
    else:  # killed somewhere inside COMMIT: either outcome, never a part
        assert (people, audited) in ((0, 0), (N, N))
    db = open_database(sqlite_url)  # the program opens it again and can write
    with db.unit_of_work() as s:
        s.add(Participant(personnummer="198504129807", first_name="Efter", last_name="Kraschen"))
    db.dispose()


def test_kill_9_at_random_moments(sqlite_url, tmp_path):
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    for delay in (0.3, 0.6, 0.9, 1.2):
        proc = _start(sqlite_url, tmp_path)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        people, audited = _check(path)
        assert people % N == 0 and audited == people, (delay, people, audited)


def _ro_url(sqlite_url: str) -> str:
    return f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true"


def test_read_only_database_gives_swedish_message_and_saves_nothing(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    from sysselsattning.services import users

    db = open_database(_ro_url(sqlite_url))
    try:
        with pytest.raises(Exception) as e:
            users.create_first_admin(db, "anna", "Anna", "langt-losenord-1", "langt-losenord-1")
        assert describe(e.value) == (1, "Databasen är skrivskyddad – inget sparades.")
        assert not users.has_users(db)  # reading still works
    finally:
        db.dispose()


def test_read_only_database_on_the_command_line(sqlite_url, monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    import io

    from sysselsattning.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("langt-losenord-1\n"))
    code = main(["--db", _ro_url(sqlite_url), "users", "add", "anna", "--role", "administrator", "--password-stdin"])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == "Fel: Databasen är skrivskyddad – inget sparades."


def test_full_disk_gives_swedish_message_and_saves_nothing(sqlite_url):
    db = open_database(sqlite_url)
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _tiny(dbapi_conn, _rec):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    try:
        with pytest.raises(Exception) as e, db.unit_of_work() as s:
            for i in range(2000):
                s.add(Participant(personnummer=f"{900000000000 + i}", first_name="X" * 90, last_name="Y" * 90))
        assert describe(e.value) == (1, "Disken är full – inget sparades.")
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(Participant)) == 0
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
    finally:
        db.dispose()


def test_audit_rows_cannot_be_changed_or_deleted(db):
    with db.unit_of_work() as s:
        s.add(Participant(personnummer="198504129807", first_name="Åsa", last_name="Öberg"))
    with pytest.raises(PermissionError, match="Granskningsloggen kan inte ändras"), db.unit_of_work() as s:
        s.scalars(select(AuditEntry)).first().detail = "ändrad"
    with pytest.raises(PermissionError), db.unit_of_work() as s:
        s.delete(s.scalars(select(AuditEntry)).first())
    with db.read() as s:
        rows = s.scalars(select(AuditEntry)).all()
    assert len(rows) == 1 and rows[0].detail == ""
