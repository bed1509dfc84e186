"""Unit checks of the benefit modules' own results and warnings."""

from __future__ import annotations

from sysselsattning.domain.rules import bostadstillagg as btp
from sysselsattning.domain.rules import forsorjningsstod as fs
from sysselsattning.domain.rules import sjukersattning as se
from sysselsattning.rules import default_parameters

P = default_parameters()


def test_btp_result_names_the_unconfirmed_parameters():
    rules = btp.resolve_btp(P, 2026)
    r = btp.compute_btp(
        rules,
        housing_cost_ore=600000,
        married=False,
        other_reducing_year_ore=rules.fribelopp + 1000000,
        earned_year_ore=1200000,
    )
    assert (r.max_month, r.year, r.month) == (550000, 5608000, 467333)
    assert r.warnings and "bostadstillagg.avrakning.fribelopp_pbb" in r.warnings[0] and "uppskattning" in r.warnings[0]
    assert "bostadstillagg.max.ensamstaende.max_manad" not in r.warnings[0]  # confirmed figures are not named


def test_btp_never_negative():
    rules = btp.resolve_btp(P, 2026)
    assert (
        btp.compute_btp(
            rules, housing_cost_ore=0, married=True, other_reducing_year_ore=10**9, earned_year_ore=10**9
        ).year
        == 0
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
    assert vil.paid[:2] == (1100000, 1100000) and vil.paid[2:] == (342875,) * 10
    late = se.se_year(
        rules,
        regime="vilande",
        degree="hel",
        net_month_ore=1100000,
        gross_month_ore=1371500,
        work_month_ore=work,
        vilande_months_before_year=20,
    )
    assert late.paid[:4] == (0, 0, 0, 0) and se.REVIEW_WARNING in late.warnings
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
