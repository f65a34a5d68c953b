"""SPSS files: answers through their value labels, never an unlabelled code taken as the questionnaire's."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngestat import SurveyValidationError, group_share, read_survey, survey_from_frame, validate_file
from klyngestat.data import demo_survey_path
from klyngestat.io.tables import read_table
from klyngestat.models.questionnaire import load_questionnaire

pyreadstat = pytest.importorskip("pyreadstat")

# A scale run the other way in SPSS, "Ved ikke" at 99: the questionnaire's 1 (I meget høj grad) is SPSS's 5.
REVERSED = {
    "I meget høj grad": 5,
    "I høj grad": 4,
    "I nogen grad": 3,
    "I mindre grad": 2,
    "Slet ikke": 1,
    "Ved ikke": 99,
}
REVERSED_LABELS = {float(code): label for label, code in REVERSED.items()}
JA_NEJ = {"Ja": 1, "Nej": 2, "Ved ikke": 99}
JA_NEJ_LABELS = {float(code): label for label, code in JA_NEJ.items()}
QUESTIONNAIRE_CODES = {"I meget høj grad": 1, "I høj grad": 2, "I nogen grad": 3, "I mindre grad": 4, "Slet ikke": 5}
QUESTIONNAIRE_CODES["Ved ikke"] = 9


def _demo() -> pd.DataFrame:
    columns = ["respondent_id", "specialty", "cluster", "status", "understoetter_kvalitet", "forbedringer"]
    return pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False, na_values=[""])[columns]


def _hand_count(question: str, top: set[str]) -> tuple[int, int]:
    """Top-box count and base among respondents, counted from the demo CSV with plain pandas."""
    frame = _demo()
    answers = frame.loc[frame["status"].isin(["completed", "partial"]), question].dropna()
    return int(answers.isin(top).sum()), len(answers)


def _write(tmp_path, codes: dict[str, dict[str, int]], labels: dict, missing_ranges: dict | None = None):
    frame = _demo()
    for question, to_code in codes.items():
        frame[question] = frame[question].map(to_code).astype(float)  # blank stays system-missing
    path = tmp_path / "svar.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels, missing_ranges=missing_ranges)
    return path


def test_values_without_a_value_label_are_errors_naming_value_rows_and_labels(tmp_path):
    # Labelled only at its ends and at "Ved ikke": 2, 3 and 4 used to be taken as the questionnaire's codes.
    ends = {1.0: "Slet ikke", 5.0: "I meget høj grad", 99.0: "Ved ikke"}
    path = _write(
        tmp_path,
        {"understoetter_kvalitet": REVERSED, "forbedringer": JA_NEJ},
        {"understoetter_kvalitet": ends, "forbedringer": JA_NEJ_LABELS},
    )
    report = validate_file(path)
    errors = sorted((p for p in report.errors if p.code == "unlabelled_code"), key=lambda p: str(p.value))
    assert [(p.column, p.value) for p in errors] == [("understoetter_kvalitet", v) for v in ("2", "3", "4")]
    assert len(report.errors) == 3
    answers = _demo()["understoetter_kvalitet"]
    for problem, label in zip(errors, ["I mindre grad", "I nogen grad", "I høj grad"], strict=True):
        rows = answers.index[answers.eq(label)] + 2  # the header is row 1
        assert problem.file == str(path) and problem.row == rows[0]
        assert f"{len(rows)} row(s): row {', '.join(map(str, rows[:5]))} …" in problem.message
        assert "1 (Slet ikke), 5 (I meget høj grad), 99 (Ved ikke)" in problem.expected
        assert "remove the variable's value labels" in problem.expected
    with pytest.raises(SurveyValidationError):
        read_survey(path)
    # Given the questionnaire, the error names the labels the question's scale accepts.
    _, problems = read_table(path, questionnaire=load_questionnaire())
    assert "I mindre grad" in problems[0].expected and "9 (Ved ikke)" in problems[0].expected


def test_fully_labelled_reversed_scale_reads_through_its_labels(tmp_path):
    path = _write(
        tmp_path,
        {"understoetter_kvalitet": REVERSED, "forbedringer": JA_NEJ},
        {"understoetter_kvalitet": REVERSED_LABELS, "forbedringer": JA_NEJ_LABELS},
    )
    survey = read_survey(path)
    share = group_share(survey, "understoetter_kvalitet")
    assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})
    share = group_share(survey, "forbedringer")
    assert (share.count, share.base) == _hand_count("forbedringer", {"Ja"}) == (329, 686)


def test_ved_ikke_declared_user_missing_stays_in_the_base_with_a_note(tmp_path):
    path = _write(
        tmp_path,
        {"understoetter_kvalitet": REVERSED, "forbedringer": JA_NEJ},
        {"understoetter_kvalitet": REVERSED_LABELS, "forbedringer": JA_NEJ_LABELS},
        missing_ranges={"understoetter_kvalitet": [99], "forbedringer": [{"lo": 90, "hi": 99}]},
    )
    survey = read_survey(path)
    share = group_share(survey, "forbedringer")
    assert (share.count, share.base) == _hand_count("forbedringer", {"Ja"}) == (329, 686)  # not 329 of 644
    share = group_share(survey, "understoetter_kvalitet")
    assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})
    notes = {p.column: p.message for p in validate_file(path).problems if p.code == "spss_user_missing"}
    assert set(notes) == {"understoetter_kvalitet", "forbedringer"}
    ved_ikke = int(_demo()["forbedringer"].eq("Ved ikke").sum())
    assert f"99 (Ved ikke) in {ved_ikke} row(s)" in notes["forbedringer"]
    assert "count in the base" in notes["forbedringer"]
    # the note travels with the survey, as every note of its reading does
    assert {p.column for p in survey.report.problems if p.code == "spss_user_missing"} == set(notes)


def test_codes_said_to_be_the_questionnaires_are_read_as_codes(tmp_path):
    # The questionnaire's own codes, labelled only at 1, 5 and 9: an error unless the analyst says so.
    ends = {1.0: "I meget høj grad", 5.0: "Slet ikke", 9.0: "Ved ikke"}
    path = _write(
        tmp_path,
        {"understoetter_kvalitet": QUESTIONNAIRE_CODES},
        {"understoetter_kvalitet": ends},
    )
    assert {p.value for p in validate_file(path).errors} == {"2", "3", "4"}
    raw, problems = read_table(path, spss_codes="questionnaire")
    assert raw is not None and not problems
    survey = survey_from_frame(raw.frame)
    share = group_share(survey, "understoetter_kvalitet")
    assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})
    # the same through the API and the command line
    share = group_share(read_survey(path, spss_codes="questionnaire"), "understoetter_kvalitet")
    assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})
    from klyngestat.cli import main

    assert main(["validate", str(path)]) == 1
    assert main(["validate", str(path), "--spss-codes", "questionnaire"]) == 0


def test_a_variable_without_value_labels_is_read_as_codes(tmp_path):
    path = _write(tmp_path, {"understoetter_kvalitet": QUESTIONNAIRE_CODES, "forbedringer": {**JA_NEJ}}, {})
    with pytest.raises(SurveyValidationError) as caught:
        read_survey(path)  # 99 is no code of the ja_nej scale: reported, not dropped
    assert {(p.code, p.value) for p in caught.value.report.errors} == {("unknown_answer", "99")}
    path = _write(tmp_path, {"understoetter_kvalitet": QUESTIONNAIRE_CODES}, {})
    share = group_share(read_survey(path), "understoetter_kvalitet")
    assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labelled=st.sets(st.sampled_from(sorted(REVERSED.values())), min_size=1))
def test_fuzz_every_value_without_a_label_is_named_and_no_other(tmp_path_factory, labelled):
    """Any labelled subset of a reversed scale: exactly the used values without a label are errors."""
    labels = {float(code): label for label, code in REVERSED.items() if code in labelled}
    path = _write(
        tmp_path_factory.mktemp("sav"), {"understoetter_kvalitet": REVERSED}, {"understoetter_kvalitet": labels}
    )
    report = validate_file(path)
    named = {p.value for p in report.errors if p.code == "unlabelled_code" and p.column == "understoetter_kvalitet"}
    used = {str(REVERSED[a]) for a in _demo()["understoetter_kvalitet"].dropna()}
    assert named == used - {str(code) for code in labelled}
    if not named:  # fully labelled where it is used: read as the labels say, the hand count
        share = group_share(read_survey(path), "understoetter_kvalitet")
        assert (share.count, share.base) == _hand_count("understoetter_kvalitet", {"I meget høj grad", "I høj grad"})
