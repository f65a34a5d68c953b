"""Render a Factsheet as self-contained HTML, Markdown with chart files, or PDF."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from klyngestat.present.document import AdviceList, Chart, Factsheet, Paragraph

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FactsheetFormat", "draw_chart", "keep_together", "to_html", "to_markdown", "write_factsheet", "write_pdf"]

FactsheetFormat = Literal["html", "md", "pdf"]

CSS = """
@page { size: A4; margin: 16mm 17mm 18mm 17mm; }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; line-height: 1.45;
       color: #1d1d1d; margin: 0; }
main { max-width: 176mm; margin: 0 auto; padding: 8mm 0; }
.date { color: #555; margin: 0 0 2mm; }
h1 { font-size: 17pt; line-height: 1.25; margin: 0 0 5mm; color: #12355b; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; color: #12355b; break-after: avoid; }
p { margin: 0 0 2.5mm; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 1.5mm; }
figure svg { width: 100%; height: auto; display: block; }
ol.advice > li { margin-bottom: 2mm; font-weight: bold; }
ol.advice ul { font-weight: normal; margin: 1mm 0 0; padding-left: 5mm; }
.notes { margin-top: 8mm; border-top: 0.4pt solid #999; padding-top: 2mm; font-size: 8pt; color: #444; }
.notes p { margin: 0 0 1mm; }
sup.ref { font-size: 6.5pt; color: #777; margin-left: 0.3mm; }
.provenance { font-size: 7pt; color: #555; margin-top: 2mm; }
.sources { font-size: 6.5pt; color: #333; margin-top: 4mm; break-before: auto; }
.sources h2 { font-size: 8pt; color: #333; margin: 0 0 1mm; }
.sources ol { margin: 0; padding-left: 5mm; }
.sources li { margin: 0 0 0.6mm; overflow-wrap: anywhere; }
"""

SOURCES_HEADING = "Nøgler til tallene"


def draw_chart(chart: Chart) -> Figure:
    """Draw a chart block as a matplotlib Figure (imports matplotlib; no pyplot state is kept)."""
    try:
        from klyngestat.present import charts
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(f"charts need matplotlib ({exc}): pip install 'klyngestat[plot]'") from exc

    if chart.kind == "likert":
        return charts.likert_chart(chart.rows)  # type: ignore[arg-type]
    if chart.kind == "share":
        national = None if chart.national is None else chart.national.fraction
        return charts.share_chart(chart.rows, national=national)  # type: ignore[arg-type]
    if chart.kind == "expectation":
        return charts.expectation_chart(chart.rows)  # type: ignore[arg-type]
    return charts.ranking_chart(chart.rows)  # type: ignore[arg-type]


def _svg(chart: Chart) -> str:
    from klyngestat.present.charts import figure_to_svg

    return figure_to_svg(draw_chart(chart))


_TOGETHER = re.compile(r"(\d) (pct\.|procentpoint|svar\b|medlemmer|klynger\b)")


def keep_together(text: str) -> str:
    """No-break spaces between a number and its unit, so "67,3 pct." never breaks across lines.

    Examples
    --------
    >>> keep_together("på 67,3 pct. og 14 svar")
    'på 67,3\xa0pct. og 14\xa0svar'
    """
    return _TOGETHER.sub("\\1\u00a0\\2", text)


def _keys(sheet: Factsheet) -> dict[int, int]:
    """Footnote number of every block that shows released figures (by ``id()`` of the block), in reading order."""
    keys: dict[int, int] = {}
    for section in sheet.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph | Chart) and block.records:
                keys[id(block)] = len(keys) + 1
    return keys


def _key_list(sheet: Factsheet) -> list[tuple[int, tuple[str, ...]]]:
    keys = _keys(sheet)
    return [
        (keys[id(b)], b.records)
        for section in sheet.sections
        for b in section.blocks
        if isinstance(b, Paragraph | Chart) and id(b) in keys
    ]


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


def to_html(sheet: Factsheet) -> str:
    """One self-contained HTML page (charts as inline SVG, print CSS for A4); every text is escaped.

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
        "<!DOCTYPE html>",
        '<html lang="da">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(sheet.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body><main>",
        f'<p class="date">{escape(sheet.date_line)}</p>',
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
                parts.append(
                    f'<figure id="chart-{escape(block.id)}" role="img" aria-label="{escape(block.alt)}"{attributes}>'
                    f"<figcaption>{escape(block.title)}{mark}</figcaption>{_svg(block)}</figure>"
                )
            elif isinstance(block, AdviceList):
                parts.append('<ol class="advice">')
                for heading, points in block.items:
                    parts.append(f"<li>{escape(heading)}<ul>")
                    parts += [f"<li>{escape(point)}</li>" for point in points]
                    parts.append("</ul></li>")
                parts.append("</ol>")
        parts.append("</section>")
    if sheet.notes or sheet.footer:
        parts.append('<footer class="notes">' + "".join(f"<p>{escape(keep_together(n))}</p>" for n in sheet.notes))
        if sheet.footer:
            parts.append(f'<p class="provenance">{escape(sheet.footer)}</p>')
        parts.append("</footer>")
    listed = _key_list(sheet)
    if listed:
        prefix = _common_prefix(sheet)
        parts.append(
            f'<section class="sources"><h2>{escape(SOURCES_HEADING)}</h2><p>{escape(_sources_intro(prefix))}</p><ol>'
        )
        parts += [f'<li value="{n}">{escape(", ".join(_short(i, prefix) for i in ids))}</li>' for n, ids in listed]
        parts.append("</ol></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


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
                lines += [f"**{_md(block.title)}**{mark}", "", f"![{_md(block.alt)}]({folder.name}/{name})", ""]
            elif isinstance(block, AdviceList):
                for number, (heading, points) in enumerate(block.items, start=1):
                    lines.append(f"{number}. **{_md(heading)}**")
                    lines += [f"   - {_md(point)}" for point in points]
                lines.append("")
    if sheet.notes or sheet.footer:
        lines += ["---", ""] + [f"*{_md(n)}*  " for n in (*sheet.notes, sheet.footer) if n]
        lines.append("")
    for n, ids in _key_list(sheet):
        lines.append(f"[^{n}]: " + ", ".join(_code(i) for i in ids))
    return "\n".join(lines).rstrip() + "\n"


def write_pdf(html: str, path: str | Path) -> Path:
    """Render HTML to PDF with WeasyPrint (the ``pdf`` extra)."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("PDF output needs WeasyPrint: pip install 'klyngestat[pdf]'") from exc
    target = Path(path)
    HTML(string=html).write_pdf(target)
    return target


def write_factsheet(sheet: Factsheet, path: str | Path, fmt: FactsheetFormat = "html") -> list[Path]:
    """Write a fact sheet as HTML, Markdown (with a chart folder beside it) or PDF; returns the files written."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        target.write_text(to_html(sheet), encoding="utf-8")
        return [target]
    if fmt == "md":
        chart_dir = target.with_name(target.stem + "-figurer")
        target.write_text(to_markdown(sheet, chart_dir), encoding="utf-8")
        return [target, *sorted(chart_dir.glob("*.png"))]
    if fmt == "pdf":
        return [write_pdf(to_html(sheet), target)]
    raise ValueError(f"format must be html, md or pdf, not {fmt!r}")
