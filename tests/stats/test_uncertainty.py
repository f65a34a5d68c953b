"""The JSON carries intervals, tests, heterogeneity and weights; values against independent oracles."""

from pathlib import Path

import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

import klyngestat as ks
from klyngestat.stats.intervals import proportion_interval

R_DIR = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def plastik(the_demo_survey):
    return ks.specialty_summary(the_demo_survey, "Plastikkirurgi").to_dict()


def test_specialty_share_has_wilson_fpc_and_exact_intervals(plastik):
    q = plastik["questions"]["forbedringer"]
    assert (q["count"], q["base"]) == (4, 14)
    interval, exact = q["interval"], q["interval_exact"]
    assert (interval["method"], interval["fpc_applied"], interval["population"]) == ("wilson", True, 19)
    # with the correction the interval is inside the plain Wilson interval (statsmodels)
    low, high = proportion_confint(4, 14, method="wilson")
    assert low < interval["low"] < 4 / 14 < interval["high"] < high
    # hypergeometric: K of 19 members; hand check of the bounds with scipy's distribution
    assert (exact["low_count"], exact["high_count"]) == (4, 8)
    # lower: K cannot be below the 4 observed, and K = 4 is not rejected: P(X >= 4 | K = 4) > alpha/2
    assert stats.hypergeom.sf(3, 19, 4, 14) > 0.025
    # upper: P(X <= 4 | K) stays above alpha/2 for K = 8 and drops below it for K = 9
    assert stats.hypergeom.cdf(4, 19, 8, 14) > 0.025 >= stats.hypergeom.cdf(4, 19, 9, 14)


def test_comparison_carries_fisher_against_the_rest_with_holm(plastik):
    test = plastik["comparison"]["forbedringer"]["test"]
    expected = stats.fisher_exact([[4, 10], [325, 347]]).pvalue
    assert test["method"] == "fisher_vs_rest"
    assert test["pvalue"] == pytest.approx(expected)
    assert (test["rest_count"], test["rest_base"]) == (325, 672)
    assert test["pvalue"] <= test["pvalue_holm"] <= 1
    assert test["low_pp"] < test["difference_pp"] < test["high_pp"]


def test_heterogeneity_is_reported_without_cluster_counts(plastik):
    h = plastik["heterogeneity"]["understoetter_kvalitet"]
    assert (h["method"], h["n_resamples"], h["seed"], h["clusters_tested"]) == ("permutation", 1999, 0, 2)
    assert "clusters" not in h
    # two clusters: 6/8 and 1/6; Fisher's exact two-sided p as a reference for the permutation figure
    assert h["pvalue"] == pytest.approx(stats.fisher_exact([[6, 2], [1, 5]]).pvalue, abs=0.03)


def test_weighted_share_beside_the_unweighted_one(plastik):
    w = plastik["questions"]["understoetter_kvalitet"]["weighted"]
    # hand computation: members 11 and 8; shares 6/8 and 1/6 among answers
    assert w["share"] == pytest.approx((11 * 6 / 8 + 8 * 1 / 6) / 19)
    assert 0 < w["efficiency"] <= 1


def test_suppressed_clusters_get_no_interval(the_demo_survey):
    data = ks.specialty_summary(the_demo_survey, "Anæstesiologi").to_dict()
    for cluster in data["clusters"]:
        q = cluster["questions"]["forbedringer"]
        assert ("interval" in q) is (not q["suppressed"])


def test_national_interval_uses_the_invited_population(plastik):
    interval = plastik["national"]["forbedringer"]["interval"]
    assert interval["population"] == 1092
    low, high = proportion_confint(329, 686, method="wilson")
    assert low < interval["low"] < interval["high"] < high


def test_uncertainty_can_be_left_out(the_demo_survey):
    data = ks.specialty_summary(the_demo_survey, "Plastikkirurgi", uncertainty=False).to_dict()
    assert "interval" not in data["questions"]["forbedringer"] and data["heterogeneity"] == {}


