"""Read a table from CSV (encoding and separator sniffed) or Excel, as text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from klyngestat.io._columns import TextTable
from klyngestat.io._csv_read import columnar_readable, read_columns, read_header, read_rows
from klyngestat.io._csv_shape import not_csv
from klyngestat.io._encoding import decode_lines, encoding_problems, sniff_encoding
from klyngestat.io._workbook import is_xlsx
from klyngestat.models.problems import Problem
from klyngestat.models.questionnaire import Questionnaire

if TYPE_CHECKING:
    import pandas as pd

    from klyngestat.io._spss import SpssCodes

__all__ = ["RawTable", "read_table", "sniff_csv"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class RawTable:
    """A table read as text, with where it came from.

    The cells are held as a :class:`~klyngestat.io._columns.TextTable` of
    text columns (``table``) and seen by pandas as a frame (``frame``: every
    cell text, a ``pd.CategoricalDtype`` of strings, blank cells missing);
    each is made from the other when first asked for, so that a CSV file read
    to be validated never becomes a DataFrame. ``first_row`` is the file row
    of the first record, counting the header as row 1, as a spreadsheet shows it.
    """

    __slots__ = ("_frame", "_table", "encoding", "first_row", "separator", "source")

    def __init__(
        self,
        frame: pd.DataFrame | None,
        source: str,
        first_row: int = 2,
        encoding: str | None = None,
        separator: str | None = None,
        *,
        table: TextTable | None = None,
    ) -> None:
        if frame is None and table is None:
            raise ValueError("a RawTable needs its frame or its table")
        self._frame = frame
        self._table = table
        self.source = source
        self.first_row = first_row
        self.encoding = encoding
        self.separator = separator

    @property
    def frame(self) -> pd.DataFrame:
        """The cells as a frame of categorical text columns."""
        if self._frame is None:
            from klyngestat.io._frames import frame_from_table

            self._frame = frame_from_table(self.table)
        return self._frame

    @property
    def table(self) -> TextTable:
        """The cells as text columns."""
        if self._table is None:
            from klyngestat.io._frames import table_from_frame

            self._table = table_from_frame(self.frame)
        return self._table


def sniff_csv(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Guess a CSV file's encoding and separator.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised; a file
    that is not valid UTF-8 and has no UTF-8 line is cp1252, what Danish Excel
    writes. A file whose lines are in both is the encoding most of its lines
    are in (:func:`read_table` reads and reports the others line by line).
    ``encoding`` skips the guess. The separator is the one of ``;``, ``,``
    and tab that splits the header line into the most fields.

    Parameters
    ----------
    data
        The file's bytes (only its first 64 KiB are looked at for the separator).
    encoding
        The encoding, when it is known.

    Returns
    -------
    tuple
        The encoding and the separator.

    Examples
    --------
    >>> sniff_csv("a;b;c\\n1;2;3\\n".encode("cp1252"))
    ('utf-8', ';')
    >>> sniff_csv("navn,æble\\n".encode("cp1252"))
    ('cp1252', ',')
    """
    if encoding is None:
        encoding = sniff_encoding(data).encoding
    head = data[:65536].decode(encoding, errors="replace").lstrip("\ufeff")
    first_line = head.splitlines()[0] if head else ""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","
    return encoding, separator


