"""Exact tests against scipy, statsmodels and R (fisher.test), and hand enumeration."""

import csv
import gc
import itertools
import json
import math
from fractions import Fraction
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from klyngestat import compare_with_national, group_share, national_average, survey_from_frame
from klyngestat.stats import _cluster_tables, significance
from klyngestat.stats._cluster_tables import count_tables, freeman_halton_pvalue
from klyngestat.stats.compare import difference_test
from klyngestat.stats.significance import (
    cluster_heterogeneity,
    heterogeneity_from_counts,
    holm,
    newcombe_difference,
    specialty_vs_rest,
    versus_reference,
)
from tests.conftest import tiny_frame

R_DIR = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def demo(the_demo_survey):
    return the_demo_survey


# --- specialty against the rest ----------------------------------------------------------------------------------


def test_plastikkirurgi_forbedringer_against_the_rest_is_fisher_on_the_counted_table(demo):
    # National 329 of 686 in the top box, Plastikkirurgi 4 of 14: the rest is 325 of 672.
    national = group_share(demo, "forbedringer")
    own = group_share(demo, "forbedringer", specialty="Plastikkirurgi")
    assert (national.count, national.base, own.count, own.base) == (329, 686, 4, 14)
    result = specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi")
    assert result.table == ((4, 10), (325, 347))
    assert result.pvalue == pytest.approx(stats.fisher_exact([[4, 10], [325, 347]]).pvalue, rel=1e-12)
    assert result.difference_pp == pytest.approx(100 * (4 / 14 - 325 / 672))
    low, high = confint_proportions_2indep(4, 14, 325, 672, method="newcomb", compare="diff")
    assert (result.low_pp, result.high_pp) == pytest.approx((100 * low, 100 * high), abs=1e-9)
    assert result.method == "fisher" and result.interval_method == "newcombe_hybrid_score"


def test_it_agrees_with_the_fisher_test_the_comparison_module_runs(demo):
    comparison = compare_with_national(
        group_share(demo, "forbedringer", specialty="Plastikkirurgi"), national_average(demo, "forbedringer")
    )
    assert specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi").pvalue == pytest.approx(
        difference_test(comparison).pvalue
    )


# Boschloo's test against an independent oracle. Boschloo's p-value is unconditional: the specialty (count1 of n1)
# and the rest (count2 of n2) are two independent binomial samples with common success probability π under the null.
# Following scipy's definition of ``boschloo_exact``: the statistic of a table with a and b in the group is Fisher's
# one-sided p-value, P(A ≤ a | A + B = a + b) for "less" (H1: p1 < p2) and P(A ≥ a | A + B = a + b) for "greater";
# a side's p-value is the largest, over π, probability of the tables whose statistic is at most the observed one;
# two-sided is twice the smaller side, at most 1. The oracle below enumerates every table with n1 and n2 fixed, orders
# them by the statistic in exact integer arithmetic (no tolerance) and maximises the tail over π on a 10,001-point grid
# refined between the best point's neighbours. It shares no code with scipy (which optimises with shgo).


def _boschloo_side_weights(count1: int, n1: int, count2: int, n2: int, side: str) -> list[int]:
    """Σ C(n1, a)·C(n2, b) over the tables (a, b) in the rejection region, by total a + b (0 … n1 + n2)."""
    c1 = [math.comb(n1, a) for a in range(n1 + 1)]
    c2 = [math.comb(n2, b) for b in range(n2 + 1)]

    def fisher_one_sided(total: int) -> list[tuple[int, int, int, int]]:
        # (a, tail, all, weight) for each a given the total; Fisher's one-sided p-value is the fraction tail / all.
        support = list(range(max(0, total - n2), min(n1, total) + 1))
        weights = [c1[a] * c2[total - a] for a in support]
        everything = sum(weights)
        if side == "less":
            tails = list(itertools.accumulate(weights))
        else:
            tails = list(itertools.accumulate(weights[::-1]))[::-1]
        return [(a, tail, everything, w) for a, tail, w in zip(support, tails, weights, strict=True)]

    [(_, observed_tail, observed_all, _)] = [row for row in fisher_one_sided(count1 + count2) if row[0] == count1]
    in_region = [
        [w for _, tail, everything, w in fisher_one_sided(total) if tail * observed_all <= observed_tail * everything]
        for total in range(n1 + n2 + 1)
    ]
    return [sum(weights) for weights in in_region]


