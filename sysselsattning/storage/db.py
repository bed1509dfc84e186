"""Engine and session factory, schema upgrade, and the unit of work.

``open_database(url)`` makes the engine (SQLite: WAL, foreign keys, busy timeout), upgrades the schema with
Alembic and returns a :class:`Database`. Every use case runs in ``with db.unit_of_work() as s:`` — one
transaction, committed at the end or rolled back on any exception, so nothing is half-saved.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from sysselsattning import paths

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def _os_account() -> str:
    import getpass

    try:
        return getpass.getuser()[:64] or "?"
    except (OSError, KeyError, ImportError):
        # no user name in the environment and none in the password database (service accounts, containers):
        # KeyError from pwd (Python < 3.13), OSError from 3.13 on, ImportError where pwd does not exist
        return "?"


#: Who is acting (username) — read by the SQLite audit hook. Set by the GUI after login and by the CLI; before
#: that, the operating-system account (never a made-up "system" user). PostgreSQL records session_user instead.
_OS_ACCOUNT: str = _os_account()
current_user: contextvars.ContextVar[str] = contextvars.ContextVar("current_user", default=_OS_ACCOUNT)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the program."""


def default_url() -> str:
    return f"sqlite:///{paths.default_db_path()}"


def resolve_url(url: str | None) -> str:
    import os

    return url or os.environ.get("SYSSELSATTNING_DB") or default_url()


#: What the driver raises when the database cannot be reached or refuses the connection (services catch it by
#: this name: they do not import SQLAlchemy).
Unreachable = OperationalError

#: Any failure of the database itself (unreachable, locked, read-only, full, refused by the server's own rules).
DatabaseError = SQLAlchemyError


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names (relative paths against the working folder), or None for any other
    database, an in-memory one, or a URL that is not one (the engine reports that when it opens)."""
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


def url_username(url: str) -> str | None:
    """The user name a database URL names, or None."""
    return make_url(url).username


#: Name of the Swedish collation registered on SQLite connections (``ORDER BY name COLLATE sv``).
SQLITE_SWEDISH = "sv"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
    _sqlite_functions(dbapi_conn)


def _sqlite_functions(dbapi_conn) -> None:
    """``unicode_lower(x)`` (SQLite's ``lower()`` folds only A–Z: "åsa" would not find "Åsa") and the collation
    ``sv`` (Swedish order: … Z, Å, Ä, Ö). Used in queries only, never in the schema, so other tools can still
    open the file. PostgreSQL's ``lower()`` is Unicode-aware already."""
    from sysselsattning.domain.collation import compare, fold

    dbapi_conn.create_function("unicode_lower", 1, fold, deterministic=True)
    dbapi_conn.create_collation(SQLITE_SWEDISH, compare)


def make_engine(url: str, *, password: str | None = None) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        if u.database and u.database != ":memory:" and not u.database.startswith("file:"):
            db_file = Path(u.database)

            @event.listens_for(engine, "connect")
            def _private(_dbapi_conn, _rec):  # pragma: no cover - wiring
                # the file holds personnummer: only this account may read it (also one made by an older version)
                for f in (db_file, db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
                    if f.exists():
                        paths.make_private(f)

        # pysqlite's own transaction handling defers BEGIN; take control so that a write
        # transaction starts with BEGIN IMMEDIATE-like semantics only when we ask for it.
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _rec):  # pragma: no cover - wiring
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):  # pragma: no cover - wiring
            # unit_of_work() asks for IMMEDIATE: the write lock is taken at the start, so a use case that reads
            # then writes never fails with SQLITE_BUSY_SNAPSHOT when another writer commits in between.
            conn.exec_driver_sql(
                "BEGIN IMMEDIATE" if conn.get_execution_options().get("sqlite_begin") == "IMMEDIATE" else "BEGIN"
            )

        return engine
    # hide_parameters: an error message never shows the bound values (names, addresses, personnummer).
    # The password (typed in the login dialog or at the prompt) goes to libpq directly, never into the URL;
    # without it libpq uses PGPASSWORD, the pgpass file or Kerberos/GSSAPI, as every PostgreSQL client does.
    connect_args = {"password": password} if password else {}
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_HEAD: list[str | None] = []


