"""The overview's headline chart as SVG: each question's specialty shares as dots with their released intervals.

One panel per question, side by side, rows (the specialties) shared, the
national figure as a dashed line in each (:func:`headline_chart`, public in
:mod:`klyngestat.present.charts.overview`).
"""

from __future__ import annotations

from collections.abc import Sequence

from klyngestat.present.charts._base import (
    _GRID,
    _LINE_SPACING,
    _MUTED,
    _PAD,
    _SHARE_COLOURS,
    _TEXT,
    _line_height,
    _n_lines,
)
from klyngestat.present.charts._cells import _SMALL, HIDDEN_CELL_TEXT, _drawable, _rect, _ticks, cell_text
from klyngestat.present.charts._svgdoc import _PT, _SPINE, _TICK_LENGTH, _WHITE, _Axes, _num, _Svg
from klyngestat.present.charts._svgtext import FontMeasure, face
from klyngestat.present.formatting import format_rate
from klyngestat.release import Record

HeadlinePanel = tuple[str, Sequence[tuple[str, Record | None]], Record | None]
"""``(title, rows, national)``: a panel's title, its ``(label, record)`` rows and the national record (or None)."""

_HEADLINE_LABEL_SIZE = 7.0
_HEADLINE_TITLE_SIZE = 7.0
_DOT = _SHARE_COLOURS["specialty"]
_BAND = "#f3f3f3"
_TICK_WIDTH = 0.6


def headline_chart(panels: Sequence[HeadlinePanel], *, width: float = 4.45) -> str:
    """Dots with their released intervals, one panel per question, rows shared, a national line in each.

    Parameters
    ----------
    panels
        ``(title, rows, national)`` per question, drawn left to right. Every
        panel has the same row labels in the same order (the specialties). A
        row whose record is hidden reads "vises ikke"; a dot is drawn only for
        a shown record, its interval only where the record carries one.
    width
        Width of the chart in inches (its place on the page).

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element. The "vises ikke" of row ``i`` in panel
        ``p`` is the group ``headline-hidden-{i}-{p}``.

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> def share(specialty, count, base):
    ...     return Record(f"2025/{specialty}/q/top_box/specialty", "group", "q", "top_box", "", "specialty",
    ...                   specialty, None, "shown", "", count=count, base=base, low=0.5, high=0.9)
    >>> hidden = Record("2025/C/q/top_box/specialty", "group", "q", "top_box", "", "specialty", "C", None,
    ...                 "hidden", "confidential")
    >>> svg = headline_chart([("Spørgsmål", [("A", share("A", 52, 73)), ("C", hidden)], None)])
    >>> svg.count("<circle"), '<g id="headline-hidden-1-0"><text' in svg, ">vises ikke</text>" in svg
    (1, True, True)
    """
    if not panels:
        raise ValueError("headline_chart needs at least one panel")
    labels = [label for label, _ in panels[0][1]]
    if any([label for label, _ in rows] != labels for _, rows, _ in panels):
        raise ValueError("every panel of headline_chart must have the same row labels in the same order")
    m = FontMeasure()
    label_width = max((m.width(label, _HEADLINE_LABEL_SIZE) for label in labels), default=0.0)
    gap = 0.24
    left = _PAD + label_width + 0.06
    panel_width = (width - left - 0.12 - gap * (len(panels) - 1)) / len(panels)
    titles = [m.wrap(title, _HEADLINE_TITLE_SIZE, panel_width, "bold") for title, _, _ in panels]
    title_lines = max(_n_lines(t) for t in titles)
    national_height = _line_height(_SMALL) + 0.05 if any(n is not None for _, _, n in panels) else 0.0
    header = _line_height(_HEADLINE_TITLE_SIZE, title_lines) + 0.04 + national_height
    row_height = 0.15
    plot_height = row_height * len(labels)
    axis_below = 0.3
    height = _PAD + header + plot_height + axis_below

    svg = _Svg(width * _PT, height * _PT)
    svg.parts.append(_rect(0, 0, svg.width, svg.height, _WHITE))
    top = (_PAD + header) * _PT
    for p, (title, (_, rows, national)) in enumerate(zip(titles, panels, strict=True)):
        x = (left + p * (panel_width + gap)) * _PT
        ax = _Axes(x, top, panel_width * _PT, plot_height * _PT, 0.0, 100.0, row_height * _PT)
        _panel_ground(svg, ax, len(labels))
        if p == 0:
            for i, label in enumerate(labels):
                svg.text(
                    ax.left - 0.06 * _PT,
                    ax.y(i),
                    label,
                    _HEADLINE_LABEL_SIZE,
                    _TEXT,
                    anchor="end",
                    valign="center_baseline",
                )
        _national_line(svg, ax, national)
        svg.lines([(ax.left, ax.bottom, ax.right, ax.bottom)], _SPINE, 0.6, cap="square")
        _draw_dots(svg, ax, rows, p)
        if national is not None:
            _national_label(svg, m, ax, national)
        svg.text(
            x,
            _PAD * _PT,
            title,
            _HEADLINE_TITLE_SIZE,
            _TEXT,
            valign="top",
            weight="bold",
            linespacing=_LINE_SPACING,
        )
    return svg.write()


