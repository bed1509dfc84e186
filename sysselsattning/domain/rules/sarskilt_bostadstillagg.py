"""Särskilt bostadstillägg (SBTP) for SE/AE recipients, SFB 102 kap. 26–30 §§ (docs/rules.md).

Per month: SBTP = max(0, skälig levnadsnivå − (incomes after tax + BTP − skälig bostadskostnad)).
- Skälig levnadsnivå (28 §): ``sarskilt_bostadstillagg.niva_pbb.ensamstaende`` (1.5357) or ``.gift`` (1.2353)
  prisbasbelopp ÷ 12; how FK rounds it is ``niva_avrundning`` (unconfirmed, §10 Q7).
- Skälig bostadskostnad (27 §): the housing cost counted as for BTP, at most ``bostadskostnad_tak.*``
  (7 500 single / 3 750 each spouse).
- Incomes (29 §): tjänst (SE/AE, wages, the arvode at 100 %) after table tax, plus BTP. Floor (30 §): the tjänst
  incomes are always deemed at least the full garantinivå after tax — which makes SBTP 0 for practically every
  single SE/AE recipient (§3.6). When the scenario has no SE gross/net pair, the net share of the garantinivå is
  ``golv_nettoandel_procent`` (secondary).
- Couples (§10 Q1): ``sambo_lasning`` = ``per_person`` (reading 1: the floor per person, own BTP, own half of the
  housing) or ``halvera`` (reading 2: floor, then half of the couple's incomes including BTP). Either way flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sysselsattning.domain.rules._common import (
    PPM,
    Params,
    Tracker,
    cached,
    kronor_ore,
    mul_div,
    percent_ppm,
    ppm,
)
from sysselsattning.domain.rules.warnings import RuleWarning

_P = "sarskilt_bostadstillagg."
READINGS = ("per_person", "halvera")
ROUNDINGS = ("ore", "krona_nedat")
SBTP_KEYS: tuple[str, ...] = (
    _P + "niva_pbb.ensamstaende",
    _P + "niva_pbb.gift",
    _P + "bostadskostnad_tak.ensamstaende",
    _P + "bostadskostnad_tak.gift",
    _P + "niva_avrundning",
    _P + "golv_nettoandel_procent",
    _P + "sambo_lasning",
    "basbelopp.prisbasbelopp",
)

#: The warnings compute_sbtp raises, by couple reading (texts: i18n/warnings.py).
COUPLE_WARNINGS = {
    "per_person": RuleWarning("sbtp_couple_per_person"),
    "halvera": RuleWarning("sbtp_couple_halved"),
}
LEVEL_WARNING = RuleWarning("sbtp_level_rounding")


@dataclass(frozen=True, slots=True)
class SbtpRules:
    level_single: int  # öre per month
    level_married: int
    cap_single: int
    cap_married: int
    floor_net_share_ppm: int
    reading: str
    unconfirmed: tuple[str, ...]


def level_month(pbb_ore: int, factor_ppm: int, rounding: str) -> int:
    """Skälig levnadsnivå per month (öre): factor × PBB ÷ 12, in öre or truncated to whole kronor."""
    exact = mul_div(pbb_ore, factor_ppm, 12 * PPM)
    if rounding == "krona_nedat":
        return pbb_ore * factor_ppm // (12 * PPM) // 100 * 100
    return exact


def resolve_sbtp(params: Params, year: int) -> SbtpRules:
    def build() -> SbtpRules:
        t = Tracker(params)
        on = date(year, 1, 1)

        def g(k: str) -> Any:
            return t.get(_P + k, on)

        pbb = kronor_ore(t.get("basbelopp.prisbasbelopp", on))
        rounding = str(g("niva_avrundning"))
        if rounding not in ROUNDINGS:
            raise ValueError(f"{_P}niva_avrundning: ska vara en av {', '.join(ROUNDINGS)} (var {rounding!r})")
        reading = str(g("sambo_lasning"))
        if reading not in READINGS:
            raise ValueError(f"{_P}sambo_lasning: ska vara en av {', '.join(READINGS)} (var {reading!r})")
        return SbtpRules(
            level_single=level_month(pbb, ppm(g("niva_pbb.ensamstaende")), rounding),
            level_married=level_month(pbb, ppm(g("niva_pbb.gift")), rounding),
            cap_single=kronor_ore(g("bostadskostnad_tak.ensamstaende")),
            cap_married=kronor_ore(g("bostadskostnad_tak.gift")),
            floor_net_share_ppm=percent_ppm(g("golv_nettoandel_procent")),
            reading=reading,
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "sbtp", year, SBTP_KEYS, build)


def sbtp_amount(level_ore: int, incomes_ore: int, housing_counted_ore: int) -> int:
    """The core of 26 §: max(0, levnadsnivå − (incomes − skälig bostadskostnad)), per month in öre."""
    return max(0, level_ore - (incomes_ore - housing_counted_ore))


def floor_net_month(garantiniva_year_ore: int, *, se_gross_ore: int, se_net_ore: int, rules: SbtpRules) -> int:
    """The 30 § floor per month: the full garantinivå ÷ 12 after tax (the scenario's SE net share, else the parameter)."""
    gross = mul_div(garantiniva_year_ore, 1, 12)
    if se_gross_ore > 0 and 0 < se_net_ore <= se_gross_ore:
        return mul_div(gross, se_net_ore, se_gross_ore)
    return mul_div(gross, rules.floor_net_share_ppm, PPM)


@dataclass(frozen=True, slots=True)
class SbtpResult:
    month: int
    incomes: int  # counted incomes incl. BTP, after the floor (and halving in reading 2)
    housing: int
    level: int
    warnings: tuple[RuleWarning, ...]


def compute_sbtp(
    rules: SbtpRules,
    *,
    married: bool,
    net_incomes_ore: int,
    floor_net_ore: int,
    btp_month_ore: int,
    housing_cost_ore: int,
    partner_net_incomes_ore: int = 0,
    partner_btp_month_ore: int = 0,
) -> SbtpResult:
    """SBTP for one month.

    ``net_incomes_ore`` = the person's tjänst incomes after tax (SE/AE, arvode, other); ``housing_cost_ore`` = the
    housing cost counted for BTP (the joint cost for a couple; each spouse counts half).
    """
    warnings: list[RuleWarning] = []
    if married:
        level, cap = rules.level_married, rules.cap_married
        own_housing = mul_div(max(0, housing_cost_ore), 1, 2)
        own = max(floor_net_ore, net_incomes_ore)
        if rules.reading == "per_person":  # reading 1
            incomes = own + btp_month_ore
        else:  # reading 2: floor, then half of the couple's incomes including bostadstillägg
            incomes = mul_div(own + partner_net_incomes_ore + btp_month_ore + partner_btp_month_ore, 1, 2)
        if "sarskilt_bostadstillagg.sambo_lasning" in rules.unconfirmed:
            warnings.append(COUPLE_WARNINGS[rules.reading])
    else:
        level, cap = rules.level_single, rules.cap_single
        own_housing = max(0, housing_cost_ore)
        incomes = max(floor_net_ore, net_incomes_ore) + btp_month_ore
    housing = min(own_housing, cap)
    amount = sbtp_amount(level, incomes, housing)
    if amount > 0 and "sarskilt_bostadstillagg.niva_avrundning" in rules.unconfirmed:
        warnings.append(LEVEL_WARNING)
    return SbtpResult(amount, incomes, housing, level, tuple(warnings))
