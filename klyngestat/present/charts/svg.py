"""The fact-sheet charts written directly as SVG, without matplotlib: the same charts, a fraction of the cost.

:func:`likert_svg`, :func:`share_svg`, :func:`expectation_svg` and
:func:`ranking_svg` draw what :func:`~klyngestat.present.charts.likert_chart`,
:func:`~klyngestat.present.charts.share_chart`,
:func:`~klyngestat.present.charts.expectation_chart` and
:func:`~klyngestat.present.charts.ranking_chart` draw: the same layout decisions
(wrapped labels, dropped segment labels, label inside or outside a bar, legend
columns), measured with the same font metrics (:mod:`._svgtext`), the same
texts, numbers, colours and ids, and the same size in inches. The matplotlib
charts stay for notebooks and PNGs; fact sheets (HTML and PDF) use these.

The SVG is small on purpose, because WeasyPrint draws it node by node: one
``<path>`` per bar or segment (absolute coordinates, so a reader of the SVG
gets its box), one path per kind of axis line, one ``<text>`` per line of
text, presentation attributes only (no ``style``), and no groups except the
``<g id="likert-total-{i}">`` around each "I alt" figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from klyngestat.present.charts._base import (
    _AXIS_BELOW,
    _EDGE,
    _EDGE_WIDTH,
    _EXPERIENCED_COLOUR,
    _FONT,
    _GRID,
    _LABEL_GAP,
    _LABEL_SIZE,
    _LEGEND_SIZE,
    _LINE_SPACING,
    _MAX_LABEL_WIDTH,
    _MUTED,
    _NOTE_SIZE,
    _PAD,
    _PRIORITY_COLOUR,
    _SHARE_COLOURS,
    _SIDE_GAP,
    _SIDE_GAP_FIRST,
    _SIDE_WIDTH,
    _TEXT,
    _TICK_SIZE,
    _TITLE_SIZE,
    _VALUE_PAD,
    _VALUE_SIZE,
    FIGURE_WIDTH,
    MIN_LABEL_PERCENT,
    _hidden_text,
    _line_height,
    _n_label,
    _n_lines,
    _percent,
    _shown,
    _text_colour_on,
    _value_fits_outside,
)
from klyngestat.present.charts._svgtext import FontMeasure, VAlign, Weight, baselines, face, layout_width, text_width
from klyngestat.present.figures import Categories
from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.release import Record

if TYPE_CHECKING:
    from klyngestat.present.charts.likert import _LikertScale
    from klyngestat.present.document import Chart

__all__ = ["chart_svg", "expectation_svg", "likert_svg", "ranking_svg", "share_svg"]

_PT = 72.0
"""Points per inch: the SVG's user unit is the point, as in matplotlib's SVG."""
_FAMILY = f"'{_FONT}', sans-serif"
_SPINE = "#999999"
_ZERO_LINE = "#777777"
_WHITE = "#ffffff"
_TICK_LENGTH = 2.5
_TICK_PAD = 3.5
_LABEL_PAD = 3.0
_TITLE_PAD = 4.0
# The legend's geometry (matplotlib's, in multiples of the legend's font size).
_HANDLE_LENGTH = 1.1
_HANDLE_HEIGHT = 1.0
_HANDLE_TEXT_PAD = 0.5
_COLUMN_SPACING = 1.4
_LABEL_SPACING = 0.5


def _num(value: float) -> str:
    """A coordinate with three decimals at most, no trailing zeros (and never "-0")."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fill(colour: str) -> str:
    return _WHITE if colour == "white" else colour


# ---------------------------------------------------------------------------
# The SVG document


