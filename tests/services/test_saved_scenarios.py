"""Saved scenarios: save, list, load, access rules and validation (nothing saved on bad input)."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from sysselsattning.domain.problems import ValidationFailed
from sysselsattning.services import saved_scenarios as svc
from sysselsattning.services.access import AccessDenied
from sysselsattning.services.context import AppContext
from sysselsattning.services.errors import NotFound

SCENARIO = {
    "year": 2026,
    "income_month_offset": 0,
    "household": {
        "adults": [{"birth_date": "1992-04-12"}],
        "cohabiting": False,
        "children": [],
        "costs": {"housing": "5200.00", "electricity": "300.00", "home_insurance": "150.00", "other": "0.00"},
    },
    "other_income": {"sjukersattning_net": "0.00", "barnbidrag": "0.00", "other_net": "0.00"},
    "forsorjningsstod": {"applies": True, "consecutive_months_before_year": 0},
    "bostadstillagg": {"applies": False, "housing_cost": "6000.00", "other_reducing_income_year": "0.00"},
    "arvode": {
        "monthly_gross": ["0.00", "0.00", "2000.00"] + ["0.00"] * 9,
        "tax": {"mode": "percent", "percent": "30"},
    },
    "policy": {
        "cap": "20000.00",
        "basis": "gross",
        "shields": ["forsorjningsstod", "bostadstillagg"],
        "tax_free": False,
    },
}


def _participants(ctx) -> tuple[int, int, int]:
    """Two caseworkers and two participants: (caseworker A id, participant of A, participant of B)."""
    from sysselsattning.storage.orm import Organisation, Participant, User

    with ctx.db.unit_of_work() as s:
        org = Organisation(name="Verdandi", orgnr="802000-0000")
        a = User(username="anna", full_name="Anna", role="handlaggare")
        b = User(username="bertil", full_name="Bertil", role="handlaggare")
        s.add_all([org, a, b])
        s.flush()
        p1 = Participant(
            personnummer="199204120005", first_name="Åsa", last_name="Öberg", organisation_id=org.id, caseworker_id=a.id
        )
        p2 = Participant(
            personnummer="198001010009", first_name="Karl", last_name="Berg", organisation_id=org.id, caseworker_id=b.id
        )
        s.add_all([p1, p2])
        s.flush()
        return a.id, p1.id, p2.id


def test_save_list_load_round_trip(any_ctx):
    """On SQLite and PostgreSQL."""
    ctx = any_ctx
    _a, p1, _p2 = _participants(ctx)
    info = svc.save(ctx, "  Mars 2 000 kr  ", SCENARIO, participant_id=p1)
    assert info.name == "Mars 2 000 kr"
    assert info.created_by == "test"
    other = copy.deepcopy(SCENARIO)
    other["arvode"]["monthly_gross"][3] = "1500.00"
    info2 = svc.save(ctx, "Mars och april", other, participant_id=p1)
    svc.save(ctx, "Fritt scenario", SCENARIO)

    rows = svc.list_scenarios(ctx, participant_id=p1)
    assert [r.name for r in rows] == ["Mars och april", "Mars 2 000 kr"]
    assert len(svc.list_scenarios(ctx)) == 3
    loaded = svc.load(ctx, info2.id)
    assert loaded.scenario == other
    assert loaded.participant_id == p1


def test_save_is_audited(ctx):
    from sqlalchemy import select

    from sysselsattning.storage.orm import AuditEntry

    info = svc.save(ctx, "Granskas", SCENARIO)
    with ctx.db.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "scenarios")).all()
    assert [(r.action, r.record_id) for r in rows] == [("insert", str(info.id))]


def test_bad_input_saves_nothing(ctx):
    with pytest.raises(ValidationFailed) as exc:
        svc.save(ctx, "   ", SCENARIO)
    assert [p.field for p in exc.value.problems] == ["name"]
    bad = copy.deepcopy(SCENARIO)
    bad["household"]["costs"]["housing"] = "-5200.00"
    with pytest.raises(ValidationFailed) as exc:
        svc.save(ctx, "Negativ hyra", bad)
    problem = exc.value.problems[0]
    assert "housing" in problem.field
    assert problem.message  # the engine's Swedish sentence
    assert svc.list_scenarios(ctx) == []


def test_load_missing_is_not_found(ctx):
    with pytest.raises(NotFound):
        svc.load(ctx, 999)


def test_caseworker_sees_only_own_participants(any_ctx):
    ctx = any_ctx
    a_id, p1, p2 = _participants(ctx)
    svc.save(ctx, "För Åsa", SCENARIO, participant_id=p1)
    other = svc.save(ctx, "För Karl", SCENARIO, participant_id=p2)
    anna = AppContext(db=ctx.db, username="anna", role="handlaggare", user_id=a_id, today=date(2026, 11, 23))
    assert [r.name for r in svc.list_scenarios(anna)] == ["För Åsa"]
    with pytest.raises(AccessDenied):
        svc.load(anna, other.id)
    with pytest.raises(AccessDenied):
        svc.save(anna, "Inte min", SCENARIO, participant_id=p2)
    labels = [c.label for c in svc.participants_for_simulation(anna)]
    assert labels == ["Öberg, Åsa (19920412-0005)"]


def test_reviewer_may_not_simulate(ctx):
    granskare = AppContext(db=ctx.db, username="g", role="granskare", today=date(2026, 11, 23))
    with pytest.raises(AccessDenied):
        svc.list_scenarios(granskare)
    with pytest.raises(AccessDenied):
        svc.save(granskare, "x", SCENARIO)


def test_task_rates_in_force(ctx):
    from sysselsattning.storage.orm import Organisation, Task, TaskRate, Worksite

    with ctx.db.unit_of_work() as s:
        org = Organisation(name="LP-stiftelsen", orgnr="802000-0001")
        s.add(org)
        s.flush()
        ws = Worksite(organisation_id=org.id, name="Cykelverkstaden")
        s.add(ws)
        s.flush()
        t1 = Task(worksite_id=ws.id, name="Verkstadspass", unit="hour")
        t2 = Task(worksite_id=ws.id, name="Cykelreparation", unit="piece")
        s.add_all([t1, t2])
        s.flush()
        s.add_all(
            [
                TaskRate(task_id=t1.id, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31), rate_ore=5000),
                TaskRate(task_id=t1.id, valid_from=date(2026, 1, 1), rate_ore=6000),
                TaskRate(task_id=t2.id, valid_from=date(2027, 1, 1), rate_ore=15000),
            ]
        )
    rows = svc.task_rates(ctx, date(2026, 6, 1))
    assert [(r.label, r.unit, r.rate_ore) for r in rows] == [("Cykelverkstaden – Verkstadspass", "hour", 6000)]
