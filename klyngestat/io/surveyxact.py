"""Read a SurveyXact export (workbook or CSV trio) through a mapping file into the canonical format.

The export's tables are read as text, its answer codes are turned into labels
through its own Labels table, the labels are matched to the questionnaire's
labels, and the result, one row per invited person in the canonical format,
is validated by the same builder as a canonical file (:mod:`klyngestat.io.canonical`).
Problems name the export's file, sheet, row and variable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from klyngestat.io._surveyxact_answers import question
from klyngestat.io._surveyxact_columns import Status, background, respondent_ids
from klyngestat.io._surveyxact_columns import status as status_column
from klyngestat.io._surveyxact_grid import Export
from klyngestat.io._surveyxact_meta import read_meta
from klyngestat.io._surveyxact_tables import read_export
from klyngestat.io._surveyxact_variables import Column, Variables
from klyngestat.io.canonical import _build
from klyngestat.io.tables import RawTable
from klyngestat.models.mapping import STATUS_CODE_NAMES, MappingError, SurveyXactMapping, load_mapping
from klyngestat.models.problems import Problem, SurveyValidationError, ValidationReport
from klyngestat.models.questionnaire import Questionnaire, load_questionnaire
from klyngestat.models.roster import Roster
from klyngestat.survey import Survey

__all__ = ["read_surveyxact", "surveyxact_to_canonical", "validate_surveyxact"]

# ---------------------------------------------------------------- public API


def read_surveyxact(
    path: str | Path,
    mapping: SurveyXactMapping | str | Path,
    *,
    questionnaire: Questionnaire | str | Path | None = None,
    roster: Roster | str | Path | None = None,
    year: int | None = None,
) -> Survey:
    """Read a SurveyXact export through a mapping file and validate it.

    Parameters
    ----------
    path
        The export: an ``.xlsx`` workbook (sheets Dataset, or Dataset (1),
        Dataset (2), …, Labels and Structure), a folder holding the dataset,
        labels and structure CSV files, or the dataset CSV with its two
        companions beside it.
    mapping
        A :class:`~klyngestat.models.mapping.SurveyXactMapping` or the path of
        its TOML file.
    questionnaire
        A Questionnaire or a TOML path; the bundled eKVIS questionnaire by default.
    roster
        A Roster or a roster file (``specialty, cluster, members``), optional.
    year
        The wave's year.

    Returns
    -------
    Survey
        What :func:`klyngestat.read_survey` returns for the same data in the
        canonical format; never-distributed persons (status 1, "Ny", by
        default) are not in it.

    Raises
    ------
    SurveyValidationError
        With the full report of every problem, when the export or the mapping
        has errors.

    Examples
    --------
    >>> from klyngestat.models.mapping import example_mapping_path
    >>> from klyngestat.io.surveyxact import _example_export
    >>> survey = read_surveyxact(_example_export("dataset_1234567_20260301_1.xlsx"), example_mapping_path())
    >>> survey.specialties
    ('Dermatologi', 'Plastikkirurgi')
    >>> [p.code for p in survey.report.problems]
    ['unmapped_variables', 'not_invited']
    """
    survey, report = _read(path, mapping, questionnaire, roster, year)
    if survey is None:
        raise SurveyValidationError(report)
    return survey


def validate_surveyxact(
    path: str | Path,
    mapping: SurveyXactMapping | str | Path,
    *,
    questionnaire: Questionnaire | str | Path | None = None,
    roster: Roster | str | Path | None = None,
) -> ValidationReport:
    """Every problem of a SurveyXact export and its mapping, all at once; never raises for bad data.

    Parameters
    ----------
    path
        The export, as :func:`read_surveyxact` reads it.
    mapping
        A :class:`~klyngestat.models.mapping.SurveyXactMapping` or the path of
        its TOML file.
    questionnaire
        A Questionnaire or a TOML path; the bundled eKVIS questionnaire by default.
    roster
        A Roster or a roster file (``specialty, cluster, members``), optional.

    Returns
    -------
    ValidationReport
        Every problem of the export, the mapping and the roster.

    Examples
    --------
    >>> from klyngestat.models.mapping import example_mapping_path
    >>> from klyngestat.io.surveyxact import _example_export
    >>> validate_surveyxact(_example_export("csv"), example_mapping_path()).ok
    True
    """
    return _read(path, mapping, questionnaire, roster, None)[1]


def surveyxact_to_canonical(
    path: str | Path,
    mapping: SurveyXactMapping | str | Path,
    *,
    questionnaire: Questionnaire | str | Path | None = None,
    roster: Roster | str | Path | None = None,
) -> tuple[pd.DataFrame | None, ValidationReport]:
    """The export in the canonical format (one row per invited person), and the full report.

    The frame has ``respondent_id, specialty, cluster, status`` and one
    column per mapped question (closed answers as the questionnaire's
    labels); it is ``None`` when the report has errors. Write it with
    :func:`klyngestat.io.writers.write_canonical_csv`.

    Parameters
    ----------
    path
        The export, as :func:`read_surveyxact` reads it.
    mapping
        A :class:`~klyngestat.models.mapping.SurveyXactMapping` or the path of
        its TOML file.
    questionnaire
        A Questionnaire or a TOML path; the bundled eKVIS questionnaire by default.
    roster
        A Roster or a roster file (``specialty, cluster, members``), optional.

    Returns
    -------
    tuple
        The canonical frame (None when the report has errors) and the report.

    Examples
    --------
    >>> from klyngestat.models.mapping import example_mapping_path
    >>> from klyngestat.io.surveyxact import _example_export
    >>> frame, report = surveyxact_to_canonical(_example_export("csv"), example_mapping_path())
    >>> list(frame.columns[:5])
    ['respondent_id', 'specialty', 'cluster', 'status', 'moededeltagelse']
    >>> "email" in frame.columns or "navn" in frame.columns
    False
    """
    conversion, report, _ = _pipeline(path, mapping, questionnaire, roster, None)
    if not report.ok or conversion is None:
        return None, report
    return conversion.frame.copy(), report


# ---------------------------------------------------------------- conversion


@dataclass(frozen=True)
class _Conversion:
    frame: pd.DataFrame
    source: str
    rows: np.ndarray
    """Per canonical row: its position in the export's dataset."""
    columns: dict[str, tuple[str, str]]
    """canonical column -> (location, export variable)."""
    export_rows: dict[str, np.ndarray]
    """location -> file row of each export dataset record."""


