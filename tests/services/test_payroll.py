"""Pay-run use cases against a real database: compute, approve, pay, year-to-date, corrections, locking."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from sysselsattning.services import payroll
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import ConflictError, NotFound, StateError
from sysselsattning.storage.audit import LockedPeriodError
from sysselsattning.storage.orm import AuditEntry, WorkEntry
from tests.services.test_payroll_data import add_entry, make_world


def test_t2_crossing_through_the_service(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="5")  # 600 kr
    march = payroll.compute_run(ctx, "2026-03")
    assert (march.gross_ore, march.tax_ore, march.employer_fee_ore, march.net_ore) == (60000, 0, 0, 60000)
    assert march.payment_date == date(2026, 3, 25) and march.status == "draft"
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    add_entry(ctx.db, w, "anna", date(2026, 5, 20), pieces="6.25", task="piece")  # 500 kr
    payroll.compute_run(ctx, "2026-05")
    may = payroll.approve_run(ctx, "2026-05", confirm_past_pay_date=True)
    assert (may.gross_ore, may.tax_ore, may.employer_fee_ore, may.net_ore) == (50000, 15000, 34562, 35000)
    [line] = payroll.run_lines(ctx, "2026-05")
    assert line.employer_fee_base_ore == 110000 and line.employer_fee_rate == "31.42"
    assert line.tax_text == "Skatt 30\xa0%" or line.tax_text == "Skatt 30 %"
    assert (line.ytd_gross_ore, line.ytd_tax_ore, line.ytd_employer_fee_ore) == (110000, 15000, 34562)
    assert any("passerar" in text for text in line.warnings)
    [m] = payroll.run_lines(ctx, "2026-03")
    assert m.tax_text == "Ingen skatt – under 1\xa0000\xa0kr i år"
    ytd = payroll.year_to_date(ctx, w.people["anna"], 2026)
    assert (ytd.gross_ore, ytd.tax_ore, ytd.employer_fee_ore, ytd.net_ore, ytd.payments) == (
        110000,
        15000,
        34562,
        95000,
        2,
    )
    assert payroll.list_runs(ctx)[1].as_json() == {
        "period": "2026-05",
        "status": "approved",
        "participants": 1,
        "gross": "500.00",
        "tax": "150.00",
        "employer_fees": "345.62",
        "net": "350.00",
        "payment_date": "2026-05-25",
    }


def test_one_monthly_run_covers_every_monthly_association_and_groups_lines(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "lukasz", date(2026, 4, 2), hours="10")  # 1 200 Ria
    add_entry(ctx.db, w, "lukasz", date(2026, 4, 3), pieces="5", task="piece")  # 400 Ria
    add_entry(ctx.db, w, "lukasz", date(2026, 4, 9), hours="4", task="garden")  # 400 Verdandi
    add_entry(ctx.db, w, "olle", date(2026, 4, 9), hours="20", task="garden")  # 2 000 Verdandi, born 1957
    add_entry(ctx.db, w, "anna", date(2026, 5, 2), hours="3")  # next month: not in April
    run = payroll.compute_run(ctx, "2026-04")
    assert run.participants == 2 and run.lines == 3 and run.gross_ore == 400000
    lines = {(pl.name, pl.organisation_name): pl for pl in payroll.run_lines(ctx, "2026-04")}
    olle = lines[("Olle Äldre", "Verdandi Helsingborg")]
    assert olle.employer_fee_ore == 20420 and olle.tax_ore == 60000  # T-4 rate, 30 % tax
    ria = lines[("Łukasz Öğrenci", "Hela människan (Ria)")]
    assert ria.gross_ore == 160000 and ria.entries == 2 and ria.cap_applies and ria.cap_shielded_ore == 160000
    ver = lines[("Łukasz Öğrenci", "Verdandi Helsingborg")]
    assert ver.gross_ore == 40000 and ver.tax_ore == 0  # under 1 000 kr from this payer this year
    assert ver.ytd_cap_used_ore == 200000  # the cap counts across associations
    assert run.payment_date == date(2026, 4, 24)  # 25 April 2026 is a Saturday: the bank day before (#14)


def test_correction_lands_in_the_next_open_run_and_shows_on_the_slip(ctx):
    w = make_world(ctx.db)
    original = add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")  # 1 200
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    with ctx.db.read() as s:
        assert s.get(WorkEntry, original).pay_run_id is not None
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="-2.5", corrects=original)  # −300
    add_entry(ctx.db, w, "anna", date(2026, 4, 7), hours="5")  # +600
    april = payroll.compute_run(ctx, "2026-04")
    assert april.gross_ore == 30000 and april.correction_ore == -30000
    [line] = payroll.run_lines(ctx, "2026-04")
    assert line.correction_ore == -30000 and line.entries == 2
    payroll.approve_run(ctx, "2026-04", confirm_past_pay_date=True)
    [slip] = payroll.slip_data(ctx, "2026-04")
    assert [pl.is_correction for pl in slip.lines] == [True, False]
    assert slip.lines[0].work_date == date(2026, 3, 10) and slip.lines[0].amount_ore == -30000
    assert slip.correction_ore == -30000 and slip.ytd_gross_ore == 150000


def test_locked_period_refuses_edits_and_relocking(ctx):
    w = make_world(ctx.db)
    entry_id = add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    with pytest.raises(LockedPeriodError), ctx.db.unit_of_work() as s:
        s.get(WorkEntry, entry_id).hours_hundredths = 1200
    with pytest.raises(LockedPeriodError), ctx.db.unit_of_work() as s:
        s.delete(s.get(WorkEntry, entry_id))
    with pytest.raises(StateError, match="redan godkänd"):
        payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    with pytest.raises(StateError):
        payroll.compute_run(ctx, "2026-03")
    paid = payroll.mark_paid(ctx, "2026-03")
    assert paid.status == "paid" and paid.paid_at is not None
    with pytest.raises(StateError, match="utbetald"):
        payroll.mark_paid(ctx, "2026-03")
    with ctx.db.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.table_name == "pay_runs")).all()
    assert {"compute", "approve", "pay"} <= set(actions)


def test_approve_refuses_when_entries_changed_since_the_user_checked(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    shown = payroll.compute_run(ctx, "2026-03")
    add_entry(ctx.db, w, "anna", date(2026, 3, 11), hours="1")
    with pytest.raises(ConflictError):
        payroll.approve_run(ctx, "2026-03", expected_version=shown.version, confirm_past_pay_date=True)
    assert payroll.get_run(ctx, "2026-03").status == "draft"
    again = payroll.compute_run(ctx, "2026-03")
    done = payroll.approve_run(ctx, "2026-03", expected_version=again.version, confirm_past_pay_date=True)
    assert done.status == "approved" and done.gross_ore == 132000


def test_draft_is_marked_stale_after_entries_change(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    assert not payroll.get_run(ctx, "2026-03").stale
    add_entry(ctx.db, w, "anna", date(2026, 3, 11), hours="2")
    assert payroll.get_run(ctx, "2026-03").stale
    payroll.compute_run(ctx, "2026-03")
    assert not payroll.get_run(ctx, "2026-03").stale
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    add_entry(ctx.db, w, "anna", date(2026, 4, 1), hours="2")
    assert not payroll.get_run(ctx, "2026-03").stale  # approved runs are never stale


def test_slip_numbers_are_gap_free_across_runs(ctx):
    w = make_world(ctx.db)
    for who in ("anna", "lukasz", "olle"):
        add_entry(ctx.db, w, who, date(2026, 3, 10), hours="2")
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    add_entry(ctx.db, w, "anna", date(2026, 4, 10), hours="2")
    payroll.compute_run(ctx, "2026-04")
    payroll.approve_run(ctx, "2026-04", confirm_past_pay_date=True)
    numbers = [pl.slip_number for pl in payroll.run_lines(ctx, "2026-03")] + [
        pl.slip_number for pl in payroll.run_lines(ctx, "2026-04")
    ]
    assert sorted(numbers) == [1, 2, 3, 4]


def test_draft_of_an_earlier_month_keeps_its_entries(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="2")
    add_entry(ctx.db, w, "anna", date(2026, 4, 10), hours="3")
    payroll.compute_run(ctx, "2026-03")
    april = payroll.compute_run(ctx, "2026-04")
    assert april.gross_ore == 36000  # March's entry stays with the March draft


def test_year_to_date_counts_cap_only_with_a_decision(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "lukasz", date(2026, 6, 2), hours="10")
    add_entry(ctx.db, w, "anna", date(2026, 6, 2), hours="10")
    payroll.compute_run(ctx, "2026-06")
    payroll.approve_run(ctx, "2026-06", confirm_past_pay_date=True)
    luk = payroll.year_to_date(ctx, w.people["lukasz"], 2026)
    assert luk.cap_used_ore == 120000 and luk.cap_left_ore == 1880000 and luk.holds_decision
    anna = payroll.year_to_date(ctx, w.people["anna"], 2026)
    assert anna.cap_used_ore == 0 and not anna.holds_decision and anna.gross_ore == 120000
    assert payroll.year_to_date(ctx, w.people["anna"], 2025).gross_ore == 0


def test_bad_labels_and_missing_runs(ctx):
    from sysselsattning.domain.problems import ValidationFailed

    make_world(ctx.db)
    with pytest.raises(ValidationFailed):
        payroll.compute_run(ctx, "2026-13")
    with pytest.raises(NotFound):
        payroll.approve_run(ctx, "2026-02", confirm_past_pay_date=True)
    with pytest.raises(ValidationFailed):
        payroll.compute_run(ctx, "2026-W12")  # weekly runs name their association


def test_weekly_run_for_one_association(ctx):
    w = make_world(ctx.db)
    with ctx.db.unit_of_work() as s:
        from sysselsattning.storage.orm import Organisation

        s.get(Organisation, w.org2).pay_frequency = "week"
    add_entry(ctx.db, w, "olle", date(2026, 3, 17), hours="2", task="garden")
    add_entry(ctx.db, w, "anna", date(2026, 3, 17), hours="2")  # Ria pays monthly
    week = payroll.compute_run(ctx, "2026-W12", organisation_id=w.org2)
    assert week.gross_ore == 20000 and week.payment_date == date(2026, 3, 27)
    month = payroll.compute_run(ctx, "2026-03")
    assert month.gross_ore == 24000  # only the monthly association


def test_handlaggare_may_not_run_payroll(ctx):
    from sysselsattning.services.access import AccessDenied

    other = AppContext(db=ctx.db, username="h", role="handlaggare", today=ctx.today)
    with pytest.raises(AccessDenied):
        payroll.compute_run(other, "2026-03")


@pytest.mark.parametrize("_round", range(2))
def test_two_workstations_approving_at_once_one_wins(any_url, _round):
    from sysselsattning.storage.db import open_database

    db1 = open_database(any_url)
    db2 = open_database(any_url)
    try:
        ctx1 = AppContext(db=db1, username="kalle", today=date(2026, 11, 23))
        ctx2 = AppContext(db=db2, username="lisa", today=date(2026, 11, 23))
        w = make_world(db1)
        for who in ("anna", "lukasz", "olle"):
            for day in range(1, 20):
                add_entry(db1, w, who, date(2026, 3, day), hours="1.5")
        payroll.compute_run(ctx1, "2026-03")
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def approve(name: str, c: AppContext) -> None:
            barrier.wait()
            try:
                results[name] = payroll.approve_run(c, "2026-03", confirm_past_pay_date=True)
            except Exception as exc:  # noqa: BLE001 - the test inspects it
                results[name] = exc

        threads = [
            threading.Thread(target=approve, args=("a", ctx1)),
            threading.Thread(target=approve, args=("b", ctx2)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        ok = [r for r in results.values() if isinstance(r, payroll.RunSummary)]
        refused = [r for r in results.values() if isinstance(r, StateError)]
        assert len(ok) == 1 and len(refused) == 1, results
        assert "redan godkänd" in str(refused[0])
        lines = payroll.run_lines(ctx1, "2026-03")
        assert sorted(pl.slip_number for pl in lines) == [1, 2, 3]
        with db1.read() as s:
            approvals = s.scalars(select(AuditEntry).where(AuditEntry.action == "approve")).all()
            linked = s.scalar(select(WorkEntry.id).where(WorkEntry.pay_run_id.is_(None)))
        assert len(approvals) == 1 and linked is None
    finally:
        db1.dispose()
        db2.dispose()


# ------------------------------------------------------------------------------ pay day (issue #14)
def _month_after(db, org_id: int, day: int = 25) -> None:
    from sysselsattning.storage.orm import Organisation

    with db.unit_of_work() as s:
        o = s.get(Organisation, org_id)
        o.payment_day, o.payment_month_offset = day, 1


def test_december_draft_never_pays_on_christmas_day(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 12, 2), hours="2")
    run = payroll.compute_run(ctx, "2026-12")
    assert run.payment_date == date(2026, 12, 23)  # 25 Dec juldagen, 24 Dec julafton → 23 Dec


def test_month_after_setting_pays_novembers_work_in_december(ctx):
    w = make_world(ctx.db)
    _month_after(ctx.db, w.org)
    _month_after(ctx.db, w.org2)
    add_entry(ctx.db, w, "anna", date(2026, 11, 27), hours="2")  # work late in the month is paid after it
    run = payroll.compute_run(ctx, "2026-11")
    assert run.payment_date == date(2026, 12, 23)
    assert payroll.list_runs(ctx)[0].as_json()["payment_date"] == "2026-12-23"


def test_pay_date_is_editable_while_draft_and_kept_on_recompute(ctx):
    from sysselsattning.domain.problems import ValidationFailed

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 11, 3), hours="2")
    payroll.compute_run(ctx, "2026-11")
    with pytest.raises(ValidationFailed) as exc:
        payroll.compute_run(ctx, "2026-11", pay_date=date(2026, 12, 5))  # a Saturday
    assert exc.value.problems[0].code == "pay_date_not_bank_day"
    with pytest.raises(ValidationFailed):
        payroll.compute_run(ctx, "2026-11", pay_date=date(2026, 10, 30))  # before the period
    moved = payroll.compute_run(ctx, "2026-11", pay_date=date(2026, 12, 4))
    assert moved.payment_date == date(2026, 12, 4)
    assert payroll.compute_run(ctx, "2026-11").payment_date == date(2026, 12, 4)  # a recompute keeps it
    with ctx.db.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.table_name == "pay_runs"))
        assert any("2026-12-04" in r.after_json for r in rows)
    payroll.approve_run(
        ctx, "2026-11", confirm_past_pay_date=True
    )  # 4 December has not passed on 23 November: no confirmation needed
    with pytest.raises(StateError):
        payroll.compute_run(ctx, "2026-11", pay_date=date(2026, 12, 7))  # approved: locked


def test_approval_refuses_a_passed_pay_date_unless_confirmed(ctx):
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 10, 5), hours="2")
    payroll.compute_run(ctx, "2026-10")  # paid 23 October; today is 23 November
    with pytest.raises(payroll.PastPayDateError) as exc:
        payroll.approve_run(ctx, "2026-10")
    assert "23 oktober 2026" in str(exc.value) and "har redan passerat" in str(exc.value)
    assert payroll.get_run(ctx, "2026-10").status == "draft"
    done = payroll.approve_run(ctx, "2026-10", confirm_past_pay_date=True)
    assert done.status == "approved" and done.payment_date == date(2026, 10, 23)
    with ctx.db.read() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "approve")).one()
    assert '"past_pay_date_confirmed": true' in row.after_json


def test_agi_files_a_run_under_the_month_it_was_paid(ctx, tmp_path):
    """November's work paid on 4 December is reported for December (field 006), not November."""
    from sysselsattning.domain.problems import ValidationFailed
    from sysselsattning.services import exports

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 11, 10), hours="10")
    payroll.compute_run(ctx, "2026-11", pay_date=date(2026, 12, 4))
    payroll.approve_run(ctx, "2026-11")  # paid in December: not passed on 23 November
    exports.export_agi(ctx, "2026-12", tmp_path / "agi.xml")
    xml = next(tmp_path.glob("agi*.xml")).read_text(encoding="utf-8")
    assert 'faltkod="006">202612<' in xml and "202611" not in xml
    with pytest.raises(ValidationFailed):
        exports.export_agi(ctx, "2026-11", tmp_path / "nov.xml")


