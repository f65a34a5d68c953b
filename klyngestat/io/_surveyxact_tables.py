"""Read the tables of a SurveyXact export (workbook or CSV files) as text, and its labels and structure.

Private to :mod:`klyngestat.io.surveyxact`. Every cell becomes text in a
categorical (each distinct cell converted once); row numbers are kept so that
problems can name the file, sheet and row a user sees.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice, zip_longest
from pathlib import Path

import numpy as np
import pandas as pd

from klyngestat.io._columns import clean, is_blank
from klyngestat.io.tables import read_table, sniff_csv
from klyngestat.models.problems import Problem
from klyngestat.models.questionnaire import normalise_token

#: System names of the respondent id, long (web download) then short (API export).
RESPONDENT_ID_NAMES = ("respondentid", "responde")
_DATASET_SHEET = re.compile(r"^dataset(?:\s*\((\d+)\))?$", re.IGNORECASE)
_STRUCTURE_COLUMNS = (
    "questionname",
    "variablename",
    "questiontype",
    "subtype",
    "questiontext",
    "choicevalue",
    "choicetext",
)


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
    dataset: dict[str, pd.Categorical[str]]
    where: dict[str, str]
    """variable -> location of the table that holds it."""
    rows: dict[str, np.ndarray]
    """location -> file row of each dataset record."""
    labels: Grid | None
    structure: Grid | None
    source: str


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if value != value:
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


class _TextColumn:
    """Builds one column's categorical of text chunk by chunk; each distinct cell is converted once."""

    def __init__(self, length: int = 0) -> None:
        self.position: dict[str, int] = {}
        self.codes: list[np.ndarray] = [np.full(length, -1, dtype=np.int64)] if length else []

    def add(self, values: Sequence[object]) -> None:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
        lookup = np.full(len(uniques) + 1, -1, dtype=np.int64)
        for i, unique in enumerate(uniques):
            text = _cell_text(unique)
            if text is not None:
                lookup[i] = self.position.setdefault(text, len(self.position))
        self.codes.append(lookup[np.where(codes >= 0, codes, len(uniques))])

    def categorical(self) -> pd.Categorical[str]:
        codes = np.concatenate(self.codes) if self.codes else np.array([], dtype=np.int64)
        return pd.Categorical.from_codes(codes, categories=pd.Index(list(self.position), dtype=object))


def _grid_from_rows(rows: Iterable[Sequence[object]], location: str, *, header: bool, chunk: int = 20_000) -> Grid:
    """A table from its rows, a chunk at a time, so that a large sheet never exists as Python cells at once."""
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


