"""The core of a Release under construction: its units in roster order, record ids, shown and hidden records.

The steps that fill it (:mod:`klyngestat.release.build` runs them in order)
live beside it: the response and per-question records
(``_question_records``), the intervals (``_intervals``) and the
derived figures (``_derived``, ``_national``, ``_weighted``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from operator import attrgetter
from typing import Any

import numpy as np

from klyngestat.models.roster import Cluster
from klyngestat.release._digests import data_digests
from klyngestat.release.disclosure import QuestionPattern
from klyngestat.release.options import ReleaseOptions
from klyngestat.release.records import RECORD_COLUMNS, Level, Record, RecordKind, record_id
from klyngestat.stats._counts import unit_people
from klyngestat.stats.shares import Share
from klyngestat.stats.significance import Heterogeneity
from klyngestat.survey import Survey

__all__ = ["HIDDEN", "POOLED", "Builder", "replace_record", "roster_members", "share_of"]

POOLED = "Øvrige klynger (skjulte, samlet)"
"""The hidden clusters of a specialty, pooled into one cell for derived figures."""

HIDDEN = "confidential"
"""The reason a hidden record gives."""


class Builder:
    """The records of one wave as they are made, and what every step of the making needs to know.

    Parameters
    ----------
    survey
        The validated survey (one wave).
    options
        The options that change published figures.
    tests
        Where the heterogeneity tests run while the other figures are made.
    """

    def __init__(self, survey: Survey, options: ReleaseOptions, tests: Executor) -> None:
        self.survey = survey
        self.options = options
        # The heterogeneity tests' random tables (most of the time at large n) are drawn in a thread pool from
        # the moment a question's counts are built, while the other figures are: numpy draws them without the
        # GIL, and each test seeds its own generator, so the p-values do not depend on the order threads run in.
        self.tests = tests
        self.pending: dict[tuple[str, str], tuple[Future[Heterogeneity], bool]] = {}  # and: hidden ones pooled
        self.tests_by_table: dict[tuple[tuple[int, ...], tuple[int, ...]], Future[Heterogeneity]] = {}
        self.wave = str(survey.year) if survey.year is not None else "bølge"
        self.specialties = list(survey.specialties)
        _, units = survey.units
        unit_specs, unit_clusters = units["specialty"].tolist(), units["cluster"].tolist()
        position = {name: i for i, name in reversed(list(enumerate(self.specialties)))}  # the first, as .index
        order = sorted(
            range(len(units)),
            key=lambda i: (
                position[unit_specs[i]],
                survey.roster_position(unit_specs[i], unit_clusters[i]),
                unit_clusters[i],
            ),
        )
        self.order = np.asarray(order, dtype=np.int64)
        self.unit_specialty = [str(unit_specs[i]) for i in order]
        self.unit_cluster = [str(unit_clusters[i]) for i in order]
        invited, respondents = unit_people(survey)
        self.invited = invited[self.order]
        self.respondents = respondents[self.order]
        self.spec_of_unit = np.array([position[s] for s in self.unit_specialty], dtype=np.int64)
        self.records: list[Record] = []
        self.deferred: list[tuple[int, Callable[[], Record]]] = []
        self.patterns: dict[str, QuestionPattern] = {}
        self.data_sha256, self.key = data_digests(survey)
        self.roster_members = roster_members(survey)
        self.clusters_by_specialty: dict[str, list[str]] = {name: [] for name in self.specialties}
        self.invited_by_specialty: dict[str, dict[str, int]] = {name: {} for name in self.specialties}
        for spec, cname, invited_of in zip(self.unit_specialty, self.unit_cluster, self.invited.tolist(), strict=True):
            self.clusters_by_specialty[spec].append(cname)
            self.invited_by_specialty[spec][cname] = invited_of
        self._roster_clusters: dict[str, tuple[Cluster, ...]] = {}

    def members(self, specialty: str | None, cluster: str | None) -> int | None:
        """The roster's members of a cluster, or of a specialty's clusters (cluster None); None if unknown."""
        return None if specialty is None else self.roster_members.get((specialty, cluster))

    def roster_clusters(self, specialty: str) -> tuple[Cluster, ...]:
        """A specialty's clusters in the roster, in roster order (none without a roster); looked up once.

        Parameters
        ----------
        specialty
            The specialty.
        """
        found = self._roster_clusters.get(specialty)
        if found is None:
            roster = self.survey.roster
            found = self._roster_clusters[specialty] = () if roster is None else roster.clusters_of(specialty)
        return found

    def population(self, level: Level, specialty: str | None, cluster: str | None, invited: int) -> int | None:
        """The finite population of a unit's intervals, as the options ask (None: no correction)."""
        if self.options.fpc_population == "none":
            return None
        if self.options.fpc_population == "members" and level != "nation":
            members = self.members(specialty, cluster)
            if members is not None:
                return members
        return invited

    def rid(self, specialty: str | None, question: str | None, measure: str, level: Level, cluster: str | None) -> str:
        """The record id of a figure of this wave."""
        return record_id(self.wave, specialty, question, measure, level, cluster)

    def hidden(
        self,
        kind: str,
        question: str | None,
        measure: str,
        label: str,
        level: Level,
        specialty: str | None,
        cluster: str | None,
    ) -> Record:
        """A hidden record: its id and what it is, no figure."""
        return Record(
            self.rid(specialty, question, measure, level, cluster),
            kind,  # type: ignore[arg-type]
            question,
            measure,
            label,
            level,
            specialty,
            cluster,
            "hidden",
            HIDDEN,
        )

    def shown(
        self,
        kind: RecordKind,
        question: str | None,
        measure: str,
        label: str,
        level: Level,
        specialty: str | None,
        cluster: str | None,
        count: int,
        base: int,
        **figures: Any,
    ) -> Record:
        """A shown count record: ``count`` of ``base``, its share (None for an empty base) and further fields."""
        rid = self.rid(specialty, question, measure, level, cluster)
        share = count / base if base else None
        return Record(
            rid, kind, question, measure, label, level, specialty, cluster, "shown", "", count, base, share, **figures
        )

    def specialty_figure(
        self, kind: RecordKind, question: str, group: str, label: str, specialty: str, **figures: Any
    ) -> Record:
        """A shown derived record of a specialty's group (spread, heterogeneity, weighted share)."""
        measure = f"{kind}:{group}"
        rid = self.rid(specialty, question, measure, "specialty", None)
        return Record(rid, kind, question, measure, label, "specialty", specialty, None, "shown", "", **figures)

    def add(self, record: Record) -> Record:
        """Append a record to the release; returns it."""
        self.records.append(record)
        return record

    def defer(self, make: Callable[[], Record]) -> None:
        """Keep the next record's place for a figure still being computed; :meth:`settle` puts it there."""
        self.deferred.append((len(self.records), make))

    def settle(self) -> None:
        """Put every deferred record in its place, so the order is that in which the figures were asked for."""
        for position, make in reversed(self.deferred):
            self.records.insert(position, make())
        self.deferred.clear()

    def clusters(self, question: str, group: str, specialty: str, index: dict[str, Record]) -> list[Record]:
        """A specialty's cluster records of a group, in roster order."""
        names = self.clusters_by_specialty[specialty]
        return [index[self.rid(specialty, question, group, "cluster", c)] for c in names]


