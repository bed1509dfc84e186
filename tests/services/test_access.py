"""Who may do what (design.md §9), tested on access.py itself and through the services (service layer)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sysselsattning.services import access
from sysselsattning.services.access import AccessDenied, can, require, sees_full_pnr
from sysselsattning.services.context import AppContext

PW = "langt-losenord-1"


def _ctx(role, user_id=7, orgs=None):
    return AppContext(
        db=None, username="u", role=role, user_id=user_id, organisation_ids=orgs, today=date(2026, 11, 23)
    )


# --------------------------------------------------------------------------------------- access.py
@pytest.mark.parametrize(
    "perm",
    sorted(
        {p for ps in access.PERMISSIONS.values() for p in ps if p != "*"}
        | {"users.write", "parameters.write", "retention", "settings.write"}
    ),
)
def test_administrator_may_do_everything(perm):
    assert can(_ctx("administrator"), perm, organisation_id=99, caseworker_id=123)


@pytest.mark.parametrize("perm", ["users.write", "users.read", "parameters.write", "settings.write", "retention"])
@pytest.mark.parametrize("role", ["samordnare", "handlaggare", "granskare"])
def test_only_administrators_manage_users_parameters_and_retention(role, perm):
    assert not can(_ctx(role, orgs=frozenset({1})), perm)


def test_samordnare_is_scoped_to_own_organisations():
    c = _ctx("samordnare", orgs=frozenset({1, 2}))
    assert can(c, "participants.write", organisation_id=1) and can(c, "payroll.approve", organisation_id=2)
    assert not can(c, "participants.write", organisation_id=3)
    assert not can(c, "registry.read", organisation_id=3)
    with pytest.raises(AccessDenied) as e:
        require(c, "payroll.approve", organisation_id=3)
    assert "samordnare" in str(e.value)
    assert not can(c, "audit.read") and not can(c, "users.write")


def test_handlaggare_reads_only_assigned_and_runs_no_pay():
    c = _ctx("handlaggare", user_id=7)
    assert can(c, "participants.read", caseworker_id=7)
    assert not can(c, "participants.read", caseworker_id=8)
    for perm in ("payroll.run", "payroll.approve", "participants.write", "time.write", "export", "registry.write"):
        assert not can(c, perm), perm
    assert can(c, "simulate") and can(c, "income_report")
    assert not can(_ctx("handlaggare", user_id=None), "participants.read", caseworker_id=7)


def test_granskare_reads_but_never_writes():
    c = _ctx("granskare")
    assert can(c, "audit.read") and can(c, "reports.read") and can(c, "payroll.read")
    writes = {
        p
        for ps in access.PERMISSIONS.values()
        for p in ps
        if any(w in p for w in ("write", "run", "approve", "pay", "import", "export"))
    }
    assert writes and not any(can(c, p) for p in writes if p != "payroll.read")


def test_unknown_role_may_nothing():
    assert not can(_ctx("chef"), "participants.read")


def test_personnummer_masking_roles():
    assert sees_full_pnr(_ctx("administrator")) and sees_full_pnr(_ctx("handlaggare"))
    assert not sees_full_pnr(_ctx("granskare")) and not sees_full_pnr(_ctx("samordnare"))


# ------------------------------------------------------------------------------------ service layer
@pytest.fixture
def world(ctx):
    """Two associations A and B with a participant each; users of every role; a caseworker for A's person."""
    from sysselsattning.services import registry as reg
    from sysselsattning.services import users
    from sysselsattning.services.auth import login_context
    from tests.services.registry_helpers import participant, setup_task

    users.create_first_admin(ctx.db, "admin", "Ada Admin", PW, PW)
    admin = login_context(ctx, "admin", PW)
    org_a, ws_a, task_a = setup_task(admin, org_name="Förening A", org_base="802400123", ws_name="Verkstad A")
    org_b, ws_b, task_b = setup_task(admin, org_name="Förening B", org_base="802400124", ws_name="Verkstad B")
    hans = users.create_user(admin, "hans", "Hans Handläggare", "handlaggare", PW)
    users.create_user(admin, "sam", "Sam A", "samordnare", PW, organisation_ids=[org_a.id])
    users.create_user(admin, "gun", "Gun Granskare", "granskare", PW)
    pa = participant(admin, "Anna", "A", organisation_id=org_a.id, caseworker_id=hans.id)
    pb = participant(admin, "Bo", "B", yymmdd="790101", organisation_id=org_b.id)
    ctxs = {n: login_context(ctx, n, PW) for n in ("admin", "hans", "sam", "gun")}
    return {
        "reg": reg,
        "ctx": ctxs,
        "org_a": org_a,
        "org_b": org_b,
        "ws_a": ws_a,
        "ws_b": ws_b,
        "pa": pa,
        "pb": pb,
        "task_a": task_a,
        "task_b": task_b,
    }


