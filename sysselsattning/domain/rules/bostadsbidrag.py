"""Bostadsbidrag (Försäkringskassan) for families with children and for young people, SFB 95–98 kap.

Rules (docs/rules.md; parameters ``bostadsbidrag.*``):
- Families (97 kap. 18, 22 §§): ``barnfamilj.bostadskostnad_andel_procent`` (50 %) of the housing cost above
  ``bostadskostnad_golv`` (1 400) up to the ceiling for 1 / 2 / 3+ children (2026: 6 800 / 7 900 / 8 600;
  before: 5 300 / 5 900 / 6 600) + the särskilt bidrag (1 500 / 2 000 / 2 650); at most 3 children (17 §).
- Young people 18–28 without children (97 kap. 26–27 §§): 90 % of the cost from 1 800 to 2 600 + 65 % from
  2 600 to 3 600. Not paid to someone who gets bostadstillägg (96 kap. 11 § 3).
- Income test on the calendar year's bidragsgrundande inkomst (BGI; 97 kap. 2–3 §§, SE/AE, wages and the arvode
  at 100 % gross): families −20 % of BGI above 150 000 (single) or above 75 000 per spouse, computed per spouse
  (15 §); the young −⅓ above 41 000 / 58 000 together (24 §).
- Not paid under 1 200 kr a year (16, 25 §§). The preliminary bidrag per month is rounded down to whole 100 kr
  (98 kap. 4 §); the final bidrag is set the year after; a difference under 1 200 kr is neither paid nor
  reclaimed (98 kap. 6 §).
- Temporary tilläggsbidrag for families: 40 % of the preliminary bidrag in 2024 (max 2 100), 25 % in
  January–June 2025 (max 1 325), none from July 2025 (``tillaggsbidrag.*``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sysselsattning.domain.rules._common import (
    Params,
    Tracker,
    apply_ppm,
    cached,
    kronor_ore,
    mul_div,
    percent_ppm,
)
from sysselsattning.domain.rules.warnings import RuleWarning

_P = "bostadsbidrag."
BB_KEYS: tuple[str, ...] = tuple(
    _P + k
    for k in (
        "barnfamilj.bostadskostnad_golv",
        "barnfamilj.bostadskostnad_andel_procent",
        "barnfamilj.bostadskostnad_tak.barn_1",
        "barnfamilj.bostadskostnad_tak.barn_2",
        "barnfamilj.bostadskostnad_tak.barn_3",
        "barnfamilj.sarskilt_bidrag.barn_1",
        "barnfamilj.sarskilt_bidrag.barn_2",
        "barnfamilj.sarskilt_bidrag.barn_3",
        "barnfamilj.inkomstgrans.ensamstaende",
        "barnfamilj.inkomstgrans.per_make",
        "barnfamilj.avtrappning_procent",
        "barnfamilj.max_antal_barn",
        "unga.alder_fran",
        "unga.alder_till",
        "unga.bostadskostnad_golv",
        "unga.grans_1",
        "unga.tak",
        "unga.andel_1_procent",
        "unga.andel_2_procent",
        "unga.inkomstgrans.ensamstaende",
        "unga.inkomstgrans.makar",
        "unga.avtrappning_namnare",
        "minsta_bidrag_ar",
        "preliminart_avrundning",
        "avstamning.minsta_skillnad",
        "tillaggsbidrag.procent",
        "tillaggsbidrag.max_manad",
    )
)


@dataclass(frozen=True, slots=True)
class BbRules:
    family_floor: int
    family_share_ppm: int
    family_ceiling: tuple[int, int, int]  # 1 / 2 / 3+ children, öre per month
    special: tuple[int, int, int]
    family_limit_single: int  # öre per year
    family_limit_spouse: int
    family_rate_ppm: int
    max_children: int
    young_age_from: int
    young_age_to: int  # no bidrag from this age on
    young_floor: int
    young_limit_1: int
    young_ceiling: int
    young_share_1_ppm: int
    young_share_2_ppm: int
    young_limit_single: int
    young_limit_couple: int
    young_denominator: int
    min_year: int
    round_to: int
    settle_min: int
    extra_ppm: tuple[int, ...]  # tilläggsbidrag per month of the year
    extra_max: tuple[int, ...]
    unconfirmed: tuple[str, ...]


def resolve_bb(params: Params, year: int) -> BbRules:
    def build() -> BbRules:
        t = Tracker(params)
        on = date(year, 1, 1)

        def g(k: str) -> Any:
            return t.get(_P + k, on)

        def k3(k: str) -> tuple[int, ...]:

            return tuple(kronor_ore(g(f"{k}.barn_{n}")) for n in (1, 2, 3))

        months = [date(year, m, 1) for m in range(1, 13)]
        return BbRules(
            family_floor=kronor_ore(g("barnfamilj.bostadskostnad_golv")),
            family_share_ppm=percent_ppm(g("barnfamilj.bostadskostnad_andel_procent")),
            family_ceiling=k3("barnfamilj.bostadskostnad_tak"),  # type: ignore[arg-type]
            special=k3("barnfamilj.sarskilt_bidrag"),  # type: ignore[arg-type]
            family_limit_single=kronor_ore(g("barnfamilj.inkomstgrans.ensamstaende")),
            family_limit_spouse=kronor_ore(g("barnfamilj.inkomstgrans.per_make")),
            family_rate_ppm=percent_ppm(g("barnfamilj.avtrappning_procent")),
            max_children=int(g("barnfamilj.max_antal_barn")),
            young_age_from=int(g("unga.alder_fran")),
            young_age_to=int(g("unga.alder_till")),
            young_floor=kronor_ore(g("unga.bostadskostnad_golv")),
            young_limit_1=kronor_ore(g("unga.grans_1")),
            young_ceiling=kronor_ore(g("unga.tak")),
            young_share_1_ppm=percent_ppm(g("unga.andel_1_procent")),
            young_share_2_ppm=percent_ppm(g("unga.andel_2_procent")),
            young_limit_single=kronor_ore(g("unga.inkomstgrans.ensamstaende")),
            young_limit_couple=kronor_ore(g("unga.inkomstgrans.makar")),
            young_denominator=int(g("unga.avtrappning_namnare")),
            min_year=kronor_ore(g("minsta_bidrag_ar")),
            round_to=kronor_ore(g("preliminart_avrundning")),
            settle_min=kronor_ore(g("avstamning.minsta_skillnad")),
            extra_ppm=tuple(percent_ppm(t.get(_P + "tillaggsbidrag.procent", d)) for d in months),
            extra_max=tuple(kronor_ore(t.get(_P + "tillaggsbidrag.max_manad", d)) for d in months),
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "bb", year, BB_KEYS, build)


# ----------------------------------------------------------------------------------------- maximum
def family_housing_part(rules: BbRules, housing_cost_ore: int, children: int) -> int:
    """The housing part per month: 50 % of the cost above the floor, up to the ceiling for the number of children."""
    if children <= 0:
        return 0
    n = min(children, rules.max_children, 3)
    cost = min(max(0, housing_cost_ore), rules.family_ceiling[n - 1])
    return apply_ppm(max(0, cost - rules.family_floor), rules.family_share_ppm)


def family_max_month(rules: BbRules, housing_cost_ore: int, children: int) -> int:
    """Housing part + särskilt bidrag for hemmavarande barn, per month (before the income test)."""
    if children <= 0:
        return 0
    n = min(children, rules.max_children, 3)
    return family_housing_part(rules, housing_cost_ore, children) + rules.special[n - 1]


def young_max_month(rules: BbRules, housing_cost_ore: int) -> int:
    """Young people without children: 90 % of the cost 1 800–2 600 + 65 % of 2 600–3 600, per month."""
    cost = min(max(0, housing_cost_ore), rules.young_ceiling)
    return apply_ppm(max(0, min(cost, rules.young_limit_1) - rules.young_floor), rules.young_share_1_ppm) + apply_ppm(
        max(0, cost - rules.young_limit_1), rules.young_share_2_ppm
    )


# -------------------------------------------------------------------------------------- income test
def family_reduction_year(rules: BbRules, bgi_ore: int, *, partner_bgi_ore: int = 0, couple: bool = False) -> int:
    """Yearly reduction for families: 20 % above 150 000 (single) or above 75 000 for each spouse (97 kap. 15 §)."""
    if not couple:
        return apply_ppm(max(0, bgi_ore - rules.family_limit_single), rules.family_rate_ppm)
    return apply_ppm(max(0, bgi_ore - rules.family_limit_spouse), rules.family_rate_ppm) + apply_ppm(
        max(0, partner_bgi_ore - rules.family_limit_spouse), rules.family_rate_ppm
    )


def young_reduction_year(rules: BbRules, bgi_ore: int, *, partner_bgi_ore: int = 0, couple: bool = False) -> int:
    """Yearly reduction for the young: one third above 41 000 (single) or 58 000 (spouses together) (97 kap. 24 §)."""
    limit = rules.young_limit_couple if couple else rules.young_limit_single
    total = bgi_ore + (partner_bgi_ore if couple else 0)
    return mul_div(max(0, total - limit), 1, rules.young_denominator)


def year_amount(rules: BbRules, max_month_ore: int, reduction_year_ore: int) -> int:
    """The yearly bidrag (before rounding): 12 × maximum − reduction; 0 under the 1 200 kr minimum."""
    y = max(0, 12 * max_month_ore - reduction_year_ore)
    return y if y >= rules.min_year else 0


def preliminary_month(rules: BbRules, max_month_ore: int, reduction_year_ore: int) -> int:
    """The preliminary bidrag per month: the yearly amount ÷ 12, rounded DOWN to whole 100 kr (98 kap. 4 §)."""
    y = year_amount(rules, max_month_ore, reduction_year_ore)
    return (y // 12) // rules.round_to * rules.round_to


def extra_month(rules: BbRules, month_index: int, preliminary_ore: int) -> int:
    """Temporary tilläggsbidrag for families in a month (0-based index): a share of the preliminary, capped."""
    if preliminary_ore <= 0 or rules.extra_ppm[month_index] <= 0:
        return 0
    return min(apply_ppm(preliminary_ore, rules.extra_ppm[month_index]), rules.extra_max[month_index])


def settlement(rules: BbRules, final_year_ore: int, paid_year_ore: int) -> int:
    """Avstämning the year after: final − paid (positive = tilläggsbidrag, negative = repay); 0 under 1 200 kr."""
    diff = final_year_ore - paid_year_ore
    return 0 if abs(diff) < rules.settle_min else diff


@dataclass(frozen=True, slots=True)
class BbYear:
    """A year of bostadsbidrag: per month what is paid (incl. any tilläggsbidrag), the preliminary and final amounts."""

    kind: str  # "familj" | "unga" | "ingen"
    paid: tuple[int, ...]  # öre per month, what FK pays (preliminary + temporary tilläggsbidrag)
    preliminary: tuple[int, ...]  # the preliminary bidrag alone (what BTP's housing cost is reduced by)
    housing_part: tuple[int, ...]  # the housing part of the maximum, per month
    final_year: int  # the final bidrag for the year (on the year's real BGI)
    settlement: int  # final − preliminary paid; 0 under 1 200 kr
    warnings: tuple[RuleWarning, ...]


NONE_YEAR = BbYear("ingen", (0,) * 12, (0,) * 12, (0,) * 12, 0, 0, ())
#: The warnings about bostadsbidrag (texts: i18n/warnings.py).
YOUNG_BTP_WARNING = RuleWarning("bb_young_with_btp")
NOT_REPORTED_WARNING = RuleWarning("bb_not_reported")


def bb_year(
    rules: BbRules,
    *,
    housing_cost_ore: int,
    children_per_month: tuple[int, ...],
    young_per_month: tuple[bool, ...],
    couple: bool,
    bgi_reported_ore: int,
    bgi_final_ore: int,
    partner_bgi_ore: int = 0,
) -> BbYear:
    """Bostadsbidrag for a year, month by month.

    ``children_per_month`` = children who give right to the family bidrag in each month; ``young_per_month`` =
    whether the young people's bidrag can apply (18–28, no children, no BTP). ``bgi_reported_ore`` is the yearly
    BGI FK knows (the preliminary bidrag is computed on it), ``bgi_final_ore`` the year's real BGI (the final
    bidrag and the settlement next year).
    """
    paid, prelim, hpart = [0] * 12, [0] * 12, [0] * 12
    final_total = 0
    kind = "ingen"
    for i in range(12):
        n = children_per_month[i]
        if n > 0:
            kind = "familj"
            mx = family_max_month(rules, housing_cost_ore, n)
            red_p = family_reduction_year(rules, bgi_reported_ore, partner_bgi_ore=partner_bgi_ore, couple=couple)
            red_f = family_reduction_year(rules, bgi_final_ore, partner_bgi_ore=partner_bgi_ore, couple=couple)
            hpart[i] = family_housing_part(rules, housing_cost_ore, n)
        elif young_per_month[i]:
            kind = "unga" if kind == "ingen" else kind
            mx = young_max_month(rules, housing_cost_ore)
            red_p = young_reduction_year(rules, bgi_reported_ore, partner_bgi_ore=partner_bgi_ore, couple=couple)
            red_f = young_reduction_year(rules, bgi_final_ore, partner_bgi_ore=partner_bgi_ore, couple=couple)
            hpart[i] = mx
        else:
            continue
        prelim[i] = preliminary_month(rules, mx, red_p)
        paid[i] = prelim[i] + (extra_month(rules, i, prelim[i]) if n > 0 else 0)
        final_total += mul_div(year_amount(rules, mx, red_f), 1, 12)
    settle = settlement(rules, final_total, sum(prelim)) if kind != "ingen" else 0
    warnings: tuple[RuleWarning, ...] = ()
    if kind != "ingen" and bgi_reported_ore != bgi_final_ore:
        warnings = (NOT_REPORTED_WARNING,)
    return BbYear(kind, tuple(paid), tuple(prelim), tuple(hpart), final_total, settle, warnings)
