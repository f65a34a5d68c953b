"""Render a Factsheet as self-contained HTML, Markdown with chart files, or PDF."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from klyngestat.models._files import atomic_write
from klyngestat.models._text import page_text
from klyngestat.present.alt import chart_alt, svg_with_title
from klyngestat.present.document import AdviceList, Chart, Editorial, Factsheet, Paragraph

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FactsheetFormat",
    "draw_chart",
    "html_head",
    "keep_together",
    "markdown_html",
    "pdf_bytes",
    "to_html",
    "to_markdown",
    "write_factsheet",
    "write_pdf",
]

FactsheetFormat = Literal["html", "md", "pdf"]

CSS = """
@page { size: A4; margin: 13mm 15mm 15mm 15mm;
        @top-left { content: string(unit); font: bold 7.5pt "DejaVu Sans", sans-serif; color: #12355b; }
        @top-right { content: string(title); font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
        @bottom-left { content: element(pagefooter); width: 150mm; }
        @bottom-right { content: "Side " counter(page) " af " counter(pages); width: 30mm; white-space: nowrap;
                        font: 7.5pt "DejaVu Sans", sans-serif; color: #555; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 9pt; line-height: 1.38;
       color: #1d1d1d; margin: 0; }
main { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
.masthead { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1.2pt solid #12355b;
            padding-bottom: 1.5mm; margin-bottom: 4mm; color: #555; }
.masthead .unit { font-weight: bold; color: #12355b; font-size: 11pt; string-set: unit content(); }
h1 { font-size: 16pt; line-height: 1.25; margin: 0 0 4mm; color: #12355b; string-set: title content(); }
h2 { font-size: 11.5pt; margin: 4mm 0 1.2mm; color: #12355b; break-after: avoid; }
main > section { break-inside: auto; }
p { margin: 0 0 2mm; orphans: 2; widows: 2; }
section.editorial-list ul, .editorial ul { margin: 0 0 2mm; padding-left: 5mm; }
figure { margin: 2mm 0 3mm; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 1mm; break-after: avoid; }
figure svg { width: 100%; max-width: 145mm; height: auto; display: block; }
ol.advice > li { margin-bottom: 1.5mm; font-weight: bold; }
ol.advice ul { font-weight: normal; margin: 0.5mm 0 0; padding-left: 5mm; }
.notes { margin-top: 3mm; border-top: 0.4pt solid #999; padding-top: 1.5mm; font-size: 7pt; line-height: 1.3;
         color: #444; }
.notes p { margin: 0 0 0.6mm; }
sup.ref { font-size: 6.5pt; color: #6b6b6b; margin-left: 0.3mm; }
.provenance { font-size: 6.5pt; color: #555; margin-top: 1mm; }
.source { font-weight: bold; }
.sources { font-size: 6pt; line-height: 1.3; color: #333; margin-top: 3mm; }
.sources h2 { font-size: 8pt; color: #333; margin: 0 0 1mm; }
.sources ol { margin: 0; padding: 0; list-style: none; }
.sources li { display: inline; margin-right: 2.5mm; overflow-wrap: anywhere; }
.sources .n { font-weight: bold; }
.page-footer { font-size: 7pt; color: #555; }
@media print { .page-footer { position: running(pagefooter); } }
@media screen { .page-footer { display: none; } }
"""

SOURCES_HEADING = "Nøgler til tallene"


def draw_chart(chart: Chart) -> Figure:
    """Draw a chart block as a matplotlib Figure (imports matplotlib; no pyplot state is kept)."""
    try:
        from klyngestat.present import charts
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            f"charts need matplotlib and fontTools ({exc}), klyngestat's dependencies: pip install klyngestat"
        ) from exc

    if chart.kind == "likert":
        return charts.likert_chart(chart.rows)  # type: ignore[arg-type]
    if chart.kind == "share":
        national = None if chart.national is None else chart.national.fraction
        return charts.share_chart(chart.rows, national=national)  # type: ignore[arg-type]
    if chart.kind == "expectation":
        return charts.expectation_chart(chart.rows)  # type: ignore[arg-type]
    return charts.ranking_chart(chart.rows)  # type: ignore[arg-type]


def _svg(chart: Chart) -> str:
    from klyngestat.present.charts.svg import chart_svg  # written directly: no matplotlib figure to draw

    svg = chart_svg(chart)
    return _ID_REFERENCE.sub(lambda m: f"{m.group(1)}{chart.id}-{m.group(2)}", svg)  # ids unique within a page


_ID_REFERENCE = re.compile(r"""( id="|href="#|url\(#)([^"')]+)""")


_TOGETHER = re.compile(r"(\d) (pct\.|procentpoint|svar\b|medlemmer|klynger\b)")


def keep_together(text: str) -> str:
    """No-break spaces between a number and its unit, so "67,3 pct." never breaks across lines.

    Examples
    --------
    >>> keep_together("på 67,3 pct. og 14 svar")
    'på 67,3\xa0pct. og 14\xa0svar'
    """
    return _TOGETHER.sub("\\1\u00a0\\2", text)


_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def _inline(text: str) -> str:
    html = escape(keep_together(text))
    return _EMPHASIS.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", html))


def markdown_html(text: str) -> str:
    r"""The editorial Markdown the template allows, as escaped HTML: paragraphs, ``- `` lists, ``**bold**``, ``*em*``.

    Any other markup (HTML tags included) is shown as the text it is.

    Examples
    --------
    >>> markdown_html("Et **lille** speciale.\n\n- et punkt\n- <b>to</b>")
    '<p>Et <strong>lille</strong> speciale.</p>\n<ul><li>et punkt</li><li>&lt;b&gt;to&lt;/b&gt;</li></ul>'
    """
    parts = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            parts.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        elif lines:
            parts.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(parts)


def _print_footer(sheet: Factsheet) -> str:
    """The running footer of every printed page: source, n, data hash and version."""
    return " · ".join(x for x in (sheet.source, sheet.respondents, sheet.stamp) if x)


def _figure_blocks(sheet: Factsheet) -> list[Paragraph | Chart]:
    return [b for s in sheet.sections for b in s.blocks if isinstance(b, Paragraph | Chart) and b.records]


def _keys(sheet: Factsheet) -> dict[int, int]:
    """Footnote number of every block that shows released figures (by ``id()`` of the block), in reading order.

    A block whose records are all in an earlier footnote (a chart of the
    figures its paragraph just gave) shares that footnote's number.
    """
    keys: dict[int, int] = {}
    notes: list[frozenset[str]] = []
    for block in _figure_blocks(sheet):
        ids = frozenset(block.records)
        number = next((n for n, earlier in enumerate(notes, start=1) if ids <= earlier), 0)
        if not number:
            notes.append(ids)
            number = len(notes)
        keys[id(block)] = number
    return keys


def _key_list(sheet: Factsheet) -> list[tuple[int, tuple[str, ...]]]:
    """Each footnote's number and printed keys (the sheet's short keys where it has them)."""
    keys = _keys(sheet)
    blocks = _figure_blocks(sheet)
    printed = sheet.keys if len(sheet.keys) == len(blocks) else tuple(b.records for b in blocks)
    listed: dict[int, tuple[str, ...]] = {}
    for block, short in zip(blocks, printed, strict=True):
        listed.setdefault(keys[id(block)], short)
    return sorted(listed.items())


def _common_prefix(sheet: Factsheet) -> str:
    """The wave and specialty every id of the sheet's own figures starts with ("2025/Dermatologi/")."""
    first = next((ids[0] for _, ids in _key_list(sheet) if ids), "")
    parts = first.split("/")
    return f"{parts[0]}/{sheet.specialty}/" if len(parts) > 2 else ""


def _short(record_id: str, prefix: str) -> str:
    """An id without the sheet's common prefix (national ids keep theirs)."""
    return record_id[len(prefix) :] if prefix and record_id.startswith(prefix) else record_id


def _sources_intro(prefix: str) -> str:
    return "Hvert tal kan slås op med klyngestat explain NØGLE --release <fil>.release.json" + (
        f"; nøgler uden år står efter »{prefix}«." if prefix else "."
    )


def html_head(title: str, css: str) -> list[str]:
    """The lines of a Danish page's start, up to ``</head>``: doctype, language, charset, title, style sheet."""
    return [
        "<!DOCTYPE html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
    ]


def to_html(sheet: Factsheet) -> str:
    """One self-contained HTML page (charts as inline SVG, print CSS for A4); every text is escaped.

    Names from the data cannot turn the text around them: the page is passed
    through :func:`klyngestat.models._text.page_text`, which removes every
    bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    U+061C) and the control characters HTML does not allow, in text,
    attributes and chart labels alike, so a cluster named ``"Derma \\u202eNord"``
    is shown as ``Derma Nord``. The same holds for the PDF, which is this page.

    Every paragraph and chart that shows released figures carries their
    record ids in a ``data-records`` attribute and a footnote number; the
    numbered ids are listed at the end, and the footer names the data hash,
    the options and the klyngestat version.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.factsheet import build_factsheet
    >>> page = to_html(build_factsheet(build_release(demo_survey()), "Plastikkirurgi"))
    >>> page.count("<svg") >= 5, "svarprocent på 70\xa0pct." in page, 'data-records="2025/Plastikkirurgi/' in page
    (True, True, True)
    """
    keys = _keys(sheet)
    parts = [
        *html_head(sheet.title, CSS),
        "<body><main>",
        f'<div class="page-footer">{escape(_print_footer(sheet))}</div>',
        f'<header class="masthead"><span class="unit">{escape(sheet.header)}</span>'
        f'<span class="date">{escape(sheet.date_line)}</span></header>',
        f"<h1>{escape(sheet.title)}</h1>",
    ]

    def ref(block: Paragraph | Chart) -> tuple[str, str]:
        if id(block) not in keys:
            return "", ""
        ids = " ".join(block.records)
        attributes = f' data-records="{escape(ids)}" title="{escape(ids)}"'
        return attributes, f'<sup class="ref">{keys[id(block)]}</sup>'

    for section in sheet.sections:
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                attributes, mark = ref(block)
                parts.append(f"<p{attributes}>{escape(keep_together(block.text))}{mark}</p>")
            elif isinstance(block, Chart):
                attributes, mark = ref(block)
                alt = chart_alt(block)
                parts.append(
                    f'<figure id="chart-{escape(block.id)}" role="img" aria-label="{escape(alt)}"'
                    f"{attributes}><figcaption>{escape(block.title)}{mark}</figcaption>"
                    f"{svg_with_title(_svg(block), alt)}</figure>"
                )
            elif isinstance(block, Editorial):
                parts.append(f'<div class="editorial">{markdown_html(block.markdown)}</div>')
            elif isinstance(block, AdviceList):
                parts.append('<ol class="advice">')
                for heading, points in block.items:
                    parts.append(f"<li>{escape(heading)}<ul>")
                    parts += [f"<li>{escape(point)}</li>" for point in points]
                    parts.append("</ul></li>")
                parts.append("</ol>")
        parts.append("</section>")
    if sheet.notes or sheet.footer or sheet.source:
        parts.append('<footer class="notes">')
        if sheet.source:
            parts.append(f'<p class="source">{escape(sheet.source)}</p>')
        parts += [f"<p>{escape(keep_together(n))}</p>" for n in sheet.notes]
        if sheet.footer:
            parts.append(f'<p class="provenance">{escape(sheet.footer)}</p>')
        parts.append("</footer>")
    listed = _key_list(sheet)
    if listed:
        prefix = _common_prefix(sheet)
        parts.append(
            f'<section class="sources"><h2>{escape(SOURCES_HEADING)}</h2><p>{escape(_sources_intro(prefix))}</p><ol>'
        )
        parts += [
            f'<li value="{n}"><span class="n">{n}.</span> {escape(", ".join(_short(i, prefix) for i in ids))}</li>'
            for n, ids in listed
        ]
        parts.append("</ol></section>")
    parts.append("</main></body></html>")
    return page_text("\n".join(parts) + "\n")  # no bidirectional control from the data: see the docstring


def _md(text: str) -> str:
    """Escape Markdown's active characters in data-derived text."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _code(text: str) -> str:
    """A Markdown code span that holds any text (a fence longer than any run of backticks inside)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def to_markdown(sheet: Factsheet, chart_dir: str | Path, *, chart_prefix: str = "") -> str:
    """Markdown text; each chart is written as a PNG into ``chart_dir`` and linked relatively.

    Figures carry footnote keys (``[^3]``) whose notes list the record ids.
    Bidirectional and control characters are removed as in :func:`to_html`.
    """
    from klyngestat.present.charts import figure_to_png

    keys = _keys(sheet)
    folder = Path(chart_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [_md(sheet.date_line), "", f"# {_md(sheet.title)}", ""]
    for section in sheet.sections:
        lines += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            mark = f"[^{keys[id(block)]}]" if id(block) in keys else ""
            if isinstance(block, Paragraph):
                lines += [_md(block.text) + mark, ""]
            elif isinstance(block, Chart):
                name = f"{chart_prefix}{block.id}.png"
                figure_to_png(draw_chart(block), folder / name)
                lines += [f"**{_md(block.title)}**{mark}", "", f"![{_md(chart_alt(block))}]({folder.name}/{name})", ""]
            elif isinstance(block, Editorial):
                lines += [block.markdown.strip(), ""]
            elif isinstance(block, AdviceList):
                for number, (heading, points) in enumerate(block.items, start=1):
                    lines.append(f"{number}. **{_md(heading)}**")
                    lines += [f"   - {_md(point)}" for point in points]
                lines.append("")
    if sheet.notes or sheet.footer or sheet.source:
        lines += ["---", ""] + [f"*{_md(n)}*  " for n in (sheet.source, *sheet.notes, sheet.footer) if n]
        lines.append("")
    for n, ids in _key_list(sheet):
        lines.append(f"[^{n}]: " + ", ".join(_code(i) for i in ids))
    return page_text("\n".join(lines).rstrip() + "\n")


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
        A page from :func:`to_html`.
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


def write_factsheet(sheet: Factsheet, path: str | Path, *, fmt: FactsheetFormat = "html") -> list[Path]:
    """Write a fact sheet as HTML, Markdown (with a chart folder beside it) or PDF; returns the files written.

    Parameters
    ----------
    sheet
        The fact sheet (:func:`klyngestat.build_factsheet`).
    path
        The file to write; its folder is made if need be.
    fmt
        ``"html"`` (default), ``"md"`` (with the charts as PNG files in a folder
        beside it) or ``"pdf"`` (needs WeasyPrint).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        return [atomic_write(target, to_html(sheet).encode("utf-8"))]
    if fmt == "md":
        chart_dir = target.with_name(target.stem + "-figurer")
        atomic_write(target, to_markdown(sheet, chart_dir).encode("utf-8"))
        return [target, *sorted(chart_dir.glob("*.png"))]
    if fmt == "pdf":
        return [write_pdf(to_html(sheet), target)]
    raise ValueError(f"format must be html, md or pdf, not {fmt!r}")
