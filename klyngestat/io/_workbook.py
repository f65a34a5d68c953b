"""Read one sheet of an .xlsx workbook as text, reporting cells whose values cannot be trusted.

A cell that holds an Excel error value (``#N/A``, ``#DIV/0!`` …) or a formula
saved without its computed value (what a workbook written by a script, such as
openpyxl, holds until Excel opens and saves it) would otherwise read as blank,
that is as "not answered". Both are errors that name the sheet and the cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.etree import ElementTree

from klyngestat.models.problems import Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["is_xlsx", "read_sheet"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_RESAVE = "the workbook was saved without computed values; open and save it in Excel, or export CSV"


def is_xlsx(data: bytes) -> bool:
    """True when ``data`` is an Office Open XML workbook (.xlsx / .xlsm), whatever the file is named."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_sheet(path: Path, sheet: str | int | None) -> tuple[pd.DataFrame, list[Problem]]:
    """The chosen sheet as a text grid from row 1 (the header) on, and the problems.

    ``sheet=None`` reads the first sheet, or, when the first sheet is empty and
    exactly one other sheet has cells, that sheet; when several do, it is an
    error naming them.
    """
    import openpyxl  # type: ignore[import-untyped]
    import pandas as pd

    source = str(path)
    with open(path, "rb") as handle:  # a handle, so that a workbook named .xls or .csv is read too
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        try:
            worksheet, problems = _choose(book, sheet, source)
            if worksheet is None:
                return pd.DataFrame(), problems
            rows, errors = _cells(worksheet)
            problems += [
                Problem(
                    "error",
                    "error_cell",
                    f"sheet {worksheet.title!r}, cell {address}: the cell holds an Excel error value, not an answer; "
                    "correct the cell (or its formula) in the workbook",
                    file=source,
                    row=int(address_row),
                    value=value,
                    expected="an answer, or an empty cell for no answer",
                )
                for address, address_row, value in errors
            ]
            problems += _uncomputed_formulas(handle, worksheet, rows, source)
        finally:
            book.close()
    return _grid(rows), problems


def _choose(book: Any, sheet: str | int | None, source: str) -> tuple[Any, list[Problem]]:
    if sheet is not None:
        return (book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]), []
    first = book.worksheets[0]
    if _has_cells(first):
        return first, []
    filled = [ws for ws in book.worksheets[1:] if _has_cells(ws)]
    if len(filled) == 1:
        return filled[0], []
    if not filled:
        return first, []
    names = ", ".join(repr(ws.title) for ws in filled)
    return None, [
        Problem(
            "error",
            "empty_file",
            f"the first sheet {first.title!r} is empty and sheets {names} have data; move the responses to the "
            "first sheet (or delete the other sheets), or export that sheet as CSV",
            file=source,
            expected="the responses on the first sheet, or on the workbook's only sheet with data",
        )
    ]


def _has_cells(worksheet: Any) -> bool:
    return any(value is not None for row in worksheet.iter_rows(values_only=True) for value in row)


def _cells(worksheet: Any) -> tuple[list[list[object]], list[tuple[str, int, str]]]:
    """Cell values row by row from A1 (error cells as None), and the error cells."""
    worksheet.reset_dimensions()  # as pandas does: a writer's declared dimensions may be wrong
    rows: list[list[object]] = []
    errors: list[tuple[str, int, str]] = []
    for cells in worksheet.iter_rows(min_row=1, min_col=1):
        values: list[object] = []
        for cell in cells:
            if cell.data_type == "e" and cell.value is not None:
                errors.append((cell.coordinate, cell.row, str(cell.value)))
                values.append(None)
            else:
                values.append(cell.value)
        rows.append(values)
    return rows, errors


def _uncomputed_formulas(handle: IO[bytes], worksheet: Any, rows: list[list[object]], source: str) -> list[Problem]:
    """Formula cells without a cached value (they read as blank); the sheet is parsed only if it has formulas."""
    if all(value is not None for row in rows for value in row):
        return []
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        part = worksheet._worksheet_path
        with archive.open(part) as xml:
            if not _HAS_FORMULA.search(xml.read()):
                return []
        problems = []
        with archive.open(part) as xml:
            for address, row, formula in _formula_cells_without_value(xml):
                problems.append(
                    Problem(
                        "error",
                        "uncomputed_formula",
                        f"sheet {worksheet.title!r}, cell {address}: a formula without a computed value; {_RESAVE}",
                        file=source,
                        row=row,
                        value=formula,
                        expected="the value the formula computes",
                    )
                )
    return problems


def _formula_cells_without_value(xml: IO[bytes]) -> Iterator[tuple[str, int, str]]:
    """Address, row and formula of each formula cell whose cached value is absent (a computed "" is a value)."""
    for _, element in ElementTree.iterparse(xml):
        if element.tag != f"{_MAIN}c":
            if element.tag == f"{_MAIN}row":
                element.clear()
            continue
        formula = element.find(f"{_MAIN}f")
        if formula is not None:
            cached = element.find(f"{_MAIN}v")
            computed_text = element.get("t") in {"str", "inlineStr"}
            if (cached is None or not (cached.text or "")) and not computed_text:
                address = element.get("r", "?")
                row = int(re.sub(r"^[A-Z]+", "", address) or 0)
                yield address, row, f"={formula.text}" if formula.text else "(a shared formula)"


def _grid(rows: list[list[object]]) -> pd.DataFrame:
    """Rows of cell values as a frame of text (empty cells missing), trailing empty rows and columns cut."""
    import pandas as pd

    text = [[_cell_text(v) for v in row] for row in rows]
    while text and all(v is None for v in text[-1]):
        text.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in text), default=0)
    return pd.DataFrame([row[:width] + [None] * (width - len(row)) for row in text], columns=range(width), dtype=object)


def _cell_text(value: object) -> str | None:
    """A cell as text, as pandas' openpyxl reader gives it (whole floats without ``.0``)."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
