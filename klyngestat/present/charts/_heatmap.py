"""The overview's heat map as SVG: top-box shares by question (rows) and specialty (columns) on one colour scale.

Each cell prints its record's share on a fixed 0–100 pct. colour scale
(matplotlib's "Purples", reproduced here without matplotlib); a hidden cell is
hatched grey and says so (:func:`heatmap_chart`, public in
:mod:`klyngestat.present.charts.overview`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from klyngestat.present.charts._base import (
    _MUTED,
    _PAD,
    _TEXT,
    _line_height,
    _n_lines,
    _text_colour_on,
)
from klyngestat.present.charts._cells import _SMALL, _decimals, _drawable, _rect, _ticks, cell_text
from klyngestat.present.charts._svgdoc import _FAMILY, _PT, _SPINE, _WHITE, _num, _Svg
from klyngestat.present.charts._svgtext import FontMeasure, baselines, text_width
from klyngestat.release import Record

_HEAT_LABEL_SIZE = 6.4
_HEAT_VALUE_SIZE = 6.5
_HEAT_HIDDEN_SIZE = 4.8
_ROW_HEIGHT = 0.156
_HIDDEN_FILL = "#eeeeee"
_HIDDEN_HATCH = "#c8c8c8"

# matplotlib's colour map "Purples" (ColorBrewer), reproduced so that no matplotlib is needed: its nine
# control colours (matplotlib/_cm.py, _Purples_data) at 0, 1/8, …, 1, interpolated linearly into a lookup
# table of 256 colours (matplotlib.colors._create_lookup_table); a value x in [0, 1] takes entry int(256 x).
_PURPLES = ("#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d")
_LUT_SIZE = 256
_CMAP_RANGE = (0.03, 0.85)
"""The part of the colour map the shares 0 to 100 pct. are spread over (its palest and darkest ends left out)."""


@cache
def _purples_lut() -> tuple[str, ...]:
    """matplotlib's lookup table of "Purples" as hex colours, computed as matplotlib computes it."""
    controls = [tuple(int(c[k : k + 2], 16) / 255 for k in (1, 3, 5)) for c in _PURPLES]
    n = _LUT_SIZE
    # The control points and the table's sample points, on the table's scale 0 … n - 1 (numpy's linspace).
    xs = [j * (1 / (len(controls) - 1)) * (n - 1) for j in range(len(controls))]
    table = [controls[0]]
    for k in range(1, n - 1):
        x = (n - 1) * (k * (1 / (n - 1)))
        upper = next(j for j, xj in enumerate(xs) if xj >= x)
        distance = (x - xs[upper - 1]) / (xs[upper] - xs[upper - 1])
        low, high = controls[upper - 1], controls[upper]
        table.append(tuple(min(max(distance * (b - a) + a, 0.0), 1.0) for a, b in zip(low, high, strict=True)))
    table.append(controls[-1])
    return tuple("#" + "".join(format(round(v * 255), "02x") for v in rgb) for rgb in table)


def _colour(fraction: Fraction | float) -> str:
    """A share's colour on the fixed scale: matplotlib's "Purples" at ``0.03 + 0.82 * fraction``, as a hex colour.

    Examples
    --------
    >>> _colour(Fraction(0)), _colour(Fraction(1, 2)), _colour(Fraction(1))
    ('#f9f8fb', '#adabd2', '#582f93')
    """
    low, high = _CMAP_RANGE
    x = low + (high - low) * float(fraction)
    index = min(max(int(x * _LUT_SIZE), 0), _LUT_SIZE - 1)
    return _purples_lut()[index]


def _gradient(gid: str, x0: float, x1: float) -> str:
    """The colour scale from 0 to 100 pct. between ``x0`` and ``x1``: its ends and the control colours between.

    In user space (not the box's own units): poppler's Splash renderer draws that at every resolution.
    """
    low, high = _CMAP_RANGE
    stops = [(0.0, _colour(0))]
    for j, colour in enumerate(_PURPLES):
        position = j / (len(_PURPLES) - 1)
        if low < position < high:
            stops.append(((position - low) / (high - low), colour))
    stops.append((1.0, _colour(1)))
    return (
        f'<linearGradient id="{gid}" gradientUnits="userSpaceOnUse" x1="{_num(x0)}" y1="0" x2="{_num(x1)}" y2="0">'
        + "".join(f'<stop offset="{_num(offset)}" stop-color="{colour}"/>' for offset, colour in stops)
        + "</linearGradient>"
    )


