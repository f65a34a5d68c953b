"""Small-cluster variants of the demo survey that the Release's tests and benchmarks share."""

from __future__ import annotations

import pandas as pd

import klyngestat as ks
from tests.conftest import shared_demo_survey


def _plain_frame(survey: ks.Survey) -> pd.DataFrame:
    """The survey's frame with categorical columns as plain objects, ready to be edited."""
    frame = survey.frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(object)
    return frame


def dermatologi_with_a_three_answer_cluster() -> ks.Survey:
    """The review's case: Derma – Nord reduced to three respondents (the others turned non-respondents)."""
    base = shared_demo_survey()  # read once per process; its frame is copied below, never edited
    frame = _plain_frame(base)
    answered = (frame.specialty == "Dermatologi") & (frame.cluster == "Derma – Nord")
    answered &= frame.status.isin(["completed", "partial"])
    dropped = frame.index[answered][3:]
    frame.loc[dropped, "status"] = "not_answered"
    frame.loc[dropped, list(base.questions)] = None
    return ks.survey_from_frame(frame, roster=base.roster, year=2025)


def one_cluster_specialty_of_four() -> ks.Survey:
    """The demo plus Karkirurgi: one cluster, five invited, four answered (Plastikkirurgi's first answers)."""
    frame = _plain_frame(shared_demo_survey())
    extra = frame[frame.specialty == "Plastikkirurgi"].head(5).copy()
    extra["respondent_id"] = [f"x{i}" for i in range(5)]
    extra["specialty"], extra["cluster"] = "Karkirurgi", "Kar – Danmark"
    extra["status"] = ["completed"] * 4 + ["not_answered"]
    return ks.survey_from_frame(pd.concat([frame, extra], ignore_index=True), year=2025)
