"""Demo data (design.md §10): an empty database filled with a believable, valid, fictional programme."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from sysselsattning.domain import bank, personnummer
from sysselsattning.services import demo
from sysselsattning.services import registry as reg
from sysselsattning.storage.orm import AuditEntry, PayRun, WorkEntry


def test_demo_fills_an_empty_database(ctx):
    result = demo.create_demo(ctx, participants=25, seed=7)
    assert result.organisations == 5 and result.participants == 25 and result.entries > 1000
    orgs = {o.name: o for o in reg.list_organisations(ctx)}
    assert {"Hela människan (Ria)", "Frihamnen – Hemlösas hus", "LP-stiftelsen"} <= set(orgs)
    assert any(n.startswith("Verdandi") for n in orgs) and any(n.startswith("Fontänhuset") for n in orgs)
    tasks = {(t.worksite_name, t.name): t for t in reg.list_tasks(ctx)}
    assert tasks[("Cykelverkstaden", "Cykelreparation")].unit == "piece"
    assert tasks[("Cykelverkstaden", "Verkstadspass")].unit == "hour"
    assert tasks[("Kolonilotten", "Trädgårdsarbete")].unit == "hour"
    assert all(t.current_rate_ore for t in tasks.values())
    people = [reg.get_participant(ctx, r.id) for r in reg.list_participants(ctx)]
    assert {p.payout_method for p in people} == {"cash", "bank"}
    assert any(p.cap_decision_from for p in people)
    for p in people:
        parsed = personnummer.parse(p.personnummer, today=ctx.today)
        assert parsed.canonical[8:11] >= "980"  # plainly fictional serial numbers
        if p.payout_method == "bank":
            assert bank.is_valid(p.clearing, p.account), (p.clearing, p.account)
    names = "".join(p.first_name + p.last_name for p in people)
    assert any(ch in names for ch in "ŁğéşıöåäØü")
    with ctx.db.read() as s:
        months = {d.month for d in s.scalars(select(WorkEntry.work_date))}
        assert months == set(range(1, 12))  # January … November (today is 2026-11-23)
        assert s.scalar(select(func.max(WorkEntry.work_date))) <= ctx.today
        per_day = (
            s.execute(
                select(func.sum(WorkEntry.hours_hundredths)).group_by(WorkEntry.participant_id, WorkEntry.work_date)
            )
            .scalars()
            .all()
        )
        assert max(x or 0 for x in per_day) <= 2400
        audit_rows = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "demo")).all()
        assert len(audit_rows) == 1 and audit_rows[0].startswith(f"demo: {result.entries} rader")
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.table_name == "work_entries", AuditEntry.action == "insert")
            )
            == 0
        )
        runs = {r.label: r.status for r in s.scalars(select(PayRun))}
    try:
        from sysselsattning.services import payroll  # noqa: F401
    except ImportError:
        return
    assert runs.get("2026-11") == "draft"
    assert all(runs.get(f"2026-{m:02d}") == "approved" for m in range(1, 11)), runs
    assert result.approved_runs[-1] == "2026-10" and result.draft_run == "2026-11"


def test_demo_refuses_a_database_with_data(ctx):
    demo.create_demo(ctx, participants=3, run_payroll=False)
    with pytest.raises(demo.NotEmpty):
        demo.create_demo(ctx, participants=3)
    assert demo.demo_if_empty(ctx) is None


def test_demo_is_reproducible_and_a_past_year_is_whole(ctx, tmp_path):
    a = demo.create_demo(ctx, participants=4, seed=3, year=2025, run_payroll=False)
    with ctx.db.read() as s:
        first = s.execute(select(WorkEntry.work_date, WorkEntry.amount_ore).order_by(WorkEntry.id)).all()
        assert {d.month for d, _ in first} == set(range(1, 13))
        assert max(d for d, _ in first) <= date(2025, 12, 31)
    from sysselsattning.services.context import AppContext
    from sysselsattning.storage.db import open_database

    other = open_database(f"sqlite:///{tmp_path / 'b.sqlite'}")
    try:
        ctx2 = AppContext(db=other, username="test", today=ctx.today)
        b = demo.create_demo(ctx2, participants=4, seed=3, year=2025, run_payroll=False)
        with other.read() as s:
            second = s.execute(select(WorkEntry.work_date, WorkEntry.amount_ore).order_by(WorkEntry.id)).all()
    finally:
        other.dispose()
    assert a.entries == b.entries and first == second


def test_demo_on_any_database(any_ctx):
    result = demo.create_demo(any_ctx, participants=5, seed=2, year=2025, run_payroll=False)
    with any_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkEntry)) == result.entries > 0
    assert reg.count_participants(any_ctx) == 5
