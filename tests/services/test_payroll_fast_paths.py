"""The pay run's fast paths keep their answers: year-to-date remembered per set of approved runs, the unbilled
entries read through their own index on a database that has never been analysed, and the exact integer
arithmetic of percentages (issue #17)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event

from sysselsattning.domain import tax
from sysselsattning.domain.money import percent_of
from sysselsattning.domain.payroll import parse_period
from sysselsattning.services import payroll
from sysselsattning.storage.queries import payruns as q
from tests.services.test_payroll_data import add_entry, make_world


def _approve(ctx, label: str) -> None:
    payroll.compute_run(ctx, label)
    payroll.approve_run(ctx, label, confirm_past_pay_date=True)


def _ytd_gross(ctx, label: str) -> int:
    [line] = payroll.run_lines(ctx, label)
    return line.ytd_gross_ore


def test_year_to_date_follows_every_new_approval(ctx):
    """The sums of approved runs are remembered between recomputations; approving another run of the year
    changes them at once."""
    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 1, 12), hours="10")  # 1 200 kr
    _approve(ctx, "2026-01")
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="1")  # 120 kr
    payroll.compute_run(ctx, "2026-03")
    assert _ytd_gross(ctx, "2026-03") == 132000
    payroll.compute_run(ctx, "2026-03")  # the remembered sums
    assert _ytd_gross(ctx, "2026-03") == 132000
    add_entry(ctx.db, w, "anna", date(2026, 2, 10), hours="2")  # 240 kr, paid in February
    _approve(ctx, "2026-02")
    payroll.compute_run(ctx, "2026-03")
    assert _ytd_gross(ctx, "2026-03") == 156000


def _plan_of_entry_sums(ctx, label: str) -> str:
    statements: list[tuple[str, tuple]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if "sum(work_entries.amount_ore)" in statement:
            statements.append((statement, parameters))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", grab)
    try:
        with ctx.db.read() as s:
            q.entry_sums(s, parse_period(label), [1], [])
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    sql, params = statements[-1]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
    return "\n".join(str(r[-1]) for r in rows)


def test_unbilled_entries_are_read_through_their_covering_index_without_statistics(ctx):
    w = make_world(ctx.db)
    for day in range(1, 20):
        add_entry(ctx.db, w, "anna", date(2026, 1, day), hours="1")
    _approve(ctx, "2026-01")
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="1")
    with ctx.db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is None
    plan = _plan_of_entry_sums(ctx, "2026-03")
    assert "ix_work_entries_unbilled" in plan, plan
    assert "TEMP B-TREE FOR GROUP BY" not in plan.split("SUBQUERY")[0], plan


def _decimal_percent(ore: int, percent: Decimal) -> int:
    return int((Decimal(ore) * percent / Decimal(100)).to_integral_value(rounding=ROUND_HALF_UP))


def _decimal_tax_percent(gross: int, percent: Decimal) -> int:
    return int((Decimal(gross) * percent / Decimal(10000)).to_integral_value(rounding=ROUND_DOWN)) * 100


percents = st.decimals(min_value=-100, max_value=100, places=4, allow_nan=False, allow_infinity=False)


@given(st.integers(min_value=-(10**11), max_value=10**11), percents)
def test_integer_percentages_round_like_the_decimal_rule(ore, percent):
    assert percent_of(ore, percent) == _decimal_percent(ore, percent)
    assert tax._percent_of(ore, percent) == _decimal_tax_percent(ore, percent)


def test_half_an_ore_rounds_away_from_zero():
    assert percent_of(1, Decimal(50)) == 1 and percent_of(-1, Decimal(50)) == -1
    assert percent_of(3, Decimal("16.5")) == 0  # 0,495 öre
    assert tax._percent_of(199999, Decimal(30)) == 59900  # 599,997 kr → 599 kr, not 600 kr


def _lines(ctx, label: str) -> dict:
    return {pl.participant_id: pl for pl in payroll.run_lines(ctx, label)}


def test_recomputing_rewrites_only_the_lines_that_changed(ctx):
    """Unchanged lines keep their row (same id), a changed one is updated in place, a participant with no more
    pay loses the line and one with new pay gets one."""
    from sysselsattning.storage.orm import WorkEntry

    w = make_world(ctx.db)
    add_entry(ctx.db, w, "anna", date(2026, 3, 10), hours="10")
    lukasz_entry = add_entry(ctx.db, w, "lukasz", date(2026, 3, 11), hours="4", task="garden")
    payroll.compute_run(ctx, "2026-03")
    first = _lines(ctx, "2026-03")
    assert len(first) == 2
    payroll.compute_run(ctx, "2026-03")
    assert {p: pl.id for p, pl in _lines(ctx, "2026-03").items()} == {p: pl.id for p, pl in first.items()}

    anna = next(p for p, pl in first.items() if pl.gross_ore == 120000)
    lukasz = next(p for p in first if p != anna)
    add_entry(ctx.db, w, "anna", date(2026, 3, 12), hours="1")  # Anna's line changes
    with ctx.db.unit_of_work() as s:
        s.delete(s.get(WorkEntry, lukasz_entry))  # Łukasz has nothing left this month
    payroll.compute_run(ctx, "2026-03")
    after = _lines(ctx, "2026-03")
    assert list(after) == [anna]
    assert after[anna].id == first[anna].id and after[anna].gross_ore == 132000

    add_entry(ctx.db, w, "lukasz", date(2026, 3, 13), hours="2", task="garden")
    payroll.compute_run(ctx, "2026-03")
    last = _lines(ctx, "2026-03")
    assert sorted(last) == sorted([anna, lukasz])
    assert last[anna].id == first[anna].id and last[lukasz].id not in (first[anna].id,)
    assert last[lukasz].gross_ore > 0
