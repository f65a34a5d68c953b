"""Shared layout, measuring, style and small drawing helpers of the fact-sheet charts."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported by the functions that draw: the constants and helpers need none
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.patches import Patch

from klyngestat.present.figures import HIDDEN_TEXT
from klyngestat.present.formatting import format_number

FIGURE_WIDTH = 6.3
"""Width of every chart in inches: one A4 text column."""

MIN_LABEL_PERCENT = 6
"""Segments narrower than this (in pct.) never get a label; wider ones only if the label fits."""

TOTAL_LABEL = "I alt"
"""Title of the Likert chart's column with each bar's top box in all (the text's figure)."""
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
_BACKGROUND = "#ffffff"

# Contrast (WCAG 2.1, SC 1.4.11 and 1.4.3): every fill below has at least 3:1 against the white
# background, and the segments of a bar are parted by white edges (_EDGE, _EDGE_WIDTH), so every
# boundary, between two segments too, has at least 3:1 whatever two fills meet there. Labels inside
# a bar are white on fills with 4.5:1 or more against white, else _TEXT: the innermost colour of each
# side, the neutral and the light share colours sit between 3:1 and 3.5:1, where _TEXT has 4.5:1.
_NEUTRAL = "#8f8f8f"
_NON_SUBSTANTIVE = ("#6e6e6e", "#8d8d8d", "#5d5d5d")
_EDGE = _BACKGROUND
_EDGE_WIDTH = 1.0
"""Width in points of the white edge between the segments of a Likert bar (and around each)."""

# ColorBrewer PuOr, taken darker where its light colours fail 3:1 against white (and beyond its darkest
# orange for four or five categories a side): hue order and the dark-to-light order of each side are
# PuOr's. Positive side from outermost (darkest) inwards, negative side from innermost outwards.
_PUOR: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    1: (("#5e3c99",), ("#e66101",)),
    2: (("#5e3c99", "#9489bb"), ("#d57811", "#9e4c07")),
    3: (("#542788", "#7764a5", "#9489bb"), ("#d57811", "#b05606", "#7f3b08")),
    4: (("#2d004b", "#542788", "#7764a5", "#9489bb"), ("#d57811", "#b05606", "#7f3b08", "#5a2804")),
    5: (
        ("#2d004b", "#4a1d78", "#684998", "#7b6aa8", "#9489bb"),
        ("#d57811", "#b75c07", "#9e4c07", "#7f3b08", "#5a2804"),
    ),
}
_SHARE_COLOURS = {"nation": "#8d8d8d", "specialty": "#5e3c99", "cluster": "#9489bb"}
_PRIORITY_COLOUR = "#5e3c99"
_EXPERIENCED_COLOUR = "#d57811"
_NBSP = "\u00a0"


# ---------------------------------------------------------------------------
# Export


@contextmanager
def _style(salt: str = "klyngestat") -> Iterator[None]:
    import matplotlib as mpl

    with mpl.rc_context(
        {
            "font.family": [_FONT, "sans-serif"],  # the SVG names fallbacks for browsers without DejaVu
            "font.size": 8.0,
            "svg.fonttype": "none",
            "svg.hashsalt": salt,  # ids in the SVG: distinct per chart, the same on every run
            "text.parse_math": False,
            "axes.unicode_minus": True,
            # Unhinted glyphs are as wide at every dpi, so measured widths hold in every output.
            "text.hinting": "no_hinting",
        }
    ):
        yield


def figure_to_svg(fig: Figure, *, salt: str = "klyngestat") -> str:
    """The figure as SVG text, ready to inline in HTML.

    Text stays text (``svg.fonttype = "none"``), so it can be searched, copied
    and read by screen readers; the XML declaration and DOCTYPE are left out,
    and no creation date is written, so the same figure gives the same SVG.

    Parameters
    ----------
    fig
        A figure, e.g. from :func:`likert_chart`.
    salt
        Seeds the ids matplotlib gives clip paths and glyphs: charts on one
        page need different salts, or their ids clash.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.charts import share_chart
    >>> release = build_release(demo_survey())
    >>> share = release.find("group", "top_box", question="forbedringer", specialty="Plastikkirurgi")
    >>> svg = figure_to_svg(share_chart([("Plastikkirurgi", share)]))
    >>> svg.startswith("<svg"), "Plastikkirurgi (n=14)" in svg
    (True, True)
    """
    buffer = io.BytesIO()
    with _style(salt):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _slim(buffer.getvalue().decode("utf-8")) + "\n"


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_AUTO_GID = re.compile(r"[A-Za-z0-9.]+_\d+")
"""matplotlib's own group ids ("patch_3", "matplotlib.axis_1"); ids the charts set have hyphens."""
_FONT_LIST = re.compile(r"font-family: [^;]*")


