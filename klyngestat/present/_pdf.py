"""The PDF engine: a fact sheet's (or the overview's) HTML page as a tagged PDF with WeasyPrint.

:func:`write_pdf` and :func:`pdf_bytes` are public as
:func:`klyngestat.present.render.write_pdf` and
:func:`klyngestat.present.render.pdf_bytes`. What makes a page cheaper to
draw (shared fonts, style sheets parsed once, charts read as XML, texts drawn
as runs, the garbage collector paused) lives here and in the modules named
below; none of it changes a byte of the PDF.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from klyngestat.models._files import atomic_write

__all__ = ["PDF_NEEDS", "PDF_VARIANT", "pdf_bytes", "write_pdf"]

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF variant for fact sheets: PDF/UA-1, a tagged PDF (structure tree, language, title)."""


def write_pdf(html: str, path: str | Path, *, compress: bool = True) -> Path:
    """Render HTML to a tagged PDF with WeasyPrint (the ``pdf`` extra).

    The PDF is WeasyPrint's PDF/UA-1 variant (:data:`PDF_VARIANT`): its
    structure tree follows the HTML (headings, paragraphs, lists, figures with
    their captions, in the HTML's order, which is the reading order), its
    language is the page's ``lang`` and its title the page's ``<title>``, and
    every chart is a Figure whose ``/Alt`` is the ``<title>`` of its inline SVG
    (the chart's text alternative, see :func:`klyngestat.present.alt.chart_alt`).

    Parameters
    ----------
    html
        A page from :func:`klyngestat.present.render.to_html` (or any HTML page).
    path
        The PDF file to write.
    compress
        False leaves the PDF's streams uncompressed, so its text and structure
        can be read with a text editor (for tests and checks).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return atomic_write(Path(path), pdf_bytes(html, compress=compress))  # a failed write never leaves half a PDF


PDF_NEEDS = "PDF output needs WeasyPrint: pip install 'klyngestat[pdf]'"
"""What a PDF asks for when WeasyPrint (or the system's Pango it loads) is missing."""


def pdf_bytes(html: str, *, compress: bool = True) -> bytes:
    """The PDF that :func:`write_pdf` writes, as bytes.

    Pages of one process share one WeasyPrint font configuration (the fonts
    are found and loaded once, not once a page), unless a page brings its own
    ``@font-face`` fonts, and one parse of each style sheet they share
    (:mod:`klyngestat.present._parsed_css`); charts are read as XML rather
    than HTML (:mod:`klyngestat.present._inline_svg`) and their texts drawn as
    runs (:mod:`klyngestat.present._svg_text_runs`). The shared fonts and
    style sheets and the XML reading leave the PDF byte for byte as WeasyPrint
    makes it without them.

    The cyclic garbage collector is paused while a page is drawn (see
    :func:`_collector_paused`): the page's garbage is collected after it.

    Parameters
    ----------
    html
        The page, as :func:`write_pdf` takes it.
    compress
        False leaves the PDF's streams uncompressed (see :func:`write_pdf`).

    Returns
    -------
    bytes
        The tagged PDF (PDF/UA-1).
    """
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(PDF_NEEDS) from exc
    from klyngestat.present._inline_svg import svg_from_xml
    from klyngestat.present._parsed_css import parsed_once
    from klyngestat.present._svg_text_runs import text_runs

    # each holds a lock: one page at a time in a process
    with text_runs(), parsed_once(), svg_from_xml() as prepare, _collector_paused():
        fonts = None if _FONT_FACE.search(html) else _shared_fonts()
        pdf: bytes = HTML(string=prepare(html)).write_pdf(
            pdf_variant=PDF_VARIANT, uncompressed_pdf=not compress, font_config=fonts
        )
    return pdf


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off within the block (as it was before, after it).

    Drawing a page allocates a few hundred thousand objects that live until
    the page is written, so the collector, which starts every 700
    allocations, walks them again and again and frees next to nothing: about
    a tenth of a fact sheet's PDF time. Paused, it runs once the page is done
    and frees what the page left in cycles then; memory grows by the page's
    cyclic garbage for as long as the page is drawn (some 50 MB for a fact
    sheet).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FONT_FACE = re.compile("@font-face", re.IGNORECASE)


@cache
def _shared_fonts() -> Any:
    """This process's WeasyPrint font configuration, made on first use."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()
