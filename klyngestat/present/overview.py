"""The national overview ("landsoverblik"): every specialty side by side on one A4 page, from the Release.

One page for the whole wave: a table of response rates per specialty, the
headline questions as dots with their released intervals and the national
line, and a heat map of top-box shares by question and specialty. Every
figure is a record of the Release, shown or hidden as the Release says; the
page computes no figure of its own (no differences, no averages).

Specialties stand in a fixed order in every part of the page: Danish
alphabetical order by name (``order="name"``, the default), or the Release's
own order (``order="release"``). Questions stand in questionnaire order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape
from typing import Literal, cast

from klyngestat.models._text import page_text
from klyngestat.present.factsheet import provenance_line
from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.present.render import CSS, html_head, keep_together
from klyngestat.release import Record, Release

__all__ = [
    "HEADLINE_QUESTIONS",
    "Overview",
    "OverviewChart",
    "OverviewRow",
    "SpecialtyOrder",
    "build_overview",
    "overview_html",
    "overview_to_html",
]

SpecialtyOrder = Literal["name", "release"]

HEADLINE_QUESTIONS = ("understoetter_kvalitet", "forbedringer")
"""The questions drawn as dots per specialty (those of them that the Release holds)."""

HIDDEN_NOTE = "Vises ikke af hensyn til fortroligheden"
NATIONAL_LABEL = "Hele landet"

_SHORT_LABELS = {
    "moededeltagelse": "Har deltaget i alle eller de fleste møder",
    "understoetter_kvalitet": "Kan i høj eller meget høj grad understøtte kvalitetsarbejdet",
    "data_anvendt": "Har anvendt data i klyngearbejdet",
    "data_oenske": "Ønsker mere data i klyngearbejdet",
    "forbedringer": "Har indført forbedringer i klinikken",
}
"""Short labels of the bundled questionnaire's single questions (their wording is a whole sentence); each
says what its top box is. Other questions are labelled with their wording and the top box in brackets."""

_NATIONAL_METHOD_TEXT = {
    "pooled": "beregnet samlet over alle besvarelser i alle specialer",
    "mean_of_specialties": "det uvægtede gennemsnit af specialernes andele",
    "reference": "det offentliggjorte landstal",
}
_INTERVAL_METHOD = {
    "wilson": "Wilson",
    "clopper_pearson": "Clopper–Pearson",
    "hypergeometric": "eksakt hypergeometrisk",
}
_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})

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


@dataclass(frozen=True)
class OverviewRow:
    """One specialty (or the whole country) in the table: its response-rate record."""

    specialty: str
    response: Record

    @property
    def respondents(self) -> str:
        """ "74 af 110", or "vises ikke" when the Release hides the figure."""
        r = self.response
        if not r.shown or r.count is None or r.base is None:
            return "vises ikke"
        return f"{format_number(r.count)} af {format_number(r.base)}"

    @property
    def rate(self) -> str:
        """ "67,3 pct." (one decimal, dropped when zero), or "vises ikke"."""
        fraction = self.response.fraction
        return format_rate(fraction) if self.response.shown and fraction is not None else "vises ikke"


@dataclass(frozen=True)
class OverviewChart:
    """A chart of the page: what it draws (records only) and its text alternative.

    ``kind`` is ``"headline"`` (``rows`` are specialties, ``columns`` the
    questions, ``cells[i][j]`` the record of specialty ``i`` and question
    ``j``, ``national`` one record per question) or ``"heatmap"`` (``rows``
    are questions, ``columns`` the specialties and then the nation).
    """

    id: str
    kind: Literal["headline", "heatmap"]
    title: str
    rows: tuple[tuple[str, str | None], ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Record | None, ...], ...]
    national: tuple[Record | None, ...] = ()
    alt: str = ""

    @property
    def records(self) -> tuple[str, ...]:
        """Ids of every record the chart draws (hidden ones included: their place is drawn)."""
        ids = [r.id for line in self.cells for r in line if r is not None]
        ids += [r.id for r in self.national if r is not None]
        return tuple(dict.fromkeys(ids))

    @property
    def has_hidden(self) -> bool:
        """Whether any drawn figure is hidden by the Release (or absent from it)."""
        return any(r is None or not r.shown for line in self.cells for r in line) or any(
            r is not None and not r.shown for r in self.national
        )


@dataclass(frozen=True)
class Overview:
    """The national overview as data, before rendering: every figure a record of one Release."""

    title: str
    lead: str
    wave: str
    rows: tuple[OverviewRow, ...]
    """Specialties in the page's order, then the whole country."""
    charts: tuple[OverviewChart, ...]
    notes: tuple[str, ...]
    footer: str

    @property
    def records(self) -> tuple[str, ...]:
        """Ids of every record on the page, in reading order."""
        ids = [row.response.id for row in self.rows] + [i for chart in self.charts for i in chart.records]
        return tuple(dict.fromkeys(ids))


