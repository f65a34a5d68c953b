"""Charts for the fact sheets: diverging Likert bars, grouped shares, expectations, rankings.

Every chart is a :class:`matplotlib.figure.Figure` made without pyplot (no global
state, Agg canvas), 6,3 inches wide (an A4 text column), in DejaVu Sans, with a
layout computed from the measured size of its texts so that long Danish labels
are never clipped: long row labels wrap at word boundaries, never truncate.

Conventions shared by all charts (see "Charts that analysts trust" in the design):

- every percent printed on a chart is rounded half up on the exact fraction, as
  the text of the fact sheet is (:mod:`klyngestat.present.formatting`);
- n stands beside every bar label; a group with fewer answers than ``min_n``
  (default 5) is not drawn, and its row says so instead (privacy);
- axes are fixed (0 to 100 pct., or −100 to 100 pct. for Likert bars), so
  charts can be compared side by side across clusters and fact sheets;
- the palette is ColorBrewer's colour-blind-safe PuOr (purple for the positive
  side, orange for the negative side), a neutral grey in the middle, and white
  borders between segments so that the chart also reads in greyscale.

matplotlib is an optional dependency (``pip install klyngestat[plot]``); it is
imported by this module only, and ``import klyngestat`` does not import it.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from os import PathLike
from pathlib import Path

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.patches import Patch, Rectangle

from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.stats.shares import Distribution, Share

__all__ = [
    "DIFFERENT_N_NOTE",
    "FIGURE_WIDTH",
    "MIN_LABEL_PERCENT",
    "MISSING_LABEL",
    "expectation_chart",
    "figure_to_png",
    "figure_to_svg",
    "likert_chart",
    "ranking_chart",
    "share_chart",
    "suppressed_text",
]

FIGURE_WIDTH = 6.3
"""Width of every chart in inches: one A4 text column."""

MIN_LABEL_PERCENT = 6
"""Segments narrower than this (in pct.) never get a label; wider ones only if the label fits."""

MISSING_LABEL = "Ikke besvaret"
"""Heading of the panel that shows respondents who left the question blank."""

DIFFERENT_N_NOTE = "Bemærk: søjlerne bygger på forskelligt antal svar (n)."
"""Note under a Likert chart whose drawn bars rest on different n."""

_FONT = "DejaVu Sans"

# Sizes in points.
_TITLE_SIZE = 9.5
_LABEL_SIZE = 8.0
_TICK_SIZE = 7.5
_VALUE_SIZE = 7.5
_NOTE_SIZE = 7.0
_LEGEND_SIZE = 7.5
_LINE_SPACING = 1.25
_WIDTH_MARGIN = 1.06
"""Measured text widths are taken this much wider: hinting and other renderers (SVG in a browser) vary."""

# Lengths in inches.
_PAD = 0.1
_LABEL_GAP = 0.07
_MAX_LABEL_WIDTH = 2.45
_SIDE_WIDTH = 0.56
_SIDE_GAP_FIRST = 0.26
_SIDE_GAP = 0.22
_AXIS_BELOW = 0.4

_TEXT = "#222222"
_MUTED = "#555555"
_GRID = "#e3e3e3"
_NEUTRAL = "#c4c4c4"
_NON_SUBSTANTIVE = ("#8c8c8c", "#6e6e6e", "#a8a8a8")
_MISSING = "#cfcfcf"
_EDGE = "white"

# ColorBrewer PuOr: positive side from outermost (darkest) inwards, negative side from innermost outwards.
_PUOR: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    1: (("#5e3c99",), ("#e66101",)),
    2: (("#5e3c99", "#b2abd2"), ("#fdb863", "#e66101")),
    3: (("#542788", "#998ec3", "#d8daeb"), ("#fee0b6", "#f1a340", "#b35806")),
    4: (("#542788", "#8073ac", "#b2abd2", "#d8daeb"), ("#fee0b6", "#fdb863", "#e08214", "#b35806")),
    5: (
        ("#2d004b", "#542788", "#8073ac", "#b2abd2", "#d8daeb"),
        ("#fee0b6", "#fdb863", "#e08214", "#b35806", "#7f3b08"),
    ),
}
_SHARE_COLOURS = {"nation": "#8c8c8c", "specialty": "#5e3c99", "cluster": "#b2abd2"}
_PRIORITY_COLOUR = "#5e3c99"
_EXPERIENCED_COLOUR = "#fdb863"
_NBSP = "\u00a0"


def suppressed_text(min_n: int) -> str:
    """The text shown instead of a group with too few answers.

    Examples
    --------
    >>> suppressed_text(5)
    'Færre end 5 svar – vises ikke'
    """
    return f"Færre end {format_number(min_n)} svar – vises ikke"


# ---------------------------------------------------------------------------
# Export


@contextmanager
def _style() -> Iterator[None]:
    with mpl.rc_context(
        {
            "font.family": [_FONT, "sans-serif"],  # the SVG names fallbacks for browsers without DejaVu
            "font.size": 8.0,
            "svg.fonttype": "none",
            "svg.hashsalt": "klyngestat",
            "text.parse_math": False,
            "axes.unicode_minus": True,
            # Unhinted glyphs are as wide at every dpi, so measured widths hold in every output.
            "text.hinting": "no_hinting",
        }
    ):
        yield


def figure_to_svg(fig: Figure) -> str:
    """The figure as SVG text, ready to inline in HTML.

    Text stays text (``svg.fonttype = "none"``), so it can be searched, copied
    and read by screen readers; the XML declaration and DOCTYPE are left out,
    and no creation date is written, so the same figure gives the same SVG.

    Parameters
    ----------
    fig
        A figure, e.g. from :func:`likert_chart`.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share
    >>> share = group_share(demo_survey(), "forbedringer", specialty="Plastikkirurgi")
    >>> svg = figure_to_svg(share_chart([("Plastikkirurgi", share)]))
    >>> svg.startswith("<svg"), "Plastikkirurgi (n=14)" in svg
    (True, True)
    """
    buffer = io.BytesIO()
    with _style():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue().decode("utf-8")
    return text[text.index("<svg") :].rstrip() + "\n"


def figure_to_png(fig: Figure, path: str | PathLike[str], dpi: int = 150) -> Path:
    """Write the figure as a PNG file.

    Parameters
    ----------
    fig
        A figure, e.g. from :func:`likert_chart`.
    path
        Where to write; the folder must exist.
    dpi
        Resolution; 150 is sharp on paper at the chart's 6,3 inch width.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    with _style():
        fig.savefig(target, format="png", dpi=dpi)
    return target


