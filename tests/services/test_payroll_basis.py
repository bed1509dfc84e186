"""The fast pay run: the approval reuses the draft's lines only when the basis is unchanged; entry lines on
slips come from the work entries; the automatic backup after an approval."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from sysselsattning.services import payroll
from sysselsattning.services.context import AppContext
from sysselsattning.storage.orm import AuditEntry, Participant, PayLine, WorkEntry
from tests.services.test_payroll_data import add_entry, make_world


def _approval_audit(ctx) -> dict:
    with ctx.db.read() as s:
        text = s.scalars(
            select(AuditEntry.after_json).where(AuditEntry.action == "approve").order_by(AuditEntry.id.desc())
        ).first()
    return json.loads(text)


def _line_ids(ctx, label: str) -> list[int]:
    return sorted(pl.id for pl in payroll.run_lines(ctx, label))


def test_unchanged_basis_approves_the_computed_lines_as_they_are(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    add_entry(ctx.db, w, "lukasz", date(2026, 3, 11), hours="4", task="garden")
    draft = payroll.compute_run(ctx, "2026-03")
    ids = _line_ids(ctx, "2026-03")
    done = payroll.approve_run(ctx, "2026-03", expected_version=draft.version, confirm_past_pay_date=True)
    assert done.status == "approved"
    assert (done.gross_ore, done.tax_ore, done.net_ore, done.lines) == (
        draft.gross_ore,
        draft.tax_ore,
        draft.net_ore,
        draft.lines,
    )
    assert _line_ids(ctx, "2026-03") == ids  # not deleted and inserted again
    audit = _approval_audit(ctx)
    assert audit["recomputed"] is False and audit["entries"] == 2
    with ctx.db.read() as s:
        assert s.scalar(select(WorkEntry.id).where(WorkEntry.pay_run_id.is_(None))) is None
        compute = json.loads(s.scalars(select(AuditEntry.after_json).where(AuditEntry.action == "compute")).one())
    assert compute["basis"] == audit["basis"] and compute["lines"] == 2 and compute["gross_ore"] == draft.gross_ore


def test_a_new_entry_after_computing_is_paid_by_a_recomputation(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    payroll.compute_run(ctx, "2026-03")
    add_entry(ctx.db, w, "anna", date(2026, 3, 12), hours="1")  # +120 kr
    done = payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    assert done.gross_ore == 132000 and _approval_audit(ctx)["recomputed"] is True
    [line] = payroll.run_lines(ctx, "2026-03")
    assert line.entries == 2 and line.gross_ore == 132000


def test_an_edited_entry_with_the_same_sum_is_still_noticed(ctx):
    """Entry versions are part of the basis: an edit that keeps the amount still recomputes (the slip shows
    the entries as they are at approval)."""
    w = make_world(ctx.db)
    eid = add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    payroll.compute_run(ctx, "2026-03")
    with ctx.db.unit_of_work() as s:
        s.get(WorkEntry, eid).comment = "Ändrad kommentar"
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    assert _approval_audit(ctx)["recomputed"] is True
    [slip] = payroll.slip_data(ctx, "2026-03")
    assert [pl.comment for pl in slip.lines] == ["Ändrad kommentar"]


def test_a_changed_tax_setting_is_noticed(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="20")  # 2 400 kr: 30 % by default
    draft = payroll.compute_run(ctx, "2026-03")
    assert draft.tax_ore == 72000
    with ctx.db.unit_of_work() as s:
        s.get(Participant, w.people["anna"]).tax_mode = "none"
    done = payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    assert done.tax_ore == 0 and _approval_audit(ctx)["recomputed"] is True


def test_year_to_date_changed_by_an_earlier_approval_is_noticed(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="5")  # 600 kr in March
    add_entry(ctx.db, w, "anna", date(2026, 4, 10), hours="5")  # 600 kr in April
    payroll.compute_run(ctx, "2026-03")
    april = payroll.compute_run(ctx, "2026-04")  # March is its own draft: April alone stays under 1 000 kr
    assert april.tax_ore == 0 and april.employer_fee_ore == 0
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    done = payroll.approve_run(
        ctx, "2026-04", confirm_past_pay_date=True
    )  # now 1 200 kr this year: tax and charges from the first krona
    assert _approval_audit(ctx)["recomputed"] is True
    assert done.tax_ore == 18000 and done.employer_fee_ore == 37704
    [line] = payroll.run_lines(ctx, "2026-04")
    assert line.ytd_gross_ore == 120000


def test_changed_parameters_are_noticed(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="20")
    payroll.compute_run(ctx, "2026-03")
    other = AppContext(
        db=ctx.db,
        username="test",
        today=ctx.today,
        _params=ctx.params().with_value("skatt.sidoinkomst_procent", date(2026, 1, 1), "25"),
    )
    done = payroll.approve_run(other, "2026-03", confirm_past_pay_date=True)
    assert done.tax_ore == 60000 and _approval_audit(ctx)["recomputed"] is True


def test_draft_slip_lists_the_entries_from_the_work_entries(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 12), hours="2")
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), pieces="3", task="piece")
    add_entry(ctx.db, w, "lukasz", date(2026, 3, 11), hours="1", task="garden")
    add_entry(ctx.db, w, "anna", date(2026, 4, 2), hours="9")  # next month: not on the March slip
    payroll.compute_run(ctx, "2026-03")
    slips = {(s.participant_name, s.organisation_name): s for s in payroll.slip_data(ctx, "2026-03")}
    anna = slips[("Anna Andersson", "Hela människan (Ria)")]
    assert anna.draft and [(pl.work_date, pl.task, pl.amount_ore) for pl in anna.lines] == [
        (date(2026, 3, 10), "Cykelreparation", 24000),
        (date(2026, 3, 12), "Verkstadspass", 24000),
    ]
    assert [pl.task for pl in slips[("Łukasz Öğrenci", "Verdandi Helsingborg")].lines] == ["Trädgårdsarbete"]
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    [only] = payroll.slip_data(ctx, "2026-03", participant_id=w.people["anna"])
    assert not only.draft and len(only.lines) == 2 and sum(pl.amount_ore for pl in only.lines) == only.gross_ore


def test_lines_stored_with_their_entry_lists_still_print(ctx):
    """Runs approved before the entry lines moved out of ``details_json`` keep printing their stored lines."""
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    with ctx.db.unit_of_work() as s:
        line = s.scalars(select(PayLine)).one()
        d = json.loads(line.details_json)
        d.pop("entry_count")
        d["entries"] = [
            [1, "2026-03-10", "Gamla verkstaden", "Gammal uppgift", "hour", 200, None, 12000, 24000, None, "förr"]
        ]
        line.details_json = json.dumps(d)
    [slip] = payroll.slip_data(ctx, "2026-03")
    assert [(pl.worksite, pl.comment) for pl in slip.lines] == [("Gamla verkstaden", "förr")]
    assert payroll.run_lines(ctx, "2026-03")[0].entries == 1


def test_approval_takes_an_automatic_backup(ctx):
    from sysselsattning.storage import backup

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    assert not [p for p in backup.list_backups() if "godkannande" in p.name]
    done = payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    made = [p for p in backup.list_backups() if p.name.endswith("-godkannande.sqlite")]
    assert len(made) == 1 and not done.warnings
    info = backup.inspect_backup(made[0])
    assert info.approved_runs == 1 and info.last_approved_period == "2026-03"  # taken after the commit


def test_no_backup_when_asked_not_to(ctx):
    from sysselsattning.storage import backup

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", backup=False, confirm_past_pay_date=True)
    assert not [p for p in backup.list_backups() if "godkannande" in p.name]


def test_a_failing_backup_does_not_undo_the_approval(ctx, monkeypatch, caplog):
    from sysselsattning.storage import backup

    def broken(db, reason="manuell", **kw):
        raise backup.BackupError("Säkerhetskopian kunde inte göras: disken är full")

    monkeypatch.setattr(backup, "backup_now", broken)
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    done = payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    assert done.status == "approved" and payroll.get_run(ctx, "2026-03").status == "approved"
    assert any("säkerhetskopia" in w_ and "disken är full" in w_ for w_ in done.warnings), done.warnings
    assert "misslyckades" in caplog.text


def test_approval_on_any_database_reuses_lines_and_links_entries(any_ctx):
    """SQLite and PostgreSQL: same reuse, same links; no backup file for PostgreSQL (and no warning)."""
    w = make_world(any_ctx.db)
    for day in (3, 4, 5):
        add_entry(any_ctx.db, w, "anna", date(2026, 3, day), hours="3")
        add_entry(any_ctx.db, w, "olle", date(2026, 3, day), hours="2", task="garden")
    draft = payroll.compute_run(any_ctx, "2026-03")
    done = payroll.approve_run(any_ctx, "2026-03", expected_version=draft.version, confirm_past_pay_date=True)
    assert not done.warnings or all("säkerhetskopia" not in x for x in done.warnings)
    assert done.gross_ore == draft.gross_ore == 3 * 36000 + 3 * 20000
    assert _approval_audit(any_ctx)["recomputed"] is False
    with any_ctx.db.read() as s:
        linked = s.scalars(select(WorkEntry.pay_run_id)).all()
    assert len(linked) == 6 and set(linked) == {done.id}
    assert sorted(pl.slip_number for pl in payroll.run_lines(any_ctx, "2026-03")) == [1, 2]


@pytest.mark.parametrize("hours", ["0.5", "12"])
def test_compute_and_slip_agree(ctx, hours):
    w = make_world(ctx.db)
    for day in range(1, 11):
        add_entry(ctx.db, w, "lukasz", date(2026, 5, day), hours=hours)
    run = payroll.compute_run(ctx, "2026-05")
    [slip] = payroll.slip_data(ctx, "2026-05")
    assert len(slip.lines) == 10 and sum(pl.amount_ore for pl in slip.lines) == slip.gross_ore == run.gross_ore