def _hatch(gid: str) -> str:
    """matplotlib's hatch "//////", grey on light grey: lines rising to the right (x + y = 0, 4, 8, …), 1 pt wide."""
    tile = 8
    lines = "".join(f"M{c - tile - 1} {tile + 1}L{tile + 1} {c - tile - 1}" for c in range(0, 2 * tile + 1, 4))
    return (
        f'<pattern id="{gid}" patternUnits="userSpaceOnUse" x="0" y="0" width="{tile}" height="{tile}">'
        f'<rect width="{tile}" height="{tile}" fill="{_HIDDEN_FILL}"/>'
        f'<path d="{lines}" stroke="{_HIDDEN_HATCH}" stroke-width="1"/></pattern>'
    )


def heatmap_chart(
    rows: Sequence[tuple[str, str | None]],
    columns: Sequence[str],
    cells: Sequence[Sequence[Record | None]],
    *,
    width: float = 7.45,
    gid: str = "heat",
) -> str:
    """Top-box shares as a grid of coloured cells: one row per question, one column per specialty.

    Parameters
    ----------
    rows
        ``(label, group)`` per row, top to bottom; consecutive rows with the
        same group (e.g. a battery's items) share one group label at the left.
    columns
        Column headings, left to right (drawn turned, wrapped on two lines).
        A column whose records are national stands apart, after a gap.
    cells
        ``cells[i][j]``: the record of row ``i`` and column ``j``. Its value
        is printed in the cell on a fixed 0–100 colour scale; a hidden (or
        absent) record is a hatched grey cell that says "vises ikke".
    width
        Width of the chart in inches.
    gid
        Prefix of the SVG ids: the text of cell ``(i, j)`` is the group
        ``{gid}-{i}-{j}``, so each printed value can be traced to its record;
        the hatch and the legend's gradient are ``{gid}-hatch`` and
        ``{gid}-gradient``.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> share = Record("x", "group", "q", "top_box", "", "specialty", "A", None, "shown", "", count=52, base=73)
    >>> hidden = Record("y", "group", "q", "top_box", "", "specialty", "B", None, "hidden", "confidential")
    >>> svg = heatmap_chart([("Spørgsmål", None)], ["A", "B"], [[share, hidden]])
    >>> '<g id="heat-0-0"><text' in svg, 'fill="url(#heat-hatch)"' in svg, ">vises</text>" in svg
    (True, True, True)
    """
    if not rows or not columns:
        raise ValueError("heatmap_chart needs at least one row and one column")
    if len(cells) != len(rows) or any(len(line) != len(columns) for line in cells):
        raise ValueError("heatmap_chart needs one record (or None) per row and column")
    national = [any(r is not None and r.level == "nation" for r in column) for column in zip(*cells, strict=True)]
    m = FontMeasure()
    groups = [group for _, group in rows]
    has_groups = any(groups)
    group_width = 0.8 if has_groups else 0.0
    cell_width = 0.212
    national_gap = 0.08 if any(national) else 0.0
    grid_width = cell_width * len(columns) + national_gap
    label_width = width - 2 * _PAD - group_width - grid_width - 0.08
    labels = [m.wrap(label, _HEAT_LABEL_SIZE, label_width) for label, _ in rows]
    # Rows are as tall as their label needs (one line mostly); a two-line label makes its row taller.
    heights = [max(_ROW_HEIGHT, _line_height(_HEAT_LABEL_SIZE, _n_lines(x)) * 0.9 + 0.01) for x in labels]
    tops = [sum(heights[:i]) for i in range(len(heights))]
    headings = [_heading(m, c, 0.78) for c in columns]
    header = max(m.width(h, _HEAT_LABEL_SIZE) for h in headings) + 0.06
    plot_height = sum(heights)
    legend_height = 0.36
    height = _PAD + header + plot_height + legend_height
    grid_left = width - _PAD - grid_width
    grid_top = _PAD + header
    hidden = any(_drawable(r) is None for line in cells for r in line)

    svg = _Svg(width * _PT, height * _PT)
    svg.parts.append(_rect(0, 0, svg.width, svg.height, _WHITE))
    if hidden:
        svg.parts.append(f"<defs>{_hatch(f'{gid}-hatch')}</defs>")
    xs = _column_offsets(national, cell_width, national_gap)
    for i, line in enumerate(cells):
        for j, record in enumerate(line):
            corner = ((grid_left + xs[j]) * _PT, (grid_top + tops[i]) * _PT)
            _cell(svg, corner, (cell_width * _PT, heights[i] * _PT), record, f"{gid}-{i}-{j}", f"{gid}-hatch")
    for j, heading in enumerate(headings):
        _turned(svg, (grid_left + xs[j] + cell_width / 2) * _PT, (grid_top - 0.05) * _PT, heading, national[j])
    spans = [(grid_top + tops[i], grid_top + tops[i] + heights[i]) for i in range(len(rows))]
    for i, label in enumerate(labels):
        y = (grid_top + tops[i] + heights[i] / 2) * _PT
        svg.text(
            (grid_left - 0.06) * _PT, y, label, _HEAT_LABEL_SIZE, _TEXT, anchor="end", valign="center", linespacing=1.0
        )
    if has_groups:
        _group_labels(svg, m, groups, spans, group_width)
    _heat_legend(svg, width, height, f"{gid}-gradient", f"{gid}-hatch" if hidden else None)
    return svg.write()


