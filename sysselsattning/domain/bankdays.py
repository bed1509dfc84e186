"""Swedish bank days: the one holiday source of the whole program (pay days, AGI deadlines).

Pure domain code (stdlib and dateutil only).

- :func:`swedish_holidays` — allmänna helgdagar (lag 1989:253 om allmänna helgdagar) plus midsommarafton,
  julafton and nyårsafton, which banks and the deadline law (lag 1930:173 om beräkning av lagstadgad tid)
  treat like holidays.
- :func:`is_bank_day` — a weekday that is none of those.
- :func:`previous_bank_day` — the common Swedish pay-day rule: a pay day that falls on a weekend or holiday is
  moved to the bank day *before* it (the money is there before the weekend, never after).
- :func:`next_bank_day` — the deadline rule: a deadline on such a day moves to the next bank day.

>>> from datetime import date
>>> previous_bank_day(date(2026, 12, 25))  # juldagen → julafton is no bank day either → 23 December
datetime.date(2026, 12, 23)
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter
from dateutil.relativedelta import FR, SA, relativedelta


@lru_cache(maxsize=64)
def swedish_holidays(year: int) -> frozenset[date]:
    """The year's helgdagar and the three aftnar that are no bank days (midsommar-, jul- and nyårsafton)."""
    e = easter(year)
    midsummer_eve = date(year, 6, 19) + relativedelta(weekday=FR(+1))  # Friday 19–25 June
    all_saints = date(year, 10, 31) + relativedelta(weekday=SA(+1))  # Saturday 31 Oct – 6 Nov
    return frozenset(
        {
            date(year, 1, 1),  # nyårsdagen
            date(year, 1, 6),  # trettondedag jul
            e - timedelta(days=2),  # långfredagen
            e,  # påskdagen
            e + timedelta(days=1),  # annandag påsk
            date(year, 5, 1),  # första maj
            e + timedelta(days=39),  # Kristi himmelsfärdsdag
            e + timedelta(days=49),  # pingstdagen (a Sunday)
            date(year, 6, 6),  # nationaldagen
            midsummer_eve,  # midsommarafton
            midsummer_eve + timedelta(days=1),  # midsommardagen
            all_saints,  # alla helgons dag
            date(year, 12, 24),  # julafton
            date(year, 12, 25),  # juldagen
            date(year, 12, 26),  # annandag jul
            date(year, 12, 31),  # nyårsafton
        }
    )


def is_bank_day(d: date) -> bool:
    return d.weekday() < 5 and d not in swedish_holidays(d.year)


def previous_bank_day(d: date) -> date:
    """``d`` itself when it is a bank day, otherwise the nearest bank day before it."""
    while not is_bank_day(d):
        d -= timedelta(days=1)
    return d


def next_bank_day(d: date) -> date:
    """``d`` itself when it is a bank day, otherwise the nearest bank day after it."""
    while not is_bank_day(d):
        d += timedelta(days=1)
    return d
