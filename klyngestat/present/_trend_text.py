"""What changed since the previous wave, in Danish: the fact sheet's section "Udvikling siden <år>" and its notes.

Every sentence is written from one change record of a
:class:`~klyngestat.release.trend.Trend` and follows its evidence rule:
"steget" or "faldet" only where the record's wording says so (the exact test
below alpha), otherwise "på niveau med sidste år", however large the
difference looks. Figures are rounded once, half up on their exact values:
the shares from the record's counts, the change from its exact difference.
"""

# Doctests pin whole Danish sentences; they are longer than a code line.

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from klyngestat.present._overview_text import question_labels
from klyngestat.present._trend_sentences import (
    INTERVAL_WORD,
    change_sentence,
    hidden_change_sentence,
    is_not_comparable,
    not_comparable_sentence,
)
from klyngestat.present.document import AdviceList, Chart, Factsheet, Paragraph, Section, TrendSeries
from klyngestat.present.formatting import format_number, format_rate
from klyngestat.release import Record, Release

if TYPE_CHECKING:
    from klyngestat.release.trend import Trend

__all__ = ["INTERVAL_WORD", "TREND_QUESTIONS", "trend_section", "trend_waves", "with_trend"]

TREND_QUESTIONS: dict[str, str] = {
    "moededeltagelse": "har deltaget i {label} siden klyngernes opstart",
    "understoetter_kvalitet": "{label} vurderer, at klyngearbejdet kan understøtte kvalitetsarbejdet",
    "data_oenske": "ønsker, at der inddrages mere data i klyngearbejdet",
    "data_anvendt": "svarer, at klyngen har anvendt data",
    "forbedringer": "som følge af klyngemøderne har indført konkrete forbedringer i deres klinik",
}
"""The questions the sheet states with a top-box sentence of their own, and who the share counts, in the words
of that sentence (:mod:`klyngestat.present.narrative`): "Andelen, der <who>, …"."""


def _who(question: str, label: str) -> str:
    """Who a top-box share counts, as the question's headline sentence says it ("har deltaget i …")."""
    return TREND_QUESTIONS.get(question, "har svaret »{label}«").format(label=label)


CHART_QUESTIONS = ("understoetter_kvalitet", "forbedringer")
"""The questions the section's chart draws (the national overview's headline questions)."""

NATION_LABEL = "Hele landet"


def trend_waves(trend: Trend, release: Release) -> tuple[int, int]:
    """The earlier and later year of the trend's changes into the release's wave; a clear error when it has none.

    Parameters
    ----------
    trend
        The change records (:func:`klyngestat.release.trend.build_trend`).
    release
        The later wave's release: the one the sheet or page shows.
    """
    year = int(release.wave) if release.wave.isdigit() else None
    earlier = {int(str(r.detail["from"])) for r in trend.records if year is not None and r.detail.get("to") == year}
    if not earlier:
        held = sorted({f"{r.detail.get('from')} til {r.detail.get('to')}" for r in trend.records})
        raise ValueError(
            f"the trend has no change into wave {release.wave or '(none)'} (it holds {', '.join(held) or 'none'}): "
            "pass the trend whose later wave is the release's wave"
        )
    same = next((r for r in trend.releases if r.wave == release.wave), None)
    if same is not None and (
        same.provenance.get("data_sha256") != release.provenance.get("data_sha256") or same.options != release.options
    ):
        raise ValueError(
            f"the trend's release of {release.wave} has other data or options than this release: "
            "show the release the trend was built from (trend.releases)"
        )
    assert year is not None
    return max(earlier), year


def _reported(sheet: Factsheet, release: Release) -> list[str]:
    """The :data:`TREND_QUESTIONS` whose top-box figure a paragraph of the sheet states, in reading order."""
    ids = [i for s in sheet.sections for b in s.blocks if isinstance(b, Paragraph) for i in b.records]
    first = {record_id: k for k, record_id in reversed(list(enumerate(ids)))}
    found = []
    for q in TREND_QUESTIONS:
        top = release.questions.get(q, {}).get("top_box")
        share = release.find("group", str(top), question=q, specialty=sheet.specialty) if top else None
        if share is not None and share.id in first:
            found.append((first[share.id], q))
    return [q for _, q in sorted(found)]


def _series(trend: Trend, release: Release, change: Record, label: str, waves: tuple[str, str]) -> TrendSeries:
    """A unit's released record in each wave: a shown change's inputs, else the wave's own record of the question."""
    releases = {r.wave: r for r in trend.releases} | {release.wave: release}
    if change.shown:
        by_wave = {i.split("/", 1)[0]: i for i in change.inputs}
        records = tuple(releases[w].get(by_wave[w]) if w in by_wave and w in releases else None for w in waves)
    else:
        group = change.measure.removeprefix("change:")
        records = tuple(
            releases[w].find("group", group, question=change.question, specialty=change.specialty)
            if w in releases
            else None
            for w in waves
        )
    return TrendSeries(label, waves, records)