# ---------------------------------------------------------------------------
# Measuring and layout


_WIDTHS: dict[tuple[str, float, str, float], float] = {}


class _Measure:
    """Text sizes in inches, measured with the figure's own renderer."""

    def __init__(self, fig: Figure) -> None:
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)
        self.renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
        self._dpi = float(fig.dpi)

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        return max(self._line_width(line or " ", size, weight) for line in text.split("\n"))

    def _line_width(self, line: str, size: float, weight: str) -> float:
        # Wrapping measures the same words many times; a width depends only on text, font and dpi.
        key = (line, size, weight, self._dpi)
        if key not in _WIDTHS:
            prop = FontProperties(family=_FONT, size=size, weight=weight)
            width = self.renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
            _WIDTHS[key] = width / self._dpi * _WIDTH_MARGIN
        return _WIDTHS[key]

    def wrap(self, text: str, size: float, max_width: float, weight: str = "normal") -> str:
        """Wrap at spaces so no line is wider than ``max_width``, with lines of even length.

        A single word wider than ``max_width`` stays whole on its own line: text is never cut.
        """
        lines = self._greedy(text, size, max_width, weight)
        if len(lines) > 1:
            # Balance: the narrowest width that still needs no more lines (no orphan last word).
            low, high = max(self.width(w.replace(_NBSP, " "), size, weight) for w in _protect(text).split()), max_width
            for _ in range(12):
                middle = (low + high) / 2
                if len(self._greedy(text, size, middle, weight)) <= len(lines):
                    high = middle
                else:
                    low = middle
            lines = self._greedy(text, size, high, weight)
        return "\n".join(line.replace(_NBSP, " ") for line in lines)

    def _greedy(self, text: str, size: float, max_width: float, weight: str) -> list[str]:
        lines: list[str] = []
        for paragraph in _protect(text).split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if current and self.width(candidate.replace(_NBSP, " "), size, weight) > max_width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return lines


