"""Change between two waves, against hand computation, scipy, statsmodels and published examples.

Oracles: the independent interval by hand (Wilson limits with the finite population correction from the closed
formula, and statsmodels' Wilson interval at the effective base n/f) and, without populations, statsmodels'
``confint_proportions_2indep(method="newcomb")``; the unpaired p-values scipy's ``fisher_exact`` and
``boschloo_exact``; McNemar's exact p-value statsmodels' ``mcnemar(exact=True)`` and scipy's ``binomtest``; the
paired interval Newcombe's own worked example (Stat Med 17 (1998) 2635–2650, method 10, as quoted in R ratesci's
tests/testthat/test3.R) and those of Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables"
(2017), chapter 8 (Cavo et al. 2012, Bentur et al. 2009: R contingencytables' tests) and Tang et al. (2010, ratesci),
plus a step-by-step computation from statsmodels' Wilson limits for the branches of φ those examples miss; the
survey-level counts are counted by hand from the frames below.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import pickle
from fractions import Fraction
from statistics import NormalDist

import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from klyngestat import Cluster, Questionnaire, Roster, load_questionnaire, survey_from_frame
from klyngestat.models._display import UNRELEASED
from klyngestat.stats import Result
from klyngestat.stats.change import (
    COMPARISON_COLUMNS,
    Change,
    PairedChange,
    WaveChange,
    change_from_counts,
    paired_change_from_counts,
    wave_change,
)
from klyngestat.stats.significance import newcombe_difference

# --- independent samples: the hand-computed example ------------------------------------------------------------


def _wilson_fpc(count: int, base: int, population: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's closed formula with z² replaced by z²·f, f = (N − n)/(N − 1) (as intervals.py documents it)."""
    z2 = NormalDist().inv_cdf(0.5 + confidence / 2) ** 2 * (population - base) / (population - 1)
    p, n = count / base, base
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = math.sqrt(z2) / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return centre - half, centre + half


def test_hand_computed_two_wave_example_with_a_population_correction_per_wave():
    # then: 10 of 20 answers of N = 30 members. f = (30 − 20)/29 = 0.344828, z²·f = 3.841459 · 0.344828 = 1.324641.
    #   Wilson with z²·f is Wilson at the effective base n/f = 58 with the same share 1/2: (0.375383, 0.624617).
    # now: 15 of 22 of N = 32. f = 10/31 = 0.322581, z²·f = 1.239180, n/f = 68.2: (0.564132, 0.780114).
    # d = 15/22 − 10/20 = 2/11 = 0.181818, i.e. 200/11 pp exactly.
    # low  = d − sqrt((p_now − l_now)² + (u_then − p_then)²) = 0.181818 − sqrt(0.117686² + 0.124617²)
    #      = 0.181818 − sqrt(0.013850 + 0.015529) = 0.181818 − 0.171404 = 0.010414
    # high = d + sqrt((u_now − p_now)² + (p_then − l_then)²) = 0.181818 + sqrt(0.098296² + 0.124617²)
    #      = 0.181818 + sqrt(0.009662 + 0.015529) = 0.181818 + 0.158718 = 0.340536
    then, now = _wilson_fpc(10, 20, 30), _wilson_fpc(15, 22, 32)
    assert then == pytest.approx(proportion_confint(10 * 2.9, 58, method="wilson"), abs=1e-12)
    assert now == pytest.approx(proportion_confint(15 * 3.1, 68.2, method="wilson"), abs=1e-12)
    assert (round(then[0], 6), round(then[1], 6), round(now[0], 6), round(now[1], 6)) == (
        0.375383,
        0.624617,
        0.564132,
        0.780114,
    )
    d = 15 / 22 - 1 / 2
    low = d - math.sqrt((15 / 22 - now[0]) ** 2 + (then[1] - 1 / 2) ** 2)
    high = d + math.sqrt((now[1] - 15 / 22) ** 2 + (1 / 2 - then[0]) ** 2)
    assert (round(low, 6), round(high, 6)) == (0.010414, 0.340536)

    c = change_from_counts(10, 20, 15, 22, population_then=30, population_now=32)
    assert c.difference == Fraction(200, 11) and isinstance(c.difference, Fraction)
    assert (c.fraction_then, c.fraction_now) == (Fraction(1, 2), Fraction(15, 22))
    assert (c.share_then, c.share_now, c.difference_pp) == (0.5, 15 / 22, 200 / 11)
    assert (c.low_pp, c.high_pp) == pytest.approx((100 * low, 100 * high), abs=1e-10)
    assert c.pvalue == pytest.approx(stats.fisher_exact([[10, 10], [15, 7]]).pvalue, rel=1e-12)
    assert (c.method, c.interval_method, c.assumption) == ("fisher", "newcombe_hybrid_score", "independent_samples")
    assert (c.population_then, c.population_now) == (30, 32)
    # The correction narrows the interval: without it the same counts give statsmodels' wider Newcombe interval.
    plain = change_from_counts(10, 20, 15, 22)
    assert plain.low_pp < c.low_pp and plain.high_pp > c.high_pp


