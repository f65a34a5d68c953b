"""Text metrics for the direct SVG charts: DejaVu Sans read with fontTools, laid out as matplotlib lays it out.

The SVG renderer (:mod:`klyngestat.present.charts.svg`) must take the same
layout decisions as the matplotlib charts: wrap the same words, drop the same
segment labels, reserve the same room. matplotlib (3.11) shapes text with
HarfBuzz: glyph advances plus the font's GPOS pair kerning, each rounded to
1/64 pixel at the size FreeType sets (also rounded to 1/64). :func:`layout_width`
reproduces that from the font's tables; :func:`text_width` is the unrounded
width in points that a browser or WeasyPrint draws. Ligatures are not applied
(DejaVu's "fi" and "fl" may differ by 1/64 pixel).

fontTools (a WeasyPrint dependency) is imported on first use only.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from klyngestat.present.charts._base import _WIDTH_MARGIN, _Wrapping

Weight = Literal["normal", "bold", "italic"]

_FILES: dict[str, str] = {
    "normal": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
}
_SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
_LAYOUT_DPI = 100.0
"""The dpi of the matplotlib figures' Agg canvas, at which their layout measures text."""


def _font_file(name: str) -> Path:
    """The DejaVu file: the system's (what WeasyPrint draws with), else the copy matplotlib ships."""
    for folder in _SYSTEM_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    spec = importlib.util.find_spec("matplotlib")  # its data folder, without importing it
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return path
    raise RuntimeError(f"font file {name} (DejaVu Sans) not found: install fonts-dejavu-core")


@dataclass
class _Face:
    """One face of DejaVu Sans: advances, ink extents and pair kerning in font units, cached per glyph."""

    font: Any
    upem: int
    ascent: int
    descent: int
    line_gap: int
    cmap: dict[int, str]
    hmtx: dict[str, tuple[int, int]]
    glyf: Any
    kern_tables: list[Any]
    _advance: dict[str, tuple[str, int]] = field(default_factory=dict)
    _ink: dict[str, tuple[int, int]] = field(default_factory=dict)
    _kern: dict[tuple[str, str], int] = field(default_factory=dict)

    def glyph(self, char: str) -> tuple[str, int]:
        """Glyph name and advance of a character (.notdef for characters the font lacks)."""
        found = self._advance.get(char)
        if found is None:
            name = self.cmap.get(ord(char), ".notdef")
            found = self._advance[char] = (name, self.hmtx[name][0])
        return found

    def ink(self, name: str) -> tuple[int, int]:
        """(yMin, yMax) of a glyph's outline; (0, 0) for a blank glyph, as FreeType's box of it."""
        found = self._ink.get(name)
        if found is None:
            g = self.glyf[name]
            found = (g.yMin, g.yMax) if g.numberOfContours and hasattr(g, "yMin") else (0, 0)
            self._ink[name] = found
        return found

    def kerning(self, left: str, right: str) -> int:
        """The x advance adjustment of a glyph pair from the GPOS 'kern' lookups (latn), summed."""
        key = (left, right)
        found = self._kern.get(key)
        if found is None:
            found = 0
            for subtables in self.kern_tables:
                for st in subtables:
                    if left not in st.Coverage.glyphs:
                        continue
                    if st.Format == 1:
                        pairs = st.PairSet[st.Coverage.glyphs.index(left)].PairValueRecord
                        value = next((p.Value1 for p in pairs if p.SecondGlyph == right), None)
                    else:
                        c1 = st.ClassDef1.classDefs.get(left, 0)
                        c2 = st.ClassDef2.classDefs.get(right, 0)
                        value = st.Class1Record[c1].Class2Record[c2].Value1
                    found += getattr(value, "XAdvance", 0) or 0
                    break  # the first subtable that covers the pair applies, per lookup
            self._kern[key] = found
        return found


def face(weight: Weight = "normal") -> _Face:
    """The face for a weight ("italic" is DejaVu Sans Oblique), loaded once."""
    return _face(weight)  # one cache entry a weight, whether the weight is given or left to its default


@cache
def _face(weight: Weight) -> _Face:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(str(_font_file(_FILES[weight])), lazy=True)
    gpos = font["GPOS"].table if "GPOS" in font else None
    lookups: list[int] = []
    if gpos is not None:
        script = next((r.Script for r in gpos.ScriptList.ScriptRecord if r.ScriptTag == "latn"), None)
        features = script.DefaultLangSys.FeatureIndex if script is not None else []
        for index in features:
            record = gpos.FeatureList.FeatureRecord[index]
            if record.FeatureTag == "kern":
                lookups += record.Feature.LookupListIndex
    kern_tables = []
    for index in lookups:
        lookup = gpos.LookupList.Lookup[index]  # type: ignore[union-attr]  # lookups only when there is a GPOS
        subtables = [st.ExtSubTable if lookup.LookupType == 9 else st for st in lookup.SubTable]
        kern_tables.append([st for st in subtables if getattr(st, "Format", 0) in (1, 2) and hasattr(st, "Coverage")])
    os2 = font["OS/2"]
    return _Face(
        font=font,
        upem=font["head"].unitsPerEm,
        ascent=os2.sTypoAscender,
        descent=-os2.sTypoDescender,
        line_gap=os2.sTypoLineGap,
        cmap=font.getBestCmap(),
        hmtx=font["hmtx"].metrics,
        glyf=font["glyf"],
        kern_tables=kern_tables,
    )


