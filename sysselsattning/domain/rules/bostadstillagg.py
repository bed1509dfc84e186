"""Bostadstillägg (BTP) for people with sjukersättning or aktivitetsersättning — by the law text.

Legal basis (docs/rules.md; socialförsäkringsbalken, SFB, as published 2025-12-22):
- Maximum per month (102 kap. 22 §): ``bostadstillagg.max.andel_1_procent`` (96 %) of the housing cost up to
  ``grans_1`` (5 000 kr) + ``andel_2_procent`` (70 %) up to ``tak`` (7 500 kr), at most ``max_manad`` (6 550 kr);
  married/sambo: half the joint cost against halved limits (2 500 / 3 750, max 3 275 kr). Housing cost
  "motsvarad av preliminärt bostadsbidrag" is not counted (101 kap. 9 §); whether the whole bidrag or only its
  housing part is taken off is the parameter ``samordning.bostadsbidrag_avdrag`` (unconfirmed, §10 Q2).
- Reduceringsinkomst RI (102 kap. 16 §) = SE/AE and other income counted in full + ``avrakning.
  arbetsinkomst_andel_procent`` (50 %) of arbetsinkomst (an arvode, ``avrakning.arvode_ar_arbetsinkomst``) +
  ``avrakning.ovrig_inkomst_andel_procent`` (80 %) of other BGI, minus the garantinivå for FULL SE/AE at the
  person's age (102 kap. 18 §, factors ``sjukersattning.garantiniva_pbb.*``: 2.78 PBB from 30, 2.48–2.73 below).
  Married/sambo: each spouse's RI is half the couple's combined RI (6 §); the partner's income and own
  deduction are not in the scenario (§10 Q5), so couple results are estimates.
- Inkomstavdrag (25 §): ``procent_lag`` (62 %) of RI up to ``band_pbb`` (1 PBB) + ``procent_hog`` (50 %) above.
- BTP per year = max(0, 12 × max − inkomstavdrag), rounded to the nearest krona divisible by
  ``avrundning.ar_delbart_med`` (12) and paid per month (103 kap. 5 §).
- For comparison only, BTP för ålderspensionärer (``pensionar.*``): work income above 24 000 kr/yr counts at 50 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sysselsattning.domain.rules._common import (
    PPM,
    Params,
    Tracker,
    apply_ppm,
    cached,
    kronor_ore,
    mul_div,
    percent_ppm,
    ppm,
)
from sysselsattning.domain.rules.warnings import RuleWarning, warning

_P = "bostadstillagg."
#: Age bands of the garantinivå (35 kap. 18–19 §§): (lowest age, highest age, parameter name).
GARANTI_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 20, "under_21"),
    (21, 22, "ar_21_22"),
    (23, 24, "ar_23_24"),
    (25, 26, "ar_25_26"),
    (27, 28, "ar_27_28"),
    (29, 29, "ar_29"),
    (30, 999, "fran_30"),
)
GARANTI_KEYS: tuple[str, ...] = tuple(f"sjukersattning.garantiniva_pbb.{n}" for _, _, n in GARANTI_BANDS)
BB_DEDUCTION_KEY = _P + "samordning.bostadsbidrag_avdrag"
BB_DEDUCTIONS = ("hela", "bostadsdel")
BTP_KEYS: tuple[str, ...] = (
    *tuple(
        _P + k
        for k in (
            "max.andel_1_procent",
            "max.andel_2_procent",
            "max.ensamstaende.grans_1",
            "max.ensamstaende.tak",
            "max.ensamstaende.max_manad",
            "max.gift.bostadskostnad_andel_procent",
            "max.gift.grans_1",
            "max.gift.tak",
            "max.gift.max_manad",
            "avrakning.procent_lag",
            "avrakning.procent_hog",
            "avrakning.band_pbb",
            "avrakning.arbetsinkomst_andel_procent",
            "avrakning.arvode_ar_arbetsinkomst",
            "avrakning.ovrig_inkomst_andel_procent",
            "avrundning.ar_delbart_med",
            "samordning.bostadsbidrag_avdrag",
        )
    ),
    *GARANTI_KEYS,
    "basbelopp.prisbasbelopp",
)

#: The warnings compute_btp raises (texts: i18n/warnings.py).
COUPLE_WARNING = RuleWarning("btp_couple")
BB_DEDUCTION_WARNINGS = {
    "hela": RuleWarning("btp_bb_deduction_whole"),
    "bostadsdel": RuleWarning("btp_bb_deduction_housing_part"),
}
NO_AGE_WARNING = RuleWarning("btp_no_birth_date")


@dataclass(frozen=True, slots=True)
class Brackets:
    grans_1: int
    tak: int
    max_manad: int


@dataclass(frozen=True, slots=True)
class BtpRules:
    andel_1_ppm: int
    andel_2_ppm: int
    single: Brackets
    married: Brackets
    married_cost_share_ppm: int
    pbb: int  # öre per year
    garantiniva: tuple[int, ...]  # öre per year, by GARANTI_BANDS
    rate_low_ppm: int
    rate_high_ppm: int
    band: int  # öre per year
    earned_share_ppm: int
    arvode_is_earned: bool
    other_share_ppm: int
    round_to: int  # öre: the yearly amount is a multiple of this
    bb_deduction: str
    unconfirmed: tuple[str, ...]

    @property
    def is_estimate(self) -> bool:
        """Whether the rules used in EVERY BTP result rest on an unconfirmed value (the BB reading is apart)."""
        return any(k != BB_DEDUCTION_KEY for k in self.unconfirmed)

    @property
    def arvode_share_ppm(self) -> int:
        return self.earned_share_ppm if self.arvode_is_earned else self.other_share_ppm


def resolve_btp(params: Params, year: int) -> BtpRules:
    def build() -> BtpRules:
        t = Tracker(params)
        on = date(year, 1, 1)

        def g(k: str) -> Any:
            return t.get(_P + k, on)

        pbb = kronor_ore(t.get("basbelopp.prisbasbelopp", on))
        deduction = str(g("samordning.bostadsbidrag_avdrag"))
        if deduction not in BB_DEDUCTIONS:
            raise ValueError(f"{BB_DEDUCTION_KEY}: ska vara 'hela' eller 'bostadsdel' (var {deduction!r})")
        return BtpRules(
            andel_1_ppm=percent_ppm(g("max.andel_1_procent")),
            andel_2_ppm=percent_ppm(g("max.andel_2_procent")),
            single=Brackets(
                kronor_ore(g("max.ensamstaende.grans_1")),
                kronor_ore(g("max.ensamstaende.tak")),
                kronor_ore(g("max.ensamstaende.max_manad")),
            ),
            married=Brackets(
                kronor_ore(g("max.gift.grans_1")), kronor_ore(g("max.gift.tak")), kronor_ore(g("max.gift.max_manad"))
            ),
            married_cost_share_ppm=percent_ppm(g("max.gift.bostadskostnad_andel_procent")),
            pbb=pbb,
            garantiniva=tuple(mul_div(pbb, ppm(t.get(k, on)), PPM) for k in GARANTI_KEYS),
            rate_low_ppm=percent_ppm(g("avrakning.procent_lag")),
            rate_high_ppm=percent_ppm(g("avrakning.procent_hog")),
            band=mul_div(pbb, ppm(g("avrakning.band_pbb")), PPM),
            earned_share_ppm=percent_ppm(g("avrakning.arbetsinkomst_andel_procent")),
            arvode_is_earned=bool(g("avrakning.arvode_ar_arbetsinkomst")),
            other_share_ppm=percent_ppm(g("avrakning.ovrig_inkomst_andel_procent")),
            round_to=kronor_ore(g("avrundning.ar_delbart_med")),
            bb_deduction=deduction,
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "btp", year, BTP_KEYS, build)


def garantiniva_year(rules: BtpRules, age: int | None) -> int:
    """The garantinivå for FULL SE/AE at ``age`` per year (öre): the BTP deduction of 102 kap. 18 §."""
    if age is None:
        age = 30
    for i, (lo, hi, _) in enumerate(GARANTI_BANDS):
        if lo <= age <= hi:
            return rules.garantiniva[i]
    return rules.garantiniva[-1]


def counted_housing_cost(
    rules: BtpRules, housing_cost_ore: int, *, bb_paid_month_ore: int = 0, bb_housing_part_ore: int = 0
) -> int:
    """The housing cost BTP counts: less the preliminary bostadsbidrag (101 kap. 9 §), by the parameter's reading."""
    deduct = bb_paid_month_ore if rules.bb_deduction == "hela" else min(bb_paid_month_ore, bb_housing_part_ore)
    return max(0, housing_cost_ore - max(0, deduct))


