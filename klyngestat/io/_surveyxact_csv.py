"""Read SurveyXact's CSV download: the dataset, labels and structure files of a folder, as text grids.

Private to :mod:`klyngestat.io.surveyxact`. The dataset is read as a
canonical response file is (:func:`klyngestat.io.tables.read_table`); the
labels and structure files, which have no header or a short one, with their
separator found from the records they lead with.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pandas as pd

from klyngestat.io._surveyxact_grid import Export, Grid, grid_from_rows, join_datasets
from klyngestat.io.tables import read_table, sniff_csv
from klyngestat.models.problems import Problem

__all__ = ["read_csv_export"]

_KINDS = ("dataset", "labels", "structure")


def read_csv_export(path: Path) -> tuple[Export | None, list[Problem]]:
    """The export of a folder of CSV files, or of a dataset CSV with its companions beside it.

    Parameters
    ----------
    path
        The folder, or the dataset CSV.
    """
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
    export, join_problems = join_datasets([grid], str(found["dataset"]))
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
    return grid_from_rows(rows, source, header=header), []


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
    kinds = _files_by_kind(folder)
    found: dict[str, Path] = {"dataset": path} if path.is_file() else {}
    problems: list[Problem] = []
    stem = path.stem.casefold() if path.is_file() else ""
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
            if any(kinds.values()) or path.is_file():
                problems.append(_missing(kind, folder, path))
        else:
            problems.append(_ambiguous(kind, candidates, folder, path))
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


def _files_by_kind(folder: Path) -> dict[str, list[Path]]:
    """The folder's CSV (and .txt) files by what their names say they hold."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.casefold() in {".csv", ".txt"})
    kinds: dict[str, list[Path]] = {kind: [] for kind in _KINDS}
    for p in files:
        stem = p.stem.casefold()
        if "label" in stem:
            kinds["labels"].append(p)
        elif "structure" in stem or "struktur" in stem:
            kinds["structure"].append(p)
        elif "dataset" in stem or stem.startswith("data"):
            kinds["dataset"].append(p)
    return kinds


def _missing(kind: str, folder: Path, path: Path) -> Problem:
    return Problem(
        "error",
        "missing_table",
        f"no {kind} CSV file found in {folder}",
        file=str(path),
        value=kind.capitalize(),
        expected=f"a file named like {kind}.csv beside the dataset, as in SurveyXact's CSV "
        "download (a canonical response file is read without --mapping)",
    )


def _ambiguous(kind: str, candidates: list[Path], folder: Path, path: Path) -> Problem:
    return Problem(
        "error",
        "ambiguous_table",
        f"more than one {kind} CSV file in {folder}",
        file=str(path),
        value=", ".join(c.name for c in candidates),
        expected=f"one {kind} file; give the dataset CSV itself, or a folder holding one export",
    )
