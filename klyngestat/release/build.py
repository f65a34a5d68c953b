"""Build a Release from a Survey: every publishable figure once, disclosure-controlled."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from klyngestat.models.questionnaire import Scale
from klyngestat.release.core import Release, questions_meta
from klyngestat.release.disclosure import ColumnSpec, QuestionPattern, question_pattern
from klyngestat.release.options import ReleaseOptions
from klyngestat.release.records import Level, Record, RecordKind, record_id
from klyngestat.stats._counts import unit_counts, unit_people
from klyngestat.stats.compare import compare_with_national, evidence_wording
from klyngestat.stats.intervals import share_intervals
from klyngestat.stats.national import NationalAverage
from klyngestat.stats.shares import Share
from klyngestat.stats.significance import (
    Heterogeneity,
    heterogeneity_from_counts,
    holm,
    newcombe_difference,
    rest_pvalue,
)
from klyngestat.stats.significance import versus_reference as binomial_vs_reference
from klyngestat.stats.weights import weighted_share_from_counts
from klyngestat.survey import Survey

__all__ = ["POOLED", "build_release", "column_specs"]

POOLED = "Øvrige klynger (skjulte, samlet)"
"""The hidden clusters of a specialty, pooled into one cell for derived figures."""

HIDDEN = "confidential"


def column_specs(scale: Scale) -> tuple[ColumnSpec, ColumnSpec]:
    """The published columns of a cluster and of a specialty (or the nation) for a scale.

    Examples
    --------
    >>> from klyngestat.models.questionnaire import load_questionnaire
    >>> cluster, specialty = column_specs(load_questionnaire().scale_of("forbedringer"))
    >>> cluster.names, specialty.names
    (('top_box', 'other_on_scale', 'Ved ikke', 'blank'), ('Ja', 'Nej', 'Ved ikke', 'blank', 'top_box'))
    """
    k = len(scale.options)
    substantive = np.array([o.substantive for o in scale.options] + [False])
    nonsub_cols = ~substantive
    blank = np.zeros(k + 1, dtype=bool)
    blank[k] = True

    def one_hot(positions: Sequence[int]) -> np.ndarray:
        row = np.zeros(k + 1, dtype=bool)
        row[list(positions)] = True
        return row

    cluster_rows: list[np.ndarray] = []
    cluster_names: list[str] = []
    if scale.top_box is not None:
        top = one_hot(scale.group_positions(scale.top_box))
        cluster_rows += [top, substantive & ~top]
        cluster_names += ["top_box", "other_on_scale"]
    else:
        cluster_rows.append(substantive.copy())
        cluster_names.append("on_scale")
    for i, option in enumerate(scale.options):
        if not option.substantive:
            cluster_rows.append(one_hot([i]))
            cluster_names.append(option.label)
    cluster_rows.append(blank)
    cluster_names.append("blank")
    cluster_protected = np.array([name != "blank" for name in cluster_names])
    if scale.top_box is None:
        cluster_protected[:] = False  # nothing of such a question is published per cluster
    spec_rows = [one_hot([i]) for i in range(k)] + [blank]
    spec_names = [*scale.labels, "blank"]
    for name in scale.groups:
        spec_rows.append(one_hot(scale.group_positions(name)))
        spec_names.append(name)
    spec_protected = np.array([name != "blank" for name in spec_names])
    return (
        ColumnSpec(tuple(cluster_names), np.array(cluster_rows, dtype=np.int64), cluster_protected, nonsub_cols),
        ColumnSpec(tuple(spec_names), np.array(spec_rows, dtype=np.int64), spec_protected, nonsub_cols),
    )


def _data_digests(survey: Survey) -> tuple[str, bytes]:
    """SHA-256 of the validated data (published in the provenance), and the secret key of the decoy draws.

    The data are hashed column by column, row order kept: the column's name,
    then for a column of categories its distinct values in sorted order and
    each row's place among them (missing: -1), for any other column its rows'
    text and which rows are missing. The figures are the same whatever file
    the data came from and whatever order its categories were read in.

    The key is the hash of the same data under another prefix, never
    published: knowing the published data hash does not give it, and without
    the data (ids, every answer) no one can reproduce the draws.
    """
    published = hashlib.sha256()
    secret = hashlib.sha256(b"klyngestat decoy key\0")
    for chunk in _data_chunks(survey.frame):
        published.update(chunk)
        secret.update(chunk)
    return published.hexdigest(), secret.digest()


def _data_chunks(frame: pd.DataFrame) -> Iterator[bytes]:
    for name in frame.columns:
        column = frame[name]
        yield f"\0{len(str(name))}:{name}".encode()
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.array.codes  # -1: missing
            n_categories = len(column.cat.categories)
            used = np.flatnonzero(np.bincount(codes.astype(np.intp) + 1, minlength=n_categories + 1)[1:])
            values = [str(v) for v in column.cat.categories[used]]
            order = sorted(range(len(values)), key=values.__getitem__)
            # one slot past the categories holds -1, which is where a missing code (-1) looks
            place = np.full(n_categories + 1, -1, dtype=np.int8 if len(values) < 128 else np.int32)
            place[used[order]] = np.arange(len(order))
            yield _texts([values[i] for i in order])
            yield place[codes].tobytes()
        else:
            missing = column.isna().to_numpy()
            yield np.packbits(missing).tobytes()
            yield _texts(list(map(str, np.where(missing, "", column.to_numpy(object)))))


def _texts(values: list[str]) -> bytes:
    """Texts as bytes that tell them apart, whatever they hold: their lengths (in characters), then their UTF-8."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return lengths.tobytes() + "".join(values).encode("utf-8", "surrogatepass")


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Builder:
    def __init__(self, survey: Survey, options: ReleaseOptions, tests: Executor) -> None:
        self.survey = survey
        self.options = options
        # The heterogeneity tests' random tables (most of the time at large n) are drawn in a thread pool from
        # the moment a question's counts are built, while the other figures are: numpy draws them without the
        # GIL, and each test seeds its own generator, so the p-values do not depend on the order threads run in.
        self.tests = tests
        self.pending: dict[tuple[str, str], tuple[Future[Heterogeneity], bool]] = {}  # and: hidden ones pooled
        self.wave = str(survey.year) if survey.year is not None else "bølge"
        _, units = survey.units
        order = sorted(
            range(len(units)),
            key=lambda i: (
                list(survey.specialties).index(units["specialty"][i]),
                survey.roster_position(units["specialty"][i], units["cluster"][i]),
                units["cluster"][i],
            ),
        )
        self.order = np.asarray(order, dtype=np.int64)
        self.unit_specialty = [str(units["specialty"][i]) for i in order]
        self.unit_cluster = [str(units["cluster"][i]) for i in order]
        invited, respondents = unit_people(survey)
        self.invited = invited[self.order]
        self.respondents = respondents[self.order]
        self.specialties = list(survey.specialties)
        self.spec_of_unit = np.array([self.specialties.index(s) for s in self.unit_specialty], dtype=np.int64)
        self.records: list[Record] = []
        self.deferred: list[tuple[int, Callable[[], Record]]] = []
        self.patterns: dict[str, QuestionPattern] = {}
        self.data_sha256, self.key = _data_digests(survey)
        self.roster_members = _roster_members(survey)
        self.clusters_by_specialty: dict[str, list[str]] = {name: [] for name in self.specialties}
        for spec, cname in zip(self.unit_specialty, self.unit_cluster, strict=True):
            self.clusters_by_specialty[spec].append(cname)
        self.group_masks: dict[tuple[int, str], np.ndarray] = {}

    # -- helpers ----------------------------------------------------------------------------------

    def members(self, specialty: str | None, cluster: str | None) -> int | None:
        """The roster's members of a cluster, or of a specialty's clusters (cluster None); None if unknown."""
        return None if specialty is None else self.roster_members.get((specialty, cluster))

    def population(self, level: Level, specialty: str | None, cluster: str | None, invited: int) -> int | None:
        if self.options.fpc_population == "none":
            return None
        if self.options.fpc_population == "members" and level != "nation":
            members = self.members(specialty, cluster)
            if members is not None:
                return members
        return invited

    def rid(self, specialty: str | None, question: str | None, measure: str, level: Level, cluster: str | None) -> str:
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

    # -- response ---------------------------------------------------------------------------------

    def responses(self) -> None:
        levels: list[tuple[Level, str | None, str | None, int, int]] = [
            ("nation", None, None, int(self.invited.sum()), int(self.respondents.sum()))
        ]
        for i, name in enumerate(self.specialties):
            mask = self.spec_of_unit == i
            levels.append(("specialty", name, None, int(self.invited[mask].sum()), int(self.respondents[mask].sum())))
        for spec, cname, n, r in zip(
            self.unit_specialty, self.unit_cluster, self.invited, self.respondents, strict=True
        ):
            levels.append(("cluster", spec, cname, int(n), int(r)))
        for level, s, c, invited, respondents in levels:
            members = self.members(s, c) if level != "nation" else None
            self.add(
                self.shown(
                    "response",
                    None,
                    "response_rate",
                    "svarprocent",
                    level,
                    s,
                    c,
                    respondents,
                    invited,
                    population=members,
                    detail={"invited": invited, "respondents": respondents, "members": members},
                )
            )

    # -- one question -----------------------------------------------------------------------------

    def question(self, question: str) -> None:
        start = len(self.records)
        scale = self.survey.questionnaire.scale_of(question)
        counts = unit_counts(self.survey, question)[self.order]
        k = len(scale.options)
        substantive = np.array([o.substantive for o in scale.options] + [False])
        cluster_spec, specialty_spec = column_specs(scale)
        pattern = question_pattern(
            question,
            self.unit_specialty,
            self.unit_cluster,
            self.specialties,
            counts,
            substantive,
            cluster_spec,
            specialty_spec,
            self.options.min_n,
            self.key,
            self.options.decoys,
        )
        self.patterns[question] = pattern
        in_base = np.ones(k + 1, dtype=bool)
        in_base[k] = False
        if self.options.ved_ikke == "exclude":
            in_base &= substantive
        spec_counts = np.zeros((len(self.specialties), k + 1), dtype=np.int64)
        np.add.at(spec_counts, self.spec_of_unit, counts)
        invited_spec = np.zeros(len(self.specialties), dtype=np.int64)
        np.add.at(invited_spec, self.spec_of_unit, self.invited)
        rows: list[tuple[Level, str | None, str | None, np.ndarray, bool, int]] = [
            ("nation", None, None, counts.sum(axis=0), pattern.nation_hidden, int(self.invited.sum()))
        ]
        rows += [
            ("specialty", s, None, spec_counts[i], s in pattern.specialties, int(invited_spec[i]))
            for i, s in enumerate(self.specialties)
        ]
        for level, s, c, row, hidden, invited in rows:
            self.distribution_records(question, scale, level, s, c, row, hidden, in_base, invited)
        if scale.top_box is not None:
            for u, (s, c) in enumerate(zip(self.unit_specialty, self.unit_cluster, strict=True)):
                self.group_record(
                    question,
                    scale,
                    scale.top_box,
                    "cluster",
                    s,
                    c,
                    counts[u],
                    (s, c) in pattern.clusters,
                    in_base,
                    int(self.invited[u]),
                )
            index = {r.id: r for r in self.records[start:]}
            for specialty in self.specialties:
                self.submit_test(question, scale.top_box, specialty, index)

    def distribution_records(
        self,
        question: str,
        scale: Scale,
        level: Level,
        specialty: str | None,
        cluster: str | None,
        row: np.ndarray,
        hidden: bool,
        in_base: np.ndarray,
        invited: int,
    ) -> None:
        answered = int(row[: len(scale.options)].sum())
        for i, option in enumerate(scale.options):
            measure = f"category:{option.label}"
            if hidden:
                self.add(self.hidden("category", question, measure, option.label, level, specialty, cluster))
                continue
            self.add(
                self.shown(
                    "category",
                    question,
                    measure,
                    option.label,
                    level,
                    specialty,
                    cluster,
                    int(row[i]),
                    answered,
                    detail={"code": option.code, "substantive": option.substantive},
                )
            )
        respondents = int(row.sum())
        if hidden:
            self.add(self.hidden("blank", question, "blank", "ikke besvaret", level, specialty, cluster))
        else:
            blank = int(row[-1])
            self.add(
                self.shown(
                    "blank",
                    question,
                    "blank",
                    "ikke besvaret",
                    level,
                    specialty,
                    cluster,
                    blank,
                    respondents,
                )
            )
        for name in scale.groups:
            self.group_record(question, scale, name, level, specialty, cluster, row, hidden, in_base, invited)

    def group_record(
        self,
        question: str,
        scale: Scale,
        group: str,
        level: Level,
        specialty: str | None,
        cluster: str | None,
        row: np.ndarray,
        hidden: bool,
        in_base: np.ndarray,
        invited: int,
    ) -> None:
        label = scale.group(group).label
        if hidden:
            self.add(self.hidden("group", question, group, label, level, specialty, cluster))
            return
        members = self.group_masks.get((id(scale), group))
        if members is None:
            members = np.zeros(len(row), dtype=bool)
            members[list(scale.group_positions(group))] = True
            self.group_masks[(id(scale), group)] = members
        count, base = int(row[members & in_base].sum()), int(row[in_base].sum())
        self.add(
            self.shown(
                "group",
                question,
                group,
                label,
                level,
                specialty,
                cluster,
                count,
                base,
                population=self.population(level, specialty, cluster, invited),
                detail={"ved_ikke": self.options.ved_ikke},
            )
        )

    # -- intervals --------------------------------------------------------------------------------

    def intervals(self) -> None:
        """Wilson intervals with the finite population correction on every shown share; exact ones above clusters."""
        chosen = [i for i, r in enumerate(self.records) if r.kind == "group" and r.shown and r.base]
        shares = [self._share(self.records[i]) for i in chosen]
        populations = [self.records[i].population for i in chosen]
        if not chosen:
            return
        wilson = share_intervals(
            shares, method="wilson", populations=populations, confidence_level=self.options.confidence_level
        ).intervals
        exact_at = [
            j for j, i in enumerate(chosen) if self.records[i].level != "cluster" and populations[j] is not None
        ]
        exact = (
            share_intervals(
                [shares[j] for j in exact_at],
                method="hypergeometric",
                populations=[populations[j] for j in exact_at],
                confidence_level=self.options.confidence_level,
            ).intervals
            if exact_at
            else ()
        )
        exact_of = dict(zip(exact_at, exact, strict=True))
        for j, i in enumerate(chosen):
            record = self.records[i]
            detail = dict(record.detail)
            detail["confidence"] = self.options.confidence_level
            detail["fpc"] = record.population is not None
            if j in exact_of:
                e = exact_of[j]
                detail["interval_exact"] = {
                    "method": "hypergeometric",
                    "low": e.low,
                    "high": e.high,
                    "low_count": e.low_count,
                    "high_count": e.high_count,
                }
            self.records[i] = _replace(record, low=wilson[j].low, high=wilson[j].high, method="wilson", detail=detail)

    @staticmethod
    def _share(record: Record) -> Share:
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

    # -- derived figures --------------------------------------------------------------------------

    def derived(self) -> None:
        """National, spread, comparison, heterogeneity and weighted figures of every top-box group."""
        index = {r.id: r for r in self.records}
        for question in self.patterns:
            scale = self.survey.questionnaire.scale_of(question)
            if scale.top_box is None:
                continue
            national = self.national(question, scale.top_box, index)
            for specialty in self.specialties:
                self.specialty_derived(question, scale.top_box, specialty, national, index)
        self.settle()
        self.holm()

    def national(self, question: str, group: str, index: dict[str, Record]) -> Record:
        method = self.options.national_method
        label = self.survey.questionnaire.scale_of(question).group(group).label
        rid = self.rid(None, question, f"national:{group}", "nation", None)

        def publish(**figures: Any) -> Record:
            return self.add(
                Record(
                    rid, "national", question, f"national:{group}", label, "nation", None, None, "shown", "", **figures
                )
            )

        def withhold() -> Record:
            return self.add(self.hidden("national", question, f"national:{group}", label, "nation", None, None))

        nation = index[self.rid(None, question, group, "nation", None)]
        if not nation.shown:
            return withhold()
        if method == "pooled":
            if not nation.base:
                return withhold()
            return publish(
                count=nation.count,
                base=nation.base,
                share=nation.share,
                low=nation.low,
                high=nation.high,
                method="pooled",
                inputs=(nation.id,),
                detail={"fraction": [nation.count, nation.base]},
            )
        if method == "reference":
            assert self.options.reference is not None
            figure = self.options.reference.get(question, group)
            if figure is None:
                return withhold()
            return publish(
                base=figure.n,
                share=figure.share,
                method="reference",
                detail={"source": figure.source, "fraction": _pair(Fraction(repr(figure.share)))},
            )
        # mean of specialties: hidden specialties enter as one pooled unit (their sum is published by subtraction)
        shown = [index[self.rid(s, question, group, "specialty", None)] for s in self.specialties]
        parts = [Fraction(r.count or 0, r.base) for r in shown if r.shown and r.base]
        hidden_count = (nation.count or 0) - sum(r.count or 0 for r in shown if r.shown)
        hidden_base = (nation.base or 0) - sum(r.base or 0 for r in shown if r.shown)
        if hidden_base:
            parts.append(Fraction(hidden_count, hidden_base))
        if not parts:
            return withhold()
        mean = sum(parts, Fraction(0)) / len(parts)
        return publish(
            share=float(mean),
            method="mean_of_specialties",
            inputs=(*tuple(r.id for r in shown if r.shown), nation.id),
            detail={
                "fraction": [mean.numerator, mean.denominator],
                "units": len(parts),
                "hidden_specialties_pooled": bool(hidden_base),
            },
        )

    def submit_test(self, question: str, group: str, specialty: str, index: dict[str, Record]) -> None:
        """Start the heterogeneity test of a shown specialty's clusters, the hidden ones pooled into one."""
        spec = index[self.rid(specialty, question, group, "specialty", None)]
        if not spec.shown:
            return
        shown = [r for r in self.clusters(question, group, specialty, index) if r.shown]
        pool_count = (spec.count or 0) - sum(r.count or 0 for r in shown)
        pool_base = (spec.base or 0) - sum(r.base or 0 for r in shown)
        tested = [r for r in shown if r.base]
        names = [r.cluster or "" for r in tested] + ([POOLED] if pool_base > 0 else [])
        if len(names) < 2:
            return
        test = self.tests.submit(
            heterogeneity_from_counts,
            question,
            group,
            specialty,
            names,
            [r.count or 0 for r in tested] + ([pool_count] if pool_base > 0 else []),
            [r.base or 0 for r in tested] + ([pool_base] if pool_base > 0 else []),
            method="permutation",
            n_resamples=self.options.n_resamples,
            seed=self.options.seed,
            ved_ikke=self.options.ved_ikke,
            confidence_level=self.options.confidence_level,
        )
        self.pending[(question, specialty)] = (test, pool_base > 0)

    def clusters(self, question: str, group: str, specialty: str, index: dict[str, Record]) -> list[Record]:
        """A specialty's cluster records of a group, in roster order."""
        names = self.clusters_by_specialty[specialty]
        return [index[self.rid(specialty, question, group, "cluster", c)] for c in names]

    def specialty_derived(
        self, question: str, group: str, specialty: str, national: Record, index: dict[str, Record]
    ) -> None:
        label = self.survey.questionnaire.scale_of(question).group(group).label
        spec = index[self.rid(specialty, question, group, "specialty", None)]
        kinds = ("spread", "comparison", "heterogeneity", "weighted")
        if not spec.shown:
            for kind in kinds:
                self.add(self.hidden(kind, question, f"{kind}:{group}", label, "specialty", specialty, None))
            return
        clusters = self.clusters(question, group, specialty, index)
        shown = [r for r in clusters if r.shown and r.base]
        hidden = [r for r in clusters if not r.shown]
        pool_count = (spec.count or 0) - sum(r.count or 0 for r in clusters if r.shown)
        pool_base = (spec.base or 0) - sum(r.base or 0 for r in clusters if r.shown)
        inputs = (spec.id, *(r.id for r in clusters if r.shown))
        # spread over the shown clusters
        low = min(shown, key=lambda r: Fraction(r.count or 0, r.base or 1), default=None)
        high = max(shown, key=lambda r: Fraction(r.count or 0, r.base or 1), default=None)
        self.add(
            self.specialty_figure(
                "spread",
                question,
                group,
                label,
                specialty,
                low=None if low is None else low.share,
                high=None if high is None else high.share,
                inputs=tuple(r.id for r in shown),
                detail={
                    "min_cluster": None if low is None else low.cluster,
                    "max_cluster": None if high is None else high.cluster,
                    "min_id": None if low is None else low.id,
                    "max_id": None if high is None else high.id,
                    "clusters_shown": len(shown),
                    "clusters_hidden": len(hidden),
                },
            )
        )
        self.comparison(question, group, label, spec, national)
        # heterogeneity: shown clusters and the hidden ones pooled (the test was started by submit_test)
        if (question, specialty) in self.pending:
            test, pooled = self.pending.pop((question, specialty))

            def heterogeneity() -> Record:
                h = test.result()
                return self.specialty_figure(
                    "heterogeneity",
                    question,
                    group,
                    label,
                    specialty,
                    share=h.pvalue,
                    method="permutation_chi_square",
                    inputs=inputs,
                    detail={
                        "statistic": h.statistic,
                        "df": h.df,
                        "pvalue": h.pvalue,
                        "n_resamples": h.n_resamples,
                        "seed": h.seed,
                        "clusters_tested": len(h.clusters),
                        "hidden_clusters_pooled": pooled,
                    },
                )

            self.defer(heterogeneity)
        # post-stratified share: shown clusters as strata, the hidden ones one stratum
        roster = self.survey.roster
        if roster is not None and roster.clusters_of(specialty):
            by_name = {r.cluster: r for r in clusters}
            invited_of = {
                c: int(i)
                for s, c, i in zip(self.unit_specialty, self.unit_cluster, self.invited, strict=True)
                if s == specialty
            }
            strata, members, winvited, wcounts, wbases = [], [], [], [], []
            pool_members = pool_invited = 0
            for c in roster.clusters_of(specialty):
                r = by_name.get(c.cluster)
                if r is not None and not r.shown:
                    pool_members += c.members
                    pool_invited += invited_of.get(c.cluster, 0)
                    continue
                strata.append(c.cluster)
                members.append(c.members)
                winvited.append(invited_of.get(c.cluster, 0))
                wcounts.append(r.count or 0 if r is not None else 0)
                wbases.append(r.base or 0 if r is not None else 0)
            if hidden:
                strata.append(POOLED)
                members.append(pool_members)
                winvited.append(pool_invited)
                wcounts.append(pool_count)
                wbases.append(pool_base)
            try:
                w = weighted_share_from_counts(
                    question,
                    group,
                    specialty,
                    strata,
                    members,
                    wcounts,
                    wbases,
                    ved_ikke=self.options.ved_ikke,
                    confidence_level=self.options.confidence_level,
                    fpc_population=self.options.fpc_population,
                    invited=winvited,
                )
            except ValueError as error:
                self.add(
                    self.specialty_figure(
                        "weighted",
                        question,
                        group,
                        label,
                        specialty,
                        detail={"not_computed": str(error)},
                        inputs=inputs,
                    )
                )
            else:
                self.add(
                    self.specialty_figure(
                        "weighted",
                        question,
                        group,
                        label,
                        specialty,
                        share=w.weighted_share,
                        low=w.low,
                        high=w.high,
                        method="poststratified_clusters",
                        population=w.population,
                        inputs=inputs,
                        detail={
                            "efficiency": w.efficiency,
                            "effective_n": w.effective_n,
                            "standard_error": w.standard_error,
                            "uncovered": list(w.uncovered),
                            "hidden_clusters_pooled": bool(hidden),
                            "fpc_population": w.fpc_population,
                        },
                    )
                )

    def comparison(self, question: str, group: str, label: str, spec: Record, national: Record) -> None:
        rid = self.rid(spec.specialty, question, f"comparison:{group}", "specialty", None)
        if not national.shown or not spec.base or national.share is None:
            return
        share = self._share(spec)
        fraction = national.fraction
        if fraction is None:
            return
        average = NationalAverage(
            question,
            group,
            national.method or "pooled",  # type: ignore[arg-type]
            fraction,
            count=national.count,
            base=national.base,
        )
        c = compare_with_national(share, average, thresholds=self.options.thresholds)
        test: dict[str, object] | None = None
        if national.method == "pooled" and national.count is not None and national.base is not None:
            rest_count, rest_n = national.count - share.count, national.base - share.base
            if rest_n > 0:
                d, lo, hi = newcombe_difference(
                    share.count, share.base, rest_count, rest_n, confidence_level=self.options.confidence_level
                )
                test = {
                    "method": "fisher_vs_rest",
                    "pvalue": rest_pvalue(share.count, share.base, rest_count, rest_n),
                    "rest_count": rest_count,
                    "rest_n": rest_n,
                    "difference_pp": 100 * d,
                    "low_pp": 100 * lo,
                    "high_pp": 100 * hi,
                    "interval_method": "newcombe_hybrid_score",
                    "n": share.base,
                }
        elif national.method == "reference":
            t = binomial_vs_reference(
                share.count,
                share.base,
                reference_share=float(national.share),
                confidence_level=self.options.confidence_level,
            )
            test = {
                "method": "binomial_vs_reference",
                "pvalue": t.pvalue,
                "difference_pp": t.difference_pp,
                "low": t.low,
                "high": t.high,
                "interval_method": t.interval_method,
                "n": share.base,
            }
        pvalue = None if test is None else float(test["pvalue"])  # type: ignore[arg-type]
        self.add(
            Record(
                rid,
                "comparison",
                question,
                f"comparison:{group}",
                label,
                "specialty",
                spec.specialty,
                None,
                "shown",
                "",
                share=c.difference_pp,
                method=national.method,
                inputs=(spec.id, national.id),
                detail={
                    "wording": evidence_wording(c.wording, pvalue, self.options.thresholds.alpha),
                    "size_wording": c.wording,
                    "difference": [c.difference.numerator, c.difference.denominator],
                    "thresholds": self.options.thresholds.model_dump(),
                    "test": test,
                },
            )
        )

    def holm(self) -> None:
        """Holm-adjusted p-values over each specialty's comparisons."""
        for specialty in self.specialties:
            at = [
                i
                for i, r in enumerate(self.records)
                if r.kind == "comparison" and r.specialty == specialty and r.shown and r.detail.get("test")
            ]
            pvalues = [float(self.records[i].detail["test"]["pvalue"]) for i in at]  # type: ignore[index]
            for i, adjusted in zip(at, holm(pvalues) if pvalues else (), strict=True):
                record = self.records[i]
                test = dict(record.detail["test"])  # type: ignore[call-overload]
                test["pvalue_holm"] = adjusted
                self.records[i] = _replace(record, detail={**record.detail, "test": test})


