"""A matplotlib chart as SVG text to inline in a page, or as a PNG file.

:func:`figure_to_svg` and :func:`figure_to_png` are public in
:mod:`klyngestat.present.charts`. The SVG is matplotlib's, slimmed: no
metadata, no wrapping groups, presentation attributes instead of a style
sheet, so it draws the same and cascades nothing into the page around it.
"""

from __future__ import annotations

import io
import re
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from klyngestat.present.charts._base import _FONT, _style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_to_png", "figure_to_svg"]


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
