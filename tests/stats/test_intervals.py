"""Intervals for shares from small finite populations, against independent oracles.

Oracles: statsmodels' proportion_confint (Wilson, Clopper–Pearson as "beta"),
R statpsych's published ci.prop.fpc example, and hypergeometric tail sums
written out here with scipy.stats.hypergeom.
"""

import itertools
import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom, norm
from statsmodels.stats.proportion import proportion_confint

from klyngestat import group_share, group_shares, share_table, survey_from_frame
from klyngestat.stats.intervals import (
    INTERVAL_METHODS,
    population_of,
    populations_of,
    proportion_interval,
    share_intervals,
)
from tests.conftest import tiny_frame

FPC_METHODS = ("wilson", "clopper_pearson", "hypergeometric", "adjusted_wald")


# --- without a population: the textbook intervals ---------------------------------------------------------------


@pytest.mark.parametrize(("count", "n"), [(52, 73), (4, 14), (0, 8), (8, 8), (1, 6), (329, 686)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_wilson_matches_statsmodels(count, n, confidence):
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    interval = proportion_interval(count, n, confidence_level=confidence)
    assert interval.low == pytest.approx(low, abs=1e-12)
    assert interval.high == pytest.approx(high, abs=1e-12)
    assert not interval.fpc_applied


@pytest.mark.parametrize(("count", "n"), [(52, 73), (4, 14), (0, 8), (8, 8), (1, 6), (329, 686)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_clopper_pearson_matches_statsmodels_beta(count, n, confidence):
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="beta")
    interval = proportion_interval(count, n, method="clopper_pearson", confidence_level=confidence)
    assert interval.low == pytest.approx(low, abs=1e-10)
    assert interval.high == pytest.approx(high, abs=1e-10)


# --- with a population: the finite population correction ---------------------------------------------------------


def test_adjusted_wald_reproduces_statpsych_ci_prop_fpc():
    # R statpsych: ci.prop.fpc(.05, 12, 100, 400) -> Estimate 0.1346154, SE 0.0290208, LL 0.07773565, UL 0.1914951.
    # This pins the finite population correction factor (N - n)/(N - 1).
    interval = proportion_interval(12, 100, method="adjusted_wald", population=400)
    assert interval.adjusted_share == pytest.approx(0.1346154, abs=5e-8)
    assert interval.standard_error == pytest.approx(0.0290208, abs=5e-8)
    assert interval.low == pytest.approx(0.07773565, abs=5e-9)
    assert interval.high == pytest.approx(0.1914951, abs=5e-8)
    assert interval.share == pytest.approx(0.12)
    assert interval.fpc_applied


def test_wilson_fpc_is_wilson_at_n_over_f():
    # The Wilson interval depends on z²/n only; replacing z² by z²·f equals Wilson at n/f with the same share.
    count, n, population = 52, 73, 111
    f = (population - n) / (population - 1)
    low, high = proportion_confint(count / f, n / f, method="wilson")
    interval = proportion_interval(count, n, population=population)
    assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-12)


@pytest.mark.parametrize(("count", "n", "population"), [(52, 73, 111), (7, 14, 20), (0, 6, 8), (6, 6, 11)])
def test_wilson_fpc_solves_the_score_equation(count, n, population):
    # Independent of the closed form: the bounds are the roots of (p̂ − p)² = z²·f·p(1 − p)/n.
    z = norm.ppf(0.975)
    f = (population - n) / (population - 1)
    phat = count / n
    a = n + z * z * f
    b = -(2 * n * phat + z * z * f)
    c = n * phat * phat
    disc = math.sqrt(b * b - 4 * a * c)
    interval = proportion_interval(count, n, population=population)
    assert interval.low == pytest.approx((-b - disc) / (2 * a), abs=1e-12)
    assert interval.high == pytest.approx((-b + disc) / (2 * a), abs=1e-12)


def test_clopper_pearson_fpc_shrinks_half_widths_by_root_f():
    count, n, population = 52, 73, 111
    low, high = proportion_confint(count, n, method="beta")
    root_f = math.sqrt((population - n) / (population - 1))
    phat = count / n
    interval = proportion_interval(count, n, method="clopper_pearson", population=population)
    assert interval.low == pytest.approx(phat - root_f * (phat - low))
    assert interval.high == pytest.approx(phat + root_f * (high - phat))


def _hand_hypergeometric(k, n, big_n, confidence=0.95):
    """Population counts K for which neither one-sided test rejects, by a plain loop over K."""
    alpha = 1 - confidence
    kept = []
    for big_k in range(big_n + 1):
        if big_k < k or big_k > big_n - (n - k):
            continue
        at_least = hypergeom.sf(k - 1, big_n, big_k, n)  # P(X >= k | K)
        at_most = hypergeom.cdf(k, big_n, big_k, n)  # P(X <= k | K)
        if at_least > alpha / 2 and at_most > alpha / 2:
            kept.append(big_k)
    return min(kept), max(kept)


def test_hypergeometric_seven_of_fourteen_from_twenty():
    # Every feasible K (7..13) survives: even K = 7 (all of the 6 unseen members outside the group) has
    # P(X = 7 | K = 7) = C(13, 7)/C(20, 14) = 1716/38760 = 0.0443 > 0.025, and symmetrically K = 13.
    assert _hand_hypergeometric(7, 14, 20) == (7, 13)
    assert 1716 / 38760 > 0.025
    assert hypergeom.pmf(7, 20, 7, 14) == pytest.approx(1716 / 38760)
    interval = proportion_interval(7, 14, method="hypergeometric", population=20)
    assert (interval.low_count, interval.high_count) == (7, 13)
    assert (interval.low, interval.high) == (7 / 20, 13 / 20)


def test_hypergeometric_dermatologi_top_box_has_interior_bounds():
    # 52 of 73 answered in the top box; 111 members.
    assert _hand_hypergeometric(52, 73, 111) == (72, 85)
    assert hypergeom.sf(51, 111, 71, 73) <= 0.025 < hypergeom.sf(51, 111, 72, 73)
    assert hypergeom.cdf(52, 111, 86, 73) <= 0.025 < hypergeom.cdf(52, 111, 85, 73)
    interval = proportion_interval(52, 73, method="hypergeometric", population=111)
    assert (interval.low_count, interval.high_count) == (72, 85)


@pytest.mark.parametrize(
    ("k", "n", "big_n", "confidence"),
    [
        (4, 14, 19, 0.95),
        (6, 8, 11, 0.95),
        (1, 6, 8, 0.95),
        (0, 6, 8, 0.95),
        (6, 6, 8, 0.95),
        (329, 686, 1092, 0.95),
        (3, 10, 40, 0.95),
        (12, 100, 400, 0.95),
        (5, 12, 30, 0.8),
        (5, 12, 30, 0.99),
    ],
)
def test_hypergeometric_matches_hand_loop(k, n, big_n, confidence):
    interval = proportion_interval(k, n, method="hypergeometric", population=big_n, confidence_level=confidence)
    assert (interval.low_count, interval.high_count) == _hand_hypergeometric(k, n, big_n, confidence)


def _exact_hypergeometric_bounds(max_population: int, confidences: tuple[str, ...]) -> dict:
    """Brute force in exact arithmetic: {(k, n, N, level): (low K, high K)} for every 0 ≤ k ≤ n ≤ N ≤ max_population.

    For each N, n and K the counts of samples with X = x are C(K, x)·C(N − K, n − x); the tails P(X ≥ k | K) and
    P(X ≤ k | K) are integer partial sums over C(N, n), compared with α/2 as a Fraction of the level as written.
    """
    halves = {level: (1 - Fraction(level)) / 2 for level in confidences}
    kept: dict = {}
    for big_n in range(1, max_population + 1):
        for n in range(1, big_n + 1):
            samples = math.comb(big_n, n)
            for big_k in range(big_n + 1):
                ways = [math.comb(big_k, x) * math.comb(big_n - big_k, n - x) for x in range(n + 1)]
                at_most = list(itertools.accumulate(ways))
                for k in range(max(0, n - (big_n - big_k)), min(n, big_k) + 1):
                    at_least = samples - (at_most[k - 1] if k else 0)
                    for level, half in halves.items():
                        if Fraction(at_least, samples) > half and Fraction(at_most[k], samples) > half:
                            low, high = kept.get((k, n, big_n, level), (big_k, big_k))
                            kept[(k, n, big_n, level)] = (min(low, big_k), max(high, big_k))
    return kept


def test_hypergeometric_excludes_a_tail_exactly_at_alpha_half():
    # One of one answered, from 10: P(X ≥ 1 | K) = K/10, and at 80 % α/2 = 1/10 exactly, so K = 1 is excluded by the
    # strict inequality; in floating point 1 − 0.8 = 0.19999999999999996 kept it.
    assert 1 - 0.8 < 0.2
    interval = proportion_interval(1, 1, method="hypergeometric", population=10, confidence_level=0.8)
    assert (interval.low_count, interval.high_count) == (2, 10)
    assert interval.low == pytest.approx(0.2)


def test_hypergeometric_bounds_equal_exact_brute_force_for_every_population_up_to_30():
    levels = ("0.5", "0.8", "0.9", "0.95", "0.99")
    expected = _exact_hypergeometric_bounds(30, levels)
    cases = sorted({(k, n, big_n) for k, n, big_n, _ in expected})
    assert len(cases) == 5425
    for level in levels:
        counts, ns, populations = (list(column) for column in zip(*cases, strict=True))
        got = share_intervals_of_counts(counts, ns, populations, float(level))
        wrong = [
            (case, bounds, expected[(*case, level)])
            for case, bounds in zip(cases, got, strict=True)
            if bounds != expected[(*case, level)]
        ]
        assert not wrong, f"{level}: {len(wrong)} cases differ, e.g. {wrong[:5]}"


def share_intervals_of_counts(counts, ns, populations, confidence):
    """(low_count, high_count) of each share, by the library's one vectorised computation."""
    from klyngestat.stats.intervals import _intervals

    intervals = _intervals(counts, ns, populations, "hypergeometric", confidence)
    return [(i.low_count, i.high_count) for i in intervals]


def test_hypergeometric_needs_a_population():
    with pytest.raises(ValueError, match="population size N"):
        proportion_interval(3, 5, method="hypergeometric")


def test_hypergeometric_contains_the_share_at_95_percent_for_every_small_population():
    # Exhaustive over N <= 30; at low confidence levels the discrete interval may sit beside k/n.
    ks, ns, pops = [], [], []
    for big_n in range(1, 31):
        for n in range(1, big_n + 1):
            for k in range(n + 1):
                ks.append(k), ns.append(n), pops.append(big_n)
    shares = [_share(k, n) for k, n in zip(ks, ns, strict=True)]
    frame = share_intervals(shares, method="hypergeometric", populations=pops).to_frame()
    assert (frame["low"] <= frame["share"] + 1e-12).all()
    assert (frame["share"] <= frame["high"] + 1e-12).all()


# --- properties ---------------------------------------------------------------------------------------------------


@st.composite
def finite_samples(draw):
    big_n = draw(st.integers(1, 300))
    n = draw(st.integers(1, big_n))
    k = draw(st.integers(0, n))
    return k, n, big_n


confidences = st.floats(0.5, 0.999)


@settings(max_examples=300, deadline=None)
@given(finite_samples(), st.sampled_from(FPC_METHODS), confidences, st.booleans())
def test_every_interval_lies_in_unit_range_and_is_never_nan(sample, method, confidence, finite):
    k, n, big_n = sample
    if method == "hypergeometric":
        finite = True
    interval = proportion_interval(
        k, n, method=method, population=big_n if finite else None, confidence_level=confidence
    )
    assert 0 <= interval.low <= interval.high <= 1
    assert not math.isnan(interval.low) and not math.isnan(interval.high)


@settings(max_examples=300, deadline=None)
@given(finite_samples(), st.sampled_from(("wilson", "clopper_pearson")), confidences, st.booleans())
def test_wilson_and_clopper_pearson_contain_the_estimate(sample, method, confidence, finite):
    k, n, big_n = sample
    interval = proportion_interval(
        k, n, method=method, population=big_n if finite else None, confidence_level=confidence
    )
    assert interval.low - 1e-12 <= interval.share <= interval.high + 1e-12


@settings(max_examples=300, deadline=None)
@given(finite_samples(), confidences)
def test_adjusted_wald_contains_its_centre(sample, confidence):
    k, n, big_n = sample
    interval = proportion_interval(k, n, method="adjusted_wald", population=big_n, confidence_level=confidence)
    assert interval.low - 1e-12 <= interval.adjusted_share <= interval.high + 1e-12


@settings(max_examples=300, deadline=None)
@given(finite_samples(), confidences)
def test_hypergeometric_reaches_the_population_counts_next_to_the_estimate(sample, confidence):
    k, n, big_n = sample
    interval = proportion_interval(k, n, method="hypergeometric", population=big_n, confidence_level=confidence)
    expected_count = big_n * k / n
    assert interval.low_count <= math.ceil(expected_count - 1e-9)
    assert interval.high_count >= math.floor(expected_count + 1e-9)
    assert k <= interval.low_count <= interval.high_count <= big_n - (n - k)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), st.sampled_from(FPC_METHODS), confidences, st.data())
