"""Post-stratification against R's survey package (a committed fixture) and hand computation."""

import dataclasses
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from klyngestat import Roster, group_share, survey_from_frame
from klyngestat.models import Cluster
from klyngestat.models.problems import SurveyValidationError
from klyngestat.stats.weights import poststratify, weighted_share, weighted_share_from_counts
from tests.conftest import tiny_frame

R_DIR = Path(__file__).parent / "r"


@pytest.fixture(scope="module")
def demo(the_demo_survey):
    return the_demo_survey


@pytest.fixture(scope="module")
def r_expected():
    return pd.read_csv(R_DIR / "poststrat_expected.csv").set_index("fpc").loc["members"]


@pytest.fixture(scope="module")
def r_expected_without_fpc():
    return pd.read_csv(R_DIR / "poststrat_expected.csv").set_index("fpc").loc["none"]


def test_r_fixture_data_is_the_demo_dermatologi_answers(demo):
    data = pd.read_csv(R_DIR / "poststrat_data.csv", encoding="utf-8")
    per_cluster = data.groupby("cluster", sort=False).agg(
        n=("top", "size"), k=("top", "sum"), members=("members", "max")
    )
    for cluster, row in per_cluster.iterrows():
        share = group_share(demo, "understoetter_kvalitet", specialty="Dermatologi", cluster=cluster)
        assert (share.count, share.base) == (row["k"], row["n"])
        assert demo.roster.members("Dermatologi", cluster) == row["members"]
    assert len(per_cluster) == len(demo.clusters_of("Dermatologi"))


def test_weighted_share_matches_r_survey_svymean(demo, r_expected):
    result = weighted_share(demo, "understoetter_kvalitet", specialty="Dermatologi")
    assert (result.count, result.base, result.population) == (
        r_expected["count"],
        r_expected["n"],
        r_expected["population"],
    )
    assert result.weighted_share == pytest.approx(r_expected["weighted_share"], abs=1e-12)
    assert result.standard_error == pytest.approx(r_expected["standard_error"], abs=1e-12)
    assert result.low == pytest.approx(r_expected["low"], abs=1e-12)
    assert result.high == pytest.approx(r_expected["high"], abs=1e-12)
    assert result.efficiency == pytest.approx(r_expected["kish_efficiency"], abs=1e-12)
    assert result.effective_n == pytest.approx(r_expected["effective_n"], abs=1e-10)


def test_population_none_matches_r_survey_without_fpc(demo, r_expected_without_fpc):
    # svydesign(ids = ~1, strata = ~cluster, weights = ~members/answers) with no fpc
    expected = r_expected_without_fpc
    result = weighted_share(demo, "understoetter_kvalitet", specialty="Dermatologi", fpc_population="none")
    assert result.weighted_share == pytest.approx(expected["weighted_share"], abs=1e-12)
    assert result.standard_error == pytest.approx(expected["standard_error"], abs=1e-12)
    assert result.low == pytest.approx(expected["low"], abs=1e-12)
    assert result.high == pytest.approx(expected["high"], abs=1e-12)
    assert result.effective_n == pytest.approx(expected["effective_n"], abs=1e-10)
    assert result.fpc_population == "none" and result.to_dict()["fpc_population"] == "none"
    with_fpc = weighted_share(demo, "understoetter_kvalitet", specialty="Dermatologi")
    assert with_fpc.fpc_population == "members" and with_fpc.standard_error < result.standard_error


def test_fpc_population_by_hand():
    # A: a1 has 6 members, 4 invited, 3 answers, 2 in the top box; a2 has 5 members, 2 answers, none in the top box.
    # Weighted: (6·2/3)/11 = 4/11. s² = 3·(2/3)(1/3)/2 = 1/3 in a1, 0 in a2, so the variance is
    # (6/11)²·(1 − f)·(1/3)/3 = (4/121)·(1 − f): f = 3/6 with members, 3/4 with invited, 0 with none.
    roster = Roster(
        clusters=(
            Cluster(specialty="A", cluster="a1", members=6),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="B", cluster="b1", members=3),
        )
    )
    survey = survey_from_frame(tiny_frame(), roster=roster)
    expected = {"members": math.sqrt(2) / 11, "invited": 1 / 11, "none": 2 / 11}
    for population, standard_error in expected.items():
        result = weighted_share(survey, "understoetter_kvalitet", specialty="A", fpc_population=population)
        assert result.weighted_share == pytest.approx(4 / 11)
        assert result.standard_error == pytest.approx(standard_error), population
        assert result.population == 11 and result.fpc_population == population


def test_invited_population_needs_the_invited_counts():
    with pytest.raises(ValueError, match=r"fpc_population='invited' needs the number invited"):
        weighted_share_from_counts("q", "top_box", "X", ["a", "b"], [11, 8], [6, 1], [8, 6], fpc_population="invited")
    with pytest.raises(ValueError, match=r"fewer invited than answers in b \(5 invited, 6 answers\)"):
        weighted_share_from_counts(
            "q", "top_box", "X", ["a", "b"], [11, 8], [6, 1], [8, 6], fpc_population="invited", invited=[10, 5]
        )
    with pytest.raises(ValueError, match="population must be one of"):
        weighted_share_from_counts("q", "top_box", "X", ["a"], [11], [6], [8], fpc_population="all")  # type: ignore[arg-type]


def test_unweighted_share_sits_beside_the_weighted_one(demo):
    result = weighted_share(demo, "understoetter_kvalitet", specialty="Dermatologi")
    plain = group_share(demo, "understoetter_kvalitet", specialty="Dermatologi")
    assert result.share == plain.share == 52 / 73
    frame = result.to_frame()
    assert frame.loc[0, "share"] == plain.share and "weighted_share" in frame
    assert "ignorable within cluster" in json.loads(json.dumps(result.to_dict()))["assumption"]


