"""Questions about a database URL that the command line asks before anything is opened."""

from __future__ import annotations

from pathlib import Path


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names (relative paths against the working folder), or None for any other
    database, an in-memory one, or a URL that is not one (the engine reports that when it opens)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or (database.startswith("file:") and "mode=memory" in database):
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)
