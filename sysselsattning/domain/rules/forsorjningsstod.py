"""Försörjningsstöd (ekonomiskt bistånd): riksnorm, skäliga kostnader, räknade inkomster, jobbstimulans.

Legal basis (docs/rules.md):
- right to bistånd: 4 kap. 1 § SoL (2001:453) until 30 Jun 2025, socialtjänstlag (2025:400) from 1 Jul 2025;
- riksnorm posts: 4 kap. 3 § SoL (2001:453) / 12 kap. 7 § SoL (2025:400); amounts in socialtjänstförordningen
  (2001:937) 2 kap. 1 §, amended each year (parameters ``forsorjningsstod.riksnorm.*``);
- the household's norm = every member's personal costs + the common costs for the household size; more than
  7 persons: + ``riksnorm.gemensamma.per_person_over_7`` per extra member; an adult who shares a household but
  is not a sambo: single adult's personal costs + common costs ÷ number of members (SFS 2020:1013, S6);
- jobbstimulans (särskild beräkningsregel): 4 kap. 1 b § SoL (2001:453), SFS 2013:421: after försörjningsstöd
  in ``jobbstimulans.manader_i_folj`` (6) months in a row, ``jobbstimulans.procent`` (25 %) of net income from
  employment is disregarded for ``jobbstimulans.varaktighet_manader`` (24) months; whether an arvode counts as
  employment is ``jobbstimulans.arvode_ar_anstallning`` (unconfirmed, default yes);
- FS = max(0, riksnorm + skäliga kostnader − räknade nettoinkomster), krona för krona.

Assumption (documented in docs/rules.md): a child's age band for a month is its age on the last day of
that month (the band changes in the month of the birthday); a child not yet born in a month is not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
)

#: (min age, max age, parameter name) of the children's bands.
CHILD_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 0, "under_1"),
    (1, 2, "ar_1_2"),
    (3, 3, "ar_3"),
    (4, 6, "ar_4_6"),
    (7, 10, "ar_7_10"),
    (11, 14, "ar_11_14"),
    (15, 18, "ar_15_18"),
    (19, 20, "ar_19_20"),
)
MAX_CHILD_AGE = 20
_P = "forsorjningsstod."
RIKSNORM_KEYS: tuple[str, ...] = (
    _P + "riksnorm.ensamstaende",
    _P + "riksnorm.sambor",
    *(_P + f"riksnorm.barn.{name}" for _, _, name in CHILD_BANDS),
    *(_P + f"riksnorm.gemensamma.personer_{n}" for n in range(1, 8)),
    _P + "riksnorm.gemensamma.per_person_over_7",
)
FS_KEYS: tuple[str, ...] = (
    _P + "jobbstimulans.procent",
    _P + "jobbstimulans.manader_i_folj",
    _P + "jobbstimulans.varaktighet_manader",
    _P + "jobbstimulans.arvode_ar_anstallning",
    _P + "inkomstmanad_forskjutning",
)


@dataclass(frozen=True, slots=True)
class Riksnorm:
    """One month's riksnorm figures in öre, and which of them are estimates (unconfirmed)."""

    ensamstaende: int
    sambor: int
    barn: tuple[int, ...]  # by CHILD_BANDS
    gemensamma: tuple[int, ...]  # 1..7 persons
    per_person_over_7: int
    unconfirmed: frozenset[str]  # parameter keys with status "unconfirmed"

    def common_costs(self, persons: int) -> int:
        if persons <= 7:
            return self.gemensamma[persons - 1]
        return self.gemensamma[6] + (persons - 7) * self.per_person_over_7


@dataclass(frozen=True, slots=True)
class FsRules:
    jobbstimulans_ppm: int
    jobbstimulans_months_required: int
    jobbstimulans_duration: int
    arvode_counts_as_employment: bool
    default_offset: int
    unconfirmed: tuple[str, ...]


def resolve_riksnorm(params: Params, on: date) -> Riksnorm:
    """The riksnorm in force on ``on`` (raises the parameter set's ``ParameterMissing`` for a year without one)."""
    t = Tracker(params)

    def g(name: str) -> int:
        return kronor_ore(t.get(_P + "riksnorm." + name, on))

    return Riksnorm(
        ensamstaende=g("ensamstaende"),
        sambor=g("sambor"),
        barn=tuple(g(f"barn.{name}") for _, _, name in CHILD_BANDS),
        gemensamma=tuple(g(f"gemensamma.personer_{n}") for n in range(1, 8)),
        per_person_over_7=g("gemensamma.per_person_over_7"),
        unconfirmed=frozenset(t.unconfirmed()),
    )


