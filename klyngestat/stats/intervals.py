"""Confidence intervals for shares drawn from small, finite populations.

A specialty of 110 members of whom 73 answered, or a cluster of 20 of whom
14 answered, is not a sample from an unlimited population: the finite
population correction narrows the interval, and an exact hypergeometric
interval is offered beside Wilson and Clopper–Pearson. See
``docs/statistics.md`` for the constructions and their assumption (non-response
ignorable within the population).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import cache
from statistics import NormalDist
from typing import ClassVar, Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._counts import LEVELS, aggregate, unit_people
from klyngestat.stats._result import Result, json_value
from klyngestat.stats.shares import Share
from klyngestat.survey import Survey

__all__ = [
    "INTERVAL_METHODS",
    "Interval",
    "IntervalMethod",
    "Intervals",
    "Population",
    "population_of",
    "populations_of",
    "proportion_interval",
    "share_intervals",
]

IntervalMethod = Literal["wilson", "clopper_pearson", "hypergeometric", "adjusted_wald"]
"""How an interval is built; see :func:`proportion_interval`."""

INTERVAL_METHODS: tuple[IntervalMethod, ...] = get_args(IntervalMethod)

Population = Literal["members", "invited", "none"]
"""Which finite population an interval's correction takes (the ``fpc_population`` option): roster members
(invited where the roster lacks them), the invited, or none (no finite population correction)."""

_FINITE = (
    "finite population of {N}: the {n} answers are treated as a simple random sample of its members, "
    "i.e. non-response is assumed ignorable within the population"
)
_INFINITE = "binomial model: answers treated as independent draws from an unlimited population (no finite correction)"


@dataclass(frozen=True)
class Interval(Result):
    """A confidence interval for one share, with the counts and the method behind it.

    ``share`` is always ``count / base``. ``low_count`` and ``high_count``
    (hypergeometric only) are the bounds as population counts K of N.
    ``adjusted_share`` and ``standard_error`` (adjusted Wald only) are
    p̃ = (k+2)/(n+4), which that interval is centred on, and its standard error.
    """

    count: int
    base: int
    population: int | None
    method: IntervalMethod
    confidence_level: float
    share: float
    low: float
    high: float
    fpc_applied: bool
    assumption: str
    low_count: int | None = None
    high_count: int | None = None
    adjusted_share: float | None = None
    standard_error: float | None = None

    @property
    def width(self) -> float:
        """high − low."""
        return self.high - self.low

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields (NaN, for an empty base, becomes None)."""
        return {key: json_value(value) for key, value in asdict(self).items()}

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy frame: the fields (NaN kept for an empty base)."""
        return pd.DataFrame([asdict(self)])

    def _caption(self) -> str:
        return f"Konfidensinterval ({self.method}, {self.confidence_level:g})"


INTERVAL_COLUMNS = (
    "question",
    "group",
    "level",
    "specialty",
    "cluster",
    "count",
    "base",
    "population",
    "share",
    "low",
    "high",
    "method",
    "confidence_level",
    "fpc_applied",
    "low_count",
    "high_count",
    "adjusted_share",
    "standard_error",
)
"""The columns of a table of intervals: where each share is, then its interval's fields but ``assumption``."""


