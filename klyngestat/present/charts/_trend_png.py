"""The trend chart drawn with matplotlib, for the Markdown sheet's PNG: the plan of :mod:`.trend`, the same texts.

One axes spans the figure with inches as its data units (y downwards), so
every position of :func:`~klyngestat.present.charts.trend.trend_plan` is
drawn where the SVG draws it. matplotlib is imported when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from klyngestat.present.charts._base import (
    _AXIS_BELOW,
    _GRID,
    _LABEL_GAP,
    _LABEL_SIZE,
    _LINE_SPACING,
    _MUTED,
    _NOTE_SIZE,
    _PAD,
    _TEXT,
    _TICK_SIZE,
    _VALUE_SIZE,
    _new_figure,
    _style,
)
from klyngestat.present.charts.trend import (
    TrendPlan,
    TrendRow,
    _Point,
    plan_row_height,
    trend_note,
    trend_plan,
    value_position,
)
from klyngestat.present.formatting import format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["trend_figure"]

_TICKS = (0, 25, 50, 75, 100)


def trend_figure(rows: Sequence[TrendRow]) -> Figure:
    """The trend chart as a matplotlib Figure (no pyplot state), with its note: the SVG chart's plan and texts.

    Parameters
    ----------
    rows
        ``(question, specialty series, nation series)`` per question, as for
        :func:`~klyngestat.present.charts.trend.trend_svg`.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its one axes has the label ``"trend"``.
    """
    plan = trend_plan(rows, note=trend_note(rows))
    with _style():
        fig = _new_figure()
        fig.set_size_inches(plan.width, plan.height)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_label("trend")
        ax.set_xlim(0, plan.width)
        ax.set_ylim(plan.height, 0)
        ax.set_axis_off()
        row = plan_row_height(plan)
        for title, title_top, plot_top, points in plan.blocks:
            ax.text(_PAD, title_top, title, fontsize=_LABEL_SIZE, fontweight="bold", color=_TEXT, va="top",
                    linespacing=_LINE_SPACING)  # fmt: skip
            bottom = plot_top + row * len(points)
            for t in _TICKS:
                ax.plot([_x(plan, t)] * 2, [plot_top, bottom], color=_GRID, linewidth=0.6, zorder=1)
            for i, point in enumerate(points):
                _row(ax, plan, plot_top + (i + 0.5) * row, point)
        _axis(ax, plan)
    return fig


def _x(plan: TrendPlan, value: float) -> float:
    return plan.left + value / 100 * (plan.right - plan.left)


def _row(ax: Axes, plan: TrendPlan, y: float, point: _Point) -> None:
    """A row's label, and its interval, dot and share, or the text that says why it has none."""
    ax.text(plan.left - _LABEL_GAP, y, point.label, fontsize=_LABEL_SIZE, color=_TEXT, ha="right",
            va="center_baseline")  # fmt: skip
    if point.fraction is None:
        text = ax.text(_x(plan, 1), y, point.text, fontsize=_VALUE_SIZE, color=_MUTED, style="italic", va="center")
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9})
        return
    if point.low is not None and point.high is not None:
        ax.plot([_x(plan, point.low * 100), _x(plan, point.high * 100)], [y, y], color=point.colour,
                linewidth=1.4, solid_capstyle="butt", zorder=2)  # fmt: skip
    ax.plot([_x(plan, float(point.fraction) * 100)], [y], marker="o", markersize=5.2,
            markerfacecolor=point.colour if point.filled else "white", markeredgecolor=point.colour,
            markeredgewidth=1.2, zorder=3)  # fmt: skip
    at, anchor = value_position(plan, point)
    ha = "left" if anchor == "start" else "right"
    ax.text(_x(plan, at), y, point.text, fontsize=_VALUE_SIZE, color=_TEXT, ha=ha, va="center", zorder=4)


def _axis(ax: Axes, plan: TrendPlan) -> None:
    """The x axis under the last block (0 to 100 pct.) and the note under it."""
    y = plan.axis
    ax.plot([plan.left, plan.right], [y, y], color="#999999", linewidth=0.6)
    tick = 2.5 / 72
    for t in _TICKS:
        ax.plot([_x(plan, t)] * 2, [y, y + tick], color=_MUTED, linewidth=0.6)
        ax.text(_x(plan, t), y + tick + 3.5 / 72, format_number(t), fontsize=_TICK_SIZE, color=_MUTED,
                ha="center", va="top")  # fmt: skip
    ax.text(_x(plan, 50), y + _AXIS_BELOW / 2, "pct.", fontsize=_TICK_SIZE, color=_MUTED, ha="center", va="top")
    if plan.note:
        ax.text(_PAD, plan.note_top, plan.note, fontsize=_NOTE_SIZE, color=_MUTED, va="top",
                linespacing=_LINE_SPACING)  # fmt: skip
