"""The year's rules for the simulation (docs/architecture.md §4), resolved once to integers.

:func:`compile_year` reads every parameter the simulation needs for one year (cached by the identity of the
parameter set); :func:`tax_setting` and :func:`bb_eligibility` resolve the scenario's tax mode and the
bostadsbidrag eligibility against those rules. The engine itself is :mod:`.simulation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sysselsattning.domain import tax as taxmod
from sysselsattning.domain import tax_tables as ttmod
from sysselsattning.domain.rules import bostadsbidrag as bbmod
from sysselsattning.domain.rules import bostadstillagg as btpmod
from sysselsattning.domain.rules import forsorjningsstod as fsmod
from sysselsattning.domain.rules import sarskilt_bostadstillagg as sbtpmod
from sysselsattning.domain.rules import sjukersattning as semod
from sysselsattning.domain.rules._common import cached, kronor_ore
from sysselsattning.domain.rules.scenario import Scenario, ScenarioError

TAX_KEYS = ("skatt.sidoinkomst_procent", "skatt.grans_skatteavdrag_ar", "skatt.grans_enskild_betalning")


# ------------------------------------------------------------------------------------------ year rules
class _YearParams:
    """A parameter view for :func:`tax.withhold` that reads each key once per date."""

    __slots__ = ("memo", "params")

    def __init__(self, params: Any):
        self.params = params
        self.memo: dict[tuple[str, date], Any] = {}

    def get(self, key: str, on: date) -> Any:
        k = (key, on)
        if k not in self.memo:
            self.memo[k] = self.params.get(key, on)
        return self.memo[k]


@dataclass(frozen=True, slots=True)
class YearRules:
    """Everything the simulation reads from the parameter files for one year, resolved to integers."""

    year: int
    riksnorm: tuple[fsmod.Riksnorm, ...]
    fs: fsmod.FsRules
    btp: btpmod.BtpRules
    sbtp: sbtpmod.SbtpRules
    bb: bbmod.BbRules
    se: semod.SeRules
    tax_params: _YearParams
    se_garanti_month: int
    tax_year: ttmod.TaxYear | None = None  # the final-tax rules; None for a year without those parameters


def compile_year(params: Any, year: int) -> YearRules:
    """Resolve the year's rules once (cached by the identity of the parameter objects)."""
    keys = (
        fsmod.RIKSNORM_KEYS
        + fsmod.FS_KEYS
        + btpmod.BTP_KEYS
        + sbtpmod.SBTP_KEYS
        + bbmod.BB_KEYS
        + semod.SE_KEYS
        + TAX_KEYS
        + ("sjukersattning.garantiersattning_manad",)
        + tuple(k for k in getattr(params, "parameters", {}) if k.startswith("skattetabell."))
        + ("basbelopp.prisbasbelopp", "basbelopp.inkomstbasbelopp")
    )

    def build() -> YearRules:
        tp = _YearParams(params)
        on = date(year, 1, 1)
        for k in TAX_KEYS:
            tp.get(k, on)  # a year without tax parameters fails here, not mid-simulation
        return YearRules(
            year=year,
            riksnorm=fsmod.riksnorm_year(params, year),
            fs=fsmod.resolve_fs_rules(params, year),
            btp=btpmod.resolve_btp(params, year),
            sbtp=sbtpmod.resolve_sbtp(params, year),
            bb=bbmod.resolve_bb(params, year),
            se=semod.resolve_se(params, year),
            tax_params=tp,
            se_garanti_month=kronor_ore(params.get("sjukersattning.garantiersattning_manad", on)),
            tax_year=_tax_year_or_none(params, year),
        )

    return cached(params, "year", year, keys, build)


def _tax_year_or_none(params: Any, year: int) -> ttmod.TaxYear | None:
    try:
        return ttmod.tax_year(params, year)
    except ttmod.TaxTableError:
        return None


def resolve_tax_setting(s: Scenario, yr: YearRules) -> tuple[taxmod.TaxSetting, int | None, bool]:
    """(withholding setting, the final tax's table, older) from the scenario's tax mode. The column comes from
    the first adult's birth date (column 3 from ``skattetabell.hogre_alder`` at 1 January)."""
    ty = yr.tax_year
    birth = s.household.adults[0] if s.household.adults else None
    older = ty is not None and birth is not None and ttmod.age_at_new_year(birth, s.year) >= ty.older_age
    table = s.tax.table
    if table is not None and ty is not None and table not in ty.tables():
        raise ScenarioError(
            "arvode.tax.table", f"tabell {table} finns inte för {s.year} (tabell {ty.first_table}–{ty.last_table})"
        )
    if s.tax.mode == "table" and ty is None:
        raise ScenarioError("arvode.tax.mode", f"skattetabellerna saknar parametrar för {s.year}")
    final_table = table if table is not None else (ty.default_table if ty is not None else None)
    if s.tax.mode == "none":
        setting = taxmod.TaxSetting("none")
    elif s.tax.mode == "table":
        setting = taxmod.TaxSetting("table", table=table, column=3 if older else 1)
    elif s.tax.mode == "fixed":
        setting = taxmod.TaxSetting("fixed", fixed_ore=s.tax.amount)
    elif s.tax.percent is None:
        setting = taxmod.TaxSetting("default")
    else:
        setting = taxmod.TaxSetting("percent", s.tax.percent)
    return setting, final_table, older


def table_lookup(ty: ttmod.TaxYear) -> taxmod.TableLookup:
    def lookup(year: int, table: int, column: int, pay_kr: int) -> tuple[ttmod.TableValue, str]:
        return ttmod.computed_value(ty, table, column, pay_kr), "computed"

    return lookup


def bb_eligibility(s: Scenario, yr: YearRules) -> tuple[tuple[int, ...], tuple[bool, ...], int | None]:
    """Per month: children who give right to the family bostadsbidrag, whether the young people's bidrag can
    apply (18–28 at the month's start, no children, no bostadstillägg: 96 kap. 10–11 §§), and the participant's
    age at the start of the year (for the garantinivå of bostadstillägg)."""
    birth = s.household.adults[0] if s.household.adults else None
    age = fsmod.age_on(birth, date(s.year, 1, 1)) if birth is not None else None
    children = tuple(len(fsmod.child_ages_in_month(s.household.children, s.year, m)) for m in range(1, 13))
    young: list[bool] = []
    for m in range(1, 13):
        a = fsmod.age_on(birth, date(s.year, m, 1)) if birth is not None else None
        young.append(
            children[m - 1] == 0
            and not s.bostadstillagg.applies
            and a is not None
            and yr.bb.young_age_from <= a < yr.bb.young_age_to
        )
    return children, tuple(young), age
