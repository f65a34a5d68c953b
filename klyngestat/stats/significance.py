"""How sure a difference is: exact tests for specialties, references and clusters.

A specialty is part of the national figure, so it is compared with the rest
of the country (a 2×2 table and an exact test), or with a published reference
by an exact binomial test. Whether a specialty's clusters differ more than
chance allows is a test on the clusters × (in group / not) table
(:func:`cluster_heterogeneity`; its p-value algorithms are in the private
module ``_cluster_tables``). Several tests at once get Holm's adjustment. See
``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal, get_args

import numpy as np

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._change_paired import mover_difference
from klyngestat.stats._cluster_tables import (
    MAX_NETWORK_STEP,
    MAX_TABLES,
    MONTE_CARLO_SAMPLES,
    HeterogeneityAlgorithm,
)
from klyngestat.stats._exact import fisher_2x2
from klyngestat.stats._heterogeneity import (
    Heterogeneity,
    HeterogeneityMethod,
    cluster_heterogeneity,
    heterogeneity_from_counts,
)
from klyngestat.stats._result import Result
from klyngestat.stats.intervals import _intervals
from klyngestat.stats.shares import VedIkke, group_shares
from klyngestat.survey import Survey

__all__ = [
    "MAX_NETWORK_STEP",
    "MAX_TABLES",
    "MONTE_CARLO_SAMPLES",
    "Heterogeneity",
    "HeterogeneityAlgorithm",
    "HeterogeneityMethod",
    "ReferenceTest",
    "RestComparison",
    "RestMethod",
    "cluster_heterogeneity",
    "heterogeneity_from_counts",
    "holm",
    "newcombe_difference",
    "specialty_vs_rest",
    "versus_reference",
]

RestMethod = Literal["fisher", "boschloo"]
"""Exact test of a 2×2 table: Fisher's (conditional) or Boschloo's (unconditional)."""


# --- specialty against the rest of the country ------------------------------------------------------------------


@dataclass(frozen=True)
class RestComparison(Result):
    """A specialty's share against the rest of the country's: exact test and difference interval.

    The difference is specialty − rest in percentage points, with Newcombe's
    hybrid score interval (``low_pp``, ``high_pp``).
    """

    question: str
    group: str
    specialty: str
    method: RestMethod
    confidence_level: float
    ved_ikke: VedIkke
    count: int
    base: int
    rest_count: int
    rest_base: int
    share: float
    rest_share: float
    difference_pp: float
    low_pp: float
    high_pp: float
    pvalue: float
    interval_method: str = "newcombe_hybrid_score"

    @property
    def table(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The 2×2 table: rows specialty and rest, columns in group and not."""
        return ((self.count, self.base - self.count), (self.rest_count, self.rest_base - self.rest_count))

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields."""
        return asdict(self)

    def _caption(self) -> str:
        return f"{self.specialty} mod resten af landet, {self.question} ({self.method})"


def newcombe_difference(
    count1: int, base1: int, count2: int, base2: int, *, confidence_level: float = 0.95
) -> tuple[float, float, float]:
    """The difference p1 − p2 and Newcombe's hybrid score interval, as shares.

    Newcombe's method 10 (Newcombe RG, "Interval estimation for the difference
    between independent proportions: comparison of eleven methods",
    Statistics in Medicine 17 (1998) 873–890): from the Wilson intervals
    (l1, u1) and (l2, u2), ``low = d − sqrt((p1 − l1)² + (u2 − p2)²)`` and
    ``high = d + sqrt((u1 − p1)² + (p2 − l2)²)``.

    Parameters
    ----------
    count1, base1
        The first share: ``count1`` of ``base1``.
    count2, base2
        The second share.
    confidence_level
        Level of the interval, strictly between 0 and 1.

    Examples
    --------
    >>> d, low, high = newcombe_difference(4, 14, 325, 672)
    >>> round(d, 4), round(low, 4), round(high, 4)
    (-0.1979, -0.3706, 0.0656)
    """
    check_confidence(confidence_level)
    one, two = _intervals([count1, count2], [base1, base2], [None, None], "wilson", confidence_level)
    low, high = mover_difference(one.share, one.low, one.high, two.share, two.low, two.high)
    return one.share - two.share, low, high


def rest_pvalue(count: int, base: int, rest_count: int, rest_base: int, *, method: RestMethod = "fisher") -> float:
    """Two-sided exact p-value of ``count`` of ``base`` against the rest's ``rest_count`` of ``rest_base``.

    The 2×2 table (specialty, rest) × (in group, not), by Fisher's test
    (exact in integers, R's ``fisher.test``; see :mod:`klyngestat.stats._exact`)
    or Boschloo's; :func:`specialty_vs_rest` and
    :func:`klyngestat.stats.compare.difference_test` both use it.

    Boschloo's test is unconditional: the specialty's ``base`` answers and the
    rest's ``rest_base`` are two independent binomial samples, and only those two
    sizes are held fixed. ``scipy.stats.boschloo_exact`` takes the samples as
    the table's columns, so it is given the transpose, (in group, not) ×
    (specialty, rest). When nobody or everybody is in the group, or a side has
    no answers, every possible table is as extreme as the observed one and the
    p-value is 1 (scipy answers NaN for an empty sample).

    Parameters
    ----------
    count, base
        The specialty: ``count`` of ``base`` answers in the group.
    rest_count, rest_base
        The rest of the country.
    method
        ``"fisher"`` (default) or ``"boschloo"``.

    Examples
    --------
    >>> round(rest_pvalue(4, 14, 325, 672), 3)
    0.18
    >>> round(rest_pvalue(4, 14, 325, 672, method="boschloo"), 3)
    0.158
    >>> rest_pvalue(0, 14, 0, 672, method="boschloo")
    1.0
    """
    if method == "fisher":
        return fisher_2x2(count, base - count, rest_count, rest_base - rest_count)
    from scipy import stats

    if base == 0 or rest_base == 0 or count + rest_count in (0, base + rest_base):
        return 1.0
    samples_as_columns = np.array([[count, rest_count], [base - count, rest_base - rest_count]])
    return min(float(stats.boschloo_exact(samples_as_columns, alternative="two-sided").pvalue), 1.0)


def specialty_vs_rest(
    survey: Survey,
    question: str,
    *,
    specialty: str,
    group: str | None = None,
    method: RestMethod = "fisher",
    ved_ikke: VedIkke = "include",
    confidence_level: float = 0.95,
) -> RestComparison:
    """Test a specialty's share against the rest of the country (all other specialties pooled).

    The specialty is part of the pooled national figure, so it is compared
    with the rest, not with the national figure itself. The 2×2 table is
    (specialty, rest) × (in group, not); the test is two-sided, exact:
    Fisher's (conditional on both margins; :func:`klyngestat.stats._exact.fisher_2x2`) or
    Boschloo's (unconditional: the specialty and the rest are two independent
    binomial samples of fixed size; usually more powerful;
    ``scipy.stats.boschloo_exact``, see :func:`rest_pvalue`). Answers are
    treated as independent draws (no finite population correction): the
    question is whether the specialties differ as groups, not what this
    year's members answered.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    specialty
        The specialty to compare with the rest of the country.
    group
        A named group of the question's scale; the top box by default.
    method
        ``"fisher"`` (default) or ``"boschloo"``.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.
    confidence_level
        Level of the difference's interval.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> r = specialty_vs_rest(demo_survey(), "forbedringer", specialty="Plastikkirurgi")
    >>> r.table
    ((4, 10), (325, 347))
    >>> round(r.pvalue, 3), round(r.difference_pp, 1), round(r.low_pp, 1), round(r.high_pp, 1)
    (0.18, -19.8, -37.1, 6.6)
    >>> round(specialty_vs_rest(demo_survey(), "forbedringer", specialty="Plastikkirurgi", method="boschloo").pvalue, 3)
    0.158
    """
    check_choice("method", method, get_args(RestMethod))
    check_confidence(confidence_level)
    survey.require_specialty(specialty)
    shares = {s.specialty: s for s in group_shares(survey, question, group=group, by="specialty", ved_ikke=ved_ikke)}
    own = shares[specialty]
    rest_count = sum(s.count for name, s in shares.items() if name != specialty)
    rest_base = sum(s.base for name, s in shares.items() if name != specialty)
    if own.base == 0:
        raise ValueError(f"{specialty}: nobody answered {question!r}; there is nothing to compare")
    if rest_base == 0:
        raise ValueError(
            f"{question!r}: no other specialty answered, so there is no rest of the country to compare with"
        )
    pvalue = rest_pvalue(own.count, own.base, rest_count, rest_base, method=method)
    d, low, high = newcombe_difference(own.count, own.base, rest_count, rest_base, confidence_level=confidence_level)
    return RestComparison(
        question=question,
        group=own.group,
        specialty=specialty,
        method=method,
        confidence_level=confidence_level,
        ved_ikke=ved_ikke,
        count=own.count,
        base=own.base,
        rest_count=rest_count,
        rest_base=rest_base,
        share=own.share,
        rest_share=rest_count / rest_base,
        difference_pp=100 * d,
        low_pp=100 * low,
        high_pp=100 * high,
        pvalue=pvalue,
    )


# --- against a published reference -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceTest(Result):
    """An exact binomial test of a share against a reference share, with its Clopper–Pearson interval."""

    count: int
    base: int
    reference_share: float
    share: float
    difference_pp: float
    pvalue: float
    low: float
    high: float
    confidence_level: float
    method: str = "binomial_exact"
    interval_method: str = "clopper_pearson"

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields."""
        return asdict(self)

    def _caption(self) -> str:
        return f"{self.count} af {self.base} mod referencetallet {self.reference_share:g}"


