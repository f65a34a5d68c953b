from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klyngestat.present.formatting import (
    format_number,
    format_percent,
    format_rate,
    format_share,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12.5, 0, "13"),
        (41.25, 1, "41.3"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (Fraction(7, 8) * 100, 0, "88"),
        (Fraction(1, 8) * 100, 0, "13"),
        (2.675, 2, "2.68"),
    ],
)
def test_half_up_on_the_exact_value(value, decimals, expected):
    # round(2.5) == 2 and round(2.675, 2) == 2.67 in Python: neither is what a fact sheet prints
    assert round_half_up(value, decimals=decimals) == Decimal(expected)


def test_seed_figures_format_as_printed():
    assert format_rate(Fraction(74, 110)) == "67,3 pct."
    assert format_rate(Fraction(14, 20)) == "70 pct."
    assert format_share(Fraction(52, 73)) == "71 pct."
    assert format_share(Fraction(4, 14)) == "29 pct."
    assert format_rate(Fraction(454, 691)) == "65,7 pct."
    assert format_rate(Fraction(329, 686)) == "48 pct."


def test_danish_thousands_and_decimal_comma():
    assert format_number(1234567.891, decimals=2) == "1.234.567,89"
    assert format_percent(Fraction(1, 3), decimals=1) == "33,3 pct."


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=10_000),
    st.integers(min_value=0, max_value=3),
)
def test_half_up_agrees_with_decimal_on_exact_fractions(count, base, decimals):
    exact = Fraction(count * 100, base)
    # 28 significant digits decide every half-way case of a fraction whose denominator is at most 10,000
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    expected = quotient.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert round_half_up(exact, decimals=decimals) == expected


@given(
    st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
)
def test_half_up_agrees_with_decimal_on_decimals(value, decimals):
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert round_half_up(value, decimals=decimals) == expected
