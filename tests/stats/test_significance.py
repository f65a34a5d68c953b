"""Exact tests against scipy, statsmodels and R (fisher.test), and hand enumeration."""

import csv
import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from klyngestat import compare_with_national, demo_survey, group_share, national_average, survey_from_frame
from klyngestat.stats import significance
from klyngestat.stats.compare import difference_test
from klyngestat.stats.significance import (
    _count_tables,
    _freeman_halton_pvalue,
    cluster_heterogeneity,
    holm,
    newcombe_difference,
    specialty_vs_rest,
    versus_reference,
)
from tests.conftest import tiny_frame

R_DIR = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def demo():
    return demo_survey()


# --- specialty against the rest ----------------------------------------------------------------------------------


def test_plastikkirurgi_forbedringer_against_the_rest_is_fisher_on_the_counted_table(demo):
    # National 329 of 686 in the top box, Plastikkirurgi 4 of 14: the rest is 325 of 672.
    national = group_share(demo, "forbedringer")
    own = group_share(demo, "forbedringer", specialty="Plastikkirurgi")
    assert (national.count, national.base, own.count, own.base) == (329, 686, 4, 14)
    result = specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi")
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
    assert specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi").pvalue == pytest.approx(
        difference_test(comparison).pvalue
    )


def test_boschloo_matches_scipy(demo):
    result = specialty_vs_rest(demo, "understoetter_kvalitet", "Dermatologi", method="boschloo")
    expected = stats.boschloo_exact([[52, 21], [402, 216]], alternative="two-sided").pvalue
    assert result.table == ((52, 21), (402, 216))
    assert result.pvalue == pytest.approx(expected, rel=1e-9)


def test_ved_ikke_exclude_changes_the_table(demo):
    with_vi = specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi")
    without = specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi", ved_ikke="exclude")
    own = group_share(demo, "forbedringer", specialty="Plastikkirurgi", ved_ikke="exclude")
    assert (without.count, without.n) == (own.count, own.base)
    assert without.ved_ikke == "exclude" and with_vi.n >= without.n


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(4, 14, 325, 672), (0, 8, 5, 10), (8, 8, 3, 9), (0, 5, 0, 7), (52, 73, 402, 618)]
)
@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_newcombe_matches_statsmodels(k1, n1, k2, n2, confidence):
    d, low, high = newcombe_difference(k1, n1, k2, n2, confidence=confidence)
    expected = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - confidence)
    assert d == pytest.approx(k1 / n1 - k2 / n2)
    assert (low, high) == pytest.approx(expected, abs=1e-10)


