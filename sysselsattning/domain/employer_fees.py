"""Arbetsgivaravgifter by the recipient's age and the date — one implementation for pay runs and simulation.

Rules (docs/rules.md, parameters in ``resources/rules/arbetsgivaravgifter.toml``):
- full rate ``arbetsgivaravgifter.full`` (31,42 %);
- born in or before ``ingen_avgift_fodda_senast`` (1937): 0 %;
- had turned ``aldre_alder_vid_arets_borjan`` (66 in 2025, 67 in 2026) at 1 January: ``aldre`` (10,21 %);
- the youth reduction ``ungdom`` when active (age at 1 January within its band, pay up to a monthly cap;
  the 2026 proposal is *unconfirmed*);
- none while the year's pay to the recipient is under ``grans_ar`` (1 000 kr, 2 kap. 14 § SAL); once
  it reaches the limit, charges apply from the first krona — including earlier months' pay.
Charges are rounded half up to whole öre (Skatteverket's rounding rule is unconfirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from sysselsattning.domain.money import Ore, parse_kronor, percent_of


class Params(Protocol):
    def get(self, key: str, on: date) -> Any: ...


@dataclass(frozen=True, slots=True)
class FeeRate:
    percent: Decimal
    kind: str  # full | aldre | ingen | ungdom
    max_monthly_pay_ore: int | None = None  # youth: the reduced rate only up to this pay per month


def age_at_year_start(birth_date: date, year: int) -> int:
    """Completed years at 1 January of ``year`` (the age the rules mean by "vid årets ingång")."""
    return year - 1 - birth_date.year


def fee_rate(birth_date: date, on: date, params: Params) -> FeeRate:
    if birth_date.year <= int(params.get("arbetsgivaravgifter.ingen_avgift_fodda_senast", on)):
        return FeeRate(Decimal(0), "ingen")
    age = age_at_year_start(birth_date, on.year)
    if age >= int(params.get("arbetsgivaravgifter.aldre_alder_vid_arets_borjan", on)):
        return FeeRate(Decimal(params.get("arbetsgivaravgifter.aldre", on)), "aldre")
    youth = params.get("arbetsgivaravgifter.ungdom", on)
    if youth.get("active") and int(youth["min_age"]) <= age <= int(youth["max_age"]):
        return FeeRate(Decimal(youth["rate"]), "ungdom", parse_kronor(youth["max_monthly_pay"]))
    return FeeRate(Decimal(params.get("arbetsgivaravgifter.full", on)), "full")


def year_limit_ore(params: Params, on: date) -> int:
    return parse_kronor(params.get("arbetsgivaravgifter.grans_ar", on))


def fee(amount_ore: int, rate: FeeRate, params: Params, on: date) -> Ore:
    """Charges on ``amount_ore`` of one month's pay at ``rate`` (youth pay above the cap at the full rate)."""
    if rate.max_monthly_pay_ore is not None and amount_ore > rate.max_monthly_pay_ore:
        full = Decimal(params.get("arbetsgivaravgifter.full", on))
        return Ore(
            percent_of(rate.max_monthly_pay_ore, rate.percent) + percent_of(amount_ore - rate.max_monthly_pay_ore, full)
        )
    return percent_of(amount_ore, rate.percent)
