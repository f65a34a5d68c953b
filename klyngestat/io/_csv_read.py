"""A CSV file's records as text columns: read column-wise when every record has the header's fields, else by rows.

A well-formed file (the common case) is read by pyarrow's multi-threaded
columnar reader straight into dictionary-encoded columns, so that each
distinct value is decoded and compared once. A file whose records do not all
have the header's fields (or that pyarrow cannot read for any other reason)
is read by pandas' row reader, which keeps every record however long or short,
so that each ragged line can be reported with its number. Both give the same
frame for a file both can read: every cell text (``"01"`` stays ``"01"``,
``"NA"`` stays ``"NA"``), only an empty field missing.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from klyngestat.io._arrow import from_mask, from_texts, ints, mask
from klyngestat.io._columns import TextColumn, TextTable
from klyngestat.io._csv_shape import field_counts, ragged_rows
from klyngestat.models.problems import Problem

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa  # type: ignore[import-untyped]
    from _typeshed import WriteableBuffer

__all__ = ["columnar_readable", "read_columns", "read_header", "read_rows"]

_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "cp1252"})
_END_OF_FILE = "\x00klyngestat: end of file\x00"
_BLOCK_SIZE = 1 << 20
"""Bytes pyarrow parses at a time, a block a core (its default)."""
_ROWS_A_CHUNK = 1 << 16
"""Records pandas' row reader reads at a time: a chunk's text is held only while its columns are encoded."""
_PLAIN_LINE = re.compile(r'[^"\x00-\x08\x0a-\x1f\x7f]+')
"""A header line that every CSV reader splits alike: no quote, no control character (a tab may separate)."""


def read_header(data: bytes, encoding: str, separator: str) -> list[object]:
    """The header's fields, read on their own so that repeated names survive (pandas would rename them ".1").

    An empty field is None. A plain first line (:data:`_PLAIN_LINE`) is split
    here; any other is read by pandas' reader, whose reading of it this is.
    """
    plain = _plain_header(data, encoding, separator)
    if plain is not None:
        return plain
    import pandas as pd

    header: list[object] = (
        pd.read_csv(
            io.BytesIO(data),
            encoding=encoding,
            sep=separator,
            header=None,
            nrows=1,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            engine=_engine(data),
        )
        .iloc[0]
        .tolist()
    )
    return [None if isinstance(name, float) else name for name in header]  # an empty field is read as NaN


def _engine(data: bytes) -> Literal["c", "python"]:
    """pandas' C reader, unless the file holds a NUL byte: before pandas 3.1 that reader ends a field at a NUL.

    (pandas-dev/pandas#19886: ``"x\\x00y"`` was read as ``"x"``, and a field starting with NUL as missing.) The
    Python reader keeps every character; only a file with a NUL pays for its slowness.
    """
    return "python" if b"\x00" in data else "c"


def _plain_header(data: bytes, encoding: str, separator: str) -> list[object] | None:
    """The first line's fields when it is plain text in a single-byte-separated encoding; else None."""
    if encoding not in _ENCODINGS:
        return None
    end = len(data)
    for line_end in (b"\n", b"\r"):
        found = data.find(line_end, 0, end)
        end = found if found >= 0 else end
    try:
        line = data[:end].decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        return None
    if not line.strip() or _PLAIN_LINE.fullmatch(line) is None:
        return None
    return [field or None for field in line.split(separator)]


def columnar_readable(data: bytes, encoding: str, header: list[object]) -> bool:
    """Whether the file's header is simply its first line, as :func:`read_columns` takes it to be.

    Not when the first line is blank (pandas' header reading skips it) or a
    column name holds a quoted line break: :func:`read_rows` reads those as
    it always has.
    """
    first_line = data[: data.find(b"\n")].decode(encoding, errors="replace").lstrip("\ufeff").split("\r")[0]
    return bool(first_line.strip()) and not any(isinstance(n, str) and ("\n" in n or "\r" in n) for n in header)


def read_columns(source: bytes | Path, encoding: str, separator: str, width: int, *, quoted: bool) -> TextTable | None:
    """The records after the header line as text columns numbered from 0; None unless each has ``width`` fields.

    ``source`` is the file's bytes, or the file itself, which pyarrow then
    reads a block at a time. ``quoted`` says whether the file has a quote
    character anywhere (only a quoted field can hold a line break). pyarrow
    parses the blocks on every core into dictionary-encoded columns, never
    the text as strings; then, a column at a time, its blocks' words are
    merged and sorted once, each cell takes one narrow code through them (a
    byte for a closed question), and the column is let go.
    """
    import pyarrow as pa
    import pyarrow.csv as pv  # type: ignore[import-untyped]

    if encoding == "utf-16":  # decoded here, once, for pyarrow to read as UTF-8
        source = (source if isinstance(source, bytes) else source.read_bytes()).decode("utf-16").encode("utf-8")
        encoding = "utf-8"
    if encoding not in _ENCODINGS:
        return None
    # A cp1252 file is split as it is, as bytes: its separators, quotes and line ends are ASCII, which no other
    # character's byte is, so only the distinct values need decoding, each once. UTF-8 is pyarrow's own (a BOM is
    # part of the header line it skips).
    as_bytes = encoding == "cp1252"
    # pandas' reader calls a file that ends inside a quoted field unreadable; pyarrow's reads the rest of the file as
    # the field. A record read after the file's last tells them apart: it is a record of its own, and the last,
    # only when the file ended as it should.
    end_line = separator.join([_END_OF_FILE] * width)
    try:
        options = _reader_options(separator, width, quoted=quoted, as_bytes=as_bytes)
        with _FileThenLine(source, end_line) if quoted else contextlib.nullcontext(_whole(source)) as stream:
            table = pv.read_csv(stream, **options)
    except (pa.ArrowException, ValueError):  # a ragged record, or anything else pandas' reader is left to report
        pa.default_memory_pool().release_unused()  # what the blocks read so far took, back for the row reader
        return None
    rows = table.num_rows - quoted  # (the record read after the file's last is no row of it)
    columns: list[TextColumn] = []
    for _ in range(width):  # each column converted and let go in turn
        blocks = _blocks(table.column(0))
        table = table.remove_column(0)
        if quoted:
            last = _without_end_line(blocks[-1] if blocks else None, _END_OF_FILE, as_bytes)
            if last is None:
                return None
            blocks[-1] = last
        columns.append(_text_column(blocks, rows, encoding if as_bytes else None))
    pa.default_memory_pool().release_unused()  # what the table took goes back, not kept for arrays to come
    return TextTable(tuple(str(i) for i in range(width)), tuple(columns), rows)


def _reader_options(separator: str, width: int, *, quoted: bool, as_bytes: bool) -> dict[str, object]:
    """pyarrow's reading options: columns named by number, every field a dictionary-encoded word, none null."""
    import pyarrow as pa
    import pyarrow.csv as pv

    names = [str(i) for i in range(width)]
    return {
        "read_options": pv.ReadOptions(encoding="utf8", column_names=names, skip_rows=1, block_size=_BLOCK_SIZE),
        "parse_options": pv.ParseOptions(
            delimiter=separator,
            # Without quotes no field holds a line break, and the reader may split the file at any line end.
            newlines_in_values=quoted,
            # A blank line is a record of one empty field, ragged in a file of more columns, as in pandas.
            ignore_empty_lines=False,
        ),
        "convert_options": pv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.dictionary(pa.int32(), pa.binary() if as_bytes else pa.string())),
            # An empty field is read as the empty word, which the columns' codes make missing: every cell then
            # has a code, and the codes are read as they lie, without a pass over a null mask.
            strings_can_be_null=False,
        ),
    }


