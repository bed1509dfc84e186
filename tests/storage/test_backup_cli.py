"""``backup`` / ``restore`` on the command line."""

from __future__ import annotations

from sysselsattning.cli import main
from sysselsattning.storage.db import open_database
from tests.storage.test_backup import dump, fill


def test_backup_and_restore_cli(sqlite_url, tmp_path, capsys):
    db = open_database(sqlite_url)
    fill(db)
    before = dump(db)
    out = tmp_path / "kopia.sqlite"
    assert main(["--db", sqlite_url, "backup", "--out", str(out)]) == 0
    assert "Säkerhetskopia sparad" in capsys.readouterr().out
    fill(db, 2, "BB")
    db.dispose()
    assert main(["--db", sqlite_url, "restore", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3 deltagare" in text and "senast godkänd period 2026-03" in text and "före återställningen" in text
    db = open_database(sqlite_url)
    assert dump(db) == before
    db.dispose()


def test_restore_refuses_junk(sqlite_url, tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all")
    assert main(["--db", sqlite_url, "restore", str(junk)]) == 2
    assert "inte en SQLite-databas" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "restore", str(tmp_path / "saknas")]) == 2


def test_backup_of_postgresql_is_refused_with_advice(pg_url, capsys):
    assert main(["--db", pg_url, "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err
