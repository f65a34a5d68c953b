"""Without a roster, a specialty or cluster of one row (a typo, most often) is a warning naming the nearest name."""

import pandas as pd
import pytest

from klyngestat import read_survey, validate_file
from klyngestat.data import demo_roster_path, demo_survey_path

CODES = ("single_row_specialty", "single_row_cluster")


def _demo_with(tmp_path, edits):
    """The demo survey with cells changed: ``{(0-based data row, column): value}``."""
    frame = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False)
    for (row, column), value in edits.items():
        frame.loc[row, column] = value
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False)
    return path, frame


def _first(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return int(mask.idxmax())


def _singles(report):
    return [p for p in report.problems if p.code in CODES]


@pytest.mark.parametrize(
    ("specialty", "typo"), [("Kirurgi", "Kiurgi"), ("Dermatologi", "Dermatolog"), ("Dermatologi", "dermatologi ")]
)
def test_a_one_row_specialty_typo_is_a_warning_with_the_nearest_name(tmp_path, specialty, typo):
    frame = pd.read_csv(demo_survey_path(), dtype=str)
    row = _first(frame, specialty=specialty)
    path, _ = _demo_with(tmp_path, {(row, "specialty"): typo})
    report = validate_file(path)
    assert report.ok
    [single] = _singles(report)
    assert (single.severity, single.code, single.row, single.column) == (
        "warning",
        "single_row_specialty",
        row + 2,
        "specialty",
    )
    assert single.value == typo.strip()
    assert single.expected == f"did you mean {specialty!r}?"


def test_a_one_row_cluster_typo_is_a_warning_with_the_nearest_cluster_of_its_specialty(tmp_path):
    frame = pd.read_csv(demo_survey_path(), dtype=str)
    row = _first(frame, cluster="Kirurgi – Sjælland")
    path, _ = _demo_with(tmp_path, {(row, "cluster"): "Kirurgi – Sjæl land"})
    survey = read_survey(path)  # a warning: the survey is still built
    [single] = _singles(survey.report)
    assert (single.code, single.row, single.column, single.value) == (
        "single_row_cluster",
        row + 2,
        "cluster",
        "Kirurgi – Sjæl land",
    )
    assert single.expected == "did you mean 'Kirurgi – Sjælland'?"
    assert "Kirurgi" in single.message


def test_a_single_row_with_no_similar_name_is_still_a_warning(tmp_path):
    path, _ = _demo_with(tmp_path, {(0, "specialty"): "Xyz"})
    [single] = _singles(validate_file(path))
    assert single.value == "Xyz" and "no similar name" in (single.expected or "")


def test_the_demo_survey_has_no_single_row_groups():
    assert not _singles(validate_file(demo_survey_path()))


def test_with_a_roster_the_roster_check_applies_instead(tmp_path):
    frame = pd.read_csv(demo_survey_path(), dtype=str)
    row = _first(frame, cluster="Kirurgi – Sjælland")
    path, _ = _demo_with(tmp_path, {(row, "cluster"): "Kirurgi – Sjæl land"})
    report = validate_file(path, roster=demo_roster_path())
    assert not _singles(report)
    assert [(p.code, p.row) for p in report.errors] == [("unknown_cluster", row + 2)]


def test_a_column_of_mostly_single_names_is_one_warning_that_repeats_no_value(tmp_path):
    frame = pd.read_csv(demo_survey_path(), dtype=str)
    frame["cluster"] = [f"person{i}@example.dk" for i in range(len(frame))]
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False)
    report = validate_file(path)
    [single] = _singles(report)
    assert single.code == "single_row_cluster" and single.row == 2 and single.value is None
    assert "@" not in str(report)


def test_rows_that_name_no_specialty_or_cluster_at_all_are_errors_not_a_crash(tmp_path):
    # Found by the byte fuzzer: a header and one row of nothing but a NUL byte left no names to count.
    path = tmp_path / "svar.csv"
    path.write_bytes(b"respondent_id;specialty;cluster;status;understoetter_kvalitet;forbedringer\n\x00\n")
    report = validate_file(path)
    assert not report.ok and not _singles(report)
    assert {"blank_specialty", "blank_cluster"} <= {p.code for p in report.errors}
    assert {p.row for p in report.errors if p.code == "blank_specialty"} == {2}
