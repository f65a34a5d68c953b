"""How sure each figure of a specialty is: intervals, tests, heterogeneity and weights, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from klyngestat.stats.intervals import Interval, IntervalMethod, Population, populations_of, share_intervals
from klyngestat.stats.national import NationalAverage
from klyngestat.stats.shares import Share, VedIkke
from klyngestat.stats.significance import (
    Heterogeneity,
    ReferenceTest,
    RestComparison,
    cluster_heterogeneity,
    holm,
    specialty_vs_rest,
    versus_reference,
)
from klyngestat.stats.spread import ClusterSpread
from klyngestat.stats.weights import WeightedShare, weighted_share
from klyngestat.survey import Survey

__all__ = ["HETEROGENEITY_RESAMPLES", "SpecialtyUncertainty", "specialty_uncertainty"]

HETEROGENEITY_RESAMPLES = 1999
"""Permutations per cluster-heterogeneity test in summaries (p-values to about ±0.01)."""


def interval_dict(interval: Interval) -> dict[str, object]:
    """The JSON form of an interval inside a share object."""
    data: dict[str, object] = {
        "method": interval.method,
        "fpc": interval.fpc_applied,
        "population": interval.population,
        "confidence": interval.confidence,
        "low": interval.low,
        "high": interval.high,
    }
    if interval.low_count is not None:
        data["low_count"], data["high_count"] = interval.low_count, interval.high_count
    return data


@dataclass(frozen=True)
class SpecialtyUncertainty:
    """Intervals, tests and weights of one specialty's shares (see docs/statistics.md).

    ``population`` names the finite population of every interval and of the
    weighted share's correction (see :data:`klyngestat.stats.intervals.Population`).
    ``intervals`` are Wilson with the finite population correction (the
    population is the specialty's members, or its invited without a roster;
    plain Wilson with ``population="none"``); ``exact`` the hypergeometric
    interval (empty with ``population="none"``: it needs a population);
    ``clusters`` the shown clusters' Wilson-FPC intervals; ``national`` the pooled national share's interval;
    ``tests`` the specialty against the rest of the country (Fisher) or
    against a published reference (binomial), with ``holm`` the Holm-adjusted
    p-values over the specialty's questions; ``heterogeneity`` whether the
    clusters differ more than chance allows (permutation); ``weighted`` the
    share post-stratified to cluster members (with a roster only).
    """

    confidence: float
    intervals: Mapping[str, Interval]
    exact: Mapping[str, Interval]
    clusters: Mapping[str, Mapping[str, Interval]]
    national: Mapping[str, Interval]
    tests: Mapping[str, RestComparison | ReferenceTest]
    holm: Mapping[str, float]
    heterogeneity: Mapping[str, Heterogeneity]
    weighted: Mapping[str, WeightedShare]
    population: Population = "members"

    def share_extras(self, question: str) -> dict[str, object]:
        """Keys added to a specialty share object in the JSON."""
        extras: dict[str, object] = {}
        if question in self.intervals:
            extras["interval"] = interval_dict(self.intervals[question])
        if question in self.exact:
            extras["interval_exact"] = interval_dict(self.exact[question])
        if question in self.weighted:
            w = self.weighted[question]
            extras["weighted"] = {
                "share": w.weighted_share,
                "efficiency": w.efficiency,
                "effective_n": w.effective_n,
                "standard_error": w.standard_error,
                "low": w.low,
                "high": w.high,
                "uncovered": list(w.uncovered),
            }
        return extras

    def test_dict(self, question: str) -> dict[str, object] | None:
        """The comparison's test in the JSON, with its Holm-adjusted p-value."""
        test = self.tests.get(question)
        if test is None:
            return None
        if isinstance(test, RestComparison):
            return {
                "method": f"{test.method}_vs_rest",
                "pvalue": test.pvalue,
                "pvalue_holm": self.holm[question],
                "rest_count": test.rest_count,
                "rest_n": test.rest_n,
                "difference_pp": test.difference_pp,
                "low_pp": test.low_pp,
                "high_pp": test.high_pp,
                "interval_method": test.interval_method,
            }
        return {
            "method": "binomial_vs_reference",
            "pvalue": test.pvalue,
            "pvalue_holm": self.holm[question],
            "difference_pp": test.difference_pp,
            "low": test.low,
            "high": test.high,
            "interval_method": test.interval_method,
        }

    def heterogeneity_dict(self, question: str) -> dict[str, object]:
        """The heterogeneity test without per-cluster counts (those follow the suppression rule)."""
        h = self.heterogeneity[question]
        return {
            "method": h.method,
            "statistic": h.statistic,
            "df": h.df,
            "pvalue": h.pvalue,
            "n_resamples": h.n_resamples,
            "seed": h.seed,
            "clusters_tested": len(h.clusters),
        }