def versus_reference(count: int, base: int, *, reference_share: float, confidence_level: float = 0.95) -> ReferenceTest:
    """Two-sided exact binomial test of ``count`` of ``base`` against a reference share.

    For users who hold only their own specialty's data and a published
    national figure (``scipy.stats.binomtest``). The reference is taken as
    known; it is not a sample of its own.

    Parameters
    ----------
    count
        Answers in the group (scipy's ``k``).
    base
        Answers in the share's base (scipy's ``n``), at least 1.
    reference_share
        The reference share in [0, 1] (scipy's ``p``): 0.657 for 65.7 pct.
    confidence_level
        Level of the share's Clopper–Pearson interval.

    Examples
    --------
    >>> t = versus_reference(52, 73, reference_share=0.657)
    >>> round(t.pvalue, 3), round(t.low, 3), round(t.high, 3)
    (0.388, 0.594, 0.812)
    """
    check_confidence(confidence_level)
    if not 0 <= reference_share <= 1 or math.isnan(reference_share):
        raise ValueError(f"reference_share is a share in [0, 1] (0.657 for 65.7 pct.), not {reference_share!r}")
    if base < 1 or not 0 <= count <= base:
        raise ValueError(f"need 0 <= count <= base and base >= 1, got count={count}, base={base}")
    from scipy import stats

    result = stats.binomtest(count, base, reference_share, alternative="two-sided")
    ci = result.proportion_ci(confidence_level=confidence_level, method="exact")
    return ReferenceTest(
        count=count,
        base=base,
        reference_share=reference_share,
        share=count / base,
        difference_pp=100 * (count / base - reference_share),
        pvalue=float(result.pvalue),
        low=float(ci.low),
        high=float(ci.high),
        confidence_level=confidence_level,
    )


# --- many tests at once -----------------------------------------------------------------------------------------


def holm(pvalues: Sequence[float]) -> tuple[float, ...]:
    """Holm's step-down adjusted p-values, in the input's order.

    Sorted ascending, the i-th smallest (from 0) becomes
    max over j ≤ i of min(1, (m − j)·p₍ⱼ₎): monotone in the raw p-values,
    never below them, capped at 1. Controls the family-wise error rate
    under any dependence (Holm, Scand. J. Statist. 6 (1979) 65–70).

    Parameters
    ----------
    pvalues
        The raw p-values of the tests taken together, each in [0, 1].

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03, 0.2])
    (0.04, 0.09, 0.09, 0.2)
    """
    p = np.asarray(pvalues, dtype=float)
    if p.ndim != 1:
        raise ValueError("pvalues must be a flat sequence of numbers")
    if p.size and (np.isnan(p).any() or (p < 0).any() or (p > 1).any()):
        raise ValueError(f"p-values lie in [0, 1]; got {p.tolist()}")
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return tuple(float(x) for x in adjusted)
