"""#13: storage catches only the errors it expects; anything else (a bug, a failed connection) is raised."""

from __future__ import annotations

import getpass
import sqlite3

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from sysselsattning.storage import backup, db


@pytest.mark.parametrize("error", [KeyError("uid 1234"), OSError("no user name"), ImportError("pwd")])
def test_os_account_without_a_user_name_is_a_question_mark(monkeypatch, error):
    def nobody():
        raise error

    monkeypatch.setattr(getpass, "getuser", nobody)
    assert db._os_account() == "?"


def test_os_account_does_not_hide_a_bug(monkeypatch):
    def broken():
        raise RuntimeError("bug")

    monkeypatch.setattr(getpass, "getuser", broken)
    with pytest.raises(RuntimeError, match="bug"):
        db._os_account()


def test_schema_is_current_on_a_new_database_is_false(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    try:
        assert db.schema_is_current(engine) is False  # no alembic_version table yet
    finally:
        engine.dispose()


def test_schema_is_current_raises_when_no_connection_can_be_made(tmp_path):
    """It used to answer False (and the slow Alembic path tried again); a refused connection is now raised."""
    engine = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}")
    try:
        with pytest.raises(OperationalError):
            db.schema_is_current(engine)
    finally:
        engine.dispose()


def test_a_backup_that_cannot_open_its_source_is_a_backup_error(tmp_path, monkeypatch):
    source = tmp_path / "db.sqlite"
    sqlite3.connect(source).close()

    def refused(path):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(backup, "_connect_ro", refused)
    with pytest.raises(backup.BackupError, match="kunde inte göras"):
        backup.copy_database(source, tmp_path / "copy.sqlite")
    assert not (tmp_path / "copy.sqlite").exists() and not (tmp_path / "copy.sqlite.tmp").exists()
