"""Read an SPSS file (.sav, .zsav) as text cells, through its value labels.

SPSS's own codes are not the questionnaire's: a scale may run the other way,
or skip numbers. So a labelled variable is read through its value labels, and
a value without a label is an error naming it and its rows, never taken as a
code of the questionnaire. A variable with no value labels at all is read as
its codes (the canonical format accepts a scale's codes), and so is every
question variable when the analyst says the codes are the questionnaire's own
(``spss_codes="questionnaire"``). User-missing values (SPSS's usual way to
keep "Ved ikke" out of its own statistics) are read as the answers they
label, with a note; system-missing is blank.

Every step works on whole columns; only distinct unlabelled values and
variables are looped over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from klyngestat.models.problems import Problem
from klyngestat.models.questionnaire import Questionnaire

__all__ = ["SpssCodes", "read_sav"]

#: How an SPSS file's question variables are read: through their value labels (the default),
#: or as the questionnaire's own codes.
SpssCodes = Literal["labels", "questionnaire"]

# Read through their labels whatever spss_codes says: they are names, not codes of a scale.
_ID_COLUMNS = ("respondent_id", "specialty", "cluster", "status")
_ROWS_SHOWN = 5
_FIRST_ROW = 2  # the header is row 1, as in a spreadsheet


def read_sav(
    path: Path, *, spss_codes: SpssCodes = "labels", questionnaire: Questionnaire | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every variable of an SPSS file as categorical text, with the problems and notes of reading it.

    ``questionnaire``, when given, lets an error for an unlabelled value name
    the labels the question's scale accepts.
    """
    import pyreadstat

    source = str(path)
    frame, meta = pyreadstat.read_sav(source, user_missing=True)
    value_labels: dict[str, dict[Any, str]] = meta.variable_value_labels or {}
    missing_ranges: dict[str, list[Any]] = meta.missing_ranges or {}
    columns: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for name in frame.columns:
        column = frame[name]
        labels = value_labels.get(name) or {}
        if spss_codes == "questionnaire" and name not in _ID_COLUMNS:
            labels = {}
        present = _present(column)
        user_missing = present & _in_ranges(column, missing_ranges.get(name, []))
        if labels:
            text = column.map(labels).where(present)
            unlabelled = present & text.isna().to_numpy()
            problems += _unlabelled(column, unlabelled, name, labels, source, questionnaire)
        else:
            text = _code_text(column).where(present)
        if user_missing.any():
            problems.append(_user_missing_note(column, user_missing, name, labels, source))
        columns[name] = text.astype("category")
    out = pd.DataFrame(columns, index=pd.RangeIndex(len(frame)))
    out.columns = [str(c) for c in frame.columns]
    return out, problems


def _present(column: pd.Series) -> np.ndarray:
    """Cells that hold a value: not system-missing, and for text not blank."""
    if pd.api.types.is_numeric_dtype(column):
        return column.notna().to_numpy()
    text = column.astype(object)
    return (text.notna() & text.astype(str).str.strip().ne("")).to_numpy()


def _code_text(column: pd.Series) -> pd.Series:
    """A variable's values as text: whole numbers without SPSS's ``.0``."""
    if not pd.api.types.is_numeric_dtype(column):
        return column.astype(object)
    values = column.to_numpy(dtype=float)
    whole = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < 2.0**53)
    as_int = pd.Series(np.where(whole, values, 0).astype(np.int64), index=column.index).astype(str)
    return as_int.where(whole, column.astype(str)).astype(object)


def _in_ranges(column: pd.Series, ranges: list[Any]) -> np.ndarray:
    """Cells inside one of the variable's user-missing values or ranges (``{"lo": …, "hi": …}`` each)."""
    inside = np.zeros(len(column), dtype=bool)
    for bounds in ranges:
        lo, hi = (bounds.get("lo"), bounds.get("hi")) if isinstance(bounds, dict) else (bounds, bounds)
        if lo is None or hi is None:
            continue
        if pd.api.types.is_numeric_dtype(column):
            values = column.to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                inside |= (values >= float(lo)) & (values <= float(hi))
        else:
            inside |= column.astype(object).eq(lo).to_numpy() | column.astype(object).eq(hi).to_numpy()
    return inside


def _groups(column: pd.Series, mask: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """The distinct values of the masked cells, each with its 0-based positions, in value order."""
    positions = np.flatnonzero(mask)
    if not len(positions):
        return []
    keys, uniques = pd.factorize(column.iloc[positions], sort=True)
    order = np.argsort(keys, kind="stable")
    splits = np.flatnonzero(np.diff(keys[order])) + 1
    return list(zip(uniques.tolist(), np.split(positions[order], splits), strict=True))


def _code(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(positions: np.ndarray) -> str:
    rows = [str(int(p) + _FIRST_ROW) for p in positions[:_ROWS_SHOWN]]
    more = " …" if len(positions) > _ROWS_SHOWN else ""
    return f"{len(positions)} row(s): row {', '.join(rows)}{more}"


def _describe_labels(labels: dict[Any, str]) -> str:
    return ", ".join(f"{_code(code)} ({label})" for code, label in labels.items())


def _unlabelled(
    column: pd.Series,
    unlabelled: np.ndarray,
    name: str,
    labels: dict[Any, str],
    source: str,
    questionnaire: Questionnaire | None,
) -> list[Problem]:
    """One error per value without a value label, naming its rows."""
    problems: list[Problem] = []
    groups = _groups(column, unlabelled)
    if not groups:
        return problems
    expected = f"a code with a value label in {name}, which labels {_describe_labels(labels)}"
    if questionnaire is not None and name in questionnaire.question_ids and questionnaire.question(name).scale:
        expected += f"; the labels must be those of scale {questionnaire.scale_of(name).describe_options()}"
    expected += (
        "; label every code in SPSS, or, if the codes are the questionnaire's own, remove the variable's value "
        "labels (a variable without value labels is read as codes)"
    )
    for value, positions in groups:
        problems.append(
            Problem(
                "error",
                "unlabelled_code",
                f"the SPSS value {_code(value)} has no value label in {name}; it is not read as a code of the "
                f"questionnaire ({_rows(positions)})",
                file=source,
                row=int(positions[0]) + _FIRST_ROW,
                column=name,
                value=_code(value),
                expected=expected,
            )
        )
    return problems


def _user_missing_note(
    column: pd.Series, user_missing: np.ndarray, name: str, labels: dict[Any, str], source: str
) -> Problem:
    """The note that user-missing values were read as the answers they label (or as their codes)."""
    parts = []
    for value, positions in _groups(column, user_missing):
        label = labels.get(value)
        if label is not None:
            what = f"{_code(value)} ({label})"
        else:
            what = f"{_code(value)} (no value label{': see its error' if labels else ', read as the code'})"
        parts.append(f"{what} in {len(positions)} row(s)")
    read_as = "the answers they label" if labels else "their codes"
    return Problem(
        "info",
        "spss_user_missing",
        f"values SPSS declares user-missing are read as {read_as} and count in the base: " + ", ".join(parts),
        file=source,
        column=name,
    )