def _slim(svg: str) -> str:
    """matplotlib's SVG without what no reader needs: its metadata, the groups it wraps every artist in
    (ids the charts set are kept), its long font fallback list and no-op rotations; styles become
    presentation attributes.

    The drawing is the same; the page is smaller, and a PDF renderer has a fifth of the elements and no
    inline CSS to cascade.
    """
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    root = ET.fromstring(svg)
    metadata, group = f"{{{_SVG_NS}}}metadata", f"{{{_SVG_NS}}}g"

    def flatten(element: ET.Element) -> list[ET.Element]:
        kept: list[ET.Element] = []
        for child in element:
            if child.tag == metadata:
                continue
            children = flatten(child)
            unwrap = child.tag == group and (
                not child.attrib or (set(child.attrib) == {"id"} and _AUTO_GID.fullmatch(child.attrib["id"]))
            )
            if unwrap:
                kept += children
            else:
                child[:] = children
                kept.append(child)
        return kept

    root[:] = flatten(root)
    # matplotlib's one style sheet, "*{stroke-linejoin: round; stroke-linecap: butt}", would apply to the
    # whole HTML page it is inlined in: its defaults go on the root, where they are inherited instead.
    for defs in root.findall(f"{{{_SVG_NS}}}defs"):
        for sheet in defs.findall(f"{{{_SVG_NS}}}style"):
            defs.remove(sheet)
        if not len(defs):
            root.remove(defs)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if style:  # presentation attributes: the same drawing, but no CSS for an HTML renderer to cascade
            style = _FONT_LIST.sub(f"font-family: '{_FONT}', sans-serif", style)
            for declaration in style.split(";"):
                name, _, value = declaration.partition(":")
                if name.strip() and value.strip():
                    element.set(name.strip(), value.strip())
        if element.get("transform", "").startswith("rotate(-0 "):
            del element.attrib["transform"]
    return ET.tostring(root, encoding="unicode")


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


class _Wrapping:
    """Balanced word wrapping on top of a ``width`` (inches) that a subclass measures.

    Shared by the matplotlib charts and the direct SVG renderer, so both break labels at the same words.
    """

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        raise NotImplementedError

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


class _Measure(_Wrapping):
    """Text sizes in inches, measured with the figure's own renderer."""

    def __init__(self, fig: Figure) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

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
            from matplotlib.font_manager import FontProperties

            prop = FontProperties(family=_FONT, size=size, weight=weight)
            width = self.renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
            _WIDTHS[key] = width / self._dpi * _WIDTH_MARGIN
        return _WIDTHS[key]


def _protect(text: str) -> str:
    """Glue "(n=…)" and " – " to the word before them so a wrap never starts a line with them."""
    return text.replace(" (n=", f"{_NBSP}(n=").replace(" – ", f"{_NBSP}– ")


def _line_height(size: float, lines: int = 1) -> float:
    return lines * size * _LINE_SPACING / 72


def _n_lines(text: str) -> int:
    return text.count("\n") + 1


def _new_figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(FIGURE_WIDTH, 3.0), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _rgb(colour: str) -> tuple[float, float, float]:
    """A colour's red, green and blue in 0 … 1: "#rrggbb" and "white" read here, other names by matplotlib."""
    if colour == "white":
        return (1.0, 1.0, 1.0)
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        red, green, blue = (int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
        return (red, green, blue)
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it (linearised sRGB)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_colour_on(colour: str) -> str:
    """White on fills where white text has 4.5:1, else the dark text colour."""
    return "white" if _contrast("white", colour) >= 4.5 else _TEXT


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


def _shown(base: int | None, shown: bool = True) -> bool:
    """Whether a row has a figure to draw: released (not hidden) and answered by someone."""
    return shown and bool(base)


def _hidden_text(base: int | None, shown: bool) -> str:
    """Why a row is not drawn: hidden by the Release (one text whatever the rule), or no answers."""
    return "Ingen svar" if shown and base == 0 else HIDDEN_TEXT


def _percent(fraction: Fraction) -> str:
    """Whole percent, half up, without "pct." (for labels inside bars)."""
    return format_number(fraction * 100)


def _hidden(ax: Axes, row: float, x: float, text: str, *, ha: str, size: float = _VALUE_SIZE) -> None:
    """The text that stands in a row instead of a bar that is not shown."""
    shown = ax.text(x, row, text, ha=ha, va="center", fontsize=size, style="italic", color=_MUTED, zorder=5)
    shown.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.9})


_VALUE_PAD = 2.5 / 72
"""Gap in inches between a bar's end and its value label."""


def _value_fits_outside(measure: _Wrapping, label: str, size: float, width: float, axes_width: float) -> bool:
    """Whether a bar's value label fits beyond its end (``width`` in pct. of an axis ``axes_width`` inches wide).

    Both renderers place the label by this one rule: outside when it fits, else inside the bar.
    """
    return measure.width(label, size) + _VALUE_PAD <= (100 - width) / 100 * axes_width


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
