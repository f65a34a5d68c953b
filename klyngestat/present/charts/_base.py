"""Shared layout, measuring, style and small drawing helpers of the fact-sheet charts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported by the functions that draw: the constants and helpers need none
    from matplotlib.figure import Figure

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


_VALUE_PAD = 2.5 / 72
"""Gap in inches between a bar's end and its value label."""


def _value_fits_outside(measure: _Wrapping, label: str, size: float, width: float, axes_width: float) -> bool:
    """Whether a bar's value label fits beyond its end (``width`` in pct. of an axis ``axes_width`` inches wide).

    Both renderers place the label by this one rule: outside when it fits, else inside the bar.
    """
    return measure.width(label, size) + _VALUE_PAD <= (100 - width) / 100 * axes_width
