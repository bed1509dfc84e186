"""``tax_refund`` in the simulation (design.md §7): withheld on the year's taxable income − the final tax on it."""

from __future__ import annotations

import copy
import json

import pytest

from sysselsattning.commands._simulation_json import simulate_dict
from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario, scenario_to_dict
from sysselsattning.paths import resource_path
from sysselsattning.rules import default_parameters

P = default_parameters()
THIRTY = json.loads(resource_path("scenarios", "skatt1_30_procent_aterbaring.json").read_text(encoding="utf-8"))
TABLE = json.loads(resource_path("scenarios", "skatt2_tabell_32.json").read_text(encoding="utf-8"))


def test_30_percent_on_2000_a_month_comes_back_as_7200():
    out = simulate_dict(THIRTY, P)
    cur = out["year_total"]["current_rules"]
    assert (cur["tax"], cur["final_tax"], cur["tax_refund"]) == ("7200.00", "0.00", "7200.00")
    assert out["year_total"]["no_work"]["tax_refund"] == "0.00"


def test_table_32_on_3000_a_month_leaves_a_small_debt():
    out = simulate_dict(TABLE, P)
    cur = out["year_total"]["current_rules"]
    assert (cur["tax"], cur["final_tax"], cur["tax_refund"]) == ("2724.00", "2735.00", "-11.00")
    assert out["months"][0]["current_rules"]["tax"] == "227.00"


def test_column_3_from_66_at_new_year():
    data = copy.deepcopy(TABLE)
    data["household"]["adults"][0]["birth_date"] = "1959-06-01"
    data["arvode"]["monthly_gross"] = ["5000.00"] * 12
    out = simulate_dict(data, P)
    assert out["months"][0]["current_rules"]["tax"] == "350.00"  # table 32 column 3 (column 1: 412)


def test_final_tax_table_may_ride_on_any_mode():
    data = copy.deepcopy(THIRTY)
    data["arvode"]["monthly_gross"] = ["8000.00"] * 12
    low = simulate_dict(data, P)["year_total"]["current_rules"]
    data["arvode"]["tax"]["table"] = 29
    high = simulate_dict(data, P)["year_total"]["current_rules"]
    assert low["tax"] == high["tax"] == "28800.00"
    assert int(float(low["final_tax"])) > int(float(high["final_tax"]))  # default table 33 > table 29


def test_sjukersattning_gross_counts_fks_column_4_deduction_as_withheld():
    data = copy.deepcopy(THIRTY)
    data["sjukersattning"] = {"regime": "ovrig", "degree": "hel", "monthly_gross": "13715.00"}
    data["other_income"] = {"sjukersattning_net": "11000.00"}
    out = simulate_dict(data, P)
    nw = out["year_total"]["no_work"]
    # no work: FK's table deduction (column 4) against the final tax on the sjukersättning alone
    assert nw["arvode_gross"] == "0.00" and abs(float(nw["tax_refund"])) < 600
    cur = out["year_total"]["current_rules"]
    assert float(cur["final_tax"]) > float(nw["final_tax"])


@pytest.mark.parametrize(
    "tax, key",
    [
        ({"mode": "table"}, "arvode.tax.table"),
        ({"mode": "table", "table": 28}, "arvode.tax.table"),
        ({"mode": "tabell", "table": 32}, "arvode.tax.mode"),
        ({"mode": "fixed"}, "arvode.tax.amount"),
    ],
)
def test_bad_tax_modes_name_the_key(tax, key):
    data = copy.deepcopy(THIRTY)
    data["arvode"]["tax"] = tax
    with pytest.raises(ScenarioError) as info:
        simulate_dict(data, P)
    assert info.value.key == key


def test_table_mode_round_trips_through_dump():
    s = parse_scenario(TABLE, P)
    assert parse_scenario(scenario_to_dict(s), P) == s
    assert scenario_to_dict(s)["arvode"]["tax"] == {"mode": "table", "table": 32}


def test_a_year_without_tax_table_parameters_has_no_refund_key():
    data = copy.deepcopy(THIRTY)
    data["year"] = 2024
    data["household"]["adults"][0]["birth_date"] = "1985-04-12"
    out = simulate_dict(data, P)
    assert "tax_refund" not in out["year_total"]["current_rules"]