class _Workbook:
    """Sheet names and sheet rows of an .xlsx file, through python-calamine when installed, else openpyxl."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = "calamine" if calamine_available() else "openpyxl"
        if self.engine == "calamine":
            from python_calamine import CalamineWorkbook

            self._calamine = CalamineWorkbook.from_path(str(path))
            self.sheet_names: list[str] = list(self._calamine.sheet_names)
        else:
            import openpyxl  # type: ignore[import-untyped]

            self._openpyxl = openpyxl.load_workbook(path, read_only=True, data_only=True)
            self.sheet_names = list(self._openpyxl.sheetnames)

    def rows(self, sheet: str) -> Iterator[Sequence[object]]:
        """The sheet's rows from row 1 (empty leading rows kept, so row numbers are the spreadsheet's)."""
        if self.engine == "calamine":
            found = self._calamine.get_sheet_by_name(sheet)
            rows = iter(found.iter_rows())
            offset = found.start[1] if found.start else 0  # iter_rows drops empty leading columns
            return ([*([None] * offset), *row] for row in rows) if offset else rows
        return iter(self._openpyxl[sheet].iter_rows(values_only=True))

    def close(self) -> None:
        if self.engine == "calamine":
            self._calamine.close()
        else:
            self._openpyxl.close()


def calamine_available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def _read_workbook(path: Path) -> tuple[Export | None, list[Problem]]:
    source = str(path)
    try:
        book = _Workbook(path)
    except ImportError as exc:
        return None, [
            Problem(
                "error",
                "unreadable_file",
                f"reading Excel needs an extra: {exc}; install it with: pip install 'klyngestat[excel]'",
                file=source,
            )
        ]
    except Exception as exc:  # both engines raise many kinds for a broken workbook
        return None, [Problem("error", "unreadable_file", f"cannot read workbook: {exc}", file=source)]
    try:
        by_name = {name.strip().casefold(): name for name in book.sheet_names}
        datasets = sorted(
            (int(m.group(1) or 0), name)
            for name in book.sheet_names
            if (m := _DATASET_SHEET.match(name.strip())) is not None
        )
        labels_sheet, structure_sheet = by_name.get("labels"), by_name.get("structure")
        if not datasets and labels_sheet is None and structure_sheet is None:
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
        problems = [
            Problem(
                "error",
                "missing_table",
                f"the workbook has no {what} sheet",
                file=source,
                value=what,
                expected=f"a sheet named {what}, as in a SurveyXact Excel download; sheets found: "
                + ", ".join(book.sheet_names),
            )
            for what, sheet in (("Dataset", datasets), ("Labels", labels_sheet), ("Structure", structure_sheet))
            if not sheet
        ]
        grids = [_grid_from_rows(book.rows(name), f"{source} [{name}]", header=True) for _, name in datasets]
        labels = (
            _grid_from_rows(book.rows(labels_sheet), f"{source} [{labels_sheet}]", header=False)
            if labels_sheet
            else None
        )
        structure = (
            _grid_from_rows(book.rows(structure_sheet), f"{source} [{structure_sheet}]", header=True)
            if structure_sheet
            else None
        )
    finally:
        book.close()
    if not grids:
        return None, problems
    export, join_problems = _join_datasets(grids, source)
    if export is None:
        return None, problems + join_problems
    return replace(export, labels=labels, structure=structure), problems + join_problems


def _read_csv_grid(path: Path, *, header: bool, min_fields: int) -> tuple[Grid | None, list[Problem]]:
    """A labels or structure CSV: encoding sniffed, separator the one that splits every leading record."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem("error", "unreadable_file", f"cannot read file: {exc.strerror}", file=source)]
    encoding, sniffed = sniff_csv(data)
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    separator = _separator(text, min_fields) or sniffed
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return None, [Problem("error", "unreadable_file", f"not a readable CSV file: {exc}", file=source)]
    rows = frame.to_numpy(dtype=object).tolist()
    return _grid_from_rows(rows, source, header=header), []


def _separator(text: str, min_fields: int) -> str | None:
    head = text[:65536]
    for separator in ("\t", ";", ","):
        records = [r for r in csv.reader(io.StringIO(head), delimiter=separator) if any(c.strip() for c in r)][:20]
        if len(records) > 1:
            records = records[:-1]  # the last record of a cut head may be cut too
        if records and all(len(r) >= min_fields for r in records):
            return separator
    return None


