"""Reading SurveyXact exports: the same survey whatever the form, every bad input reported, nothing leaked.

The fixture export and its canonical twin are written by ``fixtures/surveyxact/make_fixtures.py`` from one
truth; variants for the bad-input cases are written from the same tables into ``tmp_path``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import klyngestat.io._surveyxact_tables as sx_tables
import klyngestat.io._workbook as workbook
from klyngestat import (
    Problem,
    SurveyValidationError,
    load_mapping,
    read_survey,
    read_surveyxact,
    response_rates,
    share_table,
    specialty_summary,
)
from klyngestat.cli import main
from klyngestat.io.surveyxact import surveyxact_to_canonical, validate_surveyxact
from klyngestat.io.writers import write_canonical_csv
from klyngestat.models.mapping import MappingError, SurveyXactMapping, example_mapping_path, mapping_from_dict
from tests.conftest import assert_same_frame, tiny_frame
from tests.io.fixtures.surveyxact import make_fixtures as mf

HERE = Path(mf.__file__).parent
WORKBOOK = HERE / mf.WORKBOOK
TRIO = HERE / "csv"
CANONICAL = HERE / "canonical.csv"
MAPPING = example_mapping_path()

PERSONS = mf.people()
EMAILS = [p.email for p in PERSONS]
NAMES = sorted({p.name for p in PERSONS})
FREE_TEXTS = [*mf.FORBEDRINGER_TEKST, *mf.KOMMENTARER, *mf.ANDET]


def _one(report, code: str) -> Problem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, f"{code}: {found}\n{report}"
    return found[0]


def _row(persons_index: int) -> int:
    """The Dataset row of the fixture's n-th person (the header is row 1)."""
    return persons_index + 2


def _first(predicate) -> int:
    return next(i for i, p in enumerate(PERSONS) if predicate(p))


# ---------------------------------------------------------------- one survey, three forms


@pytest.fixture(scope="module")
def canonical():
    """The canonical twin; its free text keeps its line breaks (as "\\n"), as the export's does."""
    survey = read_survey(CANONICAL)
    assert (survey.frame["forbedringer_tekst"].str.contains("\n") == True).sum() >= 1  # noqa: E712
    return survey


@pytest.mark.parametrize(
    "export",
    [WORKBOOK, TRIO, TRIO / "dataset.csv"],
    ids=["workbook", "csv-folder", "dataset-csv-with-companions"],
)
def test_the_same_survey_as_canonical_csv_workbook_and_csv_trio_gives_identical_results(canonical, export):
    survey = read_surveyxact(export, MAPPING)
    assert_same_frame(share_table(survey).to_frame(), share_table(canonical).to_frame())
    assert_same_frame(response_rates(survey).to_frame(), response_rates(canonical).to_frame())
    assert_same_frame(survey.frame, canonical.frame)


def test_the_workbook_reads_the_same_with_openpyxl_when_calamine_is_absent(canonical, monkeypatch):
    monkeypatch.setattr(workbook, "calamine_available", lambda: False)
    assert_same_frame(read_surveyxact(WORKBOOK, MAPPING).frame, canonical.frame)


def test_a_dataset_split_over_sheets_is_joined_on_the_respondent_id(canonical, tmp_path):
    # Dataset (2) lists the respondents in the opposite order; only the respondent id can join them.
    path = mf.write_workbook(mf.export_tables(), tmp_path / "split.xlsx", split_at=20)
    assert_same_frame(read_surveyxact(path, MAPPING).frame, canonical.frame)


@pytest.mark.parametrize(("encoding", "separator"), [("cp1252", ";"), ("utf-8", ","), ("utf-8-sig", ";")])
def test_eu_and_hand_saved_csv_files_read_the_same(canonical, tmp_path, encoding, separator):
    dataset = mf.write_csv_trio(mf.export_tables(), tmp_path / "eu", encoding=encoding, separator=separator)
    assert_same_frame(read_surveyxact(dataset, MAPPING).frame, canonical.frame)


