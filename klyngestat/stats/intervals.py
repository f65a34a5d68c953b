"""Confidence intervals for shares drawn from small, finite populations.

A specialty of 110 members of whom 73 answered, or a cluster of 20 of whom
14 answered, is not a sample from an unlimited population: the finite
population correction narrows the interval, and an exact hypergeometric
interval is offered beside Wilson and Clopper–Pearson. See
``docs/statistics.md`` for the constructions and their assumption (non-response
ignorable within the population).

The closed-form bounds are computed in the private module ``_bounds``, the
exact hypergeometric search in ``_hypergeometric``, and the population behind
a share is looked up in ``_populations``; this module builds the results.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import ClassVar, Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._bounds import clopper_pearson, fpc, wilson, z_quantile
from klyngestat.stats._hypergeometric import hypergeometric_counts
from klyngestat.stats._populations import Population, population_of, populations_of
from klyngestat.stats._result import Result, json_value
from klyngestat.stats.shares import Share

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


def _compute(
    k: np.ndarray, n: np.ndarray, population: np.ndarray, method: IntervalMethod, confidence: float
) -> dict[str, np.ndarray]:
    """All bounds for arrays of counts, bases and populations (NaN = no population); n > 0."""
    alpha = 1 - confidence
    p = k / n
    finite = ~np.isnan(population)
    f = fpc(n, population)
    nan = np.full(len(k), np.nan)
    out: dict[str, np.ndarray] = {"adjusted_share": nan, "standard_error": nan, "low_count": nan, "high_count": nan}
    if method == "wilson":
        out["low"], out["high"] = wilson(k, n, f, z_quantile(confidence))
    elif method == "clopper_pearson":
        low, high = clopper_pearson(k, n, alpha)
        # FPC by shrinking each half-width around the estimate by sqrt(f); a convex
        # combination of the estimate and the bound, so it stays in [0, 1].
        shrink = np.sqrt(f)
        out["low"], out["high"] = p - shrink * (p - low), p + shrink * (high - p)
    elif method == "adjusted_wald":
        z = z_quantile(confidence)
        adjusted = (k + 2) / (n + 4)
        se = np.sqrt(adjusted * (1 - adjusted) / (n + 4) * f)
        census = finite & (f == 0)
        # At a census the population share is known: the interval is the observed share.
        adjusted = np.where(census, p, adjusted)
        out["low"] = np.where(census, p, np.clip(adjusted - z * se, 0, 1))
        out["high"] = np.where(census, p, np.clip(adjusted + z * se, 0, 1))
        out["adjusted_share"], out["standard_error"] = adjusted, se
    else:  # hypergeometric
        low_count, high_count = hypergeometric_counts(k, n, population, confidence)
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
