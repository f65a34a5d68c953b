"""Columns of text cells as codes into their distinct words: what the readers make and the checks read.

A column is each cell's code into the column's distinct words (-1 for a
missing cell) and the words themselves, held by pyarrow when a file was read
(so that a million ids are looked at byte-wise, not one Python string at a
time) or as Python strings when they came from a DataFrame. Nothing here
imports pandas: validating a CSV file needs none of it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from klyngestat.io._arrow import empty, from_ints, mask, texts
from klyngestat.models.questionnaire import normalise_token

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "Names",
    "TextColumn",
    "TextTable",
    "blank_cells",
    "blank_rows",
    "clean",
    "clean_lines",
    "free_text",
    "ids",
    "is_blank",
    "map_tokens",
    "names",
    "tidied",
]

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.split()`` splits on (``str.isspace``), so a vectorised test agrees with it exactly."""
UNTIDY = "[{}]|^ | $|  ".format(re.escape(WHITESPACE.replace(" ", "")))
"""A value that ``" ".join(v.split())`` would change: whitespace other than a single inner space."""
_UNTIDY = re.compile(UNTIDY)


class TextColumn:
    """One column: each cell's code into the column's distinct words, -1 where the cell is missing.

    ``words`` are Python strings; ``arrow``, when the column was read from a
    file, the same words as a pyarrow string array (then the Python strings
    are made only when first asked for). The words are distinct, but for a
    categorical's categories of one text (``1`` and ``"1"``). An empty word
    is a cell that holds the empty text, not a missing one.
    """

    __slots__ = ("_arrow", "_words", "codes")

    def __init__(self, codes: np.ndarray, words: np.ndarray | None = None, *, arrow: pa.Array | None = None) -> None:
        if words is None and arrow is None:
            raise ValueError("a TextColumn needs its words")
        self.codes = codes
        self._words = words
        self._arrow = arrow

    @property
    def arrow(self) -> pa.Array | None:
        """The words as pyarrow text, when the column was read so."""
        return self._arrow

    @property
    def words(self) -> np.ndarray:
        """The distinct words, an object array of str."""
        if self._words is None:
            self._words = texts(self._arrow)
        return self._words

    @property
    def size(self) -> int:
        """How many distinct words."""
        return len(self._words) if self._words is not None else len(self._arrow)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.codes)

    def words_at(self, positions: np.ndarray) -> list[str]:
        """The words at these positions, without making every word a Python string."""
        if self._words is None:
            return list(self._arrow.take(from_ints(positions)).to_pylist())  # type: ignore[union-attr]
        return list(self._words[positions])

    def cell(self, row: int | np.integer) -> str | None:
        """The text of one cell; None when it is missing."""
        code = int(self.codes[row])
        return None if code < 0 else self.words_at(np.array([code]))[0]

    def take(self, rows: np.ndarray) -> TextColumn:
        """The cells at ``rows`` (positions or a mask), with the same words."""
        return TextColumn(self.codes[rows], self._words, arrow=self._arrow)


@dataclass(frozen=True)
class TextTable:
    """A table of text columns: the header's names (as text), the columns, and the number of rows."""

    names: tuple[str, ...]
    columns: tuple[TextColumn, ...]
    rows: int

    def column(self, name: str) -> TextColumn:
        """The (first) column of that name."""
        return self.columns[self.names.index(name)]

    def select(self, positions: Sequence[int]) -> TextTable:
        """The columns at these positions, in that order."""
        return TextTable(tuple(self.names[i] for i in positions), tuple(self.columns[i] for i in positions), self.rows)

    def take(self, rows: np.ndarray) -> TextTable:
        """The rows at ``rows`` (a boolean mask or positions) of every column."""
        count = int(np.count_nonzero(rows)) if rows.dtype == bool else len(rows)
        return TextTable(self.names, tuple(c.take(rows) for c in self.columns), count)


def blank_cells(column: TextColumn, rows: np.ndarray | None = None) -> np.ndarray:
    """True where a cell (of ``rows``, or of all) is blank: missing, empty or only whitespace.

    Each distinct word used is looked at once; a column of a million distinct
    ids asked about a few rows looks at those rows' words only.
    """
    codes = column.codes if rows is None else column.codes[rows]
    size = column.size
    used = np.unique(codes[codes >= 0]) if size > len(codes) // 2 else np.arange(size)
    blank_word = np.zeros(size + 1, dtype=bool)
    blank_word[-1] = True  # code -1: missing
    blank_word[used] = [not word.strip() for word in column.words_at(used)]
    blank: np.ndarray = blank_word[codes]
    return blank


def blank_rows(table: TextTable, rows: np.ndarray | None = None, columns: Sequence[int] | None = None) -> np.ndarray:
    """True for each row (of ``rows``, or of all) whose every cell (of ``columns``, or of all) is blank."""
    positions = np.arange(table.rows) if rows is None else np.asarray(rows)
    blank = np.zeros(len(positions), dtype=bool)
    chosen = range(len(table.columns)) if columns is None else columns
    if not len(chosen):
        return blank
    # Columns with few distinct values first, and a row looked at in a column only while all before were blank:
    # a column of a million distinct ids is then rarely looked at, and only at the few rows left.
    order = sorted(chosen, key=lambda i: table.columns[i].size)
    candidates = np.arange(len(positions))
    for i in order:
        if not len(candidates):
            break
        candidates = candidates[blank_cells(table.columns[i], positions[candidates])]
    blank[candidates] = True
    return blank


