"""The trend chart: a specialty's and the nation's share of each headline question in two waves, with intervals.

For each question, one row per unit and wave ("Dermatologi 2025 (n=73)"):
a dot at the released share (open for the earlier wave, filled for the
later one) on its released interval, the share printed beside it, on the
fixed 0 to 100 pct. axis of the sheet's other charts and in their colours
(the specialty's dark purple, the nation's grey). A hidden record is not
drawn: its row says why, as the other charts do.

:func:`trend_svg` writes the chart as SVG directly (the fact sheet's HTML and
PDF); :func:`klyngestat.present.charts._trend_png.trend_figure` draws the same
plan with matplotlib (the Markdown sheet's PNG). Both lay out from
:func:`trend_plan`, measured with the same font metrics, so they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from klyngestat.present._trend_text import INTERVAL_WORD
from klyngestat.present.charts._base import (
    _AXIS_BELOW,
    _GRID,
    _LABEL_GAP,
    _LABEL_SIZE,
    _LINE_SPACING,
    _MAX_LABEL_WIDTH,
    _MUTED,
    _NOTE_SIZE,
    _PAD,
    _SHARE_COLOURS,
    _TEXT,
    _VALUE_SIZE,
    FIGURE_WIDTH,
    _hidden_text,
    _line_height,
    _n_label,
    _n_lines,
)
from klyngestat.present.charts._cells import cell_text
from klyngestat.present.charts._svgdoc import _PT, _WHITE, _Axes, _num, _Svg
from klyngestat.present.charts._svgframe import _x_axis
from klyngestat.present.charts._svgtext import FontMeasure
from klyngestat.present.document import TrendSeries
from klyngestat.present.formatting import format_number, format_percent, format_rate
from klyngestat.release import Record

__all__ = ["NO_FIGURE_TEXT", "TrendPlan", "trend_alt", "trend_note", "trend_plan", "trend_svg", "trend_value_text"]

NO_FIGURE_TEXT = "Intet tal"
"""What a wave's row says where the release has no figure for it at all."""

TrendRow = tuple[str, TrendSeries, TrendSeries]
"""``(question, specialty series, nation series)``: one block of the chart."""

_ROW = 0.19
_BLOCK_GAP = 0.1
_DOT_RADIUS = 2.6
_TICKS = (0, 25, 50, 75, 100)


def trend_value_text(record: Record | None) -> str:
    """What a wave's row prints: the share ("71 pct.", the nation's "65,7 pct."), or why there is none.

    Parameters
    ----------
    record
        The released record of the unit in that wave (None: the release has none).

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> trend_value_text(Record("x", "group", "q", "top_box", "", "specialty", "A", None, "shown", "", 52, 73))
    '71 pct.'
    >>> trend_value_text(None)
    'Intet tal'
    """
    if record is None:
        return NO_FIGURE_TEXT
    if not _drawn(record):
        return _hidden_text(record.base, record.shown)
    return f"{cell_text(record)} pct."


def _drawn(record: Record | None) -> bool:
    return record is not None and record.shown and bool(record.base) and record.fraction is not None


@dataclass(frozen=True)
class _Point:
    """One row of a block: a unit's figure in one wave."""

    label: str
    colour: str
    filled: bool
    fraction: Fraction | None
    """None: not drawn (``text`` says why)."""
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True)
class TrendPlan:
    """The chart laid out in inches (y downwards): blocks of rows on one 0 to 100 axis, then the axis and a note."""

    width: float
    height: float
    left: float
    """Where the plot area starts (right of the row labels)."""
    right: float
    blocks: tuple[tuple[str, float, float, tuple[_Point, ...]], ...]
    """``(wrapped title, title top, plot top, rows)`` per question."""
    axis: float
    """The y of the x axis (the bottom of the last block)."""
    note: str
    note_top: float


def _points(series: TrendSeries, colour: str) -> list[_Point]:
    points = []
    last = len(series.records) - 1
    for k, (wave, record) in enumerate(zip(series.waves, series.records, strict=True)):
        label = f"{series.label} {wave}"
        if record is not None and _drawn(record):
            points.append(
                _Point(
                    _n_label(label, record.base or 0),
                    colour,
                    k == last,
                    record.fraction,
                    record.low,
                    record.high,
                    trend_value_text(record),
                )
            )
        else:
            points.append(_Point(label, colour, k == last, None, None, None, trend_value_text(record)))
    return points


