"""P-values of a clusters × (in group / not) table with its margins fixed: exact, Monte Carlo or by permutation.

The algorithms behind :func:`klyngestat.stats.significance.cluster_heterogeneity`:
Pearson's chi-square of k × 2 tables, the exact conditional (Freeman–Halton)
p-value by enumeration or by a network algorithm, its Monte Carlo estimate
when even the network is too large, and the permutation p-value of the
chi-square. Each is a function of the clusters' counts and bases only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np

from klyngestat.stats._exact import fisher_2x2

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


def chi_square(counts: np.ndarray, bases: np.ndarray) -> np.ndarray:
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


def count_tables(bases: Sequence[int], yes: int) -> int:
    """Tables with these row margins and column total: the coefficient of x^yes in Π (1 + … + x^n_c)."""
    ways = [1] + [0] * yes
    for n_c in bases:
        ways = [sum(ways[max(0, j - n_c) : j + 1]) for j in range(yes + 1)]
    return ways[yes]


def freeman_halton_pvalue(counts: Sequence[int], bases: Sequence[int]) -> float:
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


def log_choose_row(n: int) -> np.ndarray:
    """log C(n, a) for a = 0..n."""
    from scipy.special import gammaln

    a = np.arange(n + 1)
    return np.asarray(gammaln(n + 1) - gammaln(a + 1) - gammaln(n - a + 1))


def network_pvalue(counts: Sequence[int], bases: Sequence[int]) -> float | None:
    """The exact p-value of :func:`freeman_halton_pvalue` by a network algorithm, or None past the budget.

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
    rows = [log_choose_row(n) for n in order]
    k = len(order)
    observed = float(sum(log_choose_row(int(n))[int(a)] for a, n in zip(counts, bases, strict=True)))
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
    log_total = float(log_choose_row(sum(order))[yes])
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
            completions = log_choose_row(int(room_after[i]))[left[all_in]]
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


def monte_carlo_pvalue(counts: np.ndarray, bases: np.ndarray, n_samples: int, seed: int) -> tuple[float, float]:
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
        table[row, : int(n_c) + 1] = log_choose_row(int(n_c))
    clusters = np.arange(len(bases))
    threshold = float(table[clusters, counts].sum()) + math.log1p(1e-7)
    hits = 0
    chunk = max(1, 2_000_000 // max(1, len(bases)))
    for start in range(0, n_samples, chunk):
        drawn = rng.multivariate_hypergeometric(bases, yes, size=min(chunk, n_samples - start))
        hits += int(np.count_nonzero(table[clusters, drawn].sum(axis=1) <= threshold))
    pvalue = (1 + hits) / (1 + n_samples)
    return pvalue, math.sqrt(pvalue * (1 - pvalue) / n_samples)


def exact_pvalue(
    counts: np.ndarray, bases: np.ndarray, seed: int
) -> tuple[float, HeterogeneityAlgorithm, float | None, int | None]:
    """The exact conditional p-value by the cheapest exact algorithm, else by Monte Carlo.

    Returns the p-value, the algorithm, and for Monte Carlo its standard error and number of tables drawn.
    """
    if len(bases) == 2:
        (c1, c2), (n1, n2) = (int(c) for c in counts), (int(b) for b in bases)
        return fisher_2x2(c1, n1 - c1, c2, n2 - c2), "fisher", None, None
    counts_l, bases_l = [int(c) for c in counts], [int(b) for b in bases]
    if count_tables(bases_l, sum(counts_l)) <= MAX_TABLES:
        return freeman_halton_pvalue(counts_l, bases_l), "enumeration", None, None
    network = network_pvalue(counts_l, bases_l)
    if network is not None:
        return network, "network", None, None
    pvalue, error = monte_carlo_pvalue(counts, bases, MONTE_CARLO_SAMPLES, seed)
    return pvalue, "monte_carlo", error, MONTE_CARLO_SAMPLES


def permutation_pvalue(counts: np.ndarray, bases: np.ndarray, n_resamples: int, seed: int, observed: float) -> float:
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
        stats = chi_square(drawn.astype(float), bases.astype(float))
        hits += int(np.count_nonzero(stats >= observed - 1e-9 * max(1.0, observed)))
    return (1 + hits) / (1 + n_resamples)
