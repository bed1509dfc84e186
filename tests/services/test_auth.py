"""Passwords (scrypt), login, lockout and the first administrator."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.services import auth, users
from sysselsattning.services.auth import AuthError, hash_password, login_context, verify_password
from sysselsattning.services.errors import StateError
from sysselsattning.storage.orm import AuditEntry, User

PW = "rätt häst batteri"


def test_hash_is_self_describing_salted_and_verifies():
    h1, h2 = hash_password(PW), hash_password(PW)
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2  # per-user salt
    assert verify_password(PW, h1) and verify_password(PW, h2)
    assert not verify_password(PW + "x", h1)
    assert (
        not verify_password(PW, "")
        and not verify_password(PW, "md5$abc")
        and not verify_password(PW, "scrypt$x$y$z$a$b")
    )
    # old parameters still verify (self-describing), and are flagged for rehash
    weak = hash_password(PW, n=2**10)
    assert verify_password(PW, weak) and auth.needs_rehash(weak) and not auth.needs_rehash(h1)


def test_first_admin_only_when_no_users(ctx):
    assert not users.has_users(ctx.db)
    with pytest.raises(ValidationFailed) as e:
        users.create_first_admin(ctx.db, "anna", "Anna A", "kort", "kort")
    assert [p.code for p in e.value.problems] == ["password_short"]
    with pytest.raises(ValidationFailed) as e:
        users.create_first_admin(ctx.db, "anna", "Anna A", "långtlösenord1", "långtlösenord2")
    assert [p.code for p in e.value.problems] == ["password_mismatch"]
    ident = users.create_first_admin(ctx.db, "Anna", "Anna A", PW, PW)
    assert ident.role == "administrator" and ident.username == "anna"
    with pytest.raises(StateError):
        users.create_first_admin(ctx.db, "bertil", "B", PW, PW)
    with ctx.db.read() as s:
        u = s.scalars(select(User)).one()
        assert PW not in u.password_hash and u.password_hash.startswith("scrypt$")
        actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "users"))]
        after = " ".join(a.after_json for a in s.scalars(select(AuditEntry)))
    assert "first_admin" in actions and "insert" in actions
    assert "scrypt$" not in after  # the hash never reaches the audit log


def test_login_returns_context_and_audits(any_ctx):
    users.create_first_admin(any_ctx.db, "anna", "Anna A", PW, PW)
    c = login_context(any_ctx, "ANNA ", PW)
    assert (c.username, c.role, c.organisation_ids) == ("anna", "administrator", None) and c.user_id
    with any_ctx.db.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "login")).all()
    assert len(rows) == 1 and rows[0].username == "anna"


def test_samordnare_login_carries_organisations(ctx):
    from sysselsattning.storage.orm import Organisation

    with ctx.db.unit_of_work() as s:
        a = Organisation(name="Verdandi", orgnr="802003-4518")
        b = Organisation(name="Fontänhuset", orgnr="802426-1596")
        s.add_all([a, b])
        s.flush()
        aid = a.id
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    admin = login_context(ctx, "anna", PW)
    users.create_user(admin, "sam", "Sam Ordnare", "samordnare", PW, organisation_ids=[aid])
    c = login_context(ctx, "sam", PW)
    assert c.role == "samordnare" and c.organisation_ids == frozenset({aid})


def test_wrong_password_and_lockout_after_five(ctx):
    """SQLite's login (on PostgreSQL the server checks the password: tests/storage/test_pg_security.py)."""
    any_ctx = ctx
    users.create_first_admin(any_ctx.db, "admin", "Admin", PW, PW)
    admin = login_context(any_ctx, "admin", PW)
    users.create_user(admin, "anna", "Anna", "granskare", PW)
    now = datetime(2026, 11, 23, 10, 0)
    for _attempt in range(4):
        with pytest.raises(AuthError) as e:
            login_context(any_ctx, "anna", "fel", now=now)
        assert e.value.code == "wrong" and e.value.message == "Fel användarnamn eller lösenord."
    with pytest.raises(AuthError) as e:
        login_context(any_ctx, "anna", "fel", now=now)
    assert e.value.code == "locked" and "låst i 15 minuter" in e.value.message
    assert e.value.locked_until == now + timedelta(minutes=15)
    # even the right password is refused while locked, with the time in the message
    with pytest.raises(AuthError) as e:
        login_context(any_ctx, "anna", PW, now=now + timedelta(minutes=14))
    assert e.value.code == "locked" and "Försök igen efter kl." in e.value.message
    # after 15 minutes it works again and the counter is reset
    c = login_context(any_ctx, "anna", PW, now=now + timedelta(minutes=16))
    assert c.role == "granskare"
    with any_ctx.db.read() as s:
        u = s.scalars(select(User).where(User.username == "anna")).one()
        assert u.failed_logins == 0 and u.locked_until is None
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("login_failed") == 5 and actions.count("lockout") == 1 and actions.count("login") == 2


