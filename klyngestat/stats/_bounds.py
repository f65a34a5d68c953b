"""Closed-form interval bounds for arrays of counts: Wilson's, Clopper–Pearson's, the normal quantile and the FPC.

Vectorised over many shares at once; :mod:`klyngestat.stats.intervals`
builds its intervals from them, and the exact hypergeometric search
(:mod:`klyngestat.stats._hypergeometric`) starts from Wilson's.
"""

from __future__ import annotations

from functools import cache
from statistics import NormalDist

import numpy as np


@cache
def z_quantile(confidence: float) -> float:
    """The normal quantile of a two-sided level (the standard library's, so no interval imports scipy.stats)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def fpc(n: np.ndarray, population: np.ndarray) -> np.ndarray:
    """(N − n)/(N − 1) where a population is known (NaN marks none), else 1."""
    finite = ~np.isnan(population)
    safe = np.where(finite & (population > n), population, n + 1.0)
    return np.where(finite, np.where(population > n, (safe - n) / (safe - 1), 0.0), 1.0)


def wilson(k: np.ndarray, n: np.ndarray, f: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval with the variance p(1 − p)/n scaled by f, i.e. z² replaced by z²·f."""
    p = k / n
    z2 = z * z * f
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = np.sqrt(z2) / denom * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def clopper_pearson(k: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """The exact binomial (Clopper–Pearson) interval, from beta quantiles at α/2 and 1 − α/2."""
    from scipy.stats import beta

    # Beta quantiles are undefined for a = 0 or b = 0; those ends are 0 and 1 by definition.
    low = np.where(k > 0, beta.ppf(alpha / 2, np.maximum(k, 1), n - k + 1), 0.0)
    high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, np.maximum(n - k, 1)), 1.0)
    return low, high
