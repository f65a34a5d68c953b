"""The cells of a sheet that no Excel engine reports: error values, and formulas saved without their value.

A cell that holds an Excel error value (``#N/A``, ``#DIV/0!`` …) or a formula
saved without its computed value (what a workbook written by a script, such
as openpyxl, holds until Excel opens and saves it) reads as blank, that is as
"not answered", through python-calamine, and an error value reads as its text
through openpyxl. Both are found here in the sheet's own XML, the same way for
either engine and for every reader: each is an error naming the file, the
sheet, the cell and its value. The XML is parsed only when a quick look at
its bytes finds a formula or an error value in it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from klyngestat.models.problems import Problem

__all__ = ["RESAVE", "Untrusted", "untrusted_cells"]

RESAVE = "the workbook was saved without computed values; open and save it in Excel, or export CSV"
_CHUNK = 1 << 20
_OVERLAP = 64
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA_HINTS = (b"<f", b":f")
"""Bytes that every match of ``_FORMULA`` holds: a chunk without them is not searched (a plain search is fast)."""
_ERROR_TYPES = (b't="e"', b"t='e'")
"""A cell of type ``e``: an error value."""
_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
"""The sheet's schema, transitional (what Excel writes) and strict."""
_ROW, _CELL, _FORMULA_TAG, _VALUE = ({f"{{{ns}}}{name}" for ns in _NAMESPACES} for name in ("row", "c", "f", "v"))
_ADDRESS = re.compile(r"^([A-Z]+)(\d+)$")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Untrusted:
    """The untrusted cells of one sheet: a problem for each, and where they are (to be read as blank)."""

    problems: list[Problem]
    cells: dict[int, list[int]]
    """Sheet row (1-based) -> the 0-based columns of its untrusted cells."""


def untrusted_cells(path: Path, sheet: str, source: str) -> Untrusted:
    """Every error-value cell and every formula without a computed value of ``sheet``, as problems.

    Parameters
    ----------
    path
        The workbook (an .xlsx / .xlsm file, whatever it is named).
    sheet
        The sheet's name, as the workbook lists it.
    source
        How problems name the file.

    Returns
    -------
    Untrusted
        The error cells' problems first, then the formulas', each in the
        sheet's order; and the cells' places.
    """
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        if part is None or not _may_hold_untrusted(archive, part):
            return Untrusted([], {})
        errors: list[Problem] = []
        formulas: list[Problem] = []
        cells: dict[int, list[int]] = {}
        with archive.open(part) as xml:
            for cell in _untrusted(xml):
                cells.setdefault(cell.row, []).append(cell.column)
                (formulas if cell.formula else errors).append(cell.problem(sheet, source))
    return Untrusted(errors + formulas, cells)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member holding ``sheet``: workbook.xml names its relationship, whose target is the part."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rid = next(
        (s.get(_RELATIONSHIP_ID) for s in workbook.iter() if s.tag.endswith("}sheet") and s.get("name") == sheet), None
    )
    target = next((r.get("Target") for r in relationships.iter(_RELATIONSHIPS) if r.get("Id") == rid), None)
    if rid is None or target is None:
        return None
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return part if part in archive.namelist() else None


def _may_hold_untrusted(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the part's bytes hold a formula element or an error cell; read a chunk at a time."""
    tail = b""
    with archive.open(part) as xml:
        while chunk := xml.read(_CHUNK):
            text = tail + chunk
            if any(kind in text for kind in _ERROR_TYPES):
                return True
            if any(hint in text for hint in _FORMULA_HINTS) and _FORMULA.search(text):
                return True
            tail = text[-_OVERLAP:]
    return False


@dataclass(frozen=True)
class _Cell:
    address: str
    row: int
    column: int
    formula: bool
    """True for a formula without a computed value, False for an error value."""
    value: str

    def problem(self, sheet: str, source: str) -> Problem:
        where = f"sheet {sheet!r}, cell {self.address}"
        if self.formula:
            return Problem(
                "error",
                "uncomputed_formula",
                f"{where}: a formula without a computed value; {RESAVE}",
                file=source,
                row=self.row,
                value=self.value,
                expected="the value the formula computes",
            )
        return Problem(
            "error",
            "error_cell",
            f"{where}: the cell holds an Excel error value, not an answer; correct the cell (or its formula) in the "
            "workbook",
            file=source,
            row=self.row,
            value=self.value,
            expected="an answer, or an empty cell for no answer",
        )


def _untrusted(xml: IO[bytes]) -> Iterator[_Cell]:
    """The error cells and the formula cells without a cached value (a computed "" is a value), in order.

    A row is looked at when it ends; its cells one by one only when one of
    them holds a formula or an error value (a formula comes first in its
    cell), so that a large sheet costs little more than its parse.
    """
    row = 0
    for _, element in ElementTree.iterparse(xml):
        if element.tag not in _ROW:
            continue
        row = int(element.get("r") or row + 1)
        if any(cell.get("t") == "e" or (len(cell) and cell[0].tag in _FORMULA_TAG) for cell in element):
            yield from _row_cells(element, row)
        element.clear()


def _row_cells(element: ElementTree.Element, row: int) -> Iterator[_Cell]:
    """The untrusted cells of one row; a cell's place is its ``r``, or else the next column's."""
    column = -1
    for cell in element:
        if cell.tag not in _CELL:
            continue
        row, column = _place(cell.get("r"), row, column + 1)
        judged = _judged(cell, row, column)
        if judged is not None:
            yield judged


def _judged(element: ElementTree.Element, row: int, column: int) -> _Cell | None:
    """The cell as an untrusted one, or None when its value can be trusted."""
    cached = next((child for child in element if child.tag in _VALUE), None)
    value = (cached.text or "") if cached is not None else ""
    address = element.get("r") or f"{_letters(column)}{row}"
    if element.get("t") == "e" and value:
        return _Cell(address, row, column, False, value)
    formula = next((child for child in element if child.tag in _FORMULA_TAG), None)
    if formula is None or value or element.get("t") in {"str", "inlineStr"}:
        return None
    return _Cell(address, row, column, True, f"={formula.text}" if formula.text else "(a shared formula)")


def _place(address: str | None, row: int, column: int) -> tuple[int, int]:
    """Row (1-based) and column (0-based) of a cell from its address, or the ones given when it has none."""
    found = _ADDRESS.match(address or "")
    if found is None:
        return row, column
    number = 0
    for letter in found.group(1):
        number = number * 26 + ord(letter) - ord("A") + 1
    return int(found.group(2)), number - 1


def _letters(column: int) -> str:
    """A 0-based column as Excel's letters (0 -> A, 26 -> AA)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
