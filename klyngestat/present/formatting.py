"""Danish display formatting: decimal comma, "pct.", half-up rounding on exact values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Rational

__all__ = [
    "Exact",
    "format_count_of",
    "format_number",
    "format_percent",
    "format_percentage_points",
    "format_rate",
    "format_share",
    "round_half_up",
]

#: A value given exactly: a Fraction (e.g. ``Fraction(52, 73)``), an int, a
#: Decimal, or a float/str read as the decimal it prints as.
Exact = Fraction | Decimal | int | float | str


def _to_fraction(value: Exact) -> Fraction:
    if isinstance(value, Rational | Decimal):
        return Fraction(value)
    if isinstance(value, float):
        # repr gives the shortest decimal that reads back as this float: what the user meant
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(value))


def round_half_up(value: Exact, *, decimals: int = 0) -> Decimal:
    """Round half away from zero on the exact value.

    Parameters
    ----------
    value
        The value; a Fraction keeps it exact (``Fraction(1, 8) * 100``).
    decimals
        Digits after the decimal point.

    Examples
    --------
    >>> round_half_up(12.5)
    Decimal('13')
    >>> round_half_up(41.25, decimals=1)
    Decimal('41.3')
    >>> round_half_up(Fraction(7, 8) * 100)
    Decimal('88')
    >>> round_half_up(-2.5)
    Decimal('-3')
    """
    exact = _to_fraction(value)
    quantum = Decimal(1).scaleb(-decimals)
    # Enough digits that the decimal expansion decides the half-way case exactly.
    scaled = exact * 10**decimals
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    twice = 2 * rest
    if twice >= scaled.denominator:
        whole += 1
    sign = -1 if scaled < 0 else 1
    return (Decimal(sign * whole) * quantum).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(value: Exact, *, decimals: int = 0, drop_zero_decimals: bool = False) -> str:
    """A number in Danish notation (decimal comma, thousands with a dot).

    Parameters
    ----------
    value
        The number; a Fraction keeps it exact.
    decimals
        Digits after the decimal comma, rounded half up.
    drop_zero_decimals
        Drop the decimals when they are all zero ("70", not "70,0").

    Examples
    --------
    >>> format_number(1234.5, decimals=1)
    '1.234,5'
    >>> format_number(70, decimals=1, drop_zero_decimals=True)
    '70'
    """
    rounded = round_half_up(value, decimals=decimals)
    if drop_zero_decimals and rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
        decimals = 0
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(share: Exact, *, decimals: int = 0, drop_zero_decimals: bool = True) -> str:
    """A share (0..1) as Danish percent with "pct.".

    Parameters
    ----------
    share
        The share, 0 to 1; a Fraction keeps it exact.
    decimals
        Digits after the decimal comma, rounded half up.
    drop_zero_decimals
        Drop the decimals when they are all zero ("70 pct.", not "70,0 pct.").

    Examples
    --------
    >>> format_percent(Fraction(52, 73))
    '71 pct.'
    >>> format_percent(Fraction(74, 110), decimals=1)
    '67,3 pct.'
    >>> format_percent(Fraction(14, 20), decimals=1)
    '70 pct.'
    """
    return f"{format_number(_to_fraction(share) * 100, decimals=decimals, drop_zero_decimals=drop_zero_decimals)} pct."


def format_share(share: Exact) -> str:
    """A share as whole percent, as the fact sheets print shares ("71 pct.").

    Parameters
    ----------
    share
        The share, 0 to 1; a Fraction keeps it exact.

    Examples
    --------
    >>> format_share(Fraction(52, 73))
    '71 pct.'
    """
    return format_percent(share, decimals=0)


def format_rate(share: Exact) -> str:
    """A response rate or national figure: one decimal, dropped when zero ("67,3 pct.", "48 pct.").

    Parameters
    ----------
    share
        The rate, 0 to 1; a Fraction keeps it exact.

    Examples
    --------
    >>> format_rate(Fraction(48, 100))
    '48 pct.'
    >>> format_rate(Fraction(460, 700))
    '65,7 pct.'
    """
    return format_percent(share, decimals=1, drop_zero_decimals=True)


def format_percentage_points(difference: Exact, *, decimals: int = 0) -> str:
    """A difference in percentage points ("19 procentpoint").

    Parameters
    ----------
    difference
        The difference, already in percentage points; a Fraction keeps it exact.
    decimals
        Digits after the decimal comma, rounded half up (dropped when all zero).

    Examples
    --------
    >>> format_percentage_points(Fraction(-19, 100) * 100)
    '-19 procentpoint'
    """
    return f"{format_number(difference, decimals=decimals, drop_zero_decimals=True)} procentpoint"


def format_count_of(count: int, base: int) -> str:
    """ "74 ud af 110".

    Parameters
    ----------
    count
        The count.
    base
        What it is counted out of.

    Examples
    --------
    >>> format_count_of(1234, 2000)
    '1.234 ud af 2.000'
    """
    return f"{format_number(count)} ud af {format_number(base)}"
