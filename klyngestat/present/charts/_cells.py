"""What a cell of the overview's charts says and shows: a released record's share, or why there is none.

Shared by the headline dots (:mod:`._headline`) and the heat map
(:mod:`._heatmap`): a hidden record is never drawn, a shown one is printed
rounded half up on its exact fraction (national figures with one decimal).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from klyngestat.present.charts._base import _MUTED
from klyngestat.present.charts._svgdoc import _num, _Svg
from klyngestat.present.formatting import format_number
from klyngestat.release import Record

HIDDEN_CELL_TEXT = "vises ikke"
"""What a hidden figure's cell or row says (the page's note spells out why)."""

NO_ANSWERS_TEXT = "ingen svar"
"""What a shown figure with no answers (base 0) says."""


_SMALL = 6.0
"""Size of the small texts (tick labels, notes, "vises ikke") of both charts."""


def _drawable(record: Record | None) -> Fraction | None:
    """The exact share a record lets a chart draw: shown, answered by someone, with a figure."""
    if record is None or not record.shown or record.base == 0:
        return None
    # A published reference figure may come without its n (base None): its exact value is in the record.
    return record.fraction


def _decimals(record: Record) -> int:
    """National figures print with one decimal, specialty shares as whole percent."""
    return 1 if record.level == "nation" else 0


def cell_text(record: Record | None) -> str:
    """What a heat-map cell (or a dot's row) says: the rounded percent without "pct.", or why there is none.

    Parameters
    ----------
    record
        The cell's record; None (absent from the Release) reads as hidden.

    Returns
    -------
    str
        Whole percent (one decimal for a national figure, dropped when zero),
        :data:`HIDDEN_CELL_TEXT` or :data:`NO_ANSWERS_TEXT`.

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> share = Record("x", "group", "q", "top_box", "", "specialty", "A", None, "shown", "", count=52, base=73)
    >>> cell_text(share)
    '71'
    >>> national = Record("y", "national", "q", "national:top_box", "", "nation", None, None, "shown", "",
    ...                   count=454, base=691)
    >>> cell_text(national)
    '65,7'
    >>> cell_text(Record("z", "group", "q", "top_box", "", "specialty", "A", None, "hidden", "confidential"))
    'vises ikke'
    """
    if record is None or not record.shown:
        return HIDDEN_CELL_TEXT
    fraction = _drawable(record)
    if fraction is None:
        return NO_ANSWERS_TEXT if record.base == 0 else HIDDEN_CELL_TEXT
    return format_number(fraction * 100, decimals=_decimals(record), drop_zero_decimals=True)


def _rect(x0: float, y0: float, x1: float, y1: float, fill: str) -> str:
    """A filled rectangle from corner to corner (points)."""
    return f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" height="{_num(y1 - y0)}" fill="{fill}"/>'


def _ticks(svg: _Svg, xs: Sequence[float], y: float, *, length: float, width: float) -> None:
    """Tick marks down from ``y`` at each of ``xs``."""
    svg.lines([(x, y, x, y + length) for x in xs], _MUTED, width)
