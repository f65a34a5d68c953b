"""No answer lost in reading: Excel formulas and error values, ragged CSV lines, and clear messages for odd files."""

import io
import zipfile

import openpyxl
import pytest

from klyngestat import load_questionnaire, read_survey, validate_file
from tests.conftest import tiny_frame


def _workbook(path, frame=None, *, cells=None, sheets=None):
    """Write ``frame`` (tiny_frame by default) to the first sheet, then set ``cells`` ({"E2": value})."""
    book = openpyxl.Workbook()
    sheet = book.active
    frame = tiny_frame() if frame is None else frame
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    for address, value in (cells or {}).items():
        sheet[address] = value
    for name, rows in (sheets or {}).items():
        extra = book.create_sheet(name)
        for row in rows:
            extra.append(row)
    book.save(path)
    return path


def _codes(report, code):
    return [p for p in report.problems if p.code == code]


def test_formula_cells_without_a_computed_value_are_errors_naming_each_cell(tmp_path):
    # openpyxl, like any script, saves "=1+1" without its value: it used to read as blank, the answer lost.
    path = _workbook(tmp_path / "svar.xlsx", cells={"E2": "=1+1", "F10": '=IF(A1="","Ja","Nej")'})
    report = validate_file(path)
    found = _codes(report, "uncomputed_formula")
    assert [(p.row, p.value, p.severity) for p in found] == [
        (2, "=1+1", "error"),
        (10, '=IF(A1="","Ja","Nej")', "error"),
    ]
    assert "cell E2" in found[0].message and "'Sheet'" in found[0].message
    assert "open and save it in Excel, or export CSV" in found[0].message
    with pytest.raises(Exception, match="cell F10"):
        read_survey(path)


def test_formulas_with_computed_values_read_as_their_values(tmp_path):
    # As Excel saves them: the formula and its cached value (a computed empty text is a value too).
    path = _workbook(tmp_path / "svar.xlsx", cells={"E2": "=1+1", "F2": '=""'})
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<c r="E2"><f>1+1</f><v /></c>', b'<c r="E2"><f>1+1</f><v>2</v></c>')
                body = body.replace(b'<c r="F2"><f>""</f><v /></c>', b'<c r="F2" t="str"><f>""</f><v></v></c>')
            dst.writestr(item, body)
    path.write_bytes(out.getvalue())
    survey = read_survey(path)
    assert survey.frame["understoetter_kvalitet"].iloc[0] == "I høj grad"
    assert survey.report.ok and not _codes(survey.report, "uncomputed_formula")


def test_excel_error_values_are_errors_naming_the_cell(tmp_path):
    # #N/A used to read as "not answered".
    path = _workbook(tmp_path / "svar.xlsx", cells={"E3": "#N/A", "F6": "#DIV/0!", "E11": "#VALUE!"})
    report = validate_file(path)
    found = _codes(report, "error_cell")
    assert [(p.row, p.value) for p in found] == [(3, "#N/A"), (6, "#DIV/0!"), (11, "#VALUE!")]
    assert all(p.severity == "error" for p in found)
    assert "cell E3" in found[0].message and "cell F6" in found[1].message


def _thirty_column_csv(path, lines):
    questions = [q.id for q in load_questionnaire().questions][:26]
    assert len(questions) == 26
    header = ["respondent_id", "specialty", "cluster", "status", *questions]
    full = ["D{}", "Dermatologi", "Derma – Nord", "completed", *(["2"] * 26)]
    rows = [";".join(header)]
    for i, cut in enumerate(lines, start=1):
        fields = [full[0].format(i), *full[1:]]
        rows.append(";".join(fields[:cut] if cut <= 30 else fields + ["1"] * (cut - 30)))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_csv_line_cut_short_is_an_error_naming_the_line_and_its_fields(tmp_path):
    # Line 4 is cut after 10 of 30 fields: its other 20 answers used to be counted as blank.
    path = _thirty_column_csv(tmp_path / "svar.csv", [30, 30, 10, 30])
    report = validate_file(path)
    found = _codes(report, "ragged_row")
    assert [(p.severity, p.row, p.value, p.expected) for p in found] == [
        ("error", 4, "10 fields", "30 fields, as in the header")
    ]
    assert "10 field(s) but the header has 30" in found[0].message


def test_a_csv_line_with_fields_beyond_the_header_is_an_error(tmp_path):
    # The extra fields used to shift the row's first fields into the index: every answer moved one column.
    path = _thirty_column_csv(tmp_path / "svar.csv", [30, 32, 30])
    found = _codes(validate_file(path), "ragged_row")
    assert [(p.row, p.value) for p in found] == [(3, "32 fields")]


def test_trailing_empty_fields_and_quoted_separators_are_not_ragged(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text(
        "respondent_id;specialty;cluster;status;forbedringer_tekst\n"
        '1;A;a1;completed;"Mere tid; færre møder\nog data"\n'
        "2;A;a1;completed;;;\n",
        encoding="utf-8",
    )
    report = validate_file(path)
    assert report.ok and not _codes(report, "ragged_row")


def test_utf16_without_byte_order_mark_says_what_the_file_is(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(tiny_frame().to_csv(index=False, sep="\t").encode("utf-16-le"))
    (problem,) = validate_file(path).problems
    assert problem.code == "unreadable_file"
    assert "UTF-16" in problem.message and "byte-order mark" in problem.message and "CSV UTF-8" in problem.message


def test_a_workbook_named_xls_is_read_as_the_workbook_it_is(tmp_path):
    path = _workbook(tmp_path / "svar.xlsx")
    named_xls = tmp_path / "svar.xls"
    named_xls.write_bytes(path.read_bytes())
    survey = read_survey(named_xls)
    assert len(survey.frame) == len(tiny_frame())


def test_an_old_xls_workbook_says_what_it_is_and_what_to_do(tmp_path):
    path = tmp_path / "svar.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    (problem,) = validate_file(path).problems
    assert problem.code == "unreadable_file"
    assert "Excel 97–2003 workbook (.xls)" in problem.message and "save it" in problem.message


def test_data_on_the_second_sheet_of_a_workbook_is_read_when_the_first_is_empty(tmp_path):
    frame = tiny_frame()
    rows = [list(frame.columns), *[list(r) for r in frame.itertuples(index=False)]]
    book = openpyxl.Workbook()
    book.active.title = "Ark1"
    data = book.create_sheet("Data")
    for row in rows:
        data.append(row)
    book.save(tmp_path / "svar.xlsx")
    survey = read_survey(tmp_path / "svar.xlsx")
    assert len(survey.frame) == len(frame)


def test_several_sheets_with_data_behind_an_empty_first_sheet_are_named(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Ark1"
    for name in ("Data", "Noter"):
        book.create_sheet(name).append(["respondent_id", "specialty"])
    book.save(tmp_path / "svar.xlsx")
    (problem,) = validate_file(tmp_path / "svar.xlsx").problems
    assert problem.severity == "error" and "no rows" not in problem.message
    assert "'Ark1' is empty" in problem.message and "'Data', 'Noter'" in problem.message


def test_a_row_of_only_whitespace_is_one_blank_row_note(tmp_path):
    text = tiny_frame().to_csv(index=False, sep=";").splitlines()
    text.insert(3, "   ;  ; ;\t;  ;")  # cells of spaces
    text.insert(6, "     ")  # a line of spaces
    path = tmp_path / "svar.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = validate_file(path)
    assert report.ok, str(report)
    (note,) = _codes(report, "blank_row")
    assert note.severity == "info" and note.message == "2 empty row(s) left out: row 4, 7"
