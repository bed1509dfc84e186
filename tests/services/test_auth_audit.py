"""Audit rows for every kind of change (insert, update, delete, approve, export, login, override), and the
log as a granskare sees it (personnummer masked)."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.services import users
from sysselsattning.services.audit_log import list_audit
from sysselsattning.services.auth import login_context

PW = "langt-losenord-1"


@pytest.fixture
def admin(any_ctx):
    users.create_first_admin(any_ctx.db, "anna", "Anna", PW, PW)
    return login_context(any_ctx, "anna", PW)


def test_every_kind_of_change_is_audited(admin, tmp_path):
    from sysselsattning.services import payroll, timesheets
    from sysselsattning.services import registry as reg
    from sysselsattning.services.parameters import set_override
    from tests.services.registry_helpers import participant, setup_task

    _org, _ws, task = setup_task(admin)
    p = participant(admin, "Åsa", "Öberg", organisation_id=_org.id)  # never without an association (#15)
    detail = reg.get_participant(admin, p.id)
    fields = {f: getattr(detail, f) for f in reg.ParticipantInput.__dataclass_fields__ if hasattr(detail, f)}
    from dataclasses import replace

    reg.save_participant(
        admin, replace(reg.ParticipantInput(**fields), phone="070-123"), participant_id=p.id, version=detail.version
    )
    rate = reg.list_rates(admin, task.id)[0]
    reg.add_rate(admin, task.id, date(2027, 1, 1), "60")
    extra = next(r for r in reg.list_rates(admin, task.id) if r.id != rate.id)
    reg.delete_rate(admin, extra.id)
    timesheets.add_entry(
        admin,
        timesheets.EntryInput(
            participant_id=p.id, task_id=task.id, work_date=date(2026, 10, 5), quantity_hundredths=200
        ),
    )
    payroll.compute_run(admin, "2026-10")
    payroll.approve_run(admin, "2026-10", confirm_past_pay_date=True)
    set_override(admin, "frikort.tak", date(2027, 1, 1), "21000", "beslut")
    from sysselsattning.services import exports

    exports.export_sie(admin, 2026, tmp_path / "bok.se")
    rows = list_audit(admin)
    assert [r for r in rows if r.action == "export" and r.table == "sie"]
    actions = {r.action for r in rows}
    assert {"insert", "update", "delete", "login", "first_admin", "compute", "approve", "override"} <= actions
    upd = [r for r in rows if r.action == "update" and r.table == "participants"]
    assert upd and upd[-1].before["phone"] == "" and upd[-1].after["phone"] == "070-123"
    # everything after the login is anna's (on PostgreSQL the first administrator is made by the owner, IT)
    logged_in = min(r.id for r in rows if r.action == "login")
    assert all(r.user == "anna" for r in rows if r.action in ("update", "approve", "override") and r.id > logged_in)


def test_granskare_sees_masked_personnummer_in_the_log(admin):
    from tests.services.registry_helpers import participant, setup_task

    org, _ws, _task = setup_task(admin)
    participant(admin, "Åsa", "Öberg", organisation_id=org.id)
    users.create_user(admin, "gun", "Gun", "granskare", PW)
    gun = login_context(admin, "gun", PW)
    for_admin = next(r for r in list_audit(admin) if r.table == "participants" and r.action == "insert")
    for_gun = next(r for r in list_audit(gun) if r.table == "participants" and r.action == "insert")
    assert for_admin.after["personnummer"].isdigit() and len(for_admin.after["personnummer"]) == 12
    assert for_gun.after["personnummer"].endswith("-****")
    assert for_gun.after["first_name"] == "Åsa"
