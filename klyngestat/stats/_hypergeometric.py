"""The exact hypergeometric interval's bounds: a search over the population count K, settled exactly at ties.

For ``method="hypergeometric"`` of :func:`klyngestat.stats.intervals.proportion_interval`:
the bounds are the population counts K whose one-sided tails exceed α/2,
found for many shares at once from the normal approximation's guess, the
tails summed in floating point accurate to about 1e-13 (Loader's binomial
probabilities, as R's ``dhyper``), and settled in exact integer arithmetic
wherever a tail comes within a relative 1e-9 of α/2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from klyngestat.stats._bounds import wilson, z_quantile

_TIE_BAND = 1e-9
"""Relative distance from α/2 within which a floating-point tail does not decide a bound; exact arithmetic does."""


def _alpha_half(confidence: float) -> Fraction:
    """α/2 as an exact fraction of the level as written: 0.8 is 4/5, so α/2 is 1/10 (not 1 − 0.8 in binary)."""
    return (1 - Fraction(repr(float(confidence)))) / 2


def _tail_exceeds(k: int, n: int, big_n: int, big_k: int, alpha_half: Fraction) -> bool:
    """Whether P(X ≥ k | K) exceeds α/2, in exact integer arithmetic."""
    ways = sum(math.comb(big_k, x) * math.comb(big_n - big_k, n - x) for x in range(k, min(n, big_k) + 1))
    return ways * alpha_half.denominator > alpha_half.numerator * math.comb(big_n, n)


def _exact_lowest_count(k: int, n: int, big_n: int, start: int, alpha_half: Fraction) -> int:
    """From a bound found in floating point, step K to the edge of the exact predicate P(X ≥ k | K) > α/2.

    The tail rises with K, so the bound moves one way until the predicate
    flips; from a floating-point start that is a step or none.
    """
    low = start
    while low > k and _tail_exceeds(k, n, big_n, low - 1, alpha_half):
        low -= 1
    while not _tail_exceeds(k, n, big_n, low, alpha_half):
        low += 1
    return low


def hypergeometric_counts(
    k: np.ndarray, n: np.ndarray, population: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact bounds on the population count K: the smallest K kept, and N minus the smallest count of "no" kept.

    P(X ≤ k | K), the chance of k or fewer "yes", is the chance of n − k or
    more "no" among the answers when N − K members would say no. So the
    largest K with P(X ≤ k | K) > α/2 is N minus the smallest K' with
    P(X' ≥ n − k | K') > α/2, and both bounds are one search, over the shares
    and their complements. Shares often repeat a case (clusters of a size, a
    share and its complement), and each distinct one is searched once.
    """
    k, n, big_n = k.astype(np.int64), n.astype(np.int64), population.astype(np.int64)
    counts, ns, big_ns = np.concatenate([k, n - k]), np.concatenate([n, n]), np.concatenate([big_n, big_n])
    first, inverse = _distinct(counts, ns, big_ns)
    lowest = lowest_counts(counts[first], ns[first], big_ns[first], confidence)[inverse]
    return lowest[: len(k)], big_n - lowest[len(k) :]