def max_btp_month(rules: BtpRules, housing_cost_ore: int, *, married: bool) -> int:
    """Högsta BTP per month for a housing cost (the joint cost for a married/sambo couple)."""
    b = rules.married if married else rules.single
    cost = apply_ppm(housing_cost_ore, rules.married_cost_share_ppm) if married else housing_cost_ore
    cost = max(0, cost)
    amount = apply_ppm(min(cost, b.grans_1), rules.andel_1_ppm) + apply_ppm(
        max(0, min(cost, b.tak) - b.grans_1), rules.andel_2_ppm
    )
    return min(amount, b.max_manad)


def reduction_income(
    rules: BtpRules,
    *,
    se_ae_year_ore: int,
    arvode_year_ore: int,
    other_income_year_ore: int = 0,
    full_income_year_ore: int = 0,
    age: int | None,
    married: bool = False,
) -> int:
    """Reduceringsinkomst per year (102 kap. 16, 18 §§; 6 § for spouses: half of the combined)."""
    gross = (
        se_ae_year_ore
        + full_income_year_ore
        + apply_ppm(max(0, arvode_year_ore), rules.arvode_share_ppm)
        + apply_ppm(max(0, other_income_year_ore), rules.other_share_ppm)
    )
    ri = max(0, gross - garantiniva_year(rules, age))
    return mul_div(ri, 1, 2) if married else ri


