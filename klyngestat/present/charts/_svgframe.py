"""The frame every fact-sheet chart is drawn in, as SVG: title, row labels, axes, legend and notes.

The same layout decisions as the matplotlib charts' ``_Layout``
(:mod:`._layout`), in points with y downwards: labels wrapped with the same
font metrics, the legend's columns chosen as matplotlib chooses them, and the
small pieces every chart draws (grid, x axis, a bar with its value, the text
that stands where a bar is hidden).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from klyngestat.present.charts._base import (
    _AXIS_BELOW,
    _EDGE,
    _GRID,
    _LABEL_GAP,
    _LABEL_SIZE,
    _LEGEND_SIZE,
    _LINE_SPACING,
    _MAX_LABEL_WIDTH,
    _MUTED,
    _NOTE_SIZE,
    _PAD,
    _SIDE_GAP,
    _SIDE_GAP_FIRST,
    _SIDE_WIDTH,
    _TEXT,
    _TICK_SIZE,
    _TITLE_SIZE,
    _VALUE_PAD,
    _VALUE_SIZE,
    FIGURE_WIDTH,
    _line_height,
    _n_lines,
    _text_colour_on,
    _value_fits_outside,
)
from klyngestat.present.charts._svgdoc import (
    _COLUMN_SPACING,
    _HANDLE_HEIGHT,
    _HANDLE_LENGTH,
    _HANDLE_TEXT_PAD,
    _LABEL_PAD,
    _LABEL_SPACING,
    _PT,
    _SPINE,
    _TICK_LENGTH,
    _TICK_PAD,
    _WHITE,
    _Axes,
    _num,
    _Svg,
)
from klyngestat.present.charts._svgtext import FontMeasure, face, layout_width, text_width
from klyngestat.present.formatting import format_number


@dataclass
class _Legend:
    """Legend entries laid out in ``ncol`` columns, row by row in the given order."""

    entries: list[tuple[str, str]]
    """(colour, label)."""
    ncol: int

    @property
    def rows(self) -> int:
        return -(-len(self.entries) // self.ncol)

    def _column_widths(self, width: object) -> list[float]:
        size = _LEGEND_SIZE
        handle = (_HANDLE_LENGTH + _HANDLE_TEXT_PAD) * size
        return [
            handle + max(width(label) for _, label in self.entries[c :: self.ncol])  # type: ignore[operator]
            for c in range(self.ncol)
        ]

    def width(self, *, layout: bool = False) -> float:
        """Width in points: as the layout measures it (Agg at 100 dpi) or as drawn."""
        if layout:
            widths = self._column_widths(lambda s: layout_width(s, _LEGEND_SIZE) * _PT / 100)
        else:
            widths = self._column_widths(lambda s: text_width(s, _LEGEND_SIZE))
        return sum(widths) + (self.ncol - 1) * _COLUMN_SPACING * _LEGEND_SIZE

    @staticmethod
    def _row_extent() -> tuple[float, float]:
        """A row's extent above and below its baseline: the colour patch's or the text's, whichever is more."""
        size = _LEGEND_SIZE
        f = face()
        patch_descent = 0.35 * size * (_HANDLE_HEIGHT - 0.7)
        above = max(size * _HANDLE_HEIGHT - 2 * patch_descent, f.ascent * size / f.upem)
        below = max(patch_descent, f.descent * size / f.upem)
        return above, below

    def height(self) -> float:
        above, below = self._row_extent()
        return self.rows * (above + below) + (self.rows - 1) * _LABEL_SPACING * _LEGEND_SIZE

    def draw(self, svg: _Svg, centre: float, top: float) -> None:
        size = _LEGEND_SIZE
        above, below = self._row_extent()
        patch_descent = 0.35 * size * (_HANDLE_HEIGHT - 0.7)
        patch_height = size * _HANDLE_HEIGHT - patch_descent
        columns = self._column_widths(lambda s: text_width(s, size))
        x0 = centre - self.width() / 2
        for k, (colour, label) in enumerate(self.entries):
            row, column = divmod(k, self.ncol)
            x = x0 + sum(columns[:column]) + column * _COLUMN_SPACING * size
            baseline = top + row * (above + below + _LABEL_SPACING * size) + above
            svg.box(
                x,
                baseline + patch_descent - patch_height,
                x + _HANDLE_LENGTH * size,
                baseline + patch_descent,
                colour,
                edge=_EDGE,
            )
            svg.text(x + (_HANDLE_LENGTH + _HANDLE_TEXT_PAD) * size, baseline, label, size, "#000000")


