"""Pay days are bank days: the previous bank day on weekends, holidays and the three aftnar (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest

from sysselsattning.domain import bankdays
from sysselsattning.domain.payroll import PAY_MONTH_AFTER, PAY_MONTH_WORKED, parse_period, payment_date
from sysselsattning.exports import agi


def test_holidays_of_2026():
    h = bankdays.swedish_holidays(2026)
    for d in (
        date(2026, 1, 1),
        date(2026, 1, 6),
        date(2026, 4, 3),  # långfredagen
        date(2026, 4, 6),  # annandag påsk
        date(2026, 5, 14),  # Kristi himmelsfärd
        date(2026, 6, 6),
        date(2026, 6, 19),  # midsommarafton
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 31),
    ):
        assert d in h, d
    assert date(2026, 12, 23) not in h
    assert bankdays.is_bank_day(date(2026, 12, 23))
    assert bankdays.is_bank_day(date(2026, 12, 28)) is not False  # Monday after Christmas is a bank day


def test_agi_uses_the_same_holiday_source():
    assert agi.swedish_holidays is bankdays.swedish_holidays
    assert agi.next_business_day(date(2026, 12, 24)) == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("period", "day", "offset", "expected"),
    [
        ("2026-12", 25, PAY_MONTH_WORKED, date(2026, 12, 23)),  # juldagen → julafton → 23 Dec
        ("2026-11", 25, PAY_MONTH_AFTER, date(2026, 12, 23)),  # November's work paid in December
        ("2026-10", 25, PAY_MONTH_WORKED, date(2026, 10, 23)),  # Sunday 25 Oct → Friday, not Monday
        ("2026-07", 25, PAY_MONTH_WORKED, date(2026, 7, 24)),  # Saturday → Friday
        ("2026-06", 19, PAY_MONTH_WORKED, date(2026, 6, 18)),  # midsommarafton → Thursday
        ("2026-03", 25, PAY_MONTH_WORKED, date(2026, 3, 25)),  # a plain Wednesday stays
        ("2026-12", 31, PAY_MONTH_WORKED, date(2026, 12, 30)),  # nyårsafton
        ("2026-12", 27, PAY_MONTH_AFTER, date(2027, 1, 27)),  # into the next year
        ("2027-01", 6, PAY_MONTH_WORKED, date(2027, 1, 5)),  # trettondedagen
        ("2026-04", 6, PAY_MONTH_WORKED, date(2026, 4, 2)),  # annandag påsk → (långfredag) → skärtorsdag
    ],
)
def test_monthly_pay_day(period, day, offset, expected):
    assert payment_date(parse_period(period), day, offset) == expected


def test_week_and_occasion_pay_days_are_bank_days():
    assert payment_date(parse_period("2026-W52")) == date(2026, 12, 30)  # Fri 1 Jan 2027 → Wed 30 Dec
    assert payment_date(parse_period("2026-12-24")) == date(2026, 12, 28)  # an occasion is never paid before it