def _convert(
    export: Export, mapping: SurveyXactMapping, mapping_source: str, questionnaire: Questionnaire
) -> tuple[_Conversion | None, list[Problem]]:
    """The export's mapped variables as a canonical frame; None when a column the frame needs cannot be made."""
    meta, problems = read_meta(export)
    problems += _unknown_questions(mapping, mapping_source, questionnaire)
    if export.labels is None or export.structure is None:
        return None, problems
    variables = Variables(export, meta, mapping_source)
    ids = respondent_ids(variables, mapping.respondent_id)
    status = status_column(variables, mapping.status_question, mapping.status_codes)
    specialty = background(variables, "specialty", mapping.specialty)
    cluster = background(variables, "cluster", mapping.cluster)
    questions = {
        question_id: column
        for question_id in questionnaire.question_ids
        if question_id in mapping.questions
        and (column := question(variables, questionnaire, question_id, mapping.questions[question_id])) is not None
    }
    problems += variables.problems
    problems += _unmapped(export, variables.used)
    if ids is None or status is None or specialty is None or cluster is None:
        return None, problems
    not_invited = (status.statuses == "not_invited") & ~status.broken
    problems += _not_invited(not_invited, status, mapping, export.source)
    keep = np.flatnonzero(~not_invited)
    background_columns = {"respondent_id": ids, "specialty": specialty, "cluster": cluster}
    frame = _frame(background_columns, status, questions, questionnaire, keep)
    where = {
        **{name: (column.location, column.variable) for name, column in background_columns.items()},
        "status": (status.location, status.variable),
        **{question_id: (column.location, column.variable) for question_id, column in questions.items()},
    }
    return _Conversion(frame, export.source, keep, where, export.rows), problems


def _unknown_questions(mapping: SurveyXactMapping, mapping_source: str, questionnaire: Questionnaire) -> list[Problem]:
    """The mapping's questions that the questionnaire does not have."""
    return [
        Problem(
            "error",
            "unknown_question",
            f"the mapping's [questions] names {question_id!r}, which is not a question of the questionnaire",
            file=mapping_source,
            column=question_id,
            value=question_id,
            expected="a question id of the questionnaire: " + ", ".join(questionnaire.question_ids),
        )
        for question_id in mapping.questions
        if question_id not in questionnaire.question_ids
    ]


def _unmapped(export: Export, used: set[str]) -> list[Problem]:
    """A note naming the export's variables that no column was made from."""
    unmapped = [v for v in export.dataset if v not in used]
    if not unmapped:
        return []
    return [
        Problem(
            "info",
            "unmapped_variables",
            f"{len(unmapped)} variable(s) of the export are not in the mapping and were ignored: "
            + ", ".join(unmapped),
            file=export.source,
        )
    ]


