"""The one reader of .xlsx workbooks: each sheet as rows of cell values, with the cells that cannot be trusted.

Every workbook klyngestat reads, a canonical response file
(:func:`read_sheet`, for :func:`klyngestat.io.tables.read_table`) or a
SurveyXact Excel download (:mod:`klyngestat.io._surveyxact_tables`), is
opened by :func:`open_workbook` and read through :meth:`Workbook.read`:
python-calamine reads it when installed (fast), else openpyxl, and a sheet's
rows come out the same either way. :func:`cell_text` is the one way a cell
becomes text (whole numbers without ``.0``, dates in ISO 8601, blank as
missing). Error values and formulas saved without their value are errors
found in the sheet's XML (:mod:`klyngestat.io._workbook_checks`), named in
the same words whichever reader asked, and read as blank cells.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

from klyngestat.io._workbook_checks import untrusted_cells
from klyngestat.models.problems import Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Workbook", "calamine_available", "cell_text", "is_xlsx", "open_workbook", "read_sheet"]

T = TypeVar("T")
Rows = Iterator[Sequence[object]]


def is_xlsx(data: bytes) -> bool:
    """True when ``data`` is an Office Open XML workbook (.xlsx / .xlsm), whatever the file is named.

    Parameters
    ----------
    data
        The file's bytes.
    """
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def calamine_available() -> bool:
    """Whether python-calamine is installed (workbooks are then read with it, else with openpyxl)."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def cell_text(value: object) -> str | None:
    """A cell's value as text, or None for a blank cell: the same text from either engine.

    Whole numbers lose their ``.0``; a date is ``2025-01-02``, a date with a
    time ``2025-01-02 13:04:05`` and a time ``12:30:00`` (calamine gives a date
    where openpyxl gives midnight of it); text of only whitespace is blank
    (calamine reads it so).

    Parameters
    ----------
    value
        A cell's value as an engine gives it.

    Examples
    --------
    >>> [cell_text(v) for v in (3.0, 0.5, "  ", "Ja", datetime.datetime(2025, 1, 2), None)]
    ['3', '0.5', None, 'Ja', '2025-01-02', None]
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class _Calamine:
    """A workbook read with python-calamine (every sheet parsed when first asked for)."""

    def __init__(self, handle: IO[bytes]) -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        self._book = CalamineWorkbook.from_filelike(handle)  # (from its content, whatever the file is named)
        self.names = [m.name for m in self._book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        self._parsed: tuple[str, Any] | None = None  # the last sheet parsed, asked for again after has_cells

    def rows(self, name: str) -> Rows:
        if self._parsed is None or self._parsed[0] != name:
            self._parsed = (name, self._book.get_sheet_by_name(name))
        sheet = self._parsed[1]
        if sheet.start is None:  # an empty sheet (python-calamine 0.3 cannot iterate one)
            return iter(())
        rows: Rows = iter(sheet.iter_rows())  # from row 1, but from the first column with a cell
        offset = sheet.start[1]
        return ([*([None] * offset), *row] for row in rows) if offset else rows

    def close(self) -> None:
        self._parsed = None
        self._book.close()


class _Openpyxl:
    """A workbook read with openpyxl, a row at a time."""

    def __init__(self, handle: IO[bytes]) -> None:
        import openpyxl  # type: ignore[import-untyped]

        self._book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        self.names = [sheet.title for sheet in self._book.worksheets]

    def rows(self, name: str) -> Rows:
        sheet = self._book[name]
        sheet.reset_dimensions()  # as pandas does: a writer's declared dimensions may be wrong
        rows: Rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        return rows

    def close(self) -> None:
        self._book.close()


class Workbook:
    """An open workbook: its worksheets' names, and each sheet's rows with its problems.

    Made by :func:`open_workbook`; close it (or use it as a context manager).
    """

    def __init__(self, path: Path, handle: IO[bytes], engine: _Calamine | _Openpyxl) -> None:
        self.path = path
        self.source = str(path)
        self._handle = handle
        self._engine = engine
        self.engine: Literal["calamine", "openpyxl"] = "calamine" if isinstance(engine, _Calamine) else "openpyxl"
        self.sheet_names: list[str] = list(engine.names)
        """The worksheets, in the workbook's order (chart sheets left out)."""

    def read(self, sheet: str, into: Callable[[Rows], T]) -> tuple[T | None, list[Problem]]:
        """The sheet's rows handed to ``into``, and the problems of its cells; never raises for a bad sheet.

        Parameters
        ----------
        sheet
            A name of :attr:`sheet_names`.
        into
            What makes the result of the rows: it is given the rows from row 1
            (empty leading rows kept, so that row numbers are the sheet's) to
            the last that holds a value, each a sequence of cell values from
            column A, untrusted cells blank.

        Returns
        -------
        tuple
            ``into``'s result, or None when the sheet cannot be read; every
            error-value cell and formula without a value as an error, or the
            reason it could not be read.
        """
        try:
            untrusted = untrusted_cells(self.path, sheet, self.source)
            rows = self._engine.rows(sheet)
            if untrusted.cells:
                rows = _blanked(rows, untrusted.cells)
            return into(_trimmed(rows)), untrusted.problems
        except Exception as exc:  # both engines raise many kinds for a broken sheet
            return None, [_unreadable(self.source, exc)]

    def has_cells(self, sheet: str) -> bool:
        """Whether any cell of the sheet holds a value.

        Parameters
        ----------
        sheet
            A name of :attr:`sheet_names`.
        """
        return any(cell_text(value) is not None for row in self._engine.rows(sheet) for value in row)

    def close(self) -> None:
        """Let the workbook and its file go."""
        try:
            self._engine.close()
        finally:
            self._handle.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workbook(path: Path) -> tuple[Workbook | None, list[Problem]]:
    """Open a workbook, with python-calamine when it is installed, else openpyxl; never raises for a bad file.

    Parameters
    ----------
    path
        The workbook, whatever it is named.

    Returns
    -------
    tuple
        The open workbook, or None with the reason (a missing Excel extra, a
        broken workbook) as an ``unreadable_file`` error.
    """
    source = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 (the Workbook closes it)
    except FileNotFoundError:
        return None, [Problem("error", "unreadable_file", "file not found", file=source)]
    except OSError as exc:
        return None, [Problem("error", "unreadable_file", f"cannot read file: {exc.strerror}", file=source)]
    try:
        engine = _Calamine(handle) if calamine_available() else _Openpyxl(handle)
    except ImportError as exc:
        handle.close()
        return None, [
            Problem(
                "error",
                "unreadable_file",
                f"reading Excel needs an extra: {exc}; install it with: pip install 'klyngestat[excel]'",
                file=source,
            )
        ]
    except Exception as exc:  # both engines raise many kinds for a broken workbook
        handle.close()
        return None, [_unreadable(source, exc)]
    return Workbook(path, handle, engine), []