def test_the_dataset_csv_finds_its_own_companions_among_other_exports(canonical, tmp_path):
    folder = tmp_path / "downloads"
    mf.write_csv_trio(mf.export_tables(short_names=True), folder, prefix="")
    for name in ("dataset", "labels", "structure"):
        shutil.copy(folder / f"{name}.csv", folder / f"{name}_2025.csv")
    assert_same_frame(read_surveyxact(folder / "dataset_2025.csv", MAPPING).frame, canonical.frame)
    assert _one(validate_surveyxact(folder, MAPPING), "ambiguous_table").value == "dataset.csv, dataset_2025.csv"


def test_numbers_stored_as_float_text_read_as_whole_numbers(canonical, tmp_path):
    tables = mf.export_tables()
    for row in tables.dataset:
        for variable in ("s_1", "statoverall_1", "statoverall_4", "respondentid"):
            index = tables.dataset_header.index(variable)
            if row[index] is not None:
                row[index] = f"{int(row[index])}.0"
    dataset = mf.write_csv_trio(tables, tmp_path / "floats", encoding="utf-8", separator=";")
    assert "48211001.0;" in dataset.read_text("utf-8")
    assert_same_frame(read_surveyxact(dataset, MAPPING).frame, canonical.frame)


def test_a_sheet_is_read_the_same_a_few_rows_at_a_time(canonical, monkeypatch):
    whole = sx_tables.grid_from_rows
    monkeypatch.setattr(
        sx_tables, "grid_from_rows", lambda rows, location, *, header: whole(rows, location, header=header, chunk=4)
    )
    assert_same_frame(read_surveyxact(WORKBOOK, MAPPING).frame, canonical.frame)
    grid = whole([["a", "b"], [1, None], [2.0, "x"], [None, "y", "late"]], "t", header=True, chunk=1)
    assert grid.header == ("a", "b")
    assert [[None if pd.isna(v) else v for v in c] for c in grid.columns[:2]] == [["1", "2", None], [None, "x", "y"]]
    assert pd.isna(grid.columns[2][0]) and grid.columns[2][2] == "late"


def test_the_trio_is_utf16_tab_crlf_with_short_system_names():
    data = (TRIO / "dataset.csv").read_bytes()
    assert data.startswith(b"\xff\xfe")
    header = data[2:].decode("utf-16-le").split("\r\n")[0].split("\t")
    assert header[1:4] == ["responde", "organiza", "stato_1"]


# ---------------------------------------------------------------- what the reader does with the export


def test_answers_are_mapped_by_label_never_by_code():
    survey = read_surveyxact(WORKBOOK, MAPPING)
    frame = survey.frame.set_index("respondent_id")
    reversed_scale = dict(mf.GRAD_REVERSED)
    for person in PERSONS:
        code = person.answers.get("s_2")
        if person.status == 1 or code is None:
            continue
        # s_2 is reversed (1 = Slet ikke) with "Ved ikke" on -1; its labels carry a trailing space and a CR/LF.
        assert frame.loc[str(person.respondent_id), "understoetter_kvalitet"] == " ".join(reversed_scale[code].split())
    assert {-1, 2, 4} <= {p.answers.get("s_2") for p in PERSONS}


def test_the_multiple_choice_question_is_read_through_the_structure_choice_values():
    survey = read_surveyxact(TRIO, MAPPING)
    frame = survey.frame.set_index("respondent_id")
    texts = {k: text for k, _, text in mf.BARRIERE}
    checked = [p for p in PERSONS if p.barriere is not None]
    assert {p.barriere for p in checked} >= {1, 2}  # dummy s_5_1 is choice value 3, s_5_2 value 1
    for person in checked:
        assert frame.loc[str(person.respondent_id), "data_barriere"] == texts[person.barriere]


def test_never_distributed_persons_are_left_out_of_the_invited_count_and_reported():
    survey = read_surveyxact(WORKBOOK, MAPPING)
    never = [p for p in PERSONS if p.status == 1]
    assert len(survey.frame) == len(PERSONS) - len(never) == 24
    note = _one(survey.report, "not_invited")
    assert (note.severity, note.value) == ("info", "3")
    assert "3 person(s) with status 1 (Ny)" in note.message


