"""The id and name columns are tidied per distinct value, vectorised; the result is the plain per-cell rule."""

import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat.io._columns import WHITESPACE as _WHITESPACE
from klyngestat.io._columns import map_tokens, names, tidied
from klyngestat.io._frames import _names, column_from_series


def _text(values: pd.Series) -> pd.Series:
    """Each cell tidied, as the checks tidy its column's words: an object column, None for a blank."""
    column = column_from_series(values)
    return pd.Series(np.append(tidied(column)[0], None)[column.codes], dtype=object)


def _text_category(values: pd.Series) -> pd.Series:
    """A column of names as the Survey's frame holds it."""
    return _names(names(column_from_series(values)))


def _map_tokens(values: pd.Series, mapping: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    return map_tokens(column_from_series(values), mapping)


def _by_hand(values: list[object]) -> list[str | None]:
    """The rule written per cell: str, whitespace runs to one space, stripped; blanks and missing are None."""
    out: list[str | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        else:
            out.append(" ".join(str(v).split()) or None)
    return out


def test_the_whitespace_set_is_what_str_split_splits_on():
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == _WHITESPACE


cells = st.one_of(
    st.none(),
    st.integers(-5, 10**12),
    st.text(alphabet=st.sampled_from(list("ab Æø1-") + list(_WHITESPACE)), max_size=8),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, min_size=1, max_size=30))
def test_text_is_the_per_cell_rule_for_every_kind_of_column(values):
    expected = _by_hand(values)
    texts = [v for v in values if not isinstance(v, int)]
    columns = [pd.Series(values, dtype=object)]
    if len(texts) == len(values):
        columns += [pd.Series(values, dtype="str"), pd.Series(values, dtype="category")]
    for column in columns:
        assert _text(column).tolist() == expected, column.dtype
        assert _text(column).dtype == object
        category = _text_category(column)
        assert [None if pd.isna(v) else v for v in category.astype(object)] == expected, column.dtype
        pd.testing.assert_series_equal(category, _text(column).astype("category"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\xa0"]), max_size=4), min_size=1), st.randoms())
def test_a_categorical_in_any_category_order_tidies_as_its_text_does(values, random):
    categories = list(dict.fromkeys(values))
    random.shuffle(categories)
    column = pd.Series(pd.Categorical(values, categories=categories))
    pd.testing.assert_series_equal(_text_category(column), _text(column.astype(object)).astype("category"))


def test_names_that_differ_only_in_spacing_become_one_category():
    column = pd.Series(["Derma – Nord", " Derma –  Nord", "Derma – Syd", None, "  "], dtype="category")
    tidy = _text_category(column)
    assert list(tidy.cat.categories) == ["Derma – Nord", "Derma – Syd"]
    assert tidy.cat.codes.tolist() == [0, 0, 1, -1, -1]


def test_numbers_as_ids_are_their_text():
    assert _text(pd.Series([7, 12, 7])).tolist() == ["7", "12", "7"]
    assert _text(pd.Series([1.5, np.nan])).tolist() == ["1.5", None]


@pytest.mark.parametrize("dtype", ["category", "str", object])
def test_tokens_map_in_the_codes_own_width(dtype):
    column = pd.Series(["Ja", "nej", None, "Måske", "ja"], dtype=dtype)
    codes, bad = _map_tokens(column, {"ja": 0, "nej": 1})
    assert codes.tolist() == [0, 1, -1, -1, 0] and bad.tolist() == [False, False, False, True, False]