def _without_end_line(last: _Block | None, end_of_file: str, as_bytes: bool) -> _Block | None:
    """A column's last block without the record read after the file's last; None when that is not its last cell.

    The record's word is the last the block met (a block's words are in the
    order they first occur), and no other cell may have it.
    """
    if last is None or not len(last.codes):
        return None
    words, codes = last.words, last.codes
    size = len(words)
    end = end_of_file.encode("ascii") if as_bytes else end_of_file
    if not size or codes[-1] != size - 1 or words[size - 1].as_py() != end or np.any(codes[:-1] == size - 1):
        return None
    return _Block(words.slice(0, size - 1), codes[:-1])


def _whole(source: bytes | Path) -> object:
    import pyarrow as pa

    return pa.py_buffer(source) if isinstance(source, bytes) else str(source)


class _FileThenLine(io.RawIOBase):
    """A file's bytes, then one line more (after a line break, unless the file ends with one)."""

    def __init__(self, source: bytes | Path, line: str) -> None:
        super().__init__()
        self._file: io.BufferedIOBase = io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")
        self._line = line.encode("ascii")
        self._rest: bytes | None = None
        self._last = b"\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._rest is None:
            count: int = self._file.readinto(view)
            if count:
                self._last = bytes(view[count - 1 : count])
                return count
            self._rest = (b"" if self._last in (b"\n", b"\r") else b"\n") + self._line
        count = min(len(view), len(self._rest))
        view[:count] = self._rest[:count]
        self._rest = self._rest[count:]
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def read_rows(
    data: bytes, encoding: str, separator: str, header: list[object], source: str
) -> tuple[TextTable, list[Problem]]:
    """Every record by pandas' row reader, cut to the header's width, with each ragged record as an error.

    The records are read as text a chunk at a time, each chunk's columns kept
    as the columnar reader keeps a block's, so that they make the same table.
    """
    import pandas as pd

    fields = field_counts(data, encoding, separator)
    # Room for the longest line, so that a line with extra fields is reported, not shifted into an index.
    width = max(len(header), int(fields.max()) if fields is not None and len(fields) else 0)
    blocks: list[list[_Block]] = [[] for _ in range(width)]
    rows = 0
    with pd.read_csv(
        io.BytesIO(data),
        encoding=encoding,
        sep=separator,
        header=None,
        names=range(width),
        index_col=False,
        dtype=object,  # text as it stands: not "category", whose categories pandas turns into numbers ("01" -> 1)
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
        chunksize=_ROWS_A_CHUNK,
        engine=_engine(data),
    ) as chunks:
        for number, chunk in enumerate(chunks):
            # The header's line is read and dropped, not skipped: with lines ending in a lone CR, pandas' skipping
            # of it also takes the separator that starts the next line.
            records = chunk.iloc[1:] if number == 0 else chunk
            for i in range(width):
                blocks[i].append(_text_block(records.iloc[:, i]))
            rows += len(records)
    table = TextTable(
        tuple(str(i) for i in range(width)), tuple(_text_column(blocks[i], rows, None) for i in range(width)), rows
    )
    problems: list[Problem] = []
    if fields is not None and len(fields) == rows + 1:
        table, problems = ragged_rows(table, fields[1:], len(header), source, 2)
    return table.select(range(min(len(header), len(table.columns)))), problems


