"""Waves: several Surveys of the same questionnaire, one per year, and how they follow each other.

A question is compared across two waves only when it is comparable: the
same text (whitespace aside) and the same scale (the options' codes, labels
and whether they count as answers, and the scale's groups) in both, or
declared comparable by the wave mapping with a reason (a reworded text, an
added category). Anything else is reported as not comparable, with what
changed, and never compared. Clusters follow themselves by name, or the
earlier clusters the mapping names (renamed, merged); an earlier cluster
followed by two later ones was split and has no cluster-level change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Literal

import pandas as pd

from klyngestat.models.questionnaire import Question, Questionnaire, Scale
from klyngestat.models.wave_mapping import WaveMapping, WaveMappingError
from klyngestat.survey import Survey

__all__ = [
    "ClusterFollow",
    "QuestionComparability",
    "Waves",
    "compare_questionnaires",
    "follow_clusters",
    "make_waves",
]

ComparabilityStatus = Literal["same", "declared", "not comparable", "new", "dropped"]
ClusterKind = Literal["same", "renamed", "merged", "split", "new", "ended"]


@dataclass(frozen=True)
class QuestionComparability:
    """Whether a question of the later wave can be compared with the earlier wave, and why (Danish)."""

    question: str | None
    """Its id in the later wave (None: dropped, only in the earlier wave)."""
    previous: str | None
    """Its id in the earlier wave (None: new)."""
    status: ComparabilityStatus
    reason: str

    @property
    def comparable(self) -> bool:
        """True when a change may be computed: the same question, or declared comparable."""
        return self.status in ("same", "declared")


@dataclass(frozen=True)
class ClusterFollow:
    """A cluster of the later wave and the earlier clusters its figures are compared with."""

    specialty: str
    cluster: str | None
    """The later wave's cluster (None: ended, only in the earlier wave)."""
    previous: tuple[str, ...]
    """The earlier clusters it follows (pooled when several); empty for a new cluster."""
    kind: ClusterKind

    @property
    def comparable(self) -> bool:
        """True when a cluster-level change may be computed."""
        return self.kind in ("same", "renamed", "merged")


def _words(text: str) -> str:
    return " ".join(text.split())


def scale_changes(then: Scale, now: Scale) -> list[str]:
    """What changed between two versions of a scale, in Danish (empty when nothing that counts did).

    Parameters
    ----------
    then, now
        The scale in the earlier and the later wave.
    """
    old = {o.code: (o.label, o.substantive) for o in then.options}
    new = {o.code: (o.label, o.substantive) for o in now.options}
    changes = [f"kategorien '{new[c][0]}' er tilføjet" for c in new if c not in old]
    changes += [f"kategorien '{old[c][0]}' er fjernet" for c in old if c not in new]
    changes += [f"kategorien '{old[c][0]}' hedder nu '{new[c][0]}'" for c in new if c in old and old[c][0] != new[c][0]]
    changes += [f"kategorien '{new[c][0]}' tæller nu anderledes" for c in new if c in old and old[c][1] != new[c][1]]
    if [o.code for o in then.options if o.code in new] != [o.code for o in now.options if o.code in old]:
        changes.append("kategoriernes rækkefølge er ændret")
    groups = {name: tuple(g.codes) for name, g in then.groups.items()}
    for name, group in now.groups.items():
        if name in groups and groups[name] != tuple(group.codes):
            changes.append(f"grupperingen '{group.label}' dækker andre kategorier")
    return changes


def _compare(then_q: Question, now_q: Question, then: Questionnaire, now: Questionnaire) -> list[str]:
    """What differs between a question's two versions (Danish), empty when they are the same."""
    changes = []
    if _words(then_q.text) != _words(now_q.text) or (then_q.item or "") != (now_q.item or ""):
        changes.append("ordlyden er ændret")
    if then_q.kind != now_q.kind:
        return [*changes, "spørgsmålstypen er ændret"]
    if then_q.scale is not None and now_q.scale is not None:
        changes += scale_changes(then.scales[then_q.scale], now.scales[now_q.scale])
    return changes


