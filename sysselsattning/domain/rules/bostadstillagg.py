"""Bostadstillägg (BTP) for people with sjukersättning or aktivitetsersättning — yearly amount paid /12.

Legal basis: socialförsäkringsbalken (SFB) 101–102 kap.; Försäkringskassan: "Det maximala bostadstillägget
minus inkomstavdraget blir summan som ska betalas ut per år … delas summan med 12" (S10a).
- Maximum per month: ``bostadstillagg.max.andel_1_procent`` (96 %) of the housing cost up to ``grans_1``
  (5 000 kr) + ``andel_2_procent`` (70 %) between ``grans_1`` and ``tak`` (7 500 kr), at most ``max_manad``
  (6 550 kr); married/sambo: half the joint cost against halved limits (2 500 / 3 750, max 3 275 kr) (S10a–c).
- Inkomstavdrag (UNCONFIRMED for current SE/AE law, S11 model port; every result carries a warning naming the
  parameters): reducing income = other reducing income + ``avrakning.arbetsinkomst_andel_procent`` (50 %) of
  the year's work income; above the fribelopp ``avrakning.fribelopp_pbb`` (2.4 PBB) it is reduced by
  ``procent_lag`` (62 %) within a band of ``band_pbb`` (1 PBB), then ``procent_hog`` (50 %).
- For comparison, BTP for ålderspensionärer: work income above ``pensionar.arbetsinkomst_fribelopp``
  (24 000 kr/yr) counts at ``pensionar.arbetsinkomst_andel_procent`` (50 %) (S12a, Pensionsmyndigheten).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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

_P = "bostadstillagg."
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
            "avrakning.fribelopp_pbb",
            "avrakning.procent_lag",
            "avrakning.procent_hog",
            "avrakning.band_pbb",
            "avrakning.arbetsinkomst_andel_procent",
        )
    ),
    "basbelopp.prisbasbelopp",
)


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
    fribelopp: int  # öre per year
    rate_low_ppm: int
    rate_high_ppm: int
    band: int  # öre per year
    earned_share_ppm: int
    unconfirmed: tuple[str, ...]

    @property
    def is_estimate(self) -> bool:
        return bool(self.unconfirmed)


def resolve_btp(params: Params, year: int) -> BtpRules:
    def build() -> BtpRules:
        t = Tracker(params)
        on = date(year, 1, 1)
        g = lambda k: t.get(_P + k, on)  # noqa: E731
        pbb = kronor_ore(t.get("basbelopp.prisbasbelopp", on))
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
            fribelopp=mul_div(pbb, ppm(g("avrakning.fribelopp_pbb")), PPM),
            rate_low_ppm=percent_ppm(g("avrakning.procent_lag")),
            rate_high_ppm=percent_ppm(g("avrakning.procent_hog")),
            band=mul_div(pbb, ppm(g("avrakning.band_pbb")), PPM),
            earned_share_ppm=percent_ppm(g("avrakning.arbetsinkomst_andel_procent")),
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "btp", year, BTP_KEYS, build)


def max_btp_month(rules: BtpRules, housing_cost_ore: int, *, married: bool) -> int:
    """Högsta BTP per month for a housing cost (the joint cost for a married/sambo couple)."""
    b = rules.married if married else rules.single
    cost = apply_ppm(housing_cost_ore, rules.married_cost_share_ppm) if married else housing_cost_ore
    cost = max(0, cost)
    amount = apply_ppm(min(cost, b.grans_1), rules.andel_1_ppm) + apply_ppm(
        max(0, min(cost, b.tak) - b.grans_1), rules.andel_2_ppm
    )
    return min(amount, b.max_manad)


def reducing_income(rules: BtpRules, *, other_year_ore: int, earned_year_ore: int) -> int:
    """Reducerande inkomst per år: other reducing income + the earned-income share of work income."""
    return other_year_ore + apply_ppm(max(0, earned_year_ore), rules.earned_share_ppm)


def inkomstavdrag(rules: BtpRules, reducing_income_ore: int) -> int:
    """Yearly reduction: low rate on the excess over the fribelopp within the band, high rate above it."""
    excess = reducing_income_ore - rules.fribelopp
    if excess <= 0:
        return 0
    if excess <= rules.band:
        return apply_ppm(excess, rules.rate_low_ppm)
    return apply_ppm(rules.band, rules.rate_low_ppm) + apply_ppm(excess - rules.band, rules.rate_high_ppm)


def btp_year(rules: BtpRules, max_month_ore: int, reducing_income_ore: int) -> int:
    """BTP per year = max(0, 12 × högsta BTP − inkomstavdrag)."""
    return max(0, 12 * max_month_ore - inkomstavdrag(rules, reducing_income_ore))


def btp_month(year_ore: int) -> int:
    """Paid per month: the yearly amount ÷ 12, to whole öre (half up)."""
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
    """One year's BTP: the yearly amount, what is paid per month, and warnings naming unconfirmed parameters."""

    max_month: int
    reducing_income: int
    reduction_year: int
    year: int
    month: int
    warnings: tuple[str, ...]


def compute_btp(
    rules: BtpRules, *, housing_cost_ore: int, married: bool, other_reducing_year_ore: int, earned_year_ore: int
) -> BtpResult:
    """BTP for a year: max(0, 12 × högsta BTP − inkomstavdrag), paid ÷ 12 (SFB 102 kap.; S10a)."""
    mx = max_btp_month(rules, housing_cost_ore, married=married)
    ri = reducing_income(rules, other_year_ore=other_reducing_year_ore, earned_year_ore=earned_year_ore)
    red = inkomstavdrag(rules, ri)
    year = max(0, 12 * mx - red)
    warnings = ()
    if rules.unconfirmed:
        warnings = (
            "Bostadstillägg: beloppen är en uppskattning – obekräftade parametrar: "
            + ", ".join(rules.unconfirmed)
            + ".",
        )
    return BtpResult(mx, ri, red, year, btp_month(year), warnings)
