"""Unit checks of the benefit modules' own results and warnings."""

from __future__ import annotations

from sysselsattning.domain.rules import bostadstillagg as btp
from sysselsattning.domain.rules import forsorjningsstod as fs
from sysselsattning.domain.rules import sjukersattning as se
from sysselsattning.rules import default_parameters

P = default_parameters()


def test_btp_by_the_law_is_not_an_estimate_for_a_single_person():
    rules = btp.resolve_btp(P, 2026)
    r = btp.compute_btp(
        rules, housing_cost_ore=700000, married=False, se_ae_year_ore=16458000, arvode_year_ore=2400000, age=40
    )
    assert (r.max_month, r.year, r.month) == (620000, 6696000, 558000)
    assert r.warnings == () and not r.estimate and not rules.is_estimate


def test_btp_couple_and_bostadsbidrag_readings_are_flagged():
    rules = btp.resolve_btp(P, 2026)
    couple = btp.compute_btp(rules, housing_cost_ore=800000, married=True, se_ae_year_ore=16458000, arvode_year_ore=0)
    assert couple.month == 327500
    assert btp.COUPLE_WARNING in couple.warnings and btp.NO_AGE_WARNING in couple.warnings
    with_bb = btp.compute_btp(
        rules,
        housing_cost_ore=700000,
        married=False,
        se_ae_year_ore=16458000,
        arvode_year_ore=0,
        age=40,
        bb_paid_month_ore=390000,
        bb_housing_part_ore=270000,
    )
    assert with_bb.housing == 310000 and btp.BB_DEDUCTION_WARNINGS["hela"] in with_bb.warnings


def test_btp_garantiniva_by_age_band():
    rules = btp.resolve_btp(P, 2026)
    pbb = 5920000
    assert [btp.garantiniva_year(rules, a) for a in (19, 21, 23, 25, 27, 29, 30, 64)] == [
        pbb * f // 100 for f in (248, 253, 258, 263, 268, 273, 278, 278)
    ]


def test_btp_never_negative():
    rules = btp.resolve_btp(P, 2026)
    assert (
        btp.compute_btp(rules, housing_cost_ore=0, married=True, se_ae_year_ore=10**9, arvode_year_ore=10**9).year == 0
    )


def test_se_year_regimes():
    rules = se.resolve_se(P, 2026)
    work = [0, 0, 100000] + [0] * 9
    plain = se.se_year(
        rules, regime="ovrig", degree="hel", net_month_ore=1100000, gross_month_ore=1371500, work_month_ore=work
    )
    assert plain.paid == (1100000,) * 12 and plain.warnings == (se.REPORT_WARNING,)
    assert (
        se.se_year(
            rules, regime="ovrig", degree="hel", net_month_ore=1100000, gross_month_ore=1371500, work_month_ore=[0] * 12
        ).warnings
        == ()
    )
    vil = se.se_year(
        rules, regime="vilande", degree="hel", net_month_ore=1100000, gross_month_ore=1371500, work_month_ore=work
    )
    # 25 % of the gross SE, taxed like the SE (net share 11 000 / 13 715; Q7 is a flagged parameter)
    assert vil.paid[:2] == (1100000, 1100000) and vil.paid[2:] == (275000,) * 10
    assert se.VILANDE_TAX_WARNING in vil.warnings and se.VILANDE_WARNING in vil.warnings
    late = se.se_year(
        rules,
        regime="vilande",
        degree="hel",
        net_month_ore=1100000,
        gross_month_ore=1371500,
        work_month_ore=work,
        vilande_months_before_year=20,
    )
    # 25 % is paid for 24 vilande months (36 kap. 18 §): months 21–24 still pay, then the review
    assert late.paid[:4] == (275000,) * 4 and late.paid[4:] == (0,) * 8 and se.REVIEW_WARNING in late.warnings
    half = se.se_year(
        rules,
        regime="steglos",
        degree="halv",
        net_month_ore=600000,
        gross_month_ore=700000,
        work_month_ore=[2000000] * 12,
    )
    # fribelopp ½ SE = 4.2 PBB = 248 640; (240 000 − 248 640) < 0 → no reduction
    assert half.paid == (600000,) * 12


def test_riksnorm_non_sambo_adult_shares_common_costs():
    norm = fs.resolve_riksnorm(P, fs.date(2026, 1, 1))
    # participant + a non-sambo adult: 3 940 + 1 410 / 2
    assert fs.riksnorm(norm, adults=2, cohabiting=False, child_ages=[]) == 394000 + 70500
    assert fs.riksnorm(norm, adults=1, cohabiting=False, child_ages=[]) == 522000


def test_child_born_during_the_year_counts_from_its_birth_month():
    assert fs.child_ages_in_month([fs.date(2026, 5, 20)], 2026, 4) == []
    assert fs.child_ages_in_month([fs.date(2026, 5, 20)], 2026, 5) == [0]
    assert fs.child_ages_in_month([fs.date(2019, 5, 20)], 2026, 4) == [6]
    assert fs.child_ages_in_month([fs.date(2019, 5, 20)], 2026, 5) == [7]


def test_reporting_advice_names_who_to_tell_and_the_repayment():
    import json

    from sysselsattning.domain.rules import advice
    from sysselsattning.domain.rules.scenario import parse_scenario
    from sysselsattning.domain.rules.simulation import simulate
    from sysselsattning.paths import resource_path

    def typed_result(data, params):  # the typed result, as the page and the letter get it
        return simulate(parse_scenario(data, params), params)

    scenario = json.loads(resource_path("scenarios", "bb7_ej_anmalt.json").read_text(encoding="utf-8"))
    lines = advice.reporting_advice(typed_result(scenario, P), scenario)
    assert [a.text for a in lines] == [advice.BB_REPORT, advice.BB_REPAY]
    assert lines[1].values == {"year": 2027, "amount": 480000} and lines[1].money == ("amount",)
    no_work = json.loads(json.dumps(scenario))
    no_work["arvode"]["monthly_gross"] = ["0.00"] * 12
    assert advice.reporting_advice(typed_result(no_work, P), no_work) == []  # no work, nothing to tell
    se = json.loads(resource_path("scenarios", "se_v2_vilande_btp.json").read_text(encoding="utf-8"))
    assert [a.text for a in advice.reporting_advice(typed_result(se, P), se)] == [
        advice.SE_VILANDE,
        advice.BTP_REPORT,
    ]
