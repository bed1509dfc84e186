"""Shared fixtures. Qt runs offscreen; storage tests get a migrated SQLite file per test (copied from a
template made once) and, for ``any_db``, a throwaway PostgreSQL server started by the tests."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SYSSELSATTNING_LANG", "sv")

import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pytest

from tests.pgserver import PgServer


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SYSSELSATTNING_HOME", str(home))
    monkeypatch.delenv("SYSSELSATTNING_DB", raising=False)
    yield home


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch):
    """The program hashes at OWASP's cost (n=2**17, 128 MiB, ~0.3 s); the suite creates hundreds of accounts,
    so it hashes at n=2**14. tests/services/test_auth.py checks the real cost and the rehash to it."""
    from sysselsattning.services import auth

    monkeypatch.setattr(auth, "SCRYPT_N", 2**14)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from sysselsattning.storage.db import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    path = tmp_path / "test.sqlite"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def db(sqlite_url):
    from sysselsattning.storage.db import open_database

    database = open_database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def ctx(db):
    from sysselsattning.services.context import AppContext

    context = AppContext(db=db, username="test", today=date(2026, 11, 23))
    context.act()
    return context


@pytest.fixture(scope="session")
def pg_server():
    # Its own folder, not pytest's basetemp: concurrent pytest runs prune each other's basetemp folders.
    base = Path(tempfile.mkdtemp(prefix="sysselsattning-pg-"))
    server = PgServer(base / "pg")
    if not server.available():
        pytest.skip("PostgreSQL-servern finns inte på maskinen (installera paketet postgresql)")
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_url(request) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_db(any_url):
    from sysselsattning.storage.db import open_database

    database = open_database(any_url)
    yield database
    database.dispose()


@pytest.fixture
def any_ctx(any_db):
    from sysselsattning.services.context import AppContext

    context = AppContext(db=any_db, username="test", today=date(2026, 11, 23))
    context.act()
    return context