def head_revision_fast() -> str | None:
    """The newest migration's revision, read from the migration files without importing Alembic (~0.1 s saved
    at every start). None when it cannot be decided (then the Alembic path decides)."""
    if _HEAD:
        return _HEAD[0]
    import re

    folder = Path(__file__).with_name("migrations") / "versions"
    revisions: set[str] = set()
    downs: set[str] = set()
    head: str | None = None
    try:
        for path in folder.glob("*.py"):
            text = path.read_text(encoding="utf-8")
            rev = re.search(r"^revision\s*(?::\s*\w+)?\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
            down = re.search(r"^down_revision\s*(?::[^=]+)?=\s*(.+)$", text, re.M)
            if not rev or not down:
                break
            revisions.add(rev.group(1))
            downs.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
        else:
            heads = revisions - downs
            head = next(iter(heads)) if len(heads) == 1 else None
    except OSError:
        head = None
    _HEAD.append(head)
    return head


def schema_is_current(engine: Engine) -> bool:
    """True when the database's ``alembic_version`` is exactly the head — one cheap query, no Alembic import."""
    head = head_revision_fast()
    if head is None:
        return False
    # A connection that cannot be made (server down, login refused) is raised as it is.
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
        except DBAPIError:  # no table yet (a new database) or not readable: the Alembic path decides
            return False
    return [r[0] for r in rows] == [head]


def upgrade(engine: Engine) -> None:
    """Bring the schema to head. Refuses a database with a revision this program does not know.

    The common case — the schema is already current — is answered by :func:`schema_is_current` without
    importing Alembic (start-up speed of the GUI and of every CLI command).
    """
    if schema_is_current(engine):
        _ensure_security(engine)
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(str(engine.url))
    script = ScriptDirectory.from_config(cfg)
    rev = current_revision(engine)
    if rev is not None and rev not in {s.revision for s in script.walk_revisions()}:
        raise SchemaTooNew(rev)
    if rev == script.get_current_head():
        _ensure_security(engine)
        return
    if rev is not None:  # an existing database: keep a copy of it as it was before the upgrade
        from sysselsattning.storage.backup import backup_now

        backup_now(engine, f"fore_uppgradering_{rev}")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Alembic's batch mode rebuilds a table (copy, DROP, rename). With foreign keys on, dropping a table
            # that others reference fails ('FOREIGN KEY constraint failed' on a database with data), so they are
            # off while the migrations run — the pragma only takes effect outside a transaction, hence on the
            # driver connection before BEGIN — and every reference is checked before the commit instead.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    # data migrations may rewrite the format of locked pay lines; the database's locking triggers
                    # let the owner do that only inside this transaction (pg_security: sf_migrating()), audited
                    conn.exec_driver_sql("SELECT set_config('sf.migrating', 'on', true)")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:  # rolls the whole upgrade back; the copy made above is untouched
                        raise RuntimeError(f"foreign key check failed after the upgrade: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    _ensure_security(engine)


def apply_security(db: Database) -> bool:
    """``sysselsattning upgrade`` on PostgreSQL: (re)apply the roles, grants, policies, triggers and functions,
    idempotently. True when applied (the connection is the tables' owner); False on SQLite or for other roles."""
    if db.engine.dialect.name != "postgresql":
        return False
    from sysselsattning.storage import pg_security

    return pg_security.ensure(db.engine, force=True)


def _ensure_security(engine: Engine) -> None:
    """PostgreSQL: roles, grants, row-level security, locking triggers and the database-written audit log
    (:mod:`sysselsattning.storage.pg_security`), applied when the owner upgrades. SQLite: nothing."""
    if engine.dialect.name != "postgresql":
        return
    from sysselsattning.storage import pg_security

    pg_security.ensure(engine)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """The ORM's session factory, with the SQLite audit hook registered (:mod:`sysselsattning.storage.audit`
    listens on every ``Session``). Imports ``sqlalchemy.orm`` and maps the classes of
    :mod:`sysselsattning.storage.orm`: done on the first unit of work, not at start (issue #17)."""
    from sqlalchemy.orm import sessionmaker

    from sysselsattning.storage import audit  # noqa: F401  (registers the audit hook)

    return sessionmaker(engine, expire_on_commit=False)


@dataclass
class Database:
    """An open database. ``engine.connect()`` gives a Core connection (the reads on the start path);
    ``unit_of_work()`` and ``read()`` an ORM session, whose factory is made on first use
    (:func:`make_session_factory`)."""

    engine: Engine
    url: str
    _factory: sessionmaker[Session] | None = field(default=None, repr=False)

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._factory is None:
            self._factory = make_session_factory(self.engine)
        return self._factory

    def prepare_orm(self) -> None:
        """Import and configure the ORM now (the login dialog does this while it waits for the password), so
        that the first unit of work does not pay for it."""
        from sqlalchemy.orm import configure_mappers

        _ = self.session_factory
        configure_mappers()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit at the end, roll back on any exception."""
        with self.session_factory() as session, session.begin():
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        u = make_url(self.url)
        if u.get_backend_name() == "sqlite":
            return u.database or ":memory:"
        return u.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


class Stale(Exception):
    """The row changed or disappeared since the user loaded it (a version mismatch in the UPDATE or DELETE).
    The query modules raise it (``registry.Stale``, ``timesheet.Stale`` name this class); the services turn it
    into ``ConflictError`` with the fresh row."""


def flush_versioned(session: Session) -> None:
    """Flush, turning a concurrent change (the ORM's ``StaleDataError``) into :class:`Stale`."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        session.flush()
    except StaleDataError:
        raise Stale from None


def hold(session: Session, objects: Iterable[object]) -> None:
    """Keep ORM objects loaded for the rest of ``session`` (its identity map holds them only weakly). A query
    function that returns frozen rows calls this when the service will write the same rows in the same unit of
    work: the write finds them without a second SELECT and flushes against the version first read."""
    session.info.setdefault("held", []).extend(objects)


def with_user(url: str, username: str | None) -> str:
    """*url* connecting as *username* (PostgreSQL; the password is never put in the URL)."""
    if not username:
        return url
    return make_url(url).set(username=username, password=None).render_as_string(hide_password=False)


def open_database(
    url: str | None = None, *, migrate: bool = True, username: str | None = None, password: str | None = None
) -> Database:
    url = with_user(resolve_url(url), username)
    engine = make_engine(url, password=password)
    if migrate:
        upgrade(engine)
    return Database(engine=engine, url=url)


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()