def _column_offsets(national: Sequence[bool], cell_width: float, gap: float) -> list[float]:
    """Each column's left edge from the grid's (inches): side by side, a national column after a ``gap``."""
    xs = []
    x = 0.0
    for j, is_national in enumerate(national):
        if is_national and (j == 0 or not national[j - 1]):
            x += gap
        xs.append(x)
        x += cell_width
    return xs


def _heading(m: FontMeasure, text: str, max_width: float) -> str:
    """A column heading wrapped at spaces, and at a hyphen of a word too long for a line ("Oto-rhino-|laryngologi")."""
    lines = m.wrap(text, _HEAT_LABEL_SIZE, max_width).split("\n")
    out: list[str] = []
    for line in lines:
        if m.width(line, _HEAT_LABEL_SIZE) > max_width and "-" in line.strip("-"):
            cuts = [i + 1 for i, char in enumerate(line) if char == "-" and 0 < i < len(line) - 1]
            cut = min(cuts, key=lambda i: abs(2 * i - len(line)))
            out += [line[:cut], line[cut:]]
        else:
            out.append(line)
    return "\n".join(out)


def _turned(svg: _Svg, x: float, y: float, heading: str, bold: bool) -> None:
    """A column heading read upwards from ``y``, its lines side by side and centred on ``x``."""
    lines = heading.split("\n")
    weight = ' font-weight="bold"' if bold else ""
    for line, below in zip(lines, baselines(lines, _HEAT_LABEL_SIZE, "center", linespacing=1.05), strict=True):
        baseline = _num(x + below)  # turned a quarter to the left: what is below a line lies to its right
        svg.parts.append(
            f'<text x="{baseline}" y="{_num(y)}" transform="rotate(-90 {baseline} {_num(y)})" '
            f'font-size="{_num(_HEAT_LABEL_SIZE)}" font-family="{_FAMILY}"{weight} fill="{_TEXT}">{escape(line)}</text>'
        )


