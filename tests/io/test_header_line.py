"""A plain header line is split without pandas, exactly as pandas' reader splits it; any other goes to pandas."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from klyngestat.io._csv_read import _plain_header, read_header

FIELD = st.text(alphabet=st.sampled_from([*"ab Z9_-.#'æøå–é\u00a0", ";", ",", "\t", '"']), max_size=6)


def _by_pandas(data: bytes, encoding: str, separator: str) -> list[object]:
    """The header as pandas' reader reads it (what read_header always did), an empty field as None."""
    row = pd.read_csv(
        io.BytesIO(data),
        encoding=encoding,
        sep=separator,
        header=None,
        nrows=1,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    ).iloc[0]
    return [None if isinstance(v, float) else v for v in row.tolist()]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(FIELD, min_size=1, max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_the_header_is_read_as_pandas_reads_it(fields, separator, line_end, encoding):
    data = (separator.join(fields) + line_end + "1" + separator + "2" + line_end).encode(encoding)
    try:
        expected = _by_pandas(data, encoding, separator)
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return  # (a line pandas cannot read goes to pandas, which says so)
    assert read_header(data, encoding, separator) == expected
    plain = _plain_header(data, encoding, separator)
    assert plain is None or plain == expected


def test_a_plain_header_needs_no_pandas_and_a_quoted_one_is_left_to_it():
    assert _plain_header(b"respondent_id;specialty;;status\r\nx", "utf-8", ";") == [
        "respondent_id",
        "specialty",
        None,
        "status",
    ]
    assert _plain_header(b'"respondent_id";specialty\n', "utf-8", ";") is None
    assert _plain_header(b"   \nrespondent_id\n", "utf-8", ",") is None  # pandas skips a blank first line