def _largest_tail(by_total: list[int]) -> float:
    """max over π in [0, 1] of Σ_s w_s π^s (1 − π)^(N − s): a 10,001-point grid, then 2,001 points around its best."""
    big_n = len(by_total) - 1
    s = np.arange(big_n + 1)
    log_w = np.array([math.log(w) if w else -np.inf for w in by_total])

    def rows(pi: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            log_pi = np.where(s > 0, s * np.log(pi[:, None]), 0.0)
            log_rest = np.where(s < big_n, (big_n - s) * np.log1p(-pi[:, None]), 0.0)
        terms = log_w + log_pi + log_rest
        top = terms.max(axis=1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        return np.exp(top[:, 0]) * np.exp(terms - top).sum(axis=1)

    def tail(pi: np.ndarray) -> np.ndarray:
        # 64 grid points at a time: each point's sum is its own row's, so the values are those of one pass over the
        # whole grid, bit for bit, but the arrays stay in the processor's cache (five times faster for N ≈ 700)
        return np.concatenate([rows(pi[i : i + 64]) for i in range(0, pi.size, 64)])

    grid = np.linspace(0.0, 1.0, 10_001)
    values = tail(grid)
    best = int(np.argmax(values))
    around = np.linspace(grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)], 2_001)
    return float(max(values[best], tail(around).max()))


def _boschloo_by_enumeration(count1: int, n1: int, count2: int, n2: int) -> float:
    less = _largest_tail(_boschloo_side_weights(count1, n1, count2, n2, "less"))
    greater = _largest_tail(_boschloo_side_weights(count1, n1, count2, n2, "greater"))
    return min(1.0, 2 * min(less, greater))


@pytest.fixture(scope="module")
def release_tables(demo_release):
    """(count, n, rest_count, rest_n) of the demo Release's specialty-against-the-rest comparisons, by id."""
    release = demo_release
    tables = {}
    for record in release.records:
        test = record.detail.get("test", {}) if record.kind == "comparison" else {}
        if test.get("method") == "fisher_vs_rest":
            own = release.get(record.inputs[0])
            tables[f"{record.specialty}/{record.question}"] = (own.count, own.base, test["rest_count"], test["rest_n"])
    return tables


def test_boschloo_seed_tables_from_the_demo_release_match_the_oracle(release_tables, demo):
    seeds = {
        "Plastikkirurgi/forbedringer": (4, 14, 325, 672),
        "Dermatologi/understoetter_kvalitet": (52, 73, 402, 618),
        "Urologi/prioritet_erfaringsudveksling": (12, 12, 642, 671),
        "Urologi/engagement_emner": (6, 13, 349, 671),
    }
    pvalues = {}
    for key, table in seeds.items():
        assert release_tables[key] == table
        specialty, question = key.split("/")
        result = specialty_vs_rest(demo, question, specialty=specialty, method="boschloo")
        assert (result.count, result.base, result.rest_count, result.rest_base) == table
        assert result.pvalue == pytest.approx(_boschloo_by_enumeration(*table), rel=1e-9, abs=1e-12), key
        pvalues[key] = result.pvalue
    # The docs' example: Fisher 0,18, Boschloo 0,158 (not 0,206, the value on the wrong margin); the p-value is
    # specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi", method="boschloo")'s, from the loop.
    assert round(pvalues["Plastikkirurgi/forbedringer"], 3) == 0.158


