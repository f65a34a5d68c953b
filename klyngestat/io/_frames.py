"""Between pandas and text columns: a DataFrame's columns as :class:`TextColumn`, and a table as a frame.

A DataFrame's cell is read as its text (``str(value)``), a missing cell
(``None``, NaN, ``pd.NA``) as missing: every check reads a cell through its
text, so a column is checked alike whatever it is held in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from klyngestat.io._checks import CheckedTable
from klyngestat.io._columns import Names, TextColumn, TextTable
from klyngestat.models._statuses import STATUSES
from klyngestat.models.questionnaire import Questionnaire

__all__ = ["column_from_series", "frame_from_table", "survey_frame", "table_from_frame"]


def table_from_frame(frame: pd.DataFrame) -> TextTable:
    """A frame's columns as text columns, named by their labels' text."""
    columns = tuple(column_from_series(frame.iloc[:, i]) for i in range(frame.shape[1]))
    return TextTable(tuple(str(c) for c in frame.columns), columns, len(frame))


def column_from_series(column: pd.Series) -> TextColumn:
    """One column's cells as codes into their distinct texts (a categorical's categories stay, used or not)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _from_categories(column.cat.codes.to_numpy(), column.cat.categories)
    if _arrow_text(column.dtype):  # (pandas' hash table tells a million ids apart quicker than pyarrow's)
        codes, words = pd.factorize(column.array)
        return TextColumn(codes, arrow=_arrow(words))
    values = column.to_numpy(dtype=object)
    missing = pd.isna(values)
    present = values[~missing]
    if pd.api.types.infer_dtype(present, skipna=False) != "string":  # numbers and other objects as their text
        present = np.array([str(v) for v in present], dtype=object)
    codes = np.full(len(values), -1, dtype=np.int64)
    codes[~missing], words = pd.factorize(present)
    return TextColumn(codes, np.asarray(words, dtype=object))


def _from_categories(codes: np.ndarray, categories: pd.Index) -> TextColumn:
    """A categorical's codes and its categories' texts.

    Categories whose texts are one (``1`` and ``"1"``) stay two words: a
    categorical's ids are told apart by category, as they always were.
    """
    if _arrow_text(categories.dtype):
        return TextColumn(codes, arrow=_arrow(categories.array))
    return TextColumn(codes, np.array([str(c) for c in categories], dtype=object))


def _arrow_text(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _arrow(values: object) -> object:
    """pandas' arrow-held text as one pyarrow string array."""
    import pyarrow as pa  # type: ignore[import-untyped]

    text = pa.array(values)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return text.cast(pa.string())


def frame_from_table(table: TextTable) -> pd.DataFrame:
    """The table as the readers' frame: one categorical of the column's words per column."""
    frame = pd.DataFrame(
        {i: _categorical(column) for i, column in enumerate(table.columns)}, index=pd.RangeIndex(table.rows), copy=False
    )
    frame.columns = list(table.names)
    return frame


def _categorical(column: TextColumn) -> pd.Categorical:
    """A column as a categorical of its words, in their order."""
    if not column.size:  # pandas' own reader leaves a column without a value with empty object categories
        categories = pd.Index([], dtype=object)
    elif column.arrow is not None:
        categories = pd.Index(column.arrow.to_pandas())
    else:
        categories = pd.Index(column.words)
    # The words are known to be distinct: pandas' check of that would hash every one (a million ids) and keep a
    # Python string of each for as long as the column lives.
    fastpath = getattr(pd.CategoricalDtype, "_from_fastpath", None)  # private: the public check when it is gone
    dtype = (fastpath or pd.CategoricalDtype)(categories, ordered=False)
    return pd.Categorical.from_codes(column.codes, dtype=dtype, validate=False)


def survey_frame(checked: CheckedTable, questionnaire: Questionnaire) -> pd.DataFrame:
    """The Survey's frame from checked columns: ids as text, names and statuses categorical, answers by question.

    A closed question is an ordered categorical of its scale's labels, a
    free-text question an object column of text (None where not answered).
    """
    assert checked.respondent_id is not None and checked.specialty is not None and checked.cluster is not None
    assert checked.status is not None
    out: dict[str, object] = {
        "respondent_id": pd.Series(checked.respondent_id, dtype=object),
        "specialty": _names(checked.specialty),
        "cluster": _names(checked.cluster),
        "status": pd.Categorical.from_codes(checked.status, categories=pd.Index(STATUSES)),
    }
    for question_id, values in checked.answers.items():
        question = questionnaire.question(question_id)
        if question.kind == "text":
            out[question_id] = pd.Series(values, dtype=object)
            continue
        scale = questionnaire.scales[question.scale]  # type: ignore[index]
        out[question_id] = pd.Categorical.from_codes(values, categories=pd.Index(scale.labels), ordered=True)
    return pd.DataFrame(out, index=pd.RangeIndex(checked.rows), copy=False)  # every column was made here


def _names(names: Names) -> pd.Series:
    """Names as a categorical column; its categories typed as pandas types sorted text."""
    typed = pd.Series(sorted(names.names), dtype=object).astype("category").cat.categories
    categories = (
        typed
        if list(typed) == list(names.names)
        else typed[typed.get_indexer(pd.Index(list(names.names), dtype=object))]
    )
    return pd.Series(pd.Categorical.from_codes(names.codes, categories=categories))
