"""A SurveyXact export's tables as text grids, and its dataset joined from one or more of them.

Private to :mod:`klyngestat.io.surveyxact`. Every cell becomes text in a
categorical (each distinct cell converted once, by
:func:`klyngestat.io._workbook.cell_text`); row numbers are kept so that
problems can name the file, sheet and row a user sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice, zip_longest

import numpy as np
import pandas as pd

from klyngestat.io._columns import is_blank
from klyngestat.io._workbook import cell_text
from klyngestat.models.problems import Problem

__all__ = ["RESPONDENT_ID_NAMES", "Export", "Grid", "grid_from_rows", "join_datasets"]

#: System names of the respondent id, long (web download) then short (API export).
RESPONDENT_ID_NAMES = ("respondentid", "responde")


@dataclass(frozen=True)
class Grid:
    """A table read as text: one categorical of strings per column (blank cells missing)."""

    columns: tuple[pd.Categorical[str], ...]
    location: str
    first_row: int
    """File row of the first record (1 for a table without a header)."""
    header: tuple[str, ...] = ()


@dataclass
class Export:
    """The export's dataset (one categorical per variable), where each variable is, and its two other tables."""

    dataset: dict[str, pd.Categorical[str]]
    where: dict[str, str]
    """variable -> location of the table that holds it."""
    rows: dict[str, np.ndarray]
    """location -> file row of each dataset record."""
    labels: Grid | None
    structure: Grid | None
    source: str


class _TextColumn:
    """Builds one column's categorical of text chunk by chunk; each distinct cell is converted once."""

    def __init__(self, length: int = 0) -> None:
        self.position: dict[str, int] = {}
        self.codes: list[np.ndarray] = [np.full(length, -1, dtype=np.int64)] if length else []

    def add(self, values: Sequence[object]) -> None:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        lookup = np.full(len(uniques) + 1, -1, dtype=np.int64)
        for i, unique in enumerate(uniques):
            text = cell_text(unique)
            if text is not None:
                lookup[i] = self.position.setdefault(text, len(self.position))
        self.codes.append(lookup[np.where(codes >= 0, codes, len(uniques))])

    def categorical(self) -> pd.Categorical[str]:
        codes = np.concatenate(self.codes) if self.codes else np.array([], dtype=np.int64)
        return pd.Categorical.from_codes(codes, categories=pd.Index(list(self.position), dtype=object))


def grid_from_rows(rows: Iterable[Sequence[object]], location: str, *, header: bool, chunk: int = 20_000) -> Grid:
    """A table from its rows, a chunk at a time, so that a large sheet never exists as Python cells at once.

    Parameters
    ----------
    rows
        The table's rows of cell values, the header first when ``header``.
    location
        How problems name the table ("file" or "file [sheet]").
    header
        Whether the first row names the columns.
    chunk
        How many rows are turned into text at a time.
    """
    iterator = iter(rows)
    names = tuple(_header_name(v) for v in next(iterator, ())) if header else ()
    columns = [_TextColumn() for _ in names]
    done = 0
    while batch := list(islice(iterator, chunk)):
        cells = list(zip_longest(*batch, fillvalue=None))
        columns += [_TextColumn(done) for _ in range(len(cells) - len(columns))]
        for i, column in enumerate(columns):
            column.add(cells[i] if i < len(cells) else [None] * len(batch))
        done += len(batch)
    return Grid(tuple(c.categorical() for c in columns), location, 2 if header else 1, names)


def _header_name(value: object) -> str:
    return "" if is_blank(value) else str(value).strip().lstrip("\ufeff")


def join_datasets(grids: list[Grid], source: str) -> tuple[Export | None, list[Problem]]:
    """One dataset from one or more sheets; later sheets are aligned on the respondent id.

    Parameters
    ----------
    grids
        The dataset's tables, the first one first.
    source
        The export (file or folder), as problems name it.
    """
    problems: list[Problem] = []
    dataset: dict[str, pd.Categorical[str]] = {}
    where: dict[str, str] = {}
    rows: dict[str, np.ndarray] = {}
    first = grids[0]
    n = len(first.columns[0]) if first.columns else 0
    for number, grid in enumerate(grids):
        order, problem = _aligned(grid, first, n) if number else (np.arange(n), None)
        if order is None:
            problems += [problem] if problem else []
            continue
        rows[grid.location] = order + grid.first_row
        same_order = number == 0 or bool((order == np.arange(n)).all())
        for name, column in zip(grid.header, grid.columns, strict=True):
            if not name or name in dataset:
                continue  # the id repeated on a later sheet; a repeated name keeps its first column
            dataset[name] = column if same_order else column.take(order)
            where[name] = grid.location
    if not dataset:
        problems.append(
            Problem("error", "empty_file", "the dataset has no columns", file=first.location, expected="a header row")
        )
        return None, problems
    return Export(dataset, where, rows, None, None, source), problems


def _aligned(grid: Grid, first: Grid, n: int) -> tuple[np.ndarray | None, Problem | None]:
    """For each record of the first sheet, its row on ``grid``; or None and why the two cannot be joined."""
    ids, first_ids = _column(grid, RESPONDENT_ID_NAMES), _column(first, RESPONDENT_ID_NAMES)
    length = len(grid.columns[0]) if grid.columns else 0
    if length == n and (
        ids is None
        or first_ids is None
        or np.array_equal(np.asarray(ids, dtype=object), np.asarray(first_ids, dtype=object))
    ):
        return np.arange(n), None
    if ids is None or first_ids is None or not (pd.Index(ids).is_unique and pd.Index(first_ids).is_unique):
        return None, Problem(
            "error",
            "misaligned_sheets",
            "this dataset sheet cannot be joined to the first: its rows differ and the respondent "
            "ids are missing or not unique",
            file=grid.location,
            expected=f"the same respondents as {first.location}",
        )
    order = pd.Index(ids).get_indexer(pd.Index(first_ids))
    if (order < 0).any():
        pos = int(np.flatnonzero(order < 0)[0])
        return None, Problem(
            "error",
            "misaligned_sheets",
            f"{int((order < 0).sum())} respondent(s) of the first dataset sheet are not on this one",
            file=grid.location,
            value=str(first_ids[pos]),
            expected=f"the same respondents as {first.location}",
        )
    return order, None


def _column(grid: Grid, names: Sequence[str]) -> pd.Categorical[str] | None:
    for name in names:
        if name in grid.header:
            return grid.columns[grid.header.index(name)]
    return None
