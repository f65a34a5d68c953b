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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from klyngestat.present._overview_page import TrendTable, overview_page, trend_table
from klyngestat.present._overview_text import alt_label, headline_alt, heatmap_alt, question_labels
from klyngestat.present.factsheet import provenance_line
from klyngestat.present.formatting import format_number, format_rate
from klyngestat.release import Record, Release

if TYPE_CHECKING:
    from klyngestat.release.trend import Trend

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
    trend: TrendTable | None = None
    """The changes since the previous wave, where a trend was given."""

    @property
    def records(self) -> tuple[str, ...]:
        """Ids of every record on the page, in reading order."""
        ids = [row.response.id for row in self.rows] + [i for chart in self.charts for i in chart.records]
        return tuple(dict.fromkeys(ids + list(self.trend.records if self.trend else ())))


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


def _top(release: Release, question: str, specialty: str | None) -> Record | None:
    top = release.questions[question].get("top_box")
    return None if top is None else release.find("group", str(top), question=question, specialty=specialty)


def _national(release: Release, question: str) -> Record | None:
    top = release.questions[question].get("top_box")
    return None if top is None else release.find("national", f"national:{top}", question=question)


def build_overview(release: Release, *, order: SpecialtyOrder = "name", trend: Trend | None = None) -> Overview:
    """The national overview of a Release: response rates, headline dots and the top-box heat map.

    Parameters
    ----------
    release
        The wave's Release; the page shows its records only, hidden ones as hidden.
    order
        ``"name"`` (Danish alphabetical order, the default) or ``"release"``
        (the Release's order); the same order in the table and both charts.
    trend
        Change records into the release's wave (``build_trend``): adds a table of the headline questions'
        changes in percentage points. ValueError when their later wave is another.

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
    charts = _charts(release, specialties)
    return Overview(
        title=f"Landsoverblik: klyngearbejde i speciallægepraksis {release.wave}".strip(),
        lead=("Alle specialer side om side, med de samme tal som i specialernes faktaark."),
        wave=release.wave,
        rows=tuple(rows),
        charts=charts,
        notes=_notes(release, rows, charts),
        footer=provenance_line(release),
        trend=None if trend is None else _trend(release, trend, specialties),
    )


def _trend(release: Release, trend: Trend, specialties: tuple[str, ...]) -> TrendTable:
    questions = [q for q in HEADLINE_QUESTIONS if q in release.questions]
    return trend_table(release, trend, specialties, questions, national_label=NATIONAL_LABEL)


def _charts(release: Release, specialties: tuple[str, ...]) -> tuple[OverviewChart, ...]:
    """The headline dots (the :data:`HEADLINE_QUESTIONS` the Release holds) and the heat map of every top box."""
    questions = _top_box_questions(release)
    labels = {q: question_labels(release, q) for q in questions}
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
                alt=headline_alt(specialties, [labels[q][0] for q in headline], cells, national, confidence),
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
                alt=heatmap_alt([alt_label(release, q, labels[q][0]) for q in questions], specialties, cells),
            )
        )
    return tuple(charts)


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


def overview_to_html(overview: Overview) -> str:
    """Render an :class:`Overview` as one self-contained HTML page (inline SVG, print CSS for one A4 page).

    Every text is escaped, and bidirectional controls from the data are
    removed, as in :func:`klyngestat.present.render.to_html`; every row and
    chart carries the ids of its records in ``data-records``.

    Parameters
    ----------
    overview
        The overview as data (:func:`build_overview`).

    Returns
    -------
    str
        The page, ending with a line feed.
    """
    return overview_page(overview)


def overview_html(release: Release, *, order: SpecialtyOrder = "name", trend: Trend | None = None) -> str:
    """The national overview of a Release as one self-contained HTML page in Danish, for one A4 page.

    Parameters
    ----------
    release
        The wave's Release.
    order
        The order of the specialties, as :func:`build_overview` takes it.
    trend
        Change records into the release's wave, as :func:`build_overview` takes them.

    Returns
    -------
    str
        :func:`overview_to_html` of :func:`build_overview`.

    Examples
    --------
    >>> from klyngestat.demo import _demo
    >>> page = overview_html(_demo())
    >>> page.count("<svg"), "74 af 110" in page, "67,3\xa0pct." in page
    (2, True, True)
    """
    return overview_to_html(build_overview(release, order=order, trend=trend))
