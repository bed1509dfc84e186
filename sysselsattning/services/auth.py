"""Passwords and login (docs/architecture.md §9).

Passwords are hashed with scrypt (``hashlib.scrypt``, a memory-hard function; RFC 7914) with a random
16-byte salt per user and the cost parameters n=2**17, r=8, p=1 (OWASP's password storage cheat sheet, 2023:
128 MiB per hash; 1.1 s measured on the shared test machine). The stored string describes itself, so older, cheaper hashes
still verify and are rehashed at the next successful login::

    scrypt$131072$8$1$<salt base64>$<hash base64>

Comparison is constant-time (:func:`hmac.compare_digest`). After :data:`MAX_FAILED` failed attempts in a row
an account is locked for :data:`LOCKOUT` — except an administrator's, which only gets a pause of
:data:`ADMIN_DELAY` before the next attempt, so that nobody can lock the administrators out (and so out of
unlocking everyone else). A successful login resets the counter. Every login, failed login and lockout
writes an explicit audit row. This is the SQLite login; on PostgreSQL logging in is connecting, and the
server checks the password (see docs/postgresql.md for its brute-force delay, ``auth_delay``).

No password is ever stored in plain text, logged or put in the audit log (storage/audit.py masks
``password_hash``). There is no default password: the first start asks for the first administrator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sysselsattning.i18n import _

#: OWASP's current scrypt cost (2**17 with r=8: 128 MiB per hash).
OWASP_SCRYPT_N = 2**17
SCRYPT_N = OWASP_SCRYPT_N
#: The largest cost accepted from a stored hash (a tampered hash must not make a login use gigabytes).
MAX_SCRYPT_N = 2**18
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_LENGTH = 10
MAX_FAILED = 5
LOCKOUT = timedelta(minutes=15)
ADMIN_DELAY = timedelta(seconds=30)

#: A hash of a random password, verified when the user does not exist so that a wrong user name takes
#: as long as a wrong password (no user-name probing by timing).
_DUMMY_HASH: str | None = None


class AuthError(Exception):
    """Login refused. ``message`` is Swedish (or English) and safe to show; ``code`` is machine-readable."""

    def __init__(self, code: str, message: str, locked_until: datetime | None = None):
        self.code = code
        self.message = message
        self.locked_until = locked_until
        super().__init__(message)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _maxmem(n: int, r: int) -> int:
    """scrypt needs 128·n·r bytes; OpenSSL's default limit (32 MiB) is too small for n=2**17."""
    return 256 * n * r + 1024 * 1024


