"""The fact sheet of one specialty (Markdown for now; HTML and PDF follow)."""

from __future__ import annotations

from klyngestat.present.formatting import format_rate, format_share
from klyngestat.present.narrative import (
    improvement_sentence,
    middle_sentence,
    participation_sentence,
    quality_sentences,
)
from klyngestat.stats.shares import group_share
from klyngestat.stats.summary import HEADLINE_QUESTION, specialty_summary
from klyngestat.survey import Survey

__all__ = ["factsheet_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def factsheet_markdown(survey: Survey, specialty: str, *, min_n: int = 5) -> str:
    """One specialty's fact sheet as Markdown: the seeds' key figures in sentences and a cluster table.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> text = factsheet_markdown(demo_survey(), "Dermatologi")
    >>> "svarprocent på 67,3 pct." in text and "fra 58 til 88 pct." in text
    True
    """
    summary = specialty_summary(survey, specialty, min_n=min_n)
    title = f"Klyngearbejdet i {specialty}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"
    parts = [f"# {_cell(title)}", "", "## Deltagelse og engagement i klyngemøder", "", participation_sentence(summary)]
    scale_q = survey.questionnaire
    if HEADLINE_QUESTION in summary.shares and summary.shares[HEADLINE_QUESTION].base:
        parts += ["", f"## {scale_q.sections[scale_q.question(HEADLINE_QUESTION).section]}", ""]
        text = " ".join(quality_sentences(summary))
        middle = group_share(survey, HEADLINE_QUESTION, "nogen_grad", specialty)
        if middle.base:
            text += " " + middle_sentence(summary, middle)
        parts.append(text)
    if "forbedringer" in summary.comparisons:
        parts += [
            "",
            f"## {scale_q.sections[scale_q.question('forbedringer').section]}",
            "",
            improvement_sentence(summary.comparisons["forbedringer"]),
        ]
    parts += [
        "",
        "## Klyngerne",
        "",
        "| Klynge | Medlemmer | Inviterede | Besvarelser | Svarprocent | I høj eller meget høj grad | n |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    hidden = False
    for cluster in summary.clusters:
        rate = cluster.rate
        share = next((s for s in cluster.shares if s.question == HEADLINE_QUESTION), None)
        if share is None:
            shown = "–"
        elif share.base < min_n:
            shown, hidden = "*", True
        else:
            shown = format_share(share.fraction) if share.fraction is not None else "–"
        parts.append(
            f"| {_cell(str(rate.cluster))} | {rate.members if rate.members is not None else '–'} | {rate.invited} "
            f"| {rate.respondents} | {format_rate(rate.fraction) if rate.fraction is not None else '–'} "
            f"| {shown} | {share.base if share is not None and share.base >= min_n else ('*' if share else '–')} |"
        )
    if hidden:
        parts += ["", f"\\* Færre end {min_n} svar: tallet vises ikke af hensyn til fortroligheden."]
    return "\n".join(parts) + "\n"
