"""The pieces of the SVG Likert chart (:func:`klyngestat.present.charts.svg.likert_svg`): the segments of a
diverging bar, and a side panel ("I alt", or "Ved ikke" as bars).

They draw what :mod:`.likert` decides once for both renderers (the scale's
sides and colours, the labels that fit), as the matplotlib chart draws it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from klyngestat.present.charts._base import (
    _EDGE,
    _LINE_SPACING,
    _TEXT,
    _TICK_SIZE,
    _VALUE_SIZE,
    MIN_LABEL_PERCENT,
    _percent,
    _text_colour_on,
)
from klyngestat.present.charts._svgdoc import _PT, _TITLE_PAD, _Axes
from klyngestat.present.charts._svgframe import _Frame, _grid, _value_bar, _x_axis
from klyngestat.present.figures import Categories

if TYPE_CHECKING:
    from klyngestat.present.charts.likert import _LikertScale


def _likert_side(
    frame: _Frame,
    side: _Axes,
    title: str,
    values: list[tuple[int, str, Fraction | None]],
    scale: _LikertScale,
    source: int | None,
) -> None:
    """One side panel of a Likert chart: "I alt" (``source`` None, the top box in all, the text's figure, as
    bold numbers) or the bars of a non-substantive answer such as "Ved ikke"."""
    svg = frame.svg
    svg.text(side.x(50), side.top - _TITLE_PAD, title, _TICK_SIZE, _TEXT, anchor="middle", linespacing=_LINE_SPACING)
    if source is None:
        for i, total, _ in values:
            svg.text(
                side.x(50),
                side.y(i),
                total,
                _VALUE_SIZE,
                _TEXT,
                anchor="middle",
                valign="center",
                weight="bold",
                gid=f"likert-total-{i}",
            )
        return
    _grid(svg, side, (0, 50, 100))
    colour = scale.colours[source]
    for i, label, share in values:
        assert share is not None
        _value_bar(frame, side, i, share, colour, label=label, height=0.55)
    _x_axis(svg, side, (0, 50, 100), labelled=(0, 100))


def _likert_bar(frame: _Frame, row: int, d: Categories, scale: _LikertScale) -> list[tuple[float, float, str, str]]:
    """Draw one diverging bar's segments; return the segment labels that fit (x, y, text, colour)."""
    ax = frame.main
    base = d.base
    height = 0.62
    segments: list[tuple[int, Fraction, Fraction]] = []  # (position, left, share)
    half = Fraction(d.counts[scale.neutral], base) * 50 if scale.neutral is not None else Fraction(0)
    if scale.neutral is not None:
        segments.append((scale.neutral, -half, Fraction(d.counts[scale.neutral], base)))
    cursor = half
    for i in reversed(scale.positive):  # innermost (least positive) first
        share = Fraction(d.counts[i], base)
        segments.append((i, cursor, share))
        cursor += share * 100
    cursor = -half
    for i in scale.negative:  # innermost (least negative) first
        share = Fraction(d.counts[i], base)
        cursor -= share * 100
        segments.append((i, cursor, share))
    labels = []
    y0, y1 = ax.y(row - height / 2), ax.y(row + height / 2)
    axes_width = ax.width / _PT
    for position, left, share in segments:
        if share == 0:
            continue
        width = float(share * 100)
        colour = scale.colours[position]
        # Exact ends, so segments that meet share a coordinate (and a reader sees them side by side).
        frame.svg.box(ax.x(float(left)), y0, ax.x(float(left + share * 100)), y1, colour, edge=_EDGE)
        text = _percent(share)
        fits = frame.measure.width(text, _VALUE_SIZE) + 1.5 / 72 <= width / 200 * axes_width
        if share * 100 >= MIN_LABEL_PERCENT and fits:
            labels.append((ax.x(float(left) + width / 2), ax.y(row), text, _text_colour_on(colour)))
    return labels
