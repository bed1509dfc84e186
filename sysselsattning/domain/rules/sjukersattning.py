"""Sjukersättning (SE) and work: steglös avräkning, vilande SE with 25 %, or "report to Försäkringskassan".

Legal basis (docs/rules.md, which wins over docs/rules.md): socialförsäkringsbalken (SFB) 36–37 kap.
- Steglös avräkning (``steglos``; only SE granted as permanent before 1 Jul 2008, 37 kap.): fribelopp per year
  ``sjukersattning.steglos.fribelopp_pbb.<grad>`` × PBB (1 / 2.6 / 3.6 / 4.2 / 5.8 PBB); SE is reduced by
  ``steglos.procent`` (50 %) of the gross work income above it (6 §). When the work starts during the year the
  fribelopp is pro-rated by the months left and the reduction is taken from the first month of work on (FK's
  pages, D5c–d; SE-S4). Income above ``steglos.tak_pbb`` (8 PBB, 7 §) may stop SE further → a warning.
- Vilande SE (``vilande``; granted from 1 Jul 2008, 36 kap. 10–18 §§): the share ``vilande.grad_andel.<grad>``
  (hel, ¾, ½, ¼) rests while the person works, for at most ``vilande.max_manader`` (24) months; FK may pay
  ``vilande.procent`` (25 %) of the resting amount for up to ``vilande.betald_max_manader`` months — 24 since
  1 Mar 2017 (36 kap. 18 §, SFS 2016:1291), 12 before. Whether the 25 % is taxed (``vilande.andel_ar_skattefri``)
  is unconfirmed (§10 Q7).
- ``ovrig`` (post-2008 SE that is not vilande): no formula; the work must be reported to FK BEFORE it starts
  (110 kap. 51 §) and FK may withhold or review SE (36 kap. 9, 19 §§) → a warning; the SE amount stays an input.
The net SE paid is ``other_income.sjukersattning_net`` × (gross paid ÷ ``monthly_gross``) (docs/architecture.md §4).
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
from sysselsattning.domain.rules.warnings import RuleWarning

_P = "sjukersattning."
DEGREES = ("hel", "tre_fjardedelar", "tva_tredjedelar", "halv", "en_fjardedel")
REGIMES = ("ingen", "steglos", "vilande", "ovrig")
#: Degrees that can rest (36 kap. 12 §): hel, tre fjärdedelar, hälften, en fjärdedel.
VILANDE_DEGREES = ("hel", "tre_fjardedelar", "halv", "en_fjardedel")
SE_KEYS: tuple[str, ...] = (
    *(_P + f"steglos.fribelopp_pbb.{d}" for d in DEGREES),
    _P + "steglos.procent",
    _P + "steglos.tak_pbb",
    _P + "vilande.procent",
    _P + "vilande.betald_max_manader",
    _P + "vilande.max_manader",
    _P + "vilande.andel_ar_skattefri",
    *(_P + f"vilande.grad_andel.{d}" for d in VILANDE_DEGREES),
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
    vilande_tax_free: bool
    vilande_share: dict[str, int]  # ppm of the SE that rests, by degree
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
            vilande_tax_free=bool(t.get(_P + "vilande.andel_ar_skattefri", on)),
            vilande_share={d: ppm(t.get(_P + f"vilande.grad_andel.{d}", on)) for d in VILANDE_DEGREES},
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "se", year, SE_KEYS, build)


def steglos_reduction_year(income_year_ore: int, fribelopp_ore: int, rate_ppm: int) -> int:
    """Steglös avräkning: yearly SE reduction = rate × (work income − fribelopp), never negative.

    SE-1 (2026): (80 000 − 59 200) × 50 % = 10 400 kr/yr.
    """
    return apply_ppm(max(0, income_year_ore - fribelopp_ore), rate_ppm)


def vilande_paid(se_month_ore: int, months_vilande_before: int, rules: SeRules) -> int | None:
    """What FK pays of a resting SE amount in a month of vilande, given how many vilande months came before it.

    25 % for up to 24 months (SE-V1 2026: 25 % × 13 715 = 3 428,75); ``None`` once the vilande time is used up
    (the right to SE is reviewed — the caller warns).
    """
    if months_vilande_before >= rules.vilande_max_months:
        return None
    if months_vilande_before < rules.vilande_paid_months:
        return apply_ppm(se_month_ore, rules.vilande_ppm)
    return 0


def vilande_month_gross(se_month_ore: int, degree: str, months_vilande_before: int, rules: SeRules) -> int | None:
    """Gross SE paid in a vilande month: the part that does not rest + 25 % of the resting part (SE-V2)."""
    resting = apply_ppm(se_month_ore, rules.vilande_share[degree])
    paid = vilande_paid(resting, months_vilande_before, rules)
    if paid is None:
        return None
    return se_month_ore - resting + paid


#: The warnings se_year raises (texts: i18n/warnings.py).
REPORT_WARNING = RuleWarning("se_report_work")
STEGLOS_WARNING = RuleWarning("se_steglos_apply")
VILANDE_WARNING = RuleWarning("se_vilande_apply")
VILANDE_TAX_WARNING = RuleWarning("se_vilande_tax_unconfirmed")
REVIEW_WARNING = RuleWarning("se_vilande_review")
TAK_WARNING = RuleWarning("se_over_ceiling")


@dataclass(frozen=True, slots=True)
class SeYear:
    """Sjukersättning paid per month of a year (öre): net as paid out and gross, and the warnings for it."""

    paid: tuple[int, ...]
    warnings: tuple[RuleWarning, ...]
    gross: tuple[int, ...] = ()

    @property
    def gross_year(self) -> int:
        return sum(self.gross)


def _net(gross_paid: int, gross_month: int, net_month: int) -> int:
    return mul_div(net_month, gross_paid, gross_month) if gross_month > 0 else net_month


def receives_se(net_month_ore: int, gross_month_ore: int) -> bool:
    """Whether the household gets sjukersättning at all; without it work changes nothing here (the year is
    ``net_month_ore`` every month and no warning)."""
    return gross_month_ore > 0 or net_month_ore > 0


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
    """Sjukersättning month by month for a year of work (``work_month_ore`` = gross work income per month).

    - ``ingen``/``ovrig``: unchanged; with work → report to Försäkringskassan before it starts.
    - ``steglos``: from the first month of work, the yearly reduction on the fribelopp pro-rated by the months
      left, spread over those months (SE-S4); net = net SE × gross paid ÷ gross SE.
    - ``vilande``: from the first month with work (January when vilande before the year), the resting share
      pays 25 % for up to 24 months; after the vilande time a review warning.
    """
    gross_m = gross_month_ore if gross_month_ore > 0 else net_month_ore
    paid = [net_month_ore] * 12
    gross = [gross_m] * 12
    if not receives_se(net_month_ore, gross_month_ore):
        return SeYear(tuple(paid), (), tuple(gross))
    warnings: list[RuleWarning] = []
    worked = any(w > 0 for w in work_month_ore)
    first = next((m for m, w in enumerate(work_month_ore) if w > 0), None)
    if regime == "steglos":
        if first is not None or other_work_year_ore > 0:
            start = first if first is not None else 0
            left = 12 - start
            income = sum(work_month_ore) + other_work_year_ore
            fribelopp = mul_div(rules.fribelopp[degree], left, 12)
            red_year = min(steglos_reduction_year(income, fribelopp, rules.steglos_ppm), gross_m * left)
            done = 0
            for k, m in enumerate(range(start, 12)):
                cut = mul_div(red_year, k + 1, left) - done  # the öre add up to the year's reduction exactly
                done += cut
                gross[m] = gross_m - cut
                paid[m] = _net(gross[m], gross_m, net_month_ore)
            if income > rules.tak:
                warnings.append(TAK_WARNING)
            warnings.append(STEGLOS_WARNING)
    elif regime == "vilande":
        begin: int | None = 0 if vilande_months_before_year > 0 else first
        if begin is not None:
            start = begin
            warnings.append(VILANDE_WARNING)
            for m in range(start, 12):
                g = vilande_month_gross(gross_m, degree, vilande_months_before_year + m - start, rules)
                if g is None:
                    if REVIEW_WARNING not in warnings:
                        warnings.append(REVIEW_WARNING)
                    g = gross_m - apply_ppm(gross_m, rules.vilande_share[degree])
                gross[m] = g
                if rules.vilande_tax_free:
                    kept = gross_m - apply_ppm(gross_m, rules.vilande_share[degree])
                    paid[m] = _net(kept, gross_m, net_month_ore) + (g - kept)
                else:
                    paid[m] = _net(g, gross_m, net_month_ore)
            if "sjukersattning.vilande.andel_ar_skattefri" in rules.unconfirmed and net_month_ore != gross_m:
                warnings.append(VILANDE_TAX_WARNING)
    elif worked and regime in ("ingen", "ovrig"):
        warnings.append(REPORT_WARNING)
    return SeYear(tuple(paid), tuple(warnings), tuple(gross))