def hash_password(
    password: str, *, n: int | None = None, r: int = SCRYPT_R, p: int = SCRYPT_P, salt: bytes | None = None
) -> str:
    """Hash *password* with scrypt and a fresh salt; returns the self-describing hash string."""
    n = n or SCRYPT_N
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=_maxmem(n, r))
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True if *password* matches *stored*; False for a wrong password or an unreadable hash."""
    try:
        scheme, n_s, r_s, p_s, salt_s, key_s = stored.split("$")
        if scheme != "scrypt":
            return False
        n, r, p = int(n_s), int(r_s), int(p_s)
        salt, expected = base64.b64decode(salt_s, validate=True), base64.b64decode(key_s, validate=True)
        # bounded so that a tampered hash cannot make a login use gigabytes of memory (128·r·n bytes)
        if not (1 < n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 0 < r <= 16 and 0 < p <= 4 and expected):
            return False
        key = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=_maxmem(n, r)
        )
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(key, expected)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$")


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(16))
    return _DUMMY_HASH


@dataclass(frozen=True, slots=True)
class Identity:
    """Who logged in: what an :class:`~sysselsattning.services.context.AppContext` needs."""

    user_id: int
    username: str
    full_name: str
    role: str
    organisation_ids: (
        frozenset[int] | None
    )  # None = not limited to organisations (administrator, granskare, handläggare)


def format_lock_time(locked_until_utc: datetime) -> str:
    """Local wall-clock time ``HH:MM`` of a UTC lock end, for the message."""
    local = locked_until_utc.replace(tzinfo=UTC).astimezone()
    return local.strftime("%H:%M")


def _identity(session, user) -> Identity:
    from sysselsattning.storage.queries.users import user_organisation_ids

    orgs: frozenset[int] | None = None
    if user.role == "samordnare":
        orgs = user_organisation_ids(session, user.id)
    return Identity(user.id, user.username, user.full_name, user.role, orgs)


def authenticate(db, username: str, password: str, *, now: datetime | None = None) -> Identity:
    """Check a user name and password; raise :class:`AuthError` with a Swedish message when refused.

    Failed attempts are counted (and committed) even though the login fails; the fifth locks the account
    for :data:`LOCKOUT`. Audit rows: ``login``, ``login_failed``, ``lockout``.
    """
    from sysselsattning.services.context import system_clock
    from sysselsattning.storage import audit
    from sysselsattning.storage.db import current_user
    from sysselsattning.storage.queries.users import password_hash, update_user, user_by_name
    from sysselsattning.storage.tables import db_time

    now = db_time(now or system_clock())  # the lockout times are stored as UTC without a zone
    name = (username or "").strip().lower()
    error: AuthError | None = None
    identity: Identity | None = None
    token = current_user.set(name or "?")
    try:
        with db.unit_of_work() as s:
            # FOR UPDATE (PostgreSQL; SQLite's unit of work already holds the write lock): simultaneous logins
            # to the same account from two workstations are counted one after the other, never lost.
            user = user_by_name(s, name, for_update=True)
            if user is None:
                verify_password(password, _dummy_hash())
                audit.record(s, "login_failed", "users", "", detail=f"okänd användare {name[:64]}")
                error = AuthError("wrong", _("Fel användarnamn eller lösenord."))
            elif not user.active:
                verify_password(password, _dummy_hash())
                audit.record(s, "login_failed", "users", user.id, detail="kontot är avaktiverat")
                error = AuthError("inactive", _("Kontot är avaktiverat. Kontakta en administratör."))
            elif user.locked_until is not None and user.locked_until > now and user.role == "administrator":
                audit.record(s, "login_failed", "users", user.id, detail="paus efter felaktiga försök")
                error = AuthError(
                    "delay",
                    _("Vänta {seconds} sekunder innan du försöker igen.").format(
                        seconds=max(1, int((user.locked_until - now).total_seconds()))
                    ),
                    user.locked_until,
                )
            elif user.locked_until is not None and user.locked_until > now:
                audit.record(s, "login_failed", "users", user.id, detail="kontot är låst")
                error = AuthError(
                    "locked",
                    _("Kontot är låst efter för många felaktiga försök. Försök igen efter kl. {time}.").format(
                        time=format_lock_time(user.locked_until)
                    ),
                    user.locked_until,
                )
            elif not verify_password(password, stored := password_hash(s, user.id)):
                user = update_user(s, user.id, failed_logins=user.failed_logins + 1)
                if user.failed_logins >= MAX_FAILED and user.role == "administrator":
                    # never a lockout for an administrator: a pause, so guessing stays slow but nobody can keep
                    # the administrators (who unlock everyone else) out
                    user = update_user(s, user.id, locked_until=now + ADMIN_DELAY)
                    audit.record(
                        s,
                        "login_delay",
                        "users",
                        user.id,
                        detail=f"{user.failed_logins} felaktiga försök, paus till {user.locked_until:%H:%M:%S} UTC",
                    )
                    error = AuthError(
                        "delay",
                        _("Fel lösenord. Vänta {seconds} sekunder innan du försöker igen.").format(
                            seconds=int(ADMIN_DELAY.total_seconds())
                        ),
                        user.locked_until,
                    )
                elif user.failed_logins >= MAX_FAILED:
                    user = update_user(s, user.id, locked_until=now + LOCKOUT, failed_logins=0)
                    audit.record(
                        s,
                        "lockout",
                        "users",
                        user.id,
                        detail=f"{MAX_FAILED} felaktiga försök, låst till {user.locked_until:%Y-%m-%d %H:%M} UTC",
                    )
                    error = AuthError(
                        "locked",
                        _("Fel lösenord. Kontot är nu låst i {minutes} minuter (till kl. {time}).").format(
                            minutes=int(LOCKOUT.total_seconds() // 60), time=format_lock_time(user.locked_until)
                        ),
                        user.locked_until,
                    )
                else:
                    audit.record(s, "login_failed", "users", user.id, detail=f"fel lösenord ({user.failed_logins})")
                    error = AuthError("wrong", _("Fel användarnamn eller lösenord."))
            else:
                if user.failed_logins or user.locked_until is not None:
                    user = update_user(s, user.id, failed_logins=0, locked_until=None)
                if needs_rehash(stored):
                    user = update_user(s, user.id, password_hash=hash_password(password))
                audit.record(s, "login", "users", user.id, detail=f"inloggning ({user.role})")
                identity = _identity(s, user)
    finally:
        current_user.reset(token)
    if error is not None:
        raise error
    assert identity is not None
    return identity


def context_for(ctx, identity: Identity):
    """A copy of *ctx* acting as *identity* (the audit log records this user from now on)."""
    new = replace(
        ctx,
        username=identity.username,
        role=identity.role,
        user_id=identity.user_id,
        organisation_ids=identity.organisation_ids,
    )
    new.act()
    return new


def login_context(ctx, username: str, password: str, *, now: datetime | None = None):
    """Log in and return an :class:`AppContext` for the user (role, user_id, organisation_ids). PostgreSQL:
    connect as the person (a new database connection in the returned context)."""
    if not ctx.db.is_sqlite:
        return login_postgres(ctx, username, password)
    return context_for(ctx, authenticate(ctx.db, username, password, now=now or ctx.now()))


def identity_for(db, username: str) -> Identity | None:
    """The identity of an existing, active user without a password (trusted local CLI ``--user``)."""
    from sysselsattning.storage.queries.users import user_by_name

    with db.read() as s:
        user = user_by_name(s, username.strip().lower())
        if user is None or not user.active:
            return None
        return _identity(s, user)


# ------------------------------------------------------------------------------------------ PostgreSQL
# Logging in is connecting: each person is a PostgreSQL login role and the database enforces the role
# (storage/pg_security.py). The program's identity is session_user; there is no shared application login and
# no "system" administrator.


def is_postgres_url(url: str | None) -> bool:
    from sysselsattning.storage.db import resolve_url

    return resolve_url(url).startswith("postgresql")


def _auth_error(exc: BaseException) -> AuthError | None:
    """The Swedish login message for a refused connection, or None when it is not a login problem."""
    text = str(getattr(exc, "orig", None) or exc)
    if "no password supplied" in text or "fe_sendauth" in text:
        return AuthError("password_needed", _("Lösenord behövs för att logga in."))
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        return AuthError("wrong", _("Fel användarnamn eller lösenord."))
    if "not permitted to log in" in text:
        return AuthError("inactive", _("Kontot är avaktiverat. Kontakta en administratör."))
    if "GSSAPI" in text or "Kerberos" in text:
        return AuthError(
            "gssapi",
            _("Inloggningen med Windows-kontot (Kerberos) misslyckades: {detail}").format(
                detail=text.splitlines()[0] if text else ""
            ),
        )
    return None


def connect(url: str | None, username: str | None = None, password: str | None = None):
    """Open the PostgreSQL database as a person (``username``/``password``; None = the URL's user and libpq's
    own sources: PGPASSWORD, the pgpass file, Kerberos). Raises :class:`AuthError` when the server refuses
    the login; other connection problems are raised as they are."""
    from sysselsattning.storage.db import Unreachable, open_database

    try:
        return open_database(url, username=(username or "").strip().lower() or None, password=password or None)
    except Unreachable as exc:  # the server's refusal arrives as the driver's OperationalError
        error = _auth_error(exc)
        if error is not None:
            raise error from None
        raise


def os_account() -> str:
    """The operating-system account running the program (SQLite's command-line identity)."""
    from sysselsattning.storage.audit import os_account as account

    return account()


def default_pg_user(url: str | None) -> str:
    """The user libpq connects as: the URL's, else PGUSER, else the operating-system account."""
    import os

    from sysselsattning.storage.db import resolve_url, url_username

    return url_username(resolve_url(url)) or os.environ.get("PGUSER") or os_account()


def context_on(db, identity: Identity, *, today=None):
    """A fresh :class:`AppContext` acting as *identity* on *db*."""
    from sysselsattning.services.context import AppContext

    ctx = AppContext(
        db=db,
        username=identity.username,
        role=identity.role,
        user_id=identity.user_id or None,
        organisation_ids=identity.organisation_ids,
        today=today,
    )
    ctx.act()
    return ctx


def session_identity(db) -> Identity:
    """Who the connection is: the program's account named like ``session_user``. The tables' owner (IT, for
    ``upgrade`` and the first administrator) acts as an administrator under its own name."""
    from sysselsattning.storage.queries.users import owns_tables, session_user, user_by_name

    with db.read() as s:
        who = session_user(s)
        user = user_by_name(s, who, active_only=True)
        if user is not None:
            return _identity(s, user)
        owner = owns_tables(s)
    if owner:
        return Identity(0, who, who, "administrator", None)
    raise AuthError(
        "no_account",
        _("Databasanvändaren {name} har inget aktivt konto i programmet. Kontakta en administratör.").format(name=who),
    )


def login_postgres(ctx, username: str | None, password: str | None):
    """Connect as the person and return an :class:`AppContext` on that connection (the audit log records the
    login with the server's session_user). The old context's database is left to the caller."""
    from sysselsattning.storage import audit

    db = connect(ctx.db.url, username, password)
    try:
        identity = session_identity(db)
        with db.unit_of_work() as s:
            audit.record(s, "login", "users", identity.user_id or "", detail=f"inloggning ({identity.role})")
    except Exception:
        db.dispose()
        raise
    new = replace(
        ctx,
        db=db,
        username=identity.username,
        role=identity.role,
        user_id=identity.user_id or None,
        organisation_ids=identity.organisation_ids,
        _params=None,
    )
    new.act()
    return new