def trend_plan(rows: Sequence[TrendRow], *, note: str = "") -> TrendPlan:
    """Lay the chart out: wrapped labels and titles, one block per question, the axis and the note below.

    Parameters
    ----------
    rows
        ``(question, specialty series, nation series)`` per question, drawn top to bottom.
    note
        A note under the axis (wrapped to the chart's width).
    """
    if not rows:
        raise ValueError("a trend chart needs at least one question")
    m = FontMeasure()
    blocks = [
        (question, _points(own, _SHARE_COLOURS["specialty"]) + _points(nation, _SHARE_COLOURS["nation"]))
        for question, own, nation in rows
    ]
    labels = [m.wrap(p.label, _LABEL_SIZE, _MAX_LABEL_WIDTH) for _, points in blocks for p in points]
    label_width = max(m.width(label, _LABEL_SIZE) for label in labels)
    row = max(_ROW, max(_line_height(_LABEL_SIZE, _n_lines(label)) for label in labels) + 0.04)
    left = _PAD + label_width + _LABEL_GAP
    right = FIGURE_WIDTH - _PAD - 0.08
    laid = []
    y = _PAD
    wrapped_labels = iter(labels)
    for question, points in blocks:
        title = m.wrap(question, _LABEL_SIZE, FIGURE_WIDTH - 2 * _PAD, "bold")
        plot_top = y + _line_height(_LABEL_SIZE, _n_lines(title)) + 0.04
        wrapped = tuple(
            _Point(next(wrapped_labels), p.colour, p.filled, p.fraction, p.low, p.high, p.text) for p in points
        )
        laid.append((title, y, plot_top, wrapped))
        y = plot_top + row * len(points) + _BLOCK_GAP
    axis = y - _BLOCK_GAP
    wrapped_note = m.wrap(note, _NOTE_SIZE, FIGURE_WIDTH - 2 * _PAD) if note else ""
    note_top = axis + _AXIS_BELOW + 0.04
    height = note_top + (_line_height(_NOTE_SIZE, _n_lines(wrapped_note)) if note else 0.0) + _PAD
    return TrendPlan(FIGURE_WIDTH, height, left, right, tuple(laid), axis, wrapped_note, note_top)


def plan_row_height(plan: TrendPlan) -> float:
    """The height of one row in inches (every block's rows are as tall).

    Parameters
    ----------
    plan
        The laid-out chart.
    """
    _, _, top, points = plan.blocks[0]
    following = plan.blocks[1][1] if len(plan.blocks) > 1 else plan.axis + _BLOCK_GAP
    return (following - _BLOCK_GAP - top) / len(points)


def value_position(plan: TrendPlan, point: _Point) -> tuple[float, str]:
    """Where a row's printed share stands (x in pct. of the axis) and its anchor: right of the interval if it fits.

    Parameters
    ----------
    plan
        The laid-out chart.
    point
        A drawn row.
    """
    assert point.fraction is not None
    scale = (plan.right - plan.left) / 100  # inches per pct.
    pad = 3.5 / _PT / scale
    value = float(point.fraction) * 100
    high = max(value, (point.high or 0.0) * 100)
    low = min(value, (point.low if point.low is not None else 1.0) * 100)
    width = FontMeasure().width(point.text, _VALUE_SIZE) / scale
    if high + pad + width <= 100:
        return high + pad, "start"
    return low - pad, "end"


def trend_svg(rows: Sequence[TrendRow], *, note: str = "") -> str:
    """The trend chart as SVG: per question, each unit's share in each wave with its interval, 0 to 100 pct.

    Parameters
    ----------
    rows
        ``(question, specialty series, nation series)`` per question
        (:class:`~klyngestat.present.document.TrendSeries`: one released
        record per wave, None where the release has none).
    note
        A note under the axis.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element; only shown records are drawn.

    Examples
    --------
    >>> from klyngestat.present.document import TrendSeries
    >>> from klyngestat.release import Record
    >>> mk = lambda wave, unit, k, n: Record(f"{wave}/{unit}/q/top_box/specialty", "group", "q", "top_box", "",
    ...                                      "specialty", unit, None, "shown", "", k, n, low=0.5, high=0.9)
    >>> own = TrendSeries("A", ("2025", "2026"), (mk("2025", "A", 52, 73), None))
    >>> nation = TrendSeries("Hele landet", ("2025", "2026"), (None, None))
    >>> svg = trend_svg([("Spørgsmål", own, nation)])
    >>> "A 2025 (n=73)" in svg, ">71 pct.</text>" in svg, svg.count("<circle")
    (True, True, 1)
    """
    plan = trend_plan(rows, note=note)
    svg = _Svg(plan.width * _PT, plan.height * _PT)
    svg.parts.append(f'<rect width="{_num(svg.width)}" height="{_num(svg.height)}" fill="{_WHITE}"/>')
    row = plan_row_height(plan)
    for title, title_top, plot_top, points in plan.blocks:
        svg.text(
            _PAD * _PT,
            title_top * _PT,
            title,
            _LABEL_SIZE,
            _TEXT,
            valign="top",
            weight="bold",
            linespacing=_LINE_SPACING,
        )
        ax = _axes(plan, plot_top, row, len(points))
        svg.lines([(ax.x(t), ax.top, ax.x(t), ax.bottom) for t in _TICKS], _GRID, 0.6, cap="square")
        for i, point in enumerate(points):
            _svg_row(svg, plan, ax, i, point)
    bottom = _axes(plan, plan.axis, row, 0)
    _x_axis(svg, bottom, _TICKS)
    if plan.note:
        svg.text(
            _PAD * _PT, plan.note_top * _PT, plan.note, _NOTE_SIZE, _MUTED, valign="top", linespacing=_LINE_SPACING
        )
    return svg.write()


