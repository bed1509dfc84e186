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

from sysselsattning.commands._simulation_json import simulate_dict
from sysselsattning.domain import employer_fees, tax
from sysselsattning.domain.money import ore_to_str, parse_kronor
from sysselsattning.domain.rules import bostadsbidrag as bb
from sysselsattning.domain.rules import bostadstillagg as btp
from sysselsattning.domain.rules import forsorjningsstod as fs
from sysselsattning.domain.rules import sarskilt_bostadstillagg as sbtp
from sysselsattning.domain.rules import sjukersattning as se
from sysselsattning.domain.rules._common import mul_div, ppm
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


def _k(inp: dict, key: str, default: str = "0") -> int:
    return parse_kronor(inp.get(key, default))


def run_btp_law(inp: dict, params: Any = None) -> dict:
    rules = btp.resolve_btp(params or default_parameters(), inp["year"])
    r = btp.compute_btp(
        rules,
        housing_cost_ore=_k(inp, "housing_cost"),
        married=inp.get("married", False),
        se_ae_year_ore=_k(inp, "se_ae_year"),
        arvode_year_ore=_k(inp, "arvode_year"),
        other_income_year_ore=_k(inp, "other_income_year"),
        age=inp.get("age"),
        bb_paid_month_ore=_k(inp, "bb_paid_month"),
        bb_housing_part_ore=_k(inp, "bb_housing_part"),
    )
    return {
        "garantiniva": m(btp.garantiniva_year(rules, inp.get("age"))),
        "housing": m(r.housing),
        "max_month": m(r.max_month),
        "reduction_income": m(r.reduction_income),
        "reduction_year": m(r.reduction_year),
        "btp_year": m(r.year),
        "btp_month": m(r.month),
        "estimate": r.estimate,
    }


def run_sbtp(inp: dict) -> dict:
    params = default_parameters()
    if "reading" in inp:
        params = params.with_value(
            "sarskilt_bostadstillagg.sambo_lasning", date(2022, 1, 1), inp["reading"], status="unconfirmed"
        )
    rules = sbtp.resolve_sbtp(params, inp["year"])
    r = sbtp.compute_sbtp(
        rules,
        married=inp.get("married", False),
        net_incomes_ore=_k(inp, "net_incomes"),
        floor_net_ore=_k(inp, "floor_net"),
        btp_month_ore=_k(inp, "btp_month"),
        housing_cost_ore=_k(inp, "housing_cost"),
    )
    return {"level": m(r.level), "incomes": m(r.incomes), "sbtp": m(r.month), "estimate": bool(r.warnings)}


def run_sbtp_core(inp: dict) -> dict:
    level = sbtp.level_month(parse_kronor(inp["pbb"]), ppm(inp["factor"]), inp["rounding"])
    return {"level": m(level), "sbtp": m(sbtp.sbtp_amount(level, _k(inp, "incomes"), _k(inp, "housing")))}


def run_sbtp_breakeven(inp: dict) -> dict:
    params = default_parameters()
    rules = sbtp.resolve_sbtp(params, inp["year"])
    b = btp.resolve_btp(params, inp["year"])
    btp_m, housing = _k(inp, "btp_month"), _k(inp, "housing_cost")
    breakeven = rules.level_single - btp_m + min(housing, rules.cap_single)
    lowest = sbtp.floor_net_month(btp.garantiniva_year(b, inp["age"]), se_gross_ore=0, se_net_ore=0, rules=rules)

    def at(floor: int) -> str:
        r = sbtp.compute_sbtp(
            rules, married=False, net_incomes_ore=0, floor_net_ore=floor, btp_month_ore=btp_m, housing_cost_ore=housing
        )
        return m(r.month)

    return {
        "breakeven": m(breakeven),
        "floor_net_lowest": m(lowest),
        "sbtp_lowest": at(lowest),
        "sbtp_at_breakeven": at(breakeven),
        "sbtp_just_below": at(breakeven - 1),
    }


def _bb(inp: dict, params: Any, bgi: int, bgi_final: int | None = None) -> bb.BbYear:
    rules = bb.resolve_bb(params, inp["year"])
    n = inp.get("children", 0)
    return bb.bb_year(
        rules,
        housing_cost_ore=_k(inp, "housing_cost"),
        children_per_month=(n,) * 12,
        young_per_month=(bool(inp.get("young", False)),) * 12,
        couple=inp.get("couple", False),
        bgi_reported_ore=bgi,
        bgi_final_ore=bgi if bgi_final is None else bgi_final,
        partner_bgi_ore=_k(inp, "partner_bgi"),
    )


