"""Free text from a SurveyXact export: only from open-text variables, and with its line breaks kept.

Every export is written into ``tmp_path`` from the fixture's tables (``fixtures/surveyxact/make_fixtures.py``),
in both forms; the mapping is the bundled example, edited and written as a TOML file so that problems can
name it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import klyngestat.io._workbook as workbook
from klyngestat import Problem, load_mapping, read_surveyxact
from klyngestat.cli import main
from klyngestat.io.surveyxact import surveyxact_to_canonical, validate_surveyxact
from klyngestat.models.mapping import example_mapping_path
from klyngestat.release.free_text import free_text_table, write_free_text
from tests.io.fixtures.surveyxact import make_fixtures as mf

PERSONS = mf.people()
# Answers as a respondent types them: Windows and Unix line ends, a lone CR (old Mac), a blank line between
# paragraphs, and spaces around the lines.
MULTI_LINE = {
    "windows": ("Første punkt,\r\nandet punkt.", "Første punkt,\nandet punkt."),
    "unix": ("Linje et\nlinje to\nlinje tre", "Linje et\nlinje to\nlinje tre"),
    "paragraphs": ("  Afsnit et.  \r\n\r\n  Afsnit   to.\r\n", "Afsnit et.\n\nAfsnit to."),
    "cr": ("Gammel Mac\rlinje to", "Gammel Mac\nlinje to"),
}


def _one(report, code: str) -> Problem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, f"{code}: {found}\n{report}"
    return found[0]


def _mapping(tmp_path: Path, **questions: str | None) -> Path:
    """The example mapping with some [questions] lines changed (None leaves one out), as a TOML file."""
    mapping = load_mapping(example_mapping_path())
    lines = [f'specialty = "{mapping.specialty}"', f'cluster = "{mapping.cluster}"', "", "[questions]"]
    for question, variable in {**mapping.questions, **questions}.items():
        if variable is not None:
            lines.append(f'{question} = "{variable}"')
    path = tmp_path / "kortlaegning.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _export(tmp_path: Path, form: str, tables: mf.ExportTables | None = None) -> Path:
    tables = tables or mf.export_tables(short_names=form != "workbook")
    if form == "workbook":
        return mf.write_workbook(tables, tmp_path / "dataset_1234567_20260301_1.xlsx")
    if form == "csv-international":
        return mf.write_csv_trio(tables, tmp_path / "trio")
    return mf.write_csv_trio(tables, tmp_path / "eu", encoding="utf-8-sig", separator=";")


FORMS = ["workbook", "csv-international", "csv-eu"]

# ---------------------------------------------------------------- a free-text question takes an open variable


@pytest.mark.parametrize("form", FORMS)
def test_a_closed_variable_mapped_to_a_free_text_question_is_a_kind_mismatch(tmp_path, form):
    mapping = _mapping(tmp_path, forbedringer=None, forbedringer_tekst="s_6")
    report = validate_surveyxact(_export(tmp_path, form), mapping)
    problem = _one(report, "kind_mismatch")
    assert (problem.severity, problem.file, problem.row, problem.column) == ("error", str(mapping), None, "s_6")
    assert "free-text question forbedringer_tekst to s_6, a closed variable" in problem.message
    assert "questionType 'Closed'" in problem.message
    assert problem.expected.startswith("an open-text variable (questionType Open) for forbedringer_tekst")
    assert not report.ok


def test_a_variable_with_value_labels_and_no_structure_row_is_closed_for_a_free_text_question(tmp_path):
    tables = mf.export_tables()
    tables.structure[:] = [row for row in tables.structure if row[1] != "s_6"]
    mapping = _mapping(tmp_path, forbedringer=None, kommentarer="s_6")
    problem = _one(validate_surveyxact(_export(tmp_path, "workbook", tables), mapping), "kind_mismatch")
    assert (problem.file, problem.column) == (str(mapping), "s_6")
    assert "value labels in its Labels table" in problem.message


def test_a_multiple_choice_question_mapped_to_a_free_text_question_is_a_kind_mismatch(tmp_path):
    mapping = _mapping(tmp_path, data_barriere=None, kommentarer="s_5")
    report = validate_surveyxact(_export(tmp_path, "csv-international"), mapping)
    problem = _one(report, "kind_mismatch")
    assert (problem.file, problem.column) == (str(mapping), "s_5")
    assert "free-text question kommentarer to s_5, a multiple-choice question" in problem.message
    assert "s_5_1" not in _one(report, "unmapped_variables").message


@pytest.mark.parametrize("form", FORMS)
def test_an_open_variable_mapped_to_a_closed_question_is_a_kind_mismatch_naming_the_mapping(tmp_path, form):
    mapping = _mapping(tmp_path, forbedringer="s_9")
    problem = _one(validate_surveyxact(_export(tmp_path, form), mapping), "kind_mismatch")
    assert (problem.severity, problem.file, problem.row, problem.column) == ("error", str(mapping), None, "s_9")
    assert "closed question forbedringer to s_9, an open-text variable" in problem.message
    assert problem.expected.startswith("a closed (single-choice) variable or a multiple-choice question name")


# ---------------------------------------------------------------- line breaks kept


def _with_multi_line_answers() -> tuple[mf.ExportTables, dict[str, str], dict[str, str]]:
    """The fixture's tables with the MULTI_LINE answers as s_8 of four completed respondents."""
    tables = mf.export_tables()
    completed = [i for i, p in enumerate(PERSONS) if p.status == 4][: len(MULTI_LINE)]
    column = tables.dataset_header.index("s_8")
    raw, expected = {}, {}
    for index, (typed, kept) in zip(completed, MULTI_LINE.values(), strict=True):
        tables.dataset[index][column] = typed
        respondent = str(PERSONS[index].respondent_id)
        raw[respondent], expected[respondent] = typed, kept
    return tables, raw, expected


