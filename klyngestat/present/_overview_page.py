"""The national overview as one HTML page: the response-rate table and the two charts, every value escaped.

:func:`overview_page` is public as
:func:`klyngestat.present.overview.overview_to_html`. The page is built with
:mod:`klyngestat.models._html`; the charts are drawn by
:mod:`klyngestat.present.charts.overview`, and every printed value in them
carries its record id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from klyngestat.models._html import Markup, attributes, html, join
from klyngestat.models._text import page_text
from klyngestat.present._html_page import CSS, html_head, keep_together
from klyngestat.present._overview_text import question_labels
from klyngestat.present._trend_sentences import hidden_change_sentence, is_not_comparable, not_comparable_sentence
from klyngestat.present._trend_text import (
    trend_waves,
)
from klyngestat.present.formatting import format_number
from klyngestat.release import Record, Release

if TYPE_CHECKING:
    from klyngestat.present.overview import Overview, OverviewChart, OverviewRow
    from klyngestat.release.trend import Trend

__all__ = ["OVERVIEW_CSS", "TrendCell", "TrendTable", "change_text", "overview_page", "trend_table"]

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

_TREND_CSS = """
.overview .trend { margin-top: 3mm; break-inside: avoid; }
.overview .trend table { width: auto; }
.overview td.supported { font-weight: bold; }
.overview .mark { display: inline-block; width: 1.2em; text-align: right; }
.overview .trend p { font-size: 7pt; color: #444; margin: 0.8mm 0 0; }
"""
"""The style of the table of changes, added where the page has one (a page without it stays as it was)."""


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


_MARKS = {"steget": "↑", "faldet": "↓"}


def change_text(change: Record, *, decimals: int = 1) -> str:
    """A shown change in percentage points with its sign, in Danish notation ("+15,0", "-7,1", "0,0").

    Parameters
    ----------
    change
        A shown change record.
    decimals
        Digits after the decimal comma (kept when zero, so a column of changes lines up).

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> mk = lambda num, den: Record("x", "change", "q", "change:top_box", "", "nation", None, None, "shown", "",
    ...                              detail={"fraction": [num, den]})
    >>> change_text(mk(4385, 29200)), change_text(mk(-1, 8)), change_text(mk(-1, 100000))
    ('+15,0', '-12,5', '0,0')
    """
    if change.fraction is None:
        raise ValueError(f"{change.id}: no change to show")
    text = format_number(change.fraction * 100, decimals=decimals)
    return "+" + text if change.fraction > 0 and text.strip("0,") else text


@dataclass(frozen=True)
class TrendCell:
    """A cell of the overview's table of changes: the change with its mark, or blank with a footnote."""

    text: str
    """The change ("+15,0", "-2,1"), or "" (blank); a change that is "steget" or "faldet" is marked ↑ or ↓."""
    record: str
    """The change record's id ("" where the trend has none)."""
    wording: str = ""
    note: int = 0
    """The footnote that says why a blank cell is blank (numbered from 1)."""


@dataclass(frozen=True)
class TrendTable:
    """The overview's view of the trend: specialties (then the nation) by headline question, from change records."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[TrendCell, ...]], ...]
    footnotes: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def records(self) -> tuple[str, ...]:
        """Ids of the change records in the table, row by row."""
        return tuple(dict.fromkeys(c.record for _, cells in self.rows for c in cells if c.record))


def trend_table(
    release: Release, trend: Trend, specialties: Sequence[str], questions: Sequence[str], *, national_label: str
) -> TrendTable:
    """The change of each specialty (and the nation) in each question, in percentage points, from change records.

    Parameters
    ----------
    release
        The later wave's release (the page's).
    trend
        The change records into its wave.
    specialties
        The rows, in the page's order (the nation follows, as ``national_label``).
    questions
        The columns (question ids).
    national_label
        The nation's row label.
    """
    before, year = trend_waves(trend, release)
    footnotes: list[str] = []

    def blank(record: str, why: str) -> TrendCell:
        footnotes.extend([why] if why not in footnotes else [])
        return TrendCell("", record, note=footnotes.index(why) + 1)

    rows = []
    for name, specialty in [*((s, s) for s in specialties), (national_label, None)]:
        cells = []
        for q in questions:
            top = release.questions[q].get("top_box")
            change = trend.find(f"change:{top}", question=q, specialty=specialty, to_year=year)
            nation = trend.find(f"change:{top}", question=q, to_year=year)
            if change is None and nation is not None and is_not_comparable(nation):
                cells.append(blank(nation.id, not_comparable_sentence(nation, str(release.questions[q].get("text")))))
            elif change is None:
                cells.append(blank("", f"Intet tal fra {before} at sammenligne med."))
            elif not change.shown:
                cells.append(blank(change.id, hidden_change_sentence(change, "Ændringen", nation=specialty is None)))
            else:
                wording = str(change.detail["wording"])
                cells.append(TrendCell(change_text(change), change.id, wording))
        rows.append((name, tuple(cells)))
    alpha = format_number(release.options.thresholds.alpha, decimals=2)
    legend = (
        f"Ændring i procentpoint fra {before} til {year}, beregnet af de uafrundede andele. ↑ og ↓: steget eller "
        f"faldet (Fishers eksakte test, tosidet, p under {alpha}); de øvrige ændringer er på niveau med {before} "
        "og kan skyldes tilfældigheder."
    )
    columns = tuple(question_labels(release, q)[0] for q in questions)
    return TrendTable(f"Udvikling siden {before}", columns, tuple(rows), tuple(footnotes), (legend,))


def _trend_cell(cell: TrendCell) -> Markup:
    """A change (bold where it is "steget" or "faldet", its wording as the title), or blank with its footnote."""
    if not cell.text:
        return html(
            '<td class="n hidden"{}><sup>{}</sup></td>', attributes(data_records=cell.record or None), cell.note
        )
    supported = " supported" if cell.wording in _MARKS else ""
    refs = attributes(data_records=cell.record, title=cell.wording)
    mark = _MARKS.get(cell.wording, "")
    return html('<td class="n{}"{}>{}<span class="mark">{}</span></td>', supported, refs, cell.text, mark)


def _trend_html(table: TrendTable) -> list[Markup]:
    """The table of changes: one row per specialty, the nation last; blank cells carry their footnote's number."""
    head = join(html('<th scope="col" class="n">{}</th>', column) for column in table.columns)
    parts = [
        html('<section class="trend"><h2>{}</h2><table>', table.title),
        html('<thead><tr><th scope="col">Speciale</th>{}</tr></thead><tbody>', head),
    ]
    for k, (name, cells) in enumerate(table.rows):
        tds = [_trend_cell(c) for c in cells]
        nation = attributes(class_="nation" if k == len(table.rows) - 1 else None)
        parts.append(html('<tr{}><th scope="row">{}</th>{}</tr>', nation, name, join(tds)))
    parts.append(Markup("</tbody></table>"))
    parts += [html("<p>{}</p>", keep_together(note)) for note in table.notes]
    parts += [html("<p><sup>{}</sup> {}</p>", n, keep_together(text)) for n, text in enumerate(table.footnotes, 1)]
    parts.append(Markup("</section>"))
    return parts


def overview_page(overview: Overview) -> str:
    """The page of an :class:`~klyngestat.present.overview.Overview` (inline SVG, print CSS for one A4 page)."""
    headline = [c for c in overview.charts if c.kind == "headline"]
    parts = [
        *html_head(overview.title, CSS + OVERVIEW_CSS + (_TREND_CSS if overview.trend is not None else "")),
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
        *(_trend_html(overview.trend) if overview.trend is not None else []),
        html('<footer class="notes">{}', join(html("<p>{}</p>", keep_together(n)) for n in overview.notes)),
        html('<p class="provenance">{}</p></footer>', overview.footer),
        Markup("</main></body></html>"),
    ]
    return page_text(join(parts, "\n") + "\n")  # no bidirectional control from the data (as render.to_html)