def _csv_companions(path: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The dataset, labels and structure CSV files of a folder, or beside a dataset CSV."""
    folder = path if path.is_dir() else path.parent
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.casefold() in {".csv", ".txt"})
    kinds: dict[str, list[Path]] = {"dataset": [], "labels": [], "structure": []}
    for p in files:
        stem = p.stem.casefold()
        if "label" in stem:
            kinds["labels"].append(p)
        elif "structure" in stem or "struktur" in stem:
            kinds["structure"].append(p)
        elif "dataset" in stem or stem.startswith("data"):
            kinds["dataset"].append(p)
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    if path.is_file():
        found["dataset"] = path
    stem = found["dataset"].stem.casefold() if "dataset" in found else ""
    for kind, candidates in kinds.items():
        if kind in found:
            continue
        if len(candidates) > 1 and stem:
            # dataset_123.csv goes with labels_123.csv and structure_123.csv
            twins = [
                c for c in candidates if c.stem.casefold() in {stem.replace("dataset", k) for k in (kind, kind[:-1])}
            ]
            candidates = twins or candidates
        if len(candidates) == 1:
            found[kind] = candidates[0]
        elif not candidates:
            if kinds["dataset"] or kinds["labels"] or kinds["structure"] or path.is_file():
                problems.append(
                    Problem(
                        "error",
                        "missing_table",
                        f"no {kind} CSV file found in {folder}",
                        file=str(path),
                        value=kind.capitalize(),
                        expected=f"a file named like {kind}.csv beside the dataset, as in SurveyXact's CSV "
                        "download (a canonical response file is read without --mapping)",
                    )
                )
        else:
            problems.append(
                Problem(
                    "error",
                    "ambiguous_table",
                    f"more than one {kind} CSV file in {folder}",
                    file=str(path),
                    value=", ".join(c.name for c in candidates),
                    expected=f"one {kind} file; give the dataset CSV itself, or a folder holding one export",
                )
            )
            if kind == "dataset":
                break  # its companions cannot be told apart before the dataset is
    if not any(kinds.values()) and not path.is_file():
        problems.append(
            Problem(
                "error",
                "not_surveyxact",
                "not a SurveyXact export: the folder holds no dataset, labels or structure CSV file",
                file=str(path),
                expected="the three CSV files of a SurveyXact download (dataset, labels, structure)",
            )
        )
    return found, problems


def _read_csv_export(path: Path) -> tuple[Export | None, list[Problem]]:
    found, problems = _csv_companions(path)
    labels = structure = None
    if "labels" in found:
        labels, more = _read_csv_grid(found["labels"], header=False, min_fields=3)
        problems += more
    if "structure" in found:
        structure, more = _read_csv_grid(found["structure"], header=True, min_fields=2)
        problems += more
    if "dataset" not in found:
        return None, problems
    raw, more = read_table(found["dataset"])
    problems += more
    if raw is None:
        return None, problems
    grid = Grid(
        tuple(pd.Categorical(raw.frame.iloc[:, i]) for i in range(raw.frame.shape[1])),
        raw.source,
        raw.first_row,
        tuple(str(c) for c in raw.frame.columns),
    )
    export, join_problems = _join_datasets([grid], str(found["dataset"]))
    if export is None:
        return None, problems + join_problems
    return replace(export, labels=labels, structure=structure), problems + join_problems


def _join_datasets(grids: list[Grid], source: str) -> tuple[Export | None, list[Problem]]:
    """One dataset from one or more sheets; later sheets are aligned on the respondent id."""
    problems: list[Problem] = []
    dataset: dict[str, pd.Categorical[str]] = {}
    where: dict[str, str] = {}
    rows: dict[str, np.ndarray] = {}
    first = grids[0]
    n = len(first.columns[0]) if first.columns else 0
    first_ids = _column(first, RESPONDENT_ID_NAMES)
    for number, grid in enumerate(grids):
        length = len(grid.columns[0]) if grid.columns else 0
        order = np.arange(n)
        if number:
            ids = _column(grid, RESPONDENT_ID_NAMES)
            aligned = length == n and (
                ids is None
                or first_ids is None
                or np.array_equal(np.asarray(ids, dtype=object), np.asarray(first_ids, dtype=object))
            )
            if not aligned:
                if ids is None or first_ids is None or not (pd.Index(ids).is_unique and pd.Index(first_ids).is_unique):
                    problems.append(
                        Problem(
                            "error",
                            "misaligned_sheets",
                            "this dataset sheet cannot be joined to the first: its rows differ and the respondent "
                            "ids are missing or not unique",
                            file=grid.location,
                            expected=f"the same respondents as {first.location}",
                        )
                    )
                    continue
                order = pd.Index(ids).get_indexer(pd.Index(first_ids))
                if (order < 0).any():
                    pos = int(np.flatnonzero(order < 0)[0])
                    problems.append(
                        Problem(
                            "error",
                            "misaligned_sheets",
                            f"{int((order < 0).sum())} respondent(s) of the first dataset sheet are not on this one",
                            file=grid.location,
                            value=str(first_ids[pos]),
                            expected=f"the same respondents as {first.location}",
                        )
                    )
                    continue
        rows[grid.location] = order + grid.first_row
        for name, column in zip(grid.header, grid.columns, strict=True):
            if not name or name in dataset:
                continue  # the id repeated on a later sheet; a repeated name keeps its first column
            dataset[name] = column if number == 0 or (order == np.arange(n)).all() else column.take(order)
            where[name] = grid.location
    if not dataset:
        problems.append(
            Problem("error", "empty_file", "the dataset has no columns", file=first.location, expected="a header row")
        )
        return None, problems
    return Export(dataset, where, rows, None, None, source), problems


def _column(grid: Grid, names: Sequence[str]) -> pd.Categorical[str] | None:
    for name in names:
        if name in grid.header:
            return grid.columns[grid.header.index(name)]
    return None


def read_export(path: Path) -> tuple[Export | None, list[Problem]]:
    if not path.exists():
        return None, [Problem("error", "unreadable_file", "file not found", file=str(path))]
    if path.is_file() and path.suffix.casefold() in {".xlsx", ".xlsm"}:
        return _read_workbook(path)
    return _read_csv_export(path)


# ---------------------------------------------------------------- the export's metadata


@dataclass(frozen=True)
class Label:
    text: str
    row: int


@dataclass(frozen=True)
class Choice:
    variable: str
    value: str
    text: str
    row: int


@dataclass
class Meta:
    labels: dict[str, dict[str, Label]] = field(default_factory=dict)
    """variable -> normalised code -> label."""
    multiple: dict[str, list[Choice]] = field(default_factory=dict)
    """multiple-choice question name -> its choices."""
    kinds: dict[str, str] = field(default_factory=dict)
    """variable -> questionType (Closed, Open)."""


def read_meta(export: Export) -> tuple[Meta, list[Problem]]:
    meta = Meta()
    problems: list[Problem] = []
    labels = export.labels
    if labels is not None:
        if len(labels.columns) < 3:
            problems.append(
                Problem(
                    "error",
                    "not_surveyxact",
                    "not a SurveyXact Labels table: it needs three columns (variable, code, label), no header",
                    file=labels.location,
                    value=f"{len(labels.columns)} column(s)",
                )
            )
        else:
            variables, codes, texts = (np.asarray(labels.columns[i], dtype=object) for i in range(3))
            for pos, (variable, code, text) in enumerate(zip(variables, codes, texts, strict=True)):
                name, token = clean(variable), normalise_token(clean(code))
                if not name or not token:
                    continue
                row = pos + labels.first_row
                known = meta.labels.setdefault(name, {})
                if token in known and normalise_token(known[token].text) != normalise_token(clean(text)):
                    problems.append(
                        Problem(
                            "error",
                            "ambiguous_label",
                            f"code {token} of {name} has two labels; the first is at row {known[token].row}",
                            file=labels.location,
                            row=row,
                            column=name,
                            value=clean(text),
                            expected=f"one label per code ({known[token].text!r})",
                        )
                    )
                    continue
                known.setdefault(token, Label(clean(text), row))
    structure = export.structure
    if structure is not None:
        header = [h.casefold() for h in structure.header]
        if "variablename" not in header or "questionname" not in header:
            problems.append(
                Problem(
                    "error",
                    "not_surveyxact",
                    "not a SurveyXact Structure table: its header lacks questionName and variableName",
                    file=structure.location,
                    value=", ".join(h for h in structure.header if h),
                    expected=", ".join(_STRUCTURE_COLUMNS),
                )
            )
        else:
            column = {
                name: np.asarray(structure.columns[header.index(name)], dtype=object)
                if name in header
                else np.full(len(structure.columns[0]), None, dtype=object)
                for name in _STRUCTURE_COLUMNS
            }
            for pos in range(len(column["variablename"])):
                question, variable = clean(column["questionname"][pos]), clean(column["variablename"][pos])
                if not variable:
                    continue
                kind, subtype = clean(column["questiontype"][pos]), clean(column["subtype"][pos])
                meta.kinds[variable] = kind
                if subtype.casefold() == "multiple" or (
                    question and question != variable and clean(column["choicevalue"][pos])
                ):
                    meta.multiple.setdefault(question, []).append(
                        Choice(
                            variable,
                            normalise_token(clean(column["choicevalue"][pos])),
                            clean(column["choicetext"][pos]),
                            pos + structure.first_row,
                        )
                    )
    return meta, problems
