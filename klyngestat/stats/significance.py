"""How sure a difference is: exact tests for specialties, references and clusters.

A specialty is part of the national figure, so it is compared with the rest
of the country (a 2×2 table and an exact test), or with a published reference
by an exact binomial test. Whether a specialty's clusters differ more than
chance allows is a test on the clusters × (in group / not) table. Several
tests at once get Holm's adjustment. See ``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import ClassVar, Literal, get_args

import numpy as np

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._exact import fisher_2x2
from klyngestat.stats._result import Result
from klyngestat.stats.intervals import Interval, _intervals
from klyngestat.stats.shares import VedIkke, group_shares
from klyngestat.survey import Survey

__all__ = [
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

HeterogeneityMethod = Literal["exact", "permutation"]
"""Exact conditional enumeration of tables, or a seeded permutation test."""

HeterogeneityAlgorithm = Literal["fisher", "enumeration", "network", "monte_carlo", "permutation"]
"""How a heterogeneity p-value was computed.

``"exact"`` gives ``"fisher"`` (two clusters), ``"enumeration"`` (every
table, up to ``MAX_TABLES``), ``"network"`` (exact, paths merged, up to
``MAX_NETWORK_STEP``) or ``"monte_carlo"`` (tables drawn from the exact
conditional distribution, with a standard error); ``"permutation"`` gives
``"permutation"``.
"""

MAX_TABLES = 2_000_000
"""Largest number of tables the exact heterogeneity test enumerates one by one."""

MAX_NETWORK_STEP = 4_000_000
"""Largest number of partial tables one step of the exact network algorithm may extend."""

MONTE_CARLO_SAMPLES = 1_000_000
"""Tables drawn when the exact test is too large for the network algorithm (standard error at most 0.0005)."""


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
    p1, p2 = one.share, two.share
    d = p1 - p2
    low = d - math.sqrt((p1 - one.low) ** 2 + (two.high - p2) ** 2)
    high = d + math.sqrt((one.high - p1) ** 2 + (p2 - two.low) ** 2)
    return d, low, high


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


# --- heterogeneity of clusters ---------------------------------------------------------------------------------


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


def _chi_square(counts: np.ndarray, bases: np.ndarray) -> np.ndarray:
    """Pearson's chi-square of k × 2 tables; ``counts`` has shape (..., k). 0 when a column is empty."""
    total = bases.sum()
    yes = counts.sum(axis=-1, keepdims=True)
    no = total - yes
    with np.errstate(divide="ignore", invalid="ignore"):
        # Σ (O − E)²/E over both columns = N²/(m(N − m)) · Σ_c (a_c − n_c m/N)²/n_c.
        scale = np.where((yes > 0) & (no > 0), total**2 / (yes * no), 0.0)
        deviations = ((counts - bases * yes / total) ** 2 / bases).sum(axis=-1, keepdims=True)
    statistic: np.ndarray = (scale * deviations)[..., 0]
    return statistic


def _count_tables(bases: Sequence[int], yes: int) -> int:
    """Tables with these row margins and column total: the coefficient of x^yes in Π (1 + … + x^n_c)."""
    ways = [1] + [0] * yes
    for n_c in bases:
        ways = [sum(ways[max(0, j - n_c) : j + 1]) for j in range(yes + 1)]
    return ways[yes]


def _freeman_halton_pvalue(counts: Sequence[int], bases: Sequence[int]) -> float:
    """Exact conditional p-value of a k × 2 table by enumerating every table with the same margins.

    Tables are ordered by their (multivariate hypergeometric) probability, as
    in Fisher's exact test and R's ``fisher.test``: the p-value is the total
    probability of tables no more probable than the observed one (with
    R's relative tolerance of 1e-7).
    """
    from scipy.special import gammaln

    bases_a = np.asarray(bases, dtype=np.int64)
    yes = int(sum(counts))

    def log_choose(n: np.ndarray | int, k: np.ndarray) -> np.ndarray:
        return np.asarray(gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1))

    observed = float(sum(log_choose(int(n), np.asarray(a)) for a, n in zip(counts, bases, strict=True)))
    # The order of clusters does not change the set of tables; the largest goes last, where its count is
    # determined by the others (yes − partial sum) and needs no expansion.
    bases_a = np.sort(bases_a)
    room_after = np.concatenate([np.cumsum(bases_a[::-1])[::-1][1:], [0]])
    partial = np.zeros(1, dtype=np.int64)
    log_p = np.zeros(1)
    # One step per cluster (not per row): extend every partial table by each feasible count.
    for n_c, room in zip(bases_a[:-1], room_after[:-1], strict=True):
        a = np.arange(n_c + 1)
        sums = partial[:, None] + a[None, :]
        keep = (sums <= yes) & (sums + room >= yes)
        log_p = (log_p[:, None] + log_choose(int(n_c), a)[None, :])[keep]
        partial = sums[keep]
    log_p = log_p + log_choose(int(bases_a[-1]), yes - partial)
    log_total = float(log_choose(int(bases_a.sum()), np.asarray(yes)))
    probabilities = np.exp(log_p - log_total)
    limit = math.exp(observed - log_total) * (1 + 1e-7)
    return float(min(1.0, probabilities[probabilities <= limit].sum()))