@pytest.mark.parametrize(
    ("count1", "n1", "count2", "n2"),
    [
        (0, 19, 10, 19),
        (10, 19, 0, 19),
        (3, 10, 8, 12),
        (6, 8, 1, 6),
        (1, 1, 0, 1),
        (2, 5, 2, 5),
        (7, 14, 3, 20),
        (1, 20, 9, 11),
        (5, 9, 0, 4),
        (11, 12, 609, 673),
        (0, 14, 30, 672),
        # degenerate: nobody or everybody in the group, or an empty side
        (0, 14, 0, 672),
        (14, 14, 672, 672),
        (0, 5, 0, 7),
        (5, 5, 7, 7),
        (0, 0, 3, 9),
        (4, 6, 0, 0),
    ],
)
def test_boschloo_matches_an_independent_enumeration(count1, n1, count2, n2):
    expected = _boschloo_by_enumeration(count1, n1, count2, n2)
    pvalue = significance.rest_pvalue(count1, n1, count2, n2, method="boschloo")
    assert pvalue == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_boschloo_zero_of_nineteen_against_ten_of_nineteen_by_hand():
    # Fisher's one-sided statistic of the observed table is P(A ≤ 0 | A + B = 10) = C(19, 10)/C(38, 10).
    observed = math.comb(19, 10) / math.comb(38, 10)
    assert observed == pytest.approx(1.9541e-4, rel=1e-4)
    # The rejection region of the "less" side: 42 tables with statistic at most that, each a ≤ 9 and b ≥ a + 10.
    weights = _boschloo_side_weights(0, 19, 10, 19, "less")
    region = [
        (a, b)
        for a in range(20)
        for b in range(20)
        if a + b >= 10
        and sum(math.comb(19, x) * math.comb(19, a + b - x) for x in range(a + 1)) / math.comb(38, a + b)
        <= observed * (1 + 1e-12)
    ]
    assert len(region) == 42 and all(b >= a + 10 for a, b in region)
    assert sum(weights) == sum(math.comb(19, a) * math.comb(19, b) for a, b in region)

    # The "greater" side's observed statistic is P(A ≥ 0 | 10) = 1, so its region is every table and its p-value 1;
    # the two-sided p-value is twice the "less" side's.
    assert sum(_boschloo_side_weights(0, 19, 10, 19, "greater")) == 2**38

    # The "less" region's probability under a common π, exactly, peaks near π = 0.345.
    def tail(pi: Fraction) -> Fraction:
        terms = (math.comb(19, a) * math.comb(19, b) * pi ** (a + b) * (1 - pi) ** (38 - a - b) for a, b in region)
        return sum(terms, Fraction(0))

    peak = max(tail(Fraction(i, 1000)) for i in range(1, 1000))
    assert tail(Fraction(345, 1000)) == peak
    assert 2 * float(peak) == pytest.approx(1.4563e-4, rel=1e-4)
    # Boschloo's p-value is 1.456e-4 (on the wrong margin it was 1.077e-4), below Fisher's two-sided 3.9e-4.
    pvalue = significance.rest_pvalue(0, 19, 10, 19, method="boschloo")
    assert pvalue == pytest.approx(1.45634e-4, rel=1e-5)
    assert pvalue >= 2 * float(peak)
    assert pvalue < significance.rest_pvalue(0, 19, 10, 19)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.data())
def test_boschloo_does_not_depend_on_which_sample_is_first_or_which_answer_counts(n1, n2, data):
    count1, count2 = data.draw(st.integers(0, n1)), data.draw(st.integers(0, n2))
    pvalue = significance.rest_pvalue(count1, n1, count2, n2, method="boschloo")
    assert 0 <= pvalue <= 1
    assert significance.rest_pvalue(count2, n2, count1, n1, method="boschloo") == pytest.approx(pvalue, abs=1e-9)
    flipped = significance.rest_pvalue(n1 - count1, n1, n2 - count2, n2, method="boschloo")
    assert flipped == pytest.approx(pvalue, abs=1e-9)


def test_ved_ikke_exclude_changes_the_table(demo):
    with_vi = specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi")
    without = specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi", ved_ikke="exclude")
    own = group_share(demo, "forbedringer", specialty="Plastikkirurgi", ved_ikke="exclude")
    assert (without.count, without.base) == (own.count, own.base)
    assert without.ved_ikke == "exclude" and with_vi.base >= without.base


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(4, 14, 325, 672), (0, 8, 5, 10), (8, 8, 3, 9), (0, 5, 0, 7), (52, 73, 402, 618)]
)
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_newcombe_matches_statsmodels(k1, n1, k2, n2, confidence):
    d, low, high = newcombe_difference(k1, n1, k2, n2, confidence_level=confidence)
    expected = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - confidence)
    assert d == pytest.approx(k1 / n1 - k2 / n2)
    assert (low, high) == pytest.approx(expected, abs=1e-10)


