"""Build one specialty's fact sheet: every figure computed, every sentence generated."""

from __future__ import annotations

from klyngestat.models.reference import NationalReference
from klyngestat.present import narrative as say
from klyngestat.present.document import AdviceList, Block, Chart, Factsheet, Paragraph, Section
from klyngestat.present.formatting import format_rate
from klyngestat.present.template import FactsheetTemplate, load_template
from klyngestat.stats.compare import difference_test
from klyngestat.stats.national import NationalMethod
from klyngestat.stats.shares import Distribution, Share, VedIkke, distribution, distributions, group_share
from klyngestat.stats.spread import DEFAULT_MIN_N
from klyngestat.stats.summary import HEADLINE_QUESTION, SpecialtySummary, specialty_summary
from klyngestat.survey import Survey

__all__ = ["build_factsheet"]

NATIONAL_LABEL = "Landsgennemsnit"
_NATIONAL_METHOD_TEXT: dict[str, str] = {
    "pooled": "beregnet samlet over alle besvarelser i alle specialer",
    "mean_of_specialties": "beregnet som det uvægtede gennemsnit af specialernes andele",
    "reference": "det offentliggjorte landstal",
}


class _Builder:
    def __init__(
        self,
        survey: Survey,
        specialty: str,
        summary: SpecialtySummary,
        template: FactsheetTemplate,
        min_n: int,
        ved_ikke: VedIkke,
    ) -> None:
        self.survey = survey
        self.specialty = specialty
        self.summary = summary
        self.template = template
        self.min_n = min_n
        self.ved_ikke = ved_ikke
        self.questionnaire = survey.questionnaire

    def has(self, *questions: str) -> bool:
        return all(q in self.survey.frame.columns for q in questions)

    def share(self, question: str, group: str | None = None) -> Share:
        return group_share(self.survey, question, group, self.specialty, ved_ikke=self.ved_ikke)

    def heading(self, question: str) -> str:
        return self.questionnaire.sections[self.questionnaire.question(question).section]

    def items(self, battery: str) -> list[tuple[str, str]]:
        """(question id, item text) of a battery's items present in the data."""
        return [(q.id, q.item or q.text) for q in self.questionnaire.battery_items(battery) if self.has(q.id)]

    # -- sections -----------------------------------------------------------------------------------

    def background(self) -> Section:
        own = self.template.for_specialty(self.specialty)
        practitioners = own.practitioners or f"speciallæger i {self.specialty}"
        roster = self.survey.roster
        if roster is not None and roster.clusters_of(self.specialty):
            clusters: list[tuple[str, int | None]] = [
                (c.cluster, c.members) for c in roster.clusters_of(self.specialty)
            ]
        else:
            clusters = [(c, None) for c in self.survey.clusters_of(self.specialty)]
        blocks: list[Block] = [Paragraph(p) for p in self.template.background]
        blocks.append(Paragraph(say.background_sentence(practitioners, clusters)))
        return Section("Baggrund og formål", tuple(blocks))

    def participation(self) -> Section:
        blocks: list[Block] = [Paragraph(say.participation_sentence(self.summary))]
        if self.has("moededeltagelse"):
            blocks.append(Paragraph(say.attendance_sentence(self.share("moededeltagelse"))))
        items = self.items("engagement")
        if items:
            shares = [(text, self.share(q)) for q, text in items]
            if any(s.base for _, s in shares):
                blocks.append(Paragraph(say.engagement_sentence(shares)))
                blocks.append(
                    Chart(
                        "engagement",
                        "likert",
                        self.questionnaire.batteries["engagement"],
                        tuple((text, distribution(self.survey, q, self.specialty)) for q, text in items),
                        min_n=self.min_n,
                        alt="Eget engagement i klyngearbejdet, fordeling af svar pr. udsagn",
                    )
                )
        return Section("Deltagelse og engagement i klyngemøder", tuple(blocks))

    def quality(self) -> Section | None:
        q = HEADLINE_QUESTION
        if not self.has(q) or not self.summary.shares[q].base:
            return None
        text = " ".join(say.quality_sentences(self.summary, q))
        middle_group = "nogen_grad"
        if middle_group in self.questionnaire.scale_of(q).groups:
            middle = self.share(q, middle_group)
            if middle.base:
                text += " " + say.middle_sentence(self.summary, middle)
        rows = [(self.specialty, distribution(self.survey, q, self.specialty))]
        rows += [(d.cluster or "", d) for d in self._cluster_distributions(q)]
        rows.append((NATIONAL_LABEL, distribution(self.survey, q)))
        chart = Chart(
            "understoetter_kvalitet",
            "likert",
            self.questionnaire.question(q).text,
            tuple(rows),
            min_n=self.min_n,
            alt="Fordeling af svar for specialet, hver klynge og landet",
            hidden=self._hidden(q),
        )
        return Section(self.heading(q), (Paragraph(text), chart))

    def _hidden(self, question: str) -> frozenset[str]:
        """Clusters suppressed for this question (primary and complementary), as in the JSON."""
        return frozenset(s.cluster or "" for s in self.summary.spreads[question].hidden)

    def _cluster_distributions(self, question: str) -> list[Distribution]:
        found = distributions(self.survey, question, "cluster", specialty=self.specialty)
        return sorted(found, key=lambda d: self.survey.roster_position(d.specialty, d.cluster))

    def expectations(self) -> Section | None:
        priority = {q.removeprefix("prioritet_"): (q, text) for q, text in self.items("prioritet")}
        experienced = {q.removeprefix("oplevet_"): q for q, _ in self.items("oplevet")}
        elements = [e for e in priority if e in experienced]
        if not elements:
            return None
        rows = tuple((priority[e][1], self.share(priority[e][0]), self.share(experienced[e])) for e in elements)
        rarely = [
            (priority[e][1], self.share(experienced[e], "bottom_box"))
            for e in ("faglige_droeftelser", "faelles_motivation", "tillidsfuldt_rum")
            if e in elements
        ]
        blocks: list[Block] = [Paragraph(" ".join(say.expectation_sentences(rows, rarely)))]
        blocks.append(
            Chart(
                "forventninger",
                "expectation",
                "Prioriteret og oplevet indhold af klyngemøderne",
                rows,
                alt="Andel, der prioriterer hvert element, og andel, der oplever det",
            )
        )
        return Section(self.heading(experienced[elements[0]]), tuple(blocks))

    def data(self) -> Section | None:
        present = [q for q in ("data_oenske", "data_anvendt", "data_barriere") if self.has(q)]
        if not present:
            return None
        barrier = None
        if self.has("data_barriere"):
            d = distribution(self.survey, "data_barriere", self.specialty)
            substantive = [(lab, c) for lab, c, s in zip(d.labels, d.counts, d.substantive, strict=True) if s]
            if d.base and substantive:
                label, count = max(substantive, key=lambda item: item[1])
                barrier = (label, count, d.base)
        sentences = say.data_sentences(
            self.share("data_oenske") if self.has("data_oenske") else None,
            self.share("data_anvendt") if self.has("data_anvendt") else None,
            barrier,
        )
        own = self.template.for_specialty(self.specialty)
        extra = own.data_paragraph or self.template.data_paragraph
        blocks: list[Block] = [Paragraph(" ".join(sentences))] if sentences else []
        if extra:
            blocks.append(Paragraph(extra))
        return Section(self.heading(present[0]), tuple(blocks)) if blocks else None

    def improvements(self) -> Section | None:
        q = "forbedringer"
        comparison = self.summary.comparisons.get(q)
        if not self.has(q) or comparison is None:
            return None
        text = say.improvement_sentence(comparison)
        certainty = say.certainty_sentence(comparison, difference_test(comparison))
        if certainty:
            text += " " + certainty
        rows = [(self.specialty, comparison.share)]
        rows += [(s.cluster or "", s) for s in self._cluster_shares(q)]
        chart = Chart(
            q,
            "share",
            self.questionnaire.question(q).text,
            tuple(rows),
            national=comparison.national.share,
            min_n=self.min_n,
            alt="Andel, der har indført forbedringer, for specialet og hver klynge, med landsgennemsnittet",
            hidden=self._hidden(q),
        )
        return Section(self.heading(q), (Paragraph(text), chart))

    def _cluster_shares(self, question: str) -> list[Share]:
        from klyngestat.stats.shares import group_shares

        return list(group_shares(self.survey, question, by="cluster", specialty=self.specialty, ved_ikke=self.ved_ikke))

    def focus(self) -> Section | None:
        items = self.items("motivation")
        if not items:
            return None
        shares = [(text, self.share(q)) for q, text in items]
        if not any(s.base for _, s in shares):
            return None
        chart = Chart(
            "motivation",
            "ranking",
            self.questionnaire.batteries["motivation"],
            tuple(shares),
            alt="Elementer rangeret efter andelen, som de i høj eller meget høj grad motiverer",
        )
        return Section(self.heading(items[0][0]), (Paragraph(say.focus_sentence(shares)), chart))

    def advice(self) -> Section | None:
        advice = self.template.for_specialty(self.specialty).advice or self.template.advice
        if not advice:
            return None
        items = tuple((a.heading, a.points) for a in advice)
        return Section(self.template.advice_heading, (AdviceList(self.template.advice_heading, items),))

    def notes(self) -> tuple[str, ...]:
        notes = []
        national = next(iter(self.summary.national.values()), None)
        if national is not None:
            notes.append(f"Landsgennemsnittet er {_NATIONAL_METHOD_TEXT[national.method]}.")
        notes.append(
            "Andele er beregnet blandt de respondenter, der har besvaret spørgsmålet"
            + (", inklusive »Ved ikke«." if self.ved_ikke == "include" else "; »Ved ikke« indgår ikke.")
            + " Procenter er afrundet (halvdele opad)."
        )
        if any(c.hidden for c in self.summary.clusters):
            notes.append(
                f"Klyngetal, der bygger på færre end {self.min_n} svar, vises ikke af hensyn til fortroligheden; "
                "det gælder også klynger, hvis tal ellers kunne regnes ud fra de viste tal."
            )
        rate = self.summary.rate
        if rate.members is not None and rate.members != rate.invited:
            notes.append(
                f"Klyngerne har {rate.members} medlemmer, mens {rate.invited} blev inviteret; "
                f"svarprocenten ({format_rate(rate.fraction or 0)}) er beregnet af de inviterede."
            )
        return tuple(notes)


