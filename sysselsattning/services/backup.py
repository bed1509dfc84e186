"""Backup and restore, the one entry for the command line, the main window and Settings.

The mechanics (SQLite's online backup API, rotation, inspection, restore into the open file) live in
:mod:`sysselsattning.storage.backup`; this module is what the callers above it use: take a copy (automatic or
manual, into the backup folder or a file the user names), list the copies with their time and reason, say what
a copy holds, restore one, and the database facts the Settings page shows. PostgreSQL is backed up by the
server's own tools (``pg_dump``): for it :func:`backup_now` returns None and :func:`restore` refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sysselsattning.i18n import _
from sysselsattning.storage import backup as _store
from sysselsattning.storage.db import Database, apply_security, current_revision, head_revision, open_database

BackupError = _store.BackupError
BackupInfo = _store.BackupInfo


class BackupInputError(BackupError):
    """The user named something that cannot be used (a missing database file, a folder for a file)."""


#: Reasons in automatic backups' file names.
REASONS = ("start", "godkannande", "uppgradering", "manuell", "fore_aterstallning")


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A backup in the backup folder: its file, when it was taken (local time) and why."""

    path: Path
    taken_at: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class DatabaseStatus:
    """What Settings shows about the database in use."""

    sqlite: bool
    schema: str | None
    last_backup: datetime | None  # SQLite: the newest automatic backup


def sqlite_file(db: Database) -> Path | None:
    """The database's file, or None for PostgreSQL (and in-memory databases)."""
    return _store.sqlite_path(db)


def backup_now(db: Database, reason: str = "manuell", *, directory: Path | None = None) -> Path | None:
    """A consistent copy into the backup folder (rotated), or into ``directory`` (a folder the user picked,
    not rotated: older copies there are theirs). None when the database is not a SQLite file."""
    return _store.backup_now(db, reason, directory=directory, rotate_old=directory is None)


def require_sqlite_file(db: Database) -> Path:
    """The database's file; BackupError when it is not a SQLite file, BackupInputError when it is missing."""
    source = sqlite_file(db)
    if source is None:
        raise BackupError(
            _("Databasen är inte en SQLite-fil. Säkerhetskopiera PostgreSQL med pg_dump (se docs/postgresql.md).")
        )
    if not source.exists():
        raise BackupInputError(_("Databasfilen finns inte: {file}").format(file=source))
    return source


def copy_to(db: Database, out: Path) -> Path:
    """A consistent copy of the SQLite database to the file ``out`` (``backup --out``)."""
    source = require_sqlite_file(db)
    if out.exists() and out.is_dir():
        raise BackupInputError(_("{path} är en mapp – ange ett filnamn.").format(path=out))
    return _store.copy_database(source, out)


def describe(path: Path) -> BackupFile:
    """Time and reason of a backup from its file name (another file: its name alone says nothing)."""
    taken, reason = _store.name_parts(path)
    return BackupFile(path, taken, reason or "")


def list_backups(db: Database, directory: Path | None = None) -> list[BackupFile]:
    """The database's automatic backups, newest first (none for PostgreSQL)."""
    source = sqlite_file(db)
    if source is None:
        return []
    return [describe(p) for p in _store.list_backups(directory, stem=source.stem)]


def inspect(path: Path) -> BackupInfo:
    """What a backup holds; BackupError (a Swedish message) when it is not a database of a known schema."""
    return _store.inspect_backup(path)


def restore(db: Database, path: Path, *, directory: Path | None = None) -> Path:
    """Replace the database's contents with the backup ``path``; returns the safety copy of the state before."""
    return _store.restore(db, path, directory=directory)


def status(db: Database) -> DatabaseStatus:
    """The database facts of the Settings page (read in a worker thread)."""
    return DatabaseStatus(
        sqlite=sqlite_file(db) is not None,
        schema=current_revision(db.engine),
        last_backup=_store.last_backup(db),
    )


def open_unmigrated(url: str | None) -> Database:
    """The database at ``url`` as it is (no schema upgrade): for ``backup`` and ``restore``."""
    return open_database(url, migrate=False)


def upgrade(url: str | None) -> tuple[str | None, str | None, str]:
    """Create or upgrade the schema (a SQLite file is backed up first); returns (before, after, head)."""
    before, after, head, _secured = upgrade_all(url)
    return before, after, head


def upgrade_all(url: str | None) -> tuple[str | None, str | None, str, bool | None]:
    """:func:`upgrade`, and on PostgreSQL (re)apply the roles, grants, row-level security, locking triggers and
    the database-written audit log (#15). The fourth value: True when applied, False when the connection is
    not the owner (nothing changed), None on SQLite."""
    db = open_database(url, migrate=False)
    try:
        before = current_revision(db.engine)
    finally:
        db.dispose()
    db = open_database(url)
    try:
        after = current_revision(db.engine)
        secured = None if db.is_sqlite else apply_security(db)
    finally:
        db.dispose()
    return before, after, head_revision(), secured
