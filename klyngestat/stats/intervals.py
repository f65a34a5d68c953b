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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import cache
from statistics import NormalDist
from typing import Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.stats._counts import LEVELS, aggregate, unit_people
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
"""The finite population behind an interval: roster members (invited where the roster lacks them),
the invited, or none (no finite population correction)."""

_FINITE = (
    "finite population of {N}: the {n} answers are treated as a simple random sample of its members, "
    "i.e. non-response is assumed ignorable within the population"
)
_INFINITE = "binomial model: answers treated as independent draws from an unlimited population (no finite correction)"


@dataclass(frozen=True)
class Interval:
    """A confidence interval for one share, with the counts and the method behind it.

    ``estimate`` is always ``count / n``. ``low_count`` and ``high_count``
    (hypergeometric only) are the bounds as population counts K of N.
    ``adjusted_estimate`` and ``standard_error`` (adjusted Wald only) are
    p̃ = (k+2)/(n+4), which that interval is centred on, and its standard error.
    """

    count: int
    n: int
    population: int | None
    method: IntervalMethod
    confidence: float
    estimate: float
    low: float
    high: float
    fpc_applied: bool
    assumption: str
    low_count: int | None = None
    high_count: int | None = None
    adjusted_estimate: float | None = None
    standard_error: float | None = None

    @property
    def width(self) -> float:
        """high − low."""
        return self.high - self.low

    def to_dict(self) -> dict[str, object]:
        """JSON-able form (NaN, for an empty base, becomes None)."""
        return {key: _json(value) for key, value in asdict(self).items()}

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy frame."""
        return pd.DataFrame([asdict(self)])


@dataclass(frozen=True)
class Intervals:
    """Intervals for many shares, one per share, made by one vectorised computation."""

    shares: tuple[Share, ...]
    intervals: tuple[Interval, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per share.

        Columns: question, group, level, specialty, cluster, count, n,
        population, estimate, low, high, method, confidence, fpc_applied,
        low_count, high_count.
        """
        columns = [
            "question",
            "group",
            "level",
            "specialty",
            "cluster",
            "count",
            "n",
            "population",
            "estimate",
            "low",
            "high",
            "method",
            "confidence",
            "fpc_applied",
            "low_count",
            "high_count",
        ]
        rows = [self._row(s, i) for s, i in zip(self.shares, self.intervals, strict=True)]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("population", "low_count", "high_count"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``{"intervals": [one dict per share]}``."""
        return {
            "intervals": [
                {k: _json(v) for k, v in self._row(s, i).items()}
                for s, i in zip(self.shares, self.intervals, strict=True)
            ]
        }

    @staticmethod
    def _row(share: Share, interval: Interval) -> dict[str, object]:
        return {
            "question": share.question,
            "group": share.group,
            "level": share.level,
            "specialty": share.specialty,
            "cluster": share.cluster,
            **{k: v for k, v in asdict(interval).items() if k != "assumption"},
        }

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.intervals)

    def __len__(self) -> int:
        return len(self.intervals)

    def __getitem__(self, index: int) -> Interval:
        return self.intervals[index]


def _json(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _check_method(method: str) -> None:
    if method not in INTERVAL_METHODS:
        raise ValueError(f"method must be one of {INTERVAL_METHODS}, not {method!r}")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1 (e.g. 0.95), not {confidence!r}")


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


_Tail = Literal["upper", "lower"]


def _tail_exceeds(k: int, n: int, big_n: int, big_k: int, side: _Tail, alpha_half: Fraction) -> bool:
    """Whether P(X ≥ k | K) (``"upper"``) or P(X ≤ k | K) (``"lower"``) exceeds α/2, in exact integer arithmetic."""
    xs = range(k, min(n, big_k) + 1) if side == "upper" else range(max(0, n - (big_n - big_k)), k + 1)
    ways = sum(math.comb(big_k, x) * math.comb(big_n - big_k, n - x) for x in xs)
    return ways * alpha_half.denominator > alpha_half.numerator * math.comb(big_n, n)


def _walk_to_exact_bounds(k: int, n: int, big_n: int, low: int, high: int, alpha_half: Fraction) -> tuple[int, int]:
    """From bounds found in floating point, step K to the edges of the exact predicates.

    P(X ≥ k | K) rises with K and exceeds α/2 at K = N − (n − k); P(X ≤ k | K)
    falls with K and exceeds α/2 at K = k. So each bound moves one way until
    the exact predicate flips; from a floating-point start that is a step or none.
    """
    top = big_n - (n - k)
    while low > k and _tail_exceeds(k, n, big_n, low - 1, "upper", alpha_half):
        low -= 1
    while not _tail_exceeds(k, n, big_n, low, "upper", alpha_half):
        low += 1
    while high < top and _tail_exceeds(k, n, big_n, high + 1, "lower", alpha_half):
        high += 1
    while not _tail_exceeds(k, n, big_n, high, "lower", alpha_half):
        high -= 1
    return low, high


def _hypergeometric_counts(
    k: np.ndarray, n: np.ndarray, population: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Exact bounds on the population count K by vectorised bisection over K.

    P(X ≥ k | K) rises with K and P(X ≤ k | K) falls with K (the hypergeometric
    is stochastically increasing in K), so each bound is the edge of a
    monotone predicate on the feasible range [k, N − (n − k)]; bisection finds
    it in log2(N) steps for all shares at once, in floating point.

    Floating point cannot tell a tail equal to α/2, which the strict
    inequality excludes, from one just above it (1 − 0.8 is
    0.19999999999999996). Only the K on either side of a bound can be that
    close, and bisection has evaluated both tails; where either lies within
    ``_TIE_BAND`` of α/2, the bound is settled in exact arithmetic.
    """
    alpha_half = _alpha_half(confidence)
    half = float(alpha_half)
    k, n, big_n = k.astype(np.int64), n.astype(np.int64), population.astype(np.int64)
    top = big_n - (n - k)
    tail = _tails(k, n, big_n)
    # The tails last seen on each side of a bound (1 at K = top or K = k, where they are certain; none beyond).
    inside = np.ones(len(k))
    outside = np.full(len(k), np.nan)

    # Lower bound: smallest K with P(X >= k | K) > alpha/2 (true at K = top, where X >= k surely).
    lo, hi = k.copy(), top.copy()
    while np.any(active := lo < hi):
        mid = (lo + hi) // 2
        upper_tail = tail(mid, "upper", active)
        keep = upper_tail > half
        inside = np.where(active & keep, upper_tail, inside)
        outside = np.where(active & ~keep, upper_tail, outside)
        hi, lo = np.where(active, np.where(keep, mid, hi), hi), np.where(active, np.where(keep, lo, mid + 1), lo)
    low_count = lo
    near = _near(inside, half) | _near(outside, half)

    # Upper bound: largest K with P(X <= k | K) > alpha/2 (true at K = k, where X <= k surely).
    inside = np.ones(len(k))
    outside = np.full(len(k), np.nan)
    lo, hi = k.copy(), top.copy()
    while np.any(active := lo < hi):
        mid = (lo + hi + 1) // 2
        lower_tail = tail(mid, "lower", active)
        keep = lower_tail > half
        inside = np.where(active & keep, lower_tail, inside)
        outside = np.where(active & ~keep, lower_tail, outside)
        lo, hi = np.where(active, np.where(keep, mid, lo), lo), np.where(active, np.where(keep, hi, mid - 1), hi)
    high_count = lo
    near |= _near(inside, half) | _near(outside, half)

    for i in np.flatnonzero(near):
        low_count[i], high_count[i] = _walk_to_exact_bounds(
            int(k[i]), int(n[i]), int(big_n[i]), int(low_count[i]), int(high_count[i]), alpha_half
        )
    return low_count, high_count


_TERMS_BUDGET = 2_000_000
"""Above this many terms a pass (the sum of n + 1 over the shares), tails come from scipy.stats.hypergeom."""


def _tails(k: np.ndarray, n: np.ndarray, big_n: np.ndarray) -> Callable[[np.ndarray, _Tail, np.ndarray], np.ndarray]:
    """The tail P(X ≥ k | K) or P(X ≤ k | K) of every selected share, for the bisection over K.

    Summing the terms (:func:`_hypergeometric_tail`) needs no scipy.stats and
    is cheapest for the small samples of a fact sheet; for large samples
    (a million answers), where a tail has many terms, scipy's hypergeometric
    (Boost's, a few terms from the mode) is faster.
    """
    if int((n + 1).sum()) <= _TERMS_BUDGET:
        log_factorial = _log_factorials(int(big_n.max()) if len(big_n) else 0)
        return lambda big_k, side, rows: _hypergeometric_tail(k, n, big_n, big_k, side, rows, log_factorial)
    from scipy.stats import hypergeom

    def scipy_tail(big_k: np.ndarray, side: _Tail, rows: np.ndarray) -> np.ndarray:
        out = np.full(len(k), np.nan)
        args = (big_n[rows], big_k[rows], n[rows])
        out[rows] = hypergeom.sf(k[rows] - 1, *args) if side == "upper" else hypergeom.cdf(k[rows], *args)
        return out

    return scipy_tail


def _log_factorials(top: int) -> np.ndarray:
    """log(i!) for i = 0 … top (the standard library's lgamma, correct to a few units in the last place)."""
    return np.array([math.lgamma(i + 1) for i in range(top + 1)])


def _hypergeometric_tail(
    k: np.ndarray,
    n: np.ndarray,
    big_n: np.ndarray,
    big_k: np.ndarray,
    side: _Tail,
    rows: np.ndarray,
    log_factorial: np.ndarray,
) -> np.ndarray:
    """P(X ≥ k | K) (``"upper"``) or P(X ≤ k | K) (``"lower"``) for the rows selected by ``rows``, else NaN.

    X counts the "yes" in a sample of n from N of which K say yes. Each
    probability C(K, x)·C(N − K, n − x)/C(N, n) is taken from log-factorials
    (relative error about 1e-12, far inside the tie band that exact
    arithmetic settles), and the terms of all rows are summed in one pass.
    """
    out = np.full(len(k), np.nan)
    index = np.flatnonzero(rows)
    k_r, n_r, big_n_r, big_k_r = k[index], n[index], big_n[index], big_k[index]
    first = np.maximum(0, n_r - (big_n_r - big_k_r))
    last = np.minimum(n_r, big_k_r)
    start, stop = (k_r, last) if side == "upper" else (first, k_r)
    length = np.maximum(stop - start + 1, 0)
    row = np.repeat(np.arange(len(index)), length)
    x = start[row] + np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    f = log_factorial
    kk, nn, bn = big_k_r[row], n_r[row], big_n_r[row]
    log_ways = f[kk] - f[x] - f[kk - x] + f[bn - kk] - f[nn - x] - f[bn - kk - nn + x]
    log_all = f[big_n_r] - f[n_r] - f[big_n_r - n_r]
    out[index] = np.bincount(row, weights=np.exp(log_ways - log_all[row]), minlength=len(index))
    return out


def _near(tails: np.ndarray, half: float) -> np.ndarray:
    """Tails within ``_TIE_BAND`` (relative) of α/2, where floating point may decide a comparison wrongly."""
    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(tails - half) <= _TIE_BAND * half)