def test_a_status_table_in_the_mapping_changes_what_a_code_means():
    mapping = load_mapping(MAPPING).model_copy(update={"status": {5: "not_invited"}})
    survey = read_surveyxact(WORKBOOK, mapping)
    rejected = sum(p.status == 5 for p in PERSONS)
    assert len(survey.frame) == 24 - rejected
    assert _one(survey.report, "not_invited").value == str(3 + rejected)


def test_unmapped_variables_are_ignored_and_listed_in_one_note():
    note = _one(validate_surveyxact(WORKBOOK, MAPPING), "unmapped_variables")
    assert note.severity == "info"
    assert note.message.endswith("survey, organization, navn, email, s_9, created, closetime, difftime")


def test_questions_left_out_of_the_mapping_are_absent_not_zero():
    data = load_mapping(MAPPING).model_dump()
    data["questions"] = {"understoetter_kvalitet": "s_2"}
    survey = read_surveyxact(WORKBOOK, mapping_from_dict(data))
    assert survey.closed_questions == ("understoetter_kvalitet",)
    assert _one(survey.report, "absent_question").severity == "info"


# ---------------------------------------------------------------- bad input: file, sheet, row, variable, value


def _bad_workbook(tmp_path, edit) -> Path:
    tables = mf.export_tables()
    edit(tables)
    return mf.write_workbook(tables, tmp_path / "bad.xlsx")


def _set(tables, index: int, variable: str, value) -> None:
    tables.dataset[index][tables.dataset_header.index(variable)] = value


def test_a_mapping_naming_a_variable_the_export_lacks(tmp_path):
    data = load_mapping(MAPPING).model_dump()
    data["questions"]["understoetter_kvalitet"] = "s_99"
    report = validate_surveyxact(WORKBOOK, mapping_from_dict(data))
    problem = _one(report, "missing_variable")
    assert (problem.file, problem.row, problem.column, problem.value) == (f"{WORKBOOK} [Dataset]", None, "s_99", "s_99")
    assert "understoetter_kvalitet" in problem.message


def test_a_code_with_no_label(tmp_path):
    index = _first(lambda p: p.answers.get("s_2") is not None)
    path = _bad_workbook(tmp_path, lambda t: _set(t, index, "s_2", 7))
    problem = _one(validate_surveyxact(path, MAPPING), "unlabelled_code")
    assert (problem.file, problem.row, problem.column, problem.value) == (f"{path} [Dataset]", _row(index), "s_2", "7")
    assert "-1 (Ved ikke)" in problem.expected


def test_a_label_the_questionnaire_scale_does_not_know(tmp_path):
    def edit(tables):
        tables.labels[tables.labels.index(("s_4", 3, "Ved ikke"))] = ("s_4", 3, "Ved ikke rigtigt")

    path = _bad_workbook(tmp_path, edit)
    tables = mf.export_tables()
    label_row = tables.labels.index(("s_4", 3, "Ved ikke")) + 1  # the Labels sheet has no header
    problem = _one(validate_surveyxact(path, MAPPING), "unknown_label")
    assert (problem.severity, problem.file, problem.row, problem.column, problem.value) == (
        "error",
        f"{path} [Labels]",
        label_row,
        "s_4",
        "Ved ikke rigtigt",
    )
    first = _first(lambda p: p.answers.get("s_4") == 3)
    assert f"the first at row {_row(first)}" in problem.message


@pytest.mark.parametrize(("ones", "value"), [((), "0,0,0,0,0"), ((2, 4), "0,1,0,1,0")], ids=["none", "two"])
def test_a_row_whose_status_variables_hold_no_1_or_more_than_one(tmp_path, ones, value):
    index = _first(lambda p: p.status == 4)

    def edit(tables):
        for k in range(1, 6):
            _set(tables, index, f"statoverall_{k}", float(k in ones))

    path = _bad_workbook(tmp_path, edit)
    problem = _one(validate_surveyxact(path, MAPPING), "invalid_status")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        f"{path} [Dataset]",
        _row(index),
        "statoverall_1…statoverall_5",
        value,
    )