def compare_questionnaires(
    then: Questionnaire, now: Questionnaire, *, mapping: WaveMapping | None = None
) -> tuple[QuestionComparability, ...]:
    """Every closed question of two waves: comparable, declared comparable, not comparable, new or dropped.

    Parameters
    ----------
    then, now
        The earlier and the later wave's questionnaire.
    mapping
        How the later wave's questions follow the earlier's (renamed ids, declared comparability).

    Raises
    ------
    WaveMappingError
        When the mapping names a question neither questionnaire has (every such entry at once).
    """
    follows = mapping.questions if mapping is not None else {}
    known_now = {q.id for q in now.closed_questions()}
    known_then = {q.id for q in then.closed_questions()}
    problems = [
        f"questions.{q}: no closed question {q!r} in the later questionnaire" for q in follows if q not in known_now
    ]
    problems += [
        f"questions.{q}: previous {f.previous!r} is no closed question of the earlier questionnaire"
        for q, f in follows.items()
        if f.previous is not None and f.previous not in known_then
    ]
    if problems:
        raise WaveMappingError("the wave mapping does not fit the questionnaires: " + "; ".join(problems))
    rows = [_comparability(q, then, now, mapping) for q in now.closed_questions()]
    followed = {row.previous for row in rows}
    rows += [
        QuestionComparability(None, q.id, "dropped", "spørgsmålet er ikke stillet i den senere runde")
        for q in then.closed_questions()
        if q.id not in followed
    ]
    return tuple(rows)


def _comparability(
    question: Question, then: Questionnaire, now: Questionnaire, mapping: WaveMapping | None
) -> QuestionComparability:
    """How one closed question of the later wave compares with the earlier wave."""
    previous = mapping.previous_question(question.id) if mapping is not None else question.id
    follow = mapping.questions.get(question.id) if mapping is not None else None
    if previous not in {q.id for q in then.closed_questions()}:
        return QuestionComparability(question.id, None, "new", "spørgsmålet er nyt i denne runde")
    changes = _compare(then.question(previous), question, then, now)
    renamed = [f"hed '{previous}'"] if previous != question.id else []
    if not changes:
        return QuestionComparability(question.id, previous, "same", "; ".join([*renamed, "uændret"]))
    if follow is not None and follow.reason is not None and question.kind == then.question(previous).kind:
        return QuestionComparability(question.id, previous, "declared", "; ".join([*renamed, *changes, follow.reason]))
    return QuestionComparability(question.id, previous, "not comparable", "; ".join([*renamed, *changes]))


def follow_clusters(then: Survey, now: Survey, *, mapping: WaveMapping | None = None) -> tuple[ClusterFollow, ...]:
    """Every cluster of the later wave with the earlier clusters it follows, then those that ended.

    Parameters
    ----------
    then, now
        The earlier and the later wave.
    mapping
        Renamed and merged clusters (``[clusters.<specialty>]``); clusters of the same name follow themselves.

    Raises
    ------
    WaveMappingError
        When the mapping names a specialty or cluster the waves do not have (every such entry at once).
    """
    declared = mapping.clusters if mapping is not None else {}
    problems = _cluster_problems(then, now, declared)
    if problems:
        raise WaveMappingError("the wave mapping does not fit the waves' clusters: " + "; ".join(problems))
    rows: list[ClusterFollow] = []
    for specialty in now.specialties:
        earlier = set(then.clusters_of(specialty)) if specialty in then.specialties else set()
        named = declared.get(specialty, {})
        uses = Counter(c for previous in named.values() for c in previous)
        for cluster in now.clusters_of(specialty):
            previous = named.get(cluster) or ((cluster,) if cluster in earlier and uses[cluster] == 0 else ())
            rows.append(ClusterFollow(specialty, cluster, tuple(previous), _kind(cluster, previous, uses)))
        uses.update(c for row in rows if row.specialty == specialty for c in row.previous)
        rows += [ClusterFollow(specialty, None, (c,), "ended") for c in sorted(earlier) if uses[c] == 0]
    return tuple(rows)


def _kind(cluster: str, previous: tuple[str, ...] | list[str], uses: Counter[str]) -> ClusterKind:
    if not previous:
        return "new"
    if any(uses[c] > 1 for c in previous):
        return "split"
    if len(previous) > 1:
        return "merged"
    return "same" if previous[0] == cluster else "renamed"


def _cluster_problems(then: Survey, now: Survey, declared: dict[str, dict[str, tuple[str, ...]]]) -> list[str]:
    problems = []
    for specialty, clusters in declared.items():
        if specialty not in now.specialties or specialty not in then.specialties:
            problems.append(f"clusters.{specialty}: no specialty {specialty!r} in both waves")
            continue
        later, earlier = set(now.clusters_of(specialty)), set(then.clusters_of(specialty))
        for cluster, previous in clusters.items():
            if cluster not in later:
                problems.append(f"clusters.{specialty}: no cluster {cluster!r} in the later wave")
            problems += [
                f"clusters.{specialty}.{cluster}: no cluster {c!r} in the earlier wave"
                for c in previous
                if c not in earlier
            ]
    return problems


