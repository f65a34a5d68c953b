"""What a SurveyXact export says about its variables: value labels (Labels) and questions (Structure).

Private to :mod:`klyngestat.io.surveyxact`. The Labels table gives each
closed variable's codes their labels; the Structure table each variable's
question type, and the choices of each multiple-choice question (one 0/1
variable per choice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from klyngestat.io._columns import clean
from klyngestat.io._surveyxact_grid import Export, Grid
from klyngestat.models.problems import Problem
from klyngestat.models.questionnaire import normalise_token

__all__ = ["Choice", "Label", "Meta", "read_meta"]

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
class Label:
    """A code's label, and its row in the Labels table."""

    text: str
    row: int


@dataclass(frozen=True)
class Choice:
    """One choice of a multiple-choice question: its 0/1 variable, value, text and Structure row."""

    variable: str
    value: str
    text: str
    row: int


@dataclass
class Meta:
    """The export's labels, multiple-choice questions and question types."""

    labels: dict[str, dict[str, Label]] = field(default_factory=dict)
    """variable -> normalised code -> label."""
    multiple: dict[str, list[Choice]] = field(default_factory=dict)
    """multiple-choice question name -> its choices."""
    kinds: dict[str, str] = field(default_factory=dict)
    """variable -> questionType (Closed, Open)."""


def read_meta(export: Export) -> tuple[Meta, list[Problem]]:
    """The labels and structure of an export, and the problems of its two tables.

    Parameters
    ----------
    export
        The export read by :func:`klyngestat.io._surveyxact_tables.read_export`.
    """
    meta = Meta()
    problems: list[Problem] = []
    if export.labels is not None:
        problems += _read_labels(export.labels, meta)
    if export.structure is not None:
        problems += _read_structure(export.structure, meta)
    return meta, problems


def _read_labels(labels: Grid, meta: Meta) -> list[Problem]:
    """Fill ``meta.labels`` from the Labels table (variable, code, label; no header)."""
    if len(labels.columns) < 3:
        return [
            Problem(
                "error",
                "not_surveyxact",
                "not a SurveyXact Labels table: it needs three columns (variable, code, label), no header",
                file=labels.location,
                value=f"{len(labels.columns)} column(s)",
            )
        ]
    problems = []
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
    return problems


def _read_structure(structure: Grid, meta: Meta) -> list[Problem]:
    """Fill ``meta.kinds`` and ``meta.multiple`` from the Structure table."""
    header = [h.casefold() for h in structure.header]
    if "variablename" not in header or "questionname" not in header:
        return [
            Problem(
                "error",
                "not_surveyxact",
                "not a SurveyXact Structure table: its header lacks questionName and variableName",
                file=structure.location,
                value=", ".join(h for h in structure.header if h),
                expected=", ".join(_STRUCTURE_COLUMNS),
            )
        ]
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
        choice_value = clean(column["choicevalue"][pos])
        if subtype.casefold() == "multiple" or (question and question != variable and choice_value):
            meta.multiple.setdefault(question, []).append(
                Choice(
                    variable,
                    normalise_token(choice_value),
                    clean(column["choicetext"][pos]),
                    pos + structure.first_row,
                )
            )
    return []