def _legend(entries: list[tuple[str, str]], max_width: float) -> _Legend:
    """The most columns (at most one row) whose legend fits ``max_width`` points, as matplotlib chooses."""
    ncol = len(entries)
    while True:
        legend = _Legend(entries, ncol)
        if legend.width(layout=True) <= max_width or ncol == 1:
            return legend
        ncol -= 1


@dataclass
class _Frame:
    """The stack of title, header, rows, x axis, legend and notes; sizes in points, y downwards."""

    svg: _Svg
    main: _Axes
    sides: list[_Axes]
    labels: list[str]
    measure: FontMeasure


def _frame(
    measure: FontMeasure,
    row_labels: list[str],
    *,
    row_height: float,
    title: str | None,
    header: float,
    legend: list[tuple[str, str]] | None,
    notes: list[str],
    side_panels: int = 0,
    low: float = 0.0,
    high: float = 100.0,
) -> _Frame:
    """Lay a chart out and start it: white ground, title, legend and notes around plot areas still empty.

    Row labels are wrapped (and rows made tall enough for them), the title
    and notes wrapped to the chart's width, and the legend's columns chosen;
    the chart is as tall as all of that needs. ``low`` and ``high`` are the
    main axes' range; side panels run from 0 to 100 pct.
    """
    m = measure
    width = FIGURE_WIDTH
    labels = [m.wrap(label, _LABEL_SIZE, _MAX_LABEL_WIDTH) for label in row_labels]
    label_width = max((m.width(label, _LABEL_SIZE) for label in labels), default=0.0)
    lines = max((_n_lines(label) for label in labels), default=1)
    row_height = max(row_height, _line_height(_LABEL_SIZE, lines) + 0.1)

    wrapped_title = m.wrap(title, _TITLE_SIZE, width - 2 * _PAD, "bold") if title else None
    title_height = _line_height(_TITLE_SIZE, _n_lines(wrapped_title)) + 0.1 if wrapped_title else 0.0
    wrapped_notes = [m.wrap(note, _NOTE_SIZE, width - 2 * _PAD) for note in notes]
    notes_height = sum(_line_height(_NOTE_SIZE, _n_lines(n)) for n in wrapped_notes) + (0.08 if notes else 0.0)
    laid_legend = _legend(legend, (width - 2 * _PAD) * _PT) if legend is not None else None
    legend_height = laid_legend.height() / _PT + 0.1 if laid_legend is not None else 0.0

    plot_height = len(labels) * row_height
    height = _PAD + title_height + header + plot_height + _AXIS_BELOW + legend_height + notes_height + _PAD
    left = _PAD + label_width + _LABEL_GAP
    side = side_panels * _SIDE_WIDTH + (_SIDE_GAP_FIRST + (side_panels - 1) * _SIDE_GAP if side_panels else 0.0)
    main_width = max(width - left - side - 0.18, 1.0)
    top = _PAD + title_height + header

    svg = _Svg(width * _PT, height * _PT)
    svg.parts.append(f'<rect width="{_num(width * _PT)}" height="{_num(height * _PT)}" fill="{_WHITE}"/>')
    main = _Axes(left * _PT, top * _PT, main_width * _PT, plot_height * _PT, low, high, row_height * _PT)
    sides = _side_axes(left + main_width + _SIDE_GAP_FIRST, top, plot_height, row_height, side_panels)
    _around_plot(svg, wrapped_title, laid_legend, wrapped_notes, top + plot_height + _AXIS_BELOW, legend_height)
    return _Frame(svg, main, sides, labels, measure)


