"""The suite's quick frame comparison fails where ``pandas.testing.assert_frame_equal`` fails, and only there."""

import pandas as pd
import pytest

from tests.conftest import assert_same_frame, tiny_frame


def _categorical() -> pd.DataFrame:
    return tiny_frame().astype("category")


def _changed() -> list[pd.DataFrame]:
    frames = []
    base = _categorical()
    one_value = base.copy()  # a value that is one of the categories, in another row
    one_value.iat[3, 4] = "Slet ikke"
    frames.append(one_value)
    order = base.copy()  # the same values, the categories in another order
    order["cluster"] = order["cluster"].cat.reorder_categories(["a2", "a1", "b1"])
    frames.append(order)
    unused = base.copy()  # one category more, not used
    unused["status"] = unused["status"].cat.add_categories(["bortfaldet"])
    frames.append(unused)
    ordered = base.copy()
    ordered["specialty"] = ordered["specialty"].cat.as_ordered()
    frames.append(ordered)
    as_object = base.copy()  # the column's values as plain text
    as_object["specialty"] = as_object["specialty"].astype(object)
    frames.append(as_object)
    missing = base.copy()  # a value gone missing
    missing.iat[0, 4] = None
    frames.append(missing)
    index = base.copy()
    index.index = index.index + 1
    frames.append(index)
    columns = base.copy()
    columns.columns = [*columns.columns[:-1], "andet"]
    frames.append(columns)
    plain = tiny_frame()  # a column that is not categorical
    plain.iat[2, 5] = "Ja"
    frames.append(plain)
    return frames


@pytest.mark.parametrize("case", range(9))
def test_a_frame_pandas_calls_different_is_different_here(case):
    changed = _changed()[case]
    base = tiny_frame() if case == 8 else _categorical()
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(changed, base)
    with pytest.raises(AssertionError):
        assert_same_frame(changed, base)


def test_equal_frames_are_equal_for_both():
    pd.testing.assert_frame_equal(_categorical(), _categorical())
    assert_same_frame(_categorical(), _categorical())
    assert_same_frame(tiny_frame(), tiny_frame())
