"""Render a Factsheet as self-contained HTML, Markdown with chart files, or PDF.

The pieces every page shares (style sheet, head, editorial Markdown) are in
:mod:`klyngestat.present._html_page`, the footnotes in
:mod:`klyngestat.present._footnotes` and the PDF engine in
:mod:`klyngestat.present._pdf`; their public names are exported here. Every
HTML page is built with :mod:`klyngestat.models._html`, which escapes every
value that is not markup the library wrote.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from klyngestat.models._files import atomic_write
from klyngestat.models._html import Markup, attributes, html, join
from klyngestat.models._text import page_text
from klyngestat.present._footnotes import (
    SOURCES_HEADING,
    common_prefix,
    footnote_keys,
    footnote_numbers,
    short_id,
    sources_intro,
)
from klyngestat.present._html_page import CSS, html_head, keep_together, markdown_html
from klyngestat.present._pdf import PDF_NEEDS, PDF_VARIANT, pdf_bytes, write_pdf
from klyngestat.present.alt import chart_alt, svg_with_title
from klyngestat.present.document import AdviceList, Block, Chart, Editorial, Factsheet, Paragraph

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CSS",
    "PDF_NEEDS",
    "PDF_VARIANT",
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


def draw_chart(chart: Chart) -> Figure:
    """Draw a chart block as a matplotlib Figure (imports matplotlib; no pyplot state is kept).

    Parameters
    ----------
    chart
        A chart block of a fact sheet (:attr:`Factsheet.charts`).

    Returns
    -------
    matplotlib.figure.Figure
        The chart its kind names: :func:`~klyngestat.present.charts.likert_chart`,
        :func:`~klyngestat.present.charts.share_chart` (with the national line),
        :func:`~klyngestat.present.charts.expectation_chart`,
        :func:`~klyngestat.present.charts.ranking_chart` or (``trend``) the trend chart.
    """
    try:
        from klyngestat.present import charts
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            f"charts need matplotlib and fontTools ({exc}), klyngestat's dependencies: pip install klyngestat"
        ) from exc

    rows = _page_texts(chart.rows)  # as on a page: a font has no glyph for a bidi control, an image shows a box
    if chart.kind == "trend":
        from klyngestat.present.charts._trend_png import trend_figure

        return trend_figure(rows)
    if chart.kind == "likert":
        return charts.likert_chart(rows)
    if chart.kind == "share":
        national = None if chart.national is None else chart.national.fraction
        return charts.share_chart(rows, national=national)
    if chart.kind == "expectation":
        return charts.expectation_chart(rows)
    return charts.ranking_chart(rows)


def _page_texts(value: Any) -> Any:
    """``value`` with every text in it (dataclasses, tuples, lists, however deep) as :func:`page_text` leaves it."""
    if isinstance(value, str):
        return page_text(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _page_texts(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        items = [_page_texts(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_page_texts(v) for v in value]
    return value


def _svg(chart: Chart) -> str:
    from klyngestat.present.charts.svg import chart_svg  # written directly: no matplotlib figure to draw

    svg = chart_svg(chart)
    return _ID_REFERENCE.sub(lambda m: f"{m.group(1)}{chart.id}-{m.group(2)}", svg)  # ids unique within a page


_ID_REFERENCE = re.compile(r"""( id="|href="#|url\(#)([^"')]+)""")


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

    Parameters
    ----------
    sheet
        The fact sheet (:func:`klyngestat.build_factsheet`).

    Returns
    -------
    str
        The page, ending with a line feed.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.factsheet import build_factsheet
    >>> page = to_html(build_factsheet(build_release(demo_survey()), "Plastikkirurgi"))
    >>> page.count("<svg") >= 5, "svarprocent på 70\xa0pct." in page, 'data-records="2025/Plastikkirurgi/' in page
    (True, True, True)
    """
    footnotes = footnote_numbers(sheet)
    parts = [
        *html_head(sheet.title, CSS),
        Markup("<body><main>"),
        html('<div class="page-footer">{}</div>', _print_footer(sheet)),
        html(
            '<header class="masthead"><span class="unit">{}</span><span class="date">{}</span></header>',
            sheet.header,
            sheet.date_line,
        ),
        html("<h1>{}</h1>", sheet.title),
    ]
    for section in sheet.sections:
        parts.append(html("<section><h2>{}</h2>", section.heading))
        parts += [_block_html(block, footnotes.get(id(block))) for block in section.blocks]
        parts.append(Markup("</section>"))
    parts += _notes_html(sheet)
    parts += _sources_html(sheet)
    parts.append(Markup("</main></body></html>"))
    return page_text(join(parts, "\n") + "\n")  # no bidirectional control from the data: see the docstring


def _print_footer(sheet: Factsheet) -> str:
    """The running footer of every printed page: source, n, data hash and version."""
    return " · ".join(x for x in (sheet.source, sheet.respondents, sheet.stamp) if x)


def _block_html(block: Block, footnote: int | None) -> Markup:
    """One block of a section; a paragraph or chart with figures carries its record ids and footnote number."""
    if isinstance(block, Paragraph | Chart):
        ids = " ".join(block.records) if footnote is not None else None
        refs = attributes(data_records=ids, title=ids)
        mark = html('<sup class="ref">{}</sup>', footnote) if footnote is not None else ""
        if isinstance(block, Paragraph):
            return html("<p{}>{}{}</p>", refs, keep_together(block.text), mark)
        alt = chart_alt(block)
        return html(
            '<figure id="chart-{}" role="img" aria-label="{}"{}><figcaption>{}{}</figcaption>{}</figure>',
            block.id,
            alt,
            refs,
            block.title,
            mark,
            Markup(svg_with_title(_svg(block), alt)),  # drawn by the library, its texts escaped as SVG
        )
    if isinstance(block, Editorial):
        return html('<div class="editorial">{}</div>', Markup(markdown_html(block.markdown)))
    items = [
        join([html("<li>{}<ul>", heading), *(html("<li>{}</li>", p) for p in points), Markup("</ul></li>")], "\n")
        for heading, points in block.items
    ]
    return join([Markup('<ol class="advice">'), *items, Markup("</ol>")], "\n")


def _notes_html(sheet: Factsheet) -> list[Markup]:
    """The notes under the sections: source line, notes and the provenance footer (none when all are empty)."""
    if not (sheet.notes or sheet.footer or sheet.source):
        return []
    lines = [Markup('<footer class="notes">')]
    if sheet.source:
        lines.append(html('<p class="source">{}</p>', sheet.source))
    lines += [html("<p>{}</p>", keep_together(note)) for note in sheet.notes]
    if sheet.footer:
        lines.append(html('<p class="provenance">{}</p>', sheet.footer))
    lines.append(Markup("</footer>"))
    return lines


def _sources_html(sheet: Factsheet) -> list[Markup]:
    """The numbered footnotes with their record ids (shortened by the sheet's common prefix)."""
    listed = footnote_keys(sheet)
    if not listed:
        return []
    prefix = common_prefix(sheet)
    changes = {i.split("/", 1)[0] for _, ids in listed for i in ids if "-" in i.split("/", 1)[0]}
    intro = sources_intro(prefix, trend=min(changes) if changes else None)
    return [
        html('<section class="sources"><h2>{}</h2><p>{}</p><ol>', SOURCES_HEADING, intro),
        *(
            html('<li value="{0}"><span class="n">{0}.</span> {1}</li>', n, ", ".join(short_id(i, prefix) for i in ids))
            for n, ids in listed
        ),
        Markup("</ol></section>"),
    ]


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

    Parameters
    ----------
    sheet
        The fact sheet (:func:`klyngestat.build_factsheet`).
    chart_dir
        The folder the charts' PNG files are written into (made if need be);
        the text links them as ``<folder name>/<file>``.
    chart_prefix
        Put before each chart file's name (``<prefix><chart id>.png``).

    Returns
    -------
    str
        The Markdown text, ending with a line feed.
    """
    from klyngestat.present.charts import figure_to_png

    keys = footnote_numbers(sheet)
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
    for n, ids in footnote_keys(sheet):
        lines.append(f"[^{n}]: " + ", ".join(_code(i) for i in ids))
    return page_text("\n".join(lines).rstrip() + "\n")


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