def inkomstavdrag(rules: BtpRules, reduction_income_ore: int) -> int:
    """Yearly inkomstavdrag: 62 % of RI up to 1 PBB + 50 % of the RI above it (102 kap. 25 §)."""
    ri = max(0, reduction_income_ore)
    if ri <= rules.band:
        return apply_ppm(ri, rules.rate_low_ppm)
    return apply_ppm(rules.band, rules.rate_low_ppm) + apply_ppm(ri - rules.band, rules.rate_high_ppm)


def round_year(rules: BtpRules, year_ore: int) -> int:
    """The yearly amount rounded to the nearest krona divisible by 12 (103 kap. 5 §), half up."""
    return mul_div(year_ore, 1, rules.round_to) * rules.round_to


def btp_year(rules: BtpRules, max_month_ore: int, reduction_income_ore: int) -> int:
    """BTP per year = max(0, 12 × högsta BTP − inkomstavdrag), rounded for monthly payment."""
    return round_year(rules, max(0, 12 * max_month_ore - inkomstavdrag(rules, reduction_income_ore)))


def btp_month(year_ore: int) -> int:
    """Paid per month: the (rounded) yearly amount ÷ 12."""
    return mul_div(year_ore, 1, 12)


# ------------------------------------------------------------------------ pensioners (comparison only)
def pensioner_counted_earned_income(params: Params, on: date, earned_year_ore: int) -> int:
    """BTP för ålderspensionärer: the part of the work income that counts (50 % above 24 000 kr/yr, S12a)."""
    free = kronor_ore(params.get(_P + "pensionar.arbetsinkomst_fribelopp", on))
    share = percent_ppm(params.get(_P + "pensionar.arbetsinkomst_andel_procent", on))
    return apply_ppm(max(0, earned_year_ore - free), share)


def pensioner_reduction(params: Params, on: date, counted_ore: int) -> int:
    """Yearly BTP reduction for pensioners at ``pensionar.avrakning_procent`` (62 %, S11, secondary)."""
    return apply_ppm(counted_ore, percent_ppm(params.get(_P + "pensionar.avrakning_procent", on)))


@dataclass(frozen=True, slots=True)
class BtpResult:
    """One year's BTP: counted housing, maximum, RI, inkomstavdrag, yearly and monthly amount, warnings."""

    housing: int
    max_month: int
    reduction_income: int
    reduction_year: int
    year: int
    month: int
    warnings: tuple[RuleWarning, ...]

    @property
    def estimate(self) -> bool:
        return bool(self.warnings)


def compute_btp(
    rules: BtpRules,
    *,
    housing_cost_ore: int,
    married: bool,
    se_ae_year_ore: int,
    arvode_year_ore: int,
    other_income_year_ore: int = 0,
    full_income_year_ore: int = 0,
    age: int | None = None,
    bb_paid_month_ore: int = 0,
    bb_housing_part_ore: int = 0,
) -> BtpResult:
    """BTP for a year for an SE/AE recipient by SFB 102 kap. (docs/rules.md)."""
    housing = counted_housing_cost(
        rules, housing_cost_ore, bb_paid_month_ore=bb_paid_month_ore, bb_housing_part_ore=bb_housing_part_ore
    )
    mx = max_btp_month(rules, housing, married=married)
    ri = reduction_income(
        rules,
        se_ae_year_ore=se_ae_year_ore,
        arvode_year_ore=arvode_year_ore,
        other_income_year_ore=other_income_year_ore,
        full_income_year_ore=full_income_year_ore,
        age=age,
        married=married,
    )
    red = inkomstavdrag(rules, ri)
    year = round_year(rules, max(0, 12 * mx - red))
    warnings: list[RuleWarning] = []
    general = [k for k in rules.unconfirmed if k != BB_DEDUCTION_KEY]
    if general:
        warnings.append(warning("btp_unconfirmed", keys=general))
    if bb_paid_month_ore > 0 and BB_DEDUCTION_KEY in rules.unconfirmed:
        warnings.append(BB_DEDUCTION_WARNINGS[rules.bb_deduction])
    if married:
        warnings.append(COUPLE_WARNING)
    if age is None:
        warnings.append(NO_AGE_WARNING)
    return BtpResult(housing, mx, ri, red, year, btp_month(year), tuple(warnings))
