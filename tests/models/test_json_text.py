"""The release's JSON writer against Python's own json module."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from klyngestat.models._json import json_text

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=8)
)
_KEYS = st.text(max_size=5) | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@given(_DATA, st.integers(0, 3), st.integers(0, 4))
def test_the_text_parses_to_what_json_dumps_gives(data: object, indent: int, levels: int) -> None:
    expected = json.loads(json.dumps(data, ensure_ascii=False))
    assert json.loads(json_text(data, indent=indent, levels=levels)) == expected


@given(_DATA, st.integers(1, 3))
def test_with_every_level_spread_it_is_json_dumps_exactly(data: object, indent: int) -> None:
    assert json_text(data, indent=indent, levels=10**6) == json.dumps(data, indent=indent, ensure_ascii=False)


def test_a_release_is_one_record_a_line() -> None:
    data = {
        "provenance": {"wave": "2025", "options": {"min_n": 5}},
        "records": [{"id": "a", "share": 0.5, "inputs": ["x"]}, {"id": "b", "share": math.inf}],
    }
    assert json_text(data).splitlines() == [
        "{",
        ' "provenance": {',
        '  "wave": "2025",',
        '  "options": {"min_n": 5}',
        " },",
        ' "records": [',
        '  {"id": "a", "share": 0.5, "inputs": ["x"]},',
        '  {"id": "b", "share": Infinity}',
        " ]",
        "}",
    ]


def test_empty_containers_and_non_ascii_text_are_written_as_json_dumps_writes_them() -> None:
    assert json_text({"tom": {}, "liste": [], "klynge": "Ørsted – Nord"}) == (
        '{\n "tom": {},\n "liste": [],\n "klynge": "Ørsted – Nord"\n}'
    )
