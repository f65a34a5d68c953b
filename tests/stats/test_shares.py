from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat import (
    cluster_spread,
    compare_with_national,
    distribution,
    group_share,
    group_shares,
    national_average,
    response_rate,
    response_rates,
    share_table,
    survey_from_frame,
)
from klyngestat.stats import ComparisonThresholds
from tests.conftest import assert_same_frame, tiny_frame


def test_response_rate_counts_completed_and_partial_of_invited(tiny):
    a = response_rate(tiny, specialty="A")
    assert (a.respondents, a.invited, a.members) == (6, 8, 9)
    assert a.fraction == Fraction(6, 8)
    nation = response_rate(tiny)
    assert (nation.respondents, nation.invited, nation.members) == (8, 11, None)


def test_cluster_response_rates_keep_roster_members_beside_invited(tiny):
    rows = response_rates(tiny, by="cluster").to_frame()
    assert rows[["cluster", "invited", "respondents", "members"]].values.tolist() == [
        ["a1", 4, 3, 4],
        ["a2", 4, 3, 5],
        ["b1", 3, 2, 3],
    ]


def test_ved_ikke_is_in_the_base_by_default(tiny):
    s = group_share(tiny, "understoetter_kvalitet", specialty="A")
    assert (s.count, s.base) == (2, 5)


def test_ved_ikke_can_be_taken_out_of_the_base(tiny):
    s = group_share(tiny, "understoetter_kvalitet", specialty="A", ved_ikke="exclude")
    assert (s.count, s.base) == (2, 4)
    n = group_share(tiny, "understoetter_kvalitet", ved_ikke="exclude")
    assert (n.count, n.base) == (4, 6)


def test_blank_answers_of_respondents_are_not_in_the_base(tiny):
    s = group_share(tiny, "understoetter_kvalitet", specialty="A", cluster="a2")
    assert (s.count, s.base) == (0, 2)


def test_other_named_group(tiny):
    s = group_share(tiny, "understoetter_kvalitet", group="bottom_box", specialty="A")
    assert (s.count, s.base) == (1, 5)


def test_unknown_group_names_the_known_ones(tiny):
    with pytest.raises(KeyError, match="its groups: bottom_box, nogen_grad, top_box"):
        group_share(tiny, "understoetter_kvalitet", group="high", specialty="A")


def test_distribution_keeps_ved_ikke_and_blanks_apart(tiny):
    d = distribution(tiny, "understoetter_kvalitet", specialty="A")
    assert d.counts == (1, 1, 1, 0, 1, 1)
    assert (d.base, d.substantive_base, d.missing, d.respondents) == (5, 4, 1, 6)
    frame = d.to_frame()
    assert frame["kind"].tolist() == ["scale"] * 5 + ["non_substantive", "missing"]
    assert frame.loc[frame["category"] == "I mindre grad", "count"].item() == 0


def test_cluster_spread_skips_clusters_below_min_n_and_their_complement(tiny):
    # a2 has 2 answers (< 3); a1 alone beside it would give a2 away by subtraction from A, so both are hidden
    spread = cluster_spread(tiny, "understoetter_kvalitet", specialty="A", min_n=3)
    assert spread.shown == ()
    assert sorted(s.cluster for s in spread.hidden) == ["a1", "a2"]
    assert spread.low is None and spread.high is None
    everything = cluster_spread(tiny, "understoetter_kvalitet", specialty="A", min_n=1)
    assert (everything.low.cluster, everything.high.cluster) == ("a2", "a1")


def test_national_average_methods_are_named_and_differ(tiny):
    pooled = national_average(tiny, "understoetter_kvalitet")
    assert (pooled.method, pooled.fraction, pooled.count, pooled.base) == ("pooled", Fraction(4, 7), 4, 7)
    mean = national_average(tiny, "understoetter_kvalitet", method="mean_of_specialties")
    assert (mean.method, mean.fraction, mean.n_specialties) == ("mean_of_specialties", Fraction(7, 10), 2)


def test_national_reference_is_used_as_published():
    from klyngestat import NationalFigure, NationalReference

    ref = NationalReference(figures=(NationalFigure(question="forbedringer", share=0.48, n=700),))
    avg = national_average(None, "forbedringer", method="reference", reference=ref)
    assert (avg.method, avg.fraction, avg.base) == ("reference", Fraction(48, 100), 700)


@pytest.mark.parametrize(
    ("count", "base", "wording"),
    [
        (50, 100, "på niveau med"),
        (52, 100, "over"),
        (47, 100, "under"),
        (60, 100, "væsentligt over"),
        (59, 100, "over"),
        (38, 100, "væsentligt under"),
        (51, 100, "på niveau med"),
    ],
)
def test_comparison_wording_follows_thresholds(count, base, wording):
    from klyngestat import NationalAverage, Share

    share = Share("forbedringer", "top_box", "ja", "specialty", "X", None, count, base)
    national = NationalAverage("forbedringer", "top_box", "pooled", Fraction(1, 2), 50, 100)
    assert compare_with_national(share, national).wording == wording


def test_comparison_thresholds_are_configurable():
    from klyngestat import NationalAverage, Share

    share = Share("forbedringer", "top_box", "ja", "specialty", "X", None, 53, 100)
    national = NationalAverage("forbedringer", "top_box", "pooled", Fraction(1, 2), 50, 100)
    assert compare_with_national(share, national, thresholds=ComparisonThresholds(level=5)).wording == "på niveau med"
    with pytest.raises(ValueError, match="substantial must be at least level"):
        ComparisonThresholds(level=5, substantial=3)