@dataclass(frozen=True, eq=False)
class Waves:
    """Several waves of the survey, in year order, and the mappings between consecutive ones.

    Build it with :func:`make_waves` (or :func:`klyngestat.read_waves`), which checks that every wave has a
    distinct year and that each mapping fits the waves it joins.
    """

    surveys: tuple[Survey, ...]
    mappings: tuple[WaveMapping | None, ...]
    """The mapping from each wave to the next (one fewer than the waves; None: follow by name only)."""

    @property
    def years(self) -> tuple[int, ...]:
        """The waves' years, earliest first."""
        return tuple(s.year for s in self.surveys if s.year is not None)

    def wave(self, year: int) -> Survey:
        """The wave of ``year``.

        Parameters
        ----------
        year
            One of :attr:`years`.
        """
        for survey in self.surveys:
            if survey.year == year:
                return survey
        raise KeyError(f"no wave {year}; the waves are {', '.join(map(str, self.years))}")

    def mapping(self, year: int) -> WaveMapping | None:
        """The mapping from the wave before ``year`` to ``year`` (None when the waves follow by name).

        Parameters
        ----------
        year
            A wave's year other than the first.
        """
        index = self.years.index(year)
        if index == 0:
            raise KeyError(f"{year} is the first wave: nothing comes before it")
        return self.mappings[index - 1]

    @cached_property
    def _questions(self) -> dict[int, tuple[QuestionComparability, ...]]:
        return {
            year: compare_questionnaires(
                self.wave(before).questionnaire, self.wave(year).questionnaire, mapping=self.mapping(year)
            )
            for before, year in pairwise(self.years)
        }

    @cached_property
    def _clusters(self) -> dict[int, tuple[ClusterFollow, ...]]:
        return {
            year: follow_clusters(self.wave(before), self.wave(year), mapping=self.mapping(year))
            for before, year in pairwise(self.years)
        }

    def questions(self, year: int) -> tuple[QuestionComparability, ...]:
        """How each closed question of wave ``year`` compares with the wave before.

        Parameters
        ----------
        year
            A wave's year other than the first.
        """
        self.mapping(year)
        return self._questions[year]

    def clusters(self, year: int) -> tuple[ClusterFollow, ...]:
        """How each cluster of wave ``year`` follows the wave before.

        Parameters
        ----------
        year
            A wave's year other than the first.
        """
        self.mapping(year)
        return self._clusters[year]

    def comparability_frame(self) -> pd.DataFrame:
        """Every question of every wave after the first: year, question, previous id, status and reason."""
        rows = [
            {"year": year, "question": r.question, "previous": r.previous, "status": r.status, "reason": r.reason}
            for year in self.years[1:]
            for r in self.questions(year)
        ]
        return pd.DataFrame(rows, columns=["year", "question", "previous", "status", "reason"])


def make_waves(
    surveys: list[Survey] | tuple[Survey, ...], *, mappings: list[WaveMapping] | tuple[WaveMapping, ...] = ()
) -> Waves:
    """Waves from Surveys of distinct years, with the mappings between consecutive ones.

    Parameters
    ----------
    surveys
        One Survey per wave, each with its ``year`` (in any order).
    mappings
        Wave mappings, each from one wave's year to the next wave's year.

    Raises
    ------
    WaveMappingError
        When a wave has no year, two waves share one, a mapping joins years that are not consecutive waves,
        or a mapping does not fit the waves (every problem at once).
    """
    problems = [
        f"wave {i + 1} ({s.source or 'no source'}) has no year" for i, s in enumerate(surveys) if s.year is None
    ]
    years = [s.year for s in surveys if s.year is not None]
    problems += [f"two waves of {y}" for y in sorted({y for y in years if years.count(y) > 1})]
    if len(surveys) < 2:
        problems.append("waves need at least two surveys")
    ordered = tuple(sorted(surveys, key=lambda s: s.year or 0))
    pairs = {(a.year, b.year): None for a, b in pairwise(ordered)}
    by_pair: dict[tuple[int | None, int | None], WaveMapping | None] = dict(pairs)
    for m in mappings:
        if (m.from_year, m.to_year) not in pairs:
            problems.append(f"a mapping from {m.from_year} to {m.to_year}, which are not consecutive waves")
        by_pair[(m.from_year, m.to_year)] = m
    if problems:
        raise WaveMappingError("; ".join(problems))
    waves = Waves(ordered, tuple(by_pair[pair] for pair in pairs))
    for year in waves.years[1:]:  # every mapping checked against its waves now, not at first use
        waves.questions(year)
        waves.clusters(year)
    return waves
