"""The national overview as one HTML page: the response-rate table and the two charts, every value escaped.

:func:`overview_page` is public as
:func:`klyngestat.present.overview.overview_to_html`. The page is built with
:mod:`klyngestat.models._html`; the charts are drawn by
:mod:`klyngestat.present.charts.overview`, and every printed value in them
carries its record id.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from klyngestat.models._html import Markup, attributes, html, join
from klyngestat.models._text import page_text
from klyngestat.present._html_page import CSS, html_head, keep_together

if TYPE_CHECKING:
    from klyngestat.present.overview import Overview, OverviewChart, OverviewRow

__all__ = ["OVERVIEW_CSS", "overview_page"]

OVERVIEW_CSS = """
@page { size: A4; margin: 8mm 10mm 8mm 10mm;
        @top-left { content: none; } @top-right { content: none; }
        @bottom-left { content: none; } @bottom-right { content: none; } }
main.overview { max-width: none; padding: 0; }
.overview h1 { font-size: 15pt; margin: 0 0 1mm; }
.overview .lead { font-size: 8.5pt; color: #333; margin: 0 0 2.5mm; }
.overview h2 { font-size: 10pt; margin: 0 0 1.5mm; }
.overview .top { display: flex; gap: 5mm; align-items: flex-start; margin-bottom: 3mm; }
.overview .rates { flex: 0 0 68mm; break-inside: avoid; }
.overview .headline { flex: 1 1 auto; }
.overview figure { margin: 0; break-inside: avoid; }
.overview figure svg { width: 100%; max-width: 100%; height: auto; display: block; }
.overview table { border-collapse: collapse; width: 100%; font-size: 7.4pt; line-height: 1.2; }
.overview th, .overview td { padding: 0.62mm 1.2mm; text-align: left; border-bottom: 0.3pt solid #ddd; }
.overview thead th { font-weight: bold; border-bottom: 0.6pt solid #999; vertical-align: bottom; }
.overview tbody th { font-weight: normal; white-space: nowrap; }
.overview td.n, .overview th.n { text-align: right; white-space: nowrap; }
.overview tr.nation th, .overview tr.nation td { font-weight: bold; border-top: 0.6pt solid #999; border-bottom: none; }
.overview td.hidden { font-style: italic; color: #555; }
.overview .notes { margin-top: 2mm; padding-top: 1.5mm; font-size: 7pt; }
.overview .notes p { margin: 0 0 0.6mm; }
.overview .provenance { margin-top: 1mm; font-size: 6.5pt; }
@media screen { main.overview { max-width: 190mm; margin: 0 auto; padding: 8mm 0; } }
"""
"""The overview's own print style (one A4 page), after the fact sheets' :data:`CSS`."""


_SVG_GROUP = re.compile(r'<g id="((?:heat|headline)-[0-9a-z-]+)">')


def _svg_with_records(svg: str, ids: dict[str, str]) -> str:
    """Put each cell's record id on its SVG group (``data-records``), so every printed value is traceable."""

    def attach(match: re.Match[str]) -> str:
        gid = match.group(1)
        if gid in ids:
            return html('<g id="{}" data-records="{}">', gid, ids[gid])
        return match.group(0)

    return _SVG_GROUP.sub(attach, svg)


def _chart_svg(chart: OverviewChart) -> str:
    """The chart's SVG (headline dots or heat map), each heat-map cell carrying its record's id."""
    try:  # written directly as SVG (font metrics from fontTools): no matplotlib figure to draw
        from klyngestat.present.charts.overview import headline_chart, heatmap_chart
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            f"the overview's charts need fontTools ({exc}), a dependency of klyngestat: pip install klyngestat"
        ) from exc

    ids: dict[str, str] = {}
    if chart.kind == "headline":
        names = [name for name, _ in chart.rows]
        panels = [
            (title, [(name, line[j]) for name, line in zip(names, chart.cells, strict=True)], chart.national[j])
            for j, title in enumerate(chart.columns)
        ]
        svg = headline_chart(panels)
    else:
        svg = heatmap_chart(chart.rows, chart.columns, chart.cells, gid="heat")
        ids = {
            f"heat-{i}-{j}": record.id
            for i, line in enumerate(chart.cells)
            for j, record in enumerate(line)
            if record is not None
        }
    return _svg_with_records(svg, ids)


def _figure(chart: OverviewChart) -> Markup:
    """A chart as a figure: its title, its inline SVG, its text alternative and the ids of its records."""
    return html(
        '<figure id="chart-{}" class="{}" role="img" aria-label="{}" data-records="{}"><h2>{}</h2>{}</figure>',
        chart.id,
        chart.kind,
        chart.alt,
        " ".join(chart.records),
        chart.title,
        Markup(_chart_svg(chart)),  # drawn by the library, its texts escaped as SVG
    )


def _rate_row(row: OverviewRow) -> Markup:
    """A specialty's (or the nation's) row of the response-rate table, with its record id."""
    hidden = "" if row.response.shown else " hidden"
    return html(
        '<tr{}><th scope="row">{}</th><td class="n{hidden}">{}</td><td class="n{hidden}">{}</td></tr>',
        attributes(class_="nation" if row.response.level == "nation" else None, data_records=row.response.id),
        row.specialty,
        keep_together(row.respondents),
        keep_together(row.rate),
        hidden=hidden,
    )


def overview_page(overview: Overview) -> str:
    """The page of an :class:`~klyngestat.present.overview.Overview` (inline SVG, print CSS for one A4 page)."""
    headline = [c for c in overview.charts if c.kind == "headline"]
    parts = [
        *html_head(overview.title, CSS + OVERVIEW_CSS),
        Markup('<body><main class="overview">'),
        html("<h1>{}</h1>", overview.title),
        html('<p class="lead">{}</p>', overview.lead),
        Markup('<div class="top">'),
        Markup('<section class="rates"><h2>Svarprocent pr. speciale</h2><table>'),
        Markup(
            '<thead><tr><th scope="col">Speciale</th><th scope="col" class="n">Besvarelser</th>'
            '<th scope="col" class="n">Svarprocent</th></tr></thead><tbody>'
        ),
        *(_rate_row(row) for row in overview.rows),
        Markup("</tbody></table></section>"),
        *(_figure(c) for c in headline),
        Markup("</div>"),
        *(_figure(c) for c in overview.charts if c.kind != "headline"),
        html('<footer class="notes">{}', join(html("<p>{}</p>", keep_together(n)) for n in overview.notes)),
        html('<p class="provenance">{}</p></footer>', overview.footer),
        Markup("</main></body></html>"),
    ]
    return page_text(join(parts, "\n") + "\n")  # no bidirectional control from the data (as render.to_html)
