"""Build one specialty's fact sheet from a Release: every figure a released record, every sentence generated."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from klyngestat.present import narrative as say
from klyngestat.present._trend_text import with_trend
from klyngestat.present.document import AdviceList, Block, Chart, Editorial, Factsheet, Paragraph, Section
from klyngestat.present.figures import Released
from klyngestat.present.formatting import format_rate
from klyngestat.present.template import FactsheetTemplate, SectionText, load_template
from klyngestat.release import Record, Release

if TYPE_CHECKING:
    from klyngestat.release.trend import Trend

__all__ = ["build_factsheet", "provenance_line"]

NATIONAL_LABEL = "Landsgennemsnit"
HEADLINE_QUESTION = "understoetter_kvalitet"
_NATIONAL_METHOD_TEXT: dict[str, str] = {
    "pooled": "beregnet samlet over alle besvarelser i alle specialer",
    "mean_of_specialties": "beregnet som det uvægtede gennemsnit af specialernes andele",
    "reference": "det offentliggjorte landstal",
}
_NATIONAL_METHOD_SHORT = {
    "pooled": "samlet over alle svar",
    "mean_of_specialties": "gennemsnit af specialerne",
    "reference": "offentliggjort reference",
}
_VED_IKKE_TEXT = {"include": "»Ved ikke« i basen", "exclude": "»Ved ikke« uden for basen"}
_POPULATION_TEXT = {"members": "klyngernes medlemstal", "invited": "de inviterede", "none": "uden endelig population"}


def provenance_line(release: Release) -> str:
    """The sheet's footer: data hash, the options that made the figures, and the klyngestat version.

    Parameters
    ----------
    release
        The Release the sheet's figures come from.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> line = provenance_line(build_release(demo_survey()))
    >>> line.startswith("Kilde: klyngestat "), "mindst 5 svar" in line
    (True, True)
    """
    p = release.provenance
    o = release.options
    digest = str(p.get("data_sha256", ""))[:12]
    confidence = format_rate(o.confidence_level)
    return (
        f"Kilde: klyngestat {p.get('klyngestat_version', '')}, bølge {release.wave}, data sha256 {digest}; "
        f"tal vises ved mindst {o.min_n} svar, {_VED_IKKE_TEXT[o.ved_ikke]}, landstal "
        f"{_NATIONAL_METHOD_SHORT[o.national_method]}, {confidence} konfidensintervaller "
        f"({_POPULATION_TEXT[o.fpc_population]}). Hvert tal kan slås op med klyngestat explain og nøglen i noterne."
    )


class _Builder:
    def __init__(self, release: Release, specialty: str, template: FactsheetTemplate) -> None:
        self.release = release
        self.view = Released(release, specialty)
        self.specialty = specialty
        self.template = template
        self.min_n = release.options.min_n
        self.test_notes: list[str] = []

    def has(self, *questions: str) -> bool:
        return self.view.has(*questions)

    def share(self, question: str, group: str | None = None) -> Record:
        return self.view.share(question, group)

    def hidden_paragraph(self, *records: Record) -> Paragraph:
        return Paragraph(say.hidden_sentence(self.min_n), tuple(r.id for r in records))

    # -- sections -----------------------------------------------------------------------------------

    def background(self) -> Section:
        own = self.template.for_specialty(self.specialty)
        practitioners = own.practitioners or f"speciallæger i {self.specialty.lower()}"  # lower case mid-sentence
        clusters: list[tuple[str, int | None]] = []
        for c in self.view.clusters():
            members = self.view.response(c).detail.get("members")
            clusters.append((c, members if isinstance(members, int) else None))
        blocks: list[Block] = [Paragraph(p) for p in self.template.background]
        blocks.append(Paragraph(say.background_sentence(practitioners, clusters)))
        return Section("Baggrund og formål", tuple(blocks))

    def participation(self) -> Section:
        response = self.view.response()
        blocks: list[Block] = [Paragraph(say.participation_sentence(self.specialty, response), (response.id,))]
        if self.has("moededeltagelse"):
            attendance = self.share("moededeltagelse")
            if attendance.fraction is not None:
                blocks.append(Paragraph(say.attendance_sentence(attendance), (attendance.id,)))
        items = self.view.items("engagement")
        if items:
            shares = [(text, self.share(q)) for q, text in items]
            if any(s.fraction is not None for _, s in shares):
                blocks.append(Paragraph(say.engagement_sentence(shares), tuple(s.id for _, s in shares)))
                blocks.append(
                    Chart(
                        "engagement",
                        "likert",
                        self.view.battery_title("engagement"),
                        tuple((text, self.view.categories(q)) for q, text in items),
                        alt="Eget engagement i klyngearbejdet, fordeling af svar pr. udsagn",
                    )
                )
            elif any(not s.shown for _, s in shares):
                blocks.append(self.hidden_paragraph(*(s for _, s in shares)))
        return Section("Deltagelse og engagement i klyngemøder", tuple(blocks))

    def quality(self) -> Section | None:
        q = HEADLINE_QUESTION
        if not self.has(q):
            return None
        share = self.share(q)
        if not share.shown:
            return Section(self.view.section(q), (self.hidden_paragraph(share),))
        if share.fraction is None:
            return None
        national = self.view.national(q)
        spread = self.view.derived("spread", q)
        clause, refs = "", [share.id]
        if spread is not None and spread.shown and spread.detail.get("min_id"):
            low = self.release.get(str(spread.detail["min_id"]))
            high = self.release.get(str(spread.detail["max_id"]))
            shown, hidden = (spread.detail.get(k) for k in ("clusters_shown", "clusters_hidden"))
            shown = shown if isinstance(shown, int) else 0
            hidden = hidden if isinstance(hidden, int) else 0
            clause = say.spread_clause(low, high, shown, hidden)
            if clause:
                refs += [spread.id, low.id, high.id]
        if national is not None and national.shown:
            refs.append(national.id)
        text = " ".join(say.quality_sentences(share, national, clause))
        middle_group = "nogen_grad"
        if middle_group in self.view.groups(q):
            middle = self.share(q, middle_group)
            if middle.fraction is not None:
                text += " " + say.middle_sentence(self.specialty, middle)
                refs.append(middle.id)
        likert = Chart(
            q,
            "likert",
            self.view.text(q),
            ((self.specialty, self.view.categories(q)), (NATIONAL_LABEL, self.view.categories(q, nation=True))),
            alt="Fordeling af svar for specialet og landet",
        )
        clusters = Chart(
            f"{q}-klynger",
            "share",
            f"{self.view.text(q)} – andel {share.label} pr. klynge",
            ((self.specialty, share), *self.view.cluster_shares(q)),
            national=national if national is not None and national.shown else None,
            alt="Andel i høj eller meget høj grad for specialet og hver klynge, med landsgennemsnittet",
        )
        return Section(self.view.section(q), (Paragraph(text, tuple(refs)), likert, clusters))

    def expectations(self) -> Section | None:
        priority = {q.removeprefix("prioritet_"): (q, text) for q, text in self.view.items("prioritet")}
        experienced = {q.removeprefix("oplevet_"): q for q, _ in self.view.items("oplevet")}
        elements = [e for e in priority if e in experienced]
        if not elements:
            return None
        rows = tuple((priority[e][1], self.share(priority[e][0]), self.share(experienced[e])) for e in elements)
        rarely = [
            (priority[e][1], self.share(experienced[e], "bottom_box"))
            for e in ("faglige_droeftelser", "faelles_motivation", "tillidsfuldt_rum")
            if e in elements
        ]
        refs = tuple(r.id for _, p, e in rows for r in (p, e)) + tuple(r.id for _, r in rarely)
        sentences = say.expectation_sentences(rows, rarely)
        blocks: list[Block] = [Paragraph(" ".join(sentences), refs)] if sentences else []
        if not sentences and any(not r.shown for _, p, e in rows for r in (p, e)):
            blocks.append(self.hidden_paragraph(*(r for _, p, e in rows for r in (p, e))))
        blocks.append(
            Chart(
                "forventninger",
                "expectation",
                "Prioriteret og oplevet indhold af klyngemøderne",
                rows,
                alt="Andel, der prioriterer hvert element, og andel, der oplever det",
            )
        )
        return Section(self.view.section(experienced[elements[0]]), tuple(blocks))

    def data(self) -> Section | None:
        present = [q for q in ("data_oenske", "data_anvendt", "data_barriere") if self.has(q)]
        if not present:
            return None
        refs: list[str] = []
        barrier = None
        if self.has("data_barriere"):
            d = self.view.categories("data_barriere")
            if d is not None:
                substantive = [
                    (lab, c, rid) for lab, c, s, rid in zip(d.labels, d.counts, d.substantive, d.ids, strict=False) if s
                ]
                if d.base and substantive:
                    label, count, rid = max(substantive, key=lambda item: item[1])
                    barrier = (label, count, d.base)
                    refs.append(rid)
        wish = self.share("data_oenske") if self.has("data_oenske") else None
        used = self.share("data_anvendt") if self.has("data_anvendt") else None
        refs += [r.id for r in (wish, used) if r is not None and r.shown]
        sentences = say.data_sentences(wish, used, barrier)
        own = self.template.for_specialty(self.specialty)
        extra = own.data_paragraph or self.template.data_paragraph
        blocks: list[Block] = [Paragraph(" ".join(sentences), tuple(refs))] if sentences else []
        if extra:
            blocks.append(Paragraph(extra))
        return Section(self.view.section(present[0]), tuple(blocks)) if blocks else None

    def improvements(self) -> Section | None:
        q = "forbedringer"
        if not self.has(q):
            return None
        share = self.share(q)
        if not share.shown:
            return Section(self.view.section(q), (self.hidden_paragraph(share),))
        comparison = self.view.derived("comparison", q)
        national = self.view.national(q)
        if comparison is None or national is None or not comparison.shown or share.fraction is None:
            return None
        text = say.improvement_sentence(share, comparison, national)
        certainty = say.certainty_sentence(comparison)
        if certainty:
            text += " " + certainty
        note = say.comparison_note(comparison)
        if note:
            self.test_notes.append(note)
        chart = Chart(
            q,
            "share",
            self.view.text(q),
            ((self.specialty, share), *self.view.cluster_shares(q)),
            national=national,
            alt="Andel, der har indført forbedringer, for specialet og hver klynge, med landsgennemsnittet",
        )
        return Section(self.view.section(q), (Paragraph(text, (share.id, comparison.id, national.id)), chart))

    def focus(self) -> Section | None:
        items = self.view.items("motivation")
        if not items:
            return None
        shares = [(text, self.share(q)) for q, text in items]
        if not any(s.fraction is not None for _, s in shares):
            return None
        chart = Chart(
            "motivation",
            "ranking",
            self.view.battery_title("motivation"),
            tuple(shares),
            alt="Elementer rangeret efter andelen, som de i høj eller meget høj grad motiverer",
        )
        paragraph = Paragraph(say.focus_sentence(shares), tuple(s.id for _, s in shares if s.shown))
        return Section(self.view.section(items[0][0]), (paragraph, chart))

    def advice(self) -> Section | None:
        advice = self.template.for_specialty(self.specialty).advice or self.template.advice
        if not advice:
            return None
        items = tuple((a.heading, a.points) for a in advice)
        return Section(self.template.advice_heading, (AdviceList(self.template.advice_heading, items),))

    def notes(self, sections: list[Section | None]) -> tuple[str, ...]:
        notes = []
        national = next(
            (r for r in self.release.records if r.kind == "national" and r.shown and r.method is not None), None
        )
        if national is not None and national.method in _NATIONAL_METHOD_TEXT:
            notes.append(f"Landsgennemsnittet er {_NATIONAL_METHOD_TEXT[national.method]}.")
        notes += self.test_notes
        notes.append(
            "Andele er beregnet blandt de respondenter, der har besvaret spørgsmålet"
            + (", inklusive »Ved ikke«." if self.release.options.ved_ikke == "include" else "; »Ved ikke« indgår ikke.")
            + " Procenter er afrundet (halvdele opad)."
        )
        drawn = [b for s in sections if s is not None for b in s.blocks]
        shown_ids = {i for b in drawn if isinstance(b, Chart | Paragraph) for i in b.records}
        hidden_anywhere = any(
            isinstance(b, Chart) and any(isinstance(v, Record) and not v.shown for row in b.rows for v in row[1:])
            for b in drawn
        ) or any(not self.release.get(i).shown for i in shown_ids)
        if hidden_anywhere:
            notes.append(
                f"Tal, der bygger på færre end {self.min_n} svar, vises ikke af hensyn til fortroligheden; "
                "det gælder også tal, som ellers kunne regnes ud fra de viste tal."
            )
        response = self.view.response()
        members = response.detail.get("members")
        if isinstance(members, int) and members != response.base and response.fraction is not None:
            notes.append(
                f"Klyngerne har {members} medlemmer, mens {response.base} blev inviteret; "
                f"svarprocenten ({format_rate(response.fraction)}) er beregnet ud fra de inviterede."
            )
        return tuple(notes)


def build_factsheet(
    release: Release, specialty: str, *, template: FactsheetTemplate | None = None, trend: Trend | None = None
) -> Factsheet:
    """The fact sheet of one specialty, rendered from the Release's records only.

    Sections follow the seed fact sheets; a section whose questions are
    absent from the release is left out, never filled with zeros. A figure
    the Release hides is not shown (a sentence says so where the sheet
    would have put it), and every paragraph and chart carries the ids of its
    records (:attr:`Factsheet.sources`).

    Parameters
    ----------
    release
        The wave's Release: the sheet shows its records only.
    specialty
        The specialty's name, as the Release spells it.
    template
        The fixed and editorial text (:func:`~klyngestat.present.template.load_template`);
        the bundled template when None.
    trend
        Change records into the release's wave (``build_trend``): adds "Udvikling siden <år>" before the advice.

    Returns
    -------
    Factsheet
        The sheet as data, to render with :mod:`klyngestat.present.render`.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> sheet = build_factsheet(build_release(demo_survey()), "Dermatologi")
    >>> [s.heading for s in sheet.sections][:3]
    ['Baggrund og formål', 'Deltagelse og engagement i klyngemøder', 'Klyngernes betydning for kvalitetsarbejdet']
    >>> "fra 58 til 88 pct." in sheet.text()
    True
    """
    template = (template or load_template()).for_wave(release.wave)
    b = _Builder(release, specialty, template)
    built = {
        "baggrund": b.background(),
        "deltagelse": b.participation(),
        "kvalitet": b.quality(),
        "forventninger": b.expectations(),
        "data": b.data(),
        "forbedringer": b.improvements(),
        "fokus": b.focus(),
    }
    sections: list[Section | None] = [
        None if section is None else _with_editorial(section, key, template.section_text(release.wave, specialty, key))
        for key, section in built.items()
    ]
    sections.append(b.advice())
    fallbacks = list(template.fallbacks(release.wave, specialty))
    fallbacks += [
        f"Redaktionel tekst til »{key}« bruges ikke: afsnittet er ikke med i arket"
        for key, section in built.items()
        if section is None and not template.section_text(release.wave, specialty, key).empty
    ]
    response = b.view.response()
    shown = tuple(s for s in sections if s is not None)
    figures = [b for s in shown for b in s.blocks if isinstance(b, Paragraph | Chart) and b.records]
    sheet = Factsheet(
        specialty,
        template.title.format(specialty=specialty),
        template.date_line,
        shown,
        b.notes(sections),
        provenance_line(release),
        source=template.source_line,
        header=template.unit,
        respondents=f"{response.count} af {response.base} har svaret" if response.count is not None else "",
        stamp=_stamp(release),
        keys=tuple(release.keys(b.records) for b in figures),
        fallbacks=tuple(fallbacks),
    )
    return sheet if trend is None else with_trend(sheet, release, trend)


def _stamp(release: Release) -> str:
    p = release.provenance
    return f"data {str(p.get('data_sha256', ''))[:12]} · klyngestat {p.get('klyngestat_version', '')}"


def _with_editorial(section: Section, key: str, text: SectionText) -> Section:
    """The section with its id and the analyst's paragraphs: ``before`` first, ``after`` before its first chart."""
    blocks = list(section.blocks)
    if text.after.strip():
        at = next((i for i, block in enumerate(blocks) if isinstance(block, Chart)), len(blocks))
        blocks.insert(at, Editorial(text.after))
    if text.before.strip():
        blocks.insert(0, Editorial(text.before))
    return replace(section, blocks=tuple(blocks), id=key)
