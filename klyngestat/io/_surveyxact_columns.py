"""The respondent id, background and status columns of a SurveyXact export, as canonical columns.

Private to :mod:`klyngestat.io.surveyxact`. Each step reads the export's
variables through :class:`~klyngestat.io._surveyxact_variables.Variables`,
which keeps the problems found: a 1234.0 id is id 1234, a background variable
reads through its labels, and the status comes from the five 0/1 variables
of the question "Samlet status". The answers' columns are made by
:mod:`klyngestat.io._surveyxact_answers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from klyngestat.io._columns import clean
from klyngestat.io._surveyxact_grid import RESPONDENT_ID_NAMES
from klyngestat.io._surveyxact_variables import Column, Variables, dummy, recode
from klyngestat.models.mapping import STATUS_CODE_NAMES, MappedStatus

__all__ = ["STATUS_QUESTION_NAMES", "Status", "background", "respondent_ids", "status"]

#: Question names of the five status dummies, long then short.
STATUS_QUESTION_NAMES = ("statoverall", "stato")
_WHOLE_FLOAT = re.compile(r"^(-?\d+)\.0+$")


@dataclass(frozen=True)
class Status:
    """Each row's status from the five status variables, and where they are."""

    statuses: np.ndarray
    """Each row's status as mapped (``not_invited`` included)."""
    broken: np.ndarray
    """Rows whose five status variables do not hold exactly one 1."""
    variable: str
    location: str


def respondent_ids(variables: Variables, mapped: str | None) -> Column | None:
    """The respondent ids: the mapped variable, else SurveyXact's own; None (reported) when there is none.

    Parameters
    ----------
    variables
        The export's variables.
    mapped
        The mapping's ``respondent_id``, or None for SurveyXact's ``respondentid`` (``responde``).
    """
    if mapped is None:
        mapped = next((v for name in RESPONDENT_ID_NAMES if (v := variables.find(name)) is not None), None)
        if mapped is None:
            variables.problem(
                "error",
                "missing_variable",
                "the export has no respondent id variable",
                file=variables.dataset_location,
                value=" or ".join(RESPONDENT_ID_NAMES),
                expected="SurveyXact's respondentid (short name responde), or respondent_id in the mapping",
            )
            return None
    variable = variables.take(mapped, "the mapping's respondent_id")
    if variable is None:
        return None
    raw = variables.export.dataset[variable]
    texts = [_WHOLE_FLOAT.sub(r"\1", clean(c)) for c in raw.categories]  # 1234.0 is id 1234
    column = Column(recode(raw, texts), variable, variables.location(variable))
    variables.refuse_email(column, "respondent_id")
    return column


def background(variables: Variables, key: str, mapped: str) -> Column | None:
    """A background column (specialty, cluster) through its labels; None (reported) when it cannot be used.

    Parameters
    ----------
    variables
        The export's variables.
    key
        The canonical column, as problems name it.
    mapped
        The export variable the mapping gives for it.
    """
    variable = variables.take(mapped, f"the mapping's {key}")
    if variable is None:
        return None
    column = variables.decoded(variable)
    variables.refuse_email(column, key)
    return column


def status(variables: Variables, mapped: str | None, codes: dict[int, MappedStatus]) -> Status | None:
    """Each row's status from the five 0/1 status variables; None (reported) when they are not all there.

    Parameters
    ----------
    variables
        The export's variables.
    mapped
        The mapping's ``status_question``, or None for SurveyXact's ``statoverall`` (``stato``).
    codes
        The status each of the five codes maps to.
    """
    names = _status_variables(variables, mapped)
    if names is None:
        return None
    variables.used.update(names)
    ones = np.zeros((variables.n, len(names)), dtype=bool)
    odd = np.zeros(variables.n, dtype=bool)
    for k, name in enumerate(names):
        one, bad = dummy(variables.export.dataset[name])
        ones[:, k] = one
        odd |= bad
    count = ones.sum(axis=1)
    broken = odd | (count != 1)
    label = f"{names[0]}…{names[-1]}"
    for pos in np.flatnonzero(broken):
        cells = ",".join(clean(variables.export.dataset[name][pos]) for name in names)
        variables.problem(
            "error",
            "invalid_status",
            "the five status variables must hold exactly one 1"
            + (" (they hold none)" if count[pos] == 0 and not odd[pos] else ""),
            variable=names[0],
            position=pos,
            column=label,
            value=cells,
            expected="one 1 and four 0 (or blank): 1 Ny, 2 Distribueret, 3 Nogen svar, 4 Gennemført, 5 Frafaldet",
        )
    table = np.array([codes[k] for k in STATUS_CODE_NAMES], dtype=object)
    return Status(table[np.argmax(ones, axis=1)], broken, label, variables.location(names[0]))


def _status_variables(variables: Variables, mapped: str | None) -> list[str] | None:
    """The dataset's five status variables (``statoverall_1`` …), or None when they are not all there (reported)."""
    prefixes = (mapped,) if mapped else STATUS_QUESTION_NAMES
    for prefix in prefixes:
        found = [variables.find(f"{prefix}_{k}") for k in STATUS_CODE_NAMES]
        names = [v for v in found if v is not None]
        if len(names) == len(STATUS_CODE_NAMES):
            return names
    lacking = [f"{prefixes[0]}_{k}" for k in STATUS_CODE_NAMES if variables.find(f"{prefixes[0]}_{k}") is None]
    variables.problem(
        "error",
        "missing_variable",
        "the export lacks the five status variables of the question 'Samlet status'",
        file=variables.dataset_location,
        value=", ".join(lacking),
        expected="statoverall_1 … statoverall_5 (short names stato_1 … stato_5), or status_question in the mapping",
    )
    return None
