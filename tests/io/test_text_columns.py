"""A column is checked as its cells' text, whatever holds it: a file read by pyarrow, or a DataFrame's column."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat.io._columns import TextColumn, blank_cells, blank_rows
from klyngestat.io._frames import column_from_series, frame_from_table, table_from_frame
from klyngestat.io.tables import read_table
from tests.conftest import assert_same_frame

TEXT = st.text(alphabet=st.sampled_from(list("ab 1\t\xa0æ")), max_size=4)


def _cells(column: TextColumn) -> list[str | None]:
    return [None if code < 0 else str(column.words[code]) for code in column.codes]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.none() | TEXT, min_size=1, max_size=20))
def test_a_columns_cells_are_its_text_in_every_dtype(values):
    for dtype in (object, "str", "category"):
        column = column_from_series(pd.Series(values, dtype=dtype))
        assert _cells(column) == values, dtype
        assert blank_cells(column).tolist() == [v is None or not v.strip() for v in values]


def test_numbers_and_missing_values_are_their_text_or_missing():
    column = column_from_series(pd.Series([7, 1.5, None, np.nan, pd.NA, "x", 7], dtype=object))
    assert _cells(column) == ["7", "1.5", None, None, None, "x", "7"]


def test_a_categoricals_unused_categories_stay_its_words():
    column = column_from_series(pd.Series(pd.Categorical(["b"], categories=["a", "b"])))
    assert column.words.tolist() == ["a", "b"] and column.codes.tolist() == [1]


def test_a_file_read_as_columns_is_the_frame_the_readers_always_gave(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes("respondent_id;specialty;kommentar\n1;Derma;æble\n2;;\n;;\n".encode("cp1252"))
    raw, problems = read_table(path)
    assert raw is not None and not problems
    assert raw.table.names == ("respondent_id", "specialty", "kommentar")
    assert raw.frame["specialty"].tolist()[:1] == ["Derma"] and raw.frame["specialty"].isna().tolist() == [
        False,
        True,
        True,
    ]
    assert_same_frame(frame_from_table(table_from_frame(raw.frame)), raw.frame)
    assert blank_rows(raw.table).tolist() == [False, False, True]