def read_table(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    spss_codes: SpssCodes = "labels",
    questionnaire: Questionnaire | None = None,
) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV or Excel file as text cells.

    Returns the table with the problems found in reading it (cells that hold
    an Excel error or an uncomputed formula, CSV lines with too few or too
    many fields), or ``None`` with the problems that stopped it; never raises
    for a bad file. A workbook is recognised by its content, whatever its
    name; ``sheet=None`` reads its first sheet, or its only sheet with data
    when the first is empty.

    An SPSS file's labelled variables are read through their value labels (a
    value without one is an ``unlabelled_code`` error); ``spss_codes=
    "questionnaire"`` reads its question variables as the questionnaire's own
    codes instead. ``questionnaire`` lets those errors name the scale's labels.

    Parameters
    ----------
    path
        A CSV, Excel (.xlsx / .xlsm, or a workbook under another name) or
        SPSS (.sav / .zsav) file.
    sheet
        A workbook's sheet, by name or 0-based position; None for the first
        (or the only one with data).
    spss_codes
        SPSS only: ``"labels"`` or ``"questionnaire"``, as above.
    questionnaire
        SPSS only: the questionnaire whose labels its errors name.

    Returns
    -------
    tuple
        The table (None when it could not be read) and the problems.
    """
    source = str(path)
    p = Path(path)
    suffix = p.suffix.casefold()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            return _read_excel(p, sheet)
        if suffix in {".sav", ".zsav"}:
            return _read_spss(p, spss_codes, questionnaire)
        data = p.read_bytes()
        if is_xlsx(data):  # a workbook named .xls or .csv
            return _read_excel(p, sheet)
    except FileNotFoundError:
        return None, [Problem("error", "unreadable_file", "file not found", file=source)]
    except ImportError as exc:  # (a workbook's reader says so itself, in the words the SurveyXact reader uses)
        return None, [
            Problem(
                "error",
                "unreadable_file",
                f"reading this file needs an extra: {exc}; install it with: pip install 'klyngestat[spss]'",
                file=source,
            )
        ]
    except Exception as exc:  # pyreadstat (or the file system) raises many kinds for a broken file
        return None, [Problem("error", "unreadable_file", f"cannot read file: {exc}", file=source)]
    if not data or data.isspace():  # (not data.strip(), which would copy the whole file)
        return None, [
            Problem(
                "error",
                "empty_file",
                "the file is empty",
                file=source,
                expected="a header row and one row per invited person",
            )
        ]
    what = not_csv(data)
    if what is not None:
        return None, [Problem("error", "unreadable_file", what, file=source)]
    # The bytes are handed over in a box, so that reading them column-wise from the file can let them go.
    box = [data]
    del data
    return _read_csv(p, box, source)


def _read_csv(p: Path, box: list[bytes], source: str) -> tuple[RawTable | None, list[Problem]]:
    """A CSV file's bytes (the only item of ``box``, taken out of it) as text columns: by columns where it can,
    else by rows, its encoding and separator sniffed."""
    data = box.pop()
    # One decode tells a file of one encoding; only a file that is not goes line by line.
    sniffed = sniff_encoding(data)
    encoding_report = encoding_problems(data, sniffed, source)
    encoding = sniffed.encoding
    if sniffed.odd_lines:  # each line as the encoding that reads it, every such line reported
        data, encoding = decode_lines(data, sniffed).encode("utf-8"), "utf-8"
    encoding, separator = sniff_csv(data, encoding=encoding)
    try:
        header = read_header(data, encoding, separator)
        # Column-wise when every record has the header's fields; else by rows, reporting each ragged line.
        table = None
        if columnar_readable(data, encoding, header):
            quoted = b'"' in data
            if sniffed.odd_lines or not p.is_file():  # bytes of our making, or of a pipe that cannot be read again
                table = read_columns(data, encoding, separator, len(header), quoted=quoted)
            else:  # the file as it is on disk: pyarrow reads it from there a block at a time, and the bytes are let go
                del data
                table = read_columns(p, encoding, separator, len(header), quoted=quoted)
                if table is None:
                    data = p.read_bytes()
        ragged: list[Problem] = []
        if table is None:
            table, ragged = read_rows(data, encoding, separator, header, source)
    except (UnicodeDecodeError, ValueError) as exc:  # (pandas' ParserError and EmptyDataError are ValueErrors)
        return None, [
            *encoding_report,
            Problem("error", "unreadable_file", f"not a readable CSV file: {exc}", file=source),
        ]
    problems: list[Problem] = encoding_report + ragged
    columns = table.columns[: len(header)]
    table = TextTable(tuple(_header_names(header)[: len(columns)]), columns, table.rows)
    return RawTable(None, source, 2, encoding, separator, table=table), problems


def _header_names(header: list[object]) -> list[str]:
    return [c.strip().lstrip("\ufeff") if isinstance(c, str) else "" for c in header]


def _read_spss(
    path: Path, spss_codes: SpssCodes, questionnaire: Questionnaire | None
) -> tuple[RawTable | None, list[Problem]]:
    """An SPSS file through its value labels, with user-missing values read as what they label."""
    from klyngestat.io._spss import read_sav

    frame, problems = read_sav(path, spss_codes=spss_codes, questionnaire=questionnaire)
    return RawTable(frame, str(path), 2), problems


def _read_excel(path: Path, sheet: str | int | None) -> tuple[RawTable | None, list[Problem]]:
    """A workbook's sheet through the one Excel reader (:mod:`klyngestat.io._workbook`), the header on row 1."""
    from klyngestat.io._workbook import read_sheet

    grid, problems = read_sheet(path, sheet)
    if grid.empty and any(p.severity == "error" for p in problems):
        return None, problems
    frame = grid.iloc[1:].reset_index(drop=True).astype("category")
    frame.columns = _header_names(grid.iloc[0].tolist()) if len(grid) else []
    return RawTable(frame, str(path), 2), problems