def test_poststratify_weights_are_members_over_respondents(demo):
    weights = poststratify(demo, "Dermatologi")
    assert weights.members == (18, 15, 18, 14, 18, 19, 9)
    assert weights.respondents == (12, 10, 12, 9, 12, 11, 8)
    assert weights.weights == pytest.approx([18 / 12, 15 / 10, 18 / 12, 14 / 9, 18 / 12, 19 / 11, 9 / 8])
    assert weights.population == 111 and weights.total_respondents == 74
    per_respondent = weights.per_respondent(demo)
    assert len(per_respondent) == 74 and per_respondent.sum() == pytest.approx(111)
    # Kish by hand: (Σw)² / (n Σw²), Σw² = Σ members²/respondents.
    sum_w2 = sum(m * m / r for m, r in zip(weights.members, weights.respondents, strict=True))
    assert weights.efficiency == pytest.approx(111**2 / (74 * sum_w2))
    assert weights.effective_n == pytest.approx(111**2 / sum_w2)
    assert per_respondent.pow(2).sum() == pytest.approx(sum_w2)
    json.dumps(weights.to_dict())
    assert list(weights.to_frame().columns) == ["specialty", "cluster", "members", "respondents", "weight"]


def test_tiny_weighted_share_by_hand(tiny):
    # A: a1 has 4 members, 3 answers, 2 in the top box; a2 has 5 members, 2 answers, none in the top box.
    # Weighted: (4·2/3 + 5·0)/9 = 8/27. Variance: (4/9)²·(1 − 3/4)·s²/3 with s² = 3·(2/3)(1/3)/2 = 1/3,
    # i.e. 4/729, so SE = 2/27; a2 has no variance (all outside the group).
    result = weighted_share(tiny, "understoetter_kvalitet", specialty="A")
    assert (result.count, result.base) == (2, 5)
    assert result.weighted_share == pytest.approx(8 / 27)
    assert result.weighted_count == pytest.approx(8 / 3)
    assert result.standard_error == pytest.approx(2 / 27)
    assert result.efficiency == pytest.approx(9**2 / (5 * (16 / 3 + 25 / 2)))


def test_ved_ikke_exclude_reweights_among_substantive_answers(tiny):
    # Without "Ved ikke": a1 2 of 2, a2 0 of 2 -> (4·1 + 5·0)/9 = 4/9, and no variance within clusters.
    result = weighted_share(tiny, "understoetter_kvalitet", specialty="A", ved_ikke="exclude")
    assert result.weighted_share == pytest.approx(4 / 9)
    assert result.standard_error == 0 and result.low == result.high == pytest.approx(4 / 9)


def test_cluster_without_answers_is_reported_uncovered():
    roster = Roster(
        clusters=(
            Cluster(specialty="A", cluster="a1", members=4),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="A", cluster="a3", members=7),
            Cluster(specialty="B", cluster="b1", members=3),
        )
    )
    survey = survey_from_frame(tiny_frame(), roster=roster)
    weights = poststratify(survey, "A")
    assert weights.uncovered == ("a3",) and weights.population == 9
    assert weights.weights[2] is None
    result = weighted_share(survey, "understoetter_kvalitet", specialty="A")
    assert result.uncovered == ("a3",) and result.population == 9
    assert result.weighted_share == pytest.approx(8 / 27)


def test_a_single_answer_in_a_sampled_cluster_has_no_standard_error():
    # B/b1: 2 answers of 3 members; make a second cluster with one answer of several members.
    frame = tiny_frame()
    frame.loc[frame["respondent_id"] == "10", "cluster"] = "b2"
    roster = Roster(
        clusters=(
            Cluster(specialty="A", cluster="a1", members=4),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="B", cluster="b1", members=3),
            Cluster(specialty="B", cluster="b2", members=4),
        )
    )
    result = weighted_share(survey_from_frame(frame, roster=roster), "understoetter_kvalitet", specialty="B")
    assert result.weighted_share == pytest.approx(1.0)
    assert result.standard_error is None and result.low is None


def test_weighting_needs_a_roster():
    with pytest.raises(ValueError, match="needs the clusters' member counts"):
        poststratify(survey_from_frame(tiny_frame()), "A")


def _with_roster(roster):
    # Reading the survey with such a roster already fails validation; attach it afterwards to reach the guards.
    with pytest.raises(SurveyValidationError):
        survey_from_frame(tiny_frame(), roster=roster)
    return dataclasses.replace(survey_from_frame(tiny_frame()), roster=roster)


def test_clusters_missing_from_the_roster_are_named():
    survey = _with_roster(Roster(clusters=(Cluster(specialty="A", cluster="a1", members=4),)))
    with pytest.raises(ValueError, match=r"\['a2'\] have answers but are not in the roster"):
        poststratify(survey, "A")


def test_fewer_members_than_respondents_is_refused():
    survey = _with_roster(
        Roster(
            clusters=(
                Cluster(specialty="A", cluster="a1", members=2),
                Cluster(specialty="A", cluster="a2", members=5),
                Cluster(specialty="B", cluster="b1", members=3),
            )
        )
    )
    with pytest.raises(ValueError, match=r"fewer members than respondents in a1 \(2 members, 3 respondents\)"):
        poststratify(survey, "A")


def test_only_cluster_strata_are_offered(demo):
    with pytest.raises(ValueError, match="strata must be one of"):
        poststratify(demo, "Dermatologi", strata="region")


def test_weights_equal_when_every_cluster_answers_alike(tiny):
    # B has one cluster: every weight is 3/2 and weighting changes nothing.
    weights = poststratify(tiny, "B")
    assert weights.weights == (1.5,) and math.isclose(weights.efficiency, 1.0)
