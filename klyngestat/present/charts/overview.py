"""Charts of the national overview: headline shares per specialty as dots, and a heat map of top-box shares.

Both draw released records only: a hidden record is a grey cell or row that
says it is not shown, never its value, and every printed percent is rounded
half up on the record's exact fraction (national figures with one decimal).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from klyngestat.present.charts._base import (
    _GRID,
    _LINE_SPACING,
    _MUTED,
    _PAD,
    _SHARE_COLOURS,
    _TEXT,
    _line_height,
    _Measure,
    _n_lines,
    _new_figure,
    _style,
    _style_axes,
    _text_colour_on,
)
from klyngestat.present.formatting import format_number, format_rate
from klyngestat.release import Record

__all__ = ["HIDDEN_CELL_TEXT", "HeadlinePanel", "cell_text", "headline_chart", "heatmap_chart"]

HIDDEN_CELL_TEXT = "vises ikke"
"""What a hidden figure's cell or row says (the page's note spells out why)."""

NO_ANSWERS_TEXT = "ingen svar"
"""What a shown figure with no answers (base 0) says."""

HeadlinePanel = tuple[str, Sequence[tuple[str, Record | None]], Record | None]
"""``(title, rows, national)``: a panel's title, its ``(label, record)`` rows and the national record (or None)."""

_HEADLINE_LABEL_SIZE = 7.0
_HEADLINE_TITLE_SIZE = 7.0
_HEAT_LABEL_SIZE = 6.4
_HEAT_VALUE_SIZE = 6.5
_HEAT_HIDDEN_SIZE = 4.8
_ROW_HEIGHT = 0.156
_SMALL = 6.0
_DOT = _SHARE_COLOURS["specialty"]
_HIDDEN_FILL = "#eeeeee"
_HIDDEN_HATCH = "#c8c8c8"
_BAND = "#f3f3f3"
_CMAP = "Purples"
_CMAP_RANGE = (0.03, 0.85)


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
    return format_number(fraction * 100, _decimals(record), drop_zero_decimals=True)


def _colour(fraction: Fraction) -> str:
    cmap = mpl.colormaps[_CMAP]
    low, high = _CMAP_RANGE
    rgba = cmap(low + (high - low) * float(fraction))
    return str(mpl.colors.to_hex(rgba))