def _cell(
    svg: _Svg, corner: tuple[float, float], size: tuple[float, float], record: Record | None, gid: str, hatch: str
) -> None:
    """One cell (in points): its colour and value, or hatched grey and "vises ikke" on a light ground."""
    (x, y), (width, height) = corner, size
    inset = 0.012 * _PT
    middle = (x + width / 2, y + height / 2)
    fraction = _drawable(record)
    if fraction is None:
        svg.box(x + inset, y + inset, x + width - inset, y + height - inset, f"url(#{hatch})")
        text = cell_text(record).replace(" ", "\n")
        lines = text.split("\n")
        # The text's box (as matplotlib lays it out) and 0.1 pt around it: a ground that hides the hatch.
        box_width = max(text_width(line, _HEAT_HIDDEN_SIZE, "italic") for line in lines)
        top, bottom = (
            baselines(lines, _HEAT_HIDDEN_SIZE, valign, linespacing=0.85, weight="italic")[0]
            for valign in ("top", "bottom")
        )
        box_height = top - bottom
        pad = 0.1
        svg.parts.append(f"<g id={quoteattr(gid)}>")
        svg.parts.append(
            f'<rect x="{_num(middle[0] - box_width / 2 - pad)}" y="{_num(middle[1] - box_height / 2 - pad)}" '
            f'width="{_num(box_width + 2 * pad)}" height="{_num(box_height + 2 * pad)}" '
            f'fill="{_HIDDEN_FILL}" fill-opacity="0.9"/>'
        )
        svg.text(
            *middle,
            text,
            _HEAT_HIDDEN_SIZE,
            _TEXT,
            anchor="middle",
            valign="center",
            weight="italic",
            linespacing=0.85,
        )
        svg.parts.append("</g>")
        return
    assert record is not None
    colour = _colour(fraction)
    svg.box(x + inset, y + inset, x + width - inset, y + height - inset, colour)
    svg.text(
        *middle,
        cell_text(record),
        _HEAT_VALUE_SIZE - (0.9 if _decimals(record) else 0),
        _text_colour_on(colour),
        anchor="middle",
        valign="center",
        gid=gid,
    )


def _group_labels(
    svg: _Svg,
    m: FontMeasure,
    groups: Sequence[str | None],
    spans: Sequence[tuple[float, float]],
    group_width: float,
) -> None:
    """A bracket and a label at the left of each run of rows with the same group (``spans`` in inches)."""
    brackets: list[tuple[float, float, float, float]] = []
    start = 0
    while start < len(groups):
        end = start
        while end + 1 < len(groups) and groups[end + 1] == groups[start]:
            end += 1
        group = groups[start]
        if group:
            y_top = (spans[start][0] + 0.02) * _PT
            y_bottom = (spans[end][1] - 0.02) * _PT
            x = (_PAD + group_width - 0.04) * _PT
            brackets.append((x, y_bottom, x, y_top))
            svg.text(
                x - 0.05 * _PT,
                (y_top + y_bottom) / 2,
                m.wrap(group, _SMALL, group_width - 0.1),
                _SMALL,
                _MUTED,
                anchor="end",
                valign="center",
                linespacing=1.05,
            )
        start = end + 1
    svg.lines(brackets, _SPINE, 0.7, cap="square")


def _heat_legend(svg: _Svg, width: float, height: float, gradient: str, hatch: str | None) -> None:
    """The colour scale (0 to 100 pct., with ticks) and, when a cell is hidden, the hatched swatch that says why."""
    bar_width, bar_height = 1.9, 0.09
    x0 = (width - _PAD - bar_width - 0.25) * _PT
    x1 = x0 + bar_width * _PT
    bottom = (height - 0.16) * _PT
    top = bottom - bar_height * _PT
    middle = (top + bottom) / 2
    svg.parts.append(f"<defs>{_gradient(gradient, x0, x1)}</defs>")
    svg.parts.append(_rect(x0, top, x1, bottom, f"url(#{gradient})"))
    ticks = [x0 + t / 100 * (x1 - x0) for t in (0, 25, 50, 75, 100)]
    _ticks(svg, ticks, bottom, length=2.0, width=0.5)
    for t, x in zip((0, 25, 50, 75, 100), ticks, strict=True):
        svg.text(x, bottom + 2.0 + 1.5, str(t), _SMALL, _MUTED, anchor="middle", valign="top")
    svg.text(x1 + 0.03 * _PT, middle, "pct.", _SMALL, _MUTED, valign="center")
    svg.text(
        x0 - 0.08 * _PT, middle, "Andel i den øverste svarkategori:", _SMALL, _MUTED, anchor="end", valign="center"
    )
    if hatch is not None:
        left = _PAD * _PT
        swatch_bottom = (height - 0.15) * _PT
        svg.box(left, swatch_bottom - 0.11 * _PT, left + 0.2 * _PT, swatch_bottom, f"url(#{hatch})")
        svg.text(left + 0.26 * _PT, middle, "Vises ikke af hensyn til fortroligheden", _SMALL, _MUTED, valign="center")