def test_each_wave_has_its_own_correction():
    # Only the later wave's population: the earlier wave's Wilson interval is the plain one (statsmodels').
    c = change_from_counts(10, 20, 15, 22, population_now=32)
    then, now = proportion_confint(10, 20, method="wilson"), _wilson_fpc(15, 22, 32)
    d = 15 / 22 - 1 / 2
    low = d - math.sqrt((15 / 22 - now[0]) ** 2 + (then[1] - 1 / 2) ** 2)
    high = d + math.sqrt((now[1] - 15 / 22) ** 2 + (1 / 2 - then[0]) ** 2)
    assert (c.low_pp, c.high_pp) == pytest.approx((100 * low, 100 * high), abs=1e-10)


def test_two_censuses_know_the_change_exactly():
    # Everybody answered in both years: each wave's share is its population's, so the interval is the difference.
    c = change_from_counts(7, 12, 9, 12, population_then=12, population_now=12)
    assert c.difference == Fraction(50, 3)
    assert c.low_pp == pytest.approx(50 / 3, abs=1e-12) and c.high_pp == pytest.approx(50 / 3, abs=1e-12)


# --- independent samples: without populations it is Newcombe's interval -------------------------------------------

BASES = (1, 4, 11, 30)
GRID = [(k, n) for n in BASES for k in sorted({0, 1, n // 2, n - 1, n}) if 0 <= k <= n]


@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_without_populations_the_interval_is_statsmodels_newcombe(confidence):
    for (k_then, n_then), (k_now, n_now) in itertools.product(GRID, GRID):
        c = change_from_counts(k_then, n_then, k_now, n_now, confidence_level=confidence)
        low, high = confint_proportions_2indep(
            k_now, n_now, k_then, n_then, method="newcomb", compare="diff", alpha=1 - confidence
        )
        assert (c.low_pp / 100, c.high_pp / 100) == pytest.approx((low, high), abs=1e-12), (k_then, n_then, k_now)
        _, low, high = newcombe_difference(k_now, n_now, k_then, n_then, confidence_level=confidence)
        assert (c.low_pp, c.high_pp) == pytest.approx((100 * low, 100 * high), abs=1e-12)
        assert c.difference == (Fraction(k_now, n_now) - Fraction(k_then, n_then)) * 100


def test_the_fisher_pvalue_is_scipys_on_a_grid():
    for (k_then, n_then), (k_now, n_now) in itertools.product(GRID, GRID):
        expected = stats.fisher_exact([[k_then, n_then - k_then], [k_now, n_now - k_now]]).pvalue
        assert change_from_counts(k_then, n_then, k_now, n_now).pvalue == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("k_then", "n_then", "k_now", "n_now"),
    [(10, 20, 15, 22), (0, 5, 4, 6), (3, 9, 3, 9), (1, 12, 8, 10), (7, 8, 2, 11), (5, 14, 9, 13)],
)
def test_the_boschloo_pvalue_is_scipys(k_then, n_then, k_now, n_now):
    # scipy takes the two samples as the table's columns.
    table = [[k_then, k_now], [n_then - k_then, n_now - k_now]]
    expected = stats.boschloo_exact(table, alternative="two-sided").pvalue
    c = change_from_counts(k_then, n_then, k_now, n_now, method="boschloo")
    assert c.pvalue == pytest.approx(min(expected, 1.0), rel=1e-9)
    assert c.method == "boschloo"


# --- paired: McNemar's exact test ----------------------------------------------------------------------------------

DISCORDANT = [*itertools.product(range(9), range(9)), (0, 40), (17, 31), (55, 54), (3, 60)]


@pytest.mark.parametrize(("then_only", "now_only"), DISCORDANT)
def test_mcnemar_exact_is_statsmodels_and_scipys_binomial_test(then_only, now_only):
    c = paired_change_from_counts(5, then_only, now_only, 2)
    expected = mcnemar([[5, then_only], [now_only, 2]], exact=True).pvalue
    assert c.pvalue == pytest.approx(expected, rel=1e-12)
    if then_only + now_only:
        binomial = stats.binomtest(min(then_only, now_only), then_only + now_only, 0.5).pvalue
        assert c.pvalue == pytest.approx(binomial, rel=1e-12)
    else:
        assert c.pvalue == 1.0


# --- paired: Newcombe's interval (method 10) -----------------------------------------------------------------------

# The published tables are [[n11, n12], [n21, n22]] with the first measurement in the rows and the difference
# p1+ − p+1 = (n12 − n21)/n; here "now" is the first measurement, so now_only = n12 and then_only = n21.
PUBLISHED = [
    # (n11, n12, n21, n22), (low, high) rounded as published
    ((20, 12, 2, 16), (0.0562, 0.3292), 4),  # Newcombe (1998), his worked example, method 10
    ((59, 6, 16, 80), (-0.1186, -0.0046), 4),  # Cavo et al. 2012 in Fagerland et al., Newcombe square-and-add
    ((1, 1, 7, 12), (-0.507, -0.026), 3),  # Bentur et al. 2009 in Fagerland et al.
    ((8, 3, 1, 2), (-0.1574, 0.4136), 4),  # Tang et al. 2010 (ratesci's MOVER-Wilson with Newcombe's correction)
]


@pytest.mark.parametrize(("table", "expected", "digits"), PUBLISHED)
def test_paired_interval_matches_the_published_examples(table, expected, digits):
    n11, n12, n21, n22 = table
    c = paired_change_from_counts(n11, n21, n12, n22)
    assert c.difference == Fraction(100 * (n12 - n21), sum(table))
    assert (round(c.low_pp / 100, digits), round(c.high_pp / 100, digits)) == expected


def _by_hand(both: int, then_only: int, now_only: int, neither: int, phi: float) -> tuple[float, float]:
    """Newcombe's square-and-add from statsmodels' Wilson limits of the two marginal shares."""
    n = both + then_only + now_only + neither
    p_now, p_then = (both + now_only) / n, (both + then_only) / n
    l_now, u_now = proportion_confint(both + now_only, n, method="wilson")
    l_then, u_then = proportion_confint(both + then_only, n, method="wilson")
    d = p_now - p_then
    low = d - math.sqrt((p_now - l_now) ** 2 + (u_then - p_then) ** 2 - 2 * phi * (p_now - l_now) * (u_then - p_then))
    high = d + math.sqrt((u_now - p_now) ** 2 + (p_then - l_then) ** 2 - 2 * phi * (u_now - p_now) * (p_then - l_then))
    return low, high


def test_paired_interval_with_a_negative_correlation_by_hand():
    # both 1, then_only 6, now_only 5, neither 1: n = 13, ad − bc = 1·1 − 6·5 = −29 < 0, so φ is not lowered:
    # margins now 1 + 5 = 6, not now 6 + 1 = 7, then 1 + 6 = 7, not then 5 + 1 = 6; φ = −29/sqrt(6·7·7·6) = −29/42.
    low, high = _by_hand(1, 6, 5, 1, -29 / 42)
    c = paired_change_from_counts(1, 6, 5, 1)
    assert (c.low_pp, c.high_pp) == pytest.approx((100 * low, 100 * high), abs=1e-10)
    assert c.low_pp < 100 * _by_hand(1, 6, 5, 1, 0.0)[0]  # a negative φ widens the interval


def test_paired_interval_with_a_small_positive_cross_product_takes_phi_zero():
    # both 3, then_only 1, now_only 2, neither 1: ad − bc = 3 − 2 = 1 ≤ n/2 = 3.5, so φ = max(1 − 3.5, 0)/… = 0.
    c = paired_change_from_counts(3, 1, 2, 1)
    assert (c.low_pp, c.high_pp) == pytest.approx(tuple(100 * x for x in _by_hand(3, 1, 2, 1, 0.0)), abs=1e-10)


def test_paired_interval_with_a_positive_correlation_by_hand():
    # both 9, then_only 2, now_only 4, neither 10: n = 25, ad − bc = 90 − 8 = 82 > 12.5, lowered to 69.5;
    # margins now 13, not now 12, then 11, not then 14: φ = 69.5/sqrt(13·12·11·14) = 69.5/sqrt(24024).
    c = paired_change_from_counts(9, 2, 4, 10)
    expected = _by_hand(9, 2, 4, 10, 69.5 / math.sqrt(24024))
    assert (c.low_pp, c.high_pp) == pytest.approx(tuple(100 * x for x in expected), abs=1e-10)


@pytest.mark.parametrize("table", [(0, 3, 0, 7), (0, 0, 4, 6), (5, 0, 0, 0), (0, 0, 0, 9), (4, 3, 0, 0)])
def test_paired_interval_takes_phi_zero_when_a_marginal_share_is_zero_or_one(table):
    c = paired_change_from_counts(*table)
    assert (c.low_pp, c.high_pp) == pytest.approx(tuple(100 * x for x in _by_hand(*table, 0.0)), abs=1e-10)
    assert c.low_pp <= c.difference_pp <= c.high_pp


def _by_hand_level(both: int, then_only: int, now_only: int, neither: int, level: float) -> tuple[float, float]:
    n = both + then_only + now_only + neither
    phi = (max(both * neither - then_only * now_only - n / 2, 0)) / math.sqrt(
        (both + now_only) * (then_only + neither) * (both + then_only) * (now_only + neither)
    )
    p_now, p_then = (both + now_only) / n, (both + then_only) / n
    l_now, u_now = proportion_confint(both + now_only, n, alpha=1 - level, method="wilson")
    l_then, u_then = proportion_confint(both + then_only, n, alpha=1 - level, method="wilson")
    a, b = p_now - l_now, u_then - p_then
    low = p_now - p_then - math.sqrt(a * a + b * b - 2 * phi * a * b)
    a, b = u_now - p_now, p_then - l_then
    return low, p_now - p_then + math.sqrt(a * a + b * b - 2 * phi * a * b)


def test_paired_change_carries_its_table_and_linked_shares():
    c = paired_change_from_counts(20, 2, 12, 16, confidence_level=0.9)
    assert c.table == ((20, 2), (12, 16)) and c.base == 50
    assert (c.count_then, c.count_now, c.share_then, c.share_now) == (22, 32, 0.44, 0.64)
    assert (c.method, c.interval_method, c.assumption) == (
        "mcnemar_exact",
        "newcombe_paired_hybrid_score",
        "paired_samples",
    )
    assert (c.low_pp, c.high_pp) == pytest.approx(tuple(100 * x for x in _by_hand_level(20, 2, 12, 16, 0.9)))


# --- two waves of a small survey -----------------------------------------------------------------------------------

TOP, HIGH, SOME, LOW, NOT, DONT = (
    "I meget høj grad",
    "I høj grad",
    "I nogen grad",
    "I mindre grad",
    "Slet ikke",
    "Ved ikke",
)
# 2024: the question was called "kvalitet_2024"; specialty A had clusters a1, a2 (merged into a12 in 2025) and a3.
ROWS_2024 = [
    ("p1", "A", "a1", "completed", HIGH),  # top box 2024, not 2025
    ("p2", "A", "a1", "completed", SOME),  # not 2024, top box 2025
    ("p3", "A", "a1", "completed", DONT),  # "Ved ikke" 2024, top box 2025
    ("p4", "A", "a1", "not_answered", None),
    ("p5", "A", "a2", "completed", TOP),  # top box both years
    ("p6", "A", "a2", "partial", None),  # blank 2024 (not in the base), top box 2025
    ("p7", "A", "a2", "completed", NOT),  # gone from the base in 2025 (not answered)
    ("p8", "A", "a3", "completed", HIGH),  # top box 2024, "Slet ikke" 2025
    ("p9", "A", "a3", "completed", HIGH),  # moves from a3 to a12, top box both years
    ("p15", "A", "a3", "completed", NOT),  # in neither year's top box
    ("p10", "B", "b1", "completed", HIGH),  # top box both years
    ("p11", "B", "b1", "completed", LOW),  # not invited in 2025
]
ROWS_2025 = [
    ("p1", "A", "a12", "completed", SOME),
    ("p2", "A", "a12", "completed", HIGH),
    ("p3", "A", "a12", "completed", HIGH),
    ("p5", "A", "a12", "completed", TOP),
    ("p7", "A", "a12", "not_answered", None),
    ("p12", "A", "a12", "completed", HIGH),  # new
    ("p13", "A", "a12", "completed", DONT),  # new, "Ved ikke"
    ("p9", "A", "a12", "completed", HIGH),
    ("p6", "A", "a12", "completed", HIGH),
    ("p8", "A", "a3", "completed", NOT),
    ("p15", "A", "a3", "completed", SOME),
    ("p10", "B", "b1", "completed", HIGH),
    ("p14", "B", "b1", "completed", TOP),  # new
]
COLUMNS = ["respondent_id", "specialty", "cluster", "status"]


def _renamed_questionnaire() -> Questionnaire:
    data = load_questionnaire().model_dump()
    data["questions"] = [
        {**q, "id": "kvalitet_2024"} if q["id"] == "understoetter_kvalitet" else q for q in data["questions"]
    ]
    return Questionnaire.model_validate(data)


def _roster(members: dict[tuple[str, str], int]) -> Roster:
    return Roster(clusters=tuple(Cluster(specialty=s, cluster=c, members=m) for (s, c), m in members.items()))


@pytest.fixture(scope="module")
def waves():
    then = survey_from_frame(
        pd.DataFrame(ROWS_2024, columns=[*COLUMNS, "kvalitet_2024"]),
        questionnaire=_renamed_questionnaire(),
        roster=_roster({("A", "a1"): 5, ("A", "a2"): 4, ("A", "a3"): 4, ("B", "b1"): 3}),
        year=2024,
    )
    now = survey_from_frame(
        pd.DataFrame(ROWS_2025, columns=[*COLUMNS, "understoetter_kvalitet"]),
        roster=_roster({("A", "a12"): 10, ("A", "a3"): 3, ("B", "b1"): 3}),
        year=2025,
    )
    return then, now


def _change(waves, **options) -> WaveChange:
    then, now = waves
    return wave_change(then, now, "understoetter_kvalitet", question_then="kvalitet_2024", **options)


def _counts(change: Change) -> tuple[int | None, ...]:
    return (
        change.count_then,
        change.base_then,
        change.population_then,
        change.count_now,
        change.base_now,
        change.population_now,
    )


def test_merged_cluster_pools_the_earlier_clusters_and_links_the_same_people(waves):
    w = _change(waves, specialty="A", cluster="a12", clusters_then=["a1", "a2"])
    # 2024, a1 + a2: base p1, p2, p3 ("Ved ikke" is in it), p5, p7 = 5; top box p1, p5 = 2; members 5 + 4 = 9.
    # 2025, a12: base p1, p2, p3, p5, p12, p13, p9, p6 = 8 (p7 did not answer); top box p2, p3, p5, p12, p9, p6 = 6;
    # members 10.
    assert _counts(w.change) == (2, 5, 9, 6, 8, 10)
    assert w.change.difference == Fraction(6, 8) * 100 - Fraction(2, 5) * 100 == Fraction(35)
    # Linked, in the base in a1/a2 then and a12 now: p1 (top → not), p2 (not → top), p3 (Ved ikke → top), p5
    # (top → top). p9 was in a3, p6 blank and p12, p13 new; p7 left the base.
    assert w.paired is not None
    assert (w.paired.both, w.paired.then_only, w.paired.now_only, w.paired.neither) == (1, 1, 2, 0)
    assert w.paired == paired_change_from_counts(1, 1, 2, 0)
    assert w.change == change_from_counts(2, 5, 6, 8, population_then=9, population_now=10)
    assert (w.question, w.question_then, w.group, w.label) == (
        "understoetter_kvalitet",
        "kvalitet_2024",
        "top_box",
        "i høj eller meget høj grad",
    )
    assert (w.level, w.specialty, w.cluster, w.clusters_then, w.year_then, w.year_now) == (
        "cluster",
        "A",
        "a12",
        ("a1", "a2"),
        2024,
        2025,
    )


def test_ved_ikke_excluded_from_both_bases_and_from_the_links(waves):
    w = _change(waves, specialty="A", cluster="a12", clusters_then=("a1", "a2"), ved_ikke="exclude")
    # 2024 without p3's "Ved ikke": 2 of 4; 2025 without p13's: 6 of 7. p3 is no longer linked.
    assert _counts(w.change) == (2, 4, 9, 6, 7, 10)
    assert w.paired is not None and w.paired.table == ((1, 1), (1, 0))


def test_a_cluster_keeps_its_name_and_a_mover_is_not_linked_there(waves):
    w = _change(waves, specialty="A", cluster="a3")
    # 2024 a3: p8, p9, p15 answered, p8 and p9 in the top box; members 4. 2025 a3: p8, p15, neither; members 3.
    assert _counts(w.change) == (2, 3, 4, 0, 2, 3)
    # p9 moved to a12 and is not linked in a3: p8 (top → not) and p15 (not → not).
    assert w.paired is not None and w.paired.table == ((0, 1), (0, 1))
    assert w.clusters_then == ("a3",)


def test_specialty_and_nation_link_everyone_in_both_bases(waves):
    a = _change(waves, specialty="A")
    # 2024 A: base p1, p2, p3, p5, p7, p8, p9, p15 = 8, top p1, p5, p8, p9 = 4; members 5 + 4 + 4 = 13.
    # 2025 A: base the 8 of a12 and p8, p15 = 10, top 6; members 10 + 3 = 13.
    assert _counts(a.change) == (4, 8, 13, 6, 10, 13)
    # Linked: p1 (then only), p2, p3 (now only), p5, p9 (both), p8 (then only), p15 (neither).
    assert a.paired is not None and a.paired.table == ((2, 2), (2, 1))
    assert (a.level, a.clusters_then) == ("specialty", ())
    nation = _change(waves)
    # Adding B: 2024 p10 (top), p11 (not); 2025 p10 (top), p14 (top). The nation's population is the invited:
    # 12 in 2024, 13 in 2025.
    assert _counts(nation.change) == (5, 10, 12, 8, 12, 13)
    assert nation.paired is not None and nation.paired.table == ((3, 2), (2, 1))
    assert nation.level == "nation"


def test_fpc_population_is_each_waves_own(waves):
    invited = _change(waves, specialty="A", cluster="a12", clusters_then=["a1", "a2"], fpc_population="invited")
    # invited 2024: a1 p1–p4, a2 p5–p7 = 7; 2025 a12: 9 rows.
    assert (invited.change.population_then, invited.change.population_now) == (7, 9)
    none = _change(waves, specialty="A", cluster="a12", clusters_then=["a1", "a2"], fpc_population="none")
    assert (none.change.population_then, none.change.population_now) == (None, None)
    assert none.change == change_from_counts(2, 5, 6, 8)


def test_a_single_earlier_cluster_may_be_named_as_a_string(waves):
    w = _change(waves, specialty="A", cluster="a12", clusters_then="a2")
    # 2024 a2: p5 (top) and p7 answered; members 4. Linked: p5 (both).
    assert (w.change.count_then, w.change.base_then, w.change.population_then) == (1, 2, 4)
    assert w.clusters_then == ("a2",) and w.paired is not None and w.paired.table == ((1, 0), (0, 0))


def test_nobody_linked_gives_no_paired_change(waves):
    now = waves[1]
    renamed = survey_from_frame(
        pd.DataFrame(ROWS_2024, columns=[*COLUMNS, "kvalitet_2024"]).assign(respondent_id=lambda f: "x" + f.iloc[:, 0]),
        questionnaire=_renamed_questionnaire(),
        year=2024,
    )
    w = wave_change(renamed, now, "understoetter_kvalitet", question_then="kvalitet_2024", specialty="B")
    assert w.paired is None and w.change.base_then == 2
    frame = w.to_frame()
    assert frame["comparison"].tolist() == ["independent"]


def test_the_frame_has_one_row_per_comparison(waves):
    w = _change(waves, specialty="A", cluster="a12", clusters_then=["a1", "a2"])
    frame = w.to_frame()
    assert list(frame.columns) == list(COMPARISON_COLUMNS)
    assert frame["comparison"].tolist() == ["independent", "paired"]
    independent, paired = frame.iloc[0], frame.iloc[1]
    assert (independent["count_then"], independent["base_then"], independent["population_then"]) == (2, 5, 9)
    assert pd.isna(independent["both"]) and pd.isna(paired["population_now"])
    # the paired row's shares are of the 4 linked respondents: 2 of 4 then (p1, p5), 3 of 4 now (p2, p3, p5)
    assert (paired["count_then"], paired["base_then"], paired["count_now"], paired["base_now"]) == (2, 4, 3, 4)
    assert (paired["both"], paired["then_only"], paired["now_only"], paired["neither"]) == (1, 1, 2, 0)
    assert paired["difference_pp"] == 25.0 and paired["method"] == "mcnemar_exact"


# --- errors --------------------------------------------------------------------------------------------------------


def test_unknown_question_in_either_wave_is_a_clear_error(waves):
    then, now = waves
    with pytest.raises(ValueError, match=r"later wave \(2025\).*unknown question 'nope'"):
        wave_change(then, now, "nope")
    with pytest.raises(ValueError, match=r"earlier wave \(2024\).*unknown question 'understoetter_kvalitet'"):
        wave_change(then, now, "understoetter_kvalitet")  # renamed: the earlier wave needs question_then
    with pytest.raises(ValueError, match=r"earlier wave \(2024\).*'forbedringer' is not in this survey's data"):
        wave_change(then, now, "understoetter_kvalitet", question_then="forbedringer")


def test_unknown_units_are_clear_errors(waves):
    with pytest.raises(ValueError, match=r"earlier wave \(2024\) has no cluster 'a12' in A; its clusters there: a1"):
        _change(waves, specialty="A", cluster="a12")  # merged: the earlier wave needs clusters_then
    with pytest.raises(ValueError, match=r"later wave \(2025\) has no cluster 'a1'"):
        _change(waves, specialty="A", cluster="a1")
    with pytest.raises(ValueError, match="no specialty 'C'"):
        _change(waves, specialty="C")
    with pytest.raises(ValueError, match="give cluster="):
        _change(waves, specialty="A", clusters_then=["a1"])
    with pytest.raises(ValueError, match="clusters_then is empty"):
        _change(waves, specialty="A", cluster="a12", clusters_then=[])
    with pytest.raises(ValueError, match="within its specialty"):
        _change(waves, cluster="a12")


def test_waves_in_the_wrong_order_are_refused(waves):
    then, now = waves
    with pytest.raises(ValueError, match="then is the earlier wave: got then=2025, now=2024"):
        wave_change(now, dataclasses.replace(then, year=2024), "kvalitet_2024", question_then="understoetter_kvalitet")


def test_a_group_that_differs_between_the_waves_is_refused(waves):
    now = waves[1]
    # In 2024 the comparison is made with a ja/nej question by mistake: its top box is "ja", not the grad scale's.
    frame = pd.DataFrame(ROWS_2024, columns=[*COLUMNS, "kvalitet_2024"]).assign(forbedringer="Ja")
    yes_no = survey_from_frame(frame, questionnaire=_renamed_questionnaire(), year=2024)
    with pytest.raises(ValueError, match=r"the group differs between the waves: 'forbedringer' top_box \('ja'\) then"):
        wave_change(yes_no, now, "understoetter_kvalitet", question_then="forbedringer")
    with pytest.raises(ValueError, match=r"later wave \(2025\): scale 'grad' has no group 'zz'"):
        _change(waves, group="zz")


def test_an_empty_base_in_either_wave_is_a_clear_error(waves):
    now = waves[1]
    # In 2024 B's two respondents left the question blank: nobody is in B's base that year.
    rows = [(*row[:4], None) if row[1] == "B" else row for row in ROWS_2024]
    blank = survey_from_frame(
        pd.DataFrame(rows, columns=[*COLUMNS, "kvalitet_2024"]), questionnaire=_renamed_questionnaire(), year=2024
    )
    with pytest.raises(ValueError, match=r"nobody in the earlier wave \(2024\) answered 'kvalitet_2024' in B"):
        wave_change(blank, now, "understoetter_kvalitet", question_then="kvalitet_2024", specialty="B")
    with pytest.raises(ValueError, match=r"the later wave \(now\) has an empty base"):
        change_from_counts(1, 2, 0, 0)
    with pytest.raises(ValueError, match="the paired table is empty"):
        paired_change_from_counts(0, 0, 0, 0)


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, float("nan")])
def test_a_bad_confidence_level_is_refused_everywhere(waves, level):
    with pytest.raises(ValueError, match="confidence_level must lie strictly between 0 and 1"):
        change_from_counts(1, 2, 1, 2, confidence_level=level)
    with pytest.raises(ValueError, match="confidence_level must lie strictly between 0 and 1"):
        paired_change_from_counts(1, 2, 1, 2, confidence_level=level)
    with pytest.raises(ValueError, match="confidence_level must lie strictly between 0 and 1"):
        _change(waves, confidence_level=level)