def test_share_table_agrees_with_single_calls(tiny):
    table = share_table(tiny).to_frame()
    row = table[(table.question == "understoetter_kvalitet") & (table.level == "cluster") & (table.cluster == "a1")]
    assert (row["count"].item(), row["base"].item()) == (2, 3)
    nation = table[(table.question == "forbedringer") & (table.level == "nation")]
    assert (nation["count"].item(), nation["base"].item()) == (4, 6)


def test_statistics_never_modify_the_survey_frame(tiny):
    before = tiny.frame.copy()
    share_table(tiny)
    group_shares(tiny, "understoetter_kvalitet", by="specialty")
    assert_same_frame(tiny.frame, before)


# --- properties -------------------------------------------------------------------------------

LABELS = ["I meget høj grad", "I høj grad", "I nogen grad", "I mindre grad", "Slet ikke", "Ved ikke", None]
CODES = ["1", "2", "3", "4", "5", "9", None]


@st.composite
def random_frames(draw):
    n = draw(st.integers(min_value=1, max_value=60))
    answers = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    status = draw(st.lists(st.sampled_from(["completed", "partial", "not_answered"]), min_size=n, max_size=n))
    spec = draw(st.lists(st.sampled_from(["A", "B"]), min_size=n, max_size=n))
    clus = draw(st.lists(st.sampled_from(["x", "y", "z"]), min_size=n, max_size=n))
    answers = [a if s != "not_answered" else 6 for a, s in zip(answers, status, strict=True)]
    return pd.DataFrame(
        {
            "respondent_id": [str(i) for i in range(n)],
            "specialty": spec,
            "cluster": clus,
            "status": status,
            "answer": answers,
        }
    )


def _frame(raw, vocabulary):
    frame = raw.drop(columns="answer").copy()
    frame["understoetter_kvalitet"] = [vocabulary[a] for a in raw["answer"]]
    return frame


@settings(max_examples=60, deadline=None)
@given(random_frames(), st.sampled_from(["include", "exclude"]))
def test_shares_are_fractions_in_unit_interval_and_match_a_direct_count(raw, ved_ikke):
    survey = survey_from_frame(_frame(raw, LABELS))
    respondents = raw[raw.status != "not_answered"]
    answered = respondents[respondents.answer < (6 if ved_ikke == "include" else 5)]
    for s in group_shares(survey, "understoetter_kvalitet", by="cluster", ved_ikke=ved_ikke):
        mine = answered[(answered.specialty == s.specialty) & (answered.cluster == s.cluster)]
        assert (s.count, s.base) == ((mine.answer <= 1).sum(), len(mine))
        assert s.base == 0 or 0 <= s.share <= 1


@settings(max_examples=40, deadline=None)
@given(random_frames())
def test_distribution_sums_to_its_base_and_respondents(raw):
    survey = survey_from_frame(_frame(raw, LABELS))
    d = distribution(survey, "understoetter_kvalitet")
    assert sum(d.counts) == d.base
    assert d.base + d.missing == int((raw.status != "not_answered").sum())


@settings(max_examples=40, deadline=None)
@given(random_frames(), st.randoms(use_true_random=False))
def test_labels_and_codes_and_row_order_give_identical_results(raw, rnd):
    by_label = share_table(survey_from_frame(_frame(raw, LABELS))).to_frame()
    shuffled = raw.sample(frac=1, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    codes = _frame(shuffled, CODES)
    codes["understoetter_kvalitet"] = [
        c if pd.isna(c) or rnd.random() < 0.5 else f" {c}.0 " for c in codes["understoetter_kvalitet"]
    ]
    by_code = share_table(survey_from_frame(codes)).to_frame()
    key = ["question", "level", "specialty", "cluster"]
    assert_same_frame(
        by_label.sort_values(key, na_position="first").reset_index(drop=True),
        by_code.sort_values(key, na_position="first").reset_index(drop=True),
    )
    assert np.all(by_label["count"] <= by_label["base"])


def test_tiny_frame_is_not_modified_by_building_a_survey():
    frame = tiny_frame()
    before = frame.copy()
    survey_from_frame(frame)
    assert_same_frame(frame, before)


def test_a_group_never_counts_answers_outside_its_base():
    from klyngestat import Questionnaire, load_questionnaire

    data = load_questionnaire().model_dump()
    data["scales"]["ja_nej"]["groups"]["ja_eller_ved_ikke"] = {"label": "ja eller ved ikke", "codes": [1, 9]}
    questionnaire = Questionnaire.model_validate(data)
    survey = survey_from_frame(tiny_frame(), questionnaire=questionnaire)
    share = group_share(survey, "forbedringer", group="ja_eller_ved_ikke", specialty="A", ved_ikke="exclude")
    assert (share.count, share.base) == (2, 3)
    assert group_share(survey, "forbedringer", group="ja_eller_ved_ikke", specialty="A").count == 3


def test_summary_without_reference_figures_is_an_error(tiny):
    from klyngestat import specialty_summary

    with pytest.raises(ValueError, match="needs published national figures"):
        specialty_summary(tiny, "A", national_method="reference")


def test_summary_skips_the_national_figure_of_a_question_nobody_answered():
    from klyngestat import specialty_summary

    frame = tiny_frame().assign(data_oenske=None)
    summary = specialty_summary(survey_from_frame(frame), "A")
    assert summary.shares["data_oenske"].base == 0
    assert "data_oenske" not in summary.national and "understoetter_kvalitet" in summary.national
