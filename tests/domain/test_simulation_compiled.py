"""The compiled-scenario fast path gives exactly what the plain path gives (issue #17).

The plain path is a cold computation: every cache emptied, the scenario compiled from scratch for one plan.
The fast paths are the ones the simulator page and the earnings curve use: one compiled household, only the
arvode plan varying (``CompiledScenario.run`` / ``.curve``), and ``simulate`` hitting the compiled cache.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sysselsattning.commands._simulation_json import result_to_dict
from sysselsattning.domain.rules import _common
from sysselsattning.domain.rules import simulation as sim
from sysselsattning.domain.rules.scenario import ScenarioError, parse_scenario
from sysselsattning.domain.rules.simulation import (
    CompiledScenario,
    compile_scenario,
    earnings_curve,
    simulate,
)
from sysselsattning.rules import default_parameters
from tests.domain.test_simulation_properties import scenarios

PARAMS = default_parameters()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
plans = st.lists(st.integers(0, 600_000), min_size=12, max_size=12)


def cold(scenario):
    """The plain path: no cache of any kind, compile and run once."""
    _common._CACHE.clear()
    sim.clear_compiled()
    return result_to_dict(CompiledScenario(scenario, PARAMS).run())


def parsed(data):
    try:
        return parse_scenario(data, PARAMS)
    except ScenarioError:
        assume(False)


@SETTINGS
@given(scenarios(), st.lists(plans, min_size=1, max_size=4))
def test_slider_steps_on_one_compiled_household_equal_cold_runs(data, steps):
    s = parsed(data)
    compiled = compile_scenario(s, PARAMS)
    warm = [result_to_dict(compiled.run(plan)) for plan in steps]
    via_simulate = [result_to_dict(simulate(replace(s, monthly_gross=tuple(plan)), PARAMS)) for plan in steps]
    plain = [cold(replace(s, monthly_gross=tuple(plan))) for plan in steps]
    assert warm == plain
    assert via_simulate == plain


@SETTINGS
@given(scenarios(), st.lists(st.integers(0, 1_000_000), min_size=1, max_size=6))
def test_earnings_curve_equals_one_cold_year_per_level(data, levels):
    s = parsed(data)
    curve = earnings_curve(s, PARAMS, levels)
    for level, point in zip(levels, curve, strict=True):
        year = cold(replace(s, monthly_gross=(level,) * 12))
        avg = {
            case: sim.mul_div(sum(int(m[case]["disposable_income"].replace(".", "")) for m in year["months"]), 1, 12)
            for case in ("no_work", "current_rules", "with_cap")
        }
        assert point == {"level": level, **avg}


@SETTINGS
@given(scenarios(), scenarios())
def test_compiled_cache_never_mixes_households(a, b):
    sa, sb = parsed(a), parsed(b)
    ra, rb = result_to_dict(simulate(sa, PARAMS)), result_to_dict(simulate(sb, PARAMS))
    # run again interleaved (cache hits) and cold: the same answers
    assert result_to_dict(simulate(sb, PARAMS)) == rb
    assert result_to_dict(simulate(sa, PARAMS)) == ra
    assert cold(sa) == ra
    assert cold(sb) == rb


def test_compile_once_per_household_and_parameter_set():
    data = {
        "year": 2026,
        "household": {"adults": [{"birth_date": "1980-01-01"}], "children": [{"birth_date": "2015-03-01"}]},
        "forsorjningsstod": {"applies": True},
        "arvode": {"monthly_gross": ["1000.00"] * 12},
    }
    s = parse_scenario(data, PARAMS)
    sim.clear_compiled()
    first = compile_scenario(s, PARAMS)
    other_plan = compile_scenario(replace(s, monthly_gross=(50_000,) * 12), PARAMS)
    assert other_plan.prepared is first.prepared  # the household part is shared, not recompiled
    assert other_plan.scenario.monthly_gross == (50_000,) * 12
    other_params = PARAMS.with_value("frikort.tak", date(s.year, 1, 1), Decimal(1), source="test")
    assert compile_scenario(s, other_params).prepared is not first.prepared  # new parameter set: new compile
