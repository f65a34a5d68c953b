"""Validate the canonical response table column-wise and build a Survey from it."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from klyngestat.io._csv_shape import blank_cells
from klyngestat.io._csv_shape import blank_rows as whole_blank_rows
from klyngestat.io._spss import SpssCodes
from klyngestat.io._surveyxact_tables import clean_lines
from klyngestat.io.tables import RawTable, read_table
from klyngestat.models.problems import Problem, ProblemCode, SurveyValidationError, ValidationReport
from klyngestat.models.questionnaire import Questionnaire, load_questionnaire, normalise_token
from klyngestat.models.response import RESPONDENT_STATUSES, STATUSES, Response, Status
from klyngestat.models.roster import Roster
from klyngestat.survey import ID_COLUMNS, Survey

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
    """Every problem of a response file (and roster), all at once; never raises for bad data."""
    return _read(path, questionnaire, roster, None, status_aliases, spss_codes)[1]


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
    """Every problem of a DataFrame in the canonical format; never raises for bad data."""
    questionnaire = questionnaire or load_questionnaire()
    return _build(RawTable(frame, "<DataFrame>", 0), questionnaire, roster, None, status_aliases=status_aliases)[1]


def survey_from_responses(
    responses: Iterable[Response],
    *,
    questionnaire: Questionnaire | None = None,
    roster: Roster | None = None,
    year: int | None = None,
) -> Survey:
    """Build a Survey from single records (each a validated :class:`Response`)."""
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
) -> tuple[Survey | None, ValidationReport]:
    from klyngestat.io.roster import read_roster

    problems: list[Problem] = []
    if not isinstance(questionnaire, Questionnaire):
        questionnaire = load_questionnaire(questionnaire)
    if roster is not None and not isinstance(roster, Roster):
        roster, roster_problems = read_roster(roster)
        problems += roster_problems
    raw, read_problems = read_table(path, spss_codes=spss_codes, questionnaire=questionnaire)
    problems += read_problems
    if raw is None:
        return None, ValidationReport.of(problems)
    survey, report = _build(raw, questionnaire, roster, year, status_aliases=status_aliases)
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
) -> tuple[Survey | None, ValidationReport]:
    src = raw.source
    frame, problems = _drop_blank(raw)
    # Rows keep their place in the file through the index, so problems name the row a spreadsheet shows.
    file_rows = frame.index.to_numpy() + raw.first_row
    frame = frame.reset_index(drop=True)

    def at(position: int | np.integer) -> int:
        return int(file_rows[position])

    if len(frame.columns) == 0 or len(frame) == 0:
        problems.append(
            Problem("error", "empty_file", "no rows", file=src, expected="a header row and one row per invited person")
        )
        return None, ValidationReport.of(problems)

    names = [str(c) for c in frame.columns]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem("error", "duplicate_column", "column appears more than once", file=src, column=name))
    for name in ID_COLUMNS:
        if name not in names:
            problems.append(
                Problem(
                    "error",
                    "missing_column",
                    "required column is missing",
                    file=src,
                    column=name,
                    expected=", ".join(ID_COLUMNS) + " and one column per question",
                )
            )
    if any(p.severity == "error" for p in problems):
        return None, ValidationReport.of(problems)

    question_ids = set(questionnaire.question_ids)
    for name in names:
        if name not in question_ids and name not in ID_COLUMNS:
            problems.append(
                Problem(
                    "warning",
                    "unknown_column",
                    "not a question of the questionnaire; ignored",
                    file=src,
                    column=name,
                    expected="a question id of the questionnaire",
                )
            )
    absent = [q for q in questionnaire.question_ids if q not in names]
    if absent:
        problems.append(
            Problem(
                "info",
                "absent_question",
                f"{len(absent)} question(s) of the questionnaire are absent from the data: " + ", ".join(absent),
                file=src,
            )
        )

    out: dict[str, object] = {}
    n = len(frame)

    # respondent_id
    ids, blank, dup = _ids(frame["respondent_id"])
    for pos in np.flatnonzero(blank):
        problems.append(
            Problem(
                "error",
                "blank_id",
                "respondent_id is blank",
                file=src,
                row=at(pos),
                column="respondent_id",
                expected="a unique id",
            )
        )
    for pos in np.flatnonzero(dup):
        problems.append(
            Problem(
                "error",
                "duplicate_id",
                "respondent_id occurs more than once",
                file=src,
                row=at(pos),
                column="respondent_id",
                value=str(ids.iloc[pos]),
                expected="a unique id",
            )
        )
    out["respondent_id"] = ids

    # specialty and cluster
    blank_codes: tuple[tuple[str, ProblemCode], ...] = (("specialty", "blank_specialty"), ("cluster", "blank_cluster"))
    for name, code in blank_codes:
        values = _text_category(frame[name])
        for pos in np.flatnonzero(values.isna().to_numpy()):
            problems.append(
                Problem(
                    "error",
                    code,
                    f"{name} is blank",
                    file=src,
                    row=at(pos),
                    column=name,
                    expected=f"the {name}'s name",
                )
            )
        out[name] = values
    if roster is not None:
        order = list(dict.fromkeys(c.specialty for c in roster.clusters))
        present = list(out["specialty"].cat.categories)  # type: ignore[attr-defined]
        out["specialty"] = out["specialty"].cat.reorder_categories(  # type: ignore[attr-defined]
            sorted(present, key=lambda s: (order.index(s) if s in order else len(order), s))
        )

    # status
    aliases = {**STATUS_ALIASES, **{normalise_token(k): v for k, v in (status_aliases or {}).items()}}
    status_codes, bad = _map_tokens(frame["status"], {k: STATUSES.index(v) for k, v in aliases.items()})
    for pos in np.flatnonzero(bad | (status_codes == -1)):
        value = frame["status"].iloc[pos]
        problems.append(
            Problem(
                "error",
                "unknown_status",
                "unknown status",
                file=src,
                row=at(pos),
                column="status",
                value=None if pd.isna(value) else str(value),
                expected="completed, partial or not_answered (or a spelling given in status_aliases)",
            )
        )
    out["status"] = pd.Categorical.from_codes(status_codes, categories=pd.Index(STATUSES))
    respondent = np.isin(status_codes, [STATUSES.index(s) for s in RESPONDENT_STATUSES])
    # Rows whose status is unknown are reported as such, not also as non-respondents with answers.
    non_respondent = ~respondent & (status_codes >= 0)

    # questions
    answered_by_non_respondent = np.zeros(n, dtype=bool)
    for question in questionnaire.questions:
        if question.id not in names:
            continue
        column = frame[question.id]
        if question.kind == "text":
            text = _text(column, keep_lines=True)
            out[question.id] = text
            answered_by_non_respondent |= non_respondent & text.notna().to_numpy()
            continue
        scale = questionnaire.scales[question.scale]  # type: ignore[index]
        codes, bad = _map_tokens(column, scale.token_map())
        for pos in np.flatnonzero(bad):
            problems.append(
                Problem(
                    "error",
                    "unknown_answer",
                    f"answer is not on scale {scale.id!r}",
                    file=src,
                    row=at(pos),
                    column=question.id,
                    value=str(column.iloc[pos]),
                    expected=scale.describe_options(),
                )
            )
        codes[bad] = -1
        answered_by_non_respondent |= non_respondent & (codes >= 0)
        out[question.id] = pd.Categorical.from_codes(codes, categories=pd.Index(scale.labels), ordered=True)
    for pos in np.flatnonzero(answered_by_non_respondent):
        problems.append(
            Problem(
                "warning",
                "answer_from_non_respondent",
                "answers given but status is not_answered; they are not counted",
                file=src,
                row=at(pos),
                column="status",
                value=str(frame["status"].iloc[pos]),
                expected="completed or partial for a person who answered",
            )
        )

    typed = pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)  # every column was made here
    if roster is not None:
        # Rows with errors take no part (their specialty or cluster may be blank), but the check still runs,
        # so one pass reports row problems and roster problems together.
        problems += _check_roster(typed, respondent, roster, src, file_rows)
    else:
        problems += _check_single_rows(typed, src, file_rows)
    report = ValidationReport.of(problems)
    if not report.ok:
        return None, report
    return Survey(typed, questionnaire, roster, year, report, src), report


def _drop_blank(raw: RawTable) -> tuple[pd.DataFrame, list[Problem]]:
    """Leave out wholly blank rows and unnamed blank columns (what spreadsheets leave behind), and say so."""
    frame = raw.frame.reset_index(drop=True)
    problems: list[Problem] = []
    unnamed = [i for i, c in enumerate(frame.columns) if str(c).strip() == "" or str(c).startswith("Unnamed: ")]
    blank_columns = [i for i in unnamed if blank_cells(frame.iloc[:, i]).all()]
    if blank_columns:
        frame = frame.iloc[:, [i for i in range(frame.shape[1]) if i not in blank_columns]]
        problems.append(
            Problem("info", "blank_column", f"{len(blank_columns)} unnamed, empty column(s) left out", file=raw.source)
        )
    # A cell of only whitespace is blank, so a row of such cells is one blank row, not a row of blank ids.
    blank_rows = whole_blank_rows(frame)
    if blank_rows.any():
        rows = np.flatnonzero(blank_rows) + raw.first_row
        shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
        problems.append(
            Problem("info", "blank_row", f"{len(rows)} empty row(s) left out: row {shown}", file=raw.source)
        )
        frame = frame[~blank_rows]
    return frame, problems


_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.split()`` splits on (``str.isspace``), so a vectorised test agrees with it exactly."""
_UNTIDY = "[{}]|^ | $|  ".format(re.escape(_WHITESPACE.replace(" ", "")))
"""A value that ``" ".join(v.split())`` would change: whitespace other than a single inner space."""


