"""Random corruption of valid files: a Survey or a report, never a traceback; every row accounted for."""

import csv

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngestat import SurveyValidationError, read_survey, validate_file
from tests.conftest import tiny_frame

VALID = tiny_frame().to_csv(index=False, sep=";").encode("cp1252")
N_ROWS = len(tiny_frame())


def _outcome(path):
    report = validate_file(path)
    try:
        survey = read_survey(path)
    except SurveyValidationError as exc:
        assert not exc.report.ok and exc.report.errors
        assert not report.ok
        return None, exc.report
    assert report.ok
    return survey, survey.report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID)), st.sampled_from(["flip", "drop", "insert"]), st.binary(min_size=1, max_size=3)
        ),
        max_size=6,
    ),
    st.integers(0, len(VALID)),
)
def test_byte_level_corruption_never_raises(tmp_path_factory, edits, cut):
    data = bytearray(VALID[: max(cut, 1)] if cut % 5 == 0 else VALID)
    for position, kind, payload in edits:
        position = min(position, len(data))
        if kind == "flip" and position < len(data):
            data[position] ^= payload[0] or 1
        elif kind == "drop":
            del data[position : position + len(payload)]
        else:
            data[position:position] = payload
    path = tmp_path_factory.mktemp("fuzz") / "svar.csv"
    path.write_bytes(bytes(data))
    _outcome(path)


CELL_VALUES = st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["I høj grad", "2", " 9.0 ", "=1+1", "Ja"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, N_ROWS - 1), st.integers(0, 5), CELL_VALUES), max_size=8),
    st.lists(st.integers(0, N_ROWS), max_size=3),
    st.lists(st.integers(0, N_ROWS - 1), max_size=2),
)
def test_cell_level_corruption_accounts_for_every_row(tmp_path_factory, cells, blank_at, duplicated):
    frame = tiny_frame().astype(object)
    for row, column, value in cells:
        frame.iat[row, column] = value
    rows = [list(r) for r in frame.itertuples(index=False)]
    for i in duplicated:
        rows.append(list(rows[i]))
    for i in sorted(blank_at, reverse=True):
        rows.insert(i, [None] * frame.shape[1])
    corrupted = pd.DataFrame(rows, columns=frame.columns)
    path = tmp_path_factory.mktemp("fuzz") / "svar.csv"
    # Quoted, so that a line break typed into a cell stays in its cell (unquoted it would end the row)
    corrupted.to_csv(path, index=False, sep=";", quoting=csv.QUOTE_ALL)
    survey, report = _outcome(path)
    reported_blank = sum(int(p.message.split()[0]) for p in report.problems if p.code == "blank_row")
    if survey is not None:
        assert len(survey.frame) + reported_blank == len(corrupted)
    else:
        assert report.errors and all(p.file == str(path) for p in report.errors)
        assert all(p.row is None or 2 <= p.row <= len(corrupted) + 1 for p in report.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.integers(0, N_ROWS - 1), st.integers(0, 9), max_size=4))
def test_ragged_lines_are_reported_by_line(tmp_path_factory, fields_at):
    """Lines cut short or given extra fields: each named by a ragged_row error, never padded or shifted silently."""
    lines = tiny_frame().to_csv(index=False, sep=";").splitlines()
    width = len(tiny_frame().columns)
    for row, count in fields_at.items():
        fields = lines[row + 1].split(";")
        lines[row + 1] = ";".join(fields[:count] if count <= width else fields + ["x"] * (count - width))
    path = tmp_path_factory.mktemp("fuzz") / "svar.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, report = _outcome(path)
    ragged = {p.row for p in report.problems if p.code == "ragged_row"}
    # A line cut to nothing is a blank row; the id field is never empty, so any other cut line is ragged.
    assert ragged == {row + 2 for row, count in fields_at.items() if count not in (0, width)}


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
XLSX_VALUES = st.one_of(
    st.none(), TEXT, st.sampled_from(["I høj grad", "2", "=1+1", "=A1", '=IF(B2="A";"Ja";"Nej")', *ERROR_VALUES])
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, N_ROWS - 1), st.integers(0, 5), XLSX_VALUES), max_size=8))
def test_formula_and_error_cells_in_a_workbook_are_named(tmp_path_factory, cells):
    """Formulas saved without values and Excel error values: each cell named by an error, never read as blank."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    frame = tiny_frame()
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append(list(values))
    for row, column, value in cells:
        sheet.cell(row + 2, column + 1, value)
    path = tmp_path_factory.mktemp("fuzz") / "svar.xlsx"
    book.save(path)
    expected = {"uncomputed_formula": set(), "error_cell": set()}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                expected["uncomputed_formula"].add(cell.coordinate)
            elif cell.data_type == "e":
                expected["error_cell"].add(cell.coordinate)
    _, report = _outcome(path)
    for code, addresses in expected.items():
        named = {p.message.split("cell ")[1].split(":")[0] for p in report.problems if p.code == code}
        assert named == addresses
        assert all(p.severity == "error" for p in report.problems if p.code == code)
