"""Typed validation problems and the report that collects them all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from klyngestat.models._text import terminal_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "ProblemCode", "Severity", "SurveyValidationError", "ValidationReport"]

Severity = Literal["error", "warning", "info"]

ProblemCode = Literal[
    "unreadable_file",
    "empty_file",
    "missing_column",
    "duplicate_column",
    "unknown_column",
    "absent_question",
    "blank_id",
    "duplicate_id",
    "unknown_status",
    "blank_specialty",
    "blank_cluster",
    "unknown_answer",
    "answer_from_non_respondent",
    "unknown_cluster",
    "cluster_without_invited",
    "more_respondents_than_members",
    "invited_differs_from_members",
    "invalid_roster",
    "invalid_reference",
    "blank_row",
    "blank_column",
    "ragged_row",
    "uncomputed_formula",
    "error_cell",
    # SurveyXact exports (klyngestat.io.surveyxact)
    "invalid_mapping",
    "unknown_question",
    "not_surveyxact",
    "missing_table",
    "ambiguous_table",
    "misaligned_sheets",
    "missing_variable",
    "personal_data",
    "kind_mismatch",
    "ambiguous_label",
    "unlabelled_code",
    "unknown_label",
    "multiple_choices",
    "invalid_status",
    "not_invited",
    "unmapped_variables",
    # SPSS files (klyngestat.io.tables)
    "spss_user_missing",
    # CSV text encoding (klyngestat.io._encoding)
    "mixed_encoding",
    "undecodable_line",
    # specialties and clusters of one row, when no roster is given (klyngestat.io.canonical)
    "single_row_specialty",
    "single_row_cluster",
]


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located as precisely as it can be.

    ``row`` is the line number in the file (the header is line 1), or ``None``
    for problems of a whole file or column. As text (``str``) a problem is one
    line, with every control or bidirectional character from the data shown
    escaped (``\\x1b``, ``\\u202e``); its fields keep the values as read.
    """

    severity: Severity
    code: ProblemCode
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"row {self.row}" if self.row is not None else None,
                f"column {self.column!r}" if self.column is not None else None,
            )
            if part
        )
        text = f"{self.severity}: {where + ': ' if where else ''}{self.message}"
        if self.value is not None:
            text += f" (value {self.value!r}"
            text += f"; expected {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" (expected {self.expected})"
        return terminal_text(text)  # one line, safe for a terminal, whatever the file held


_FIELDS = ("severity", "code", "file", "row", "column", "value", "expected", "message")
"""A problem's fields as a report's table and JSON give them."""


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found in one input, errors first; empty when all is well."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> ValidationReport:
        """Collect problems, ordered by severity, file and row."""
        order = {"error": 0, "warning": 1, "info": 2}
        return cls(
            tuple(
                sorted(
                    problems,
                    key=lambda p: (order[p.severity], p.file or "", p.row or 0, p.column or ""),
                )
            )
        )

    def __add__(self, other: ValidationReport) -> ValidationReport:
        return ValidationReport.of((*self.problems, *other.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that make the input unusable."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems the analyst should know of; the input is still used."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """One row per problem."""
        import pandas as pd

        return pd.DataFrame(self._records(), columns=list(_FIELDS)).astype({"row": "Int64"})

    def _records(self) -> list[dict[str, object]]:
        """One dict per problem, its fields in the order of :meth:`to_frame`'s columns."""
        return [{name: getattr(p, name) for name in _FIELDS} for p in self.problems]

    def _repr_html_(self) -> str:
        from klyngestat.models._display import analysis_html

        return analysis_html(self.to_frame(), f"Valideringsrapport: {str(self).splitlines()[0]}", max_rows=60)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the report's counts, and each problem's fields (None where a field is empty)."""
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": self._records(),
        }

    def __str__(self) -> str:
        if not self.problems:
            return "No problems found."
        notes = len(self.problems) - len(self.errors) - len(self.warnings)
        head = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), {notes} note(s)"
        return "\n".join([head, *(str(p) for p in self.problems)])


class SurveyValidationError(ValueError):
    """Raised when input has errors; carries the full report."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(str(report))