def _log_choose_row(n: int) -> np.ndarray:
    """log C(n, a) for a = 0..n."""
    from scipy.special import gammaln

    a = np.arange(n + 1)
    return np.asarray(gammaln(n + 1) - gammaln(a + 1) - gammaln(n - a + 1))


def _network_pvalue(counts: Sequence[int], bases: Sequence[int]) -> float | None:
    """The exact p-value of :func:`_freeman_halton_pvalue` by a network algorithm, or None past the budget.

    After Mehta & Patel (JASA 78 (1983) 427–434; R's ``fisher.test``): the
    clusters are taken one at a time (smallest first), and a partial table is
    a path through nodes (clusters done, answers in the group so far). Its
    weight is Π C(n_c, a_c) over the clusters done, the table's probability
    being that product over all clusters divided by C(N, m). For each node
    the largest and the smallest log weight of any completion, and the total
    weight of all completions (Vandermonde: C(remaining answers, remaining in
    group)), are known beforehand, so a path all of whose completions are
    no more probable than the observed table adds its whole mass at once, a
    path none of whose completions is drops out, and only the undecided ones
    go on. Paths meeting at a node with the same weight (log weights equal
    to 1e-9) are merged and counted; this is what keeps the network small.
    The criterion is the enumeration's, so the p-values agree to rounding.
    Returns None when one step would extend more than ``MAX_NETWORK_STEP``
    partial tables.
    """
    yes = int(sum(counts))
    order = sorted(int(b) for b in bases)
    rows = [_log_choose_row(n) for n in order]
    k = len(order)
    observed = float(sum(_log_choose_row(int(n))[int(a)] for a, n in zip(counts, bases, strict=True)))
    threshold = observed + math.log1p(1e-7)
    # Bounds over the completions of clusters i.. holding r in the group (r = 0..yes).
    highest = [np.full(yes + 1, -np.inf) for _ in range(k + 1)]
    lowest = [np.full(yes + 1, np.inf) for _ in range(k + 1)]
    highest[k][0] = lowest[k][0] = 0.0
    for i in range(k - 1, -1, -1):
        for j, weight in enumerate(rows[i][: yes + 1]):
            highest[i][j:] = np.maximum(highest[i][j:], highest[i + 1][: yes + 1 - j] + weight)
            lowest[i][j:] = np.minimum(lowest[i][j:], lowest[i + 1][: yes + 1 - j] + weight)
    room_after = np.concatenate([np.cumsum(order[::-1])[::-1][1:], [0]])
    log_total = float(_log_choose_row(sum(order))[yes])
    partial: np.ndarray = np.zeros(1, dtype=np.int64)
    log_w: np.ndarray = np.zeros(1)
    paths: np.ndarray = np.ones(1)
    pvalue = 0.0
    for i, n_c in enumerate(order):
        if len(partial) * (n_c + 1) > MAX_NETWORK_STEP:
            return None
        a = np.arange(n_c + 1)
        sums = (partial[:, None] + a[None, :]).ravel()
        weights = (log_w[:, None] + rows[i][None, :]).ravel()
        multiplicity = np.repeat(paths, n_c + 1)
        feasible = (sums <= yes) & (sums + room_after[i] >= yes)
        sums, weights, multiplicity = sums[feasible], weights[feasible], multiplicity[feasible]
        left = yes - sums
        all_in = weights + highest[i + 1][left] <= threshold
        if all_in.any():
            completions = _log_choose_row(int(room_after[i]))[left[all_in]]
            pvalue += float(np.sum(multiplicity[all_in] * np.exp(weights[all_in] + completions - log_total)))
        # After the second-to-last cluster the last one's count is fixed, so every path is decided there.
        undecided = ~all_in & (weights + lowest[i + 1][left] <= threshold)
        sums, weights, multiplicity = sums[undecided], weights[undecided], multiplicity[undecided]
        if len(sums) == 0:
            break
        key = np.round(weights * 1e9).astype(np.int64) * (yes + 1) + sums
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        paths = np.bincount(inverse.ravel(), weights=multiplicity)
        partial, log_w = sums[first], weights[first]
    return min(1.0, pvalue)


