"""WeasyPrint's SVG ``<text>``, shaped as one run where nothing asks for per-letter placement.

WeasyPrint (up to at least 70) lays out and draws an SVG ``<text>`` letter by
letter: one Pango layout per letter, because SVG lets ``x``, ``y``, ``dx``,
``dy``, ``rotate``, ``letter-spacing`` and ``textLength`` place each glyph.
Our charts use none of them: each ``<text>`` has one ``x``, one ``y``, a size,
a family, a weight and an anchor. For such a node one layout of the whole
string gives the same placement, keeps the font's kerning and shaping (which
the per-letter path loses; upstream's issue Kozea/WeasyPrint#2249 and the fix
proposed in pull request #2754 take the same route), and costs a tenth: the
per-letter path was about 40 pct. of a fact sheet's PDF time. A run that
makes one line is laid out once, where WeasyPrint lays out a line twice (to
measure it, then again to draw it): the same glyphs at the same place, byte
for byte.

:func:`text_runs` swaps the drawer in for the duration of a render and puts
WeasyPrint's own back afterwards. Every node the fast path does not cover
(children, per-glyph lists, spacing, baseline attributes, a text path) goes to
WeasyPrint's own drawer unchanged. The module reaches into WeasyPrint's SVG
internals, so it checks that they are what it was written against and does
nothing otherwise (the PDF is then the same, only slower).
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from math import inf
from typing import Any

_PER_GLYPH = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust")
_BASELINE = ("display-anchor", "dominant-baseline", "alignment-baseline")
_lock = threading.RLock()


def _single(value: str | None) -> bool:
    """An ``x`` or ``y`` that names one position (or none)."""
    return value is None or len(value.replace(",", " ").split()) <= 1


def _whole(node: Any) -> bool:
    """Whether ``node`` is a plain ``<text>`` that one layout of its string draws exactly."""
    return (
        node.tag == "text"
        and bool(node.text)
        and next(iter(node), None) is None
        and _single(node.get("x"))
        and _single(node.get("y"))
        and not any(name in node.attrib for name in _PER_GLYPH + _BASELINE)
    )


def _style(svg: Any, node: Any, font_size: float) -> Any:
    """The text's style, set as WeasyPrint's own drawer sets it (``weasyprint/svg/text.py``, BSD licence)."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    style["font_weight"] = {"normal": 400, "bold": 700}.get(weight, weight)
    try:
        style["font_weight"] = int(style["font_weight"])
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    return style


def _laid_out_twice(text: str, style: Any, context: Any) -> tuple[Any, float, float, float]:
    """WeasyPrint's steps: the string laid out for its first line's metrics, then laid out again to be drawn.

    Returns the layout to draw, the line's width and height and its baseline.
    """
    from weasyprint.text.line_break import split_first_line

    layout, _, _, width, height, baseline = split_first_line(text, style, context, inf, 0)
    layout.reactivate(style)
    return layout, width, height, baseline


def _laid_out(text: str, style: Any, context: Any) -> tuple[Any, float, float, float]:
    """What :func:`_laid_out_twice` returns, from one layout of a string that makes one line.

    WeasyPrint measures a line on one Pango layout, drops it, and makes the
    same layout again to draw; for a string with no line break in it, the
    first layout is the one to draw. A string that breaks takes WeasyPrint's
    steps.
    """
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, context, inf, 0)
    line, resume_at = layout.get_first_line()
    if resume_at is not None:
        return _laid_out_twice(text, style, context)
    width, height = line_size(line, style)
    return layout, width, height, pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS


def _draw_run(svg: Any, node: Any, font_size: float) -> None:
    """Lay out and draw ``node``'s whole string at its ``x``, ``y`` (WeasyPrint's steps, one layout for all)."""
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.svg.utils import size

    style = _style(svg, node, font_size)
    layout, width, height, baseline = _laid_out(node.text, style, svg.context)
    x = size(node.get("x"), font_size, svg.inner_width) if node.get("x") is not None else None
    y = size(node.get("y"), font_size, svg.inner_height) if node.get("y") is not None else None
    if x is not None:
        svg.cursor_d_position[0] = 0
    if y is not None:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    left = x + svg.cursor_d_position[0]
    base = y + svg.cursor_d_position[1]
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box, ((left, base - baseline), (left + width, base - baseline + height))
    )
    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    svg.fill_stroke(fill, stroke, text=True)
    box = TextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=left, f=base))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _compatible(module: Any, original: Any) -> bool:
    """Whether WeasyPrint's SVG module, and the internals the fast path calls, are as this module expects."""
    tags = getattr(module, "TAGS", None)
    return (
        isinstance(tags, dict)
        and all(tags.get(tag) is original for tag in ("text", "tspan", "textPath", "a"))
        and callable(original)
        and _internals_as_expected()
    )


def _takes(function: Any, *args: object, **kwargs: object) -> bool:
    try:
        inspect.signature(function).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return False
    return True


@functools.cache
def _internals_as_expected() -> bool:
    """Whether WeasyPrint has the functions :func:`_style`, :func:`_laid_out` and :func:`_draw_run` call, as called.

    A fast path that failed inside WeasyPrint's SVG drawer would not fail the
    PDF: WeasyPrint logs "Failed to render SVG image" and leaves the whole chart
    out. So where its internals differ (before WeasyPrint 70 they do), its own
    drawer draws every text.
    """
    try:
        from weasyprint.css.properties import INITIAL_VALUES  # noqa: F401
        from weasyprint.draw.text import draw_emojis, draw_first_line
        from weasyprint.matrix import Matrix
        from weasyprint.svg import SVG
        from weasyprint.svg.bounding_box import extend_bounding_box
        from weasyprint.svg.text import Style, TextBox
        from weasyprint.svg.utils import size
        from weasyprint.text.ffi import FROM_UNITS, pango  # noqa: F401
        from weasyprint.text.line_break import create_layout, line_size, split_first_line
    except ImportError:
        return False
    return (
        isinstance(Style, type)
        and issubclass(Style, dict)
        # Before WeasyPrint 70 it took ``text`` and returned nothing; now it returns the fill and the stroke.
        and "text" not in inspect.signature(SVG.set_graphical_state).parameters
        and _takes(SVG.set_graphical_state, None, None, 1.0)
        and _takes(SVG.fill_stroke, None, None, None, text=True)
        and _takes(split_first_line, "", None, None, inf, 0)
        and _takes(create_layout, "", None, None, inf, 0)
        and _takes(line_size, None, None)
        and _takes(TextBox, None, None)
        and _takes(draw_first_line, None, None, "none", "none", None)
        and _takes(draw_emojis, None, None, 0.0, 0.0, [])
        and _takes(Matrix, a=1, d=-1, e=0.0, f=0.0)
        and _takes(extend_bounding_box, None, ())
        and _takes(size, None, 1.0, 1.0)
    )


@contextmanager
def text_runs() -> Iterator[None]:
    """Within the block, WeasyPrint draws each plain SVG ``<text>`` as one shaped run (see the module's note)."""
    import weasyprint.svg as module

    with _lock:
        original = module.text
        if not _compatible(module, original):
            yield
            return

        def text(svg: Any, node: Any, font_size: float) -> None:
            if _whole(node):
                _draw_run(svg, node, font_size)
            else:
                original(svg, node, font_size)

        tags = {tag: drawer for tag, drawer in module.TAGS.items() if drawer is original}
        # The SVG drawer tells text nodes apart by comparing with its module's ``text``: both are swapped.
        module.text = text
        module.TAGS.update(dict.fromkeys(tags, text))
        try:
            yield
        finally:
            module.text = original
            module.TAGS.update(tags)