def tidied(column: TextColumn) -> tuple[np.ndarray, np.ndarray, bool]:
    """Each word as ``" ".join(word.split())``, None where that is empty; where that is; and whether any changed.

    Only the words a vectorised test finds untidy go through Python: a
    million ids cost a look at their bytes, not a call each.
    """
    arrow = column.arrow
    if arrow is not None and _without_whitespace(arrow):  # (ids, codes: a look at the bytes)
        untidy = np.zeros(column.size, dtype=bool)
    elif arrow is not None:
        import pyarrow.compute as pc  # type: ignore[import-untyped]

        untidy = mask(pc.match_substring_regex(arrow, UNTIDY))
    else:
        untidy = np.fromiter((_UNTIDY.search(w) is not None for w in column.words), dtype=bool, count=column.size)
    words = column.words
    if not untidy.any():
        blank = empty(arrow) if arrow is not None else words == ""
        if not blank.any():
            return words, blank, False  # (the words themselves, for a million ids: not to be changed)
        out = words.copy()
    else:
        out = words.copy()
        out[untidy] = [" ".join(v.split()) for v in out[untidy]]
        blank = out == ""
    out[blank] = None
    return out, blank, bool(untidy.any())


def ids(column: TextColumn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ids as :func:`tidied` gives them (an object array), where they are blank, and where an id is also another's.

    Compared through the codes: the words are distinct, and stay so unless
    tidying changed one, so a million ids cost a count of codes, not a hash of every id.
    """
    distinct, blank_distinct, changed = tidied(column)
    codes = column.codes
    tidy = np.append(distinct, np.array([None], dtype=object))[codes]  # a missing cell's code -1 takes the None
    # each distinct id's group: its own, or, when tidying may have made two ids one, that of the first equal to it
    if changed:
        first: dict[str, int] = {}
        group = np.array([-1 if v is None else first.setdefault(v, len(first)) for v in distinct], dtype=np.int64)
    else:
        group = np.where(blank_distinct, -1, np.arange(len(distinct)))
    groups = np.append(group, -1)[codes]
    named = groups >= 0
    rows_of_group = np.bincount(groups[named], minlength=len(distinct) + 1)
    duplicate = named & (rows_of_group[np.where(named, groups, 0)] > 1)
    return tidy, np.append(blank_distinct, True)[codes], duplicate


@dataclass(frozen=True)
class Names:
    """A column of names (specialties, clusters): each row's code into the sorted names, -1 where it is blank."""

    codes: np.ndarray
    names: tuple[str, ...]


def names(column: TextColumn) -> Names:
    """The column's text tidied as :func:`tidied` does, as codes into the distinct names in sorted order.

    Names that differ only in spacing meet; each distinct word is tidied once.
    """
    tidy = tidied(column)[0]
    distinct = sorted({v for v in tidy if v is not None})
    position = {name: i for i, name in enumerate(distinct)}
    lookup = np.array([-1 if v is None else position[v] for v in tidy] + [-1], dtype=np.int64)
    return Names(lookup[column.codes], tuple(distinct))


def free_text(column: TextColumn) -> tuple[np.ndarray, np.ndarray]:
    """Free-text answers as :func:`clean_lines` gives them (line breaks kept), an object array; and where answered.

    A missing cell is NaN, a cell of only whitespace None (as pandas' own
    per-cell cleaning left them).
    """
    cleaned = [clean_lines(word) or None for word in column.words]
    answered = np.array([text is not None for text in cleaned] + [False], dtype=bool)[column.codes]
    return np.array([*cleaned, np.nan], dtype=object)[column.codes], answered


def map_tokens(column: TextColumn, mapping: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for blank) and a mask of unknown tokens, mapping each distinct word once."""
    tokens = [normalise_token(word) for word in column.words]
    # The blank's code (-1) indexes the lookup's last entry, so one take maps every cell, in the codes' width.
    lookup = np.array([-1 if t == "" else mapping.get(t, -2) for t in tokens] + [-1], dtype=np.int64)
    raw_codes = column.codes
    if np.array_equal(lookup[:-1], np.arange(len(tokens))):  # words in the scale's order: codes are positions
        return raw_codes.copy(), np.zeros(len(raw_codes), dtype=bool)
    narrow = lookup.max() <= np.iinfo(raw_codes.dtype).max  # scale positions fit the codes' own width
    codes = (lookup.astype(raw_codes.dtype) if narrow else lookup)[raw_codes]
    bad = codes == -2
    codes[bad] = -1
    return codes, bad


def _without_whitespace(text: pa.Array) -> bool:
    """Whether text held by pyarrow is all ASCII and holds no whitespace at all."""
    import pyarrow as pa

    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    for chunk in chunks:
        offsets_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        if not len(chunk) or chunk.buffers()[2] is None:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=offsets_type)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        # ASCII whitespace as str.split() knows it: \t \n \v \f \r, \x1c-\x1f and the space; others are not ASCII
        if np.any((data >= 0x80) | ((data >= 0x09) & (data <= 0x0D)) | ((data >= 0x1C) & (data <= 0x20))):
            return False
    return True


def is_blank(value: object) -> bool:
    """None, NaN or pandas' missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    pandas = sys.modules.get("pandas")  # a value can be pandas' NA only once pandas is imported
    return pandas is not None and value is pandas.NA


def clean(value: object) -> str:
    """The value's text with whitespace runs as one space and stripped; "" for a blank."""
    return "" if is_blank(value) else " ".join(str(value).split())


def clean_lines(value: object) -> str:
    """Free text with its line breaks kept as "\\n" (CR LF and CR too); spaces collapsed within each line.

    >>> clean_lines("  Første linje,\\r\\n  anden   linje\\r\\n\\r\\ntredje\\n")
    'Første linje,\\nanden linje\\n\\ntredje'
    """
    if is_blank(value):
        return ""
    return "\n".join(" ".join(line.split()) for line in str(value).splitlines()).strip("\n")