def test_approval_copies_the_bank_account_and_the_bank_file_pays_that_copy(ctx, tmp_path):
    from sysselsattning.services import exports
    from sysselsattning.storage.orm import Organisation, Participant, PayLine

    w = make_world(ctx.db)
    with ctx.db.unit_of_work() as s:
        o = s.get(Organisation, w.org)
        o.bank_clearing, o.bank_account = "8327", "9411111111"
    add_entry(ctx.db, w, "lukasz", date(2026, 11, 10), hours="3")
    payroll.compute_run(ctx, "2026-11")
    payroll.approve_run(ctx, "2026-11")  # paid in December: not passed on 23 November
    with ctx.db.unit_of_work() as s:
        line = s.scalars(select(PayLine).where(PayLine.participant_id == w.people["lukasz"])).one()
        assert (line.bank_clearing, line.bank_account) == ("8327", "9412345678")
        p = s.get(Participant, w.people["lukasz"])
        p.clearing, p.account = "9960", "1122334455"  # changed after approval
    exports.export_pain001(ctx, "2026-11", tmp_path / "bank.xml")
    xml = (tmp_path / "bank.xml").read_text(encoding="utf-8")
    assert "83279412345678" in xml and "1122334455" not in xml


def test_same_day_slips_state_the_same_cap_and_the_participants_whole_year(ctx):
    """Issue #14: two associations pay Łukasz on the same day: both slips state the same cap figures (after
    both payments) and the year-to-date is his total with each association's part."""
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "lukasz", date(2026, 3, 10), hours="10")  # 1 200 kr from Ria
    add_entry(ctx.db, w, "lukasz", date(2026, 3, 11), hours="5", task="garden")  # 500 kr from Verdandi
    payroll.compute_run(ctx, "2026-03")
    payroll.approve_run(ctx, "2026-03", confirm_past_pay_date=True)
    slips = payroll.slip_data(ctx, "2026-03", w.people["lukasz"])
    assert len(slips) == 2
    assert {s.cap_used_ore for s in slips} == {170000} and {s.cap_left_ore for s in slips} == {
        slips[0].cap_ore - 170000
    }
    assert {s.ytd_gross_ore for s in slips} == {170000}
    assert (
        slips[0].ytd_parts == slips[1].ytd_parts == (("Hela människan (Ria)", 120000), ("Verdandi Helsingborg", 50000))
    )
    assert slips[0].organisation_address_lines == ("Södra Storgatan 12", "252 23 Helsingborg")
