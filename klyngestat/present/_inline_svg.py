"""WeasyPrint's inline SVG, read by the XML parser instead of the HTML parser: the same tree, a fraction of the cost.

WeasyPrint (up to at least 70) parses a page with a pure-Python HTML parser,
computes the CSS style of every element of it, SVG nodes included, and only
then hands each ``<svg>`` element to its SVG renderer, which reads the
element's children and presentation attributes and never those styles. A fact
sheet's charts are about 300 of its 450 elements and more than half of its
text, so that parse and those styles were about a quarter of its PDF time.

:func:`svg_from_xml` gives WeasyPrint a page in which each chart is an empty
``<svg>`` start tag (its attributes as written, plus its ``<title>``, which
the PDF's tags read as the figure's ``/Alt``) and puts the chart's nodes,
parsed by the C XML parser, into that element just before WeasyPrint's own
``<svg>`` handler draws it. The handler then sees the very tree the HTML
parser would have built, so the PDF is the same, byte for byte.

Only an SVG that both parsers read alike is taken out (see :func:`_alike`):
well-formed XML in the SVG namespace, elements of a plain drawing (paths,
shapes, text, gradients; no ``<style>``, ``<script>``, ``<foreignObject>``,
comments or processing instructions), names in the case HTML gives them and
no line breaks or tabs inside a tag. Any other SVG stays in the page as it
is, and so does every SVG of a page where ``<svg`` might be text rather than
markup (in a comment, a script, a style sheet or a title). The module
reaches into WeasyPrint's HTML handlers, so it checks that they are what it
was written against and does nothing otherwise (the PDF is then the same,
only slower).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import escape
from typing import Any
from xml.etree import ElementTree

_NS = "{http://www.w3.org/2000/svg}"
_SVG_TAG = f"{_NS}svg"
_MARKER = "data-klyngestat-svg"
"""The attribute that ties an emptied ``<svg>`` to its parsed nodes during one render."""

_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "symbol",
        "use",
    }
)
"""SVG elements that the HTML parser keeps as written (none breaks out of SVG or is parsed as raw text)."""

_MIXED_CASE_ATTRIBUTES = frozenset(
    {
        "attributeName",
        "attributeType",
        "baseFrequency",
        "baseProfile",
        "calcMode",
        "clipPathUnits",
        "contentScriptType",
        "contentStyleType",
        "diffuseConstant",
        "edgeMode",
        "externalResourcesRequired",
        "filterRes",
        "filterUnits",
        "glyphRef",
        "gradientTransform",
        "gradientUnits",
        "kernelMatrix",
        "kernelUnitLength",
        "keyPoints",
        "keySplines",
        "keyTimes",
        "lengthAdjust",
        "limitingConeAngle",
        "markerHeight",
        "markerUnits",
        "markerWidth",
        "maskContentUnits",
        "maskUnits",
        "numOctaves",
        "pathLength",
        "patternContentUnits",
        "patternTransform",
        "patternUnits",
        "pointsAtX",
        "pointsAtY",
        "pointsAtZ",
        "preserveAlpha",
        "preserveAspectRatio",
        "primitiveUnits",
        "refX",
        "refY",
        "repeatCount",
        "repeatDur",
        "requiredExtensions",
        "requiredFeatures",
        "specularConstant",
        "specularExponent",
        "spreadMethod",
        "startOffset",
        "stdDeviation",
        "stitchTiles",
        "surfaceScale",
        "systemLanguage",
        "tableValues",
        "targetX",
        "targetY",
        "textLength",
        "viewBox",
        "viewTarget",
        "xChannelSelector",
        "yChannelSelector",
        "zoomAndPan",
    }
)
"""The SVG attributes the HTML parser writes in mixed case (the HTML standard's table); it lowercases the rest."""

_LOWERCASED = frozenset(name.lower() for name in _MIXED_CASE_ATTRIBUTES)

_INLINE_SVG = re.compile(r"""(<svg\b(?:[^<>"']|"[^"]*"|'[^']*')*>).*?</svg>""", re.DOTALL)
_UNSAFE_PAGE = re.compile(
    r"<!--|<(?:script|textarea|xmp|plaintext|noscript|noembed|noframes|iframe|template|math)\b"
    r"|<(style|title)\b[^>]*>(?:(?!</\1).)*<svg",
    re.DOTALL | re.IGNORECASE,
)
"""Where ``<svg`` might stand in text that is not markup (a comment, a script, a style sheet, a title): such a page
is left as it is."""
_TAG = re.compile(r"""<(?:[^<>"']|"[^"]*"|'[^']*')*>""")
_lock = threading.RLock()


def _alike(source: str, tree: ElementTree.Element) -> bool:
    """Whether the HTML parser builds from ``source`` the tree the XML parser built (``tree``).

    Conservative: a ``False`` only means the SVG stays in the page for WeasyPrint's own parser.
    """
    if tree.tag != _SVG_TAG or source.count("xmlns") != 1 or "<!" in source or "<?" in source:
        return False  # nested namespace declarations, comments, CDATA, doctype or processing instructions
    if any(char in tag for tag in _TAG.findall(source) for char in "\n\r\t"):
        return False  # XML turns a line break inside an attribute value into a space; HTML keeps it
    for node in tree.iter():
        if not isinstance(node.tag, str) or not node.tag.startswith(_NS) or node.tag[len(_NS) :] not in _ELEMENTS:
            return False
        if node.tag in (f"{_NS}title", f"{_NS}desc") and len(node):
            return False  # HTML parses what a title or desc holds as HTML
        for name in node.attrib:
            if "{" in name or (name not in _MIXED_CASE_ATTRIBUTES and (name != name.lower() or name in _LOWERCASED)):
                return False
    return True


def _take_out(html: str, taken: dict[str, ElementTree.Element]) -> str:
    """``html`` with every SVG the two parsers read alike emptied to its start tag and title; its nodes in ``taken``."""

    if _UNSAFE_PAGE.search(html):
        return html

    def empty(match: re.Match[str]) -> str:
        source, start = match.group(0), match.group(1)
        if start.endswith("/>") or "<svg" in source[4:]:
            return source
        try:
            tree = ElementTree.fromstring(source)
        except ElementTree.ParseError:
            return source
        if not _alike(source, tree):
            return source
        key = str(len(taken))
        taken[key] = tree
        title = tree.find(f"{_NS}title")
        label = "" if title is None else f"<title>{escape(title.text or '', quote=False)}</title>"
        return f'{start[:-1]} {_MARKER}="{key}">{label}</svg>'

    return _INLINE_SVG.sub(empty, html)


def _handlers() -> dict[str, Any] | None:
    """WeasyPrint's table of HTML element handlers, if it is laid out as this module expects."""
    try:
        import weasyprint.html as module
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    handlers = getattr(module, "HTML_HANDLERS", None)
    if not isinstance(handlers, dict) or not callable(handlers.get(_SVG_TAG)):
        return None
    return handlers


@contextmanager
def svg_from_xml() -> Iterator[Callable[[str], str]]:
    """Within the block, a page passed through the function it gives has its charts read as XML (module's note).

    Outside the block, or where WeasyPrint is not as expected, the function
    returns the page unchanged.
    """
    with _lock:
        handlers = _handlers()
        if handlers is None:
            yield lambda html: html
            return
        original = handlers[_SVG_TAG]
        taken: dict[str, ElementTree.Element] = {}
        active = True

        def handle_svg(element: Any, box: Any, get_image_from_uri: Any, base_url: Any) -> Any:
            tree = taken.pop(element.attrib.pop(_MARKER, ""), None)
            if tree is not None:  # the nodes the HTML parser would have put here
                element[:] = list(tree)
                element.text = tree.text
            return original(element, box, get_image_from_uri, base_url)

        def prepare(html: str) -> str:
            return _take_out(html, taken) if active else html

        handlers[_SVG_TAG] = handle_svg
        try:
            yield prepare
        finally:
            active = False
            handlers[_SVG_TAG] = original