def test_rest_comparison_to_dict_is_json_able(demo):
    data = json.loads(json.dumps(specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi").to_dict()))
    assert {"count", "n", "rest_count", "rest_n", "difference_pp", "low_pp", "high_pp", "pvalue", "method"} <= set(data)
    assert specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi").to_frame().shape[0] == 1


def test_bad_method_and_unknown_specialty_are_refused(demo):
    with pytest.raises(ValueError, match="method must be one of"):
        specialty_vs_rest(demo, "forbedringer", "Plastikkirurgi", method="chi2")
    with pytest.raises(KeyError, match="no specialty"):
        specialty_vs_rest(demo, "forbedringer", "Astrologi")


# --- against a reference -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "n", "reference"), [(52, 73, 0.657), (4, 14, 0.48), (0, 6, 0.3), (14, 14, 0.9)])
def test_versus_reference_is_scipy_binomtest_with_clopper_pearson(count, n, reference):
    result = versus_reference(count, n, reference)
    assert result.pvalue == pytest.approx(stats.binomtest(count, n, reference).pvalue, rel=1e-12)
    low, high = proportion_confint(count, n, method="beta")
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-10)
    assert result.difference_pp == pytest.approx(100 * (count / n - reference))


def test_versus_reference_wants_a_share_not_a_percentage():
    with pytest.raises(ValueError, match="share in"):
        versus_reference(52, 73, 65.7)


# --- heterogeneity of clusters -----------------------------------------------------------------------------------


def test_two_clusters_exact_is_fishers_test(demo):
    # Plastikkirurgi: 6 of 8 and 1 of 6 in the top box.
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", "Plastikkirurgi", method="exact")
    assert result.counts == (6, 1) and result.bases == (8, 6)
    assert result.pvalue == pytest.approx(stats.fisher_exact([[6, 2], [1, 5]]).pvalue, rel=1e-12)
    assert result.n_resamples is None and result.seed is None


def test_statistic_is_pearson_chi_square(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi")
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
    assert _freeman_halton_pvalue(counts, bases) == pytest.approx(expected, rel=1e-6)


def test_exact_dermatologi_through_the_api_matches_r(demo):
    expected = {name: p for name, _, _, p in _r_fisher_tables()}["dermatologi_understoetter_kvalitet"]
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", method="exact")
    assert result.counts == (7, 7, 9, 6, 7, 9, 7)
    assert result.pvalue == pytest.approx(expected, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 15), st.integers(1, 15), st.data())
def test_exact_enumeration_for_two_clusters_is_fishers_test(n1, n2, data):
    a = data.draw(st.integers(0, n1))
    b = data.draw(st.integers(0, n2))
    expected = stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue
    assert _freeman_halton_pvalue([a, b], [n1, n2]) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(("bases", "yes"), [((3, 4, 5), 6), ((2, 2, 2, 2), 3), ((5,), 2), ((4, 6), 0), ((3, 3), 6)])
def test_table_count_matches_brute_force(bases, yes):
    brute = sum(1 for a in itertools.product(*(range(n + 1) for n in bases)) if sum(a) == yes)
    assert _count_tables(bases, yes) == brute


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
    statistic = float(significance._chi_square(np.array(counts, float), np.array(bases, float)))
    resamples = 20000
    p = significance._permutation_pvalue(np.array(counts), np.array(bases), resamples, 1, statistic)
    assert abs(p - exact) < 4 * math.sqrt(exact * (1 - exact) / resamples)


def test_permutation_is_seeded_and_reproducible(demo):
    first = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", n_resamples=2000, seed=7)
    again = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", n_resamples=2000, seed=7)
    other = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", n_resamples=2000, seed=8)
    assert first.pvalue == again.pvalue
    assert (first.n_resamples, first.seed) == (2000, 7)
    assert abs(first.pvalue - other.pvalue) < 0.05
    assert (first.pvalue * 2001) == pytest.approx(round(first.pvalue * 2001))  # (1 + hits)/(1 + resamples)


def test_spread_and_wilson_intervals_per_cluster(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi")
    assert result.min_share == pytest.approx(7 / 12) and result.max_share == pytest.approx(7 / 8)
    frame = result.to_frame()
    assert len(frame) == 7 and frame["n"].sum() == 73
    for row in frame.itertuples():
        assert (row.low, row.high) == pytest.approx(proportion_confint(row.count, row.n, method="wilson"), abs=1e-12)
    json.dumps(result.to_dict())


def test_min_n_leaves_small_clusters_out(demo):
    result = cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", min_n=10, method="exact")
    assert result.excluded == ("Derma – Sjælland", "Derma – Nord")
    assert len(result.clusters) == 5
    with pytest.raises(ValueError, match="two or more"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", "Plastikkirurgi", min_n=7)


def test_exact_refuses_too_many_tables(demo, monkeypatch):
    monkeypatch.setattr(significance, "MAX_TABLES", 1000)
    with pytest.raises(ValueError, match='use method="permutation"'):
        cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", method="exact")


def test_tiny_clusters_by_hand(tiny):
    # Specialty A: a1 2 of 3 in the top box ("Ved ikke" in the base), a2 0 of 2.
    result = cluster_heterogeneity(tiny, "understoetter_kvalitet", "A", method="exact")
    assert result.counts == (2, 0) and result.bases == (3, 2)
    assert result.pvalue == pytest.approx(stats.fisher_exact([[2, 1], [0, 2]]).pvalue)


@pytest.mark.parametrize("method", ["exact", "permutation"])
def test_everyone_in_the_group_is_no_evidence_of_difference(method):
    frame = tiny_frame()
    frame.loc[frame["status"] != "not_answered", "understoetter_kvalitet"] = "I høj grad"
    survey = survey_from_frame(frame)
    result = cluster_heterogeneity(survey, "understoetter_kvalitet", "A", method=method)
    assert result.statistic == 0 and result.pvalue == 1
    assert result.min_share == result.max_share == 1


def test_bad_heterogeneity_options(demo):
    with pytest.raises(ValueError, match="method must be one of"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", method="fisher")
    with pytest.raises(ValueError, match="min_n must be at least 1"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", min_n=0)
    with pytest.raises(ValueError, match="n_resamples"):
        cluster_heterogeneity(demo, "understoetter_kvalitet", "Dermatologi", n_resamples=0)


# --- Holm ---------------------------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)  # multipletests takes ~40 ms a call
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_matches_statsmodels(pvalues):
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