def specialty_uncertainty(
    survey: Survey,
    specialty: str,
    shares: Mapping[str, Share],
    spreads: Mapping[str, ClusterSpread],
    national: Mapping[str, NationalAverage],
    *,
    ved_ikke: VedIkke = "include",
    confidence: float = 0.95,
    resamples: int = HETEROGENEITY_RESAMPLES,
    seed: int = 0,
    population: Population = "members",
) -> SpecialtyUncertainty:
    """Intervals, tests and weights for a specialty's top-box shares (used by :func:`specialty_summary`)."""
    answered = {q: s for q, s in shares.items() if s.base}
    specialty_shares = list(answered.values())
    populations = populations_of(survey, specialty_shares, population=population)

    def by_question(method: IntervalMethod) -> dict[str, Interval]:
        if method == "hypergeometric" and population == "none":
            return {}  # the exact interval is one of population counts: without a population there is none
        found = share_intervals(specialty_shares, method=method, populations=populations, confidence=confidence)
        return dict(zip(answered, found.intervals, strict=True))

    shown = [s for q in answered for s in spreads[q].shown]
    cluster_intervals: dict[str, dict[str, Interval]] = {q: {} for q in answered}
    if shown:
        found = share_intervals(
            shown, populations=populations_of(survey, shown, population=population), confidence=confidence
        )
        for share, interval in zip(shown, found.intervals, strict=True):
            cluster_intervals[share.question][share.cluster or ""] = interval
    pooled = {q: n for q, n in national.items() if n.method == "pooled" and n.count is not None and n.base}
    national_shares = [
        Share(q, n.group, "", "nation", None, None, n.count or 0, n.base or 0, ved_ikke) for q, n in pooled.items()
    ]
    national_intervals = (
        dict(
            zip(
                pooled,
                share_intervals(
                    national_shares,
                    populations=populations_of(survey, national_shares, population=population),
                    confidence=confidence,
                ).intervals,
                strict=True,
            )
        )
        if national_shares
        else {}
    )
    tests: dict[str, RestComparison | ReferenceTest] = {}
    for q in answered:
        n = national.get(q)
        if n is None:
            continue
        if n.method == "reference":
            tests[q] = versus_reference(answered[q].count, answered[q].base, n.share, confidence=confidence)
        elif n.method == "pooled" and n.base and n.base > answered[q].base:
            tests[q] = specialty_vs_rest(survey, q, specialty, ved_ikke=ved_ikke, confidence=confidence)
    adjusted = dict(zip(tests, holm([t.pvalue for t in tests.values()]), strict=True)) if tests else {}
    heterogeneity = {
        q: cluster_heterogeneity(
            survey, q, specialty, n_resamples=resamples, seed=seed, ved_ikke=ved_ikke, confidence=confidence
        )
        for q in answered
        if sum(1 for s in spreads[q].shown + spreads[q].hidden if s.base) >= 2
    }
    weighted: dict[str, WeightedShare] = {}
    if survey.roster is not None and survey.roster.clusters_of(specialty):
        weighted = {
            q: weighted_share(survey, q, specialty, ved_ikke=ved_ikke, confidence=confidence, population=population)
            for q in answered
        }
    return SpecialtyUncertainty(
        confidence,
        by_question("wilson"),
        by_question("hypergeometric"),
        cluster_intervals,
        national_intervals,
        tests,
        adjusted,
        heterogeneity,
        weighted,
        population,
    )