def _text_block(values: pd.Series) -> _Block:
    """A column of text cells (missing as NaN or None, read as the empty word) as a block."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        text = pa.array(values.array).cast(pa.string())  # pandas' own arrow text, as it is
    else:
        text = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    encoded = pc.dictionary_encode(pc.fill_null(text, ""))
    return _Block(encoded.dictionary, encoded.indices.to_numpy().astype(_codes_dtype(len(encoded.dictionary))))


@dataclass(frozen=True)
class _Block:
    """One block of a column: its distinct words, and each cell's position among them (the empty word: missing)."""

    words: pa.Array
    codes: np.ndarray


def _blocks(column: pa.ChunkedArray) -> list[_Block]:
    """A dictionary-encoded column's blocks, each with its own words; the codes as they lie in arrow's memory."""
    import pyarrow as pa
    import pyarrow.compute as pc

    blocks = []
    for chunk in column.chunks:
        if not len(chunk):
            continue
        words, indices = chunk.dictionary, chunk.indices
        if indices.null_count:  # (not from the reader: it reads no field as null) a missing cell as the empty word
            words = pa.concat_arrays([words, pa.array([""], words.type)])
            indices = pc.fill_null(indices, len(chunk.dictionary))
        codes = np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4)
        blocks.append(_Block(words, codes))
    return blocks


def _text_column(blocks: list[_Block], rows: int, encoding: str | None) -> TextColumn:
    """The blocks of a column as one column: the words decoded and sorted once, each cell one lookup.

    ``encoding`` is that of words read as bytes; None for words read as
    text. Words are told apart by sorting, not hashing: sorted, a word is new
    where it differs from the one before, and its code is the count of new
    words before it. The empty word, first in order, is a missing cell: -1.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    words = pa.concat_arrays([block.words for block in blocks]) if blocks else from_texts([])
    if encoding is not None:
        words = _decoded(words, encoding)
    sort_indices = pc.array_sort_indices(words)
    order = ints(sort_indices)
    in_order = words.take(sort_indices)
    new = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        new[1:] = mask(pc.not_equal(in_order.slice(1), in_order.slice(0, len(order) - 1)))
    empty = bool(len(order)) and in_order[0].as_py() == ""
    distinct = int(new.sum()) - empty
    dtype = _codes_dtype(distinct)
    position = np.empty(len(order), dtype=dtype)
    position[order] = np.cumsum(new, dtype=np.int64) - 1 - empty  # each word's place among the distinct words
    codes = np.empty(rows, dtype=dtype)
    start = offset = 0
    for block in blocks:
        size = len(block.words)
        np.take(position[offset : offset + size], block.codes, out=codes[start : start + len(block.codes)])
        offset += size
        start += len(block.codes)
    if empty:
        new[0] = False
    return TextColumn(codes, arrow=in_order.filter(from_mask(new)).cast(pa.string()))


def _decoded(words: pa.Array, encoding: str) -> pa.Array:
    """Distinct words read as bytes, as text: all ASCII (ids, codes) at once, else each word through the codec."""
    import pyarrow as pa

    if len(words):
        offsets = np.frombuffer(words.buffers()[1], dtype=np.int32)[words.offset : words.offset + len(words) + 1]
        values = np.frombuffer(words.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        if np.any(values >= 0x80):
            return from_texts([word.decode(encoding) for word in words.to_pylist()])
    return words.cast(pa.string())  # ASCII is the same bytes in UTF-8


def _codes_dtype(categories: int) -> type[np.signedinteger]:
    """The narrowest codes pandas itself gives a categorical of this many categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(dtype).max:
            return dtype
    return np.int64