def _text(column: pd.Series, *, keep_lines: bool = False) -> pd.Series:
    """Text cells stripped, blanks as missing, as an object column of str.

    Runs of spaces become one space; ``keep_lines`` keeps line breaks (free
    text: a multi-line answer stays multi-line, as ``"\n"``), else they are spaces too.

    Without ``keep_lines`` each distinct value is tidied once, and only the
    values a vectorised test finds untidy go through Python: a million ids or
    a categorical column cost a few vectorised passes, not a call per cell.
    """
    column = column.reset_index(drop=True)
    if keep_lines:
        values = column.astype(object)
        mask = values.notna()
        result = pd.Series(None, index=column.index, dtype=object)
        result[mask] = values[mask].map(clean_lines)
        return result.where(result != "", None)
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        distinct, _, _ = _tidied(pd.Series(column.cat.categories))
        with_missing = np.concatenate([distinct, np.array([None], dtype=object)])
        return pd.Series(with_missing[codes], dtype=object)  # a missing cell's code -1 takes the None
    return _tidy(column)


def _ids(column: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The ids as :func:`_text` gives them, where they are blank, and where an id is also another row's.

    A categorical column (what the readers give) is compared through its
    codes: its categories are distinct, and stay so unless tidying changed
    one, so a million ids cost a count of codes, not a hash of every id.
    """
    if not isinstance(column.dtype, pd.CategoricalDtype):
        ids = _text(column)
        blank = ids.isna().to_numpy()
        return ids, blank, (ids.duplicated(keep=False) & ~blank).to_numpy()
    codes = column.reset_index(drop=True).cat.codes.to_numpy()
    distinct, blank_distinct, changed = _tidied(pd.Series(column.cat.categories))
    ids = pd.Series(np.append(distinct, np.array([None], dtype=object))[codes], dtype=object)
    # each distinct id's group: its own, or, when tidying may have made two ids one, that of the first equal to it
    group = pd.factorize(distinct)[0] if changed else np.where(blank_distinct, -1, np.arange(len(distinct)))
    groups = np.append(group, -1)[codes]  # a missing cell's code -1 takes the -1
    named = groups >= 0
    rows_of_group = np.bincount(groups[named], minlength=len(distinct) + 1)
    return ids, np.append(blank_distinct, True)[codes], named & (rows_of_group[np.where(named, groups, 0)] > 1)


def _text_category(column: pd.Series) -> pd.Series:
    """:func:`_text` as a categorical column (names of specialties and clusters): tidied once per distinct name.

    The result is what ``_text(column).astype("category")`` gives (the same
    categories, sorted and typed alike), without a pass over every cell in Python.
    """
    column = column.reset_index(drop=True)
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return _text(column).astype("category")
    tidy = _tidy(pd.Series(column.cat.categories))
    names = tidy.dropna().drop_duplicates().tolist()
    categories = pd.Series(names, dtype=object).astype("category").cat.categories
    # each old category's position among the new (names that differ only in spacing meet; a blank is -1)
    position = np.append(categories.get_indexer(pd.Index(tidy.to_numpy(dtype=object), dtype=object)), -1)
    old_codes = column.cat.codes.to_numpy()
    return pd.Series(pd.Categorical.from_codes(position[old_codes], categories=categories))


def _tidy(values: pd.Series) -> pd.Series:
    """``" ".join(str(v).split())`` of every value, "" and missing as None, as an object column."""
    return pd.Series(_tidied(values)[0], dtype=object)


def _tidied(values: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """:func:`_tidy`'s values as an object array, where they are None, and whether tidying changed any's spacing."""
    missing = values.isna().to_numpy()
    if not (isinstance(values.dtype, pd.StringDtype) or pd.api.types.infer_dtype(values, skipna=True) == "string"):
        values = values.astype(object).map(str, na_action="ignore")  # numbers and other objects as their text
    if _without_whitespace(values):  # (ids, codes: a look at the bytes, not a regular expression per value)
        untidy = np.zeros(len(values), dtype=bool)
    else:
        untidy = values.str.contains(_UNTIDY, regex=True).to_numpy(dtype=bool, na_value=False)
    out = values.to_numpy(dtype=object, copy=True)
    if untidy.any():
        out[untidy] = [" ".join(v.split()) for v in out[untidy]]
    out[missing] = None
    blank = missing | (out == "")
    out[blank] = None
    return out, blank, bool(untidy.any())


def _without_whitespace(values: pd.Series) -> bool:
    """Whether text held by pyarrow is all ASCII and holds no whitespace at all (False when it cannot be told)."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return False
    import pyarrow as pa  # type: ignore[import-untyped]

    text = pa.array(values.array)
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    for chunk in chunks:
        offsets_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        if not len(chunk) or chunk.buffers()[2] is None:
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=offsets_type)[chunk.offset : chunk.offset + len(chunk) + 1]
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        # ASCII whitespace as str.split() knows it: \t \n \v \f \r, \x1c-\x1f and the space; others are not ASCII
        if np.any((data >= 0x80) | ((data >= 0x09) & (data <= 0x0D)) | ((data >= 0x1C) & (data <= 0x20))):
            return False
    return True