def test_rest_comparison_to_dict_is_json_able(demo):
    data = json.loads(json.dumps(specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi").to_dict()))
    assert {
        "count",
        "base",
        "rest_count",
        "rest_base",
        "difference_pp",
        "low_pp",
        "high_pp",
        "pvalue",
        "method",
    } <= set(data)
    assert specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi").to_frame().shape[0] == 1


def test_bad_method_and_unknown_specialty_are_refused(demo):
    with pytest.raises(ValueError, match="method must be one of"):
        specialty_vs_rest(demo, "forbedringer", specialty="Plastikkirurgi", method="chi2")
    with pytest.raises(KeyError, match="no specialty"):
        specialty_vs_rest(demo, "forbedringer", specialty="Astrologi")


# --- against a reference -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "n", "reference"), [(52, 73, 0.657), (4, 14, 0.48), (0, 6, 0.3), (14, 14, 0.9)])
def test_versus_reference_is_scipy_binomtest_with_clopper_pearson(count, n, reference):
    result = versus_reference(count, n, reference_share=reference)
    assert result.pvalue == pytest.approx(stats.binomtest(count, n, reference).pvalue, rel=1e-12)
    low, high = proportion_confint(count, n, method="beta")
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-10)
    assert result.difference_pp == pytest.approx(100 * (count / n - reference))


def test_versus_reference_wants_a_share_not_a_percentage():
    with pytest.raises(ValueError, match="share in"):
        versus_reference(52, 73, reference_share=65.7)


# --- heterogeneity of clusters -----------------------------------------------------------------------------------


def test_two_clusters_exact_is_fishers_test(demo):
    # Plastikkirurgi: 6 of 8 and 1 of 6 in the top box.
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Plastikkirurgi", method="exact")
    assert result.counts == (6, 1) and result.bases == (8, 6)
    assert result.pvalue == pytest.approx(stats.fisher_exact([[6, 2], [1, 5]]).pvalue, rel=1e-12)
    assert result.n_resamples is None and result.seed is None
    assert result.algorithm == "fisher" and result.standard_error is None


def test_statistic_is_pearson_chi_square(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi")
    table = np.array([result.counts, np.array(result.bases) - np.array(result.counts)]).T
    expected = stats.chi2_contingency(table, correction=False)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert result.df == expected.dof == 6


def _r_fisher_tables():
    with open(R_DIR / "fisher_rxc_expected.csv", encoding="utf-8") as handle:
        return [
            (
                row["name"],
                [int(x) for x in row["counts"].split(";")],
                [int(x) for x in row["bases"].split(";")],
                float(row["pvalue"]),
            )
            for row in csv.DictReader(handle)
        ]


@pytest.mark.parametrize(("name", "counts", "bases", "expected"), _r_fisher_tables())
def test_exact_enumeration_matches_r_fisher_test(name, counts, bases, expected):
    assert freeman_halton_pvalue(counts, bases) == pytest.approx(expected, rel=1e-6)


def test_exact_dermatologi_through_the_api_matches_r(demo):
    expected = {name: p for name, _, _, p in _r_fisher_tables()}["dermatologi_understoetter_kvalitet"]
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", method="exact")
    assert result.counts == (7, 7, 9, 6, 7, 9, 7)
    assert result.pvalue == pytest.approx(expected, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 15), st.integers(1, 15), st.data())
def test_exact_enumeration_for_two_clusters_is_fishers_test(n1, n2, data):
    a = data.draw(st.integers(0, n1))
    b = data.draw(st.integers(0, n2))
    expected = stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue
    assert freeman_halton_pvalue([a, b], [n1, n2]) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(("bases", "yes"), [((3, 4, 5), 6), ((2, 2, 2, 2), 3), ((5,), 2), ((4, 6), 0), ((3, 3), 6)])
def test_table_count_matches_brute_force(bases, yes):
    brute = sum(1 for a in itertools.product(*(range(n + 1) for n in bases)) if sum(a) == yes)
    assert count_tables(bases, yes) == brute


def _exact_chi_square_pvalue(counts, bases):
    """Brute force: every table with these margins, weighted by its hypergeometric probability."""
    total, yes = sum(bases), sum(counts)

    def chi(a):
        return stats.chi2_contingency(np.array([a, np.array(bases) - a]).T, correction=False).statistic

    observed = chi(np.array(counts))
    p = 0.0
    for a in itertools.product(*(range(n + 1) for n in bases)):
        if sum(a) != yes:
            continue
        prob = math.prod(math.comb(n, x) for n, x in zip(bases, a, strict=True)) / math.comb(total, yes)
        if chi(np.array(a)) >= observed - 1e-9:
            p += prob
    return p


def test_permutation_pvalue_agrees_with_brute_force_enumeration(monkeypatch):
    counts, bases = [1, 4, 6], [5, 6, 7]
    exact = _exact_chi_square_pvalue(counts, bases)
    statistic = float(_cluster_tables.chi_square(np.array(counts, float), np.array(bases, float)))
    resamples = 20000
    p = _cluster_tables.permutation_pvalue(np.array(counts), np.array(bases), resamples, 1, statistic)
    assert abs(p - exact) < 4 * math.sqrt(exact * (1 - exact) / resamples)


def test_permutation_is_seeded_and_reproducible(demo):
    first = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", n_resamples=2000, seed=7)
    again = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", n_resamples=2000, seed=7)
    other = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", n_resamples=2000, seed=8)
    assert first.pvalue == again.pvalue
    assert (first.n_resamples, first.seed) == (2000, 7)
    assert abs(first.pvalue - other.pvalue) < 0.05
    assert (first.pvalue * 2001) == pytest.approx(round(first.pvalue * 2001))  # (1 + hits)/(1 + resamples)


def test_spread_and_wilson_intervals_per_cluster(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi")
    assert result.min_share == pytest.approx(7 / 12) and result.max_share == pytest.approx(7 / 8)
    frame = result.to_frame()
    assert len(frame) == 7 and frame["base"].sum() == 73
    for row in frame.itertuples():
        assert (row.low, row.high) == pytest.approx(proportion_confint(row.count, row.base, method="wilson"), abs=1e-12)
    json.dumps(result.to_dict())


def test_min_n_leaves_small_clusters_out(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", min_n=10, method="exact")
    assert result.excluded == ("Derma – Sjælland", "Derma – Nord")
    assert len(result.clusters) == 5
    with pytest.raises(ValueError, match="two or more"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Plastikkirurgi", min_n=7)


def _r_fisher_large_tables(kind):
    with open(R_DIR / "fisher_rxc_large_expected.csv", encoding="utf-8") as handle:
        return [
            (
                row["name"],
                [int(x) for x in row["counts"].split(";")],
                [int(x) for x in row["bases"].split(";")],
                float(row["pvalue"]),
                float(row["standard_error"]),
            )
            for row in csv.DictReader(handle)
            if row["kind"] == kind
        ]


def _exact_from_counts(counts, bases):
    names = [f"k{i}" for i in range(len(bases))]
    return heterogeneity_from_counts("q", "top_box", "X", names, counts, bases, method="exact")


@pytest.mark.parametrize(("name", "counts", "bases", "expected", "_"), _r_fisher_large_tables("exact"))
def test_exact_answers_the_tables_it_used_to_refuse_as_r_does(name, counts, bases, expected, _):
    # Each has more than MAX_TABLES tables, where a ValueError asked for the permutation test.
    assert count_tables(bases, sum(counts)) > significance.MAX_TABLES
    result = _exact_from_counts(counts, bases)
    assert result.algorithm == "network" and result.standard_error is None
    assert result.n_resamples is None and result.seed is None
    assert result.pvalue == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("specialty", "question", "name"),
    [
        ("Oftalmologi", "forbedringer", "demo_oftalmologi_forbedringer"),
        ("Psykiatri", "understoetter_kvalitet", "demo_psykiatri_understoetter_kvalitet"),
    ],
)
def test_exact_demo_specialties_with_the_most_tables_match_r(demo, specialty, question, name):
    _, counts, bases, expected, _ = {t[0]: t for t in _r_fisher_large_tables("exact")}[name]
    result = cluster_heterogeneity(demo, question, specialty=specialty, method="exact")
    assert (list(result.counts), list(result.bases)) == (counts, bases)
    assert result.pvalue == pytest.approx(expected, abs=1e-9)
    assert result.to_dict()["algorithm"] == "network"


def test_exact_past_max_tables_is_the_network_with_the_enumerations_answer(demo, monkeypatch):
    expected = {name: p for name, _, _, p in _r_fisher_tables()}["dermatologi_understoetter_kvalitet"]
    enumerated = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", method="exact")
    monkeypatch.setattr(_cluster_tables, "MAX_TABLES", 1000)
    network = cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", method="exact")
    assert (enumerated.algorithm, network.algorithm) == ("enumeration", "network")
    assert network.pvalue == pytest.approx(enumerated.pvalue, abs=1e-12)
    assert network.pvalue == pytest.approx(expected, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=3, max_size=5), st.data())
def test_network_pvalue_is_the_enumerations(bases, data):
    counts = [data.draw(st.integers(0, n)) for n in bases]
    expected = freeman_halton_pvalue(counts, bases)
    assert _cluster_tables.network_pvalue(counts, bases) == pytest.approx(expected, rel=1e-9, abs=1e-14)


def test_monte_carlo_when_even_the_network_is_too_large_agrees_with_r():
    # 20 clusters of 15-20: the network would carry millions of paths; R's own answer here is its simulation too.
    ((_, counts, bases, expected, r_error),) = _r_fisher_large_tables("monte_carlo")
    result = _exact_from_counts(counts, bases)
    assert result.method == "exact" and result.algorithm == "monte_carlo"
    assert (result.n_resamples, result.seed) == (significance.MONTE_CARLO_SAMPLES, 0)
    p = result.pvalue
    assert result.standard_error == pytest.approx(math.sqrt(p * (1 - p) / result.n_resamples))
    assert result.standard_error <= 0.0005
    assert abs(p - expected) < 4 * math.hypot(result.standard_error, r_error)
    json.dumps(result.to_dict())


def test_monte_carlo_agrees_with_the_exact_answer_and_is_seeded(monkeypatch):
    monkeypatch.setattr(_cluster_tables, "MAX_NETWORK_STEP", 10)
    monkeypatch.setattr(_cluster_tables, "MONTE_CARLO_SAMPLES", 100_000)
    _, counts, bases, expected, _ = {t[0]: t for t in _r_fisher_large_tables("exact")}["twelve_even"]
    names = [f"k{i}" for i in range(len(bases))]
    first = heterogeneity_from_counts("q", "g", "X", names, counts, bases, method="exact", seed=3)
    again = heterogeneity_from_counts("q", "g", "X", names, counts, bases, method="exact", seed=3)
    assert first.algorithm == "monte_carlo" and first.n_resamples == 100_000 and first.seed == 3
    assert first.pvalue == again.pvalue
    assert abs(first.pvalue - expected) < 4 * first.standard_error


def test_tiny_clusters_by_hand(tiny):
    # Specialty A: a1 2 of 3 in the top box ("Ved ikke" in the base), a2 0 of 2.
    result = cluster_heterogeneity(tiny, "understoetter_kvalitet", specialty="A", method="exact")
    assert result.counts == (2, 0) and result.bases == (3, 2)
    assert result.pvalue == pytest.approx(stats.fisher_exact([[2, 1], [0, 2]]).pvalue)


@pytest.mark.parametrize("method", ["exact", "permutation"])
def test_everyone_in_the_group_is_no_evidence_of_difference(method):
    frame = tiny_frame()
    frame.loc[frame["status"] != "not_answered", "understoetter_kvalitet"] = "I høj grad"
    survey = survey_from_frame(frame)
    result = cluster_heterogeneity(survey, "understoetter_kvalitet", specialty="A", method=method)
    assert result.statistic == 0 and result.pvalue == 1
    assert result.min_share == result.max_share == 1


def test_bad_heterogeneity_options(demo):
    with pytest.raises(ValueError, match="method must be one of"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", method="fisher")
    with pytest.raises(ValueError, match="min_n must be at least 1"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", min_n=0)
    with pytest.raises(ValueError, match="n_resamples"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", specialty="Dermatologi", n_resamples=0)


# --- Holm ---------------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_matches_statsmodels(pvalues):
    # multipletests runs a full garbage collection on every call (70 ms and more in a test process); the
    # collection changes nothing it computes, so it is skipped here
    with mock.patch.object(gc, "collect", return_value=0):
        expected = multipletests(pvalues, method="holm")[1]
    assert holm(pvalues) == pytest.approx(tuple(expected), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_is_monotone_at_least_raw_and_at_most_one(pvalues):
    adjusted = holm(pvalues)
    assert all(a >= p - 1e-15 and a <= 1 for a, p in zip(adjusted, pvalues, strict=True))
    order = np.argsort(pvalues, kind="stable")
    ranked = [adjusted[i] for i in order]
    assert all(x <= y for x, y in itertools.pairwise(ranked))


def test_holm_edge_cases():
    assert holm([]) == ()
    assert holm([0.5]) == (0.5,)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.2, 1.5])
