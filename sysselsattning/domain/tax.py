"""Preliminary tax withheld on an arvode (skatteavdrag) — one implementation for pay runs and simulation.

Which mode (docs/rules.md "Skatteavdrag: vilket sätt"; SFL 10 kap. 4 §, 11 kap. 16–22, 27 §§), in order:

1. A payment under ``skatt.grans_enskild_betalning`` (100 kr), or a year total from this payer expected to stay
   under ``skatt.grans_skatteavdrag_ar`` (1 000 kr) → **no tax**; once the total passes, only later payments are
   withheld (earlier ones are not corrected).
2. A **jämkning** decision (särskild beräkningsgrund) in force on the payment date → its per cent or amount.
3. Work meant to last **under a week** → 30 %.
4. The arvode is **not the huvudinkomst** (sjuk-/aktivitetsersättning, pension, a-kassa or another employer is;
   or another association is the main payer) → 30 % (``skatt.sidoinkomst_procent``).
5. Huvudinkomst → the **general table** from the A-skattsedel, column 1, or 3 from ``skattetabell.hogre_alder``
   at 1 January. In January last year's table number may be used (11 kap. 16 § second paragraph).
6. Huvudinkomst but **no tax information** → the table of the association's municipality + 10 % (11 kap. 21 §).

A participant with no recorded situation keeps the older settings: 30 % (or their own percentage), a fixed
amount, or none. Tax is rounded down to whole kronor; a table's per cent (pay above 80 000 kr) likewise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sysselsattning.domain.money import Ore, parse_kronor, round_down_to_krona


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


#: Modes of :class:`TaxSetting`.
MODES = ("default", "percent", "fixed", "none", "table", "side", "jamkning_percent", "jamkning_amount")

#: What else can be the huvudinkomst (the participant form asks about each).
OTHER_MAIN_INCOMES = ("sjukersattning", "aktivitetsersattning", "pension", "a_kassa", "annan_arbetsgivare", "annat")


@dataclass(frozen=True, slots=True)
class TaxSetting:
    """How to withhold, already decided for one payer and date (see :func:`choose_mode`).

    ``mode``: ``default`` (30 %), ``percent`` (own per cent), ``fixed`` (an amount per payment), ``none``,
    ``table`` (``table``/``column``, ``plus10`` for the förhöjt avdrag), ``side`` (30 % with ``reason`` saying
    why), ``jamkning_percent`` / ``jamkning_amount``.
    """

    mode: str = "default"
    percent: Decimal | None = None
    fixed_ore: int | None = None
    table: int | None = None
    column: int | None = None
    plus10: bool = False
    reason: str = ""  # for ``side``: side_income | other_main_payer | short_work


@dataclass(frozen=True, slots=True)
class Withholding:
    tax_ore: Ore
    reason: str
    """``percent``, ``fixed``, ``mode_none``, ``under_year_limit``, ``under_payment_limit``, ``no_pay``,
    ``table``, ``table_plus10``, ``side_income``, ``other_main_payer``, ``short_work``, ``jamkning_percent``,
    ``jamkning_amount``."""
    percent: Decimal | None = None
    table: int | None = None
    column: int | None = None
    basis: str = ""  # for a table: "official" (Skatteverket's file) or "computed"


TableLookup = Callable[[int, int, int, int], tuple[Any, str]]
"""``(year, table, column, monthly pay in kr) → (cell with .tax_kr(pay), basis)``."""


def default_percent(params: Params, on: date) -> Decimal:
    return Decimal(params.get("skatt.sidoinkomst_procent", on))


def year_limit_ore(params: Params, on: date) -> int:
    return parse_kronor(params.get("skatt.grans_skatteavdrag_ar", on))


@dataclass(frozen=True, slots=True)
class WithholdingLimits:
    """The two limits under which nothing is withheld, in öre, and the side-income percentage, on one date (a
    run reads them once per date)."""

    year_ore: int  # skatt.grans_skatteavdrag_ar
    payment_ore: int  # skatt.grans_enskild_betalning
    default_percent: Decimal  # skatt.sidoinkomst_procent

    @classmethod
    def on(cls, params: Params, on: date) -> WithholdingLimits:
        return cls(
            year_limit_ore(params, on),
            parse_kronor(params.get("skatt.grans_enskild_betalning", on)),
            default_percent(params, on),
        )


def _percent_of(gross_ore: int, percent: Decimal) -> Ore:
    # One rounding step, down to whole kronor, on the exact product (rounding to öre first would turn
    # 1 999,99 kr × 30 % = 599,997 kr into 600 kr instead of 599 kr).
    # Exact in integers: percent = num/den, so the kronor are gross × num / (den × 10 000), truncated.
    num, den = percent.as_integer_ratio()
    kronor = abs(gross_ore) * abs(num) // (den * 10000)
    return Ore((-kronor if (gross_ore < 0) != (num < 0) else kronor) * 100)


def withhold(
    gross_ore: int,
    setting: TaxSetting,
    *,
    on: date,
    params: Params,
    expected_year_total_ore: int,
    lookup: TableLookup | None = None,
    limits: WithholdingLimits | None = None,
) -> Withholding:
    """Tax to withhold on one payment of ``gross_ore`` paid on ``on``.

    Args:
        expected_year_total_ore: what the recipient is expected to get from this payer in the calendar year,
            including this payment and what was paid before it (for a pay run: paid so far + this payment
            + anything planned). Under the year limit nothing is withheld.
        lookup: the tax-table source (needed for the ``table`` mode); the payment is looked up as a month's pay.
        limits: the limits on ``on`` when the caller has them (looked up when omitted).
    """
    if gross_ore <= 0:
        return Withholding(Ore(0), "no_pay")
    if setting.mode == "none":
        return Withholding(Ore(0), "mode_none")
    limits = limits or WithholdingLimits.on(params, on)
    if expected_year_total_ore < limits.year_ore:
        return Withholding(Ore(0), "under_year_limit")
    if gross_ore < limits.payment_ore:
        return Withholding(Ore(0), "under_payment_limit")
    if setting.mode in ("fixed", "jamkning_amount"):
        amount = min(int(setting.fixed_ore or 0), gross_ore)
        return Withholding(round_down_to_krona(amount), "fixed" if setting.mode == "fixed" else "jamkning_amount")
    if setting.mode == "table" and setting.table is not None:
        if lookup is None:
            raise ValueError("table mode needs a tax-table lookup")
        pay_kr = gross_ore // 100
        cell, basis = lookup(on.year, setting.table, setting.column or 1, pay_kr)
        tax_kr = cell.tax_kr(pay_kr)
        if setting.plus10:
            tax_kr += tax_kr // 10
        tax = min(tax_kr * 100, gross_ore // 100 * 100)
        return Withholding(
            Ore(tax), "table_plus10" if setting.plus10 else "table", None, setting.table, setting.column, basis
        )
    if setting.mode == "jamkning_percent" and setting.percent is not None:
        return Withholding(_percent_of(gross_ore, setting.percent), "jamkning_percent", setting.percent)
    if setting.mode == "percent" and setting.percent is not None:
        return Withholding(_percent_of(gross_ore, setting.percent), "percent", setting.percent)
    percent = limits.default_percent
    reason = setting.reason if setting.mode == "side" and setting.reason else "percent"
    return Withholding(_percent_of(gross_ore, percent), reason, percent)


# --- the participant's situation and the mode it gives ----------------------------------------------


@dataclass(frozen=True, slots=True)
class TaxSituation:
    """What the coordinator recorded from ``valid_from`` on (the participant form, or the CSV ``skattesats``)."""

    valid_from: date
    main_income_here: bool = True  # the arvode is the participant's huvudinkomst
    other_main_income: str = ""  # one of OTHER_MAIN_INCOMES when something else is
    table: int | None = None  # from the A-skattsedel
    has_tax_info: bool = True  # False: no A-skattsedel although asked for (table + 10 %)
    short_work: bool = False  # work meant to last under a week
    main_payer_organisation_id: int | None = None  # with several paying associations: the one that uses the table
    jamkning_kind: str = ""  # "" | percent | amount
    jamkning_percent: Decimal | None = None
    jamkning_amount_ore: int | None = None
    jamkning_from: date | None = None
    jamkning_to: date | None = None

    def jamkning_on(self, on: date) -> bool:
        if self.jamkning_kind not in ("percent", "amount"):
            return False
        if self.jamkning_from is not None and on < self.jamkning_from:
            return False
        return self.jamkning_to is None or on <= self.jamkning_to


def situation_on(situations: Sequence[TaxSituation], on: date) -> TaxSituation | None:
    """The situation in force on ``on``: the latest whose ``valid_from`` is on or before it."""
    found = None
    for s in sorted(situations, key=lambda s: s.valid_from):
        if s.valid_from <= on:
            found = s
    return found


@dataclass(frozen=True, slots=True)
class ModeChoice:
    """The mode for one payer and date, and why (``reason`` + ``params`` for the coordinator's sentence)."""

    setting: TaxSetting
    reason: str
    params: dict[str, Any] = field(default_factory=dict)


def older_age(params: Params, on: date) -> int:
    return int(params.get("skattetabell.hogre_alder", date(on.year, 1, 1)))


def column_for(birth_date: date | None, on: date, params: Params) -> int:
    """Column 1, or 3 for someone at/above ``skattetabell.hogre_alder`` at 1 January (born 1959 or earlier in
    2026): age "vid årets ingång" is the completed years on 31 December before."""
    if birth_date is not None and on.year - 1 - birth_date.year >= older_age(params, on):
        return 3
    return 1


def choose_mode(
    situation: TaxSituation | None,
    legacy: TaxSetting,
    *,
    organisation_id: int | None,
    on: date,
    birth_date: date | None,
    params: Params,
    office_table: int | None = None,
) -> ModeChoice:
    """The mode in force on ``on`` for pay from ``organisation_id`` (steps 2–6 of the module text; the 100 kr
    and 1 000 kr rules are applied per payment by :func:`withhold`)."""
    if situation is None:
        if legacy.mode == "none":
            return ModeChoice(legacy, "legacy_none")
        if legacy.mode == "fixed":
            return ModeChoice(legacy, "legacy_fixed")
        if legacy.mode == "percent" and legacy.percent is not None:
            return ModeChoice(legacy, "legacy_percent", {"percent": legacy.percent})
        return ModeChoice(legacy, "no_situation", {"percent": default_percent(params, on)})
    s = situation
    if s.jamkning_on(on):
        p = {"from": s.jamkning_from, "to": s.jamkning_to}
        if s.jamkning_kind == "percent":
            return ModeChoice(
                TaxSetting("jamkning_percent", percent=s.jamkning_percent),
                "jamkning_percent",
                {**p, "percent": s.jamkning_percent},
            )
        return ModeChoice(
            TaxSetting("jamkning_amount", fixed_ore=s.jamkning_amount_ore),
            "jamkning_amount",
            {**p, "amount": s.jamkning_amount_ore},
        )
    pct = default_percent(params, on)
    if s.short_work:
        return ModeChoice(TaxSetting("side", reason="short_work"), "short_work", {"percent": pct})
    if not s.main_income_here or s.other_main_income:
        return ModeChoice(
            TaxSetting("side", reason="side_income"),
            "side_income",
            {"percent": pct, "other": s.other_main_income or "annat"},
        )
    if (
        s.main_payer_organisation_id is not None
        and organisation_id is not None
        and s.main_payer_organisation_id != organisation_id
    ):
        return ModeChoice(
            TaxSetting("side", reason="other_main_payer"),
            "other_main_payer",
            {"percent": pct, "main_payer": s.main_payer_organisation_id},
        )
    column = column_for(birth_date, on, params)
    if not s.has_tax_info or s.table is None:
        table = office_table if office_table is not None else s.table
        if table is None:
            table = int(params.get("skattetabell.standardtabell", date(on.year, 1, 1)))
        return ModeChoice(
            TaxSetting("table", table=table, column=column, plus10=True),
            "table_plus10",
            {"table": table, "column": column},
        )
    p2: dict[str, Any] = {"table": s.table, "column": column}
    if s.valid_from.year < on.year:
        p2["recorded_year"] = s.valid_from.year
        p2["january"] = on.month == 1
    return ModeChoice(TaxSetting("table", table=s.table, column=column), "table", p2)