@dataclass
class _Svg:
    """The elements of one chart, in drawing order, and the means to write them."""

    width: float
    height: float
    parts: list[str] = field(default_factory=list)

    def box(self, x0: float, y0: float, x1: float, y1: float, fill: str, *, edge: str | None = None) -> None:
        """A filled box as a closed path (absolute corners: readers of the SVG get its box from ``d``)."""
        a, b, c, d = _num(x0), _num(y0), _num(x1), _num(y1)
        stroke = f' stroke="{edge}" stroke-width="{_num(_EDGE_WIDTH)}" stroke-linejoin="miter"' if edge else ""
        self.parts.append(f'<path d="M{a} {b}L{c} {b}L{c} {d}L{a} {d}Z" fill="{_fill(fill)}"{stroke}/>')

    def ground(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """The white, slightly translucent ground under a label that stands on grid or reference lines."""
        self.parts.append(
            f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" height="{_num(y1 - y0)}" '
            f'fill="{_WHITE}" fill-opacity="0.9"/>'
        )

    def lines(
        self,
        segments: Sequence[tuple[float, float, float, float]],
        colour: str,
        width: float,
        *,
        dashes: str | None = None,
        cap: str = "butt",
    ) -> None:
        """Straight lines of one colour and width as one path."""
        if not segments:
            return
        d = "".join(f"M{_num(a)} {_num(b)}L{_num(c)} {_num(e)}" for a, b, c, e in segments)
        dash = f' stroke-dasharray="{dashes}"' if dashes else ""
        self.parts.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{_num(width)}" stroke-linecap="{cap}"{dash}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        colour: str | None,
        *,
        anchor: str = "start",
        valign: VAlign = "baseline",
        weight: Weight = "normal",
        linespacing: float | None = None,
        gid: str | None = None,
    ) -> None:
        """A text, one ``<text>`` per line, placed as matplotlib places it (x by anchor, y by ``valign``)."""
        lines = text.split("\n")
        for line, below in zip(
            lines, baselines(lines, size, valign, linespacing=linespacing, weight=weight), strict=True
        ):
            if not line:
                continue
            attributes = f'x="{_num(x)}" y="{_num(y + below)}" font-size="{_num(size)}" font-family="{_FAMILY}"'
            if weight == "bold":
                attributes += ' font-weight="bold"'
            elif weight == "italic":
                attributes += ' font-style="italic"'
            if anchor != "start":
                attributes += f' text-anchor="{anchor}"'
            if colour is not None:
                attributes += f' fill="{_fill(colour)}"'
            element = f"<text {attributes}>{escape(line)}</text>"
            self.parts.append(f"<g id={quoteattr(gid)}>{element}</g>" if gid else element)

    def labelled_ground(
        self, x: float, y: float, text: str, size: float, colour: str, *, anchor: str, pad: float, weight: Weight
    ) -> None:
        """A single-line text centred on ``y`` on a white ground ``pad`` points wider than the text's box."""
        f = face(weight)
        width = text_width(text, size, weight)
        left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        (below,) = baselines([text], size, "center", weight=weight)
        self.ground(
            left - pad,
            y + below - f.ascent * size / f.upem - pad,
            left + width + pad,
            y + below + f.descent * size / f.upem + pad,
        )
        self.text(x, y, text, size, colour, anchor=anchor, valign="center", weight=weight)

    def write(self) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(self.width)}pt" height="{_num(self.height)}pt" '
            f'viewBox="0 0 {_num(self.width)} {_num(self.height)}" version="1.1">'
        )
        return "\n".join([head, *self.parts, "</svg>"]) + "\n"


# ---------------------------------------------------------------------------
# Layout: the matplotlib charts' _Layout, in points with y downwards


@dataclass
class _Axes:
    """A plot area in points, its data range along x, and rows of height ``row`` from its top."""

    left: float
    top: float
    width: float
    height: float
    low: float
    high: float
    row: float

    def x(self, value: float) -> float:
        return self.left + (value - self.low) / (self.high - self.low) * self.width

    def y(self, row: float) -> float:
        return self.top + (row + 0.5) * self.row

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


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
    sides = []
    x = left + main_width + _SIDE_GAP_FIRST
    for _ in range(side_panels):
        sides.append(_Axes(x * _PT, top * _PT, _SIDE_WIDTH * _PT, plot_height * _PT, 0.0, 100.0, row_height * _PT))
        x += _SIDE_WIDTH + _SIDE_GAP

    if wrapped_title:
        svg.text(
            _PAD * _PT,
            _PAD * _PT,
            wrapped_title,
            _TITLE_SIZE,
            _TEXT,
            valign="top",
            weight="bold",
            linespacing=_LINE_SPACING,
        )
    y = top + plot_height + _AXIS_BELOW
    if laid_legend is not None:
        laid_legend.draw(svg, width * _PT / 2, y * _PT)
        y += legend_height
    y += 0.04
    for note in wrapped_notes:
        svg.text(_PAD * _PT, y * _PT, note, _NOTE_SIZE, _MUTED, valign="top", linespacing=_LINE_SPACING)
        y += _line_height(_NOTE_SIZE, _n_lines(note))
    return _Frame(svg, main, sides, labels, measure)


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


# ---------------------------------------------------------------------------
# Likert


