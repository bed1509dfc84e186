"""Runs every worked example of rules-reference.md, kept as data in ``tests/domain/cases/*.toml``.

Each case: ``name``, ``kind`` (what to run), ``input`` and ``expected``. A new example is a data change.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sysselsattning.domain import employer_fees, tax
from sysselsattning.domain.money import ore_to_str, parse_kronor
from sysselsattning.domain.rules import bostadstillagg as btp
from sysselsattning.domain.rules import forsorjningsstod as fs
from sysselsattning.domain.rules import sjukersattning as se
from sysselsattning.domain.rules._common import mul_div
from sysselsattning.domain.rules.simulation import simulate_dict
from sysselsattning.rules import default_parameters

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    out = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


def _path(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]
    return data


def m(ore: int) -> str:
    return ore_to_str(ore)


def run_fs(inp: dict) -> dict:
    params = default_parameters()
    norm = fs.resolve_riksnorm(params, date(inp["year"], inp["month"], 1))
    r = fs.riksnorm(
        norm, adults=inp["adults"], cohabiting=inp.get("cohabiting", False), child_ages=inp.get("child_ages", [])
    )
    need = fs.need(r, parse_kronor(inp["costs"]))
    counted = sum(parse_kronor(x) for x in inp["incomes"])
    return {"riksnorm": m(r), "need": m(need), "forsorjningsstod": m(fs.forsorjningsstod(need, counted))}


def run_btp_max(inp: dict) -> dict:
    rules = btp.resolve_btp(default_parameters(), inp["year"])
    return {"max_month": m(btp.max_btp_month(rules, parse_kronor(inp["housing_cost"]), married=inp["married"]))}


def run_btp(inp: dict) -> dict:
    rules = btp.resolve_btp(default_parameters(), inp["year"])
    other = rules.fribelopp + parse_kronor(inp["excess_over_fribelopp"])
    ri = btp.reducing_income(rules, other_year_ore=other, earned_year_ore=parse_kronor(inp["arvode_year"]))
    mx = btp.max_btp_month(rules, parse_kronor(inp["housing_cost"]), married=False)
    year = btp.btp_year(rules, mx, ri)
    return {
        "reduction_year": m(btp.inkomstavdrag(rules, ri)),
        "btp_year": m(year),
        "btp_month": m(btp.btp_month(year)),
        "estimate": rules.is_estimate,
    }


def run_btp_pensioner(inp: dict) -> dict:
    params, on = default_parameters(), date(inp["year"], 1, 1)
    counted = btp.pensioner_counted_earned_income(params, on, parse_kronor(inp["earned_year"]))
    red = btp.pensioner_reduction(params, on, counted)
    return {"counted": m(counted), "reduction_year": m(red), "reduction_month": m(mul_div(red, 1, 12))}


def run_se_steglos(inp: dict) -> dict:
    if "fribelopp" in inp:
        fribelopp, rate = parse_kronor(inp["fribelopp"]), se.resolve_se(default_parameters(), 2026).steglos_ppm
    else:
        rules = se.resolve_se(default_parameters(), inp["year"])
        fribelopp, rate = rules.fribelopp[inp["degree"]], rules.steglos_ppm
    red = se.steglos_reduction_year(parse_kronor(inp["income_year"]), fribelopp, rate)
    return {"fribelopp": m(fribelopp), "reduction_year": m(red), "reduction_month": m(mul_div(red, 1, 12))}


def run_se_vilande(inp: dict) -> dict:
    params = default_parameters()
    rules = se.resolve_se(params, inp["year"])
    se_month = parse_kronor(params.get("sjukersattning.garantiersattning_manad", date(inp["year"], 1, 1)))
    out: dict[str, Any] = {"se_month": m(se_month)}
    for n in (1, 12, 13, 24):
        out[f"paid_month_{n}"] = m(se.vilande_paid(se_month, n - 1, rules))
    out["review_after"] = next(n for n in range(1, 100) if se.vilande_paid(se_month, n, rules) is None)
    return out


def run_tax(inp: dict) -> dict:
    params = default_parameters()
    on = date.fromisoformat(inp["date"])
    gross = parse_kronor(inp["gross"])
    w = tax.withhold(
        gross,
        tax.TaxSetting("default"),
        on=on,
        params=params,
        expected_year_total_ore=parse_kronor(inp["expected_year_total"]),
    )
    rate = employer_fees.fee_rate(date.fromisoformat(inp["birth_date"]), on, params)
    base = parse_kronor(inp["year_total_for_fees"])
    fee = 0 if base < employer_fees.year_limit_ore(params, on) else employer_fees.fee(base, rate, params, on)
    return {
        "tax": m(w.tax_ore),
        "net": m(gross - w.tax_ore),
        "fee": m(fee),
        "employer_cost": m(gross + fee),
        "fee_kind": rate.kind,
    }


def run_scenario(inp: dict) -> dict:
    return simulate_dict(inp)


RUNNERS = {
    "fs": run_fs,
    "btp_max": run_btp_max,
    "btp": run_btp,
    "btp_pensioner": run_btp_pensioner,
    "se_steglos": run_se_steglos,
    "se_vilande": run_se_vilande,
    "tax": run_tax,
    "scenario": run_scenario,
}


@pytest.mark.parametrize("case", _load())
def test_worked_example(case):
    result = RUNNERS[case["kind"]](case["input"])
    for path, want in case["expected"].items():
        got = _path(result, path)
        assert got == want, f"{case['name']}: {path} = {got!r}, väntat {want!r}"


def test_every_reference_example_is_covered():
    names = " ".join(c.values[0]["name"] for c in _load())
    for ref in [
        "FS-1",
        "FS-2",
        "FS-3",
        "FS-4",
        "FS-5",
        "BTP-1",
        "BTP-2",
        "BTP-3",
        "SE-1",
        "SE-2",
        "SE-3",
        "T-1",
        "T-2",
        "T-3",
        "T-4",
        "T-5",
        "787,50",
    ]:
        assert ref in names, ref
