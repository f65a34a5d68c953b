"""Read the roster (cluster member counts) and the national reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
from pydantic import ValidationError

from klyngestat.io.tables import read_table
from klyngestat.models.problems import Problem, ProblemCode, SurveyValidationError, ValidationReport
from klyngestat.models.reference import NationalFigure, NationalReference
from klyngestat.models.roster import Cluster, Roster

__all__ = ["load_reference", "load_roster", "read_reference", "read_roster"]


def read_roster(path: str | Path) -> tuple[Roster | None, list[Problem]]:
    """Read a roster file (``specialty, cluster, members``): the roster, or None and every problem.

    Parameters
    ----------
    path
        A CSV or Excel file with one row per cluster: its specialty, its name
        and its number of members.

    Returns
    -------
    tuple
        The roster (None when there is any error) and every problem found.
    """
    return _records(
        path,
        ("specialty", "cluster", "members"),
        Cluster,
        lambda items: Roster(clusters=tuple(items)),
        "invalid_roster",
    )


def read_reference(path: str | Path) -> tuple[NationalReference | None, list[Problem]]:
    """Read national reference figures (``question, group, share[, n, source]``).

    Parameters
    ----------
    path
        A CSV or Excel file with one row per published national figure.

    Returns
    -------
    tuple
        The reference (None when there is any error) and every problem found.
    """
    return _records(
        path,
        ("question", "share"),
        NationalFigure,
        lambda items: NationalReference(figures=tuple(items)),
        "invalid_reference",
    )


def load_roster(path: str | Path) -> Roster:
    """Read a roster file, raising :class:`SurveyValidationError` on any problem.

    Parameters
    ----------
    path
        A roster file, as :func:`read_roster` reads it.
    """
    roster, problems = read_roster(path)
    if roster is None:
        raise SurveyValidationError(ValidationReport.of(problems))
    return roster


def load_reference(path: str | Path) -> NationalReference:
    """Read a national reference file, raising :class:`SurveyValidationError` on any problem.

    Parameters
    ----------
    path
        A reference file, as :func:`read_reference` reads it.
    """
    reference, problems = read_reference(path)
    if reference is None:
        raise SurveyValidationError(ValidationReport.of(problems))
    return reference


_Item = TypeVar("_Item", Cluster, NationalFigure)
_Result = TypeVar("_Result", Roster, NationalReference)


def _records(
    path: str | Path,
    required: tuple[str, ...],
    model: type[_Item],
    combine: Callable[[list[_Item]], _Result],
    code: ProblemCode,
) -> tuple[_Result | None, list[Problem]]:
    raw, problems = read_table(path)
    if raw is None:
        return None, problems
    frame = raw.frame
    src = raw.source
    for name in required:
        if name not in frame.columns:
            problems.append(
                Problem(
                    "error",
                    "missing_column",
                    "required column is missing",
                    file=src,
                    column=name,
                    expected=", ".join(required),
                )
            )
    if problems:
        return None, problems
    items = []
    for position, record in enumerate(frame.astype(object).to_dict("records")):
        clean = {k: str(v).strip() for k, v in record.items() if k in model.model_fields and not pd.isna(v)}
        if "share" in clean:
            clean["share"] = clean["share"].replace(",", ".")
        try:
            items.append(model.model_validate(clean))
        except ValidationError as exc:
            for err in exc.errors():
                column = str(err["loc"][0]) if err["loc"] else None
                problems.append(
                    Problem(
                        "error",
                        code,
                        err["msg"],
                        file=src,
                        row=position + raw.first_row,
                        column=column,
                        value=None if column is None else clean.get(column),
                        expected=err["type"],
                    )
                )
    if problems:
        return None, problems
    try:
        return combine(items), []
    except ValidationError as exc:
        return None, [Problem("error", code, e["msg"], file=src) for e in exc.errors()]
