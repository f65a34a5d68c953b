import pandas as pd
import pytest

from klyngestat import (
    SurveyValidationError,
    group_share,
    read_survey,
    share_table,
    validate_file,
    validate_frame,
)
from tests.conftest import assert_same_frame, tiny_frame, tiny_roster

HEADER = "respondent_id;specialty;cluster;status;understoetter_kvalitet;forbedringer"


def _write(tmp_path, name, text, encoding):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_cp1252_semicolon_file_from_danish_excel_reads(tmp_path):
    text = f"{HEADER}\r\n1;Øjenlæger;Øst;completed;I høj grad;Ja\r\n2;Øjenlæger;Øst;completed;Ved ikke;Nej\r\n"
    survey = read_survey(_write(tmp_path, "svar.csv", text, "cp1252"))
    assert survey.specialties == ("Øjenlæger",)
    share = group_share(survey, "understoetter_kvalitet", specialty="Øjenlæger")
    assert (share.count, share.base) == (1, 2)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_encodings_and_separators_give_the_same_survey(tmp_path, encoding, separator):
    frame = tiny_frame()
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=separator, index=False, encoding=encoding)
    table = share_table(read_survey(path)).to_frame()
    expected = share_table(read_survey(_reference_csv(tmp_path))).to_frame()
    assert_same_frame(table, expected)


def _reference_csv(tmp_path):
    path = tmp_path / "reference.csv"
    tiny_frame().to_csv(path, index=False)
    return path


def test_excel_file_reads_like_csv(tmp_path):
    path = tmp_path / "svar.xlsx"
    tiny_frame().to_excel(path, index=False)
    assert_same_frame(
        share_table(read_survey(path)).to_frame(), share_table(read_survey(_reference_csv(tmp_path))).to_frame()
    )


def test_every_problem_is_reported_at_once_with_file_row_column_value(tmp_path):
    text = (
        f"{HEADER}\n"
        "1;A;a1;completed;I høj grad;Ja\n"
        "1;A;a1;completed;Meget;Ja\n"  # duplicate id, unknown label
        "3;A;;done;I høj grad;Måske\n"  # blank cluster, unknown status, unknown label
    )
    path = _write(tmp_path, "svar.csv", text, "utf-8")
    report = validate_file(path)
    assert not report.ok
    found = {(p.code, p.row, p.column, p.value) for p in report.errors}
    assert found == {
        ("duplicate_id", 2, "respondent_id", "1"),
        ("duplicate_id", 3, "respondent_id", "1"),
        ("unknown_answer", 3, "understoetter_kvalitet", "Meget"),
        ("blank_cluster", 4, "cluster", None),
        ("unknown_status", 4, "status", "done"),
        ("unknown_answer", 4, "forbedringer", "Måske"),
    }
    assert all(p.file == str(path) for p in report.errors)
    unknown = next(p for p in report.errors if p.value == "Måske")
    assert unknown.expected == "one of 1 (Ja), 2 (Nej), 9 (Ved ikke)"
    with pytest.raises(SurveyValidationError) as excinfo:
        read_survey(path)
    assert len(excinfo.value.report.errors) == 6


def test_missing_required_columns_are_named(tmp_path):
    path = _write(tmp_path, "svar.csv", "respondent_id,cluster\n1,a\n", "utf-8")
    report = validate_file(path)
    assert sorted(p.column for p in report.errors if p.code == "missing_column") == ["specialty", "status"]


@pytest.mark.parametrize("text", ["", "   \n", "respondent_id,specialty,cluster,status\n"])
def test_empty_file_is_an_error_not_a_traceback(tmp_path, text):
    report = validate_file(_write(tmp_path, "svar.csv", text, "utf-8"))
    assert [p.code for p in report.errors] == ["empty_file"]


def test_missing_file_is_reported():
    report = validate_file("no/such/file.csv")
    assert [p.code for p in report.errors] == ["unreadable_file"]


