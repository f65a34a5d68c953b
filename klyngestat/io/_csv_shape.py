"""The shape of a CSV file: fields per record, rows cut short or too long, and files that are no CSV at all."""

from __future__ import annotations

import csv
import io

import numpy as np

from klyngestat.io._columns import TextTable, blank_rows
from klyngestat.models.problems import Problem

__all__ = ["field_counts", "not_csv", "ragged_rows"]

_CHUNK = 1 << 22


def not_csv(data: bytes) -> str | None:
    """What the file is, and what to do, when its bytes are plainly not a CSV file; else None."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return (
            "the file is an Excel 97–2003 workbook (.xls), which cannot be read; open it in Excel and save it "
            "as an Excel workbook (.xlsx) or as CSV UTF-8"
        )
    if data.startswith(b"PK\x03\x04"):
        return (
            "the file is a ZIP archive (such as an OpenDocument or Word file), not a CSV file or an Excel "
            "workbook; save the table as an Excel workbook (.xlsx) or as CSV UTF-8"
        )
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[: 1 << 16]
        sample = np.frombuffer(head[: len(head) // 2 * 2], dtype=np.uint8)
        if len(sample) >= 4:
            zero_even = np.mean(sample[0::2] == 0)
            zero_odd = np.mean(sample[1::2] == 0)
            if max(zero_even, zero_odd) > 0.3 and min(zero_even, zero_odd) < 0.05:
                order = "little-endian" if zero_odd > zero_even else "big-endian"
                return (
                    f"the file is UTF-16 text ({order}) without a byte-order mark, so its encoding cannot be "
                    "told for sure; save it as CSV UTF-8, or in Excel as 'Unicode text' (which writes the mark)"
                )
    return None


def field_counts(data: bytes, encoding: str, separator: str) -> np.ndarray | None:
    """Fields of each record, the header included, as pandas' reader splits them; None if that cannot be told.

    A file without quotes is counted on its bytes, a chunk at a time (a
    separator byte is never part of a multi-byte UTF-8 or cp1252 character);
    one with quotes, where a separator or line break may sit inside a field,
    through the csv module.
    """
    if encoding.startswith("utf-16") or b'"' in data or data.count(b"\r") != data.count(b"\r\n"):
        try:
            text = data.decode(encoding).lstrip("\ufeff")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
            return np.fromiter((len(record) for record in reader), dtype=np.int64)
        except (csv.Error, UnicodeDecodeError, ValueError):
            return None
    buffer = np.frombuffer(data, dtype=np.uint8)
    code = ord(separator)
    counts: list[np.ndarray] = []
    pending = 0  # separators in the line that runs on into the next chunk
    for start in range(0, len(buffer), _CHUNK):
        chunk = buffer[start : start + _CHUNK]
        is_separator = (chunk == code).view(np.uint8)
        ends = np.flatnonzero(chunk == 10)
        if not len(ends):
            pending += int(is_separator.sum(dtype=np.int64))
            continue
        # Line starts increase strictly (a line end is one byte), as reduceat needs.
        per_line = np.add.reduceat(is_separator, np.concatenate(([0], ends[:-1] + 1)), dtype=np.int64)
        after = int(is_separator[ends[-1] + 1 :].sum(dtype=np.int64))
        per_line[-1] -= after
        per_line[0] += pending
        pending = after
        counts.append(per_line)
    if not data.endswith(b"\n"):
        counts.append(np.array([pending], dtype=np.int64))
    return np.concatenate(counts) + 1 if counts else None


def ragged_rows(
    table: TextTable, fields: np.ndarray, width: int, source: str, first_row: int
) -> tuple[TextTable, list[Problem]]:
    """Rows with fewer or more fields than the header, as errors; the table cut to the header's width.

    ``fields`` holds the field count of each of the table's rows. A wholly
    blank line is not ragged (it is a blank row); extra fields that are all
    empty (trailing separators) lose nothing and are not reported.
    """
    problems: list[Problem] = []
    short = fields < width
    long = fields > width
    if long.any():
        long &= ~blank_rows(table, columns=range(width, len(table.columns)))
    candidates = np.flatnonzero(short | long)
    if len(candidates):
        blank = blank_rows(table, candidates, range(width))
        for position in candidates[~blank]:
            count = int(fields[position])
            what = (
                "the line ends early (cut off, or a separator is missing); the missing fields would be read as "
                "not answered"
                if count < width
                else "there are fields beyond the last column (a separator too many, or a value that "
                "should have been quoted); its values would be shifted or lost"
            )
            problems.append(
                Problem(
                    "error",
                    "ragged_row",
                    f"the line has {count} field(s) but the header has {width}: {what}; correct the line in the file",
                    file=source,
                    row=int(position + first_row),
                    value=f"{count} fields",
                    expected=f"{width} fields, as in the header",
                )
            )
    return table.select(range(min(width, len(table.columns)))), problems
