"""Sjukersättning (SE) and work: steglös avräkning, vilande SE with 25 %, or "report to Försäkringskassan".

Legal basis (rules-reference.md §4): socialförsäkringsbalken (SFB) 33–37 kap.; prop. 2007/08:124.
- Steglös avräkning, only for permanent SE granted before 1 Jul 2008: fribelopp per year
  ``sjukersattning.steglos.fribelopp_pbb.<grad>`` × PBB (1 PBB at full SE, S13c, S13d); SE is reduced by
  ``steglos.procent`` (50 %) of the work income above the fribelopp (S13e, S13f). Income above
  ``steglos.tak_pbb`` (8 PBB) may affect SE further → a warning.
- Vilande SE (granted from 1 Jul 2008): the SE rests while the person works, for at most
  ``vilande.max_manader`` (24) months; Försäkringskassan pays ``vilande.procent`` (25 %) of the vilande amount
  for at most ``vilande.betald_max_manader`` (12) months (S13a, S13b, S13d).
- Other SE recipients: no earnings disregard found; paid work must be reported to Försäkringskassan and may
  lead to a review of the work capacity (S13j) → a warning, SE unchanged in the simulation.
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

_P = "sjukersattning."
DEGREES = ("hel", "tre_fjardedelar", "tva_tredjedelar", "halv", "en_fjardedel")
REGIMES = ("ingen", "steglos", "vilande", "ovrig")
SE_KEYS: tuple[str, ...] = (
    *(_P + f"steglos.fribelopp_pbb.{d}" for d in DEGREES),
    _P + "steglos.procent",
    _P + "steglos.tak_pbb",
    _P + "vilande.procent",
    _P + "vilande.betald_max_manader",
    _P + "vilande.max_manader",
    "basbelopp.prisbasbelopp",
)


@dataclass(frozen=True, slots=True)
class SeRules:
    pbb: int
    fribelopp: dict[str, int]  # öre per year by degree
    steglos_ppm: int
    tak: int  # öre per year (8 PBB)
    vilande_ppm: int
    vilande_paid_months: int
    vilande_max_months: int
    unconfirmed: tuple[str, ...]


def resolve_se(params: Params, year: int) -> SeRules:
    def build() -> SeRules:
        t = Tracker(params)
        on = date(year, 1, 1)
        pbb = kronor_ore(t.get("basbelopp.prisbasbelopp", on))
        return SeRules(
            pbb=pbb,
            fribelopp={d: mul_div(pbb, ppm(t.get(_P + f"steglos.fribelopp_pbb.{d}", on)), PPM) for d in DEGREES},
            steglos_ppm=percent_ppm(t.get(_P + "steglos.procent", on)),
            tak=mul_div(pbb, ppm(t.get(_P + "steglos.tak_pbb", on)), PPM),
            vilande_ppm=percent_ppm(t.get(_P + "vilande.procent", on)),
            vilande_paid_months=int(t.get(_P + "vilande.betald_max_manader", on)),
            vilande_max_months=int(t.get(_P + "vilande.max_manader", on)),
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "se", year, SE_KEYS, build)


def steglos_reduction_year(income_year_ore: int, fribelopp_ore: int, rate_ppm: int) -> int:
    """Steglös avräkning: yearly SE reduction = rate × (work income − fribelopp), never negative.

    SE-1 (2026): (80 000 − 59 200) × 50 % = 10 400 kr/yr.
    """
    return apply_ppm(max(0, income_year_ore - fribelopp_ore), rate_ppm)


def vilande_paid(se_month_ore: int, months_vilande_before: int, rules: SeRules) -> int | None:
    """What FK pays in a month of vilande SE, given how many vilande months came before it.

    25 % in the first 12 months (SE-3: 25 % × 13 622 = 3 405,50), then 0; ``None`` once the 24 months are
    used up (the right to SE is reviewed — the caller warns).
    """
    if months_vilande_before >= rules.vilande_max_months:
        return None
    if months_vilande_before < rules.vilande_paid_months:
        return apply_ppm(se_month_ore, rules.vilande_ppm)
    return 0


REPORT_WARNING = (
    "Sjukersättning: förvärvsarbete ska anmälas till Försäkringskassan innan det börjar och kan leda till "
    "att arbetsförmågan prövas på nytt."
)
REVIEW_WARNING = "Sjukersättning: vilandetiden (24 månader) är slut – rätten till sjukersättning omprövas."
TAK_WARNING = "Sjukersättning: arbetsinkomsten överstiger 8 prisbasbelopp – ersättningen kan påverkas ytterligare."


@dataclass(frozen=True, slots=True)
class SeYear:
    """Sjukersättning paid per month of a year (öre, net as paid out) and the warnings for it."""

    paid: tuple[int, ...]
    warnings: tuple[str, ...]


def se_year(
    rules: SeRules,
    *,
    regime: str,
    degree: str,
    net_month_ore: int,
    gross_month_ore: int,
    work_month_ore: list[int] | tuple[int, ...],
    other_work_year_ore: int = 0,
    vilande_months_before_year: int = 0,
) -> SeYear:
    """Sjukersättning month by month for a year of work (``work_month_ore`` = work income counted per month).

    - ``ingen``/``ovrig``: unchanged; with work → the duty to report to Försäkringskassan (S13j).
    - ``steglos``: the yearly reduction (50 % over the fribelopp, S13c–f) ÷ 12 off the gross SE, scaled to net
      by net/gross.
    - ``vilande``: from the first month with work (or January when vilande before the year), 25 % of the gross
      SE for 12 months, then 0 (tax-free, S13b); after 24 months a review warning.
    """
    paid = [net_month_ore] * 12
    warnings: list[str] = []
    worked = any(w > 0 for w in work_month_ore)
    if gross_month_ore <= 0 and net_month_ore <= 0:
        return SeYear(tuple(paid), ())
    if regime == "steglos" and gross_month_ore > 0:
        income = sum(work_month_ore) + other_work_year_ore
        red_gross = min(
            mul_div(steglos_reduction_year(income, rules.fribelopp[degree], rules.steglos_ppm), 1, 12), gross_month_ore
        )
        paid = [net_month_ore - mul_div(red_gross, net_month_ore, gross_month_ore)] * 12
        if income > rules.tak:
            warnings.append(TAK_WARNING)
    elif regime == "vilande" and gross_month_ore > 0:
        start = 0 if vilande_months_before_year > 0 else next((m for m, w in enumerate(work_month_ore) if w > 0), None)
        if start is not None:
            for m in range(start, 12):
                amount = vilande_paid(gross_month_ore, vilande_months_before_year + m - start, rules)
                if amount is None:
                    amount = 0
                    if REVIEW_WARNING not in warnings:
                        warnings.append(REVIEW_WARNING)
                paid[m] = amount
    elif worked and regime in ("ingen", "ovrig"):
        warnings.append(REPORT_WARNING)
    return SeYear(tuple(paid), tuple(warnings))