def _side_axes(x: float, top: float, plot_height: float, row_height: float, panels: int) -> list[_Axes]:
    """The side panels (0 to 100 pct.) right of the main axes, the first starting at ``x`` (inches)."""
    sides = []
    for _ in range(panels):
        sides.append(_Axes(x * _PT, top * _PT, _SIDE_WIDTH * _PT, plot_height * _PT, 0.0, 100.0, row_height * _PT))
        x += _SIDE_WIDTH + _SIDE_GAP
    return sides


def _around_plot(
    svg: _Svg, title: str | None, legend: _Legend | None, notes: list[str], below_axis: float, legend_height: float
) -> None:
    """The wrapped title at the top; under the x axis (from ``below_axis`` inches) the legend, then the notes."""
    if title:
        svg.text(
            _PAD * _PT, _PAD * _PT, title, _TITLE_SIZE, _TEXT, valign="top", weight="bold", linespacing=_LINE_SPACING
        )
    y = below_axis
    if legend is not None:
        legend.draw(svg, FIGURE_WIDTH * _PT / 2, y * _PT)
        y += legend_height
    y += 0.04
    for note in notes:
        svg.text(_PAD * _PT, y * _PT, note, _NOTE_SIZE, _MUTED, valign="top", linespacing=_LINE_SPACING)
        y += _line_height(_NOTE_SIZE, _n_lines(note))


def _row_labels(frame: _Frame) -> None:
    ax = frame.main
    for i, label in enumerate(frame.labels):
        frame.svg.text(
            ax.left - _LABEL_GAP * _PT, ax.y(i), label, _LABEL_SIZE, _TEXT, anchor="end", valign="center_baseline"
        )


def _grid(svg: _Svg, ax: _Axes, ticks: Sequence[float]) -> None:
    svg.lines([(ax.x(t), ax.top, ax.x(t), ax.bottom) for t in ticks], _GRID, 0.6, cap="square")


def _x_axis(svg: _Svg, ax: _Axes, ticks: Sequence[int], labelled: Sequence[int] | None = None) -> None:
    """The bottom spine, tick marks, tick labels (positive percents) and "pct." under them."""
    shown = ticks if labelled is None else labelled
    svg.lines([(ax.left, ax.bottom, ax.right, ax.bottom)], _SPINE, 0.6, cap="square")
    svg.lines([(ax.x(t), ax.bottom, ax.x(t), ax.bottom + _TICK_LENGTH) for t in ticks], _MUTED, 0.6)
    top = ax.bottom + _TICK_LENGTH + _TICK_PAD
    for t in ticks:
        if t in shown:
            svg.text(ax.x(t), top, format_number(abs(t)), _TICK_SIZE, _MUTED, anchor="middle", valign="top")
    f = face()
    label_top = top + (f.ascent + f.descent) * _TICK_SIZE / f.upem + _LABEL_PAD
    svg.text(ax.x((ax.low + ax.high) / 2), label_top, "pct.", _TICK_SIZE, _MUTED, anchor="middle", valign="top")


def _hidden(
    svg: _Svg, ax: _Axes, row: float, value: float, text: str, *, anchor: str, size: float = _VALUE_SIZE
) -> None:
    """The text that stands in a row instead of a bar that is not shown."""
    svg.labelled_ground(ax.x(value), ax.y(row), text, size, _MUTED, anchor=anchor, pad=1.0, weight="italic")


def _value_bar(
    frame: _Frame,
    ax: _Axes,
    row: float,
    share: Fraction,
    colour: str,
    *,
    label: str,
    height: float,
    label_size: float = _VALUE_SIZE,
) -> None:
    """A bar from 0 with its value at the end: outside if it fits there, else inside (as the matplotlib charts)."""
    svg = frame.svg
    width = float(share * 100)
    svg.box(ax.x(0), ax.y(row - height / 2), ax.x(width), ax.y(row + height / 2), colour)
    pad = _VALUE_PAD
    if _value_fits_outside(frame.measure, label, label_size, width, ax.width / _PT):
        svg.labelled_ground(
            ax.x(width) + pad * _PT, ax.y(row), label, label_size, _TEXT, anchor="start", pad=0.6, weight="normal"
        )
    else:
        svg.text(
            ax.x(width) - pad * _PT,
            ax.y(row),
            label,
            label_size,
            _text_colour_on(colour),
            anchor="end",
            valign="center",
        )
