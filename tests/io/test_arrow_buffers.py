"""Arrays moved between numpy and pyarrow through their buffers agree with pyarrow's own conversions."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat.io._arrow import empty, from_ints, from_mask, from_texts, ints, mask, texts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.booleans(), max_size=40), st.integers(0, 20), st.integers(0, 20))
def test_a_mask_goes_both_ways_sliced_anywhere(values, start, length):
    array = from_mask(np.array(values, dtype=bool))
    assert array.to_pylist() == values
    piece = array.slice(min(start, len(values)), length)
    assert mask(piece).tolist() == piece.to_pylist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-(2**40), 2**40), max_size=30), st.integers(0, 10))
def test_integers_go_both_ways_sliced_anywhere(values, start):
    array = from_ints(np.array(values, dtype=np.int64))
    assert array.to_pylist() == values
    piece = array.slice(min(start, len(values)))
    assert ints(piece).tolist() == piece.to_pylist()
    narrow = pa.array([v % 100 for v in values], type=pa.int8()).slice(min(start, len(values)))
    assert ints(narrow).tolist() == narrow.to_pylist() and ints(narrow).dtype == np.int8


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=6), max_size=20), st.integers(0, 10))
def test_text_goes_both_ways_sliced_anywhere(values, start):
    array = from_texts(values)
    assert array.type == pa.string() and array.to_pylist() == values
    piece = array.slice(min(start, len(values)))
    assert texts(piece).tolist() == piece.to_pylist()
    assert texts(piece).dtype == object


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab ", max_size=3), max_size=20), st.integers(0, 10))
def test_empty_texts_are_told_by_their_offsets(values, start):
    piece = from_texts(values).slice(min(start, len(values)))
    assert empty(piece).tolist() == [v == "" for v in piece.to_pylist()]