def _roster_members(survey: Survey) -> dict[tuple[str, str | None], int]:
    """Members by (specialty, cluster) and by (specialty, None) for all of a specialty's clusters, from the roster.

    What :meth:`klyngestat.models.Roster.members` gives for each, looked up once instead of a roster walk a record.
    """
    members: dict[tuple[str, str | None], int] = {}
    for c in survey.roster.clusters if survey.roster is not None else ():
        members[(c.specialty, c.cluster)] = c.members
        members[(c.specialty, None)] = members.get((c.specialty, None), 0) + c.members
    return members


def _pair(value: Fraction) -> list[int]:
    return [value.numerator, value.denominator]


def _replace(record: Record, **changes: object) -> Record:
    from dataclasses import replace

    return replace(record, **changes)  # type: ignore[arg-type]


def build_release(
    survey: Survey, *, options: ReleaseOptions | None = None, sources: Sequence[str | Path] = ()
) -> Release:
    """Every publishable figure of one wave, disclosure-controlled, with its provenance.

    Parameters
    ----------
    survey
        The validated survey (one wave).
    options
        The options that change published figures (defaults: min_n 5, "Ved
        ikke" in the base, pooled national figure, 95 pct. intervals with
        the roster's member counts as population).
    sources
        The input files (responses, roster, questionnaire) whose SHA-256 the
        provenance records; the validated data's own hash is always recorded.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> release = build_release(demo_survey())
    >>> r = release.get("2025/Dermatologi/understoetter_kvalitet/top_box/specialty")
    >>> r.count, r.base, r.status
    (52, 73, 'shown')
    >>> release.audit().ok
    True
    """
    from klyngestat import __version__

    options = options or ReleaseOptions()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as tests:
        builder = _Builder(survey, options, tests)
        builder.responses()
        for question in survey.closed_questions:
            builder.question(question)
        builder.intervals()
        builder.derived()
    files = {str(p): _file_hash(Path(p)) for p in sources if Path(p).is_file()}
    if not files and survey.source and Path(survey.source).is_file():
        files[str(survey.source)] = _file_hash(Path(survey.source))
    questionnaire_json = survey.questionnaire.model_dump_json().encode()
    roster_json = survey.roster.model_dump_json().encode() if survey.roster is not None else b""
    provenance = {
        "wave": builder.wave,
        "year": survey.year,
        "data_sha256": builder.data_sha256,
        "files": files,
        "questionnaire_sha256": hashlib.sha256(questionnaire_json).hexdigest(),
        "roster_sha256": hashlib.sha256(roster_json).hexdigest() if roster_json else None,
        "options": options.describe(),
        "absent_questions": [q for q in survey.questionnaire.question_ids if q not in survey.frame.columns],
        "klyngestat_version": __version__,
    }
    return Release(
        tuple(builder.records),
        provenance,
        questions_meta(survey.questionnaire, survey.closed_questions),
        options,
        builder.patterns,
    )
