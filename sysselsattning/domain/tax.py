"""Preliminary tax withheld on an arvode (skatteavdrag) — one implementation for pay runs and simulation.

Rules (rules-reference.md §5.2–5.3, parameters in ``resources/rules/skatt.toml``):
- the participant's percentage (default ``skatt.sidoinkomst_procent``, 30 % for a side income), a fixed
  amount from the tax table entered by the coordinator, or none;
- no withholding while the year's total to the recipient is expected to stay under
  ``skatt.grans_skatteavdrag_ar`` (1 000 kr, 10 kap. 4 § 2 SFL); once it passes, withholding applies only to
  later payments — earlier ones are not corrected;
- no withholding on a single payment under ``skatt.grans_enskild_betalning`` (100 kr, 10 kap. 4 § 1 SFL);
- tax is rounded down to whole kronor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any, Protocol

from sysselsattning.domain.money import Ore, parse_kronor, round_down_to_krona


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


@dataclass(frozen=True, slots=True)
class TaxSetting:
    mode: str = "default"  # default | percent | fixed | none
    percent: Decimal | None = None
    fixed_ore: int | None = None


@dataclass(frozen=True, slots=True)
class Withholding:
    tax_ore: Ore
    reason: str
    """``percent``, ``fixed``, ``mode_none``, ``under_year_limit``, ``under_payment_limit``, ``no_pay``."""
    percent: Decimal | None = None


def default_percent(params: Params, on: date) -> Decimal:
    return Decimal(params.get("skatt.sidoinkomst_procent", on))


def year_limit_ore(params: Params, on: date) -> int:
    return parse_kronor(params.get("skatt.grans_skatteavdrag_ar", on))


def withhold(
    gross_ore: int,
    setting: TaxSetting,
    *,
    on: date,
    params: Params,
    expected_year_total_ore: int,
) -> Withholding:
    """Tax to withhold on one payment of ``gross_ore`` paid on ``on``.

    Args:
        expected_year_total_ore: what the recipient is expected to get from this payer in the calendar year,
            including this payment and what was paid before it (for a pay run: paid so far + this payment
            + anything planned). Under the year limit nothing is withheld.
    """
    if gross_ore <= 0:
        return Withholding(Ore(0), "no_pay")
    if setting.mode == "none":
        return Withholding(Ore(0), "mode_none")
    if expected_year_total_ore < year_limit_ore(params, on):
        return Withholding(Ore(0), "under_year_limit")
    if gross_ore < parse_kronor(params.get("skatt.grans_enskild_betalning", on)):
        return Withholding(Ore(0), "under_payment_limit")
    if setting.mode == "fixed":
        amount = min(int(setting.fixed_ore or 0), gross_ore)
        return Withholding(round_down_to_krona(amount), "fixed")
    percent = (
        setting.percent if (setting.mode == "percent" and setting.percent is not None) else default_percent(params, on)
    )
    # One rounding step, down to whole kronor, on the exact product (rounding to öre first would turn
    # 1 999,99 kr × 30 % = 599,997 kr into 600 kr instead of 599 kr).
    exact_kronor = Decimal(gross_ore) * percent / Decimal(10000)
    return Withholding(Ore(int(exact_kronor.to_integral_value(rounding=ROUND_DOWN)) * 100), "percent", percent)