def _compute(
    k: np.ndarray, n: np.ndarray, population: np.ndarray, method: IntervalMethod, confidence: float
) -> dict[str, np.ndarray]:
    """All bounds for arrays of counts, bases and populations (NaN = no population); n > 0."""
    alpha = 1 - confidence
    p = k / n
    finite = ~np.isnan(population)
    f = _fpc(n, population)
    nan = np.full(len(k), np.nan)
    out: dict[str, np.ndarray] = {"adjusted_estimate": nan, "standard_error": nan, "low_count": nan, "high_count": nan}
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
        out["adjusted_estimate"], out["standard_error"] = adjusted, se
    else:  # hypergeometric
        low_count, high_count = _hypergeometric_counts(k, n, population, confidence)
        out["low_count"], out["high_count"] = low_count.astype(float), high_count.astype(float)
        out["low"], out["high"] = low_count / population, high_count / population
    out["estimate"] = p
    return out


def _validate(count: int, n: int, population: int | None, where: str = "") -> None:
    if n < 0 or count < 0 or count > n:
        raise ValueError(f"{where}need 0 <= count <= n, got count={count}, n={n}")
    if population is not None and population < n:
        raise ValueError(
            f"{where}the population ({population}) is smaller than the number of answers ({n}); "
            "check the roster's member count, or pass population=None"
        )


