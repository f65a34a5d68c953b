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