def _protect(text: str) -> str:
    """Glue "(n=…)" and " – " to the word before them so a wrap never starts a line with them."""
    return text.replace(" (n=", f"{_NBSP}(n=").replace(" – ", f"{_NBSP}– ")


def _line_height(size: float, lines: int = 1) -> float:
    return lines * size * _LINE_SPACING / 72


def _n_lines(text: str) -> int:
    return text.count("\n") + 1


def _new_figure() -> Figure:
    fig = Figure(figsize=(FIGURE_WIDTH, 3.0), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _luminance(colour: str) -> float:
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_colour_on(colour: str) -> str:
    return "white" if _luminance(colour) < 0.5 else _TEXT


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
        y = bottom - _AXIS_BELOW
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
        self.main_width = main_width
        return ax, sides

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


def _n_label(label: str, n: int) -> str:
    return f"{label} (n={format_number(n)})"


def _shown(base: int, min_n: int) -> bool:
    return base > 0 and base >= min_n


PROTECTED_TEXT = "Vises ikke af hensyn til fortroligheden"


def _hidden_text(base: int, min_n: int, protected: bool = False) -> str:
    """Why a row is not drawn: no answers, too few, or hidden to protect a small row (complementary)."""
    if base == 0:
        return "Ingen svar"
    return suppressed_text(min_n) if base < min_n or not protected else PROTECTED_TEXT


def _percent(fraction: Fraction) -> str:
    """Whole percent, half up, without "pct." (for labels inside bars)."""
    return format_number(fraction * 100)


# ---------------------------------------------------------------------------
# Likert


@dataclass(frozen=True)
class _LikertScale:
    """Where each category of a Likert scale goes in a diverging bar."""

    labels: tuple[str, ...]
    positive: tuple[int, ...]
    """Positions of the positive categories, most positive first (scale order)."""
    neutral: int | None
    negative: tuple[int, ...]
    """Positions of the negative categories, least negative first (scale order)."""
    non_substantive: tuple[int, ...]
    colours: dict[int, str]

    @classmethod
    def of(cls, distribution: Distribution) -> _LikertScale:
        # Scales list options from the most positive to the most negative ("Ved ikke" last);
        # with an odd number of categories on the scale proper, the middle one is neutral.
        proper = tuple(i for i, s in enumerate(distribution.substantive) if s)
        others = tuple(i for i, s in enumerate(distribution.substantive) if not s)
        if not proper:
            raise ValueError(f"{distribution.question!r}: the scale has no categories to draw")
        half = len(proper) // 2
        positive: tuple[int, ...]
        negative: tuple[int, ...]
        neutral: int | None
        if len(proper) == 1:
            positive, neutral, negative = proper, None, ()
        elif len(proper) % 2:
            positive, neutral, negative = proper[:half], proper[half], proper[half + 1 :]
        else:
            positive, neutral, negative = proper[:half], None, proper[half:]
        side = max(len(positive), len(negative))
        pos_colours, neg_colours = _diverging_colours(side)
        colours = {i: pos_colours[k] for k, i in enumerate(positive)}
        colours |= {i: neg_colours[k] for k, i in enumerate(negative)}
        if neutral is not None:
            colours[neutral] = _NEUTRAL
        for k, i in enumerate(others):
            colours[i] = _NON_SUBSTANTIVE[k % len(_NON_SUBSTANTIVE)]
        return cls(distribution.labels, positive, neutral, negative, others, colours)


def _diverging_colours(side: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if side in _PUOR:
        return _PUOR[side]
    cmap = mpl.colormaps["PuOr"]
    positive = tuple(to_hex(cmap(0.98 - 0.4 * k / (side - 1))) for k in range(side))
    negative = tuple(to_hex(cmap(0.42 - 0.4 * k / (side - 1))) for k in range(side))
    return positive, negative


def _check_same_scale(rows: Sequence[tuple[str, Distribution]]) -> None:
    first = rows[0][1]
    for label, d in rows[1:]:
        if d.labels != first.labels or d.substantive != first.substantive:
            raise ValueError(f"row {label!r} is on another scale than row {rows[0][0]!r}: {d.labels} vs {first.labels}")


def likert_chart(
    rows: Sequence[tuple[str, Distribution]],
    *,
    title: str | None = None,
    min_n: int = 5,
    hidden: Collection[str] = (),
) -> Figure:
    """Diverging stacked bars of a Likert question, one bar per group.

    The bars are centred between the negative and the positive categories; a
    middle (neutral) category, such as "I nogen grad", is split across the
    centre. Segment widths are shares of the answers on the scale proper
    (the bar's n, shown beside its label), so every bar spans 100 pct. "Ved
    ikke" and blanks are not on the scale: they are drawn in small panels of
    their own to the right, each as a share of all respondents of the group.

    Parameters
    ----------
    rows
        ``(label, distribution)`` pairs, drawn top to bottom in this order,
        e.g. the specialty, each of its clusters, then "Landsgennemsnit". All
        must be distributions of the same scale, listed (as the questionnaire
        lists them) from the most positive category to the most negative.
    title
        Shown above the chart, wrapped to its width.
    min_n
        Groups with fewer answers on the scale than this are not drawn; their
        row reads "Færre end {min_n} svar – vises ikke" and shows no n.
    hidden
        Labels of rows hidden by complementary suppression
        (:func:`klyngestat.stats.suppression.suppress_clusters`); their row says so.

    Returns
    -------
    matplotlib.figure.Figure
        The chart. The main axes has the label ``"likert"``; the side panels
        ``"non_substantive:<label>"`` and ``"missing"``.

    Notes
    -----
    - The axis is always −100 to 100 pct. with ticks printed as positive
      percents, so charts can be laid side by side.
    - Segment labels are whole percents rounded half up, without "pct.";
      segments narrower than :data:`MIN_LABEL_PERCENT` or than their label
      get none.
    - Every category of the scale is in the legend, in scale order, whether
      or not anyone chose it.
    - When the drawn bars rest on different n, a note under the chart says so.

    Examples
    --------
    >>> from klyngestat import demo_survey, distribution
    >>> d = distribution(demo_survey(), "understoetter_kvalitet", "Dermatologi")
    >>> fig = likert_chart([("Dermatologi", d)])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Dermatologi (n=72)']
    """
    if not rows:
        raise ValueError("likert_chart needs at least one row")
    _check_same_scale(rows)
    scale = _LikertScale.of(rows[0][1])
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        shown = [_shown(d.substantive_base, min_n) and label not in hidden for label, d in rows]
        labels = [
            _n_label(label, d.substantive_base) if ok else label for (label, d), ok in zip(rows, shown, strict=True)
        ]
        drawn_n = {d.substantive_base for (_, d), ok in zip(rows, shown, strict=True) if ok}
        notes = [DIFFERENT_N_NOTE] if len(drawn_n) > 1 else []
        side_names = [scale.labels[i] for i in scale.non_substantive]
        notes.append(
            "Søjlerne viser pct. af svarene på skalaen (n); "
            + " og ".join(s.lower() for s in (*side_names, MISSING_LABEL))
            + " vises i pct. af alle respondenter."
        )
        proper = (*scale.positive, *((scale.neutral,) if scale.neutral is not None else ()), *scale.negative)
        in_order = sorted(proper)
        side_sources = [*scale.non_substantive, None]
        side_titles = [
            measure.wrap(MISSING_LABEL if i is None else scale.labels[i], _TICK_SIZE, _SIDE_WIDTH + _SIDE_GAP)
            for i in side_sources
        ]
        header = _line_height(_TICK_SIZE, max(_n_lines(t) for t in side_titles)) + 0.12
        handles = [Patch(facecolor=scale.colours[i], edgecolor=_EDGE, label=scale.labels[i]) for i in in_order]
        layout = _Layout(
            fig,
            measure,
            labels,
            row_height=0.34,
            title=title,
            header=header,
            legend=(handles, [scale.labels[i] for i in in_order]),
            notes=notes,
            side_panels=len(scale.non_substantive) + 1,
        )
        ax, sides = layout.build()
        ax.set_label("likert")
        ax.set_xlim(-100, 100)
        _percent_axis(ax, (-100, -50, 0, 50, 100))
        ax.axvline(0, color="#777777", linewidth=0.8, zorder=1.5)
        for i, ((_, d), ok) in enumerate(zip(rows, shown, strict=True)):
            if ok:
                _likert_bar(ax, measure, layout.main_width, i, d, scale)
            else:
                _hidden(ax, i, 0, _hidden_text(d.substantive_base, min_n, rows[i][0] in hidden), ha="center")

        for side_ax, source, side_title in zip(sides, side_sources, side_titles, strict=True):
            name = MISSING_LABEL if source is None else scale.labels[source]
            side_ax.set_label("missing" if source is None else f"non_substantive:{name}")
            side_ax.set_xlim(0, 100)
            _percent_axis(side_ax, (0, 50, 100), labelled=(0, 100))
            side_ax.set_title(side_title, fontsize=_TICK_SIZE, color=_TEXT, pad=4, linespacing=_LINE_SPACING)
            colour = _MISSING if source is None else scale.colours[source]
            for i, ((_, d), ok) in enumerate(zip(rows, shown, strict=True)):
                if not ok or d.respondents == 0:
                    continue
                count = d.missing if source is None else d.counts[source]
                _value_bar(
                    side_ax,
                    measure,
                    _SIDE_WIDTH,
                    i,
                    Fraction(count, d.respondents),
                    colour,
                    label=_percent(Fraction(count, d.respondents)),
                    height=0.55,
                )
    return fig


def _likert_bar(ax: Axes, measure: _Measure, axes_width: float, row: int, d: Distribution, scale: _LikertScale) -> None:
    base = d.substantive_base
    height = 0.62
    segments: list[tuple[int, float, Fraction]] = []  # (position, left, share)
    half = Fraction(d.counts[scale.neutral], base) * 50 if scale.neutral is not None else Fraction(0)
    if scale.neutral is not None:
        segments.append((scale.neutral, float(-half), Fraction(d.counts[scale.neutral], base)))
    cursor = half
    for i in reversed(scale.positive):  # innermost (least positive) first
        share = Fraction(d.counts[i], base)
        segments.append((i, float(cursor), share))
        cursor += share * 100
    cursor = -half
    for i in scale.negative:  # innermost (least negative) first
        share = Fraction(d.counts[i], base)
        cursor -= share * 100
        segments.append((i, float(cursor), share))
    for position, left, share in segments:
        if share == 0:
            continue
        width = float(share * 100)
        colour = scale.colours[position]
        rect = Rectangle(
            (left, row - height / 2), width, height, facecolor=colour, edgecolor=_EDGE, linewidth=0.7, zorder=2
        )
        rect.set_label(scale.labels[position])
        ax.add_patch(rect)
        text = _percent(share)
        fits = measure.width(text, _VALUE_SIZE) + 1.5 / 72 <= width / 200 * axes_width
        if share * 100 >= MIN_LABEL_PERCENT and fits:
            ax.text(
                left + width / 2,
                row,
                text,
                ha="center",
                va="center",
                fontsize=_VALUE_SIZE,
                color=_text_colour_on(colour),
                zorder=3,
            )


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
    rect = Rectangle((0, row - height / 2), width, height, facecolor=colour, edgecolor="none", zorder=2)
    ax.add_patch(rect)
    pad = 2.5 / 72
    text_width = measure.width(label, label_size)
    room_outside = (100 - width) / 100 * axes_width
    if text_width + pad <= room_outside:
        # Outside the bar, on a white ground so a reference line never runs through the digits.
        x = width + pad / axes_width * 100
        text = ax.text(x, row, label, ha="left", va="center", fontsize=label_size, color=_TEXT, zorder=5)
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9})
    else:
        x = width - pad / axes_width * 100
        ax.text(x, row, label, ha="right", va="center", fontsize=label_size, color=_text_colour_on(colour), zorder=5)


