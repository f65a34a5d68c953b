"""How sure each figure of a specialty is: intervals, tests, heterogeneity and weights, in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from klyngestat.stats._result import Result, json_value
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

__all__ = ["HETEROGENEITY_RESAMPLES", "UNCERTAINTY_COLUMNS", "SpecialtyUncertainty", "specialty_uncertainty"]

HETEROGENEITY_RESAMPLES = 1999
"""Permutations per cluster-heterogeneity test in summaries (p-values to about ±0.01)."""

UNCERTAINTY_COLUMNS = (
    "question",
    "low",
    "high",
    "exact_low",
    "exact_high",
    "test_method",
    "pvalue",
    "pvalue_holm",
    "heterogeneity_pvalue",
    "weighted_share",
    "weighted_low",
    "weighted_high",
)
"""The columns of :meth:`SpecialtyUncertainty.to_frame`: the Wilson interval with the finite population correction,
the exact one, the test against the national figure (raw and Holm-adjusted p-value), the clusters' heterogeneity
test and the post-stratified share, one row per answered question; None where a figure does not apply."""


def interval_dict(interval: Interval) -> dict[str, object]:
    """The JSON form of an interval inside a share object."""
    data: dict[str, object] = {
        "method": interval.method,
        "fpc_applied": interval.fpc_applied,
        "population": interval.population,
        "confidence_level": interval.confidence_level,
        "low": interval.low,
        "high": interval.high,
    }
    if interval.low_count is not None:
        data["low_count"], data["high_count"] = interval.low_count, interval.high_count
    return data


@dataclass(frozen=True)
class SpecialtyUncertainty(Result):
    """Intervals, tests and weights of one specialty's shares (see docs/statistics.md).

    ``fpc_population`` names the finite population of every interval and of the
    weighted share's correction (see :data:`klyngestat.stats.intervals.Population`).
    ``intervals`` are Wilson with the finite population correction (the
    population is the specialty's members, or its invited without a roster;
    plain Wilson with ``fpc_population="none"``); ``exact`` the hypergeometric
    interval (empty with ``fpc_population="none"``: it needs a population);
    ``clusters`` the shown clusters' Wilson-FPC intervals; ``national`` the pooled national share's interval;
    ``tests`` the specialty against the rest of the country (Fisher) or
    against a published reference (binomial), with ``holm`` the Holm-adjusted
    p-values over the specialty's questions; ``heterogeneity`` whether the
    clusters differ more than chance allows (permutation); ``weighted`` the
    share post-stratified to cluster members (with a roster only).
    ``to_dict()["questions"]`` holds the frame's rows, one per answered
    question (see :data:`UNCERTAINTY_COLUMNS`).
    """

    ROWS: ClassVar[str | None] = "questions"
    confidence_level: float
    intervals: Mapping[str, Interval]
    exact: Mapping[str, Interval]
    clusters: Mapping[str, Mapping[str, Interval]]
    national: Mapping[str, Interval]
    tests: Mapping[str, RestComparison | ReferenceTest]
    holm: Mapping[str, float]
    heterogeneity: Mapping[str, Heterogeneity]
    weighted: Mapping[str, WeightedShare]
    fpc_population: Population = "members"

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the level, the population and one row per answered question."""
        rows = []
        for question, interval in self.intervals.items():
            exact = self.exact.get(question)
            test = self.tests.get(question)
            heterogeneity = self.heterogeneity.get(question)
            weighted = self.weighted.get(question)
            rows.append(
                {
                    "question": question,
                    "low": json_value(interval.low),
                    "high": json_value(interval.high),
                    "exact_low": None if exact is None else exact.low,
                    "exact_high": None if exact is None else exact.high,
                    "test_method": None if test is None else self._test_method(test),
                    "pvalue": None if test is None else test.pvalue,
                    "pvalue_holm": self.holm.get(question),
                    "heterogeneity_pvalue": None if heterogeneity is None else heterogeneity.pvalue,
                    "weighted_share": None if weighted is None else weighted.weighted_share,
                    "weighted_low": None if weighted is None else weighted.low,
                    "weighted_high": None if weighted is None else weighted.high,
                }
            )
        return {"confidence_level": self.confidence_level, "fpc_population": self.fpc_population, "questions": rows}

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return list(UNCERTAINTY_COLUMNS)

    def _caption(self) -> str:
        return f"Usikkerhed ({self.confidence_level:g}, population: {self.fpc_population})"

    @staticmethod
    def _test_method(test: RestComparison | ReferenceTest) -> str:
        return f"{test.method}_vs_rest" if isinstance(test, RestComparison) else "binomial_vs_reference"

    def share_extras(self, question: str) -> dict[str, object]:
        """Keys added to a specialty share object in the JSON.

        Parameters
        ----------
        question
            A question id of the specialty's shares; a question without figures adds no keys.
        """
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
        """The comparison's test in the JSON, with its Holm-adjusted p-value.

        Parameters
        ----------
        question
            A question id of the specialty's shares; None when the question was not tested.
        """
        test = self.tests.get(question)
        if test is None:
            return None
        if isinstance(test, RestComparison):
            return {
                "method": self._test_method(test),
                "pvalue": test.pvalue,
                "pvalue_holm": self.holm[question],
                "rest_count": test.rest_count,
                "rest_base": test.rest_base,
                "difference_pp": test.difference_pp,
                "low_pp": test.low_pp,
                "high_pp": test.high_pp,
                "interval_method": test.interval_method,
            }
        return {
            "method": self._test_method(test),
            "pvalue": test.pvalue,
            "pvalue_holm": self.holm[question],
            "difference_pp": test.difference_pp,
            "low": test.low,
            "high": test.high,
            "interval_method": test.interval_method,
        }

    def heterogeneity_dict(self, question: str) -> dict[str, object]:
        """The heterogeneity test without per-cluster counts (those follow the suppression rule).

        Parameters
        ----------
        question
            A question id whose clusters were tested (a key of ``heterogeneity``).
        """
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
    confidence_level: float = 0.95,
    n_resamples: int = HETEROGENEITY_RESAMPLES,
    seed: int = 0,
    fpc_population: Population = "members",
) -> SpecialtyUncertainty:
    """Intervals, tests and weights for a specialty's top-box shares (used by :func:`specialty_summary`).

    Parameters
    ----------
    survey
        The survey.
    specialty
        The specialty.
    shares, spreads, national
        Its top-box shares, cluster spreads and national figures, by question id.
    ved_ikke, confidence_level, n_resamples, seed, fpc_population
        As in :func:`klyngestat.specialty_summary`.
    """
    answered = {q: s for q, s in shares.items() if s.base}
    options = _Options(ved_ikke, confidence_level, fpc_population)
    populations = populations_of(survey, list(answered.values()), fpc_population=fpc_population)
    clusters = _cluster_intervals(survey, answered, spreads, options)
    national_intervals = _national_intervals(survey, national, options)
    tests = _tests(survey, specialty, answered, national, options)
    adjusted = dict(zip(tests, holm([t.pvalue for t in tests.values()]), strict=True)) if tests else {}
    heterogeneity = {
        q: cluster_heterogeneity(
            survey,
            q,
            specialty=specialty,
            n_resamples=n_resamples,
            seed=seed,
            ved_ikke=ved_ikke,
            confidence_level=confidence_level,
        )
        for q in answered
        if sum(1 for s in spreads[q].shown + spreads[q].hidden if s.base) >= 2
    }
    weighted: dict[str, WeightedShare] = {}
    if survey.roster is not None and survey.roster.clusters_of(specialty):
        weighted = {
            q: weighted_share(
                survey,
                q,
                specialty=specialty,
                ved_ikke=ved_ikke,
                confidence_level=confidence_level,
                fpc_population=fpc_population,
            )
            for q in answered
        }
    intervals, exact = _specialty_intervals(answered, populations, options)
    return SpecialtyUncertainty(
        confidence_level,
        intervals,
        exact,
        clusters,
        national_intervals,
        tests,
        adjusted,
        heterogeneity,
        weighted,
        fpc_population,
    )


