"""The change records of one pair of consecutive waves (see :mod:`klyngestat.release.trend`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from klyngestat.release.core import Release
from klyngestat.release.records import Level, Record, record_id
from klyngestat.stats.change import change_from_counts
from klyngestat.waves import ClusterFollow, QuestionComparability, Waves

_FOLLOW_REASONS = {
    "new": "ny klynge: intet tal at sammenligne med",
    "split": "klyngen er delt: intet tal at sammenligne med",
}


@dataclass(frozen=True)
class _Pair:
    """The two waves a change record joins."""

    waves: Waves
    old: Release
    new: Release
    before: int
    year: int

    @property
    def label(self) -> str:
        return f"{self.before}-{self.year}"


def trend_records(waves: Waves, releases: Sequence[Release], year: int) -> Iterator[Record]:
    """Every change record from the wave before ``year`` to ``year``.

    Parameters
    ----------
    waves
        The waves.
    releases
        One release per wave, in the waves' order.
    year
        The later wave's year.
    """
    index = waves.years.index(year)
    pair = _Pair(waves, releases[index - 1], releases[index], waves.years[index - 1], year)
    follows = [f for f in waves.clusters(year) if f.cluster is not None]
    asked = set(waves.wave(year).closed_questions)
    for row in waves.questions(year):
        if row.question not in asked:  # dropped, or not in the later wave's data
            continue
        for group, label in _groups(waves, year, row.question):
            if not row.comparable:
                yield _hidden(pair, row, group, label, None, None, f"ikke sammenlignelig: {row.reason}")
                continue
            units = [(None, None, None)] + [
                (specialty, follow.cluster if follow else None, follow)
                for specialty in pair.new.specialties
                for follow in [None, *(f for f in follows if f.specialty == specialty)]
            ]
            for specialty, cluster, follow in units:
                now = pair.new.find("group", group, question=row.question, specialty=specialty, cluster=cluster)
                if now is not None:  # a figure the later wave does not publish at this level has no change
                    yield _unit_change(pair, row, group, label, now, follow)


def _groups(waves: Waves, year: int, question: str) -> list[tuple[str, str]]:
    """The question's groups (name, label) in the later wave's scale order."""
    scale = waves.wave(year).questionnaire.scale_of(question)
    return [(name, group.label) for name, group in scale.groups.items()]


def _hidden(
    pair: _Pair,
    row: QuestionComparability,
    group: str,
    label: str,
    specialty: str | None,
    cluster: str | None,
    reason: str,
) -> Record:
    level: Level = "nation" if specialty is None else ("specialty" if cluster is None else "cluster")
    return Record(
        id=record_id(pair.label, specialty, row.question, f"change:{group}", level, cluster),
        kind="change",
        question=row.question,
        measure=f"change:{group}",
        label=label,
        level=level,
        specialty=specialty,
        cluster=cluster,
        status="hidden",
        reason=reason,
        detail={"from": pair.before, "to": pair.year},
    )


def _then_records(
    pair: _Pair, row: QuestionComparability, group: str, specialty: str | None, follow: ClusterFollow | None
) -> list[Record | None]:
    """The earlier wave's released records the unit's change compares with (one per earlier cluster)."""
    if follow is None:
        return [pair.old.find("group", group, question=row.previous, specialty=specialty)]
    return [
        pair.old.find("group", group, question=row.previous, specialty=specialty, cluster=c) for c in follow.previous
    ]


def _unit_change(
    pair: _Pair,
    row: QuestionComparability,
    group: str,
    label: str,
    now: Record,
    follow: ClusterFollow | None,
) -> Record:
    """One unit's change record: shown when both waves' figures are, computed from them alone."""
    specialty, cluster = now.specialty, now.cluster
    if follow is not None and not follow.comparable:
        return _hidden(pair, row, group, label, specialty, cluster, _FOLLOW_REASONS[follow.kind])
    then = _then_records(pair, row, group, specialty, follow)
    if any(r is None for r in then):
        return _hidden(pair, row, group, label, specialty, cluster, f"intet tal i {pair.before}")
    earlier = [r for r in then if r is not None]
    if not all(r.shown for r in earlier):
        return _hidden(pair, row, group, label, specialty, cluster, f"skjult i {pair.before}")
    if not now.shown:
        return _hidden(pair, row, group, label, specialty, cluster, f"skjult i {pair.year}")
    return _shown(pair, row, group, label, now, earlier)


def _sum(values: Sequence[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _shown(
    pair: _Pair, row: QuestionComparability, group: str, label: str, now: Record, then: Sequence[Record]
) -> Record:
    """A shown change: difference, interval and exact test from the released counts of both waves."""
    options = pair.new.options
    count_then, base_then = _sum([r.count for r in then]), _sum([r.base for r in then])
    assert count_then is not None and base_then is not None and now.count is not None and now.base is not None
    change = change_from_counts(
        count_then,
        base_then,
        now.count,
        now.base,
        population_then=_sum([r.population for r in then]),
        population_now=now.population,
        confidence_level=options.confidence_level,
    )
    supported = change.pvalue < options.thresholds.alpha and change.difference != 0
    wording = ("steget" if change.difference > 0 else "faldet") if supported else "på niveau"
    detail: dict[str, object] = {
        "from": pair.before,
        "to": pair.year,
        "previous_question": row.previous,
        "comparability": row.status,
        "then": {
            "count": count_then,
            "base": base_then,
            "share": change.share_then,
            "population": change.population_then,
        },
        "now": {"count": now.count, "base": now.base, "share": change.share_now, "population": change.population_now},
        "difference_pp": change.difference_pp,
        "fraction": [change.difference.numerator, change.difference.denominator * 100],
        "pvalue": change.pvalue,
        "test": change.method,
        "wording": wording,
    }
    return Record(
        id=record_id(pair.label, now.specialty, row.question, f"change:{group}", now.level, now.cluster),
        kind="change",
        question=row.question,
        measure=f"change:{group}",
        label=label,
        level=now.level,
        specialty=now.specialty,
        cluster=now.cluster,
        status="shown",
        reason="",
        share=change.difference_pp / 100,
        low=change.low_pp / 100,
        high=change.high_pp / 100,
        method=f"{change.interval_method}+{change.method}",
        detail=detail,
        inputs=(*(r.id for r in then), now.id),
    )