def _map_tokens(column: pd.Series, mapping: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 for blank) and a mask of unknown tokens, mapping each distinct value once."""
    categorical = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype(object).astype("category")
    tokens = [normalise_token(c) for c in categorical.cat.categories]
    # The blank's code (-1) indexes the lookup's last entry, so one take maps every cell, in the codes' width.
    lookup = np.array([-1 if t == "" else mapping.get(t, -2) for t in tokens] + [-1], dtype=np.int64)
    raw_codes = categorical.cat.codes.to_numpy()
    if np.array_equal(lookup[:-1], np.arange(len(tokens))):  # categories in the scale's order: codes are positions
        return raw_codes.copy(), np.zeros(len(raw_codes), dtype=bool)
    narrow = lookup.max() <= np.iinfo(raw_codes.dtype).max  # scale positions fit the codes' own width
    codes = (lookup.astype(raw_codes.dtype) if narrow else lookup)[raw_codes]
    bad = codes == -2
    codes[bad] = -1
    return codes, bad


def _check_roster(
    frame: pd.DataFrame, respondent: np.ndarray, roster: Roster, src: str, file_rows: np.ndarray
) -> list[Problem]:
    problems: list[Problem] = []
    invited = frame.groupby(["specialty", "cluster"], observed=True).size()
    answered = (
        pd.Series(respondent, index=frame.index).groupby([frame["specialty"], frame["cluster"]], observed=True).sum()
    )
    known = {(c.specialty, c.cluster): c.members for c in roster.clusters}
    for key, count in invited.items():
        specialty, cluster = cast(tuple[str, str], key)
        if (specialty, cluster) not in known:
            rows = np.flatnonzero((frame["specialty"] == specialty) & (frame["cluster"] == cluster))
            problems.append(
                Problem(
                    "error",
                    "unknown_cluster",
                    f"{count} row(s) name a cluster the roster does not list for {specialty!r}",
                    file=src,
                    row=int(file_rows[rows[0]]),
                    column="cluster",
                    value=str(cluster),
                    expected="one of " + ", ".join(c.cluster for c in roster.clusters_of(specialty)),
                )
            )
            continue
        members = known[(specialty, cluster)]
        if answered[(specialty, cluster)] > members:
            problems.append(
                Problem(
                    "error",
                    "more_respondents_than_members",
                    f"{specialty} / {cluster}: {answered[(specialty, cluster)]} respondents but the "
                    f"roster lists {_members(members)}",
                    file=src,
                    column="cluster",
                    value=str(cluster),
                    expected=f"at most {members} respondents",
                )
            )
    for (specialty, cluster), members in known.items():
        if (specialty, cluster) not in invited.index and specialty in set(frame["specialty"].astype(str)):
            problems.append(
                Problem(
                    "warning",
                    "cluster_without_invited",
                    f"the roster lists {specialty} / {cluster} ({_members(members)}) but no one "
                    "in the data belongs to it",
                    file=src,
                    column="cluster",
                    value=cluster,
                )
            )
    for specialty in frame["specialty"].cat.categories:
        members_total = roster.members(str(specialty))
        invited_total = int(invited.loc[specialty].sum()) if specialty in invited.index.get_level_values(0) else 0
        if members_total is not None and members_total != invited_total:
            problems.append(
                Problem(
                    "info",
                    "invited_differs_from_members",
                    f"{specialty}: the clusters list {members_total} members, {invited_total} were "
                    "invited; response rates use the invited count, cluster sizes the roster",
                    file=src,
                    column="specialty",
                    value=str(specialty),
                )
            )
    return problems


def _check_single_rows(frame: pd.DataFrame, src: str, file_rows: np.ndarray) -> list[Problem]:
    """Without a roster, a specialty or cluster named by one row only: most often a typo, so say so and guess.

    Group sizes come from the category codes in one pass; names are compared
    only for the few groups of one row. A column where most names are of one
    row is not a column of typos but the wrong column (ids, e-mail addresses):
    it gets one warning, which repeats none of its values.
    """
    specialty = frame["specialty"].cat
    cluster = frame["cluster"].cat
    s_codes = specialty.codes.to_numpy(np.int64)
    c_codes = cluster.codes.to_numpy(np.int64)
    s_names = [str(c) for c in specialty.categories]
    c_names = [str(c) for c in cluster.categories]
    # One spare bin, so that rows without a name (code -1, read from bin 0) index something when no row has one.
    s_sizes = np.bincount(s_codes[s_codes >= 0], minlength=len(s_names) + 1)
    lone_specialty = (s_codes >= 0) & (s_sizes[np.maximum(s_codes, 0)] == 1)
    problems: list[Problem] = []
    lone = np.flatnonzero(lone_specialty)
    if _mostly_single(len(lone), int(np.count_nonzero(s_sizes))):
        return [_mostly_single_rows("specialty", len(lone), int(np.count_nonzero(s_sizes)), src, file_rows[lone])]
    for pos in lone:
        name = s_names[s_codes[pos]]
        problems.append(_single_row(name, "specialty", "single_row_specialty", s_names, src, int(file_rows[pos])))

    # A cluster is one within its specialty; a row whose specialty is already of one row has had its warning.
    width = max(len(c_names), 1)
    valid = (s_codes >= 0) & (c_codes >= 0)
    keys = s_codes * width + c_codes
    if len(s_names) * width <= 4 * len(frame) + 1024:
        counts = np.bincount(keys[valid], minlength=len(s_names) * width + 1)
        sizes = counts[np.where(valid, keys, 0)]
        present = np.flatnonzero(counts).tolist()
    else:  # many distinct names: count the keys that occur, not every pair of names
        unique, inverse, counts = np.unique(keys[valid], return_inverse=True, return_counts=True)
        sizes = np.zeros(len(frame), dtype=np.int64)
        sizes[valid] = counts[inverse]
        present = unique.tolist()
    lone = np.flatnonzero(valid & (sizes == 1) & ~lone_specialty)
    if not len(lone):
        return problems
    if _mostly_single(len(lone), len(present)):
        return [*problems, _mostly_single_rows("cluster", len(lone), len(present), src, file_rows[lone])]
    clusters_of: dict[int, list[str]] = {}
    for key in present:
        clusters_of.setdefault(key // width, []).append(c_names[key % width])
    for pos in lone:
        problems.append(
            _single_row(
                c_names[c_codes[pos]],
                "cluster",
                "single_row_cluster",
                clusters_of[int(s_codes[pos])],
                src,
                int(file_rows[pos]),
                within=s_names[s_codes[pos]],
            )
        )
    return problems


def _mostly_single(lone: int, groups: int) -> bool:
    return lone > 3 and 2 * lone > groups


def _mostly_single_rows(column: str, lone: int, groups: int, src: str, rows: np.ndarray) -> Problem:
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    return Problem(
        "warning",
        "single_row_cluster" if column == "cluster" else "single_row_specialty",
        f"{lone} of the {groups} {column} names are each named by one row only (row {shown}); does the column "
        f"hold the {column}? (the values are not repeated here)",
        file=src,
        row=int(rows[0]),
        column=column,
        expected=f"the {column}'s name, the same in every row of the {column}",
    )


def _single_row(
    name: str,
    column: str,
    code: ProblemCode,
    names: list[str],
    src: str,
    row: int,
    *,
    within: str | None = None,
) -> Problem:
    """The warning for a group of one row, with the nearest other name (case and spaces ignored) as a guess."""

    def key(text: str) -> str:
        return "".join(text.split()).casefold()

    others: dict[str, str] = {}
    for other in names:
        if other != name:
            others.setdefault(key(other), other)
    nearest = difflib.get_close_matches(key(name), list(others), n=1)
    where = f" in {within}" if within else ""
    return Problem(
        "warning",
        code,
        f"only this row names the {column} {name!r}{where}, so it makes a {column} of one invited person; "
        "without a roster the name cannot be checked",
        file=src,
        row=row,
        column=column,
        value=name,
        expected=f"did you mean {others[nearest[0]]!r}?"
        if nearest
        else f"a {column} shared by more rows, or a roster that lists it (no similar name in the data)",
    )


def _members(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"
