"""One Excel reader: cells read alike by every command and either engine, and their problems in the same words."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

import klyngestat.io._workbook as workbook
from klyngestat import validate_file
from klyngestat.io._workbook_checks import RESAVE, _untrusted
from klyngestat.io.surveyxact import validate_surveyxact
from klyngestat.models.mapping import example_mapping_path
from klyngestat.models.problems import Problem
from tests.io.fixtures.surveyxact import make_fixtures as mf

ENGINES = ["calamine", "openpyxl"]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    """Each test once with python-calamine and once with openpyxl."""
    if request.param == "openpyxl":
        monkeypatch.setattr(workbook, "calamine_available", lambda: False)
    return request.param


def _untrusted_problems(report) -> list[Problem]:
    return [p for p in report.problems if p.code in {"uncomputed_formula", "error_cell"}]


def test_the_canonical_and_the_surveyxact_reader_name_a_formula_and_an_error_cell_in_the_same_words(tmp_path, engine):
    # A SurveyXact download whose first sheet is its Dataset: both commands read that sheet of the same file.
    path = mf.write_workbook(mf.export_tables(), tmp_path / "export.xlsx", sheets=("Dataset", "Labels", "Structure"))
    book = openpyxl.load_workbook(path)
    created = get_column_letter(mf.export_tables().dataset_header.index("created") + 1)
    book["Dataset"][f"{created}5"] = "=TODAY()"  # saved by a script: no computed value
    book["Dataset"][f"{created}7"] = "#N/A"
    book.save(path)

    canonical = _untrusted_problems(validate_file(path))
    surveyxact = _untrusted_problems(validate_surveyxact(path, example_mapping_path()))

    formula = Problem(
        "error",
        "uncomputed_formula",
        f"sheet 'Dataset', cell {created}5: a formula without a computed value; {RESAVE}",
        file=str(path),
        row=5,
        value="=TODAY()",
        expected="the value the formula computes",
    )
    error = Problem(
        "error",
        "error_cell",
        f"sheet 'Dataset', cell {created}7: the cell holds an Excel error value, not an answer; "
        "correct the cell (or its formula) in the workbook",
        file=str(path),
        row=7,
        value="#N/A",
        expected="an answer, or an empty cell for no answer",
    )
    assert canonical == surveyxact == [formula, error]  # (a report lists its problems by file and row)


def test_a_formula_in_the_labels_sheet_of_an_export_is_named_too(tmp_path, engine):
    path = mf.write_workbook(mf.export_tables(), tmp_path / "export.xlsx")
    book = openpyxl.load_workbook(path)
    book["Labels"]["C3"] = '=UPPER("ja")'
    book.save(path)
    (problem,) = _untrusted_problems(validate_surveyxact(path, example_mapping_path()))
    assert (problem.code, problem.file, problem.row, problem.value) == (
        "uncomputed_formula",
        str(path),
        3,
        '=UPPER("ja")',
    )
    assert problem.message.startswith("sheet 'Labels', cell C3: ")


def _odd_cells_sheet(path: Path) -> Path:
    """A sheet of the values whose text the two engines used to give differently."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["dato", "tid", "klokken", "tal", "decimal", "mellemrum", "sand"])
    sheet.append(
        [
            datetime.datetime(2025, 1, 2),
            datetime.datetime(2025, 1, 2, 13, 4, 5),
            datetime.time(12, 30),
            3,
            0.25,
            "   ",
            True,
        ]
    )
    sheet.append([datetime.date(2025, 3, 4), None, None, 4.0, None, " a ", None])
    for row in range(4, 9):  # formatted, empty rows after the data: openpyxl lists them, calamine does not
        sheet.cell(row, 1).font = Font(bold=True)
    book.save(path)
    return path


def test_dates_numbers_and_blank_cells_read_as_the_same_text_with_either_engine(tmp_path, engine):
    grid, problems = workbook.read_sheet(_odd_cells_sheet(tmp_path / "svar.xlsx"), None)
    assert problems == []
    assert grid.to_numpy().tolist() == [
        ["dato", "tid", "klokken", "tal", "decimal", "mellemrum", "sand"],
        ["2025-01-02", "2025-01-02 13:04:05", "12:30:00", "3", "0.25", None, "True"],
        ["2025-03-04", None, None, "4", None, " a ", None],
    ]


def test_each_engine_gives_the_same_grid(tmp_path, monkeypatch):
    path = _odd_cells_sheet(tmp_path / "svar.xlsx")
    with_calamine = workbook.read_sheet(path, None)
    monkeypatch.setattr(workbook, "calamine_available", lambda: False)
    with_openpyxl = workbook.read_sheet(path, None)
    assert with_calamine[0].equals(with_openpyxl[0]) and with_calamine[1] == with_openpyxl[1]


def test_a_sheet_that_is_not_there_is_named_with_the_sheets_that_are(tmp_path, engine):
    grid, (problem,) = workbook.read_sheet(_odd_cells_sheet(tmp_path / "svar.xlsx"), "Data")
    assert grid.empty
    assert (problem.code, problem.message, problem.expected) == (
        "unreadable_file",
        "the workbook has no sheet 'Data'",
        "one of its sheets: 'Sheet'",
    )


def test_a_broken_workbook_is_one_problem_for_either_reader(tmp_path, engine):
    path = tmp_path / "svar.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    (canonical,) = validate_file(path).problems
    (surveyxact,) = validate_surveyxact(path, example_mapping_path()).problems
    assert canonical == surveyxact
    assert (canonical.code, canonical.file) == ("unreadable_file", str(path))
    assert canonical.message.startswith("cannot read workbook: ")


def test_cells_without_an_address_are_placed_by_their_order():
    # The r attributes are optional in the file format: a cell then follows the one before it, a row the row before.
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="2"><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>'
        b'<row><c/><c t="s"><v>0</v></c><c><f>A1*2</f></c><c r="F3"><f>B2</f><v>7</v></c><c t="str"><f>""</f><v/></c>'
        b"</row></sheetData></worksheet>"
    )
    found = [(c.address, c.row, c.column, c.formula, c.value) for c in _untrusted(io.BytesIO(xml))]
    assert found == [("B2", 2, 1, False, "#N/A"), ("C3", 3, 2, True, "=A1*2")]