def test_duplicate_respondent_ids_name_every_row(tmp_path):
    first, second = _first(lambda p: p.status == 4), _first(lambda p: p.status == 2)

    def edit(tables):
        _set(tables, second, "respondentid", PERSONS[first].respondent_id)

    path = _bad_workbook(tmp_path, edit)
    problems = [p for p in validate_surveyxact(path, MAPPING).problems if p.code == "duplicate_id"]
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        (f"{path} [Dataset]", row, "respondentid", str(PERSONS[first].respondent_id))
        for row in sorted((_row(first), _row(second)))
    ]


@pytest.mark.parametrize("missing", ["Labels", "Structure"])
def test_a_missing_labels_or_structure_sheet(tmp_path, missing):
    sheets = tuple(s for s in ("Labels", "Variables", "Dataset", "Complete", "Structure") if s != missing)
    path = mf.write_workbook(mf.export_tables(), tmp_path / "export.xlsx", sheets=sheets)
    problem = _one(validate_surveyxact(path, MAPPING), "missing_table")
    assert (problem.file, problem.value) == (str(path), missing)


@pytest.mark.parametrize("missing", ["labels", "structure"])
def test_a_missing_labels_or_structure_csv(tmp_path, missing):
    dataset = mf.write_csv_trio(mf.export_tables(), tmp_path / "trio")
    (tmp_path / "trio" / f"{missing}.csv").unlink()
    problem = _one(validate_surveyxact(dataset, MAPPING), "missing_table")
    assert (problem.file, problem.value) == (str(dataset), missing.capitalize())


def test_a_workbook_that_is_not_a_surveyxact_export(tmp_path):
    path = tmp_path / "svar.xlsx"
    tiny_frame().to_excel(path, index=False)
    report = validate_surveyxact(path, MAPPING)
    problem = _one(report, "not_surveyxact")
    assert (problem.file, problem.value) == (str(path), "Sheet1")
    assert "without --mapping" in problem.message
    assert len(report.problems) == 1


def test_more_than_one_ticked_choice_for_a_single_answer_question(tmp_path):
    index = _first(lambda p: p.barriere is not None)
    path = _bad_workbook(tmp_path, lambda t: [_set(t, index, f"s_5_{k}", int(k in (1, 2))) for k in range(1, 7)])
    problem = _one(validate_surveyxact(path, MAPPING), "multiple_choices")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        f"{path} [Dataset]",
        _row(index),
        "s_5",
        "Manglende tid + Manglende adgang til relevante data",
    )


def test_every_problem_is_reported_at_once_and_read_raises_with_the_report(tmp_path):
    code_row = _first(lambda p: p.answers.get("s_1") is not None)
    status_row = _first(lambda p: p.status == 3)

    def edit(tables):
        _set(tables, code_row, "s_1", 8)
        for k in range(1, 6):
            _set(tables, status_row, f"statoverall_{k}", 0.0)
        _set(tables, _first(lambda p: p.status == 2), "respondentid", PERSONS[code_row].respondent_id)
        tables.labels[tables.labels.index(("s_3", 2, "Nej"))] = ("s_3", 2, "Nej tak")

    path = _bad_workbook(tmp_path, edit)
    with pytest.raises(SurveyValidationError) as caught:
        read_surveyxact(path, MAPPING)
    codes = {p.code for p in caught.value.report.errors}
    assert {"unlabelled_code", "invalid_status", "duplicate_id", "unknown_label"} <= codes


def test_a_mapping_with_wrong_keys_names_every_one():
    with pytest.raises(MappingError) as caught:
        mapping_from_dict(
            {"specialty": "speciale", "klynge": "klynge", "questions": {"x": " "}, "status": {"6": "completed"}},
            "map.toml",
        )
    message = str(caught.value)
    assert message.startswith("map.toml: not a valid SurveyXact mapping")
    for key in ("klynge: unknown key", "cluster: required key is missing", "questions", "status"):
        assert key in message


