"""Money as integer öre.

Money never travels as float. Parsing user text goes through :class:`decimal.Decimal` once, with the
rounding mode named; every amount inside the domain and the database is an ``int`` of öre.

>>> parse_kronor("1 234,50")
123450
>>> ore_to_str(123450)
'1234.50'
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NewType

Ore = NewType("Ore", int)

ZERO = Ore(0)
HUNDRED = Decimal(100)

#: The largest money amount a field or a scenario accepts: 1 000 000 kr. Nothing in this programme comes near it
#: (a year's arvode is capped far below, rents and benefits are tens of thousands); a larger figure is a typing
#: error ("52000000" for "5200,00"). One limit for the simulator page and the scenario parser alike.
MAX_AMOUNT_ORE = Ore(100_000_000)


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class MoneyError(ValueError):
    """Text that is not an amount of money."""


def _clean(text: str) -> str:
    return (
        text.strip()
        .replace("\xa0", "")
        .replace("\u202f", "")
        .replace(" ", "")
        .replace("kr", "")
        .replace("\u2212", "-")
        .replace(",", ".")
    )


def parse_decimal(text: str | int | Decimal) -> Decimal:
    """Parse a Swedish or plain decimal number (``1 234,5`` or ``1234.5``)."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    cleaned = _clean(str(text))
    # Plain digits with an optional sign and one decimal point only: no exponent notation ("1E4300"),
    # no "NaN"/"Infinity", and no absurd magnitudes (more than 15 integer digits is not an arvode).
    if not _PLAIN_NUMBER.match(cleaned) or len(cleaned.lstrip("+-").split(".")[0]) > 15:
        raise MoneyError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise MoneyError(text) from exc
    if not value.is_finite():
        raise MoneyError(text)
    return value


def parse_kronor(text: str | int | Decimal, *, max_decimals: int = 2) -> Ore:
    """Kronor text → öre. More than ``max_decimals`` decimals is an error, not a rounding."""
    value = parse_decimal(text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > max_decimals:
        raise MoneyError(text)
    return Ore(int((value * HUNDRED).to_integral_value(rounding=ROUND_HALF_UP)))


def decimal_to_ore(value: Decimal, *, rounding: str = ROUND_HALF_UP) -> Ore:
    """Kronor as Decimal → öre, rounded once with the named rule."""
    return Ore(int((value * HUNDRED).to_integral_value(rounding=rounding)))


def ore_to_decimal(ore: int) -> Decimal:
    return (Decimal(ore) / HUNDRED).quantize(Decimal("0.01"))


def ore_to_str(ore: int) -> str:
    """öre → ``"1234.50"`` (the contract format of JSON output)."""
    sign = "-" if ore < 0 else ""
    a = abs(int(ore))
    return f"{sign}{a // 100}.{a % 100:02d}"


def percent_of(ore: int, percent: Decimal, *, rounding: str = ROUND_HALF_UP) -> Ore:
    """``percent`` % of an amount, rounded once to whole öre."""
    if rounding == ROUND_HALF_UP:
        # The same rounding in exact integers (a pay run does this for every line): half away from zero.
        num, den = percent.as_integer_ratio()
        q, r = divmod(abs(ore * num), den * 100)
        if 2 * r >= den * 100:
            q += 1
        return Ore(-q if (ore < 0) != (num < 0) else q)
    return Ore(int((Decimal(ore) * percent / HUNDRED).to_integral_value(rounding=rounding)))


def round_down_to_krona(ore: int) -> Ore:
    """Round towards zero to whole kronor (tax withheld is rounded down, SFL 11 kap.)."""
    value = Decimal(ore) / HUNDRED
    return Ore(int(value.to_integral_value(rounding=ROUND_DOWN)) * 100)


def times_hundredths(rate_ore: int, hundredths: int) -> Ore:
    """Rate (öre per unit) × quantity in hundredths of a unit, rounded half up to öre."""
    return Ore(int((Decimal(rate_ore) * Decimal(hundredths) / HUNDRED).to_integral_value(rounding=ROUND_HALF_UP)))
