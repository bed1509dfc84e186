"""The strict scenario parser (design.md §6): typed result, defaults, and errors that name the key."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario, scenario_to_dict
from sysselsattning.rules import default_parameters

PARAMS = default_parameters()

EXAMPLE = {
    "year": 2026,
    "income_month_offset": 0,
    "household": {
        "adults": [{"birth_date": "1985-04-12"}],
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


def test_example_parses_to_typed_values():
    s = parse_scenario(EXAMPLE, PARAMS)
    assert s.year == 2026 and s.income_month_offset == 0
    assert s.household.adults == (date(1985, 4, 12),)
    assert s.household.costs.total == 565000
    assert s.monthly_gross[2] == 200000
    assert s.tax.percent == Decimal("30")
    assert s.policy.cap == 2000000 and s.policy.shields == ("forsorjningsstod", "bostadstillagg")


def test_round_trip_through_dict():
    s = parse_scenario(EXAMPLE, PARAMS)
    assert parse_scenario(scenario_to_dict(s), PARAMS) == s


def test_minimal_scenario_takes_defaults():
    s = parse_scenario({"year": 2025}, PARAMS)
    assert s.income_month_offset is None  # parameter default (1) applied by the simulation
    assert s.tax.percent is None and s.policy.cap is None
    assert s.forsorjningsstod.applies and not s.bostadstillagg.applies


def _bad(mutate) -> ScenarioError:
    data = copy.deepcopy(EXAMPLE)
    mutate(data)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(data, PARAMS)
    assert err.value.message and err.value.key
    return err.value


@pytest.mark.parametrize(
    "mutate,key",
    [
        (lambda d: d.update(foo=1), "foo"),
        (lambda d: d["household"].update(pets=2), "household.pets"),
        (lambda d: d["household"]["costs"].update(rent="1.00"), "household.costs.rent"),
        (lambda d: d["household"]["costs"].update(housing="-5200.00"), "household.costs.housing"),
        (lambda d: d["household"]["costs"].update(housing="12,3456"), "household.costs.housing"),
        (lambda d: d["household"]["costs"].update(housing=5200.5), "household.costs.housing"),
        (lambda d: d["household"]["costs"].update(housing="abc"), "household.costs.housing"),
        (lambda d: d["arvode"].update(monthly_gross=["0.00"] * 13), "arvode.monthly_gross"),
        (lambda d: d["arvode"].update(monthly_gross=["0.00"] * 11), "arvode.monthly_gross"),
        (lambda d: d["arvode"]["monthly_gross"].__setitem__(4, "-1.00"), "arvode.monthly_gross[4]"),
        (lambda d: d["arvode"]["tax"].update(mode="tabell"), "arvode.tax.mode"),
        (lambda d: d["arvode"]["tax"].update(percent="130"), "arvode.tax.percent"),
        (lambda d: d["household"]["children"].append({"birth_date": "2027-01-05"}), "household.children[0].birth_date"),
        (lambda d: d["household"]["children"].append({"birth_date": "2026-02-30"}), "household.children[0].birth_date"),
        (lambda d: d["household"]["children"].append({"birth_date": "1990-01-01"}), "household.children[0].birth_date"),
        (lambda d: d["household"]["adults"][0].update(birth_date="2030-01-01"), "household.adults[0].birth_date"),
        (lambda d: d["household"].update(cohabiting=True), "household.cohabiting"),
        (lambda d: d.update(year=2023), "year"),
        (lambda d: d.update(year=2031), "year"),
        (lambda d: d.update(year="tjugo"), "year"),
        (lambda d: d.update(income_month_offset=2), "income_month_offset"),
        (lambda d: d["policy"].update(basis="brutto"), "policy.basis"),
        (lambda d: d["policy"].update(shields=["forsorjningsstod", "a-kassa"]), "policy.shields[1]"),
        (lambda d: d["policy"].update(cap="-1"), "policy.cap"),
        (lambda d: d["policy"].update(tax_free="nej"), "policy.tax_free"),
        (
            lambda d: d["forsorjningsstod"].update(consecutive_months_before_year=-1),
            "forsorjningsstod.consecutive_months_before_year",
        ),
        (lambda d: d["bostadstillagg"].update(housing_cost="-6000"), "bostadstillagg.housing_cost"),
        (lambda d: d.update(sjukersattning={"regime": "okand"}), "sjukersattning.regime"),
        (lambda d: d.pop("year"), "year"),
    ],
)
def test_bad_values_name_the_key(mutate, key):
    err = _bad(mutate)
    assert err.key == key, (err.key, err.message)


def test_not_an_object():
    with pytest.raises(ScenarioError):
        parse_scenario([1, 2, 3], PARAMS)


def test_messages_are_swedish():
    err = _bad(lambda d: d["arvode"].update(monthly_gross=["0.00"] * 13))
    assert "12 månader" in err.message
    err = _bad(lambda d: d.update(year=2023))
    assert "regelparametrar" in err.message and "2023" in err.message