def _distinct(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row of each distinct combination of ``columns``, and each row's place among those."""
    order = np.lexsort(columns[::-1])
    new = np.ones(len(order), dtype=bool)
    for column in columns:
        new[1:] |= column[order][1:] != column[order][:-1]
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


_WALK = 32
"""Steps of K taken from the first guess at a bound; beyond them, the rest of the way is bisected."""


def lowest_counts(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float) -> np.ndarray:
    """The smallest K in [k, N − (n − k)] with P(X ≥ k | K) > α/2, for every case at once.

    The tail rises with K (the hypergeometric is stochastically increasing in
    K) and is certain at K = N − (n − k), so the bound is the edge of a
    monotone predicate. The search starts at the normal approximation's bound
    (Wilson's with continuity and finite population corrections), within a
    step or two of it for samples from a handful to a million answers; one
    tail is summed there, and each step of K changes it by one term,
    P(X ≥ k | K) − P(X ≥ k | K − 1) = (k/K)·P(X = k | K). Where the guess is
    far off (a few answers from a large population), the rest of the way is
    bisected.

    Floating point cannot tell a tail equal to α/2, which the strict
    inequality excludes, from one just above it (1 − 0.8 is
    0.19999999999999996). Only the K on either side of a bound can be that
    close, and the search has both tails; where either lies within
    ``_TIE_BAND`` of α/2, the bound is settled in exact arithmetic.
    """
    alpha_half = _alpha_half(confidence)
    lowest = k.copy()  # with no "yes" (P(X ≥ 0) = 1) or a census (K = k is the only count), k is the bound
    cases = np.flatnonzero((k > 0) & (n < big_n))
    search = _Search.start(k[cases], n[cases], big_n[cases], confidence, float(alpha_half))
    unsettled_down = search.walk_down()
    unsettled_up = search.walk_up()
    search.bisect(unsettled_down, unsettled_up)
    big_k, half = search.big_k, search.half
    for i in np.flatnonzero(_near(search.inside, half) | _near(search.outside, half)):
        big_k[i] = _exact_lowest_count(
            int(search.k[i]), int(search.n[i]), int(search.big_n[i]), int(big_k[i]), alpha_half
        )
    lowest[cases] = big_k
    return lowest


@dataclass
class _Search:
    """Where the search for the lower bound of every case stands; its steps update the arrays in place.

    ``big_k`` is the current K, ``tail`` and ``at_k`` are P(X ≥ k | K) and
    P(X = k | K) there; ``inside`` is the tail at the bound found so far and
    ``outside`` the tail at the count below it (NaN while unknown; none
    below K = k), which decide whether exact arithmetic must settle it.
    """

    k: np.ndarray
    n: np.ndarray
    big_n: np.ndarray
    half: float
    big_k: np.ndarray
    tail: np.ndarray
    at_k: np.ndarray
    inside: np.ndarray
    outside: np.ndarray

    @classmethod
    def start(cls, k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float, half: float) -> _Search:
        """The search at the normal approximation's first guess, its tails summed there."""
        big_k = _first_guess(k, n, big_n, confidence)
        tail, at_k = upper_tails(k, n, big_n, big_k)
        inside, outside = np.where(tail > half, tail, 1.0), np.where(tail > half, np.nan, tail)
        return cls(k, n, big_n, half, big_k, tail, at_k, inside, outside)

    def walk_down(self) -> np.ndarray:
        """Step K down, one term of the tail at a time, while the tail below still exceeds α/2; the cases left."""
        kf, nf, big_nf, half = self.k.astype(float), self.n.astype(float), self.big_n.astype(float), self.half
        tail, at_k, big_k = self.tail, self.at_k, self.big_k
        going_down = np.flatnonzero(tail > half)
        rows = going_down[big_k[going_down] > self.k[going_down]]
        for _ in range(_WALK):
            if not len(rows):
                break
            kr, big_kr = kf[rows], big_k[rows].astype(float)
            below = tail[rows] - kr / big_kr * at_k[rows]
            step = below > half
            self.outside[rows[~step]] = below[~step]
            rows, kr, big_kr = rows[step], kr[step], big_kr[step]
            # P(X = k | K − 1) from P(X = k | K): one "yes" fewer in the population, one "no" more.
            at_k[rows] *= (
                (big_kr - kr) / big_kr * (big_nf[rows] - big_kr + 1) / (big_nf[rows] - big_kr + 1 - nf[rows] + kr)
            )
            big_k[rows] -= 1
            tail[rows] = self.inside[rows] = below[step]
            rows = rows[big_k[rows] > self.k[rows]]
        return rows

    def walk_up(self) -> np.ndarray:
        """Step K up, one term of the tail at a time, until the tail exceeds α/2; the cases left."""
        kf, nf, big_nf, half = self.k.astype(float), self.n.astype(float), self.big_n.astype(float), self.half
        tail, at_k, big_k = self.tail, self.at_k, self.big_k
        top = self.big_n - (self.n - self.k)
        rows = np.flatnonzero(tail <= half)
        for _ in range(_WALK):
            if not len(rows):
                break
            kr, big_kr = kf[rows], big_k[rows].astype(float) + 1
            at_k[rows] *= (
                big_kr / (big_kr - kr) * (big_nf[rows] - big_kr + 1 - nf[rows] + kr) / (big_nf[rows] - big_kr + 1)
            )
            above = np.where(big_k[rows] + 1 == top[rows], 1.0, tail[rows] + kr / big_kr * at_k[rows])
            big_k[rows] += 1
            tail[rows] = above
            arrived = above > half
            self.inside[rows[arrived]] = above[arrived]
            self.outside[rows[~arrived]] = above[~arrived]
            rows = rows[~arrived]
        return rows

    def bisect(self, unsettled_down: np.ndarray, unsettled_up: np.ndarray) -> None:
        """Bisect the rest: below a count whose tail exceeds α/2, or above one whose tail does not."""
        k, n, big_n, big_k = self.k, self.n, self.big_n, self.big_k
        top = big_n - (n - k)
        rows = np.concatenate([unsettled_down, unsettled_up])
        lo = np.concatenate([k[unsettled_down], big_k[unsettled_up] + 1])
        hi = np.concatenate([big_k[unsettled_down], top[unsettled_up]])
        self.inside[unsettled_up] = 1.0
        while np.any(active := lo < hi):
            mid = (lo + hi) // 2
            some = rows[active]
            tail_mid, _ = upper_tails(k[some], n[some], big_n[some], mid[active])
            keep = tail_mid > self.half
            self.inside[some[keep]], self.outside[some[~keep]] = tail_mid[keep], tail_mid[~keep]
            hi[active] = np.where(keep, mid[active], hi[active])
            lo[active] = np.where(keep, lo[active], mid[active] + 1)
        big_k[rows] = lo


def _first_guess(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float) -> np.ndarray:
    """The normal approximation's lower bound on K: Wilson's with the FPC, at k − ½ (continuity), rounded up."""
    f = (big_n - n) / (big_n - 1)
    share_low, _ = wilson(k - 0.5, n.astype(float), f, z_quantile(confidence))
    return np.asarray(np.clip(np.ceil(share_low * big_n), k, big_n - (n - k)), dtype=np.int64)


def _near(tails: np.ndarray, half: float) -> np.ndarray:
    """Tails within ``_TIE_BAND`` (relative) of α/2, where floating point may decide a comparison wrongly."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(tails - half) <= _TIE_BAND * half)


def upper_tails(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, big_k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X ≥ k | K) and P(X = k | K), for 1 ≤ k ≤ n < N and k ≤ K ≤ N − (n − k).

    X counts the "yes" in a sample of n from N of which K say yes. The tail is
    summed from the mode outwards, where the terms fall: upwards from k when
    k lies above the mode, else as one minus the sum downwards from k − 1.
    The first term comes from :func:`log_hypergeometric_pmf` (relative error
    about 1e-13), each next one from the one before by the exact ratio of
    neighbouring probabilities; the tail is good to about 1e-13, far inside
    the tie band that exact arithmetic settles.
    """
    lowest = np.maximum(0, n - (big_n - big_k))
    kf, nf, big_kf = k.astype(float), n.astype(float), big_k.astype(float)
    # k above the mode floor((n + 1)(K + 1)/(N + 2)): exact while the products are below 2⁵³, and beyond that
    # wrong only for a k at the mode, where the ratios are about 1. At the lowest possible x the tail is certain.
    up = (kf * (big_n + 2.0) > (nf + 1) * (big_kf + 1)) | (k == lowest)
    start = np.where(up, k, k - 1)
    first = np.exp(log_hypergeometric_pmf(start, n, big_n, big_k))
    rest = (big_n - big_k - n + k).astype(float)  # "no" of the population left out of the sample when X = k
    # The span from the first term to where the terms fall below 2⁻⁵³ of it, in the normal approximation.
    mean = nf * big_kf / big_n
    gap = np.abs(start - mean)
    spread = mean * (1 - big_kf / big_n) * (big_n - nf) / (big_n - 1)
    width = np.sqrt(gap * gap + 74 * spread) - gap + 2
    sums = np.empty(len(k))
    u, d = np.flatnonzero(up), np.flatnonzero(~up)
    # t(x + 1)/t(x) = (K − x)(n − x)/((x + 1)(N − K − n + x + 1)) from x = k; t(x − 1)/t(x), its inverse, from k − 1
    sums[u] = _ratio_sums(big_kf[u] - kf[u], nf[u] - kf[u], kf[u] + 1, rest[u] + 1, width[u])
    sums[d] = _ratio_sums(kf[d] - 1, rest[d] - 1, big_kf[d] - kf[d] + 2, nf[d] - kf[d] + 2, width[d])
    tail = np.where(k == lowest, 1.0, np.where(up, first * sums, 1 - first * sums))
    with np.errstate(divide="ignore", invalid="ignore"):
        at_k = np.where(up, first, first * (big_kf - kf + 1) * (nf - kf + 1) / (kf * rest))
    return tail, at_k


def _ratio_sums(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, width: np.ndarray) -> np.ndarray:
    """1 + Σ_{j ≥ 1} Π_{i < j} r_i with r_i = (a − i)(b − i)/((c + i)(d + i)) < 1 falling in i, for every row.

    The terms are taken ``width`` at a time (rounded up to a quarter octave,
    so that rows of like width share one cumulative product) until, the
    ratios falling, what remains is below 2⁻⁵³ of the sum; a ratio of zero
    (the support's end) ends a row.
    """
    total = np.ones(len(a))
    last = np.ones(len(a))
    done_terms = np.zeros(len(a))
    block = np.maximum(8, np.ceil(2 ** (np.ceil(4 * np.log2(np.maximum(width, 1))) / 4))).astype(np.int64)
    rows = np.arange(len(a))
    while len(rows):
        left = []
        sizes = block[rows]
        for size in np.unique(sizes):
            of_size = rows[sizes == size]
            for sel in np.array_split(of_size, -(-len(of_size) * int(size) // _CELLS)):  # blocks that fit a cache
                i = done_terms[sel, None] + np.arange(size)
                ratio = (a[sel, None] - i) * (b[sel, None] - i) / ((c[sel, None] + i) * (d[sel, None] + i))
                terms = np.cumprod(ratio, axis=1)
                terms *= last[sel, None]
                total[sel] += terms.sum(axis=1)
                last[sel], r = terms[:, -1], ratio[:, -1]
                # the ratios fall, so what remains is at most last · r/(1 − r)
                left.append(sel[(last[sel] > 0) & (last[sel] * r > (1 - r) * 2.0**-53 * total[sel])])
            done_terms[of_size] += size
            block[of_size] *= 2
        rows = np.concatenate(left)
    return total


_CELLS = 1 << 16
"""Terms summed in one array operation (half a megabyte a temporary)."""


def log_hypergeometric_pmf(x: np.ndarray, n: np.ndarray, big_n: np.ndarray, big_k: np.ndarray) -> np.ndarray:
    """log P(X = x | K) for a sample of n from N with K "yes", accurate for populations of millions.

    As R's ``dhyper``: with p = n/N, P(X = x) = b(x; K, p)·b(n − x; N − K, p)/b(n; N, p),
    b the binomial probability, each from :func:`_log_binomial_pmf`. Differences of
    log-factorials would lose about 1e-8 of relative accuracy at N = 10⁶.
    """
    p, q = n / big_n, (big_n - n) / big_n
    return np.asarray(
        _log_binomial_pmf(x, big_k, p, q)
        + _log_binomial_pmf(n - x, big_n - big_k, p, q)
        - _log_binomial_pmf(n, big_n, p, q)
    )


def _log_binomial_pmf(x: np.ndarray, m: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """log of the binomial probability of x in m trials (q = 1 − p), by Loader's saddle-point form.

    C. Loader, "Fast and accurate computation of binomial probabilities" (2000),
    as in R's ``dbinom``: Stirling's series and the deviance ``_deviance`` replace
    the factorials and powers, so no large numbers cancel.
    """
    x, m = x.astype(float), m.astype(float)
    xs, ys = np.maximum(x, 1), np.maximum(m - x, 1)
    ms = xs + ys
    inner = (
        _stirling_error(ms)
        - _stirling_error(xs)
        - _stirling_error(ys)
        - _deviance(xs, ms * p)
        - _deviance(ys, ms * q)
        + 0.5 * np.log(ms / (2 * np.pi * xs * ys))
    )
    # x = 0 or x = m: q^m or p^m, by log1p where the base is near 1
    none = m * np.where(p < 0.5, np.log1p(-p), np.log(q))
    every = m * np.where(q < 0.5, np.log1p(-q), np.log(p))
    return np.asarray(np.where(x == 0, none, np.where(x == m, every, inner)))


_STIRLING_SMALL = np.array(
    [0.0] + [math.lgamma(m + 1) - (m + 0.5) * math.log(m) + m - math.log(2 * math.pi) / 2 for m in range(1, 16)]
)


def _stirling_error(m: np.ndarray) -> np.ndarray:
    """log(m!) − log(√(2π)·m^(m + ½)·e^(−m)) for integers m ≥ 1: a table to 15, Stirling's series beyond."""
    small = m <= 15
    big = np.where(small, 16.0, m)
    m2 = big * big
    series = (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * m2)) / m2) / m2) / m2) / big
    return np.where(small, _STIRLING_SMALL[np.where(small, m, 0).astype(np.int64)], series)


def _deviance(x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """x·log(x/mean) + mean − x for x, mean > 0, by its series where x is near the mean (Loader's bd0)."""
    d = x - mean
    v = d / (x + mean)
    series, term, v2 = d * v, 2 * x * v, v * v
    for j in range(1, 13):  # |v| < 0.1 where the series is used: the terms fall a hundredfold each
        term = term * v2
        series = series + term / (2 * j + 1)
    return np.asarray(np.where(np.abs(d) < 0.1 * (x + mean), series, x * np.log(x / mean) + mean - x))