def _danish_key(name: str) -> tuple[str, str]:
    """Sort key in Danish alphabetical order (æ, ø, å after z)."""
    return (name.casefold().translate(_DANISH_ORDER), name)


def _specialties(release: Release, order: SpecialtyOrder) -> tuple[str, ...]:
    if order == "release":
        return release.specialties
    if order == "name":
        return tuple(sorted(release.specialties, key=_danish_key))
    raise ValueError(f"order must be 'name' or 'release', not {order!r}")


def _top_box_questions(release: Release) -> tuple[str, ...]:
    """Questions (in questionnaire order) that have a specialty-level top-box record."""
    with_top = {
        r.question
        for r in release.records
        if r.kind == "group"
        and r.level == "specialty"
        and r.measure == release.questions.get(r.question or "", {}).get("top_box")
    }
    return tuple(q for q in release.questions if q in with_top)


def _labels(release: Release, question: str) -> tuple[str, str | None, str]:
    """(row label, battery group label or None, top-box label) of a question."""
    meta = release.questions[question]
    groups = cast(dict[str, dict[str, object]], meta.get("groups") or {})
    top = str(groups.get(str(meta.get("top_box")), {}).get("label", ""))
    text = str(meta.get("text") or question)
    if meta.get("battery") and meta.get("item"):
        prefix = text.split(" – ", 1)[0] if " – " in text else str(meta.get("battery_title") or meta["battery"])
        return str(meta["item"]), f"{prefix}:\n{top}" if top else prefix, top
    label = _SHORT_LABELS.get(question) or (f"{text} ({top})" if top else text)
    return label, None, top


def _alt_label(release: Release, question: str, label: str) -> str:
    """A row's label for the text alternative: a battery item with its battery ("Prioritet – Brug af data")."""
    meta = release.questions[question]
    return str(meta.get("text") or label) if meta.get("battery") else label


def _top(release: Release, question: str, specialty: str | None) -> Record | None:
    top = release.questions[question].get("top_box")
    return None if top is None else release.find("group", str(top), question=question, specialty=specialty)


def _national(release: Release, question: str) -> Record | None:
    top = release.questions[question].get("top_box")
    return None if top is None else release.find("national", f"national:{top}", question=question)


def _shown_fraction(record: Record | None) -> Fraction | None:
    """The exact figure of a shown record with answers (a reference figure may lack its n), else None."""
    if record is None or not record.shown or record.base == 0:
        return None
    return record.fraction


def _value_text(record: Record | None) -> str:
    fraction = _shown_fraction(record)
    if fraction is None:
        return "ingen svar" if record is not None and record.shown and record.base == 0 else "vises ikke"
    return format_rate(fraction) if record is not None and record.level == "nation" else format_share(fraction)


def _interval_text(record: Record | None) -> str:
    if _shown_fraction(record) is None or record is None or record.low is None or record.high is None:
        return ""
    return f" ({format_number(record.low * 100)}–{format_share(record.high)})"


def _headline_alt(
    chart_rows: Sequence[str],
    questions: Sequence[str],
    cells: Sequence[Sequence[Record | None]],
    national: Sequence[Record | None],
    confidence: str,
) -> str:
    parts = [f"Prikdiagram: andel pr. speciale med {confidence} konfidensinterval og landsgennemsnittet."]
    for j, label in enumerate(questions):
        values = "; ".join(
            f"{name} {_value_text(line[j])}{_interval_text(line[j])}"
            for name, line in zip(chart_rows, cells, strict=True)
        )
        parts.append(f"{label}: landsgennemsnit {_value_text(national[j])}; {values}".removesuffix(".") + ".")
    return " ".join(keep_together(p) for p in parts)