def test_a_bad_mapping_file_is_one_problem_per_fault_each_on_its_own_line(tmp_path):
    bad = tmp_path / "map.toml"
    bad.write_text("questions = 3\n[status]\nfoo = 1\n", encoding="utf-8")
    report = validate_surveyxact(tmp_path / "export.xlsx", bad)
    faults = [p.message for p in report.errors if p.code == "invalid_mapping"]
    assert faults == [
        "not a valid SurveyXact mapping: specialty: required key is missing",
        "not a valid SurveyXact mapping: cluster: required key is missing",
        "not a valid SurveyXact mapping: questions: Input should be a valid dictionary",
        "not a valid SurveyXact mapping: status.foo.[key]: Input should be a valid integer, unable to parse string as "
        "an integer",
        "not a valid SurveyXact mapping: status.foo: 1 is not completed, partial, not_answered or not_invited",
    ]
    assert "\\x0a" not in str(report) and all("\n" not in m for m in faults)


def test_the_mapping_defaults_follow_surveyxact_status_codes():
    assert SurveyXactMapping(specialty="a", cluster="b").status_codes == {
        1: "not_invited",
        2: "not_answered",
        3: "partial",
        4: "completed",
        5: "not_answered",
    }
    with pytest.raises(ValueError, match="mapped only once"):
        SurveyXactMapping(specialty="s_1", cluster="k", questions={"forbedringer": "s_1"})


def test_a_mapping_naming_an_unknown_question_id_or_a_personal_variable():
    data = load_mapping(MAPPING).model_dump()
    data["questions"]["tilfredshed"] = "s_9"
    data["cluster"] = "email"
    report = validate_surveyxact(TRIO, mapping_from_dict(data))
    unknown = _one(report, "unknown_question")
    assert (unknown.file, unknown.column) == ("<mapping>", "tilfredshed")
    personal = _one(report, "personal_data")
    assert (personal.file, personal.column) == (str(TRIO / "dataset.csv"), "email")
    assert not any(email in str(report) for email in EMAILS)


def test_a_background_variable_holding_e_mail_addresses_is_refused_without_repeating_them(tmp_path):
    tables = mf.export_tables()
    tables.dataset_header[tables.dataset_header.index("email")] = "kontakt"
    path = mf.write_workbook(tables, tmp_path / "export.xlsx")
    mapping = load_mapping(MAPPING).model_copy(update={"cluster": "kontakt"})
    report = validate_surveyxact(path, mapping)
    assert _one(report, "personal_data").row == 2
    assert not any(email in json.dumps(report.to_dict(), ensure_ascii=False) for email in EMAILS)


def test_roster_problems_name_the_export_row_and_variable(tmp_path):
    roster = tmp_path / "klynger.csv"
    roster.write_text(
        "specialty;cluster;members\nDermatologi;Derma – Nord;9\nDermatologi;Derma – Syd;6\n"
        "Plastikkirurgi;Plastik – Øst;6\n",
        encoding="utf-8",
    )
    problem = _one(validate_surveyxact(TRIO, MAPPING, roster=roster), "unknown_cluster")
    first = _first(lambda p: p.cluster == "Plastik – Vest" and p.status != 1)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(TRIO / "dataset.csv"),
        _row(first),
        "klynge",
        "Plastik – Vest",
    )


# ---------------------------------------------------------------- the command line


def test_cli_validate_exits_1_with_every_problem_and_no_traceback(tmp_path, capsys):
    index = _first(lambda p: p.answers.get("s_2") is not None)
    path = _bad_workbook(tmp_path, lambda t: _set(t, index, "s_2", 7))
    assert main(["validate", str(path), "--mapping", str(MAPPING)]) == 1
    out = capsys.readouterr()
    assert f"error: {path} [Dataset], row {_row(index)}, column 's_2': the code has no label" in out.out
    assert "Traceback" not in out.out + out.err


