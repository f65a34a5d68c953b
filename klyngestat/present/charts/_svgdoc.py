"""The SVG document the fact-sheet charts are written into, and the plot area's coordinates.

:class:`_Svg` collects a chart's elements in drawing order (one ``<path>``
per box, one path per kind of line, one ``<text>`` per line of text, every
text escaped) and writes them; :class:`_Axes` maps data values and rows to
points. Both are shared by the fact sheets' charts (:mod:`.svg`) and the
overview's (:mod:`.overview`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from klyngestat.present.charts._base import _EDGE_WIDTH, _FONT
from klyngestat.present.charts._svgtext import VAlign, Weight, baselines, face, text_width

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