def test_nobody_can_lock_an_administrator_out(ctx):
    """Finding 13: six wrong passwords for the administrator give a 30-second pause, never a lockout."""
    users.create_first_admin(ctx.db, "admin1", "Admin", PW, PW)
    now = datetime(2026, 11, 23, 10, 0)
    for i in range(6):
        with pytest.raises(AuthError) as e:
            login_context(ctx, "admin1", "fel", now=now + timedelta(seconds=31 * i))
    assert e.value.code == "delay" and "30 sekunder" in e.value.message
    with pytest.raises(AuthError) as e:  # during the pause even the right password waits
        login_context(ctx, "admin1", PW, now=now + timedelta(seconds=31 * 5 + 10))
    assert e.value.code == "delay"
    c = login_context(ctx, "admin1", PW, now=now + timedelta(seconds=31 * 5 + 31))
    assert c.role == "administrator"


def test_owasp_cost_and_rehash_at_next_login(ctx, monkeypatch):
    """Finding-adjacent (#15): scrypt at n=2**17 (OWASP); an older 2**14 hash is rehashed at the next login."""
    from sysselsattning.services import auth

    assert auth.OWASP_SCRYPT_N == 2**17
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)  # at the suite's cheap cost 2**14
    monkeypatch.setattr(auth, "SCRYPT_N", auth.OWASP_SCRYPT_N)
    login_context(ctx, "anna", PW)
    with ctx.db.read() as s:
        stored = s.scalars(select(User)).one().password_hash
    assert stored.startswith("scrypt$131072$8$1$") and verify_password(PW, stored)
    assert not verify_password("fel", stored)


def test_unknown_user_and_deactivated_user(ctx):
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    admin = login_context(ctx, "anna", PW)
    with pytest.raises(AuthError) as e:
        login_context(ctx, "okand", PW)
    assert e.value.message == "Fel användarnamn eller lösenord."  # does not reveal that the user is unknown
    g = users.create_user(admin, "gran", "Gun Granskare", "granskare", PW)
    users.set_active(admin, g.id, False, version=g.version)
    with pytest.raises(AuthError) as e:
        login_context(ctx, "gran", PW)
    assert e.value.code == "inactive" and "avaktiverat" in e.value.message


def test_rehash_on_login(ctx):
    users.create_first_admin(ctx.db, "anna", "Anna", PW, PW)
    with ctx.db.unit_of_work() as s:
        s.scalars(select(User)).one().password_hash = hash_password(PW, n=2**10)
    login_context(ctx, "anna", PW)
    with ctx.db.read() as s:
        assert s.scalars(select(User)).one().password_hash.startswith("scrypt$16384$")


def test_simultaneous_failed_logins_are_all_counted(any_url):
    """Five workstations try a wrong password at the same moment: all five count, the account locks."""
    import threading

    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database

    dbs = [open_database(any_url) for _ in range(5)]
    try:
        # a granskare: an administrator's account is never locked, only paused (finding 13)
        users.create_user(AppContext(db=dbs[0]), "anna", "Anna", "granskare", PW)
        barrier = threading.Barrier(5)
        results: list[object] = []

        def attempt(db):
            barrier.wait(10)
            try:
                auth.authenticate(db, "anna", "fel")
            except Exception as exc:  # noqa: BLE001
                results.append(exc)

        ts = [threading.Thread(target=attempt, args=(d,)) for d in dbs]
        [t.start() for t in ts]
        [t.join(60) for t in ts]
        assert len(results) == 5 and all(isinstance(r, AuthError) for r in results), results
        assert sorted(r.code for r in results) == ["locked", "wrong", "wrong", "wrong", "wrong"]
        with pytest.raises(AuthError) as e:
            auth.authenticate(dbs[0], "anna", PW)
        assert e.value.code == "locked"
    finally:
        [d.dispose() for d in dbs]
