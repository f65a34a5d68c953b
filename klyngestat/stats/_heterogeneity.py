"""Whether a specialty's clusters differ more than chance allows: the heterogeneity test and its result.

The test is on the clusters × (in group / not) table of one question, by
permutation of the answers or exactly (the p-value algorithms are in
:mod:`klyngestat.stats._cluster_tables`). Its public names are
:mod:`klyngestat.stats.significance`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, Literal, get_args

import numpy as np

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._cluster_tables import HeterogeneityAlgorithm, chi_square, exact_pvalue, permutation_pvalue
from klyngestat.stats._result import Result
from klyngestat.stats.intervals import Interval, _intervals
from klyngestat.stats.shares import VedIkke, group_shares
from klyngestat.survey import Survey

HeterogeneityMethod = Literal["exact", "permutation"]
"""Exact conditional enumeration of tables, or a seeded permutation test."""


@dataclass(frozen=True)
class Heterogeneity(Result):
    """Whether a specialty's clusters differ more than chance allows.

    ``statistic`` is Pearson's chi-square on the clusters × (in group / not)
    table with ``df`` = clusters − 1. ``pvalue`` is exact (Freeman–Halton,
    ordering tables by probability) or by permutation (ordering by the
    chi-square statistic), per ``method``; ``algorithm`` says how it was
    computed. ``n_resamples`` and ``seed`` are those of the random tables
    drawn (permutation, or the exact test's Monte Carlo), ``None`` when the
    p-value is computed exactly. ``intervals`` are each cluster's Wilson
    interval. ``to_dict()["clusters"]`` holds the frame's rows, one per
    cluster: ``cluster``, ``count``, ``base``, ``share``, ``low``, ``high``.
    """

    ROWS: ClassVar[str | None] = "clusters"

    question: str
    group: str
    specialty: str
    method: HeterogeneityMethod
    ved_ikke: VedIkke
    min_n: int
    clusters: tuple[str, ...]
    counts: tuple[int, ...]
    bases: tuple[int, ...]
    intervals: tuple[Interval, ...]
    statistic: float
    df: int
    pvalue: float
    n_resamples: int | None
    seed: int | None
    excluded: tuple[str, ...] = ()
    """Clusters left out because fewer than ``min_n`` answered."""
    algorithm: HeterogeneityAlgorithm = "permutation"
    """How ``pvalue`` was computed; only ``"monte_carlo"`` and ``"permutation"`` carry a random error."""
    standard_error: float | None = None
    """The Monte Carlo standard error of an exact test's ``pvalue``; ``None`` when it is computed exactly."""

    @property
    def min_share(self) -> float:
        """The lowest cluster share."""
        return min(c / n for c, n in zip(self.counts, self.bases, strict=True))

    @property
    def max_share(self) -> float:
        """The highest cluster share."""
        return max(c / n for c, n in zip(self.counts, self.bases, strict=True))

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the test, the spread and one row per cluster."""
        return {
            "question": self.question,
            "group": self.group,
            "specialty": self.specialty,
            "method": self.method,
            "ved_ikke": self.ved_ikke,
            "min_n": self.min_n,
            "statistic": self.statistic,
            "df": self.df,
            "pvalue": self.pvalue,
            "algorithm": self.algorithm,
            "standard_error": self.standard_error,
            "n_resamples": self.n_resamples,
            "seed": self.seed,
            "min_share": self.min_share,
            "max_share": self.max_share,
            "excluded": list(self.excluded),
            "clusters": [
                {"cluster": name, "count": i.count, "base": i.base, "share": i.share, "low": i.low, "high": i.high}
                for name, i in zip(self.clusters, self.intervals, strict=True)
            ],
        }

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return ["cluster", "count", "base", "share", "low", "high"]

    def _caption(self) -> str:
        return f"Forskelle mellem klynger, {self.question}, {self.specialty} (p = {self.pvalue:.4g})"


def cluster_heterogeneity(
    survey: Survey,
    question: str,
    *,
    specialty: str,
    group: str | None = None,
    method: HeterogeneityMethod = "permutation",
    n_resamples: int = 9999,
    seed: int = 0,
    ved_ikke: VedIkke = "include",
    min_n: int = 1,
    confidence_level: float = 0.95,
) -> Heterogeneity:
    """Test whether a specialty's clusters' shares differ more than chance allows.

    The null hypothesis: every answer was equally likely to be in the group
    whatever its cluster, so the table's margins fixed, the split among
    clusters is a random allocation. The statistic is Pearson's chi-square
    on the clusters × (in group / not) table; its chi-square distribution is
    not trusted with clusters of 8–19, so the p-value is

    - ``"permutation"`` (default): the share of ``n_resamples`` random
      allocations (seeded, reproducible) whose chi-square is at least the
      observed one, counted as (1 + hits)/(1 + n_resamples);
    - ``"exact"``: the exact conditional (Freeman–Halton) test: the sum of
      the probabilities of the tables with the observed margins that are no
      more probable than the observed one. With two clusters this is
      Fisher's exact test (:func:`klyngestat.stats._exact.fisher_2x2`); up to
      ``MAX_TABLES`` tables every table is enumerated; beyond, a network
      algorithm (as R's ``fisher.test``) computes the same sum exactly; and
      when even that would extend more than ``MAX_NETWORK_STEP`` partial
      tables in a step, the p-value is estimated from ``MONTE_CARLO_SAMPLES``
      tables drawn from the exact conditional distribution (seeded by
      ``seed``), with its ``standard_error`` (at most 0.0005). ``algorithm``
      says which; the exact test always answers.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    specialty
        The specialty whose clusters are compared.
    group
        A named group of the question's scale; the top box by default.
    method
        ``"permutation"`` (default) or ``"exact"``.
    n_resamples
        Permutation: the number of random allocations drawn.
    seed
        The seed of ``numpy.random.default_rng`` for the permutations, and
        for the exact test's Monte Carlo when it comes to that.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.
    min_n
        Clusters with fewer answers are left out (and listed in ``excluded``); at least 1.
    confidence_level
        Level of each cluster's Wilson interval.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> h = cluster_heterogeneity(demo_survey(), "understoetter_kvalitet", specialty="Plastikkirurgi", method="exact")
    >>> h.counts, h.bases, round(h.pvalue, 4)
    ((6, 1), (8, 6), 0.1026)
    >>> h = cluster_heterogeneity(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> round(h.min_share, 3), round(h.max_share, 3), round(h.statistic, 2), h.df, h.n_resamples
    (0.583, 0.875, 3.1, 6, 9999)
    """
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1 (a cluster without answers has no share), not {min_n}")
    survey.require_specialty(specialty)
    shares = list(group_shares(survey, question, group=group, by="cluster", specialty=specialty, ved_ikke=ved_ikke))
    kept = [s for s in shares if s.base >= min_n]
    return heterogeneity_from_counts(
        question,
        kept[0].group if kept else (group or ""),
        specialty,
        [str(s.cluster) for s in kept],
        [s.count for s in kept],
        [s.base for s in kept],
        method=method,
        n_resamples=n_resamples,
        seed=seed,
        ved_ikke=ved_ikke,
        min_n=min_n,
        confidence_level=confidence_level,
        excluded=tuple(str(s.cluster) for s in shares if s.base < min_n),
    )


def heterogeneity_from_counts(
    question: str,
    group: str,
    specialty: str,
    clusters: Sequence[str],
    counts: Sequence[int],
    bases: Sequence[int],
    *,
    method: HeterogeneityMethod = "permutation",
    n_resamples: int = 9999,
    seed: int = 0,
    ved_ikke: VedIkke = "include",
    min_n: int = 1,
    confidence_level: float = 0.95,
    excluded: tuple[str, ...] = (),
) -> Heterogeneity:
    """The heterogeneity test of :func:`cluster_heterogeneity` on given cluster counts and bases.

    The Release calls it with the shown clusters and the hidden ones pooled
    into one cell, so that the test carries no more than the released table.

    Parameters
    ----------
    question, group, specialty
        What the counts are of (carried into the result).
    clusters
        The cells' names, one per count.
    counts, bases
        Each cell's answers in the group and answers in its base.
    method, n_resamples, seed, ved_ikke, min_n, confidence_level
        As in :func:`cluster_heterogeneity`.
    excluded
        Clusters left out before the counts were taken (listed in the result).

    Examples
    --------
    >>> h = heterogeneity_from_counts("q", "top_box", "X", ["A", "B"], [6, 1], [8, 6], method="exact")
    >>> round(h.pvalue, 4), h.df
    (0.1026, 1)
    """
    check_choice("method", method, get_args(HeterogeneityMethod))
    check_confidence(confidence_level)
    if method == "permutation" and n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, not {n_resamples}")
    if len(clusters) < 2:
        raise ValueError(
            f"{specialty}: {len(clusters)} cluster(s) with at least {min_n} answers to {question!r}; "
            "comparing clusters needs two or more (lower min_n?)"
        )
    counts_a = np.asarray(counts, dtype=np.int64)
    bases_a = np.asarray(bases, dtype=np.int64)
    statistic = float(chi_square(counts_a.astype(float), bases_a.astype(float)))
    pvalue, algorithm, error, drawn = _pvalue(method, counts_a, bases_a, n_resamples, seed)
    intervals = _intervals(counts_a.tolist(), bases_a.tolist(), [None] * len(clusters), "wilson", confidence_level)
    return Heterogeneity(
        question=question,
        group=group,
        specialty=specialty,
        method=method,
        ved_ikke=ved_ikke,
        min_n=min_n,
        clusters=tuple(clusters),
        counts=tuple(int(c) for c in counts_a),
        bases=tuple(int(b) for b in bases_a),
        intervals=intervals,
        statistic=statistic,
        df=len(clusters) - 1,
        pvalue=min(1.0, pvalue),
        n_resamples=drawn,
        seed=None if drawn is None else seed,
        excluded=excluded,
        algorithm=algorithm,
        standard_error=error,
    )


def _pvalue(
    method: HeterogeneityMethod, counts: np.ndarray, bases: np.ndarray, n_resamples: int, seed: int
) -> tuple[float, HeterogeneityAlgorithm, float | None, int | None]:
    """The test's p-value by ``method``, the algorithm, its Monte Carlo standard error and the tables drawn.

    When nobody or everybody is in the group every table is the observed
    one, and the p-value is 1 without computing anything.
    """
    yes = int(counts.sum())
    degenerate = yes in (0, int(bases.sum()))
    if method == "exact":
        if degenerate:
            return 1.0, "fisher" if len(bases) == 2 else "enumeration", None, None
        return exact_pvalue(counts, bases, seed)
    table = tuple(counts.tolist()), tuple(bases.tolist())
    pvalue = 1.0 if degenerate else _permutation_pvalue(*table, n_resamples, seed)
    return pvalue, "permutation", None, n_resamples


@lru_cache(maxsize=8192)
def _permutation_pvalue(counts: tuple[int, ...], bases: tuple[int, ...], n_resamples: int, seed: int) -> float:
    """The permutation p-value of a table, remembered for the process.

    It is a function of the table (counts and bases, in their order), the
    number of resamples and the seed alone, so a table tested before in this
    process (another build of the same data, another option that leaves the
    table as it was) is not drawn again. A few hundred bytes a table.
    """
    counts_a, bases_a = np.asarray(counts, dtype=np.int64), np.asarray(bases, dtype=np.int64)
    statistic = float(chi_square(counts_a.astype(float), bases_a.astype(float)))
    return permutation_pvalue(counts_a, bases_a, n_resamples, seed, statistic)