def test_samordnare_cannot_read_or_change_other_association(world):
    reg, sam = world["reg"], world["ctx"]["sam"]
    names = {p.first_name for p in reg.list_participants(sam)}
    assert names == {"Anna"}
    assert {w.name for w in reg.list_worksites(sam)} == {"Verkstad A"}
    with pytest.raises(AccessDenied):
        reg.get_participant(sam, world["pb"].id)
    with pytest.raises(AccessDenied):
        reg.save_worksite(
            sam,
            reg.WorksiteInput(organisation_id=world["org_b"].id, name="Kapad"),
            worksite_id=world["ws_b"].id,
            version=world["ws_b"].version,
        )
    with pytest.raises(AccessDenied):
        reg.save_worksite(sam, reg.WorksiteInput(organisation_id=world["org_b"].id, name="Ny i B"))
    b = reg.get_participant(world["ctx"]["admin"], world["pb"].id)
    fields = {f: getattr(b, f) for f in reg.ParticipantInput.__dataclass_fields__ if hasattr(b, f)}
    with pytest.raises(AccessDenied):
        reg.save_participant(
            sam, replace(reg.ParticipantInput(**fields), phone="070-1"), participant_id=b.id, version=b.version
        )
    # their own association works
    reg.save_worksite(sam, reg.WorksiteInput(organisation_id=world["org_a"].id, name="Ny i A"))


def test_handlaggare_sees_only_assigned_participants_and_runs_no_pay(world):
    from sysselsattning.services import payroll

    reg, hans = world["reg"], world["ctx"]["hans"]
    rows = reg.list_participants(hans)
    assert [p.first_name for p in rows] == ["Anna"]
    assert "****" not in reg.get_participant(hans, world["pa"].id).personnummer  # full number for their own
    with pytest.raises(AccessDenied):
        reg.get_participant(hans, world["pb"].id)
    with pytest.raises(AccessDenied):
        payroll.compute_run(hans, "2026-10")
    with pytest.raises(AccessDenied):
        payroll.approve_run(hans, "2026-10", confirm_past_pay_date=True)


def test_granskare_cannot_write(world):
    from sysselsattning.services import payroll, timesheets

    reg, gun = world["reg"], world["ctx"]["gun"]
    with pytest.raises(AccessDenied):
        reg.save_organisation(gun, reg.OrganisationInput(name="X", orgnr="802400-1254"))
    with pytest.raises(AccessDenied):
        reg.save_participant(gun, reg.ParticipantInput(personnummer="19850412-9807", first_name="X", last_name="Y"))
    with pytest.raises(AccessDenied):
        timesheets.add_entry(
            gun,
            timesheets.EntryInput(
                participant_id=world["pa"].id,
                task_id=world["task_a"].id,
                work_date=date(2026, 10, 5),
                quantity_hundredths=100,
            ),
        )
    with pytest.raises(AccessDenied):
        payroll.compute_run(gun, "2026-10")
    # … but reads the audit log, with masked personnummer elsewhere
    from sysselsattning.services.audit_log import list_audit

    assert list_audit(gun, limit=5)
    with pytest.raises(AccessDenied):
        list_audit(world["ctx"]["sam"])


def test_samordnare_pays_only_own_association(world):
    from sysselsattning.services import payroll

    sam = world["ctx"]["sam"]
    with pytest.raises(AccessDenied):
        payroll.approve_run(sam, "2026-W40", world["org_b"].id, confirm_past_pay_date=True)
