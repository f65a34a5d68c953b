"""The search for the exact hypergeometric bounds, against the definition computed in integers.

The interval is the population counts K in [k, N − (n − k)] with
P(X ≥ k | K) > α/2 (its least, the lower bound) and P(X ≤ k | K) > α/2 (its
greatest, the upper bound), X the "yes" in a sample of n from N of which K
say yes and α/2 the level as written (0.95 is 19/20). The oracles here count
samples as Python integers and try every K, or certify a bound by the
integer tails on either side of it; the tails and probabilities in floating
point are checked against scipy.stats.hypergeom and exact fractions.
"""

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import hypergeom

from klyngestat.stats import _hypergeometric
from klyngestat.stats._hypergeometric import hypergeometric_counts, log_hypergeometric_pmf, upper_tails

LEVELS = ("0.95", "0.9")


def _reference_bounds(big_n: int, level: str) -> dict[tuple[int, int], tuple[int, int]]:
    """{(k, n): (low, high)} for every 0 ≤ k ≤ n ≤ N, n ≥ 1, by trying every K in integer arithmetic.

    low is the least feasible K with C(N, n)·P(X ≥ k | K) > C(N, n)·α/2, high
    the greatest with the same for P(X ≤ k | K); the counts of samples with
    X = x are C(K, x)·C(N − K, n − x).
    """
    half = (1 - Fraction(level)) / 2
    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    for n in range(1, big_n + 1):
        samples = math.comb(big_n, n)
        threshold = half.numerator * samples
        for big_k in range(big_n + 1):
            at_most = list(
                itertools.accumulate(math.comb(big_k, x) * math.comb(big_n - big_k, n - x) for x in range(n + 1))
            )
            for k in range(max(0, n - (big_n - big_k)), min(n, big_k) + 1):
                at_least = samples - (at_most[k - 1] if k else 0)
                low, high = bounds.get((k, n), (None, None))
                if low is None and at_least * half.denominator > threshold:
                    low = big_k
                if at_most[k] * half.denominator > threshold:
                    high = big_k
                bounds[(k, n)] = (low, high)
    return bounds


def _grid(max_population: int):
    """Every share 0 ≤ k ≤ n ≤ N with n ≥ 1 and N ≤ max_population, as float columns k, n and N."""
    cases = [(k, n, big_n) for big_n in range(1, max_population + 1) for n in range(1, big_n + 1) for k in range(n + 1)]
    return (np.array(column, dtype=float) for column in zip(*cases, strict=True))


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[tuple[int, int, int], tuple[int, int]]]:
    return {
        level: {(k, n, big_n): b for big_n in range(1, 41) for (k, n), b in _reference_bounds(big_n, level).items()}
        for level in LEVELS
    }


def _mismatches(k, n, big_n, level, expected):
    low, high = hypergeometric_counts(k, n, big_n, float(level))
    cases = zip(k.astype(int).tolist(), n.astype(int).tolist(), big_n.astype(int).tolist(), strict=True)
    got = zip(cases, low.tolist(), high.tolist(), strict=True)
    return [(case, (lo, hi), expected[case]) for case, lo, hi in got if (lo, hi) != expected[case]]


@pytest.mark.parametrize("level", LEVELS)
def test_bounds_equal_the_integer_definition_for_every_population_up_to_40(reference, level):
    k, n, big_n = _grid(40)
    assert len(k) == 12_300
    wrong = _mismatches(k, n, big_n, level, reference[level])
    assert not wrong, f"{len(wrong)} cases differ (case, got, expected), e.g. {wrong[:5]}"


@pytest.mark.parametrize("walk", [0, 10_000])
def test_bisection_alone_and_the_walk_alone_give_the_same_bounds(reference, monkeypatch, walk):
    # With no steps every case that the first guess does not settle is bisected; with unlimited steps none is.
    monkeypatch.setattr(_hypergeometric, "_WALK", walk)
    k, n, big_n = _grid(40)
    assert not _mismatches(k, n, big_n, "0.95", reference["0.95"])


def test_repeated_and_complementary_shares_are_searched_once_with_the_same_bounds():
    k = np.array([3, 17, 3, 14, 0, 17, 3], dtype=float)
    n = np.array([17, 17, 17, 17, 17, 17, 20], dtype=float)
    big_n = np.array([40, 40, 40, 40, 40, 40, 40], dtype=float)
    low, high = hypergeometric_counts(k, n, big_n, 0.95)
    alone = [hypergeometric_counts(k[i : i + 1], n[i : i + 1], big_n[i : i + 1], 0.95) for i in range(len(k))]
    assert low.tolist() == [int(a[0][0]) for a in alone]
    assert high.tolist() == [int(a[1][0]) for a in alone]
    # 3 of 17 and 14 of 17 mirror each other: K for "yes" in one is N − K for "no" in the other
    assert (low[0], high[0]) == (40 - high[3], 40 - low[3])


def _at_least(k: int, n: int, big_n: int, big_k: int) -> int:
    """Σ_{x ≥ k} C(K, x)·C(N − K, n − x): the samples with k or more "yes", each term from the last exactly."""
    x, last = max(k, n - (big_n - big_k)), min(n, big_k)
    if x > last:
        return 0
    term = math.comb(big_k, x) * math.comb(big_n - big_k, n - x)
    total = term
    while x < last:
        term = term * (big_k - x) * (n - x) // ((x + 1) * (big_n - big_k - n + x + 1))
        x += 1
        total += term
    return total


