"""A SurveyXact export's variables as the conversion sees them: found by name, located, and their problems kept.

Private to :mod:`klyngestat.io.surveyxact`. :class:`Variables` is what the
steps of the conversion (:mod:`klyngestat.io._surveyxact_columns`,
:mod:`klyngestat.io._surveyxact_answers`) share: it finds a mapped variable
(refusing personal ones), says where a cell is (file, sheet, row), decodes a
variable through the Labels table, and collects every problem. Work is
column-wise: each distinct cell is looked at once; Python loops run over rows
only to build a problem for a bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from klyngestat.io._columns import clean
from klyngestat.io._surveyxact_grid import Export
from klyngestat.io._surveyxact_meta import Meta
from klyngestat.models.problems import Problem, ProblemCode, Severity
from klyngestat.models.questionnaire import normalise_token

__all__ = ["PERSONAL_VARIABLES", "Column", "Variables", "dummy", "recode"]

#: Variables that name or reach a person; never mapped into a survey.
PERSONAL_VARIABLES = frozenset(
    {
        "email",
        "e-mail",
        "e_mail",
        "mail",
        "navn",
        "name",
        "fornavn",
        "efternavn",
        "firstname",
        "lastname",
        "fullname",
        "telefon",
        "phone",
        "mobil",
        "mobile",
        "cpr",
        "adresse",
        "address",
    }
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Column:
    """One canonical column made from the export, and where its cells came from."""

    values: pd.Categorical[str]
    variable: str
    """The export variable (or question name) the column came from, as problems name it."""
    location: str
    """The table (file, or "file [sheet]") that holds it."""


class Variables:
    """The export's variables by name, where their cells are, and the problems found in converting them."""

    def __init__(self, export: Export, meta: Meta, mapping_source: str) -> None:
        self.export = export
        self.meta = meta
        self.mapping_source = mapping_source
        self.problems: list[Problem] = []
        self.used: set[str] = set()
        """The variables a column was made from (the others are reported as unmapped)."""
        self.n = len(next(iter(export.dataset.values())))
        self._folded = {name.casefold(): name for name in reversed(list(export.dataset))}

    def find(self, variable: str) -> str | None:
        """The dataset's name of a variable, matched exactly or else case-insensitively."""
        if variable in self.export.dataset:
            return variable
        return self._folded.get(variable.casefold())

    @property
    def dataset_location(self) -> str:
        """The (first) table holding the dataset."""
        return next(iter(self.export.rows), self.export.source)

    def location(self, variable: str) -> str:
        """The table holding a variable."""
        return self.export.where.get(variable, self.export.source)

    def row(self, variable: str, position: int | np.integer) -> int:
        """The file row of a variable's cell at a dataset position."""
        return int(self.export.rows[self.location(variable)][int(position)])

    def problem(
        self,
        severity: Severity,
        code: ProblemCode,
        message: str,
        *,
        variable: str | None = None,
        position: int | np.integer | None = None,
        column: str | None = None,
        value: str | None = None,
        expected: str | None = None,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        """Record a problem; a dataset cell is given by its variable and position."""
        if row is None and variable is not None and position is not None:
            row = self.row(variable, position)
        self.problems.append(
            Problem(
                severity,
                code,
                message,
                file=file or (self.location(variable) if variable else self.export.source),
                row=row,
                column=column or variable,
                value=value,
                expected=expected,
            )
        )

    def missing(self, variable: str, what: str) -> None:
        """Report a mapped variable the export does not have."""
        self.problem(
            "error",
            "missing_variable",
            f"{what} names variable {variable!r}, which the export does not have",
            file=self.dataset_location,
            column=variable,
            value=variable,
            expected="a variable of the dataset (its header row), or a multiple-choice question name of Structure",
        )

    def take(self, variable: str, what: str) -> str | None:
        """The dataset's variable for a mapped name, unless it is missing or personal (both reported)."""
        found = self.find(variable)
        if found is None:
            self.missing(variable, what)
            return None
        self.used.add(found)
        if found.casefold() in PERSONAL_VARIABLES:
            self.problem(
                "error",
                "personal_data",
                f"{what} names {found!r}, a personal variable; e-mail addresses, names and phone numbers "
                "never go into a survey",
                variable=found,
                expected="a variable that holds no personal data",
            )
            return None
        return found

    def refuse_email(self, column: Column, what: str) -> None:
        """Report a column whose cells hold e-mail addresses (without repeating them)."""
        hits = np.flatnonzero([bool(_EMAIL.search(str(c))) for c in column.values.categories])
        if len(hits):
            mask = np.isin(column.values.codes, hits)
            self.problem(
                "error",
                "personal_data",
                f"{what}: {int(mask.sum())} cell(s) hold an e-mail address, which must never reach a result "
                "(the addresses are not repeated here)",
                variable=column.variable,
                position=int(np.flatnonzero(mask)[0]),
                expected="a variable that holds no personal data",
            )

    def report_unlabelled(self, variable: str, unlabelled: list[int]) -> None:
        """Report each cell whose code (a category position of ``unlabelled``) has no label."""
        if not unlabelled:
            return
        column = self.export.dataset[variable]
        labels = self.meta.labels.get(variable, {})
        known = ", ".join(f"{code} ({label.text})" for code, label in labels.items()) or "none"
        for pos in np.flatnonzero(np.isin(column.codes, unlabelled)):
            self.problem(
                "error",
                "unlabelled_code",
                f"the code has no label in the Labels table for {variable}",
                variable=variable,
                position=pos,
                value=str(column[pos]),
                expected=f"a code the Labels table lists for {variable}: {known}",
            )

    def decoded(self, variable: str) -> Column:
        """A variable's cells as text: through the Labels table when it has labels, else as they are."""
        column = self.export.dataset[variable]
        labels = self.meta.labels.get(variable)
        texts: list[str | None] = []
        unlabelled: list[int] = []
        for i, category in enumerate(column.categories):
            if not labels:
                texts.append(clean(category))
                continue
            token = normalise_token(category)
            label = labels.get(token)
            if token and label is None:
                unlabelled.append(i)
            texts.append(label.text if label else None)
        self.report_unlabelled(variable, unlabelled)
        return Column(recode(column, texts), variable, self.location(variable))


def dummy(column: pd.Categorical[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 0/1 variable as (ones, cells that are neither 0, 1 nor blank)."""
    tokens = [normalise_token(c) for c in column.categories]
    one = np.array([t == "1" for t in tokens] + [False])
    bad = np.array([t not in {"", "0", "1"} for t in tokens] + [False])
    codes = np.asarray(column.codes, dtype=np.int64)
    index = np.where(codes >= 0, codes, len(tokens))
    return one[index], bad[index]


def recode(column: pd.Categorical[str], texts: Sequence[str | None]) -> pd.Categorical[str]:
    """Rename a categorical's categories (blank or None become missing, equal names merge)."""
    categories = list(dict.fromkeys(t for t in texts if t))
    position = {t: i for i, t in enumerate(categories)}
    lookup = np.array([position[t] if t else -1 for t in texts] + [-1], dtype=np.int64)
    codes = np.asarray(column.codes, dtype=np.int64)
    return pd.Categorical.from_codes(
        lookup[np.where(codes >= 0, codes, len(texts))], categories=pd.Index(categories, dtype=object)
    )