def run_bb(inp: dict) -> dict:
    params = default_parameters()
    rules = bb.resolve_bb(params, inp["year"])
    n = inp.get("children", 0)
    bgi = _k(inp, "bgi")
    y = _bb(inp, params, bgi, _k(inp, "bgi_final") if "bgi_final" in inp else None)
    if n:
        mx = bb.family_max_month(rules, _k(inp, "housing_cost"), n)
        red = bb.family_reduction_year(
            rules, bgi, partner_bgi_ore=_k(inp, "partner_bgi"), couple=inp.get("couple", False)
        )
    else:
        mx = bb.young_max_month(rules, _k(inp, "housing_cost"))
        red = bb.young_reduction_year(rules, bgi)
    out: dict[str, Any] = {
        "max_month": m(mx),
        "reduction_year": m(red),
        "preliminary_month": m(y.preliminary[0]),
        "paid_year": m(sum(y.preliminary)),
        "final_year": m(y.final_year),
        "settlement": m(y.settlement),
    }
    for i in range(12):
        out[f"paid_month_{i + 1}"] = m(y.paid[i])
    if "bgi_2" in inp:
        out["preliminary_month_2"] = m(_bb(inp, params, _k(inp, "bgi_2")).preliminary[0])
    return out


def run_bb_btp(inp: dict) -> dict:
    params = default_parameters()
    if "bb_deduction" in inp:
        params = params.with_value(
            "bostadstillagg.samordning.bostadsbidrag_avdrag",
            date(2022, 1, 1),
            inp["bb_deduction"],
            status="unconfirmed",
        )
    y = _bb(inp, params, _k(inp, "bgi"))
    rules = bb.resolve_bb(params, inp["year"])
    arvode = _k(inp, "arvode_year")
    r = run_btp_law(
        {
            "year": inp["year"],
            "age": inp["age"],
            "housing_cost": inp["housing_cost"],
            "se_ae_year": m(_k(inp, "bgi") - arvode),
            "arvode_year": m(arvode),
            "bb_paid_month": m(y.preliminary[0]),
            "bb_housing_part": m(y.housing_part[0]),
        },
        params,
    )
    return {
        "reduction_year": m(bb.family_reduction_year(rules, _k(inp, "bgi"))),
        "preliminary_month": m(y.preliminary[0]),
        "btp_housing": r["housing"],
        "btp_month": r["btp_month"],
        "btp_estimate": r["estimate"],
    }


def run_se_year(inp: dict) -> dict:
    rules = se.resolve_se(default_parameters(), inp["year"])
    gross = _k(inp, "gross")
    y = se.se_year(
        rules,
        regime=inp["regime"],
        degree=inp["degree"],
        net_month_ore=_k(inp, "net"),
        gross_month_ore=gross,
        work_month_ore=[parse_kronor(w) for w in inp["work"]],
        vilande_months_before_year=inp.get("vilande_before", 0),
    )
    return {
        "gross": [m(g) for g in y.gross],
        "paid": [m(p) for p in y.paid],
        "reduction_year": m(12 * gross - y.gross_year),
        "report_warning": se.REPORT_WARNING in y.warnings,
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
    return simulate_dict(inp, default_parameters())


RUNNERS = {
    "fs": run_fs,
    "btp_max": run_btp_max,
    "btp_law": run_btp_law,
    "sbtp": run_sbtp,
    "sbtp_core": run_sbtp_core,
    "sbtp_breakeven": run_sbtp_breakeven,
    "bb": run_bb,
    "bb_btp": run_bb_btp,
    "se_year": run_se_year,
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
        *(f"BTP-L{n} " for n in range(1, 11)),
        *(f"SBTP-{n} " for n in range(1, 6)),
        *(f"BB-{n} " for n in range(1, 8)),
        "BB-1′",
        "BB-2a",
        "BB-6a",
        *(f"SE-S{n} " for n in range(1, 6)),
        "SE-V1 ",
        "SE-V2 ",
        "SE-B1 ",
    ]:
        assert ref in names, ref
