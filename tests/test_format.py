"""The Swedish fast paths of i18n.format give exactly Babel's sv_SE output."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from sysselsattning.i18n.format import NBSP, format_money, format_percent


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_money_equals_babel(ore):
    assert format_money(ore) == format_currency(Decimal(ore) / 100, "SEK", locale="sv_SE")


@given(st.decimals(min_value=-999, max_value=999, places=3), st.integers(min_value=0, max_value=2))
def test_percent_equals_babel(value, digits):
    fmt = "#,##0" + ("." + "#" * digits if digits else "")
    assert format_percent(value, digits=digits) == f"{format_decimal(value, format=fmt, locale='sv_SE')}{NBSP}%"


def test_examples():
    assert format_money(123450) == "1\xa0234,50\xa0kr"
    assert format_percent(Decimal("30")) == "30\xa0%"
    assert format_percent(Decimal("32.5"), digits=1) == "32,5\xa0%"