def _paragraph(question: str, own: Record, nation: Record | None, release: Release) -> Paragraph:
    """The specialty's change and the nation's."""
    confidence = release.options.confidence_level
    phrase = _who(question, own.label)
    if own.shown:
        sentences = [change_sentence(own, f"Andelen, der {phrase}, er", confidence_level=confidence)]
    else:
        sentences = [hidden_change_sentence(own, f"Udviklingen i andelen, der {phrase},")]
    ids = [own.id]
    if nation is not None:
        if nation.shown:
            lead = "I hele landet er andelen"
            sentences.append(change_sentence(nation, lead, confidence_level=confidence, decimals=1))
        else:
            sentences.append(hidden_change_sentence(nation, "Udviklingen i hele landet", nation=True))
        ids.append(nation.id)
    shown = [r for r in (own, nation) if r is not None and r.shown]
    if any(r.detail.get("comparability") == "declared" for r in shown):  # reworded or a category added: say so
        before = shown[0].detail["from"]
        sentences.append(f"Spørgsmålet er ændret siden {before}, men vurderet sammenligneligt.")
    return Paragraph(" ".join(sentences), tuple(ids))


def trend_section(sheet: Factsheet, release: Release, trend: Trend) -> Section | None:
    """The section "Udvikling siden <år>": a paragraph per question the sheet states, and the headline chart.

    Parameters
    ----------
    sheet
        The sheet without the section (its paragraphs say which questions it states).
    release
        The sheet's release, the trend's later wave.
    trend
        The change records.
    """
    before, year = trend_waves(trend, release)
    blocks: list[Paragraph | Chart] = []
    rows: list[tuple[str, TrendSeries, TrendSeries]] = []
    waves = (str(before), str(year))
    for q in _reported(sheet, release):
        top = str(release.questions[q].get("top_box"))
        own = trend.find(f"change:{top}", question=q, specialty=sheet.specialty, to_year=year)
        nation = trend.find(f"change:{top}", question=q, to_year=year)
        if own is None:
            if nation is not None and is_not_comparable(nation):
                text = not_comparable_sentence(nation, str(release.questions[q].get("text") or q))
                blocks.append(Paragraph(text, (nation.id,)))
            continue
        blocks.append(_paragraph(q, own, nation, release))
        if q in CHART_QUESTIONS and nation is not None:
            rows.append(
                (
                    question_labels(release, q)[0],
                    _series(trend, release, own, sheet.specialty, waves),
                    _series(trend, release, nation, NATION_LABEL, waves),
                )
            )
    if rows:
        title = f"Andele i {before} og {year} med {format_rate(release.options.confidence_level)} {INTERVAL_WORD}"
        blocks.append(Chart("udvikling", "trend", title, tuple(rows), alt="Udviklingen i hovedspørgsmålene"))
    return Section(f"Udvikling siden {before}", tuple(blocks), id="udvikling") if blocks else None


def _notes(sheet: Factsheet, section: Section, release: Release, before: int) -> tuple[str, ...]:
    """How the changes are judged, and (where the section hides a figure the sheet did not) the confidentiality note."""
    alpha = format_number(release.options.thresholds.alpha, decimals=2)
    notes = [
        f"Udviklingen siden {before}: de to års andele er sammenlignet som uafhængige stikprøver med en eksakt test "
        f"(Fishers test, tosidet), og »steget« eller »faldet« bruges kun, når p er under {alpha}; ændringens "
        f"{INTERVAL_WORD} er Newcombes og bygger ligesom testen på de uafrundede andele; ændringen i procentpoint "
        "er forskellen mellem de viste, afrundede andele."
    ]
    texts = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    if "men vurderet sammenligneligt" in texts:
        notes.append(
            f"Et spørgsmål, der er ændret siden {before} (ordlyd eller svarmuligheder), sammenlignes kun, hvor "
            "ændringen er vurderet ikke at ændre, hvad der spørges om; vurderingen og dens begrundelse står i "
            "udviklingens JSON-fil (comparability)."
        )
    charts = [b for b in section.blocks if isinstance(b, Chart)]
    drawn = [r for c in charts for row in c.rows for s in row[1:] if isinstance(s, TrendSeries) for r in s.records]
    hidden = f"Tal, der bygger på færre end {release.options.min_n} svar, vises ikke af hensyn til fortroligheden; "
    hidden += "det gælder også tal, som ellers kunne regnes ud fra de viste tal."
    if hidden not in sheet.notes and ("af hensyn til fortroligheden" in texts or any(r and not r.shown for r in drawn)):
        notes.append(hidden)
    return tuple(notes)


def with_trend(sheet: Factsheet, release: Release, trend: Trend) -> Factsheet:
    """The sheet with the section "Udvikling siden <år>" before the advice (or last), its notes and print keys.

    Parameters
    ----------
    sheet
        The sheet built from ``release``.
    release
        The sheet's release, the trend's later wave.
    trend
        The change records.
    """
    section = trend_section(sheet, release, trend)
    if section is None:
        return sheet
    sections = list(sheet.sections)
    at = next((i for i, s in enumerate(sections) if any(isinstance(b, AdviceList) for b in s.blocks)), len(sections))
    sections.insert(at, section)
    keys = tuple(
        release.keys(b.records) for s in sections for b in s.blocks if isinstance(b, Paragraph | Chart) and b.records
    )
    before, _ = trend_waves(trend, release)
    notes = sheet.notes + _notes(sheet, section, release, before)
    return replace(sheet, sections=tuple(sections), notes=notes, keys=keys)