def _axes(plan: TrendPlan, top: float, row: float, rows: int) -> _Axes:
    return _Axes(plan.left * _PT, top * _PT, (plan.right - plan.left) * _PT, row * rows * _PT, 0.0, 100.0, row * _PT)


def _svg_row(svg: _Svg, plan: TrendPlan, ax: _Axes, i: int, point: _Point) -> None:
    """A row's label, and its interval, dot and share, or the text that says why it has none."""
    y = ax.y(i)
    svg.text(ax.left - _LABEL_GAP * _PT, y, point.label, _LABEL_SIZE, _TEXT, anchor="end", valign="center_baseline")
    if point.fraction is None:
        svg.labelled_ground(ax.x(1), y, point.text, _VALUE_SIZE, _MUTED, anchor="start", pad=1.0, weight="italic")
        return
    if point.low is not None and point.high is not None:
        svg.lines([(ax.x(point.low * 100), y, ax.x(point.high * 100), y)], point.colour, 1.4, cap="butt")
    fill = point.colour if point.filled else _WHITE
    cx = _num(ax.x(float(point.fraction) * 100))
    svg.parts.append(
        f'<circle cx="{cx}" cy="{_num(y)}" r="{_num(_DOT_RADIUS)}" fill="{fill}" stroke="{point.colour}" '
        'stroke-width="1.2"/>'
    )
    at, anchor = value_position(plan, point)
    svg.text(ax.x(at), y, point.text, _VALUE_SIZE, _TEXT, anchor=anchor, valign="center")


def trend_note(rows: Sequence[TrendRow]) -> str:
    """The note under the chart: which dot is which wave, and what the lines are.

    Parameters
    ----------
    rows
        The chart's rows (the first series names the waves; a drawn record its interval's confidence).
    """
    waves = rows[0][1].waves
    records = [r for _, *series in rows for s in series for r in s.records if r is not None and _drawn(r)]
    confidence = next((r.detail.get("confidence") for r in records if r.detail.get("confidence")), None)
    lines = f"Vandrette streger: {format_rate(float(str(confidence)))} {INTERVAL_WORD}." if confidence else ""
    if len(waves) != 2:
        return lines
    return f"Åben prik: {waves[0]}, fyldt prik: {waves[1]}. {lines}".strip()


def _interval(record: Record) -> str:
    if record.low is None or record.high is None:
        return ""
    decimals = 1 if record.level == "nation" else 0
    low = format_percent(record.low, decimals=decimals).removesuffix(" pct.")
    return f" ({low}–{format_percent(record.high, decimals=decimals)})"


def trend_alt(rows: Sequence[TrendRow]) -> str:
    """The chart's figures in words: per question, each unit's n, share and interval in each wave, or why none.

    Parameters
    ----------
    rows
        ``(question, specialty series, nation series)`` per question, as :func:`trend_svg` draws them.

    Examples
    --------
    >>> from klyngestat.present.document import TrendSeries
    >>> from klyngestat.release import Record
    >>> mk = lambda wave, status, k=None, n=None: Record(f"{wave}/A/q/top_box/specialty", "group", "q",
    ...     "top_box", "", "specialty", "A", None, status, "", k, n, low=0.6, high=0.8)
    >>> own = TrendSeries("A", ("2025", "2026"), (mk("2025", "shown", 52, 73), mk("2026", "hidden")))
    >>> nation = TrendSeries("Hele landet", ("2025", "2026"), (None, None))
    >>> print(trend_alt([("Spørgsmål", own, nation)]).replace("; ", ";\\n"))
    Spørgsmål: A 2025 (n=73) 71 pct. (60–80 pct.), 2026 vises ikke af hensyn til fortroligheden;
    Hele landet 2025 intet tal, 2026 intet tal.
    """
    parts = []
    for question, *series in rows:
        units = []
        for s in series:
            waves = []
            for wave, record in zip(s.waves, s.records, strict=True):
                if record is not None and _drawn(record):
                    n = format_number(record.base or 0)
                    waves.append(f"{wave} (n={n}) {trend_value_text(record)}{_interval(record)}")
                else:
                    text = trend_value_text(record)
                    waves.append(f"{wave} {text[:1].lower()}{text[1:]}")
            units.append(f"{s.label} " + ", ".join(waves))
        parts.append(f"{question}: " + "; ".join(units) + ".")
    return " ".join(parts)