# ---------------------------------------------------------------------------
# Shares


def share_chart(
    rows: Sequence[tuple[str, Share]],
    *,
    national: float | Fraction | None = None,
    national_label: str = "Landsgennemsnit",
    title: str | None = None,
    min_n: int = 5,
    hidden: Collection[str] = (),
) -> Figure:
    """Horizontal bars of a grouped share for the specialty and its clusters.

    Parameters
    ----------
    rows
        ``(label, share)`` pairs, drawn top to bottom in this order. Bars of
        a specialty are dark, of a cluster light, of the nation grey.
    national
        The national share (0..1), drawn as a dashed vertical line labelled
        with its value ("Landsgennemsnit 48 pct."; one decimal, dropped when
        it is zero). A Fraction keeps the rounding exact.
    national_label
        The words before the national value.
    title
        Shown above the chart, wrapped to its width.
    min_n
        Groups with a base below this are not drawn; their row says so.
    hidden
        Labels of rows hidden by complementary suppression; their row says so.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"shares"``.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_shares
    >>> shares = group_shares(demo_survey(), "understoetter_kvalitet", specialty="Plastikkirurgi")
    >>> fig = share_chart([(s.cluster or "", s) for s in shares], national=0.657)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['75 pct.', '17 pct.', 'Landsgennemsnit 65,7 pct.']
    """
    if not rows:
        raise ValueError("share_chart needs at least one row")
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        shown = [_shown(s.base, min_n) and label not in hidden for label, s in rows]
        labels = [_n_label(label, s.base) if ok else label for (label, s), ok in zip(rows, shown, strict=True)]
        layout = _Layout(
            fig,
            measure,
            labels,
            row_height=0.3,
            title=title,
            header=0.24 if national is not None else 0.06,
            legend=None,
            notes=[],
        )
        ax, _ = layout.build()
        ax.set_label("shares")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, ((_, s), ok) in enumerate(zip(rows, shown, strict=True)):
            if not ok or s.fraction is None:
                _hidden(ax, i, 1, _hidden_text(s.base, min_n, rows[i][0] in hidden), ha="left")
                continue
            colour = _SHARE_COLOURS.get(s.level, _SHARE_COLOURS["cluster"])
            _value_bar(
                ax, measure, layout.main_width, i, s.fraction, colour, label=format_share(s.fraction), height=0.6
            )
        if national is not None:
            _national_line(ax, national, national_label)
    return fig