def _frac(width: float, height: float, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    return (x / width, y / height, w / width, h / height)


# ---------------------------------------------------------------------------
# Headline dots


def headline_chart(panels: Sequence[HeadlinePanel], *, width: float = 4.45) -> Figure:
    """Dots with their released intervals, one panel per question, rows shared, a national line in each.

    Parameters
    ----------
    panels
        ``(title, rows, national)`` per question, drawn left to right. Every
        panel has the same row labels in the same order (the specialties). A
        row whose record is hidden reads "vises ikke"; a dot is drawn only for
        a shown record, its interval only where the record carries one.
    width
        Width of the figure in inches (its place on the page).

    Returns
    -------
    matplotlib.figure.Figure
        The chart; panel axes are labelled ``"headline-0"``, ``"headline-1"``, …

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> def share(specialty, count, base):
    ...     return Record(f"2025/{specialty}/q/top_box/specialty", "group", "q", "top_box", "", "specialty",
    ...                   specialty, None, "shown", "", count=count, base=base, low=0.5, high=0.9)
    >>> hidden = Record("2025/C/q/top_box/specialty", "group", "q", "top_box", "", "specialty", "C", None,
    ...                 "hidden", "confidential")
    >>> fig = headline_chart([("Spørgsmål", [("A", share("A", 52, 73)), ("C", hidden)], None)])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['vises ikke']
    """
    if not panels:
        raise ValueError("headline_chart needs at least one panel")
    labels = [label for label, _ in panels[0][1]]
    if any([label for label, _ in rows] != labels for _, rows, _ in panels):
        raise ValueError("every panel of headline_chart must have the same row labels in the same order")
    with _style():
        fig = _new_figure()
        m = _Measure(fig)
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
        fig.set_size_inches(width, height)
        bottom = axis_below
        for p, (title, (_, rows, national)) in enumerate(zip(titles, panels, strict=True)):
            x = left + p * (panel_width + gap)
            ax = fig.add_axes(_frac(width, height, x, bottom, panel_width, plot_height))
            ax.set_label(f"headline-{p}")
            _style_axes(ax)
            ax.set_xlim(0, 100)
            ax.set_ylim(len(labels) - 0.5, -0.5)
            ax.set_xticks([0, 25, 50, 75, 100], ["0", "", "50", "", "100"])
            ax.xaxis.grid(True, color=_GRID, linewidth=0.6)
            ax.tick_params(axis="x", labelsize=_SMALL, pad=1.5)
            ax.set_xlabel("pct.", fontsize=_SMALL, color=_MUTED, labelpad=1)
            if p == 0:
                ax.set_yticks(range(len(labels)), labels, fontsize=_HEADLINE_LABEL_SIZE, color=_TEXT)
                ax.tick_params(axis="y", length=0, pad=0.06 * 72)
            else:
                ax.set_yticks([])
            for i in range(0, len(labels), 2):
                ax.axhspan(i - 0.5, i + 0.5, color=_BAND, zorder=0, linewidth=0)
            _draw_dots(ax, rows)
            if national is not None:
                _national_mark(ax, m, national, panel_width)
            fig.text(
                x / width,
                1 - _PAD / height,
                title,
                ha="left",
                va="top",
                fontsize=_HEADLINE_TITLE_SIZE,
                fontweight="bold",
                color=_TEXT,
                linespacing=_LINE_SPACING,
            )
    return fig


def _draw_dots(ax: Axes, rows: Sequence[tuple[str, Record | None]]) -> None:
    for i, (_, record) in enumerate(rows):
        fraction = _drawable(record)
        if fraction is None:
            text = ax.text(
                2,
                i,
                cell_text(record),
                ha="left",
                va="center",
                fontsize=_SMALL,
                style="italic",
                color=_MUTED,
                zorder=5,
            )
            text.set_gid(f"headline-hidden-{i}")
            continue
        assert record is not None
        if record.low is not None and record.high is not None:
            ax.plot([record.low * 100, record.high * 100], [i, i], color=_DOT, linewidth=1.1, alpha=0.55, zorder=3)
        ax.plot([float(fraction) * 100], [i], "o", color=_DOT, markersize=3.6, markeredgewidth=0, zorder=4)


def _national_mark(ax: Axes, m: _Measure, national: Record, panel_width: float) -> None:
    """The national line, labelled on one line above the panel, kept inside the panel's width."""
    fraction = _drawable(national)
    if fraction is None:
        ax.annotate(
            f"Landsgennemsnit {HIDDEN_CELL_TEXT}",
            xy=(0, 1.0),
            xycoords="axes fraction",
            xytext=(0, 3),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=_SMALL,
            style="italic",
            color=_MUTED,
        )
        return
    x = float(fraction) * 100
    ax.axvline(x, color=_TEXT, linewidth=0.9, linestyle=(0, (3, 2)), zorder=2)
    label = f"Landsgennemsnit {format_rate(fraction)}"
    text_width = m.width(label, _SMALL) / panel_width * 100
    start = min(max(x - text_width / 2, 0.0), max(100 - text_width, 0.0))
    ax.annotate(
        label,
        xy=(start, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 2.5),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=_SMALL,
        color=_TEXT,
    )


# ---------------------------------------------------------------------------
# Heat map


def heatmap_chart(
    rows: Sequence[tuple[str, str | None]],
    columns: Sequence[str],
    cells: Sequence[Sequence[Record | None]],
    *,
    width: float = 7.45,
    gid: str = "heat",
) -> Figure:
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
        Width of the figure in inches.
    gid
        Prefix of the SVG ids: the text of cell ``(i, j)`` is the group
        ``{gid}-{i}-{j}``, so each printed value can be traced to its record.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; the grid's axes is labelled ``"heatmap"``.
    """
    if not rows or not columns:
        raise ValueError("heatmap_chart needs at least one row and one column")
    if len(cells) != len(rows) or any(len(line) != len(columns) for line in cells):
        raise ValueError("heatmap_chart needs one record (or None) per row and column")
    national = [any(r is not None and r.level == "nation" for r in column) for column in zip(*cells, strict=True)]
    with _style():
        fig = _new_figure()
        m = _Measure(fig)
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
        fig.set_size_inches(width, height)
        grid_left = width - _PAD - grid_width
        bottom = legend_height

        # The grid's axes is drawn in inches: x from its left edge, y down from its top edge.
        ax = fig.add_axes(_frac(width, height, grid_left, bottom, grid_width, plot_height))
        ax.set_label("heatmap")
        ax.set_xlim(0, grid_width)
        ax.set_ylim(plot_height, 0)
        ax.set_axis_off()
        xs = []
        x = 0.0
        for j in range(len(columns)):
            if national[j] and (j == 0 or not national[j - 1]):
                x += national_gap
            xs.append(x)
            x += cell_width
        for i, line in enumerate(cells):
            for j, record in enumerate(line):
                _cell(ax, (xs[j], tops[i]), (cell_width, heights[i]), record, f"{gid}-{i}-{j}")
        for j, heading in enumerate(headings):
            ax.text(
                xs[j] + cell_width / 2,
                -0.05,
                heading,
                rotation=90,
                ha="center",
                va="bottom",
                multialignment="left",
                fontsize=_HEAT_LABEL_SIZE,
                fontweight="bold" if national[j] else "normal",
                color=_TEXT,
                linespacing=1.05,
            )
        label_right = grid_left - 0.06
        for i, label in enumerate(labels):
            y = bottom + plot_height - tops[i] - heights[i] / 2
            fig.text(
                label_right / width,
                y / height,
                label,
                ha="right",
                va="center",
                fontsize=_HEAT_LABEL_SIZE,
                color=_TEXT,
                linespacing=1.0,
            )
        if has_groups:
            spans = [(tops[i], tops[i] + heights[i]) for i in range(len(rows))]
            _group_labels(fig, m, groups, spans, (width, height), bottom + plot_height, group_width)
        _heat_legend(fig, width, height, any(_drawable(r) is None for line in cells for r in line))
    return fig


def _heading(m: _Measure, text: str, max_width: float) -> str:
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


def _cell(ax: Axes, corner: tuple[float, float], size: tuple[float, float], record: Record | None, gid: str) -> None:
    """One cell (in inches, from the grid's top left): its colour and value, or hatched grey and "vises ikke"."""
    (x, y), (width, height) = corner, size
    inset = 0.012
    box = ((x + inset, y + inset), width - 2 * inset, height - 2 * inset)
    middle = (x + width / 2, y + height / 2)
    fraction = _drawable(record)
    if fraction is None:
        ax.add_patch(Rectangle(*box, facecolor=_HIDDEN_FILL, edgecolor=_HIDDEN_HATCH, hatch="//////", linewidth=0))
        text = ax.text(
            *middle,
            cell_text(record).replace(" ", "\n"),
            ha="center",
            va="center",
            fontsize=_HEAT_HIDDEN_SIZE,
            style="italic",
            color=_TEXT,
            linespacing=0.85,
        )
        text.set_bbox({"facecolor": _HIDDEN_FILL, "edgecolor": "none", "pad": 0.1, "alpha": 0.9})
    else:
        assert record is not None
        colour = _colour(fraction)
        ax.add_patch(Rectangle(*box, facecolor=colour, linewidth=0))
        text = ax.text(
            *middle,
            cell_text(record),
            ha="center",
            va="center",
            fontsize=_HEAT_VALUE_SIZE - (0.9 if _decimals(record) else 0),
            color=_text_colour_on(colour),
        )
    text.set_gid(gid)


def _group_labels(
    fig: Figure,
    m: _Measure,
    groups: Sequence[str | None],
    spans: Sequence[tuple[float, float]],
    size: tuple[float, float],
    top: float,
    group_width: float,
) -> None:
    """A bracket and a label at the left of each run of rows with the same group."""
    width, height = size
    start = 0
    while start < len(groups):
        end = start
        while end + 1 < len(groups) and groups[end + 1] == groups[start]:
            end += 1
        group = groups[start]
        if group:
            y_top = top - spans[start][0] - 0.02
            y_bottom = top - spans[end][1] + 0.02
            x = _PAD + group_width - 0.04
            fig.add_artist(
                mpl.lines.Line2D([x / width] * 2, [y_bottom / height, y_top / height], color="#999999", linewidth=0.7)
            )
            fig.text(
                (x - 0.05) / width,
                (y_top + y_bottom) / 2 / height,
                m.wrap(group, _SMALL, group_width - 0.1),
                ha="right",
                va="center",
                fontsize=_SMALL,
                color=_MUTED,
                multialignment="right",
                linespacing=1.05,
            )
        start = end + 1


def _heat_legend(fig: Figure, width: float, height: float, hidden: bool) -> None:
    bar_width, bar_height = 1.9, 0.09
    x = width - _PAD - bar_width - 0.25
    y = 0.16
    ax = fig.add_axes(_frac(width, height, x, y, bar_width, bar_height))
    ax.set_label("heatmap-legend")
    low, high = _CMAP_RANGE
    gradient = np.linspace(low, high, 256)[np.newaxis, :]
    ax.imshow(gradient, aspect="auto", cmap=_CMAP, vmin=0, vmax=1, extent=(0, 100, 0, 1))
    ax.set_yticks([])
    ax.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"])
    ax.tick_params(axis="x", labelsize=_SMALL, colors=_MUTED, length=2, width=0.5, pad=1.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.text(
        (x + bar_width + 0.03) / width,
        (y + bar_height / 2) / height,
        "pct.",
        ha="left",
        va="center",
        fontsize=_SMALL,
        color=_MUTED,
    )
    fig.text(
        (x - 0.08) / width,
        (y + bar_height / 2) / height,
        "Andel i den øverste svarkategori:",
        ha="right",
        va="center",
        fontsize=_SMALL,
        color=_MUTED,
    )
    if hidden:
        sx = _PAD
        swatch = fig.add_axes(_frac(width, height, sx, y - 0.01, 0.2, 0.11))
        swatch.set_axis_off()
        swatch.set_xlim(0, 1)
        swatch.set_ylim(0, 1)
        swatch.add_patch(
            Rectangle((0, 0), 1, 1, facecolor=_HIDDEN_FILL, edgecolor=_HIDDEN_HATCH, hatch="//////", linewidth=0)
        )
        fig.text(
            (sx + 0.26) / width,
            (y + bar_height / 2) / height,
            "Vises ikke af hensyn til fortroligheden",
            ha="left",
            va="center",
            fontsize=_SMALL,
            color=_MUTED,
        )
