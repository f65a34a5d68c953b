"""Every check of the canonical response table, column-wise on text columns, in stages.

1. blank rows and unnamed blank columns are left out (notes); a table
   without rows is an error;
2. the header: repeated and missing columns (errors that stop the rest),
   unknown columns and absent questions;
3. the columns: ids, specialties and clusters, statuses, answers, and
   answers from non-respondents;
4. the groups: against the roster when there is one, else specialties and
   clusters of a single row (:mod:`klyngestat.io._group_checks`).

The same checks serve a file and a DataFrame (:mod:`klyngestat.io._frames`
makes its columns text columns). Nothing here imports pandas; the Survey's
frame is built from what they return, only when a Survey is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from klyngestat.io._columns import Names, TextColumn, TextTable, blank_cells, blank_rows, free_text, ids, map_tokens
from klyngestat.io._columns import names as text_names
from klyngestat.io._group_checks import check_roster, check_single_rows
from klyngestat.models._statuses import ID_COLUMNS, RESPONDENT_STATUSES, STATUSES, Status
from klyngestat.models.problems import Problem, ProblemCode
from klyngestat.models.questionnaire import Questionnaire

if TYPE_CHECKING:
    from klyngestat.models.roster import Roster

__all__ = ["CheckedTable", "check_table"]


@dataclass
class CheckedTable:
    """The checked columns, typed (None when a stage with errors stopped the checks), and every problem found.

    ``answers`` holds, for each question with a column, in questionnaire
    order: a closed question's codes into its scale's options (-1 for none),
    or a free-text question's tidy texts (NaN or None for none).
    """

    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    respondent_id: np.ndarray | None = None
    specialty: Names | None = None
    cluster: Names | None = None
    status: np.ndarray | None = None
    answers: dict[str, np.ndarray] = field(default_factory=dict)


def check_table(
    table: TextTable,
    source: str,
    first_row: int,
    questionnaire: Questionnaire,
    roster: Roster | None,
    status_aliases: dict[str, Status],
) -> CheckedTable:
    """Check a response table; ``first_row`` is the row number of its first record (0 in a DataFrame)."""
    table, file_rows, problems = _without_blanks(table, source, first_row)
    if not table.columns or not table.rows:
        problems.append(
            Problem(
                "error", "empty_file", "no rows", file=source, expected="a header row and one row per invited person"
            )
        )
        return CheckedTable(problems)
    problems += _header_problems(table.names, source)
    if any(p.severity == "error" for p in problems):
        return CheckedTable(problems)
    problems += _column_notes(table.names, questionnaire, source)
    at = _Rows(source, file_rows)
    checked = CheckedTable(problems, table.rows)
    checked.respondent_id = _check_ids(table.column("respondent_id"), at, problems)
    checked.specialty, checked.cluster = _check_names(table, at, problems)
    if roster is not None:
        checked.specialty = _in_roster_order(checked.specialty, roster)
    status = table.column("status")
    checked.status = _check_status(status, status_aliases, at, problems)
    respondent = np.isin(checked.status, [STATUSES.index(s) for s in RESPONDENT_STATUSES])
    # Rows whose status is unknown are reported as such, not also as non-respondents with answers.
    non_respondent = ~respondent & (checked.status >= 0)
    checked.answers = _check_answers(table, questionnaire, non_respondent, status, at, problems)
    if roster is not None:
        # Rows with errors take no part (their specialty or cluster may be blank), but the check still runs,
        # so one pass reports row problems and roster problems together.
        problems += check_roster(checked.specialty, checked.cluster, respondent, roster, source, file_rows)
    else:
        problems += check_single_rows(checked.specialty, checked.cluster, source, file_rows)
    return checked


@dataclass(frozen=True)
class _Rows:
    """Where a table's rows are: the file, and each row's number there."""

    source: str
    file_rows: np.ndarray

    def problem(
        self,
        severity: str,
        code: ProblemCode,
        message: str,
        position: int | np.integer,
        column: str,
        *,
        value: str | None = None,
        expected: str | None = None,
    ) -> Problem:
        """A problem of the row at ``position``."""
        return Problem(
            severity,  # type: ignore[arg-type]
            code,
            message,
            file=self.source,
            row=int(self.file_rows[position]),
            column=column,
            value=value,
            expected=expected,
        )


def _without_blanks(table: TextTable, source: str, first_row: int) -> tuple[TextTable, np.ndarray, list[Problem]]:
    """Leave out wholly blank rows and unnamed blank columns (what spreadsheets leave behind), and say so.

    Rows keep their place in the file: the second value is each row's number
    there, so that problems name the row a spreadsheet shows.
    """
    problems: list[Problem] = []
    unnamed = [i for i, name in enumerate(table.names) if name.strip() == "" or name.startswith("Unnamed: ")]
    blank_columns = [i for i in unnamed if blank_cells(table.columns[i]).all()]
    if blank_columns:
        table = table.select([i for i in range(len(table.columns)) if i not in blank_columns])
        problems.append(
            Problem("info", "blank_column", f"{len(blank_columns)} unnamed, empty column(s) left out", file=source)
        )
    # A cell of only whitespace is blank, so a row of such cells is one blank row, not a row of blank ids.
    blank = blank_rows(table)
    if not blank.any():
        return table, np.arange(table.rows) + first_row, problems
    rows = np.flatnonzero(blank) + first_row
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    problems.append(Problem("info", "blank_row", f"{len(rows)} empty row(s) left out: row {shown}", file=source))
    return table.take(~blank), np.flatnonzero(~blank) + first_row, problems


def _header_problems(names: tuple[str, ...], source: str) -> list[Problem]:
    """Columns named more than once, and required columns that are missing: errors that stop the checks."""
    problems = [
        Problem("error", "duplicate_column", "column appears more than once", file=source, column=name)
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    problems += [
        Problem(
            "error",
            "missing_column",
            "required column is missing",
            file=source,
            column=name,
            expected=", ".join(ID_COLUMNS) + " and one column per question",
        )
        for name in ID_COLUMNS
        if name not in names
    ]
    return problems


def _column_notes(names: tuple[str, ...], questionnaire: Questionnaire, source: str) -> list[Problem]:
    """Columns that are not questions (ignored), and the questions without a column."""
    question_ids = set(questionnaire.question_ids)
    problems = [
        Problem(
            "warning",
            "unknown_column",
            "not a question of the questionnaire; ignored",
            file=source,
            column=name,
            expected="a question id of the questionnaire",
        )
        for name in names
        if name not in question_ids and name not in ID_COLUMNS
    ]
    absent = [q for q in questionnaire.question_ids if q not in names]
    if absent:
        problems.append(
            Problem(
                "info",
                "absent_question",
                f"{len(absent)} question(s) of the questionnaire are absent from the data: " + ", ".join(absent),
                file=source,
            )
        )
    return problems


def _check_ids(column: TextColumn, at: _Rows, problems: list[Problem]) -> np.ndarray:
    """The tidy ids; a blank id and an id of several rows are errors."""
    tidy, blank, duplicate = ids(column)
    for pos in np.flatnonzero(blank):
        problems.append(
            at.problem("error", "blank_id", "respondent_id is blank", pos, "respondent_id", expected="a unique id")
        )
    for pos in np.flatnonzero(duplicate):
        problems.append(
            at.problem(
                "error",
                "duplicate_id",
                "respondent_id occurs more than once",
                pos,
                "respondent_id",
                value=str(tidy[pos]),
                expected="a unique id",
            )
        )
    return tidy


def _check_names(table: TextTable, at: _Rows, problems: list[Problem]) -> tuple[Names, Names]:
    """The specialties and clusters as sorted names; a blank one is an error."""
    checked = []
    blank_codes: tuple[tuple[str, ProblemCode], ...] = (("specialty", "blank_specialty"), ("cluster", "blank_cluster"))
    for name, code in blank_codes:
        values = text_names(table.column(name))
        for pos in np.flatnonzero(values.codes < 0):
            problems.append(at.problem("error", code, f"{name} is blank", pos, name, expected=f"the {name}'s name"))
        checked.append(values)
    return checked[0], checked[1]


def _in_roster_order(specialty: Names, roster: Roster) -> Names:
    """The specialties in the roster's order, those it lacks after them in sorted order."""
    order = list(dict.fromkeys(c.specialty for c in roster.clusters))
    reordered = sorted(specialty.names, key=lambda s: (order.index(s) if s in order else len(order), s))
    position = {name: i for i, name in enumerate(reordered)}
    lookup = np.array([position[name] for name in specialty.names] + [-1], dtype=np.int64)
    return Names(lookup[specialty.codes], tuple(reordered))