def _national_line(ax: Axes, national: float | Fraction, label: str) -> None:
    x = float(national) * 100
    line = ax.axvline(x, color=_TEXT, linewidth=1.0, linestyle=(0, (4, 2)), zorder=4)
    line.set_label(label)
    ha = "left" if x < 20 else "right" if x > 80 else "center"
    ax.annotate(
        f"{label} {format_rate(national)}",
        xy=(x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 4),
        textcoords="offset points",
        ha=ha,
        va="bottom",
        fontsize=_VALUE_SIZE,
        color=_TEXT,
    )


def expectation_chart(
    items: Sequence[tuple[str, Share, Share]],
    *,
    title: str | None = None,
    min_n: int = 5,
) -> Figure:
    """Paired bars per element: how many prioritise it and how many experience it.

    Parameters
    ----------
    items
        ``(element, priority share, experienced share)`` triples, drawn top
        to bottom, e.g. ("Faglige drøftelser", share "vigtigt eller meget
        vigtigt", share "altid eller ofte").
    title
        Shown above the chart, wrapped to its width.
    min_n
        A share with a base below this is not drawn; its place says so.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"expectations"``. The legend
        reads "Prioriteret" and "Oplevet", each followed by its group in
        brackets when all items share it ("Prioriteret (vigtigt eller meget
        vigtigt)"); a note under the chart gives the n.
    """
    if not items:
        raise ValueError("expectation_chart needs at least one item")
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        priority_label = _series_label("Prioriteret", [p for _, p, _ in items])
        experienced_label = _series_label("Oplevet", [e for _, _, e in items])
        handles = [
            Patch(facecolor=_PRIORITY_COLOUR, edgecolor="none", label=priority_label),
            Patch(facecolor=_EXPERIENCED_COLOUR, edgecolor="none", label=experienced_label),
        ]
        note = (
            f"Antal svar (n): prioriteret {_n_range([p for _, p, _ in items], min_n)}, "
            f"oplevet {_n_range([e for _, _, e in items], min_n)}."
        )
        layout = _Layout(
            fig,
            measure,
            [label for label, _, _ in items],
            row_height=0.5,
            title=title,
            header=0.06,
            legend=(handles, [priority_label, experienced_label]),
            notes=[note],
        )
        ax, _ = layout.build()
        ax.set_label("expectations")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, (_, priority, experienced) in enumerate(items):
            for offset, share, colour in (
                (-0.19, priority, _PRIORITY_COLOUR),
                (0.19, experienced, _EXPERIENCED_COLOUR),
            ):
                if _shown(share.base, min_n) and share.fraction is not None:
                    _value_bar(
                        ax,
                        measure,
                        layout.main_width,
                        i + offset,
                        share.fraction,
                        colour,
                        label=format_share(share.fraction),
                        height=0.36,
                        label_size=_NOTE_SIZE,
                    )
                else:
                    _hidden(ax, i + offset, 1, _hidden_text(share.base, min_n), ha="left", size=_NOTE_SIZE)
    return fig


