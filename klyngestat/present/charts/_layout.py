"""The matplotlib charts' layout and drawing helpers: a vertical stack of title, rows, axis, legend and notes.

Sizes are measured with the figure's own renderer (:class:`._base._Measure`)
so that long Danish labels wrap and are never clipped; the SVG charts make
the same decisions in points (:mod:`._svgframe`). matplotlib is imported by
the functions that draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from klyngestat.present.charts._base import (
    _AXIS_BELOW,
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
    _Measure,
    _n_lines,
    _text_colour_on,
    _value_fits_outside,
)
from klyngestat.present.formatting import format_number

if TYPE_CHECKING:  # matplotlib is imported by the functions that draw
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.patches import Patch


@dataclass
class _Layout:
    """A vertical stack in inches: title, header, rows of bars, x axis, legend, notes."""

    fig: Figure
    measure: _Measure
    row_labels: list[str]
    row_height: float
    title: str | None
    header: float
    legend: tuple[list[Patch], list[str]] | None
    notes: list[str]
    side_panels: int = 0
    label_size: float = _LABEL_SIZE
    main_width: float = 0.0
    """Width of the main axes in inches, known once :meth:`build` has run."""

    def build(self) -> tuple[Axes, list[Axes]]:
        """Size the figure to what it holds and add its axes, title, legend and notes; returns (main, side panels).

        Row labels wrap at :data:`_MAX_LABEL_WIDTH` and make their rows as tall
        as they need; title and notes wrap to the chart's width.
        """
        fig, m = self.fig, self.measure
        width = FIGURE_WIDTH
        labels = [m.wrap(label, self.label_size, _MAX_LABEL_WIDTH) for label in self.row_labels]
        label_width = max((m.width(label, self.label_size) for label in labels), default=0.0)
        lines = max((_n_lines(label) for label in labels), default=1)
        row_height = max(self.row_height, _line_height(self.label_size, lines) + 0.1)

        title = m.wrap(self.title, _TITLE_SIZE, width - 2 * _PAD, "bold") if self.title else None
        title_height = _line_height(_TITLE_SIZE, _n_lines(title)) + 0.1 if title else 0.0
        notes = [m.wrap(note, _NOTE_SIZE, width - 2 * _PAD) for note in self.notes]
        notes_height = sum(_line_height(_NOTE_SIZE, _n_lines(n)) for n in notes) + (0.08 if notes else 0.0)

        legend: Legend | None = None
        legend_height = 0.0
        if self.legend is not None:
            legend = self._legend(width - 2 * _PAD)
            box = legend.get_window_extent(m.renderer)
            legend_height = box.height / fig.dpi + 0.1

        plot_height = len(labels) * row_height
        height = _PAD + title_height + self.header + plot_height + _AXIS_BELOW + legend_height + notes_height + _PAD
        fig.set_size_inches(width, height)

        left = _PAD + label_width + _LABEL_GAP
        side = self.side_panels * _SIDE_WIDTH + (
            _SIDE_GAP_FIRST + (self.side_panels - 1) * _SIDE_GAP if self.side_panels else 0.0
        )
        right = 0.18
        main_width = max(width - left - side - right, 1.0)
        bottom = height - _PAD - title_height - self.header - plot_height

        ax, sides = self._axes(labels, (left, bottom, main_width, plot_height), height)
        self._texts(title, legend, legend_height, notes, bottom - _AXIS_BELOW, height)
        self.main_width = main_width
        return ax, sides

    def _axes(
        self, labels: list[str], box: tuple[float, float, float, float], height: float
    ) -> tuple[Axes, list[Axes]]:
        """The main axes at ``box`` (left, bottom, width, height in inches) with the row labels, and the side
        panels to its right, all styled."""
        fig, width = self.fig, FIGURE_WIDTH
        left, bottom, main_width, plot_height = box

        def frac(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
            return (x / width, y / height, w / width, h / height)

        ax = fig.add_axes(frac(left, bottom, main_width, plot_height))
        ax.set_ylim(len(labels) - 0.5, -0.5)
        ax.set_yticks(range(len(labels)), labels, fontsize=self.label_size, color=_TEXT)
        ax.tick_params(axis="y", length=0, pad=_LABEL_GAP * 72)
        sides: list[Axes] = []
        x = left + main_width + _SIDE_GAP_FIRST
        for _ in range(self.side_panels):
            side_ax = fig.add_axes(frac(x, bottom, _SIDE_WIDTH, plot_height))
            side_ax.set_ylim(len(labels) - 0.5, -0.5)
            side_ax.set_yticks([])
            sides.append(side_ax)
            x += _SIDE_WIDTH + _SIDE_GAP
        for a in (ax, *sides):
            _style_axes(a)
        return ax, sides

    def _texts(
        self, title: str | None, legend: Legend | None, legend_height: float, notes: list[str], y: float, height: float
    ) -> None:
        """The wrapped title at the top; from ``y`` (inches from the bottom, under the x axis) down, the legend
        and the notes."""
        fig, width = self.fig, FIGURE_WIDTH
        if title:
            fig.text(
                _PAD / width,
                1 - _PAD / height,
                title,
                ha="left",
                va="top",
                fontsize=_TITLE_SIZE,
                fontweight="bold",
                color=_TEXT,
                linespacing=_LINE_SPACING,
            )
        if legend is not None:
            legend.set_bbox_to_anchor((0.5, y / height), transform=fig.transFigure)
            y -= legend_height
        y -= 0.04
        for note in notes:
            fig.text(
                _PAD / width,
                y / height,
                note,
                ha="left",
                va="top",
                fontsize=_NOTE_SIZE,
                color=_MUTED,
                linespacing=_LINE_SPACING,
            )
            y -= _line_height(_NOTE_SIZE, _n_lines(note))

    def _legend(self, max_width: float) -> Legend:
        assert self.legend is not None
        handles, texts = self.legend
        ncol = len(handles)
        while True:
            order = [i for column in range(ncol) for i in range(column, len(handles), ncol)]
            legend = self.fig.legend(
                [handles[i] for i in order],
                [texts[i] for i in order],
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=ncol,
                frameon=False,
                fontsize=_LEGEND_SIZE,
                handlelength=1.1,
                handleheight=1.0,
                handletextpad=0.5,
                columnspacing=1.4,
                borderaxespad=0.0,
                borderpad=0.0,
            )
            legend.set_label("legend")
            box = legend.get_window_extent(self.measure.renderer)
            if box.width / self.fig.dpi <= max_width or ncol == 1:
                return legend
            legend.remove()
            ncol -= 1


def _style_axes(ax: Axes) -> None:
    for name in ("top", "right", "left"):
        ax.spines[name].set_visible(False)
    ax.spines["bottom"].set_color("#999999")
    ax.spines["bottom"].set_linewidth(0.6)
    ax.tick_params(axis="x", labelsize=_TICK_SIZE, colors=_MUTED, length=2.5, width=0.6)
    ax.set_axisbelow(True)


def _percent_axis(
    ax: Axes, ticks: Sequence[int], *, label: str = "pct.", labelled: Sequence[int] | None = None
) -> None:
    shown = ticks if labelled is None else labelled
    ax.set_xticks(list(ticks), [format_number(abs(t)) if t in shown else "" for t in ticks])
    ax.xaxis.grid(True, color=_GRID, linewidth=0.6)
    ax.set_xlabel(label, fontsize=_TICK_SIZE, color=_MUTED, labelpad=3)


def _hidden(ax: Axes, row: float, x: float, text: str, *, ha: str, size: float = _VALUE_SIZE) -> None:
    """The text that stands in a row instead of a bar that is not shown."""
    shown = ax.text(x, row, text, ha=ha, va="center", fontsize=size, style="italic", color=_MUTED, zorder=5)
    shown.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9})


def _value_bar(
    ax: Axes,
    measure: _Measure,
    axes_width: float,
    row: float,
    share: Fraction,
    colour: str,
    *,
    label: str,
    height: float,
    label_size: float = _VALUE_SIZE,
) -> None:
    """A bar from 0 with its value at the end: outside if it fits there, else inside."""
    width = float(share * 100)
    from matplotlib.patches import Rectangle

    rect = Rectangle((0, row - height / 2), width, height, facecolor=colour, edgecolor="none", zorder=2)
    ax.add_patch(rect)
    pad = _VALUE_PAD
    if _value_fits_outside(measure, label, label_size, width, axes_width):
        # Outside the bar, on a white ground so a reference line never runs through the digits.
        x = width + pad / axes_width * 100
        text = ax.text(x, row, label, ha="left", va="center", fontsize=label_size, color=_TEXT, zorder=5)
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9})
    else:
        x = width - pad / axes_width * 100
        ax.text(x, row, label, ha="right", va="center", fontsize=label_size, color=_text_colour_on(colour), zorder=5)