@pytest.mark.parametrize("form", [*FORMS, "workbook-openpyxl"])
def test_free_text_keeps_its_line_breaks_in_the_survey_and_the_canonical_frame(tmp_path, form, monkeypatch):
    if form == "workbook-openpyxl":
        monkeypatch.setattr(workbook, "calamine_available", lambda: False)
    tables, _, expected = _with_multi_line_answers()
    export = _export(tmp_path, form.removesuffix("-openpyxl"), tables)
    mapping = example_mapping_path()
    texts = read_surveyxact(export, mapping).frame.set_index("respondent_id")["kommentarer"]
    frame, _ = surveyxact_to_canonical(export, mapping)
    canonical = frame.set_index("respondent_id")["kommentarer"]
    for respondent, kept in expected.items():
        assert texts[respondent] == kept
        assert canonical[respondent] == kept
    # the fixture's own two-line answer too
    two_lines = "Bedre kodning af diagnoser,\nså vi kan bruge vores egne data."
    assert two_lines in set(read_surveyxact(export, mapping).frame["forbedringer_tekst"].dropna())


@pytest.mark.parametrize("form", FORMS)
def test_convert_writes_each_line_break_inside_its_quoted_cell(tmp_path, form, capsys):
    tables, _, expected = _with_multi_line_answers()
    export = _export(tmp_path, form, tables)
    out = tmp_path / "svar.csv"
    assert main(["convert", str(export), "--mapping", str(example_mapping_path()), "--out", str(out)]) == 0
    capsys.readouterr()
    text = out.read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    written = {row["respondent_id"]: row["kommentarer"] for row in rows}
    for respondent, kept in expected.items():
        assert written[respondent] == kept
    assert len(rows) == 24  # no answer split into extra rows
    assert text.startswith("respondent_id,") and text.split("\n", 1)[0].endswith("\r")  # records end in CR LF


def test_the_free_text_export_keeps_the_line_breaks(tmp_path):
    tables, _, expected = _with_multi_line_answers()
    survey = read_surveyxact(_export(tmp_path, "csv-international", tables), example_mapping_path())
    table = free_text_table(survey, "kommentarer", min_n=1)
    assert set(expected.values()) <= set(table["answer"])
    path = write_free_text(table, tmp_path / "fritekst.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == len(table)
    assert set(expected.values()) <= {row["answer"] for row in rows}
    assert pd.Series([row["answer"] for row in rows]).str.contains("\n").sum() == len(expected)
