"""Files as Danish public-sector tools and Excel really write them: encodings, blank rows, SPSS."""

import pandas as pd
import pytest

from klyngestat import group_share, read_survey, share_table, validate_file
from tests.conftest import assert_same_frame, tiny_frame


def _expected(tmp_path):
    path = tmp_path / "reference.csv"
    tiny_frame().to_csv(path, index=False)
    return share_table(read_survey(path)).to_frame()


def test_excel_unicode_text_utf16_tab_crlf(tmp_path):
    path = tmp_path / "svar.txt"
    text = tiny_frame().to_csv(sep="\t", index=False, lineterminator="\r\n")
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert_same_frame(share_table(read_survey(path)).to_frame(), _expected(tmp_path))


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_and_cp1252_with_danish_letters(tmp_path, encoding):
    frame = tiny_frame()
    frame["specialty"] = frame["specialty"].replace({"A": "Øre-næse-hals"})
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\r\n")
    share = group_share(read_survey(path), "understoetter_kvalitet", specialty="Øre-næse-hals")
    assert (share.count, share.base) == (2, 5)


def test_trailing_empty_rows_and_columns_are_left_out_and_reported(tmp_path):
    text = tiny_frame().to_csv(sep=";", index=False).replace("\n", ";;\n")
    text += ";;;;;;;\n;;;;;;;\n"  # Excel pads every row to the same width
    path = tmp_path / "svar.csv"
    path.write_text(text, encoding="utf-8")
    report = validate_file(path)
    assert report.ok
    notes = {p.code: p.message for p in report.problems}
    assert notes["blank_column"] == "2 unnamed, empty column(s) left out"
    assert notes["blank_row"] == "2 empty row(s) left out: row 13, 14"
    assert_same_frame(share_table(read_survey(path)).to_frame(), _expected(tmp_path))


def test_blank_row_in_the_middle_keeps_later_row_numbers_true(tmp_path):
    lines = tiny_frame().to_csv(index=False).splitlines()
    lines.insert(3, ",,,,,")
    lines[6] = lines[6].replace("I nogen grad", "Meget")  # file row 7
    path = tmp_path / "svar.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_file(path)
    assert [(p.code, p.row) for p in report.errors] == [("unknown_answer", 7)]


def test_spss_file_with_value_labels(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = tiny_frame()
    codes = {"I meget høj grad": 1, "I høj grad": 2, "I nogen grad": 3, "Slet ikke": 5, "Ved ikke": 9}
    # SPSS's own codes need not be the questionnaire's: here "Slet ikke" is 4 and "Ved ikke" 8
    spss_codes = {1: 1, 2: 2, 3: 3, 5: 4, 9: 8}
    frame["understoetter_kvalitet"] = [
        None if pd.isna(v) else float(spss_codes[codes[v]]) for v in frame["understoetter_kvalitet"]
    ]
    frame["forbedringer"] = [
        None if pd.isna(v) else {"Ja": 1.0, "Nej": 2.0, "Ved ikke": 3.0}[v] for v in frame["forbedringer"]
    ]
    path = tmp_path / "svar.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        variable_value_labels={
            "understoetter_kvalitet": {
                1: "I meget høj grad",
                2: "I høj grad",
                3: "I nogen grad",
                4: "Slet ikke",
                8: "Ved ikke",
            },
            "forbedringer": {1: "Ja", 2: "Nej", 3: "Ved ikke"},
        },
    )
    assert_same_frame(share_table(read_survey(path)).to_frame(), _expected(tmp_path))


def test_own_status_words_and_decimal_comma_codes(tmp_path):
    frame = tiny_frame()
    frame["status"] = frame["status"].replace({"completed": "Besvaret", "not_answered": "Frafaldet"})
    frame["forbedringer"] = frame["forbedringer"].replace({"Ja": "1,0", "Nej": "2,0"})
    path = tmp_path / "svar.csv"
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    report = validate_file(path)
    assert {p.value for p in report.errors if p.code == "unknown_status"} == {"Besvaret", "Frafaldet"}
    survey = read_survey(path, status_aliases={"besvaret": "completed", "FRAFALDET": "not_answered"})
    assert_same_frame(share_table(survey).to_frame(), _expected(tmp_path))


def test_status_words_on_the_command_line(tmp_path, capsys):
    from klyngestat.cli import main

    frame = tiny_frame()
    frame["status"] = frame["status"].replace({"completed": "Besvaret"})
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False)
    assert main(["validate", str(path)]) == 1
    assert main(["validate", str(path), "--status", "Besvaret=completed"]) == 0
    capsys.readouterr()
