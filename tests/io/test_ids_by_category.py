"""respondent_id is checked through its categories' codes; the problems are those of a check cell by cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat import validate_frame
from klyngestat.io._columns import ids, tidied
from klyngestat.io._frames import column_from_series


def _ids(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The ids check of a pandas column, as the checks see it (its cells' text through their codes)."""
    tidy, blank, duplicate = ids(column_from_series(values))
    return pd.Series(tidy, dtype=object), blank, duplicate


def _tidy(values: pd.Series) -> pd.Series:
    """Each cell tidied, as the checks tidy its column's words."""
    column = column_from_series(values)
    return pd.Series(np.append(tidied(column)[0], None)[column.codes], dtype=object)


def _id_problems(ids: list[str | None]) -> set[tuple[str, int, str | None]]:
    frame = pd.DataFrame(
        {"respondent_id": ids, "specialty": "A", "cluster": "a", "status": "completed"}, dtype=object
    ).astype("category")
    report = validate_frame(frame)
    return {(p.code, p.row, p.value) for p in report.problems if p.column == "respondent_id"}


def test_ids_that_differ_only_in_spacing_are_one_id():
    assert _id_problems(["7", " 7", "8", "9  ", "9"]) == {
        ("duplicate_id", 0, "7"),
        ("duplicate_id", 1, "7"),
        ("duplicate_id", 3, "9"),
        ("duplicate_id", 4, "9"),
    }


def test_ids_are_text_so_leading_zeros_tell_them_apart():
    assert _id_problems(["007", "7", "07"]) == set()


def test_a_blank_id_is_blank_and_no_duplicate():
    assert _id_problems(["1", None, "  ", "2", None]) == {
        ("blank_id", 1, None),
        ("blank_id", 2, None),
        ("blank_id", 4, None),
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.text(st.sampled_from(list("12 \t\xa0a")), max_size=4), max_size=12))
def test_ids_by_category_are_ids_cell_by_cell(values):
    """The categorical way agrees with the object column's: the same text, blanks and repeats."""
    by_category = _ids(pd.Series(values, dtype=object).astype("category"))
    by_cell = _ids(pd.Series(values, dtype=object))
    pd.testing.assert_series_equal(by_category[0], by_cell[0])
    assert by_category[1].tolist() == by_cell[1].tolist()
    assert by_category[2].tolist() == by_cell[2].tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.text(st.sampled_from(list("a1 \t\n\x0b\x1c\x1f\x85\xa0\u2003\u3000é")), max_size=5)))
def test_text_is_tidied_as_split_and_joined_whatever_it_is_held_in(values):
    """Text held by pyarrow is looked at byte-wise first; the tidy text is the same as for any other column."""
    expected = [None if v is None or not v.split() else " ".join(v.split()) for v in values]
    for dtype in ("str", object):
        assert _tidy(pd.Series(values, dtype=dtype)).tolist() == expected