def _heatmap_alt(rows: Sequence[str], specialties: Sequence[str], cells: Sequence[Sequence[Record | None]]) -> str:
    """Per question: the national figure, the lowest and highest shown specialty (records, not new figures)."""
    parts = [
        f"Varmekort: andel i den øverste svarkategori for {len(rows)} spørgsmål (rækker) "
        f"og {len(specialties)} specialer (kolonner) samt hele landet."
    ]
    hidden = 0
    for label, line in zip(rows, cells, strict=True):
        national = line[-1]
        shown = [
            (fraction, name, r)
            for name, r in zip(specialties, line[:-1], strict=True)
            if r is not None and (fraction := _shown_fraction(r)) is not None
        ]
        hidden += sum(1 for r in line[:-1] if r is None or not r.shown)
        text = f"{label}: hele landet {_value_text(national)}"
        if shown:
            low = min(shown, key=lambda item: item[0])
            high = max(shown, key=lambda item: item[0])
            text += f", lavest {low[1]} {_value_text(low[2])}, højest {high[1]} {_value_text(high[2])}"
        parts.append(text.removesuffix(".") + ".")
    if hidden:
        parts.append(f"{hidden} felter vises ikke af hensyn til fortroligheden.")
    return " ".join(keep_together(p) for p in parts)


def build_overview(release: Release, *, order: SpecialtyOrder = "name") -> Overview:
    """The national overview of a Release: response rates, headline dots and the top-box heat map.

    Parameters
    ----------
    release
        The wave's Release; the page shows its records only, hidden ones as hidden.
    order
        ``"name"`` (Danish alphabetical order, the default) or ``"release"``
        (the Release's order); the same order in the table and both charts.

    Returns
    -------
    Overview
        Title, the table's rows, the charts with the records they draw, notes and footer.

    Examples
    --------
    >>> from klyngestat.demo import _demo
    >>> overview = build_overview(_demo())
    >>> [(row.specialty, row.respondents, row.rate) for row in overview.rows if row.specialty == "Dermatologi"]
    [('Dermatologi', '74 af 110', '67,3 pct.')]
    >>> [chart.kind for chart in overview.charts]
    ['headline', 'heatmap']
    """
    specialties = _specialties(release, order)
    rows: list[OverviewRow] = []
    for specialty in specialties:
        response = release.find("response", "response_rate", specialty=specialty)
        if response is None:
            raise KeyError(f"{specialty}: the release has no response-rate record")
        rows.append(OverviewRow(specialty, response))
    nation = release.find("response", "response_rate")
    if nation is not None:
        rows.append(OverviewRow(NATIONAL_LABEL, nation))

    questions = _top_box_questions(release)
    labels = {q: _labels(release, q) for q in questions}
    confidence = format_rate(release.options.confidence_level)
    charts: list[OverviewChart] = []

    headline = tuple(q for q in HEADLINE_QUESTIONS if q in questions)
    if headline:
        cells = tuple(tuple(_top(release, q, s) for q in headline) for s in specialties)
        national = tuple(_national(release, q) for q in headline)
        charts.append(
            OverviewChart(
                "hovedspoergsmaal",
                "headline",
                "Hovedspørgsmålene pr. speciale",
                tuple((s, None) for s in specialties),
                tuple(labels[q][0] for q in headline),
                cells,
                national,
                alt=_headline_alt(specialties, [labels[q][0] for q in headline], cells, national, confidence),
            )
        )
    if questions:
        cells = tuple((*(_top(release, q, s) for s in specialties), _national(release, q)) for q in questions)
        charts.append(
            OverviewChart(
                "varmekort",
                "heatmap",
                "Andel i den øverste svarkategori pr. spørgsmål og speciale",
                tuple((labels[q][0], labels[q][1]) for q in questions),
                (*specialties, NATIONAL_LABEL),
                cells,
                alt=_heatmap_alt([_alt_label(release, q, labels[q][0]) for q in questions], specialties, cells),
            )
        )

    notes = _notes(release, rows, charts)
    return Overview(
        title=f"Landsoverblik: klyngearbejde i speciallægepraksis {release.wave}".strip(),
        lead=("Alle specialer side om side, med de samme tal som i specialernes faktaark."),
        wave=release.wave,
        rows=tuple(rows),
        charts=tuple(charts),
        notes=notes,
        footer=provenance_line(release),
    )