def _assumption(n: int, population: int | None) -> str:
    return _INFINITE if population is None else _FINITE.format(N=population, n=n)


def _opt_int(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


def _opt_float(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _intervals(
    counts: Sequence[int],
    ns: Sequence[int],
    populations: Sequence[int | None],
    method: IntervalMethod,
    confidence: float,
) -> tuple[Interval, ...]:
    _check_method(method)
    _check_confidence(confidence)
    k = np.asarray(counts, dtype=float)
    n = np.asarray(ns, dtype=float)
    pop = np.array([np.nan if p is None else p for p in populations], dtype=float)
    if method == "hypergeometric" and np.isnan(pop).any():
        raise ValueError(
            "the hypergeometric interval needs the population size N of every share; "
            "pass population= (populations_of(survey, shares) gives the roster's or invited counts)"
        )
    ok = n > 0
    columns = {name: np.full(len(k), np.nan) for name in _COLUMNS}
    if ok.any():
        computed = _compute(k[ok], n[ok], pop[ok], method, confidence)
        for name in _COLUMNS:
            columns[name][ok] = computed[name]
    return tuple(
        Interval(
            count=int(k[i]),
            n=int(n[i]),
            population=populations[i],
            method=method,
            confidence=confidence,
            estimate=float(columns["estimate"][i]),
            low=float(columns["low"][i]),
            high=float(columns["high"][i]),
            fpc_applied=populations[i] is not None,
            assumption=_assumption(int(n[i]), populations[i]),
            low_count=_opt_int(columns["low_count"][i]),
            high_count=_opt_int(columns["high_count"][i]),
            adjusted_estimate=_opt_float(columns["adjusted_estimate"][i]),
            standard_error=_opt_float(columns["standard_error"][i]),
        )
        for i in range(len(k))
    )


_COLUMNS = ("estimate", "low", "high", "low_count", "high_count", "adjusted_estimate", "standard_error")


def proportion_interval(
    count: int,
    n: int,
    *,
    method: IntervalMethod = "wilson",
    population: int | None = None,
    confidence: float = 0.95,
) -> Interval:
    """A confidence interval for ``count`` of ``n``, optionally from a finite population of ``population``.

    Parameters
    ----------
    count, n
        Answers in the group, and answers in the base (``n >= 1``).
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
        neither one-sided test rejects at (1 − confidence)/2:
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
        the finite population correction is applied; when ``n == N`` the
        interval is the observed share itself.
    confidence
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
    _validate(count, n, population)
    if n == 0:
        raise ValueError("an empty base (n = 0) has no share and no interval")
    return _intervals([count], [n], [population], method, confidence)[0]


def share_intervals(
    shares: Sequence[Share],
    *,
    method: IntervalMethod = "wilson",
    populations: Sequence[int | None] | None = None,
    confidence: float = 0.95,
) -> Intervals:
    """Intervals for many shares at once (one vectorised computation).

    Parameters
    ----------
    shares
        Shares, e.g. from :func:`klyngestat.group_shares` or :func:`klyngestat.share_table`.
    method, confidence
        As in :func:`proportion_interval`.
    populations
        One population size (or None for no correction) per share;
        :func:`populations_of` looks them up in a survey. Required for
        ``method="hypergeometric"``.

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
    >>> frame[["count", "n", "population", "low_count", "high_count"]].to_numpy().tolist()
    [[6, 8, 11, 6, 9], [1, 6, 8, 1, 3]]
    """
    shares = tuple(shares)
    pops: list[int | None] = [None] * len(shares) if populations is None else list(populations)
    if len(pops) != len(shares):
        raise ValueError(f"populations has {len(pops)} entries for {len(shares)} shares; give one per share")
    for share, population in zip(shares, pops, strict=True):
        where = " / ".join(str(x) for x in (share.question, share.specialty, share.cluster) if x is not None)
        _validate(share.count, share.base, population, f"{where}: ")
    intervals = _intervals([s.count for s in shares], [s.base for s in shares], pops, method, confidence)
    return Intervals(shares, intervals)


def populations_of(
    survey: Survey, shares: Sequence[Share], *, population: Population = "members"
) -> tuple[int | None, ...]:
    """The population behind each share (see :func:`population_of`).

    ``population`` picks it: ``"members"`` (the roster's, invited where it
    lacks them), ``"invited"`` (the invited only) or ``"none"`` (None for
    every share: no finite population correction).
    """
    if population not in get_args(Population):
        raise ValueError(f"population must be one of {get_args(Population)}, not {population!r}")
    if population == "none":
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
            population == "members"
            and survey.roster is not None
            and share.level != "nation"
            and share.specialty is not None
        ):
            members = survey.roster.members(share.specialty, share.cluster if share.level == "cluster" else None)
        found.append(members if members is not None else invited.get((share.specialty, share.cluster)))
    return tuple(found)


def population_of(survey: Survey, share: Share, *, population: Population = "members") -> int | None:
    """The finite population a share's answers come from.

    A cluster: the roster's member count when the roster lists the cluster,
    else the number invited from it. A specialty: the sum of its clusters'
    member counts in the roster when it has any, else the number invited.
    The nation: the total invited. Invited counts stand in for membership
    when there is no roster; they may differ (Dermatologi: 110 invited,
    111 members). None when the share's group is not in the survey.
    ``population="invited"`` takes the invited count everywhere and
    ``population="none"`` gives None (no finite population correction).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share
    >>> s = demo_survey()
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"))
    111
    >>> population_of(s, group_share(s, "understoetter_kvalitet", specialty="Dermatologi"), population="invited")
    110
    >>> population_of(s, group_share(s, "understoetter_kvalitet"))
    1092
    """
    return populations_of(survey, [share], population=population)[0]