def test_unknown_columns_are_reported_and_absent_questions_listed():
    frame = tiny_frame().assign(email="x@example.org")
    report = validate_frame(frame)
    assert report.ok
    assert [(p.code, p.column) for p in report.warnings] == [("unknown_column", "email")]
    absent = next(p for p in report.problems if p.code == "absent_question")
    assert "moededeltagelse" in absent.message and "understoetter_kvalitet" not in absent.message


def test_answers_of_non_respondents_are_reported_and_not_counted():
    frame = tiny_frame()
    frame.loc[3, "understoetter_kvalitet"] = "I høj grad"  # row 4 is not_answered
    report = validate_frame(frame)
    assert [(p.code, p.row) for p in report.warnings] == [("answer_from_non_respondent", 3)]
    from klyngestat import survey_from_frame

    share = group_share(survey_from_frame(frame), "understoetter_kvalitet", specialty="A")
    assert (share.count, share.base) == (2, 5)


def test_roster_problems(tmp_path):
    frame = tiny_frame()
    frame.loc[0, "cluster"] = "a9"
    report = validate_frame(frame, roster=tiny_roster())
    assert [(p.code, p.value) for p in report.errors] == [("unknown_cluster", "a9")]
    from klyngestat import Roster
    from klyngestat.models import Cluster

    small = Roster(
        clusters=(
            Cluster(specialty="A", cluster="a1", members=2),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="B", cluster="b1", members=3),
        )
    )
    report = validate_frame(tiny_frame(), roster=small)
    assert [(p.code, p.value) for p in report.errors] == [("more_respondents_than_members", "a1")]


def test_invited_differs_from_members_is_a_note():
    report = validate_frame(tiny_frame(), roster=tiny_roster())
    assert report.ok
    notes = [p.message for p in report.problems if p.code == "invited_differs_from_members"]
    assert notes == [
        "A: the clusters list 9 members, 8 were invited; response rates use the invited count, cluster sizes the roster"
    ]


def test_roster_file_errors_name_row_and_column(tmp_path):
    from klyngestat import read_roster

    path = _write(tmp_path, "roster.csv", "specialty;cluster;members\nA;a1;4\nA;a2;fire\n", "utf-8")
    roster, problems = read_roster(path)
    assert roster is None
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "members", "fire")]


def test_a_column_repeated_in_the_file_is_an_error_not_renamed(tmp_path):
    path = _write(tmp_path, "svar.csv", f"{HEADER};forbedringer\n1;A;a1;completed;I høj grad;Ja;Nej\n", "utf-8")
    report = validate_file(path)
    assert [(p.code, p.column) for p in report.errors] == [("duplicate_column", "forbedringer")]


def test_roster_and_response_names_match_after_folding_spaces():
    from klyngestat import Roster
    from klyngestat.models import Cluster

    frame = tiny_frame()
    frame["cluster"] = frame["cluster"].replace({"a1": "a  1"})
    roster = Roster(
        clusters=(
            Cluster(specialty="A", cluster=" a 1", members=4),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="B", cluster="b1", members=3),
        )
    )
    assert validate_frame(frame, roster=roster).ok


def test_unknown_status_is_not_also_reported_as_a_non_respondent():
    frame = tiny_frame()
    frame.loc[0, "status"] = "færdig"
    report = validate_frame(frame)
    assert [(p.code, p.value) for p in report.problems if p.severity != "info"] == [("unknown_status", "færdig")]


def test_row_errors_and_roster_errors_are_reported_together():
    frame = tiny_frame()
    frame.loc[0, "understoetter_kvalitet"] = "Meget"
    frame.loc[8, "cluster"] = "b9"
    report = validate_frame(frame, roster=tiny_roster())
    assert sorted(p.code for p in report.errors) == ["unknown_answer", "unknown_cluster"]


def test_free_text_keeps_its_line_breaks(tmp_path):

    from klyngestat import read_survey
    from klyngestat.data import demo_survey_path

    frame = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False)
    frame.loc[0, "kommentarer"] = "Første linje,\r\n  anden   linje\r\n\r\ntredje"
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False)
    survey = read_survey(path)
    assert survey.frame.loc[0, "kommentarer"] == "Første linje,\nanden linje\n\ntredje"