def _certify(k: int, n: int, big_n: int, low: int, high: int, level: str) -> bool:
    """Whether low and high are the edges of the two predicates, by the integer tails on both sides of each."""
    half = (1 - Fraction(level)) / 2
    samples = math.comb(big_n, n)

    def above(ways: int) -> bool:
        return ways * half.denominator > half.numerator * samples

    def upper_kept(big_k: int) -> bool:
        return above(_at_least(k, n, big_n, big_k))

    def lower_kept(big_k: int) -> bool:
        return above(samples - _at_least(k + 1, n, big_n, big_k))

    top = big_n - (n - k)
    return (
        k <= low <= high <= top
        and upper_kept(low)
        and (low == k or not upper_kept(low - 1))
        and lower_kept(high)
        and (high == top or not lower_kept(high + 1))
    )


LARGE = [
    *((k, 3000, 5000) for k in (0, 1, 2, 1500, 1799, 2998, 2999, 3000)),
    (1, 1, 5000),
    (2500, 4999, 5000),
    (4999, 4999, 5000),
    # a handful of answers from a population of a million: the first guess is far off, the rest is bisected
    *((k, n, 10**6) for n, k in ((1, 0), (1, 1), (3, 1), (20, 0), (20, 7), (20, 20))),
    (25, 40, 10**7),
]


@pytest.mark.parametrize("level", LEVELS)
def test_large_cases_are_certified_by_integer_tails_around_each_bound(level):
    k, n, big_n = (np.array(column, dtype=float) for column in zip(*LARGE, strict=True))
    low, high = hypergeometric_counts(k, n, big_n, float(level))
    wrong = [
        (case, lo, hi)
        for case, lo, hi in zip(LARGE, low.tolist(), high.tolist(), strict=True)
        if not _certify(*case, lo, hi, level)
    ]
    assert not wrong


def test_a_national_share_of_a_million_has_scipys_tails_on_either_side_of_its_bounds():
    # 382,232 of 636,940 answers from 1,000,000: too large for the integer oracle, so scipy's (Boost's) tails
    k, n, big_n = 382_232, 636_940, 1_000_000
    low, high = (int(b[0]) for b in hypergeometric_counts(np.array([k]), np.array([n]), np.array([big_n]), 0.95))
    assert hypergeom.sf(k - 1, big_n, low - 1, n) <= 0.025 < hypergeom.sf(k - 1, big_n, low, n)
    assert hypergeom.cdf(k, big_n, high + 1, n) <= 0.025 < hypergeom.cdf(k, big_n, high, n)


def _cases_near_the_bounds(rng, n, big_n):
    """k ≥ 1 of each n < N, and K in [k, N − (n − k)] near k/n·N, where bounds lie (tails neither 0 nor 1)."""
    k = np.array([rng.integers(1, v + 1) for v in n])
    share = np.clip(k / n + rng.normal(0, 2, len(n)) * np.sqrt(k / n * (1 - k / n) / n + 1 / n**2), 0, 1)
    big_k = np.clip(np.round(share * big_n), k, big_n - (n - k)).astype(np.int64)
    return k, n, big_n, big_k


def test_upper_tails_and_point_probabilities_are_scipys():
    rng = np.random.default_rng(11)
    big_n = rng.integers(2, 1200, 3000)
    k, n, big_n, big_k = _cases_near_the_bounds(rng, np.array([rng.integers(1, v) for v in big_n]), big_n)
    tail, at_k = upper_tails(k, n, big_n, big_k)
    assert np.allclose(tail, hypergeom.sf(k - 1, big_n, big_k, n), rtol=1e-11, atol=1e-300)
    assert np.allclose(at_k, hypergeom.pmf(k, big_n, big_k, n), rtol=1e-11, atol=1e-300)
    # the lower tail P(X ≤ k | K), as the upper tail of the "no": P(X' ≥ n − k | N − K)
    some = n - k > 0
    lower, _ = upper_tails((n - k)[some], n[some], big_n[some], (big_n - big_k)[some])
    assert np.allclose(lower, hypergeom.cdf(k[some], big_n[some], big_k[some], n[some]), rtol=1e-11, atol=1e-300)


def test_upper_tails_keep_their_precision_in_a_population_of_a_million():
    # scipy's (Boost's) tails are off by about 2e-10 at this size (checked against integers), these by about 1e-14;
    # samples of up to 3,000 keep the integer tails to milliseconds
    rng = np.random.default_rng(13)
    k, n, big_n, big_k = _cases_near_the_bounds(rng, rng.integers(1, 3000, 12), np.full(12, 10**6))
    tail, _ = upper_tails(k, n, big_n, big_k)
    cases = zip(k.tolist(), n.tolist(), big_n.tolist(), big_k.tolist(), strict=True)
    exact = [float(Fraction(_at_least(*case), math.comb(case[2], case[1]))) for case in cases]
    assert tail == pytest.approx(exact, rel=1e-12)


def test_point_probabilities_keep_their_precision_in_populations_of_millions():
    # log-factorials of a million are about 1.3e7, whose last digit is 2e-9: differences of them lose that much
    cases = [(7, 20, 10**6, 350_000), (0, 20, 10**6, 1_000), (20, 20, 10**6, 999_000), (13, 40, 10**7, 3_300_000)]
    cases += [(1800, 3000, 5000, 3010), (1, 4999, 5000, 1), (2500, 4999, 5000, 2500), (40, 60, 61, 41)]
    x, n, big_n, big_k = (np.array(column) for column in zip(*cases, strict=True))
    got = np.exp(log_hypergeometric_pmf(x, n, big_n, big_k))
    exact = [float(Fraction(math.comb(K, xi) * math.comb(N - K, ni - xi), math.comb(N, ni))) for xi, ni, N, K in cases]
    assert got == pytest.approx(exact, rel=1e-12)
