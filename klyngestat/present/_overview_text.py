"""The words of the national overview: each question's row label and its charts' text alternatives.

The labels are the questionnaire's (a battery item with its battery, a single
question with a short label that says what its top box is); the text
alternatives say in words what the charts draw, figure by figure, from the
records alone (:mod:`klyngestat.present.overview`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import cast

from klyngestat.present._html_page import keep_together
from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.release import Record, Release

__all__ = ["alt_label", "headline_alt", "heatmap_alt", "question_labels"]
_SHORT_LABELS = {
    "moededeltagelse": "Har deltaget i alle eller de fleste møder",
    "understoetter_kvalitet": "Kan i høj eller meget høj grad understøtte kvalitetsarbejdet",
    "data_anvendt": "Har anvendt data i klyngearbejdet",
    "data_oenske": "Ønsker mere data i klyngearbejdet",
    "forbedringer": "Har indført forbedringer i klinikken",
}
"""Short labels of the bundled questionnaire's single questions (their wording is a whole sentence); each
says what its top box is. Other questions are labelled with their wording and the top box in brackets."""


def question_labels(release: Release, question: str) -> tuple[str, str | None, str]:
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


def alt_label(release: Release, question: str, label: str) -> str:
    """A row's label for the text alternative: a battery item with its battery ("Prioritet – Brug af data")."""
    meta = release.questions[question]
    return str(meta.get("text") or label) if meta.get("battery") else label


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


def headline_alt(
    chart_rows: Sequence[str],
    questions: Sequence[str],
    cells: Sequence[Sequence[Record | None]],
    national: Sequence[Record | None],
    confidence: str,
) -> str:
    """Per question: the national figure, then every specialty's figure with its interval (records only)."""
    parts = [f"Prikdiagram: andel pr. speciale med {confidence} konfidensinterval og landsgennemsnittet."]
    for j, label in enumerate(questions):
        values = "; ".join(
            f"{name} {_value_text(line[j])}{_interval_text(line[j])}"
            for name, line in zip(chart_rows, cells, strict=True)
        )
        parts.append(f"{label}: landsgennemsnit {_value_text(national[j])}; {values}".removesuffix(".") + ".")
    return " ".join(keep_together(p) for p in parts)


def heatmap_alt(rows: Sequence[str], specialties: Sequence[str], cells: Sequence[Sequence[Record | None]]) -> str:
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