def test_bad_counts_and_options_are_refused(waves):
    with pytest.raises(ValueError, match=r"earlier wave \(then\): need 0 <= count <= base, got count=3, base=2"):
        change_from_counts(3, 2, 1, 2)
    with pytest.raises(ValueError, match=r"later wave \(now\): the population \(5\) is smaller than .* \(6\)"):
        change_from_counts(1, 2, 1, 6, population_now=5)
    with pytest.raises(ValueError, match="the paired table holds counts"):
        paired_change_from_counts(1, -1, 2, 3)
    with pytest.raises(ValueError, match="method must be one of"):
        change_from_counts(1, 2, 1, 2, method="chi2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ved_ikke must be one of"):
        _change(waves, ved_ikke="drop")
    with pytest.raises(ValueError, match="fpc_population must be one of"):
        _change(waves, fpc_population="roster")


# --- the results keep the statistics results' protocol ---------------------------------------------------------------


@pytest.fixture(scope="module")
def results(waves):
    return {
        "Change": change_from_counts(10, 20, 15, 22, population_then=30, population_now=32),
        "PairedChange": paired_change_from_counts(20, 2, 12, 16),
        "WaveChange": _change(waves, specialty="A", cluster="a12", clusters_then=["a1", "a2"]),
    }


@pytest.mark.parametrize("name", ["Change", "PairedChange", "WaveChange"])
def test_results_are_frozen_json_able_and_their_frame_is_their_dict(results, name):
    result = results[name]
    assert type(result).__name__ == name and dataclasses.is_dataclass(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pvalue = 0.5 if name != "WaveChange" else None  # type: ignore[misc]
    data = result.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    frame = result.to_frame()
    rows = data[result.ROWS] if result.ROWS else [data]
    assert len(frame) == len(rows) and all(list(row) == list(frame.columns) for row in rows)
    for i, row in enumerate(rows):
        for key, value in row.items():
            cell = frame.iloc[i][key]
            assert pd.isna(cell) if value is None else cell == value, (key, cell, value)
    top = {k: v for k, v in data.items() if k != result.ROWS}
    for key, value in top.items():
        attribute = getattr(result, key)
        assert (list(attribute) if isinstance(attribute, tuple) else attribute) == value, key
    assert isinstance(result, Change | PairedChange | WaveChange) and isinstance(result, Result)
    html = result._repr_html_()
    assert html.count("<table") == 1 and UNRELEASED in html
    assert repr(pickle.loads(pickle.dumps(result))) == repr(result)
