"""One clock: every timestamp a use case writes comes from the context's clock (aware UTC), stored as UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sysselsattning.services import payroll
from sysselsattning.services.exports import _local_now
from tests.services.test_payroll_data import add_entry, make_world

MOMENT = datetime(2026, 11, 23, 22, 30, 15, 123456, tzinfo=UTC)


def test_pay_run_timestamps_come_from_the_context_clock(ctx):
    c = replace(ctx, clock=lambda: MOMENT)
    w = make_world(c.db)
    add_entry(c.db, w, "anna", date(2026, 3, 10), hours="5")
    payroll.compute_run(c, "2026-03")
    approved = payroll.approve_run(c, "2026-03", confirm_past_pay_date=True)
    paid = payroll.mark_paid(replace(c, clock=lambda: MOMENT + timedelta(hours=1)), "2026-03")
    stored = MOMENT.replace(tzinfo=None)  # UTC without a zone, as the columns hold it
    assert approved.computed_at == stored and approved.approved_at == stored
    assert paid.paid_at == stored + timedelta(hours=1)


def test_now_date_and_file_stamps_follow_the_clock(ctx):
    c = replace(ctx, today=None, clock=lambda: MOMENT)
    assert c.now() == MOMENT and c.now().tzinfo is not None
    assert c.now_date() == MOMENT.astimezone().date()  # the local date of that moment
    assert _local_now(c) == MOMENT.astimezone().replace(microsecond=0, tzinfo=None)