def test_population_none_gives_plain_wilson_intervals_without_correction(the_demo_survey):
    data = ks.specialty_summary(the_demo_survey, "Dermatologi", fpc_population="none", n_resamples=99).to_dict()
    assert data["options"]["fpc_population"] == "none"
    q = data["questions"]["understoetter_kvalitet"]
    assert (q["count"], q["base"]) == (52, 73)
    interval = q["interval"]
    assert (interval["method"], interval["fpc_applied"], interval["population"]) == ("wilson", False, None)
    # plain Wilson: statsmodels as the oracle, and the API's own interval without a population
    low, high = proportion_confint(52, 73, method="wilson")
    assert (interval["low"], interval["high"]) == pytest.approx((low, high), abs=1e-12)
    plain = proportion_interval(52, 73, population=None)
    assert (interval["low"], interval["high"]) == pytest.approx((plain.low, plain.high), abs=1e-12)
    assert "interval_exact" not in q  # the hypergeometric interval needs a population
    for cluster in data["clusters"]:
        c = cluster["questions"]["understoetter_kvalitet"]
        assert (c["interval"]["fpc_applied"], c["interval"]["population"]) == (False, None)
        assert c["interval"]["low"] == pytest.approx(proportion_confint(c["count"], c["base"], method="wilson")[0])
    national = data["national"]["understoetter_kvalitet"]["interval"]
    assert (national["fpc_applied"], national["population"]) == (False, None)
    # the weighted share's standard error without a finite population correction: R's svydesign without fpc
    r_expected = pd.read_csv(R_DIR / "poststrat_expected.csv").set_index("fpc").loc["none"]
    weighted = q["weighted"]
    assert weighted["standard_error"] == pytest.approx(r_expected["standard_error"], abs=1e-12)


def test_population_invited_takes_the_invited_counts(the_demo_survey):
    default = ks.specialty_summary(the_demo_survey, "Dermatologi", n_resamples=99).to_dict()
    assert default["options"]["fpc_population"] == "members"
    assert default["questions"]["understoetter_kvalitet"]["interval"]["population"] == 111
    data = ks.specialty_summary(the_demo_survey, "Dermatologi", fpc_population="invited", n_resamples=99).to_dict()
    assert data["options"]["fpc_population"] == "invited"
    q = data["questions"]["understoetter_kvalitet"]
    assert (q["interval"]["population"], q["interval_exact"]["population"]) == (110, 110)
    # Wilson with the correction is Wilson at z·sqrt(f), f = (N − n)/(N − 1): statsmodels at that level
    z = stats.norm.ppf(0.975) * ((110 - 73) / (110 - 1)) ** 0.5
    low, high = proportion_confint(52, 73, alpha=2 * stats.norm.sf(z), method="wilson")
    assert (q["interval"]["low"], q["interval"]["high"]) == pytest.approx((low, high), abs=1e-12)
    strata = []
    for cluster in data["clusters"]:
        c = cluster["questions"]["understoetter_kvalitet"]
        assert c["interval"]["population"] == cluster["invited"]
        strata.append((cluster["members"], cluster["invited"], c["count"], c["base"]))
    # stratified SE by hand: Σ (N_c/N)² (1 − n_c/I_c) s_c²/n_c, s_c² = n_c p_c (1 − p_c)/(n_c − 1), I_c invited
    total = sum(members for members, _, _, _ in strata)
    variance = sum(
        (members / total) ** 2 * (1 - n / invited) * (n * (k / n) * (1 - k / n) / (n - 1)) / n
        for members, invited, k, n in strata
    )
    assert q["weighted"]["standard_error"] == pytest.approx(variance**0.5, abs=1e-12)
    assert q["weighted"]["standard_error"] != pytest.approx(
        default["questions"]["understoetter_kvalitet"]["weighted"]["standard_error"]
    )
