"""The §7 JSON of the year simulation (docs/architecture.md §7): money as "1234.50" strings.

The engine (:mod:`sysselsattning.domain.rules.simulation`) returns a typed
:class:`~sysselsattning.domain.rules.simulation.SimulationResult` with money in öre, which the simulator page
and the letter use as it is. Only the command line (``simulate --format json|text``) prints the JSON, so this
module lives with the commands (the import contracts keep the ui, services and reports from reaching it).
The engine's warnings are codes (:class:`~sysselsattning.domain.rules.warnings.RuleWarning`); the JSON lists
their Swedish sentences from the catalogue ``i18n/warnings.py``, whatever the language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sysselsattning.domain.money import ore_to_str
from sysselsattning.domain.rules.scenario import parse_scenario
from sysselsattning.domain.rules.simulation import CaseResult, SimulationResult, simulate
from sysselsattning.i18n.warnings import warning_text_sv


def _rate(diff: int, gross: int) -> str | None:
    if gross <= 0:
        return None
    value = Decimal(1) - Decimal(diff) / Decimal(gross)
    return str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _case_month(c: CaseResult, i: int, base: CaseResult | None, with_cap_keys: bool) -> dict[str, Any]:
    d: dict[str, Any] = {
        "arvode_gross": ore_to_str(c.gross[i]),
        "tax": ore_to_str(c.tax[i]),
        "arvode_net": ore_to_str(c.net[i]),
        "forsorjningsstod": ore_to_str(c.forsorjningsstod[i]),
        "bostadsbidrag": ore_to_str(c.bostadsbidrag[i]),
        "bostadstillagg": ore_to_str(c.bostadstillagg[i]),
        "sarskilt_bostadstillagg": ore_to_str(c.sarskilt_bostadstillagg[i]),
        "disposable_income": ore_to_str(c.disposable[i]),
        "sjukersattning": ore_to_str(c.sjukersattning[i]),
        "counted_arvode": ore_to_str(c.counted_arvode[i]),
        "jobbstimulans": c.jobbstimulans[i],
    }
    if with_cap_keys:
        d["cap_used"] = ore_to_str(c.cap_used[i])
        d["cap_left"] = ore_to_str(c.cap_left[i])
    if base is not None:
        d["marginal_rate"] = _rate(c.disposable[i] - base.disposable[i], c.gross[i])
    return d


def _case_total(c: CaseResult, base: CaseResult | None, with_cap_keys: bool, bb: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "arvode_gross": ore_to_str(c.total("gross")),
        "tax": ore_to_str(c.total("tax")),
        "arvode_net": ore_to_str(c.total("net")),
        "forsorjningsstod": ore_to_str(c.total("forsorjningsstod")),
        "bostadsbidrag": ore_to_str(c.total("bostadsbidrag")),
        "bostadstillagg": ore_to_str(c.total("bostadstillagg")),
        "sarskilt_bostadstillagg": ore_to_str(c.total("sarskilt_bostadstillagg")),
        "disposable_income": ore_to_str(c.total("disposable")),
        "sjukersattning": ore_to_str(c.total("sjukersattning")),
        "counted_arvode": ore_to_str(c.total("counted_arvode")),
    }
    if c.tax_refund is not None:
        d["tax_refund"] = ore_to_str(c.tax_refund)
        d["final_tax"] = ore_to_str(c.final_tax or 0)
    if bb:
        d["bostadsbidrag_settlement"] = ore_to_str(c.bostadsbidrag_settlement)
        d["bostadsbidrag_final"] = ore_to_str(c.bostadsbidrag_final)
    if with_cap_keys:
        d["cap"] = ore_to_str(c.cap_ore)
        d["cap_used"] = ore_to_str(c.cap_used[-1])
        d["cap_left"] = ore_to_str(c.cap_left[-1])
    if base is not None:
        d["marginal_rate"] = _rate(c.total("disposable") - base.total("disposable"), c.total("gross"))
        d["gain_vs_no_work"] = ore_to_str(c.total("disposable") - base.total("disposable"))
    return d


def result_to_dict(r: SimulationResult) -> dict[str, Any]:
    """The §7 JSON structure (money as "1234.50"), plus extra keys (sjukersättning, marginal rates, …)."""
    months = []
    for i in range(12):
        months.append(
            {
                "month": f"{r.year}-{i + 1:02d}",
                "no_work": _case_month(r.no_work, i, None, False),
                "current_rules": _case_month(r.current_rules, i, r.no_work, False),
                "with_cap": _case_month(r.with_cap, i, r.no_work, True),
            }
        )
    return {
        "year": r.year,
        "months": months,
        "year_total": {
            "no_work": _case_total(r.no_work, None, False, r.bostadsbidrag_applies),
            "current_rules": _case_total(r.current_rules, r.no_work, False, r.bostadsbidrag_applies),
            "with_cap": _case_total(r.with_cap, r.no_work, True, r.bostadsbidrag_applies),
        },
        "warnings": [warning_text_sv(w) for w in r.warnings],  # Swedish in any language (the §7 contract)
        "estimate": r.estimate,
        "income_month_offset": r.income_month_offset,
        "policy": {
            "cap": ore_to_str(r.policy.cap_ore),
            "basis": r.policy.basis,
            "shields": sorted(r.policy.shields),
            "tax_free": r.policy.tax_free,
        },
    }


def simulate_dict(data: dict[str, Any], params: Any) -> dict[str, Any]:
    """Parse a §6 scenario dict, simulate it and return the §7 dict (raises ScenarioError on bad input)."""
    return result_to_dict(simulate(parse_scenario(data, params), params))