@dataclass(frozen=True)
class Intervals(Result):
    """Intervals for many shares, one per share, made by one vectorised computation.

    ``to_dict()["intervals"]`` holds the frame's rows (:data:`INTERVAL_COLUMNS`),
    NaN there as None.
    """

    ROWS: ClassVar[str | None] = "intervals"
    shares: tuple[Share, ...]
    intervals: tuple[Interval, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per share, with the columns :data:`INTERVAL_COLUMNS` (NaN kept for an empty base)."""
        rows = [self._row(s, i) for s, i in zip(self.shares, self.intervals, strict=True)]
        frame = pd.DataFrame(rows, columns=list(INTERVAL_COLUMNS))
        for column in ("population", "low_count", "high_count"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``{"intervals": [one dict per share]}``."""
        return {
            "intervals": [
                {k: json_value(v) for k, v in self._row(s, i).items()}
                for s, i in zip(self.shares, self.intervals, strict=True)
            ]
        }

    @staticmethod
    def _row(share: Share, interval: Interval) -> dict[str, object]:
        where = {
            "question": share.question,
            "group": share.group,
            "level": share.level,
            "specialty": share.specialty,
            "cluster": share.cluster,
        }
        fields = asdict(interval)
        return {column: where[column] if column in where else fields[column] for column in INTERVAL_COLUMNS}

    def _caption(self) -> str:
        return f"Konfidensintervaller ({len(self.intervals)})"

    def __iter__(self) -> Iterator[Interval]:
        return iter(self.intervals)

    def __len__(self) -> int:
        return len(self.intervals)

    def __getitem__(self, index: int) -> Interval:
        return self.intervals[index]


@cache
def _z(confidence: float) -> float:
    """The normal quantile of a two-sided level (the standard library's, so no interval imports scipy.stats)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _fpc(n: np.ndarray, population: np.ndarray) -> np.ndarray:
    """(N − n)/(N − 1) where a population is known (NaN marks none), else 1."""
    finite = ~np.isnan(population)
    safe = np.where(finite & (population > n), population, n + 1.0)
    return np.where(finite, np.where(population > n, (safe - n) / (safe - 1), 0.0), 1.0)


def _wilson(k: np.ndarray, n: np.ndarray, f: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    # The Wilson score interval with the variance p(1-p)/n scaled by f, i.e. z² replaced by z²·f.
    p = k / n
    z2 = z * z * f
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = np.sqrt(z2) / denom * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _clopper_pearson(k: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.stats import beta

    # Beta quantiles are undefined for a = 0 or b = 0; those ends are 0 and 1 by definition.
    low = np.where(k > 0, beta.ppf(alpha / 2, np.maximum(k, 1), n - k + 1), 0.0)
    high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1)), 1.0)
    return low, high


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


def _hypergeometric_counts(
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
    lowest = _lowest_counts(counts[first], ns[first], big_ns[first], confidence)[inverse]
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


def _lowest_counts(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float) -> np.ndarray:
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
    half = float(alpha_half)
    lowest = k.copy()  # with no "yes" (P(X ≥ 0) = 1) or a census (K = k is the only count), k is the bound
    cases = np.flatnonzero((k > 0) & (n < big_n))
    k, n, big_n = k[cases], n[cases], big_n[cases]
    top = big_n - (n - k)
    big_k = _first_guess(k, n, big_n, confidence)
    tail, at_k = _upper_tails(k, n, big_n, big_k)
    # The tails at the bound (inside) and at the count below it (outside; none below K = k).
    inside, outside = np.where(tail > half, tail, 1.0), np.where(tail > half, np.nan, tail)
    kf, nf, big_nf = k.astype(float), n.astype(float), big_n.astype(float)

    going_down = np.flatnonzero(tail > half)
    rows = going_down[big_k[going_down] > k[going_down]]
    for _ in range(_WALK):
        if not len(rows):
            break
        kr, big_kr = kf[rows], big_k[rows].astype(float)
        below = tail[rows] - kr / big_kr * at_k[rows]
        step = below > half
        outside[rows[~step]] = below[~step]
        rows, kr, big_kr = rows[step], kr[step], big_kr[step]
        # P(X = k | K − 1) from P(X = k | K): one "yes" fewer in the population, one "no" more.
        at_k[rows] *= (big_kr - kr) / big_kr * (big_nf[rows] - big_kr + 1) / (big_nf[rows] - big_kr + 1 - nf[rows] + kr)
        big_k[rows] -= 1
        tail[rows] = inside[rows] = below[step]
        rows = rows[big_k[rows] > k[rows]]
    unsettled_down = rows

    rows = np.flatnonzero(tail <= half)
    for _ in range(_WALK):
        if not len(rows):
            break
        kr, big_kr = kf[rows], big_k[rows].astype(float) + 1
        at_k[rows] *= big_kr / (big_kr - kr) * (big_nf[rows] - big_kr + 1 - nf[rows] + kr) / (big_nf[rows] - big_kr + 1)
        above = np.where(big_k[rows] + 1 == top[rows], 1.0, tail[rows] + kr / big_kr * at_k[rows])
        big_k[rows] += 1
        tail[rows] = above
        arrived = above > half
        inside[rows[arrived]] = above[arrived]
        outside[rows[~arrived]] = above[~arrived]
        rows = rows[~arrived]
    unsettled_up = rows

    # Bisection of the rest: below a count whose tail exceeds α/2, or above one whose tail does not.
    rows = np.concatenate([unsettled_down, unsettled_up])
    lo = np.concatenate([k[unsettled_down], big_k[unsettled_up] + 1])
    hi = np.concatenate([big_k[unsettled_down], top[unsettled_up]])
    inside[unsettled_up] = 1.0
    while np.any(active := lo < hi):
        mid = (lo + hi) // 2
        some = rows[active]
        tail_mid, _ = _upper_tails(k[some], n[some], big_n[some], mid[active])
        keep = tail_mid > half
        inside[some[keep]], outside[some[~keep]] = tail_mid[keep], tail_mid[~keep]
        hi[active] = np.where(keep, mid[active], hi[active])
        lo[active] = np.where(keep, lo[active], mid[active] + 1)
    big_k[rows] = lo

    for i in np.flatnonzero(_near(inside, half) | _near(outside, half)):
        big_k[i] = _exact_lowest_count(int(k[i]), int(n[i]), int(big_n[i]), int(big_k[i]), alpha_half)
    lowest[cases] = big_k
    return lowest


def _first_guess(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float) -> np.ndarray:
    """The normal approximation's lower bound on K: Wilson's with the FPC, at k − ½ (continuity), rounded up."""
    f = (big_n - n) / (big_n - 1)
    share_low, _ = _wilson(k - 0.5, n.astype(float), f, _z(confidence))
    return np.asarray(np.clip(np.ceil(share_low * big_n), k, big_n - (n - k)), dtype=np.int64)


def _near(tails: np.ndarray, half: float) -> np.ndarray:
    """Tails within ``_TIE_BAND`` (relative) of α/2, where floating point may decide a comparison wrongly."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(tails - half) <= _TIE_BAND * half)


def _upper_tails(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, big_k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X ≥ k | K) and P(X = k | K), for 1 ≤ k ≤ n < N and k ≤ K ≤ N − (n − k).

    X counts the "yes" in a sample of n from N of which K say yes. The tail is
    summed from the mode outwards, where the terms fall: upwards from k when
    k lies above the mode, else as one minus the sum downwards from k − 1.
    The first term comes from :func:`_log_hypergeometric_pmf` (relative error
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
    first = np.exp(_log_hypergeometric_pmf(start, n, big_n, big_k))
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


def _log_hypergeometric_pmf(x: np.ndarray, n: np.ndarray, big_n: np.ndarray, big_k: np.ndarray) -> np.ndarray:
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


def _compute(
    k: np.ndarray, n: np.ndarray, population: np.ndarray, method: IntervalMethod, confidence: float
) -> dict[str, np.ndarray]:
    """All bounds for arrays of counts, bases and populations (NaN = no population); n > 0."""
    alpha = 1 - confidence
    p = k / n
    finite = ~np.isnan(population)
    f = _fpc(n, population)
    nan = np.full(len(k), np.nan)
    out: dict[str, np.ndarray] = {"adjusted_share": nan, "standard_error": nan, "low_count": nan, "high_count": nan}
    if method == "wilson":
        out["low"], out["high"] = _wilson(k, n, f, _z(confidence))
    elif method == "clopper_pearson":
        low, high = _clopper_pearson(k, n, alpha)
        # FPC by shrinking each half-width around the estimate by sqrt(f); a convex
        # combination of the estimate and the bound, so it stays in [0, 1].
        shrink = np.sqrt(f)
        out["low"], out["high"] = p - shrink * (p - low), p + shrink * (high - p)
    elif method == "adjusted_wald":
        z = _z(confidence)
        adjusted = (k + 2) / (n + 4)
        se = np.sqrt(adjusted * (1 - adjusted) / (n + 4) * f)
        census = finite & (f == 0)
        # At a census the population share is known: the interval is the observed share.
        adjusted = np.where(census, p, adjusted)
        out["low"] = np.where(census, p, np.clip(adjusted - z * se, 0, 1))
        out["high"] = np.where(census, p, np.clip(adjusted + z * se, 0, 1))
        out["adjusted_share"], out["standard_error"] = adjusted, se
    else:  # hypergeometric
        low_count, high_count = _hypergeometric_counts(k, n, population, confidence)
        out["low_count"], out["high_count"] = low_count.astype(float), high_count.astype(float)
        out["low"], out["high"] = low_count / population, high_count / population
    out["share"] = p
    return out


def _validate(count: int, base: int, population: int | None, where: str = "") -> None:
    if base < 0 or count < 0 or count > base:
        raise ValueError(f"{where}need 0 <= count <= base, got count={count}, base={base}")
    if population is not None and population < base:
        raise ValueError(
            f"{where}the population ({population}) is smaller than the number of answers ({base}); "
            "check the roster's member count, or pass population=None"
        )


def _assumption(base: int, population: int | None) -> str:
    return _INFINITE if population is None else _FINITE.format(N=population, n=base)


def _opt_int(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def _opt_float(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _intervals(
    counts: Sequence[int],
    bases: Sequence[int],
    populations: Sequence[int | None],
    method: IntervalMethod,
    confidence_level: float,
) -> tuple[Interval, ...]:
    check_choice("method", method, INTERVAL_METHODS)
    check_confidence(confidence_level)
    k = np.asarray(counts, dtype=float)
    n = np.asarray(bases, dtype=float)
    pop = np.array([np.nan if p is None else p for p in populations], dtype=float)
    if method == "hypergeometric" and np.isnan(pop).any():
        raise ValueError(
            "the hypergeometric interval needs the population size N of every share; "
            "pass population= (populations_of(survey, shares) gives the roster's or invited counts)"
        )
    ok = n > 0
    columns = {name: np.full(len(k), np.nan) for name in _COLUMNS}
    if ok.any():
        computed = _compute(k[ok], n[ok], pop[ok], method, confidence_level)
        for name in _COLUMNS:
            columns[name][ok] = computed[name]
    return tuple(
        Interval(
            count=int(k[i]),
            base=int(n[i]),
            population=populations[i],
            method=method,
            confidence_level=confidence_level,
            share=float(columns["share"][i]),
            low=float(columns["low"][i]),
            high=float(columns["high"][i]),
            fpc_applied=populations[i] is not None,
            assumption=_assumption(int(n[i]), populations[i]),
            low_count=_opt_int(columns["low_count"][i]),
            high_count=_opt_int(columns["high_count"][i]),
            adjusted_share=_opt_float(columns["adjusted_share"][i]),
            standard_error=_opt_float(columns["standard_error"][i]),
        )
        for i in range(len(k))
    )


_COLUMNS = ("share", "low", "high", "low_count", "high_count", "adjusted_share", "standard_error")


def proportion_interval(
    count: int,
    base: int,
    *,
    method: IntervalMethod = "wilson",
    population: int | None = None,
    confidence_level: float = 0.95,
) -> Interval:
    """A confidence interval for ``count`` of ``base``, optionally from a finite population of ``population``.

    Parameters
    ----------
    count
        Answers in the group (k).
    base
        Answers in the share's base (n, at least 1).
    method
        ``"wilson"`` (default): the Wilson score interval; with a population,
        z² is replaced by z²·f, f = (N − n)/(N − 1) (the variance p(1 − p)/n
        times the finite population correction).
        ``"clopper_pearson"``: the exact binomial interval (beta quantiles);
        with a population, each half-width around the estimate is multiplied
        by sqrt(f). This is an approximation: the exact finite-population
        interval is ``"hypergeometric"``.
        ``"hypergeometric"``: exact for sampling without replacement; needs
        ``population``. The population counts K in [k, N − (n − k)] for which
        neither one-sided test rejects at (1 − confidence_level)/2:
        P(X ≥ k | K) > α/2 and P(X ≤ k | K) > α/2 (Clopper–Pearson's
        convention, with strict inequalities); bounds are K/N. A tail equal
        to α/2 excludes its K: the level is read as the decimal it is written
        as (0.8 is 4/5, α/2 exactly 1/10), and wherever a floating-point tail
        comes within a relative 1e-9 of α/2 the comparison is redone in exact
        integer arithmetic (sums of binomial coefficients). Its bounds
        always reach the population counts next to N·k/n, but k/n itself is
        not a possible K/N, so at low confidence levels (0.5, 0.8) the
        interval can lie just beside it.
        ``"adjusted_wald"``: p̃ = (k + 2)/(n + 4), SE = sqrt(p̃(1 − p̃)/(n + 4) · f),
        p̃ ± z·SE clipped to [0, 1] (as R statpsych's ``ci.prop.fpc``). It is
        centred on p̃, not on k/n, and may miss k/n when n is close to N.
    population
        The population size N (members of the cluster or specialty). With it,
        the finite population correction is applied; when ``base == N`` the
        interval is the observed share itself.
    confidence_level
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    Interval
        Bounds as shares in [0, 1]; the assumption behind them in ``assumption``.

    Examples
    --------
    >>> i = proportion_interval(52, 73)
    >>> round(i.low, 4), round(i.high, 4)
    (0.5999, 0.8035)
    >>> i = proportion_interval(52, 73, population=111)
    >>> round(i.low, 4), round(i.high, 4), i.fpc_applied
    (0.6479, 0.7691, True)
    >>> h = proportion_interval(7, 14, method="hypergeometric", population=20)
    >>> h.low_count, h.high_count, h.low, h.high
    (7, 13, 0.35, 0.65)
    """
    _validate(count, base, population)
    if base == 0:
        raise ValueError("an empty base (base = 0) has no share and no interval")
    return _intervals([count], [base], [population], method, confidence_level)[0]


def share_intervals(
    shares: Sequence[Share],
    *,
    method: IntervalMethod = "wilson",
    populations: Sequence[int | None] | None = None,
    confidence_level: float = 0.95,
) -> Intervals:
    """Intervals for many shares at once (one vectorised computation).

    Parameters
    ----------
    shares
        Shares, e.g. from :func:`klyngestat.group_shares` or :func:`klyngestat.share_table`.
    method
        As in :func:`proportion_interval`.
    populations
        One population size (or None for no correction) per share;
        :func:`populations_of` looks them up in a survey. Required for
        ``method="hypergeometric"``.
    confidence_level
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    Intervals
        One interval per share, in order; shares with an empty base get NaN bounds.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_shares
    >>> s = demo_survey()
    >>> shares = list(group_shares(s, "understoetter_kvalitet", by="cluster", specialty="Plastikkirurgi"))
    >>> frame = share_intervals(shares, method="hypergeometric", populations=populations_of(s, shares)).to_frame()
    >>> frame[["count", "base", "population", "low_count", "high_count"]].to_numpy().tolist()
    [[6, 8, 11, 6, 9], [1, 6, 8, 1, 3]]
    """
    shares = tuple(shares)
    pops: list[int | None] = [None] * len(shares) if populations is None else list(populations)
    if len(pops) != len(shares):
        raise ValueError(f"populations has {len(pops)} entries for {len(shares)} shares; give one per share")
    for share, population in zip(shares, pops, strict=True):
        where = " / ".join(str(x) for x in (share.question, share.specialty, share.cluster) if x is not None)
        _validate(share.count, share.base, population, f"{where}: ")
    intervals = _intervals([s.count for s in shares], [s.base for s in shares], pops, method, confidence_level)
    return Intervals(shares, intervals)


def populations_of(
    survey: Survey, shares: Sequence[Share], *, fpc_population: Population = "members"
) -> tuple[int | None, ...]:
    """The population behind each share (see :func:`population_of`).

    Parameters
    ----------
    survey
        The survey the shares come from.
    shares
        Shares of the survey.
    fpc_population
        Which population: ``"members"`` (the roster's, invited where it
        lacks them; default), ``"invited"`` (the invited only) or ``"none"``
        (None for every share: no finite population correction).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_shares
    >>> s = demo_survey()
    >>> shares = group_shares(s, "understoetter_kvalitet", by="cluster", specialty="Plastikkirurgi")
    >>> populations_of(s, shares), populations_of(s, shares, fpc_population="invited")
    ((11, 8), (12, 8))
    """
    check_choice("fpc_population", fpc_population, get_args(Population))
    if fpc_population == "none":
        return (None,) * len(shares)
    invited_by_unit, _ = unit_people(survey)
    invited: dict[tuple[str | None, str | None], int] = {}
    for level in LEVELS:
        keys, counts = aggregate(survey, invited_by_unit, level)
        invited.update(zip(zip(keys["specialty"], keys["cluster"], strict=True), counts.tolist(), strict=True))
    found: list[int | None] = []
    for share in shares:
        members = None
        if (
            fpc_population == "members"
            and survey.roster is not None
            and share.level != "nation"
            and share.specialty is not None
        ):
            members = survey.roster.members(share.specialty, share.cluster if share.level == "cluster" else None)
        found.append(members if members is not None else invited.get((share.specialty, share.cluster)))
    return tuple(found)


def population_of(survey: Survey, share: Share, *, fpc_population: Population = "members") -> int | None:
    """The finite population a share's answers come from.

    A cluster: the roster's member count when the roster lists the cluster,
    else the number invited from it. A specialty: the sum of its clusters'
    member counts in the roster when it has any, else the number invited.
    The nation: the total invited. Invited counts stand in for membership
    when there is no roster; they may differ (Dermatologi: 110 invited,
    111 members). None when the share's group is not in the survey.

    Parameters
    ----------
    survey
        The survey the share comes from.
    share
        A share of the survey.
    fpc_population
        ``"members"`` (default) as above; ``"invited"`` takes the invited
        count everywhere and ``"none"`` gives None (no finite population
        correction).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share
    >>> s = demo_survey()
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"))
    111
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"), fpc_population="invited")
    110
    >>> population_of(s, group_share(s, "understoetter_kvalitet"))
    1092
    """
    return populations_of(survey, [share], fpc_population=fpc_population)[0]
