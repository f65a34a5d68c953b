"""A Release in words and sums: one record explained, and what the suppression pattern hides per question."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from klyngestat.release.records import Record

__all__ = ["REASON_TEXT", "explain_record", "hidden_summary"]

REASON_TEXT = {
    "": "vises",
    "confidential": (
        "skjult af hensyn til fortroligheden: tallet bygger på færre end {min_n} svar, "
        "eller det ville sammen med de viste tal afsløre et sådant tal"
    ),
}
"""Why a record is shown or hidden, by its ``reason`` (Danish, for readers)."""


def explain_record(r: Record, min_n: int, provenance: Mapping[str, Any]) -> str:
    """A record in words: the figure, its count, base and method, and why it is shown or hidden.

    Parameters
    ----------
    r
        The record.
    min_n
        The release's threshold (named in a hidden record's reason).
    provenance
        The release's provenance (its options, data hash and klyngestat version are printed).
    """
    lines = [
        f"{r.id}",
        f"  hvad:      {r.kind} · {r.label} ({r.measure})",
        f"  hvor:      {r.specialty or 'hele landet'}" + (f" / {r.cluster}" if r.cluster else ""),
    ]
    if not r.shown:
        lines.append(f"  status:    skjult – {REASON_TEXT['confidential'].format(min_n=min_n)}")
        return "\n".join(lines)
    lines.append("  status:    vises")
    if r.count is not None or r.base is not None:
        lines.append(f"  tal:       {r.count} af {r.base}" + (f" = {r.share:.6f}" if r.share is not None else ""))
    elif r.share is not None:
        lines.append(f"  værdi:     {r.share:.6f}")
    if r.low is not None and r.high is not None:
        lines.append(f"  interval:  {r.low:.4f}–{r.high:.4f} ({r.method}, population {r.population})")
    elif r.method:
        lines.append(f"  metode:    {r.method}")
    if r.inputs:
        lines.append("  beregnet af: " + ", ".join(r.inputs))
    options = provenance.get("options", {})
    lines.append(f"  valg:      {json.dumps(options, ensure_ascii=False)}")
    lines.append(
        f"  data:      sha256 {provenance.get('data_sha256')}, klyngestat {provenance.get('klyngestat_version')}"
    )
    return "\n".join(lines)


def hidden_summary(
    records: Sequence[Record], questions: Mapping[str, Mapping[str, object]], min_n: int
) -> dict[str, object]:
    """What the pattern hides, per question: cluster and specialty figures and the answers behind them.

    Only sums that the published figures give anyway (a specialty's base
    minus its shown clusters'), so the summary itself reveals nothing.

    Parameters
    ----------
    records
        The release's records.
    questions
        What the release says of each question (its ``top_box`` is counted).
    min_n
        The release's threshold.
    """
    per_question: dict[str, dict[str, int]] = {}
    shown_bases: dict[tuple[str | None, str, str | None], int] = {}
    for c in records:
        if c.kind == "group" and c.level == "cluster" and c.shown:
            key = (c.question, c.measure, c.specialty)
            shown_bases[key] = shown_bases.get(key, 0) + (c.base or 0)
    for r in records:
        if r.kind != "group" or r.question is None:
            continue
        meta = questions.get(r.question, {})
        if r.measure != meta.get("top_box"):
            continue
        entry = per_question.setdefault(
            r.question, {"clusters_hidden": 0, "clusters": 0, "specialties_hidden": 0, "answers_hidden": 0}
        )
        if r.level == "cluster":
            entry["clusters"] += 1
            entry["clusters_hidden"] += not r.shown
        elif r.level == "specialty":
            entry["specialties_hidden"] += not r.shown
            if r.shown:
                entry["answers_hidden"] += (r.base or 0) - shown_bases.get((r.question, r.measure, r.specialty), 0)
    return {
        "min_n": min_n,
        "reason": REASON_TEXT["confidential"].format(min_n=min_n),
        "questions": per_question,
    }