def _panel_ground(svg: _Svg, ax: _Axes, rows: int) -> None:
    """What a panel's figures stand on: a band behind every other row, the grid, and the x axis's ticks and labels."""
    bands = "".join(
        f"M{_num(ax.left)} {_num(ax.y(i - 0.5))}H{_num(ax.right)}V{_num(ax.y(i + 0.5))}H{_num(ax.left)}Z"
        for i in range(0, rows, 2)
    )
    svg.parts.append(f'<path d="{bands}" fill="{_BAND}"/>')
    ticks = [ax.x(t) for t in (0, 25, 50, 75, 100)]
    svg.lines([(t, ax.bottom, t, ax.top) for t in ticks], _GRID, 0.6, cap="square")
    _ticks(svg, ticks, ax.bottom, length=_TICK_LENGTH, width=_TICK_WIDTH)
    tick_top = ax.bottom + _TICK_LENGTH + 1.5
    for t in (0, 50, 100):
        svg.text(ax.x(t), tick_top, str(t), _SMALL, _MUTED, anchor="middle", valign="top")
    f = face()
    label_top = tick_top + (f.ascent + f.descent) * _SMALL / f.upem + 1.0  # under the tick labels' box
    svg.text(ax.x(50), label_top, "pct.", _SMALL, _MUTED, anchor="middle", valign="top")


def _draw_dots(svg: _Svg, ax: _Axes, rows: Sequence[tuple[str, Record | None]], panel: int) -> None:
    """Intervals (one translucent path), dots, and "vises ikke" in the rows without a figure."""
    intervals: list[str] = []
    dots: list[str] = []
    hidden: list[tuple[int, Record | None]] = []
    for i, (_, record) in enumerate(rows):
        fraction = _drawable(record)
        if fraction is None:
            hidden.append((i, record))
            continue
        assert record is not None
        y = _num(ax.y(i))
        if record.low is not None and record.high is not None:
            intervals.append(f"M{_num(ax.x(record.low * 100))} {y}L{_num(ax.x(record.high * 100))} {y}")
        dots.append(f'<circle cx="{_num(ax.x(float(fraction) * 100))}" cy="{y}" r="1.8" fill="{_DOT}"/>')
    if intervals:
        svg.parts.append(
            f'<path d="{"".join(intervals)}" fill="none" stroke="{_DOT}" stroke-opacity="0.55" '
            'stroke-width="1.1" stroke-linecap="square"/>'
        )
    svg.parts += dots
    for i, record in hidden:
        svg.text(
            ax.x(2),
            ax.y(i),
            cell_text(record),
            _SMALL,
            _MUTED,
            valign="center",
            weight="italic",
            gid=f"headline-hidden-{i}-{panel}",
        )


def _national_line(svg: _Svg, ax: _Axes, national: Record | None) -> None:
    """The dashed national line across the panel (matplotlib's dashes 3, 2 times the line's width)."""
    fraction = _drawable(national)
    if fraction is not None:
        x = ax.x(float(fraction) * 100)
        svg.lines([(x, ax.bottom, x, ax.top)], _TEXT, 0.9, dashes="2.7,1.8")


def _national_label(svg: _Svg, m: FontMeasure, ax: _Axes, national: Record) -> None:
    """The national line's label, on one line above the panel, kept inside the panel's width."""
    fraction = _drawable(national)
    if fraction is None:
        label = f"Landsgennemsnit {HIDDEN_CELL_TEXT}"
        svg.text(ax.left, ax.top - 3, label, _SMALL, _MUTED, valign="bottom", weight="italic")
        return
    label = f"Landsgennemsnit {format_rate(fraction)}"
    value = float(fraction) * 100
    label_width = m.width(label, _SMALL) / (ax.width / _PT) * 100
    start = min(max(value - label_width / 2, 0.0), max(100 - label_width, 0.0))
    svg.text(ax.x(start), ax.top - 2.5, label, _SMALL, _TEXT, valign="bottom")