def likert_svg(rows: Sequence[tuple[str, Categories | None]], *, title: str | None = None) -> str:
    """Diverging stacked bars of a Likert question as SVG: :func:`~klyngestat.present.charts.likert_chart`'s chart.

    Parameters
    ----------
    rows
        ``(label, categories)`` pairs as for ``likert_chart``; ``None`` marks a hidden row.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element; each "I alt" figure is in ``<g id="likert-total-{row}">``.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.figures import Released
    >>> d = Released(build_release(demo_survey()), "Dermatologi").categories("understoetter_kvalitet")
    >>> svg = likert_svg([("Dermatologi", d)])
    >>> "Dermatologi (n=73)" in svg, '<g id="likert-total-0"><text' in svg
    (True, True)
    """
    from klyngestat.present.charts.likert import _likert_text, _side_titles, _side_values  # shared with likert_chart

    decided = _likert_text(rows, "likert_svg")
    scale, shown, _, labels, notes, _, in_order, side_sources = decided
    measure = FontMeasure()
    side_titles, header = _side_titles(measure, decided)
    frame = _frame(
        measure,
        labels,
        row_height=0.3,
        title=title,
        header=header,
        legend=[(scale.colours[i], scale.labels[i]) for i in in_order],
        notes=notes,
        side_panels=len(side_sources),
        low=-100.0,
        high=100.0,
    )
    svg, ax = frame.svg, frame.main
    _grid(svg, ax, (-100, -50, 0, 50, 100))
    svg.lines([(ax.x(0), ax.top, ax.x(0), ax.bottom)], _ZERO_LINE, 0.8, cap="square")
    texts: list[tuple[float, float, str, str]] = []
    hidden: list[tuple[int, str]] = []
    for i, ((_, d), ok) in enumerate(zip(rows, shown, strict=True)):
        if ok and d is not None:
            texts += _likert_bar(frame, i, d, scale)
        else:
            hidden.append((i, _hidden_text(0 if d is None else d.base, d is not None)))
    _x_axis(svg, ax, (-100, -50, 0, 50, 100))
    _row_labels(frame)
    for x, y, text, colour in texts:
        svg.text(x, y, text, _VALUE_SIZE, colour, anchor="middle", valign="center")
    for i, text in hidden:
        _hidden(svg, ax, i, 0, text, anchor="middle")

    for side, source, side_title in zip(frame.sides, side_sources, side_titles, strict=True):
        svg.text(
            side.x(50),
            side.top - _TITLE_PAD,
            side_title,
            _TICK_SIZE,
            _TEXT,
            anchor="middle",
            valign="baseline",
            linespacing=_LINE_SPACING,
        )
        if source is None:  # the top box in all, rounded once: the text's figure
            for i, total, _ in _side_values(rows, decided, None):
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
            continue
        _grid(svg, side, (0, 50, 100))
        colour = scale.colours[source]
        for i, text, share in _side_values(rows, decided, source):
            assert share is not None
            _value_bar(frame, side, i, share, colour, label=text, height=0.55)
        _x_axis(svg, side, (0, 50, 100), labelled=(0, 100))
    return svg.write()


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


# ---------------------------------------------------------------------------
# Bars


def share_svg(
    rows: Sequence[tuple[str, Record]],
    *,
    national: float | Fraction | None = None,
    national_label: str = "Landsgennemsnit",
    title: str | None = None,
) -> str:
    """Horizontal bars of a grouped share as SVG: :func:`~klyngestat.present.charts.share_chart`'s chart.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> share = release.find("group", "top_box", question="forbedringer", specialty="Plastikkirurgi")
    >>> svg = share_svg([("Plastikkirurgi", share)], national=0.48)
    >>> "Plastikkirurgi (n=14)" in svg, "Landsgennemsnit 48 pct." in svg
    (True, True)
    """
    if not rows:
        raise ValueError("share_svg needs at least one row")
    measure = FontMeasure()
    shown = [_shown(s.base, s.shown) for _, s in rows]
    labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(rows, shown, strict=True)]
    frame = _frame(
        measure,
        labels,
        row_height=0.24,
        title=title,
        header=0.24 if national is not None else 0.06,
        legend=None,
        notes=[],
    )
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    bars: list[tuple[int, Record]] = []
    for i, ((_, s), ok) in enumerate(zip(rows, shown, strict=True)):
        if not ok or s.fraction is None:
            _hidden(svg, ax, i, 1, _hidden_text(s.base, s.shown), anchor="start")
        else:
            bars.append((i, s))
    labels_after: list[str] = []
    for i, s in bars:
        assert s.fraction is not None
        colour = _SHARE_COLOURS.get(s.level, _SHARE_COLOURS["cluster"])
        before = len(svg.parts)
        _value_bar(frame, ax, i, s.fraction, colour, label=format_share(s.fraction), height=0.6)
        # The bar now, its label after the national line (the label's white ground covers the line).
        labels_after += svg.parts[before + 1 :]
        del svg.parts[before + 1 :]
    if national is not None:
        x = ax.x(float(national) * 100)
        for colour, width in ((_WHITE, 2.6), (_TEXT, 1.0)):  # a white casing keeps the line visible on dark bars
            svg.lines([(x, ax.bottom, x, ax.top)], colour, width, dashes="4,2")
        value = float(national) * 100
        anchor = "start" if value < 20 else "end" if value > 80 else "middle"
        svg.text(
            x,
            ax.top - 4,
            f"{national_label} {format_rate(national)}",
            _VALUE_SIZE,
            _TEXT,
            anchor=anchor,
            valign="bottom",
        )
    svg.parts += labels_after
    return svg.write()