@dataclass(frozen=True)
class _Options:
    """The options every interval and test of a specialty shares."""

    ved_ikke: VedIkke
    confidence_level: float
    fpc_population: Population


def _specialty_intervals(
    answered: Mapping[str, Share], populations: Sequence[int | None], options: _Options
) -> tuple[dict[str, Interval], dict[str, Interval]]:
    """The specialty's Wilson (with the finite population correction) and exact intervals, by question."""
    shares = list(answered.values())

    def by_question(method: IntervalMethod) -> dict[str, Interval]:
        if method == "hypergeometric" and options.fpc_population == "none":
            return {}  # the exact interval is one of population counts: without a population there is none
        found = share_intervals(
            shares, method=method, populations=populations, confidence_level=options.confidence_level
        )
        return dict(zip(answered, found.intervals, strict=True))

    return by_question("wilson"), by_question("hypergeometric")


def _cluster_intervals(
    survey: Survey, answered: Mapping[str, Share], spreads: Mapping[str, ClusterSpread], options: _Options
) -> dict[str, dict[str, Interval]]:
    """The shown clusters' Wilson intervals (with the finite population correction): question → cluster → interval."""
    shown = [s for q in answered for s in spreads[q].shown]
    cluster_intervals: dict[str, dict[str, Interval]] = {q: {} for q in answered}
    if shown:
        found = share_intervals(
            shown,
            populations=populations_of(survey, shown, fpc_population=options.fpc_population),
            confidence_level=options.confidence_level,
        )
        for share, interval in zip(shown, found.intervals, strict=True):
            cluster_intervals[share.question][share.cluster or ""] = interval
    return cluster_intervals


def _national_intervals(
    survey: Survey, national: Mapping[str, NationalAverage], options: _Options
) -> dict[str, Interval]:
    """The pooled national shares' intervals, by question (none for the other national methods)."""
    pooled = {q: n for q, n in national.items() if n.method == "pooled" and n.count is not None and n.base}
    national_shares = [
        Share(q, n.group, "", "nation", None, None, n.count or 0, n.base or 0, options.ved_ikke)
        for q, n in pooled.items()
    ]
    if not national_shares:
        return {}
    found = share_intervals(
        national_shares,
        populations=populations_of(survey, national_shares, fpc_population=options.fpc_population),
        confidence_level=options.confidence_level,
    )
    return dict(zip(pooled, found.intervals, strict=True))


def _tests(
    survey: Survey,
    specialty: str,
    answered: Mapping[str, Share],
    national: Mapping[str, NationalAverage],
    options: _Options,
) -> dict[str, RestComparison | ReferenceTest]:
    """Each answered question's test: against a published reference, or against the rest of the country."""
    tests: dict[str, RestComparison | ReferenceTest] = {}
    for q in answered:
        n = national.get(q)
        if n is None:
            continue
        if n.method == "reference":
            tests[q] = versus_reference(
                answered[q].count, answered[q].base, reference_share=n.share, confidence_level=options.confidence_level
            )
        elif n.method == "pooled" and n.base and n.base > answered[q].base:
            tests[q] = specialty_vs_rest(
                survey, q, specialty=specialty, ved_ikke=options.ved_ikke, confidence_level=options.confidence_level
            )
    return tests
