"""Consistent backups of the SQLite database, rotation, inspection and restore.

A backup is made with SQLite's online backup API (:meth:`sqlite3.Connection.backup`), which copies a
consistent snapshot page by page even while other connections read or write (WAL mode) — copying the file
with ``cp`` could catch a half-written transaction or miss the ``-wal`` file.

Automatic backups (:func:`backup_now`) are taken at start, after each pay-run approval and before a schema
upgrade; they go to :func:`sysselsattning.paths.backup_dir` and are rotated: the newest
:data:`KEEP_LAST`, the newest of each of the last :data:`KEEP_DAYS` days and the newest of every calendar month
are kept (:func:`rotate`).

:func:`restore` first checks that the file is a SQLite database of a schema revision this program knows,
takes a safety backup of the current database, then copies the backup *into* the open database with the same
backup API (so the database file keeps its name, permissions and WAL mode).

PostgreSQL is backed up by the server's own tools (``pg_dump``, see docs/postgresql.md); for it
:func:`backup_now` does nothing and the settings page shows the time stored in the setting
``backup.postgresql_senast`` (set by the IT department's backup job, if configured).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sysselsattning import paths

KEEP_LAST = 10
KEEP_DAYS = 7
_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9_]+)\.sqlite$")


class BackupError(Exception):
    """A backup could not be made or read. The message is Swedish and safe to show."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime | None  # from the file name (local time), else the file's modification time
    reason: str
    schema_revision: str | None
    participants: int
    work_entries: int
    approved_runs: int
    last_approved_period: str | None
    size_bytes: int


def sqlite_path(db_or_url) -> Path | None:
    """The file of a SQLite database (``Database``, engine or URL); None for PostgreSQL / in-memory."""
    from sqlalchemy.engine import make_url

    url = getattr(db_or_url, "url", db_or_url)
    u = make_url(str(url)) if not hasattr(url, "get_backend_name") else url
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    name = u.database
    if name.startswith("file:"):
        name = name[5:].split("?", 1)[0]
    return Path(name)


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def copy_database(source: Path, dest: Path) -> Path:
    """Consistent copy of the SQLite database *source* to *dest* (a new file) with the online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        src = _connect_ro(source)
    except sqlite3.Error as exc:
        raise BackupError(f"Säkerhetskopian kunde inte göras: {exc}") from exc
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
        finally:
            out.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Säkerhetskopian kunde inte göras: {exc}") from exc
    finally:
        src.close()
    paths.make_private(tmp)  # personal data: the account's alone, whatever the umask
    tmp.replace(dest)
    return dest


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def backup_now(
    db, reason: str = "manuell", *, directory: Path | None = None, now: datetime | None = None, rotate_old: bool = True
) -> Path | None:
    """Back up *db* (a :class:`~sysselsattning.storage.db.Database`, engine or URL) into the backup folder.

    Returns the new file, or None when the database is not a SQLite file (PostgreSQL: use pg_dump).
    ``reason`` is put in the file name (``start``, ``godkannande``, ``uppgradering``, ``manuell``,
    ``fore_aterstallning``). Rotation runs afterwards unless ``rotate_old`` is False (use that for a folder the
    user picked, where older copies are theirs to keep).
    """
    source = sqlite_path(db)
    if source is None or not source.exists():
        return None
    directory = directory or paths.backup_dir()
    reason = re.sub(r"[^a-z0-9_]", "_", reason.lower()) or "manuell"
    dest = directory / f"{source.stem}-{_stamp(now)}-{reason}.sqlite"
    copy_database(source, dest)
    if rotate_old:
        rotate(directory, source.stem)
    return dest


def list_backups(directory: Path | None = None, stem: str | None = None) -> list[Path]:
    """Backups in *directory*, newest first (optionally only those of the database named *stem*)."""
    directory = directory or paths.backup_dir()
    found = []
    for p in directory.glob("*.sqlite"):
        m = _NAME_RE.match(p.name)
        if m and (stem is None or m["stem"] == stem):
            found.append((m["ts"], p))
    return [p for _, p in sorted(found, reverse=True)]


def rotate(directory: Path, stem: str, *, keep_last: int = KEEP_LAST, keep_days: int = KEEP_DAYS) -> list[Path]:
    """Delete old automatic backups. Kept: the newest *keep_last*, the newest of each of the *keep_days* most
    recent days with a backup (so ten starts in one morning do not push yesterday out), and the newest of every
    month. Returns the deleted files."""
    backups = list_backups(directory, stem)
    keep = set(backups[:keep_last])
    days: set[str] = set()
    months: set[str] = set()
    for p in backups:  # newest first → the first seen of a day/month is its newest
        ts = _NAME_RE.match(p.name)["ts"]
        if ts[:8] not in days and len(days) < keep_days:
            days.add(ts[:8])
            keep.add(p)
        if ts[:6] not in months:
            months.add(ts[:6])
            keep.add(p)
    deleted = [p for p in backups if p not in keep]
    for p in deleted:
        p.unlink(missing_ok=True)
    return deleted


def name_parts(path: Path) -> tuple[datetime | None, str | None]:
    """(time taken, reason) from an automatic backup's file name; (None, None) for any other name."""
    m = _NAME_RE.match(Path(path).name)
    if not m:
        return None, None
    return datetime.strptime(m["ts"], "%Y%m%d-%H%M%S-%f"), m["reason"]