def _monte_carlo_pvalue(counts: np.ndarray, bases: np.ndarray, n_samples: int, seed: int) -> tuple[float, float]:
    """The exact test's p-value estimated from tables drawn under the null, and its standard error.

    Tables are drawn from the exact conditional distribution (the clusters'
    in-group counts are multivariate hypergeometric given the margins); the
    estimate is (1 + #{tables no more probable than the observed})/(1 + n_samples),
    as R's ``fisher.test(simulate.p.value=TRUE)``, with the binomial standard
    error sqrt(p(1 − p)/n_samples).
    """
    rng = np.random.default_rng(seed)
    yes = int(counts.sum())
    table = np.full((len(bases), int(bases.max()) + 1), -np.inf)
    for row, n_c in enumerate(bases):
        table[row, : int(n_c) + 1] = _log_choose_row(int(n_c))
    clusters = np.arange(len(bases))
    threshold = float(table[clusters, counts].sum()) + math.log1p(1e-7)
    hits = 0
    chunk = max(1, 2_000_000 // max(1, len(bases)))
    for start in range(0, n_samples, chunk):
        drawn = rng.multivariate_hypergeometric(bases, yes, size=min(chunk, n_samples - start))
        hits += int(np.count_nonzero(table[clusters, drawn].sum(axis=1) <= threshold))
    pvalue = (1 + hits) / (1 + n_samples)
    return pvalue, math.sqrt(pvalue * (1 - pvalue) / n_samples)


def _exact_pvalue(
    counts: np.ndarray, bases: np.ndarray, seed: int
) -> tuple[float, HeterogeneityAlgorithm, float | None, int | None]:
    """The exact conditional p-value by the cheapest exact algorithm, else by Monte Carlo.

    Returns the p-value, the algorithm, and for Monte Carlo its standard error and number of tables drawn.
    """
    if len(bases) == 2:
        (c1, c2), (n1, n2) = (int(c) for c in counts), (int(b) for b in bases)
        return fisher_2x2(c1, n1 - c1, c2, n2 - c2), "fisher", None, None
    counts_l, bases_l = [int(c) for c in counts], [int(b) for b in bases]
    if _count_tables(bases_l, sum(counts_l)) <= MAX_TABLES:
        return _freeman_halton_pvalue(counts_l, bases_l), "enumeration", None, None
    network = _network_pvalue(counts_l, bases_l)
    if network is not None:
        return network, "network", None, None
    pvalue, error = _monte_carlo_pvalue(counts, bases, MONTE_CARLO_SAMPLES, seed)
    return pvalue, "monte_carlo", error, MONTE_CARLO_SAMPLES


def _permutation_pvalue(counts: np.ndarray, bases: np.ndarray, n_resamples: int, seed: int, observed: float) -> float:
    """Share of permuted tables whose chi-square is at least the observed, (1 + hits)/(1 + resamples).

    Shuffling the in-group labels over the answers and counting them per
    cluster gives the clusters' counts a multivariate hypergeometric
    distribution; drawing those counts directly is the same permutation
    distribution without materialising the shuffled labels.
    """
    rng = np.random.default_rng(seed)
    yes = int(counts.sum())
    hits = 0
    chunk = max(1, 2_000_000 // max(1, len(bases)))
    for start in range(0, n_resamples, chunk):
        size = min(chunk, n_resamples - start)
        drawn = rng.multivariate_hypergeometric(bases, yes, size=size)
        stats = _chi_square(drawn.astype(float), bases.astype(float))
        hits += int(np.count_nonzero(stats >= observed - 1e-9 * max(1.0, observed)))
    return (1 + hits) / (1 + n_resamples)


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
    statistic = float(_chi_square(counts_a.astype(float), bases_a.astype(float)))
    yes = int(counts_a.sum())
    degenerate = yes in (0, int(bases_a.sum()))
    algorithm: HeterogeneityAlgorithm = "permutation"
    error: float | None = None
    drawn: int | None = n_resamples
    if method == "exact":
        if degenerate:
            pvalue, algorithm, drawn = 1.0, "fisher" if len(clusters) == 2 else "enumeration", None
        else:
            pvalue, algorithm, error, drawn = _exact_pvalue(counts_a, bases_a, seed)
    else:
        pvalue = 1.0 if degenerate else _permutation_pvalue(counts_a, bases_a, n_resamples, seed, statistic)
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


# --- many tests at once -----------------------------------------------------------------------------------------


def holm(pvalues: Sequence[float]) -> tuple[float, ...]:
    """Holm's step-down adjusted p-values, in the input's order.

    Sorted ascending, the i-th smallest (from 0) becomes
    max over j ≤ i of min(1, (m − j)·p₍ⱼ₎): monotone in the raw p-values,
    never below them, capped at 1. Controls the family-wise error rate
    under any dependence (Holm, Scand. J. Statist. 6 (1979) 65–70).

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
