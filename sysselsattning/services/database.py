"""Questions about a database URL that the command line asks before anything is opened."""

from __future__ import annotations

from pathlib import Path


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names (relative paths against the working folder), or None for any other
    database, an in-memory one, or a URL that is not one (the engine reports that when it opens)."""
    from sysselsattning.storage.db import sqlite_file as file_of

    return file_of(url)