def last_backup(db) -> datetime | None:
    """Time of the newest automatic backup of *db* (SQLite) or the configured pg_dump time (PostgreSQL)."""
    source = sqlite_path(db)
    if source is None:
        return None
    backups = list_backups(stem=source.stem)
    if not backups:
        return None
    return datetime.strptime(_NAME_RE.match(backups[0].name)["ts"], "%Y%m%d-%H%M%S-%f")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from sysselsattning.storage.db import alembic_config

    return {s.revision for s in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()}


def inspect_backup(path: Path) -> BackupInfo:
    """What a backup contains. Raises :class:`BackupError` if it is not a database of a known schema."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Filen finns inte: {path}")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path.name} är inte en SQLite-databas.")
    try:
        conn = _connect_ro(path)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path.name} är skadad (integritetskontrollen misslyckades).")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "participants" not in tables:
                raise BackupError(f"{path.name} är inte en databas från Sysselsättning först.")
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            rev = rev[0] if rev else None
            if rev not in _known_revisions():
                raise BackupError(
                    f"{path.name} har schemaversion {rev}, som detta program inte känner till "
                    "(skapad av en nyare version?)."
                )
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            info = BackupInfo(
                path=path,
                taken_at=None,
                reason="",
                schema_revision=rev,
                participants=one("SELECT count(*) FROM participants"),
                work_entries=one("SELECT count(*) FROM work_entries"),
                approved_runs=one("SELECT count(*) FROM pay_runs WHERE status IN ('approved','paid')"),
                last_approved_period=one("SELECT max(label) FROM pay_runs WHERE status IN ('approved','paid')"),
                size_bytes=path.stat().st_size,
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} kan inte läsas som databas: {exc}") from exc
    m = _NAME_RE.match(path.name)
    taken = datetime.strptime(m["ts"], "%Y%m%d-%H%M%S-%f") if m else datetime.fromtimestamp(path.stat().st_mtime)
    return replace(info, taken_at=taken, reason=m["reason"] if m else "")


def restore(db, backup_file: Path, *, directory: Path | None = None) -> Path:
    """Replace the contents of the SQLite database *db* with *backup_file*. Returns the safety backup.

    The backup is verified first (:func:`inspect_backup`); then a safety backup of the current state is taken
    (reason ``fore_aterstallning``), so a mistaken restore can itself be undone. *db*'s pooled connections are
    closed; the caller should reopen the database afterwards.
    """
    target = sqlite_path(db)
    if target is None:
        raise BackupError(
            "Återställning görs bara för SQLite-databaser. För PostgreSQL: använd pg_restore (docs/postgresql.md)."
        )
    inspect_backup(backup_file)
    safety = backup_now(db, "fore_aterstallning", directory=directory) if target.exists() else None
    engine = getattr(db, "engine", None)
    if engine is not None:
        engine.dispose()
    try:
        src = _connect_ro(Path(backup_file))
    except sqlite3.Error as exc:
        raise BackupError(f"Återställningen misslyckades: {exc}") from exc
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Återställningen misslyckades: {exc}") from exc
    finally:
        src.close()
    return safety or Path(backup_file)
