"""Swedish personnummer and samordningsnummer (SFS 1991:481 and 47 § folkbokföringslagen).

python-stdnum rejects samordningsnummer (day + 60), so the parsing is done here: 10 or 12 digits,
with or without ``-``/``+``, a real birth date (day − 60 for samordningsnummer), and the Luhn check digit
over the last 10 digits. The canonical form stored in the database is 12 digits without separator.

>>> parse("811228-9874").canonical
'198112289874'
>>> parse("701063-2391").is_samordningsnummer
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_PNR_RE = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


class PersonnummerError(ValueError):
    """Not a valid personnummer; ``code`` is one of ``format``, ``date``, ``checksum``."""

    def __init__(self, code: str, text: str):
        self.code = code
        self.text = text
        super().__init__(f"{code}: {text}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


@dataclass(frozen=True, slots=True)
class Personnummer:
    canonical: str  # 12 digits, YYYYMMDDNNNC
    birth_date: date
    is_samordningsnummer: bool

    def formatted(self) -> str:
        """``YYYYMMDD-NNNN``."""
        return f"{self.canonical[:8]}-{self.canonical[8:]}"

    def masked(self) -> str:
        """``YYYYMMDD-****`` for lists where the full number is not needed."""
        return f"{self.canonical[:8]}-****"

    @property
    def gender_digit(self) -> int:
        return int(self.canonical[10])


def parse(text: str, *, today: date | None = None) -> Personnummer:
    """Parse and validate. ``today`` decides the century of 10-digit numbers (default: today)."""
    raw = (text or "").strip().replace(" ", "")
    m = _PNR_RE.match(raw)
    if not m:
        raise PersonnummerError("format", text)
    century, yy, mm, dd, sep, serial, check = m.groups()
    ten = f"{yy}{mm}{dd}{serial}{check}"
    day = int(dd)
    samordning = day > 60
    if samordning:
        day -= 60
    today = today or date.today()
    if century:
        year = int(century + yy)
    else:
        year = 2000 + int(yy)
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    try:
        birth = date(year, int(mm), day)
    except ValueError:
        raise PersonnummerError("date", text) from None
    if birth > today:
        raise PersonnummerError("date", text)
    if not luhn_ok(ten):
        raise PersonnummerError("checksum", text)
    canonical = f"{year:04d}{mm}{dd}{serial}{check}"
    return Personnummer(canonical=canonical, birth_date=birth, is_samordningsnummer=samordning)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except PersonnummerError:
        return False
    return True


@lru_cache(maxsize=16384)  # a pay run asks for every participant's; the answer never changes
def birth_date(canonical: str) -> date:
    """The birth date in a stored 12-digit number (``YYYYMMDDNNNC``; a samordningsnummer's day is 60 higher).

    >>> birth_date("198504121234"), birth_date("19850472-1234")
    (datetime.date(1985, 4, 12), datetime.date(1985, 4, 12))
    """
    c = canonical.replace("-", "")
    if len(c) != 12 or not c.isdigit():
        raise PersonnummerError("format", canonical)
    day = int(c[6:8])
    try:
        return date(int(c[0:4]), int(c[4:6]), day - 60 if day > 60 else day)
    except ValueError:
        raise PersonnummerError("date", canonical) from None


def mask(canonical: str) -> str:
    """Mask a stored 12-digit number: ``19850412-****``."""
    c = canonical.replace("-", "")
    return f"{c[:8]}-****" if len(c) >= 8 else "****"


def format_pnr(canonical: str) -> str:
    c = canonical.replace("-", "")
    return f"{c[:8]}-{c[8:]}" if len(c) == 12 else canonical


def with_check_digit(first_nine: str) -> str:
    """Append the Luhn check digit to 9 digits (YYMMDDNNN) — used by the demo generator."""
    for d in range(10):
        if luhn_ok(first_nine + str(d)):
            return first_nine + str(d)
    raise AssertionError("unreachable")
