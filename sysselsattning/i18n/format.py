"""Numbers, money and dates, formatted the Swedish way with Babel (``1 234,50 kr``).

Money goes through a fast path that produces exactly Babel's sv_SE output (``'1\xa0234,50\xa0kr'``,
group separator and the space before "kr" are U+00A0, minus is ASCII ``-``); a test compares the two.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sysselsattning.i18n.catalog import N_, current_language, locale_name

NBSP = "\xa0"

#: Month names by index 0–11, as message ids: ``_(MONTHS_LONG[i])`` in the current language (tables, letters).
MONTHS_LONG = (
    N_("januari"),
    N_("februari"),
    N_("mars"),
    N_("april"),
    N_("maj"),
    N_("juni"),
    N_("juli"),
    N_("augusti"),
    N_("september"),
    N_("oktober"),
    N_("november"),
    N_("december"),
)
#: Their short forms (chart axes, the plan's month fields).
MONTHS_SHORT = (
    N_("jan"),
    N_("feb"),
    N_("mar"),
    N_("apr"),
    N_("maj"),
    N_("jun"),
    N_("jul"),
    N_("aug"),
    N_("sep"),
    N_("okt"),
    N_("nov"),
    N_("dec"),
)


def format_money(ore: int, *, unit: bool = True, decimals: bool = True) -> str:
    """öre → ``1 234,50 kr`` (sv) or ``SEK 1,234.50`` in English (``unit``/``decimals`` honoured in both).

    English without the unit is plain ``1234.50`` (no grouping): it is also the text of money edit fields, and
    ``domain.money.parse_kronor`` reads a comma as the Swedish decimal comma.
    """
    ore = int(ore)
    sign = "-" if ore < 0 else ""
    a = abs(ore)
    if not decimals:
        a = (a + 50) // 100 * 100  # whole kronor: rounded (half up), never truncated (184 979 kr → 184 979)
        sign = sign if a else ""
    if current_language() != "sv":
        if not unit:
            return f"{sign}{a // 100}.{a % 100:02d}" if decimals else f"{sign}{a // 100}"
        return f"{sign}SEK{NBSP}{a // 100:,}" + (f".{a % 100:02d}" if decimals else "")
    kr = f"{a // 100:,}".replace(",", NBSP)
    text = f"{sign}{kr},{a % 100:02d}" if decimals else f"{sign}{kr}"
    return f"{text}{NBSP}kr" if unit else text


def format_decimal(value: Decimal | int | float, *, digits: int | None = None) -> str:
    from babel.numbers import format_decimal as _fd

    if digits is not None:
        fmt = "#,##0." + "0" * digits if digits else "#,##0"
        return _fd(value, format=fmt, locale=locale_name())
    return _fd(value, locale=locale_name())


def format_hours(hundredths: int | None) -> str:
    """Hundredths of an hour → ``2,5`` (no trailing zeros)."""
    if hundredths is None:
        return ""
    h = int(hundredths)
    sign, h = ("-" if h < 0 else ""), abs(h)
    whole, frac = divmod(h, 100)
    sv = current_language() == "sv"
    text = f"{whole:,}".replace(",", NBSP if sv else ",")  # thousands separators: 14 941
    if frac:
        text += ("," if sv else ".") + f"{frac:02d}".rstrip("0")
    return sign + text


format_quantity = format_hours


def format_percent(value: Decimal | int, *, digits: int = 0) -> str:
    """``Decimal('30')`` → ``30 %``; ``Decimal('32.5')`` with ``digits=1`` → ``32,5 %``.

    Swedish takes a fast path with exactly Babel's output (no locale data load on the start-up path).
    """
    if current_language() == "sv" and abs(Decimal(value)) < 1000:
        q = Decimal(value).quantize(Decimal(1).scaleb(-digits)) if digits else Decimal(value).quantize(Decimal(1))
        text = f"{q:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text.replace('.', ',').replace('-', '-')}{NBSP}%"
    from babel.numbers import format_decimal as _fd

    fmt = "#,##0" + ("." + "#" * digits if digits else "")
    return f"{_fd(Decimal(value), format=fmt, locale=locale_name())}{NBSP}%"


def format_date(d: date | None, style: str = "short") -> str:
    """``short`` → ``2026-03-25``; ``long`` → ``25 mars 2026``; ``full`` with weekday."""
    if d is None:
        return ""
    if style == "short":
        return d.isoformat()
    from babel.dates import format_date as _fd

    return _fd(d, format={"long": "long", "full": "full", "medium": "medium"}.get(style, style), locale=locale_name())


def format_month(d: date) -> str:
    """``mars 2026``."""
    from babel.dates import format_date as _fd

    return _fd(d, format="LLLL yyyy", locale=locale_name())
