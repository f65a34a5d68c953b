"""CSV text encodings: a file of one encoding reads as it is; a file of two names every line of the other one."""

import csv
from functools import cache

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klyngestat import read_survey, validate_file
from klyngestat.data import demo_survey_path
from klyngestat.io.tables import read_table
from tests.conftest import assert_same_frame, tiny_frame

DEMO_LINES = demo_survey_path().read_bytes().decode("utf-8").splitlines(keepends=True)
# Lines (0-based) that cp1252 writes differently from UTF-8: every demo line but the header has Danish letters.
NON_ASCII = [i for i, line in enumerate(DEMO_LINES) if not line.isascii()]


def _mixed(cp1252_lines: set[int]) -> bytes:
    return b"".join(line.encode("cp1252" if i in cp1252_lines else "utf-8") for i, line in enumerate(DEMO_LINES))


def _reported(report, code):
    return {p.row for p in report.problems if p.code == code}


def test_a_cp1252_line_in_a_utf8_file_is_named_and_read_as_cp1252(tmp_path):
    """Issue 13: one such line used to turn the whole file into cp1252, garbling every name, with no word."""
    path = tmp_path / "svar.csv"
    path.write_bytes(_mixed({5, 40}))
    report = validate_file(path)
    assert report.ok
    assert _reported(report, "mixed_encoding") == {6, 41}
    warning = next(p for p in report.problems if p.row == 6)
    assert warning.severity == "warning"
    assert "96 -> '–'" in warning.message and "e6 -> 'æ'" in warning.message
    assert warning.value == DEMO_LINES[5].rstrip("\r\n")
    survey = read_survey(path)
    twin = read_survey(demo_survey_path())
    assert_same_frame(survey.frame, twin.frame)
    assert not any("Ã" in str(c) for c in survey.frame["cluster"].cat.categories)


def test_a_line_neither_utf8_nor_cp1252_is_an_error_naming_it(tmp_path):
    data = bytearray(_mixed(set()))
    start = sum(len(line.encode("utf-8")) for line in DEMO_LINES[:7])
    data[start + 1 : start + 1] = b"\x81"  # undefined in cp1252, and no UTF-8 byte on its own
    path = tmp_path / "svar.csv"
    path.write_bytes(bytes(data))
    report = validate_file(path)
    assert [(p.severity, p.row) for p in report.problems if p.code == "undecodable_line"] == [("error", 8)]
    assert "81" in next(p.message for p in report.problems if p.code == "undecodable_line")
    assert not _reported(report, "mixed_encoding")


def test_a_fully_cp1252_file_reads_as_its_utf8_twin(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes("".join(DEMO_LINES).encode("cp1252"))
    survey = read_survey(path)
    assert not [p for p in survey.report.problems if p.code in ("mixed_encoding", "undecodable_line")]
    assert_same_frame(survey.frame, read_survey(demo_survey_path()).frame)


@cache
def _demo_table() -> pd.DataFrame:
    """The demo file as read (once: every example compares with it; the comparison does not change it)."""
    twin, _ = read_table(demo_survey_path())
    assert twin is not None
    return twin.frame


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(NON_ASCII), min_size=1, max_size=12), st.booleans())
def test_cp1252_lines_in_a_utf8_file_are_reported_exactly(tmp_path_factory, lines, bom):
    """k lines re-encoded as cp1252 (fewer than half): exactly those line numbers are named, the values are kept."""
    path = tmp_path_factory.mktemp("enc") / "svar.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + _mixed(lines))
    raw, problems = read_table(path)
    assert raw is not None
    assert {p.row for p in problems if p.code == "mixed_encoding"} == {i + 1 for i in lines}
    assert all(p.severity == "warning" for p in problems if p.code == "mixed_encoding")
    assert_same_frame(raw.frame, _demo_table())


# Danish text, with no two neighbours that together look like a UTF-8 character (a cp1252 file that happens to
# hold one is read as having a UTF-8 line, and says so).
DANISH = st.text(st.sampled_from(list("abcøæåØÆÅéü ;,'\"-0123456789xyzé")), max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(tiny_frame()) - 1), st.integers(1, 2), DANISH), max_size=10))
def test_a_cp1252_file_reads_the_same_values_as_its_utf8_twin(tmp_path_factory, cells):
    frame = tiny_frame()
    for row, column, value in cells:
        frame.iat[row, column] = value
    folder = tmp_path_factory.mktemp("enc")
    read = {}
    for encoding in ("utf-8", "cp1252"):
        path = folder / f"{encoding}.csv"
        frame.to_csv(path, index=False, sep=";", encoding=encoding, quoting=csv.QUOTE_ALL)
        raw, problems = read_table(path)
        assert raw is not None
        assert not [p for p in problems if p.code in ("mixed_encoding", "undecodable_line")]
        read[encoding] = raw
    assert read["cp1252"].encoding == ("utf-8" if frame.to_csv().isascii() else "cp1252")
    assert_same_frame(read["cp1252"].frame, read["utf-8"].frame)