def test_cli_a_bad_mapping_file_exits_1_naming_its_keys(tmp_path, capsys):
    bad = tmp_path / "map.toml"
    bad.write_text('specialty = "speciale"\nklynge = "klynge"\n', encoding="utf-8")
    assert main(["stats", str(WORKBOOK), "--mapping", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "klynge: unknown key" in err and "cluster: required key is missing" in err


def test_cli_convert_writes_a_formula_safe_canonical_csv_that_reads_back_to_the_same_figures(
    canonical, tmp_path, capsys
):
    out = tmp_path / "survey.csv"
    assert main(["convert", str(WORKBOOK), "--mapping", str(MAPPING), "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = out.read_text("utf-8")
    assert "'=HYPERLINK" in text and "'- mere tid" in text and "'@alle" in text
    assert not any(email in text for email in EMAILS) and not any(name in text for name in NAMES)
    back = read_survey(out)
    assert_same_frame(share_table(back).to_frame(), share_table(canonical).to_frame())
    assert_same_frame(response_rates(back).to_frame(), response_rates(canonical).to_frame())


def test_cli_convert_with_errors_writes_nothing_and_exits_1(tmp_path, capsys):
    path = mf.write_workbook(mf.export_tables(), tmp_path / "x.xlsx", sheets=("Dataset", "Structure"))
    out = tmp_path / "survey.csv"
    assert main(["convert", str(path), "--mapping", str(MAPPING), "--out", str(out)]) == 1
    assert "missing_table" not in capsys.readouterr().out
    assert not out.exists()


def test_write_canonical_csv_leaves_the_frame_alone():
    frame, _ = surveyxact_to_canonical(WORKBOOK, MAPPING)
    before = frame.copy()
    write_canonical_csv(frame, Path("/dev/null"))
    assert_same_frame(frame, before)


# ---------------------------------------------------------------- nothing personal or free-text leaks


def _assert_no_leak(text: str) -> None:
    for secret in [*EMAILS, *NAMES, *FREE_TEXTS, "lene.holm@derma-klinik.dk"]:
        assert " ".join(secret.split()) not in text, secret
    assert "@klinik" not in text


@pytest.mark.parametrize("export", [WORKBOOK, TRIO])
def test_no_e_mail_name_or_free_text_reaches_the_json(export):
    survey = read_surveyxact(export, MAPPING)
    assert survey.frame["forbedringer_tekst"].notna().any()  # the free text is read, and kept to itself
    for specialty in survey.specialties:
        _assert_no_leak(json.dumps(specialty_summary(survey, specialty).to_dict(), ensure_ascii=False))
    _assert_no_leak(json.dumps(survey.report.to_dict(), ensure_ascii=False))


def test_no_e_mail_name_or_free_text_reaches_the_cli_output(capsys):
    assert main(["stats", str(WORKBOOK), "--mapping", str(MAPPING)]) == 0
    assert main(["stats", str(TRIO), "--mapping", str(MAPPING), "--format", "table"]) == 0
    assert main(["validate", str(TRIO), "--mapping", str(MAPPING), "--format", "json"]) == 0
    out = capsys.readouterr()
    _assert_no_leak(out.out + out.err)


def test_no_e_mail_name_or_free_text_reaches_a_fact_sheet():
    pytest.importorskip("matplotlib")
    from klyngestat import build_release
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.render import to_html

    survey = read_surveyxact(WORKBOOK, MAPPING)
    release = build_release(survey)
    for specialty in survey.specialties:
        _assert_no_leak(to_html(build_factsheet(release, specialty)))


def test_the_survey_keeps_no_personal_column():
    frame, _ = surveyxact_to_canonical(TRIO, MAPPING)
    survey = read_surveyxact(TRIO, MAPPING)
    for columns in (frame.columns, survey.frame.columns):
        assert not {"email", "navn", "s_9"} & set(columns)
    assert dataclasses.replace(survey).source == str(TRIO / "dataset.csv")