def _notes(release: Release, rows: Sequence[OverviewRow], charts: Sequence[OverviewChart]) -> tuple[str, ...]:
    notes = [
        "Svarprocent: respondenter (fuldt eller delvist besvaret) ud af inviterede. "
        "Andele er beregnet blandt dem, der har besvaret spørgsmålet"
        + (", inklusive »Ved ikke«." if release.options.ved_ikke == "include" else "; »Ved ikke« indgår ikke.")
        + " Procenter er afrundet (halvdele opad); landstal og svarprocenter med én decimal."
    ]
    national = next((r for r in release.records if r.kind == "national" and r.shown and r.method), None)
    if national is not None and national.method in _NATIONAL_METHOD_TEXT:
        notes.append(
            f"Landsgennemsnittet (stiplet linje, kolonnen »{NATIONAL_LABEL}«) er "
            f"{_NATIONAL_METHOD_TEXT[national.method]}."
        )
    headline = next((c for c in charts if c.kind == "headline"), None)
    if headline is not None:
        methods = {r.method for line in headline.cells for r in line if r is not None and r.shown and r.method}
        named = ", ".join(sorted(_INTERVAL_METHOD.get(m, m) for m in methods))
        notes.append(
            f"Vandrette streger: {format_rate(release.options.confidence_level)} konfidensinterval"
            + (f" ({named})" if named else "")
            + "."
        )
    if any(c.has_hidden for c in charts) or any(not row.response.shown for row in rows):
        notes.append(
            f"{HIDDEN_NOTE}: tal, der bygger på færre end {release.options.min_n} svar, vises ikke; "
            "det gælder også tal, som ellers kunne regnes ud fra de viste tal."
        )
    return tuple(notes)


_SVG_GROUP = re.compile(r'<g id="((?:heat|headline)-[0-9a-z-]+)">')


def _svg_with_records(svg: str, ids: dict[str, str]) -> str:
    """Put each cell's record id on its SVG group (``data-records``), so every printed value is traceable."""

    def attach(match: re.Match[str]) -> str:
        gid = match.group(1)
        if gid in ids:
            return f'<g id="{gid}" data-records="{escape(ids[gid])}">'
        return match.group(0)

    return _SVG_GROUP.sub(attach, svg)


def _chart_svg(chart: OverviewChart) -> str:
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


def _figure(chart: OverviewChart) -> str:
    return (
        f'<figure id="chart-{escape(chart.id)}" class="{escape(chart.kind)}" role="img" '
        f'aria-label="{escape(chart.alt)}" data-records="{escape(" ".join(chart.records))}">'
        f"<h2>{escape(chart.title)}</h2>{_chart_svg(chart)}</figure>"
    )


def overview_to_html(overview: Overview) -> str:
    """Render an :class:`Overview` as one self-contained HTML page (inline SVG, print CSS for one A4 page)."""
    parts = [
        *html_head(overview.title, CSS + OVERVIEW_CSS),
        '<body><main class="overview">',
        f"<h1>{escape(overview.title)}</h1>",
        f'<p class="lead">{escape(overview.lead)}</p>',
        '<div class="top">',
        '<section class="rates"><h2>Svarprocent pr. speciale</h2><table>',
        '<thead><tr><th scope="col">Speciale</th><th scope="col" class="n">Besvarelser</th>'
        '<th scope="col" class="n">Svarprocent</th></tr></thead><tbody>',
    ]
    for row in overview.rows:
        css = ' class="nation"' if row.response.level == "nation" else ""
        hidden = "" if row.response.shown else " hidden"
        parts.append(
            f'<tr{css} data-records="{escape(row.response.id)}"><th scope="row">{escape(row.specialty)}</th>'
            f'<td class="n{hidden}">{escape(keep_together(row.respondents))}</td>'
            f'<td class="n{hidden}">{escape(keep_together(row.rate))}</td></tr>'
        )
    parts.append("</tbody></table></section>")
    headline = [c for c in overview.charts if c.kind == "headline"]
    parts += [_figure(c) for c in headline]
    parts.append("</div>")
    parts += [_figure(c) for c in overview.charts if c.kind != "headline"]
    parts.append('<footer class="notes">' + "".join(f"<p>{escape(keep_together(n))}</p>" for n in overview.notes))
    parts.append(f'<p class="provenance">{escape(overview.footer)}</p></footer>')
    parts.append("</main></body></html>")
    return page_text("\n".join(parts) + "\n")  # no bidirectional control from the data (as render.to_html)


def overview_html(release: Release, *, order: SpecialtyOrder = "name") -> str:
    """The national overview of a Release as one self-contained HTML page in Danish, for one A4 page.

    Examples
    --------
    >>> from klyngestat.demo import _demo
    >>> page = overview_html(_demo())
    >>> page.count("<svg"), "74 af 110" in page, "67,3\xa0pct." in page
    (2, True, True)
    """
    return overview_to_html(build_overview(release, order=order))