def riksnorm_year(params: Params, year: int) -> tuple[Riksnorm, ...]:
    """Twelve monthly riksnorm tables (cached per parameter identity)."""
    return cached(
        params,
        "riksnorm",
        year,
        RIKSNORM_KEYS,
        lambda: tuple(resolve_riksnorm(params, date(year, m, 1)) for m in range(1, 13)),
    )


def resolve_fs_rules(params: Params, year: int) -> FsRules:
    def build() -> FsRules:
        t = Tracker(params)
        on = date(year, 1, 1)
        return FsRules(
            jobbstimulans_ppm=percent_ppm(t.get(_P + "jobbstimulans.procent", on)),
            jobbstimulans_months_required=int(t.get(_P + "jobbstimulans.manader_i_folj", on)),
            jobbstimulans_duration=int(t.get(_P + "jobbstimulans.varaktighet_manader", on)),
            arvode_counts_as_employment=bool(t.get(_P + "jobbstimulans.arvode_ar_anstallning", on)),
            default_offset=int(t.get(_P + "inkomstmanad_forskjutning", on)),
            unconfirmed=t.unconfirmed(),
        )

    return cached(params, "fs", year, FS_KEYS, build)


def child_band(age: int) -> int:
    """Index into :data:`CHILD_BANDS` for a child's age in whole years."""
    for i, (lo, hi, _) in enumerate(CHILD_BANDS):
        if lo <= age <= hi:
            return i
    raise ValueError(f"barnets ålder {age} ligger utanför riksnormens åldersgrupper (0–{MAX_CHILD_AGE} år)")


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def month_end(year: int, month: int) -> date:
    from calendar import monthrange

    return date(year, month, monthrange(year, month)[1])


def child_ages_in_month(children: Iterable[date], year: int, month: int) -> list[int]:
    """Ages (last day of the month) of the children born by the end of the month."""
    end = month_end(year, month)
    return [min(age_on(b, end), MAX_CHILD_AGE) for b in children if b <= end]


def riksnorm(norm: Riksnorm, *, adults: int, cohabiting: bool, child_ages: Sequence[int]) -> int:
    """The household's riksnorm per month in öre (S6 rules; see the module docstring).

    >>> # 2026: single adult 3 940 + common 1 280 = 5 220 kr
    """
    persons = adults + len(child_ages)
    children = sum(norm.barn[child_band(a)] for a in child_ages)
    if adults <= 1:
        return norm.ensamstaende + children + norm.common_costs(persons)
    if cohabiting and adults == 2:
        return norm.sambor + children + norm.common_costs(persons)
    # The participant shares a household with other adults who are not sambo: own personal costs plus the
    # share of the common costs that falls on the participant and the children (SFS 2020:1013).
    share = mul_div(norm.common_costs(persons), 1 + len(child_ages), persons)
    return norm.ensamstaende + children + share


def need(riksnorm_ore: int, costs_ore: int) -> int:
    """Behov = riksnorm + skäliga kostnader (boende, hushållsel, hemförsäkring, …)."""
    return riksnorm_ore + costs_ore


def counted_arvode(net_ore: int, counted_base_ore: int, jobbstimulans_active: bool, rules: FsRules) -> int:
    """Räknat arvode: the part of the net arvode not shielded by a cap, less the jobbstimulans disregard.

    ``counted_base_ore`` is the net arvode that the cap does not shield (= ``net_ore`` without a cap).
    """
    if jobbstimulans_active and rules.arvode_counts_as_employment and counted_base_ore > 0:
        return mul_div(counted_base_ore, PPM - rules.jobbstimulans_ppm, PPM)
    return counted_base_ore


def forsorjningsstod(need_ore: int, counted_income_ore: int) -> int:
    """FS = max(0, behov − räknade inkomster) — never negative."""
    return max(0, need_ore - counted_income_ore)


def jobbstimulans_disregard(net_ore: int, rules: FsRules) -> int:
    """The disregarded part of a net employment income (25 % of 1 400 = 350)."""
    return apply_ppm(net_ore, rules.jobbstimulans_ppm)
