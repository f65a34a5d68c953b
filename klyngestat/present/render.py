"""Render a Factsheet as self-contained HTML, Markdown with chart files, or PDF."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from klyngestat.present.document import AdviceList, Chart, Factsheet, Paragraph

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FactsheetFormat", "draw_chart", "to_html", "to_markdown", "write_factsheet", "write_pdf"]

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
"""


def draw_chart(chart: Chart) -> Figure:
    """Draw a chart block as a matplotlib Figure (imports matplotlib; no pyplot state is kept)."""
    try:
        from klyngestat.present import charts
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(f"charts need matplotlib ({exc}): pip install 'klyngestat[plot]'") from exc

    if chart.kind == "likert":
        return charts.likert_chart(chart.rows, min_n=chart.min_n, hidden=chart.hidden)  # type: ignore[arg-type]
    if chart.kind == "share":
        rows = chart.rows
        return charts.share_chart(rows, national=chart.national, min_n=chart.min_n, hidden=chart.hidden)  # type: ignore[arg-type]
    if chart.kind == "expectation":
        return charts.expectation_chart(chart.rows)  # type: ignore[arg-type]
    return charts.ranking_chart(chart.rows)  # type: ignore[arg-type]


def _svg(chart: Chart) -> str:
    from klyngestat.present.charts import figure_to_svg

    return figure_to_svg(draw_chart(chart))


def to_html(sheet: Factsheet) -> str:
    """One self-contained HTML page (charts as inline SVG, print CSS for A4); every text is escaped.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> from klyngestat.present.factsheet import build_factsheet
    >>> page = to_html(build_factsheet(demo_survey(), "Plastikkirurgi"))
    >>> page.count("<svg") >= 5, "svarprocent på 70 pct." in page
    (True, True)
    """
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
    for section in sheet.sections:
        parts.append(f"<section><h2>{escape(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(f"<p>{escape(block.text)}</p>")
            elif isinstance(block, Chart):
                parts.append(
                    f'<figure id="chart-{escape(block.id)}" role="img" aria-label="{escape(block.alt)}">'
                    f"<figcaption>{escape(block.title)}</figcaption>{_svg(block)}</figure>"
                )
            elif isinstance(block, AdviceList):
                parts.append('<ol class="advice">')
                for heading, points in block.items:
                    parts.append(f"<li>{escape(heading)}<ul>")
                    parts += [f"<li>{escape(point)}</li>" for point in points]
                    parts.append("</ul></li>")
                parts.append("</ol>")
        parts.append("</section>")
    if sheet.notes:
        parts.append('<footer class="notes">' + "".join(f"<p>{escape(n)}</p>" for n in sheet.notes) + "</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _md(text: str) -> str:
    """Escape Markdown's active characters in data-derived text."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(sheet: Factsheet, chart_dir: str | Path, *, chart_prefix: str = "") -> str:
    """Markdown text; each chart is written as a PNG into ``chart_dir`` and linked relatively."""
    from klyngestat.present.charts import figure_to_png

    folder = Path(chart_dir)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [_md(sheet.date_line), "", f"# {_md(sheet.title)}", ""]
    for section in sheet.sections:
        lines += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                lines += [_md(block.text), ""]
            elif isinstance(block, Chart):
                name = f"{chart_prefix}{block.id}.png"
                figure_to_png(draw_chart(block), folder / name)
                lines += [f"**{_md(block.title)}**", "", f"![{_md(block.alt)}]({folder.name}/{name})", ""]
            elif isinstance(block, AdviceList):
                for number, (heading, points) in enumerate(block.items, start=1):
                    lines.append(f"{number}. **{_md(heading)}**")
                    lines += [f"   - {_md(point)}" for point in points]
                lines.append("")
    if sheet.notes:
        lines += ["---", ""] + [f"*{_md(n)}*  " for n in sheet.notes]
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
