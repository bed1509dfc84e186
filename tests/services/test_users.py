"""Managing accounts: only administrators, validation at the field, last administrator protected."""

from __future__ import annotations

import pytest

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.i18n.messages import problem_text
from sysselsattning.services import users
from sysselsattning.services.access import AccessDenied
from sysselsattning.services.auth import login_context
from sysselsattning.services.errors import ConflictError, StateError

PW = "rätt häst batteri"


@pytest.fixture
def admin(ctx):
    users.create_first_admin(ctx.db, "anna", "Anna Admin", PW, PW)
    return login_context(ctx, "anna", PW)


def _org(ctx, name="Verdandi", orgnr="802003-4518") -> int:
    from sysselsattning.storage.orm import Organisation

    with ctx.db.unit_of_work() as s:
        o = Organisation(name=name, orgnr=orgnr)
        s.add(o)
        s.flush()
        return o.id


def test_create_and_list(admin):
    oid = _org(admin)
    users.create_user(admin, "hans", "Hans Handläggare", "handlaggare", PW)
    users.create_user(admin, "sam", "Sam", "samordnare", PW, organisation_ids=[oid])
    rows = users.list_users(admin)
    assert [(u.username, u.role) for u in rows] == [
        ("anna", "administrator"),
        ("hans", "handlaggare"),
        ("sam", "samordnare"),
    ]
    assert rows[2].organisation_names == ("Verdandi",)


def test_validation_messages_are_swedish(admin):
    with pytest.raises(ValidationFailed) as e:
        users.create_user(admin, "Å ö!", "", "chef", "kort", password2="annat")
    texts = {p.field: problem_text(p) for p in e.value.problems}
    assert texts["username"].startswith("Användarnamnet får bara")
    assert texts["role"].startswith("Okänd roll chef")
    assert texts["password"] == "Lösenordet måste vara minst 10 tecken."
    assert texts["password2"] == "Lösenorden är inte lika."
    with pytest.raises(ValidationFailed) as e:
        users.create_user(admin, "sam", "", "samordnare", PW)
    assert problem_text(e.value.problems[0]) == "En samordnare måste ha minst en förening."
    with pytest.raises(ValidationFailed) as e:
        users.create_user(admin, "anna", "", "granskare", PW)
    assert problem_text(e.value.problems[0]) == "Användarnamnet anna är upptaget."


def test_only_administrators_manage_users(admin):
    users.create_user(admin, "gun", "Gun", "granskare", PW)
    gun = login_context(admin, "gun", PW)
    with pytest.raises(AccessDenied):
        users.create_user(gun, "x1", "", "administrator", PW)
    with pytest.raises(AccessDenied):
        users.list_users(gun)
    with pytest.raises(AccessDenied):
        users.set_active(gun, admin.user_id, False)
    with pytest.raises(AccessDenied):
        users.set_password(gun, admin.user_id, "nyttlösenord123")
    users.set_password(gun, gun.user_id, "nyttlösenord123")  # own password is allowed
    assert login_context(admin, "gun", "nyttlösenord123").role == "granskare"


def test_last_admin_and_self_protected(admin):
    with pytest.raises(StateError):
        users.set_active(admin, admin.user_id, False)
    with pytest.raises(StateError):
        users.set_role(admin, admin.user_id, "granskare")


def test_stale_version_is_a_conflict(admin):
    u = users.create_user(admin, "gun", "Gun", "granskare", PW)
    users.set_active(admin, u.id, False, version=u.version)
    with pytest.raises(ConflictError) as e:
        users.set_active(admin, u.id, True, version=u.version)
    assert e.value.current.active is False


def test_set_role_and_orgnr_lookup(admin):
    oid = _org(admin)
    u = users.create_user(admin, "gun", "Gun", "granskare", PW)
    assert users.organisation_ids_by_orgnr(admin, ["8020034518"]) == [oid]
    with pytest.raises(ValidationFailed):
        users.organisation_ids_by_orgnr(admin, ["556000-0000"])
    u2 = users.set_role(admin, u.id, "samordnare", [oid])
    assert u2.role == "samordnare" and u2.organisation_ids == (oid,)


def test_two_first_starts_at_once_create_one_administrator(any_url):
    import threading

    from sysselsattning.storage.db import open_database

    dbs = [open_database(any_url) for _ in range(2)]
    out: list[object] = []
    barrier = threading.Barrier(2)

    def first(db, name):
        barrier.wait(10)
        try:
            out.append(users.create_first_admin(db, name, name, PW, PW))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)

    ts = [threading.Thread(target=first, args=(d, n)) for d, n in zip(dbs, ("anna", "bertil"), strict=True)]
    [t.start() for t in ts]
    [t.join(30) for t in ts]
    try:
        assert sum(isinstance(o, StateError) for o in out) == 1, out
        from sqlalchemy import func, select

        from sysselsattning.storage.orm import User

        with dbs[0].read() as s:
            assert s.scalar(select(func.count()).select_from(User)) == 1
    finally:
        [d.dispose() for d in dbs]