def _round(value: float) -> float:
    """FreeType's rounding of 16.16 products: half away from zero."""
    return math.copysign(math.floor(abs(value) + 0.5), value)


_UNITS: dict[tuple[str, Weight], int] = {}


def _units(line: str, weight: Weight) -> int:
    """Width of a line in font units: advances plus pair kerning."""
    key = (line, weight)
    found = _UNITS.get(key)
    if found is None:
        f = face(weight)
        found, previous = 0, None
        for char in line:
            name, advance = f.glyph(char)
            if previous is not None:
                found += f.kerning(previous, name)
            found += advance
            previous = name
        _UNITS[key] = found
    return found


def text_width(line: str, size: float, weight: Weight = "normal") -> float:
    """Width in points of one line as drawn (advances and kerning, unrounded)."""
    return _units(line, weight) * size / face(weight).upem


_LAYOUT: dict[tuple[str, float, Weight], float] = {}


def layout_width(line: str, size: float, weight: Weight = "normal") -> float:
    """Width in pixels at 100 dpi as matplotlib's Agg canvas measures it (each advance rounded to 1/64 px)."""
    key = (line, size, weight)
    found = _LAYOUT.get(key)
    if found is None:
        f = face(weight)
        # FreeType's 26.6 ppem, per font unit; matplotlib passes the size to FreeType cut to 1/64 pt.
        scale = _round(int(size * 64) * _LAYOUT_DPI / 72) / f.upem
        total, previous = 0.0, None
        for char in line:
            name, advance = f.glyph(char)
            if previous is not None:
                total += _round(f.kerning(previous, name) * scale)
            total += _round(advance * scale)
            previous = name
        found = _LAYOUT[key] = total / 64
    return found


class FontMeasure(_Wrapping):
    """Text widths in inches as the matplotlib charts' layout measures them, wider by ``_WIDTH_MARGIN``."""

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        w: Weight = "bold" if weight == "bold" else "normal"
        return max(layout_width(line or " ", size, w) for line in text.split("\n")) / _LAYOUT_DPI * _WIDTH_MARGIN


def ink(line: str, size: float, weight: Weight = "normal") -> tuple[float, float]:
    """(ascent, descent) in points of a line's glyph outlines above and below the baseline."""
    f = face(weight)
    low, high = 0, 0
    first = True
    for char in line:
        y0, y1 = f.ink(f.glyph(char)[0])
        low, high = (y0, y1) if first else (min(low, y0), max(high, y1))
        first = False
    return high * size / f.upem, -low * size / f.upem


VAlign = Literal["top", "center", "bottom", "baseline", "center_baseline"]


def baselines(
    lines: list[str],
    size: float,
    valign: VAlign,
    *,
    linespacing: float | None = None,
    weight: Weight = "normal",
) -> list[float]:
    """Each line's baseline below the anchor in points (negative: above), as matplotlib 3.11 places text.

    ``linespacing`` None is matplotlib's "normal" (the font's typographic
    ascent, descent and, between lines, line gap); a number fixes each line's
    height at that many times ascent plus descent, centred on its ink.
    """
    f = face(weight)
    ascent_min, descent_min = f.ascent * size / f.upem, f.descent * size / f.upem
    gap = f.line_gap * size / f.upem if len(lines) > 1 else 0.0
    ys: list[float] = []  # matplotlib's y (upwards) of each baseline from the box top
    y = 0.0
    baseline = descent = 0.0
    for line in lines:
        a, d = ink(line, size, weight) if line else (0.0, 0.0)
        if linespacing is None:
            a, d = max(a, ascent_min) + gap / 2, max(d, descent_min) + gap / 2
        else:
            leading = linespacing * (ascent_min + descent_min) - (a + d)
            a, d = a + leading / 2, d + leading / 2
        baseline = a - y
        y -= a
        ys.append(y)
        y -= d
        descent = d
    bottom = ys[-1] - descent
    offset = {
        "top": 0.0,
        "bottom": bottom,
        "center": bottom / 2,
        "baseline": bottom + descent,
        "center_baseline": -baseline / 2,
    }[valign]
    return [offset - v for v in ys]
