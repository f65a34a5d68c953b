"""Read and validate the canonical response table, and build a Survey from it.

The checks (:mod:`klyngestat.io._checks`) work on text columns, the same for
a file and a DataFrame; pandas is imported only to build a Survey's frame or
to read a DataFrame, a workbook or an SPSS file, so validating a CSV file
never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from klyngestat.io._checks import CheckedTable, check_table
from klyngestat.io.tables import RawTable, read_table
from klyngestat.models._statuses import Status
from klyngestat.models.problems import Problem, SurveyValidationError, ValidationReport
from klyngestat.models.questionnaire import Questionnaire, load_questionnaire, normalise_token

if TYPE_CHECKING:
    import pandas as pd

    from klyngestat.io._spss import SpssCodes
    from klyngestat.models.response import Response
    from klyngestat.models.roster import Roster
    from klyngestat.survey import Survey

__all__ = [
    "STATUS_ALIASES",
    "read_survey",
    "survey_from_frame",
    "survey_from_responses",
    "validate_file",
    "validate_frame",
]

#: Accepted spellings of each status (compared case- and whitespace-insensitively).
STATUS_ALIASES: dict[str, Status] = {
    "completed": "completed",
    "complete": "completed",
    "gennemført": "completed",
    "partial": "partial",
    "partially complete": "partial",
    "delvis": "partial",
    "nogen svar": "partial",
    "not_answered": "not_answered",
    "not answered": "not_answered",
    "ikke besvaret": "not_answered",
}


def read_survey(
    path: str | Path,
    *,
    questionnaire: Questionnaire | str | Path | None = None,
    roster: Roster | str | Path | None = None,
    year: int | None = None,
    status_aliases: Mapping[str, Status] | None = None,
    spss_codes: SpssCodes = "labels",
) -> Survey:
    """Read a response file in the canonical format and validate it.

    Parameters
    ----------
    path
        CSV (UTF-8 with or without BOM, or cp1252; comma or semicolon, both
        sniffed) or Excel (.xlsx) file: one row per invited person with
        ``respondent_id, specialty, cluster, status`` and one column per
        question.
    questionnaire
        A Questionnaire or a TOML path; the bundled eKVIS questionnaire by default.
    roster
        A Roster or a roster file (``specialty, cluster, members``), optional.
    year
        The wave's year.
    status_aliases
        More spellings of the statuses, e.g. ``{"besvaret": "completed",
        "frafaldet": "not_answered"}`` for an export that writes its own words
        (compared case- and whitespace-insensitively, beside :data:`STATUS_ALIASES`).
    spss_codes
        SPSS only: ``"labels"`` (default) reads answers through their value
        labels, a value without a label being an error; ``"questionnaire"``
        reads every question's values as the questionnaire's own codes.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyValidationError
        With the full report of every problem, when the input has errors.

    Examples
    --------
    >>> from klyngestat.data import demo_survey_path
    >>> survey = read_survey(demo_survey_path())
    >>> int(survey.respondent_mask.sum()) > 0
    True
    """
    survey, report = _read(path, questionnaire, roster, year, status_aliases, spss_codes)
    if survey is None:
        raise SurveyValidationError(report)
    return survey


def validate_file(
    path: str | Path,
    *,
    questionnaire: Questionnaire | str | Path | None = None,
    roster: Roster | str | Path | None = None,
    status_aliases: Mapping[str, Status] | None = None,
    spss_codes: SpssCodes = "labels",
) -> ValidationReport:
    """Every problem of a response file (and roster), all at once; never raises for bad data.

    Parameters
    ----------
    path
        The response file, as :func:`read_survey` reads it.
    questionnaire
        A Questionnaire or a TOML path; the bundled eKVIS questionnaire by default.
    roster
        A Roster or a roster file (``specialty, cluster, members``), optional.
    status_aliases
        More spellings of the statuses, as for :func:`read_survey`.
    spss_codes
        SPSS only: how answers are read, as for :func:`read_survey`.

    Returns
    -------
    ValidationReport
        Every problem of the file and the roster (``.ok`` when none is an error).
    """
    return _read(path, questionnaire, roster, None, status_aliases, spss_codes, build=False)[1]


def survey_from_frame(
    frame: pd.DataFrame,
    *,
    questionnaire: Questionnaire | None = None,
    roster: Roster | None = None,
    year: int | None = None,
    source: str | None = None,
    status_aliases: Mapping[str, Status] | None = None,
) -> Survey:
    """Validate a DataFrame in the canonical format and build a Survey.

    The caller's frame is not modified. Problems name the frame's 0-based row
    position.

    Parameters
    ----------
    frame
        One row per invited person: ``respondent_id, specialty, cluster,
        status`` and one column per question (cells as text, codes or labels).
    questionnaire
        The questionnaire; the bundled eKVIS questionnaire by default.
    roster
        The roster (cluster member counts), optional.
    year
        The wave's year.
    source
        How problems name the frame (``"<DataFrame>"`` by default).
    status_aliases
        More spellings of the statuses, as for :func:`read_survey`.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyValidationError
        When the frame has errors.
    """
    survey, report = _build(
        RawTable(frame, source or "<DataFrame>", 0),
        questionnaire or load_questionnaire(),
        roster,
        year,
        status_aliases=status_aliases,
    )
    if survey is None:
        raise SurveyValidationError(report)
    return survey


def validate_frame(
    frame: pd.DataFrame,
    *,
    questionnaire: Questionnaire | None = None,
    roster: Roster | None = None,
    status_aliases: Mapping[str, Status] | None = None,
) -> ValidationReport:
    """Every problem of a DataFrame in the canonical format; never raises for bad data.

    Parameters
    ----------
    frame
        A table in the canonical format, as for :func:`survey_from_frame`.
    questionnaire
        The questionnaire; the bundled eKVIS questionnaire by default.
    roster
        The roster (cluster member counts), optional.
    status_aliases
        More spellings of the statuses, as for :func:`read_survey`.

    Returns
    -------
    ValidationReport
        Every problem, each naming the frame's 0-based row position.
    """
    questionnaire = questionnaire or load_questionnaire()
    raw = RawTable(frame, "<DataFrame>", 0)
    return _build(raw, questionnaire, roster, None, status_aliases=status_aliases, build=False)[1]


def survey_from_responses(
    responses: Iterable[Response],
    *,
    questionnaire: Questionnaire | None = None,
    roster: Roster | None = None,
    year: int | None = None,
) -> Survey:
    """Build a Survey from single records (each a validated :class:`Response`).

    Parameters
    ----------
    responses
        One record per invited person.
    questionnaire
        The questionnaire; the bundled eKVIS questionnaire by default.
    roster
        The roster (cluster member counts), optional.
    year
        The wave's year.

    Returns
    -------
    Survey

    Raises
    ------
    SurveyValidationError
        When the records together have errors (a duplicate id, an unknown cluster …).
    """
    import pandas as pd

    rows = [
        {
            "respondent_id": r.respondent_id,
            "specialty": r.specialty,
            "cluster": r.cluster,
            "status": r.status,
            **{k: (None if v is None else str(v)) for k, v in r.answers.items()},
        }
        for r in responses
    ]
    return survey_from_frame(
        pd.DataFrame(rows), questionnaire=questionnaire, roster=roster, year=year, source="<responses>"
    )


def _read(
    path: str | Path,
    questionnaire: Questionnaire | str | Path | None,
    roster: Roster | str | Path | None,
    year: int | None,
    status_aliases: Mapping[str, Status] | None = None,
    spss_codes: SpssCodes = "labels",
    *,
    build: bool = True,
) -> tuple[Survey | None, ValidationReport]:
    """The file (and roster) read and checked; the Survey too when ``build`` and there are no errors."""
    problems: list[Problem] = []
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = load_questionnaire(questionnaire)
    from klyngestat.models.roster import Roster

    if roster is not None and not isinstance(roster, Roster):
        from klyngestat.io.roster import read_roster  # (a roster file is read with pandas)

        roster, roster_problems = read_roster(roster)
        problems += roster_problems
    raw, read_problems = read_table(path, spss_codes=spss_codes, questionnaire=questionnaire)
    problems += read_problems
    if raw is None:
        return None, ValidationReport.of(problems)
    survey, report = _build(raw, questionnaire, roster, year, status_aliases=status_aliases, build=build)
    report = report + ValidationReport.of(problems)
    if not report.ok:
        return None, report
    if survey is not None and problems:  # the reader's notes (e.g. SPSS user-missing codes) belong to the survey too
        survey = replace(survey, report=report)
    return survey, report


def _build(
    raw: RawTable,
    questionnaire: Questionnaire,
    roster: Roster | None,
    year: int | None,
    *,
    status_aliases: Mapping[str, Status] | None = None,
    build: bool = True,
) -> tuple[Survey | None, ValidationReport]:
    """Check a table; with ``build`` and no errors, also the Survey of it."""
    aliases = {**STATUS_ALIASES, **{normalise_token(k): v for k, v in (status_aliases or {}).items()}}
    checked = check_table(raw.table, raw.source, raw.first_row, questionnaire, roster, aliases)
    report = ValidationReport.of(checked.problems)
    if not report.ok or not build:
        return None, report
    return _survey(checked, questionnaire, roster, year, report, raw.source), report


def _survey(
    checked: CheckedTable,
    questionnaire: Questionnaire,
    roster: Roster | None,
    year: int | None,
    report: ValidationReport,
    source: str,
) -> Survey:
    from klyngestat.io._frames import survey_frame
    from klyngestat.survey import Survey

    return Survey(survey_frame(checked, questionnaire), questionnaire, roster, year, report, source)