def _not_invited(not_invited: np.ndarray, status: Status, mapping: SurveyXactMapping, source: str) -> list[Problem]:
    """A note of how many persons were never sent the questionnaire (they are not in the survey)."""
    if not not_invited.any():
        return []
    codes = ", ".join(f"{k} ({STATUS_CODE_NAMES[k]})" for k, s in mapping.status_codes.items() if s == "not_invited")
    return [
        Problem(
            "info",
            "not_invited",
            f"{int(not_invited.sum())} person(s) with status {codes} were never sent the questionnaire; "
            "they are left out of the invited count",
            file=source,
            column=status.variable,
            value=str(int(not_invited.sum())),
        )
    ]


def _frame(
    background_columns: dict[str, Column],
    status: Status,
    questions: dict[str, Column],
    questionnaire: Questionnaire,
    keep: np.ndarray,
) -> pd.DataFrame:
    """The canonical frame of the kept rows: id, specialty, cluster, status, then the mapped questions."""
    # Rows with a broken status are kept as respondents so that their other problems are reported too;
    # the report has errors, so no survey is built from them.
    canonical_status = np.where(status.broken[keep], "partial", status.statuses[keep].astype(str))
    return pd.DataFrame(
        {
            **{name: _strings(column.values, keep) for name, column in background_columns.items()},
            "status": pd.Categorical(canonical_status, categories=["completed", "partial", "not_answered"]),
            **{
                question_id: _strings(column.values, keep)
                if questionnaire.question(question_id).kind == "text"
                else column.values.take(keep)
                for question_id, column in questions.items()
            },
        },
        index=pd.RangeIndex(len(keep)),
    )


def _strings(values: pd.Categorical[str], keep: np.ndarray) -> np.ndarray:
    """The kept cells as an object array of str, blanks as None."""
    taken = np.asarray(values.take(keep), dtype=object)
    taken[pd.isna(taken)] = None
    return taken


def _remap(problem: Problem, conversion: _Conversion) -> Problem:
    """Point a problem of the canonical builder at the export's file, sheet, row and variable."""
    location, variable = conversion.columns.get(problem.column or "", (conversion.source, problem.column or ""))
    row = problem.row
    if row is not None:
        rows = conversion.export_rows.get(location)
        row = int(rows[conversion.rows[row]]) if rows is not None else None
    return replace(problem, file=location, row=row, column=variable or None)


def _resolve_mapping(mapping: SurveyXactMapping | str | Path) -> tuple[SurveyXactMapping | None, str, list[Problem]]:
    if isinstance(mapping, SurveyXactMapping):
        return mapping, "<mapping>", []
    try:
        return load_mapping(mapping), str(mapping), []
    except MappingError as exc:  # one problem per fault of the file, each on its own line of the report
        head, *faults = str(exc).removeprefix(f"{mapping}: ").split("\n")
        messages = [f"{head} {fault.strip().removeprefix('- ')}" for fault in faults] or [head]
        return None, str(mapping), [Problem("error", "invalid_mapping", m, file=str(mapping)) for m in messages]


def _pipeline(
    path: str | Path,
    mapping: SurveyXactMapping | str | Path,
    questionnaire: Questionnaire | str | Path | None,
    roster: Roster | str | Path | None,
    year: int | None,
) -> tuple[_Conversion | None, ValidationReport, Survey | None]:
    from klyngestat.io.roster import read_roster

    problems: list[Problem] = []
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = load_questionnaire(questionnaire)
    if roster is not None and not isinstance(roster, Roster):
        roster, roster_problems = read_roster(roster)
        problems += roster_problems
    resolved, mapping_source, mapping_problems = _resolve_mapping(mapping)
    problems += mapping_problems
    export, read_problems = read_export(Path(path))
    problems += read_problems
    if export is None or resolved is None:
        return None, ValidationReport.of(problems), None
    conversion, convert_problems = _convert(export, resolved, mapping_source, questionnaire)
    problems += convert_problems
    if conversion is None:
        return None, ValidationReport.of(problems), None
    survey, built = _build(RawTable(conversion.frame, conversion.source, 0), questionnaire, roster, year)
    report = ValidationReport.of([*problems, *(_remap(p, conversion) for p in built.problems)])
    if not report.ok or survey is None:
        return conversion, report, None
    return conversion, report, replace(survey, report=report, source=conversion.source)


def _read(
    path: str | Path,
    mapping: SurveyXactMapping | str | Path,
    questionnaire: Questionnaire | str | Path | None,
    roster: Roster | str | Path | None,
    year: int | None,
) -> tuple[Survey | None, ValidationReport]:
    _, report, survey = _pipeline(path, mapping, questionnaire, roster, year)
    return survey, report


def _example_export(name: str) -> Path:
    """The test suite's example export (used by the Examples above; present only in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "tests" / "io" / "fixtures" / "surveyxact" / name