def build_factsheet(
    survey: Survey,
    specialty: str,
    *,
    template: FactsheetTemplate | None = None,
    min_n: int = DEFAULT_MIN_N,
    ved_ikke: VedIkke = "include",
    national_method: NationalMethod = "pooled",
    reference: NationalReference | None = None,
) -> Factsheet:
    """The fact sheet of one specialty, as data ready for :mod:`klyngestat.present.render`.

    Sections follow the seed fact sheets; a section whose questions are
    absent from the data is left out, never filled with zeros.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> sheet = build_factsheet(demo_survey(), "Dermatologi")
    >>> [s.heading for s in sheet.sections][:3]
    ['Baggrund og formål', 'Deltagelse og engagement i klyngemøder', 'Klyngernes betydning for kvalitetsarbejdet']
    >>> "fra 58 til 88 pct." in sheet.text()
    True
    """
    template = template or load_template()
    # The sheet states certainty through difference_test; the full uncertainty set belongs to the JSON.
    summary = specialty_summary(
        survey,
        specialty,
        ved_ikke=ved_ikke,
        min_n=min_n,
        national_method=national_method,
        reference=reference,
        uncertainty=False,
    )
    b = _Builder(survey, specialty, summary, template, min_n, ved_ikke)
    sections = [
        b.background(),
        b.participation(),
        b.quality(),
        b.expectations(),
        b.data(),
        b.improvements(),
        b.focus(),
        b.advice(),
    ]
    return Factsheet(
        specialty,
        template.title.format(specialty=specialty),
        template.date_line,
        tuple(s for s in sections if s is not None),
        b.notes(),
    )