def _unreadable(source: str, exc: Exception) -> Problem:
    """A workbook that cannot be read, as an error naming why (what the engine raised)."""
    return Problem("error", "unreadable_file", f"cannot read workbook: {exc}", file=source)


def _trimmed(rows: Iterable[Sequence[object]]) -> Rows:
    """The rows up to the last that holds a value (openpyxl gives the empty, formatted rows after it too)."""
    waiting: list[Sequence[object]] = []
    for row in rows:
        if any(cell_text(value) is not None for value in row):
            yield from waiting
            waiting.clear()
            yield row
        else:
            waiting.append(row)


def _blanked(rows: Iterable[Sequence[object]], cells: dict[int, list[int]]) -> Rows:
    """The rows with the given cells (sheet row -> 0-based columns) blank."""
    for number, row in enumerate(rows, start=1):
        columns = cells.get(number)
        if columns:
            row = [None if i in columns else value for i, value in enumerate(row)]
        yield row


# ---------------------------------------------------------------- a canonical response file's sheet


def read_sheet(path: Path, sheet: str | int | None) -> tuple[pd.DataFrame, list[Problem]]:
    """The chosen sheet as a text grid from row 1 (the header) on, and the problems.

    ``sheet=None`` reads the first sheet, or, when the first sheet is empty and
    exactly one other sheet has cells, that sheet; when several do, it is an
    error naming them.

    Parameters
    ----------
    path
        The workbook, whatever it is named.
    sheet
        A sheet's name or 0-based position among the worksheets, or None.

    Returns
    -------
    tuple
        The grid (an empty frame when there is none) and the problems.
    """
    import pandas as pd

    book, problems = open_workbook(path)
    if book is None:
        return pd.DataFrame(), problems
    with book:
        try:
            chosen, problems = _choose(book, sheet)
        except Exception as exc:  # both engines raise many kinds for a broken sheet
            return pd.DataFrame(), [_unreadable(book.source, exc)]
        if chosen is None:
            return pd.DataFrame(), problems
        grid, problems = book.read(chosen, _grid)
    return (pd.DataFrame() if grid is None else grid), problems


def _choose(book: Workbook, sheet: str | int | None) -> tuple[str | None, list[Problem]]:
    names = book.sheet_names
    if not names:
        return None, [Problem("error", "empty_file", "the workbook has no worksheet", file=book.source)]
    if isinstance(sheet, int) and -len(names) <= sheet < len(names):
        return names[sheet], []
    if isinstance(sheet, str) and sheet in names:
        return sheet, []
    if sheet is not None:
        return None, [
            Problem(
                "error",
                "unreadable_file",
                f"the workbook has no sheet {sheet!r}",
                file=book.source,
                value=str(sheet),
                expected="one of its sheets: " + ", ".join(repr(name) for name in names),
            )
        ]
    first = names[0]
    if book.has_cells(first):
        return first, []
    filled = [name for name in names[1:] if book.has_cells(name)]
    if len(filled) <= 1:
        return (filled[0] if filled else first), []
    return None, [
        Problem(
            "error",
            "empty_file",
            f"the first sheet {first!r} is empty and sheets {', '.join(map(repr, filled))} have data; move the "
            "responses to the first sheet (or delete the other sheets), or export that sheet as CSV",
            file=book.source,
            expected="the responses on the first sheet, or on the workbook's only sheet with data",
        )
    ]


def _grid(rows: Rows) -> pd.DataFrame:
    """Rows of cell values as a frame of text (blank cells missing), trailing empty columns cut."""
    import pandas as pd

    text = [[cell_text(v) for v in row] for row in rows]
    width = max((max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in text), default=0)
    return pd.DataFrame([row[:width] + [None] * (width - len(row)) for row in text], columns=range(width), dtype=object)
