"""services.scenarios.scenario_from_participant: approved + planned arvode per month, household facts, tax, cap."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sysselsattning.commands._simulation_json import simulate_dict
from sysselsattning.domain.personnummer import with_check_digit
from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.rules import default_parameters

PARAMS = default_parameters()


def _pnr(yymmdd: str, serial: str = "123") -> str:
    ten = with_check_digit(yymmdd + serial)
    return ("19" if int(yymmdd[:2]) > 26 else "20") + ten


@pytest.fixture
def setup(ctx):
    return _insert(ctx)


def _insert(ctx):
    from sysselsattning.storage.orm import Organisation, Participant, PayLine, PayRun, Task, User, WorkEntry, Worksite

    with ctx.db.unit_of_work() as s:
        org = Organisation(name="Verdandi (test)", orgnr="802000-0001")
        caseworker = User(username="hl1", role="handlaggare")
        s.add_all([org, caseworker])
        s.flush()
        ws = Worksite(organisation_id=org.id, name="Cykelverkstaden")
        s.add(ws)
        s.flush()
        task = Task(worksite_id=ws.id, name="Verkstadspass", unit="hour")
        s.add(task)
        anna = Participant(
            personnummer=_pnr("850412"),
            first_name="Anna",
            last_name="Andersson",
            organisation_id=org.id,
            caseworker_id=caseworker.id,
            tax_mode="percent",
            tax_percent_hundredths=2550,
            cap_decision_from=date(2025, 6, 1),
            cap_decision_to=date(2026, 9, 30),
            household_json=json.dumps(
                {
                    "household": {
                        "adults": [{}],
                        "children": [{"birth_date": "2014-02-01"}],
                        "costs": {"housing": "6900.00", "electricity": "400.00"},
                    },
                    "other_income": {"barnbidrag": "1250.00"},
                    "income_month_offset": 0,
                    "notes": "ignored key",
                }
            ),
        )
        bo = Participant(personnummer=_pnr("900101", "456"), first_name="Bo", last_name="Berg", organisation_id=org.id)
        s.add_all([anna, bo])
        s.flush()
        runs = []
        for label, paid, status in [
            ("2026-02", date(2026, 3, 25), "approved"),
            ("2026-03", date(2026, 4, 25), "paid"),
            ("2025-12", date(2026, 1, 10), "approved"),
            ("2026-04", date(2026, 5, 25), "draft"),
            ("2025-11", date(2025, 12, 23), "approved"),
        ]:
            y, m = (int(x) for x in label.split("-"))
            run = PayRun(
                label=label,
                period_start=date(y, m, 1),
                period_end=date(y + (m == 12), m % 12 + 1, 1),
                payment_date=paid,
                status=status,
            )
            s.add(run)
            s.flush()
            runs.append(run)
        gross = {0: 150000, 1: 80000, 2: 30000, 3: 99900, 4: 77700}
        for i, run in enumerate(runs):
            s.add(
                PayLine(
                    pay_run_id=run.id,
                    participant_id=anna.id,
                    organisation_id=org.id,
                    gross_ore=gross[i],
                    tax_ore=0,
                    employer_fee_ore=0,
                    net_ore=gross[i],
                )
            )
            s.add(
                PayLine(
                    pay_run_id=run.id,
                    participant_id=bo.id,
                    organisation_id=org.id,
                    gross_ore=12345,
                    tax_ore=0,
                    employer_fee_ore=0,
                    net_ore=12345,
                )
            )
        s.flush()
        # planned: recorded, not in an approved run (one without a run, one in the draft April run)
        s.add(
            WorkEntry(
                participant_id=anna.id,
                worksite_id=ws.id,
                task_id=task.id,
                work_date=date(2026, 5, 4),
                hours_hundredths=300,
                rate_ore=5000,
                amount_ore=15000,
            )
        )
        s.add(
            WorkEntry(
                participant_id=anna.id,
                worksite_id=ws.id,
                task_id=task.id,
                work_date=date(2026, 4, 14),
                hours_hundredths=200,
                rate_ore=5000,
                amount_ore=10000,
                pay_run_id=runs[3].id,
            )
        )
        s.add(
            WorkEntry(
                participant_id=anna.id,
                worksite_id=ws.id,
                task_id=task.id,
                work_date=date(2025, 12, 14),
                hours_hundredths=200,
                rate_ore=5000,
                amount_ore=10000,
            )
        )  # other year
        s.flush()
        return {"anna": anna.id, "bo": bo.id, "caseworker": caseworker.id}


def test_approved_by_payment_month_plus_planned(ctx, setup):
    from sysselsattning.services.scenarios import arvode_history, scenario_from_participant

    data = scenario_from_participant(ctx, setup["anna"], 2026)
    gross = data["arvode"]["monthly_gross"]
    assert gross[0] == "300.00"  # the December 2025 run paid in January 2026
    assert gross[2] == "1500.00"  # approved February run, paid in March
    assert gross[3] == "900.00"  # 800 (paid run, April) + 100 planned in the draft April run
    assert gross[4] == "150.00"  # planned May entry
    assert gross[11] == "0.00"  # the draft run's own pay line is not approved pay
    h = arvode_history(ctx, setup["anna"], 2026)
    assert h.approved[2] == 150000 and h.planned[3] == 10000 and h.planned[4] == 15000 and h.approved[3] == 80000


def test_household_tax_and_policy(ctx, setup):
    from sysselsattning.services.scenarios import scenario_from_participant

    data = scenario_from_participant(ctx, setup["anna"], 2026)
    assert data["household"]["adults"][0]["birth_date"] == "1985-04-12"  # from the personnummer
    assert data["household"]["children"] == [{"birth_date": "2014-02-01"}]
    assert data["other_income"] == {"barnbidrag": "1250.00"}
    assert data["income_month_offset"] == 0
    assert "notes" not in data
    # a household with children and no recorded bostadsbidrag: filled in from the rent, for the caseworker to check
    assert data["bostadsbidrag"] == {
        "applies": True,
        "housing_cost": "6900.00",
        "other_bgi_year": "0.00",
        "arvode_reported": True,
    }
    assert data["arvode"]["tax"] == {"mode": "percent", "percent": "25.50"}
    assert data["policy"]["cap"] == "20000.00" and data["policy"]["basis"] == "gross"
    assert data["policy"]["decision_from"] == "2026-01-01" and data["policy"]["decision_to"] == "2026-09-30"
    s = parse_scenario(data, PARAMS)
    assert s.household.costs.housing == 690000
    out = simulate_dict(data, ctx.params())
    assert out["months"][2]["current_rules"]["tax"] == "382.00"  # 25,5 % of 1 500 rounded down to whole kronor


def test_defaults_without_household_facts(ctx, setup):
    from sysselsattning.services.scenarios import scenario_from_participant

    data = scenario_from_participant(ctx, setup["bo"], 2026)
    assert data["household"] == {"adults": [{"birth_date": "1990-01-01"}]}
    assert "bostadsbidrag" not in data  # no children recorded
    assert data["arvode"]["tax"] == {"mode": "percent", "percent": "30"}
    assert "decision_from" not in data["policy"]
    parse_scenario(data, PARAMS)


def test_unknown_participant_and_access(ctx, setup):
    from sysselsattning.services.access import AccessDenied
    from sysselsattning.services.errors import NotFound
    from sysselsattning.services.scenarios import scenario_from_participant

    with pytest.raises(NotFound):
        scenario_from_participant(ctx, 99999, 2026)
    ctx.role = "granskare"
    with pytest.raises(AccessDenied):
        scenario_from_participant(ctx, setup["anna"], 2026)
    ctx.role, ctx.user_id = "handlaggare", setup["caseworker"] + 1  # not Anna's caseworker
    with pytest.raises(AccessDenied):
        scenario_from_participant(ctx, setup["anna"], 2026)
    ctx.user_id = setup["caseworker"]
    assert scenario_from_participant(ctx, setup["anna"], 2026)["year"] == 2026


def test_same_result_on_postgresql_and_sqlite(any_ctx):
    from sysselsattning.services.scenarios import scenario_from_participant

    ids = _insert(any_ctx)
    data = scenario_from_participant(any_ctx, ids["anna"], 2026)
    assert data["arvode"]["monthly_gross"][:5] == ["300.00", "0.00", "1500.00", "900.00", "150.00"]


def test_recorded_tax_situation_gives_the_scenarios_tax_mode(ctx, setup):
    from sysselsattning.services import tax_situation
    from sysselsattning.services.scenarios import scenario_from_participant
    from sysselsattning.services.tax_situation import SituationInput

    ctx.today = date(2026, 6, 1)
    tax_situation.record(ctx, setup["bo"], SituationInput(valid_from=date(2026, 1, 1), table="32"))
    data = scenario_from_participant(ctx, setup["bo"], 2026)
    assert data["arvode"]["tax"] == {"mode": "table", "table": 32}
    tax_situation.record(
        ctx,
        setup["bo"],
        SituationInput(valid_from=date(2026, 5, 1), main_income_here=False, other_main_income="pension", table="32"),
    )
    data = scenario_from_participant(ctx, setup["bo"], 2026)
    assert data["arvode"]["tax"] == {"mode": "percent", "percent": "30", "table": 32}
    assert "tax_refund" in simulate_dict(data, ctx.params())["year_total"]["current_rules"]