def _check_status(
    column: TextColumn, status_aliases: dict[str, Status], at: _Rows, problems: list[Problem]
) -> np.ndarray:
    """Each row's status as its position in STATUSES, -1 where it is blank or unknown (an error)."""
    codes, bad = map_tokens(column, {k: STATUSES.index(v) for k, v in status_aliases.items()})
    for pos in np.flatnonzero(bad | (codes == -1)):
        problems.append(
            at.problem(
                "error",
                "unknown_status",
                "unknown status",
                pos,
                "status",
                value=column.cell(pos),
                expected="completed, partial or not_answered (or a spelling given in status_aliases)",
            )
        )
    return codes


def _check_answers(
    table: TextTable,
    questionnaire: Questionnaire,
    non_respondent: np.ndarray,
    status: TextColumn,
    at: _Rows,
    problems: list[Problem],
) -> dict[str, np.ndarray]:
    """Each question's answers: closed ones on their scale (else an error), free text tidied; and who gave them."""
    answers: dict[str, np.ndarray] = {}
    answered = np.zeros(table.rows, dtype=bool)  # rows with an answer to any question
    for question in questionnaire.questions:
        if question.id not in table.names:
            continue
        column = table.column(question.id)
        if question.kind == "text":
            answers[question.id], given = free_text(column)
            answered |= given
            continue
        scale = questionnaire.scales[question.scale]  # type: ignore[index]
        codes, bad = map_tokens(column, scale.token_map())
        for pos in np.flatnonzero(bad):
            problems.append(
                at.problem(
                    "error",
                    "unknown_answer",
                    f"answer is not on scale {scale.id!r}",
                    pos,
                    question.id,
                    value=column.cell(pos),
                    expected=scale.describe_options(),
                )
            )
        if bad.any():
            codes[bad] = -1
        answered |= codes >= 0
        answers[question.id] = codes
    for pos in np.flatnonzero(non_respondent & answered):
        problems.append(
            at.problem(
                "warning",
                "answer_from_non_respondent",
                "answers given but status is not_answered; they are not counted",
                pos,
                "status",
                value=str(status.cell(pos)),
                expected="completed or partial for a person who answered",
            )
        )
    return answers
