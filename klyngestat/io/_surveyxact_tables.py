"""Read the tables of a SurveyXact export, its Excel download or its CSV download, as text grids.

Private to :mod:`klyngestat.io.surveyxact`. The workbook is read by the one
Excel reader (:mod:`klyngestat.io._workbook`), with the same checks of its
cells as a canonical response file's; the CSV files by
:mod:`klyngestat.io._surveyxact_csv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from klyngestat.io._surveyxact_csv import read_csv_export
from klyngestat.io._surveyxact_grid import Export, Grid, grid_from_rows, join_datasets
from klyngestat.io._workbook import Workbook, open_workbook
from klyngestat.models.problems import Problem

__all__ = ["read_export"]

_DATASET_SHEET = re.compile(r"^dataset(?:\s*\((\d+)\))?$", re.IGNORECASE)


def read_export(path: Path) -> tuple[Export | None, list[Problem]]:
    """The export's dataset, labels and structure, and the problems of reading them.

    Parameters
    ----------
    path
        An ``.xlsx`` / ``.xlsm`` workbook; else a folder of CSV files or the
        dataset CSV with its companions beside it.
    """
    if not path.exists():
        return None, [Problem("error", "unreadable_file", "file not found", file=str(path))]
    if path.is_file() and path.suffix.casefold() in {".xlsx", ".xlsm"}:
        return _read_workbook(path)
    return read_csv_export(path)


@dataclass(frozen=True)
class _Sheets:
    """The sheets of a SurveyXact Excel download, by what they hold."""

    datasets: list[str]
    """"Dataset", or "Dataset (1)", "Dataset (2)" … in their order."""
    labels: str | None
    structure: str | None

    @classmethod
    def of(cls, names: list[str]) -> _Sheets:
        by_name = {name.strip().casefold(): name for name in names}
        numbered = sorted(
            (int(m.group(1) or 0), name) for name in names if (m := _DATASET_SHEET.match(name.strip())) is not None
        )
        return cls([name for _, name in numbered], by_name.get("labels"), by_name.get("structure"))


def _read_workbook(path: Path) -> tuple[Export | None, list[Problem]]:
    source = str(path)
    book, problems = open_workbook(path)
    if book is None:
        return None, problems
    with book:
        sheets = _Sheets.of(book.sheet_names)
        if not sheets.datasets and sheets.labels is None and sheets.structure is None:
            return None, [
                Problem(
                    "error",
                    "not_surveyxact",
                    "not a SurveyXact export: the workbook has no Dataset, Labels or Structure sheet; "
                    "a canonical response file is read without --mapping",
                    file=source,
                    value=", ".join(book.sheet_names),
                    expected="the sheets Dataset, Labels and Structure of a SurveyXact Excel download",
                )
            ]
        problems = _missing_sheets(sheets, book.sheet_names, source)
        grids = [grid for name in sheets.datasets if (grid := _read_grid(book, name, True, problems)) is not None]
        labels = _read_grid(book, sheets.labels, False, problems)
        structure = _read_grid(book, sheets.structure, True, problems)
    if not grids:
        return None, problems
    export, join_problems = join_datasets(grids, source)
    if export is None:
        return None, problems + join_problems
    return replace(export, labels=labels, structure=structure), problems + join_problems


def _missing_sheets(sheets: _Sheets, names: list[str], source: str) -> list[Problem]:
    return [
        Problem(
            "error",
            "missing_table",
            f"the workbook has no {what} sheet",
            file=source,
            value=what,
            expected=f"a sheet named {what}, as in a SurveyXact Excel download; sheets found: " + ", ".join(names),
        )
        for what, sheet in (("Dataset", sheets.datasets), ("Labels", sheets.labels), ("Structure", sheets.structure))
        if not sheet
    ]


def _read_grid(book: Workbook, sheet: str | None, header: bool, problems: list[Problem]) -> Grid | None:
    """One sheet as a grid (None when there is no such sheet, or it cannot be read); its problems are added."""
    if sheet is None:
        return None
    location = f"{book.source} [{sheet}]"
    grid, found = book.read(sheet, lambda rows: grid_from_rows(rows, location, header=header))
    problems += found
    return grid