def _series_label(name: str, shares: Sequence[Share]) -> str:
    groups = {s.label for s in shares}
    return f"{name} ({groups.pop()})" if len(groups) == 1 else name


def _n_range(shares: Sequence[Share], min_n: int) -> str:
    bases = sorted(s.base for s in shares if _shown(s.base, min_n))
    if not bases:
        return "–"
    low, high = bases[0], bases[-1]
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def ranking_chart(
    items: Sequence[tuple[str, Share]],
    *,
    title: str | None = None,
    min_n: int = 5,
) -> Figure:
    """Bars of a grouped share per element, highest first.

    Parameters
    ----------
    items
        ``(element, share)`` pairs. They are sorted by share, highest on top;
        equal shares keep the order given. Elements not drawn (base below
        ``min_n``) come last, in the order given.
    title
        Shown above the chart, wrapped to its width.
    min_n
        A share with a base below this is not drawn; its row says so.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"ranking"``.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share
    >>> s = demo_survey()
    >>> questions = ("motivation_data", "motivation_patientcases")
    >>> items = [(q, group_share(s, q, specialty="Dermatologi")) for q in questions]
    >>> fig = ranking_chart(items)
    >>> len(fig.axes[0].get_yticklabels())
    2
    """
    if not items:
        raise ValueError("ranking_chart needs at least one item")

    def key(pair: tuple[int, tuple[str, Share]]) -> tuple[int, Fraction, int]:
        position, (_, share) = pair
        if _shown(share.base, min_n) and share.fraction is not None:
            return (0, -share.fraction, position)
        return (1, Fraction(0), position)

    ordered = [item for _, item in sorted(enumerate(items), key=key)]
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        shown = [_shown(s.base, min_n) for _, s in ordered]
        labels = [_n_label(label, s.base) if ok else label for (label, s), ok in zip(ordered, shown, strict=True)]
        layout = _Layout(fig, measure, labels, row_height=0.3, title=title, header=0.06, legend=None, notes=[])
        ax, _ = layout.build()
        ax.set_label("ranking")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, ((_, s), ok) in enumerate(zip(ordered, shown, strict=True)):
            if ok and s.fraction is not None:
                _value_bar(
                    ax,
                    measure,
                    layout.main_width,
                    i,
                    s.fraction,
                    _SHARE_COLOURS["specialty"],
                    label=format_share(s.fraction),
                    height=0.6,
                )
            else:
                _hidden(ax, i, 1, _hidden_text(s.base, min_n), ha="left")
    return fig