def roster_members(survey: Survey) -> dict[tuple[str, str | None], int]:
    """Members by (specialty, cluster) and by (specialty, None) for all of a specialty's clusters, from the roster.

    What :meth:`klyngestat.models.Roster.members` gives for each, looked up once instead of a roster walk a record.

    Parameters
    ----------
    survey
        The survey whose roster is read (none: no members).
    """
    members: dict[tuple[str, str | None], int] = {}
    for c in survey.roster.clusters if survey.roster is not None else ():
        members[(c.specialty, c.cluster)] = c.members
        members[(c.specialty, None)] = members.get((c.specialty, None), 0) + c.members
    return members


def share_of(record: Record) -> Share:
    """A shown count record as the statistics layer's :class:`~klyngestat.stats.shares.Share`.

    Parameters
    ----------
    record
        A shown record with a count and a base.
    """
    return Share(
        record.question or "",
        record.measure,
        record.label,
        record.level,
        record.specialty,
        record.cluster,
        record.count or 0,
        record.base or 0,
    )


def replace_record(record: Record, **changes: object) -> Record:
    """A copy of a record with some fields changed.

    Parameters
    ----------
    record
        The record.
    **changes
        The fields to change and their new values.
    """
    values = dict(zip(RECORD_COLUMNS, _ALL_FIELDS(record), strict=True))  # dataclasses.replace, without its checks
    values.update(changes)  # a name that is no field: TypeError from Record, as from replace
    return Record(**values)


_ALL_FIELDS = attrgetter(*RECORD_COLUMNS)