def expectation_svg(items: Sequence[tuple[str, Record, Record]], *, title: str | None = None) -> str:
    """Paired bars per element as SVG: :func:`~klyngestat.present.charts.expectation_chart`'s chart."""
    if not items:
        raise ValueError("expectation_svg needs at least one item")
    from klyngestat.present.charts.bars import _n_range, _series_label  # labels shared with expectation_chart

    measure = FontMeasure()
    priority_label = _series_label("Prioriteret", [p for _, p, _ in items])
    experienced_label = _series_label("Oplevet", [e for _, _, e in items])
    note = (
        f"Antal svar (n): prioriteret {_n_range([p for _, p, _ in items])}, "
        f"oplevet {_n_range([e for _, _, e in items])}."
    )
    frame = _frame(
        measure,
        [label for label, _, _ in items],
        row_height=0.42,
        title=title,
        header=0.06,
        legend=[(_PRIORITY_COLOUR, priority_label), (_EXPERIENCED_COLOUR, experienced_label)],
        notes=[note],
    )
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    for i, (_, priority, experienced) in enumerate(items):
        for offset, share, colour in ((-0.19, priority, _PRIORITY_COLOUR), (0.19, experienced, _EXPERIENCED_COLOUR)):
            if _shown(share.base, share.shown) and share.fraction is not None:
                label = format_share(share.fraction)
                _value_bar(
                    frame, ax, i + offset, share.fraction, colour, label=label, height=0.36, label_size=_NOTE_SIZE
                )
            else:
                text = _hidden_text(share.base, share.shown)
                _hidden(svg, ax, i + offset, 1, text, anchor="start", size=_NOTE_SIZE)
    return svg.write()


def ranking_svg(items: Sequence[tuple[str, Record]], *, title: str | None = None) -> str:
    """Bars of a grouped share per element, highest first, as SVG: ``ranking_chart``'s chart."""
    if not items:
        raise ValueError("ranking_svg needs at least one item")

    def key(pair: tuple[int, tuple[str, Record]]) -> tuple[int, Fraction, int]:
        position, (_, share) = pair
        if _shown(share.base, share.shown) and share.fraction is not None:
            return (0, -share.fraction, position)
        return (1, Fraction(0), position)

    ordered = [item for _, item in sorted(enumerate(items), key=key)]
    measure = FontMeasure()
    shown = [_shown(s.base, s.shown) for _, s in ordered]
    labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(ordered, shown, strict=True)]
    frame = _frame(measure, labels, row_height=0.24, title=title, header=0.06, legend=None, notes=[])
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    for i, ((_, s), ok) in enumerate(zip(ordered, shown, strict=True)):
        if ok and s.fraction is not None:
            colour = _SHARE_COLOURS["specialty"]
            _value_bar(frame, ax, i, s.fraction, colour, label=format_share(s.fraction), height=0.6)
        else:
            _hidden(svg, ax, i, 1, _hidden_text(s.base, s.shown), anchor="start")
    return svg.write()


def chart_svg(chart: Chart) -> str:
    """A fact sheet's chart block as SVG (the kinds and arguments of :func:`klyngestat.present.render.draw_chart`)."""
    if chart.kind == "likert":
        return likert_svg(chart.rows)  # type: ignore[arg-type]
    if chart.kind == "share":
        national = None if chart.national is None else chart.national.fraction
        return share_svg(chart.rows, national=national)  # type: ignore[arg-type]
    if chart.kind == "expectation":
        return expectation_svg(chart.rows)  # type: ignore[arg-type]
    return ranking_svg(chart.rows)  # type: ignore[arg-type]