def test_a_census_is_its_own_interval(n, method, confidence, data):
    k = data.draw(st.integers(0, n))
    interval = proportion_interval(k, n, method=method, population=n, confidence_level=confidence)
    assert interval.low == interval.high == pytest.approx(k / n)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 250), st.integers(1, 40), st.data(), st.sampled_from(FPC_METHODS), confidences)
def test_intervals_narrow_as_answers_approach_the_population(big_n, base, data, method, confidence):
    # The share k/n is held fixed (r/s) while n = s·t grows towards N.
    assume(2 * base <= big_n)
    r = data.draw(st.integers(0, base))
    t_small = data.draw(st.integers(1, big_n // base - 1))
    t_large = data.draw(st.integers(t_small + 1, big_n // base))
    small = proportion_interval(
        r * t_small, base * t_small, method=method, population=big_n, confidence_level=confidence
    )
    large = proportion_interval(
        r * t_large, base * t_large, method=method, population=big_n, confidence_level=confidence
    )
    assert large.width <= small.width + 1e-12


@settings(max_examples=100, deadline=None)
@given(finite_samples(), st.sampled_from(("wilson", "clopper_pearson", "adjusted_wald")))
def test_the_finite_correction_never_widens(sample, method):
    k, n, big_n = sample
    plain = proportion_interval(k, n, method=method)
    finite = proportion_interval(k, n, method=method, population=big_n)
    assert finite.width <= plain.width + 1e-12


# --- many shares at once, populations, errors --------------------------------------------------------------------


def _share(k, n):
    from klyngestat.stats.shares import Share

    return Share("q", "top_box", "top", "specialty", "S", None, k, n)


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "adjusted_wald"])
def test_share_intervals_equal_one_at_a_time(method, the_demo_survey):
    shares = list(share_table(the_demo_survey, questions=("understoetter_kvalitet", "forbedringer")))
    shares = [s for s in shares if s.base > 0]
    batch = share_intervals(shares, method=method)
    for share, interval in zip(shares, batch, strict=True):
        single = proportion_interval(share.count, share.base, method=method)
        assert (interval.low, interval.high) == pytest.approx((single.low, single.high), abs=1e-12)


def test_share_intervals_frame_has_one_row_per_share_with_its_counts_and_population(the_demo_survey):
    s = the_demo_survey
    shares = list(group_shares(s, "understoetter_kvalitet", by="cluster", specialty="Dermatologi"))
    frame = share_intervals(shares, method="hypergeometric", populations=populations_of(s, shares)).to_frame()
    assert len(frame) == 7
    assert {"question", "level", "specialty", "cluster", "count", "base", "population", "share", "low", "high"} <= set(
        frame.columns
    )
    assert frame["base"].sum() == 73 and frame["count"].sum() == 52
    assert frame["population"].tolist() == [18, 15, 18, 14, 18, 19, 9]
    assert (frame["method"] == "hypergeometric").all()


def test_empty_base_gives_nan_in_the_frame_and_none_in_json():
    batch = share_intervals([_share(0, 0), _share(2, 5)], populations=[4, 9])
    frame = batch.to_frame()
    assert math.isnan(frame.loc[0, "low"]) and not math.isnan(frame.loc[1, "low"])
    data = batch.to_dict()
    json.dumps(data)
    assert data["intervals"][0]["low"] is None


def test_to_dict_is_json_able_and_keeps_the_method_and_assumption():
    interval = proportion_interval(52, 73, method="hypergeometric", population=111)
    data = json.loads(json.dumps(interval.to_dict()))
    assert data["method"] == "hypergeometric" and data["low_count"] == 72
    assert "non-response" in data["assumption"] and "ignorable" in data["assumption"]
    assert "unlimited" in proportion_interval(52, 73).assumption
    assert interval.to_frame().shape[0] == 1


def test_population_of_uses_roster_members_then_invited(the_demo_survey):
    s = the_demo_survey
    derma = group_share(s, "understoetter_kvalitet", specialty="Dermatologi")
    sydd = group_share(s, "understoetter_kvalitet", specialty="Dermatologi", cluster="Derma – Syddanmark")
    assert population_of(s, derma) == 111  # roster: clusters sum to 111; 110 invited
    assert population_of(s, sydd) == 18  # roster: 18 members; 17 invited
    assert population_of(s, group_share(s, "understoetter_kvalitet")) == 1092  # nation: all invited


def test_population_of_without_roster_is_the_invited_count(tiny):
    bare = survey_from_frame(tiny_frame())
    specialty_a = group_share(bare, "understoetter_kvalitet", specialty="A")
    cluster_a2 = group_share(bare, "understoetter_kvalitet", specialty="A", cluster="a2")
    assert population_of(bare, specialty_a) == 8
    assert population_of(bare, cluster_a2) == 4
    assert population_of(tiny, specialty_a) == 9  # with the roster: 4 + 5 members
    assert population_of(tiny, cluster_a2) == 5
    assert population_of(bare, group_share(bare, "understoetter_kvalitet")) == 11


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "wald"}, "method must be one of"),
        ({"confidence_level": 95}, "confidence_level must lie strictly between 0 and 1"),
        ({"confidence_level": 0.0}, "confidence_level must lie strictly between 0 and 1"),
        ({"population": 50}, "smaller than the number of answers"),
    ],
)
def test_bad_options_say_what_to_do(kwargs, message):
    with pytest.raises(ValueError, match=message):
        proportion_interval(52, 73, **kwargs)


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="count <= base"):
        proportion_interval(8, 6)
    with pytest.raises(ValueError, match="empty base"):
        proportion_interval(0, 0)
    with pytest.raises(ValueError, match="one per share"):
        share_intervals([_share(1, 2)], populations=[3, 4])


def test_methods_are_listed():
    assert set(INTERVAL_METHODS) == {"wilson", "clopper_pearson", "hypergeometric", "adjusted_wald"}
    assert np.isclose(proportion_interval(0, 5).low, 0) and proportion_interval(5, 5).high == 1
