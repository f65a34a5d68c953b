"""Build a Release from a Survey: every publishable figure once, disclosure-controlled.

The building runs in named steps, each in its own module beside this one:
the builder's core holds the units and makes the records
(``_builder``); the response rates and each question's pattern and
counted records follow (``_question_records``), then the intervals of
every shown share (``_intervals``), then the derived figures
(``_derived``: national figures and comparisons in ``_national``,
post-stratified shares in ``_weighted``); the provenance hashes come from
``_digests``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from klyngestat.release._builder import POOLED, Builder
from klyngestat.release._derived import derived_figures
from klyngestat.release._digests import file_hash
from klyngestat.release._intervals import add_intervals
from klyngestat.release._question_records import column_specs, question_records, response_records
from klyngestat.release.core import Release, questions_meta
from klyngestat.release.options import ReleaseOptions
from klyngestat.survey import Survey

__all__ = ["POOLED", "build_release", "column_specs"]


def build_release(
    survey: Survey, *, options: ReleaseOptions | None = None, sources: Sequence[str | Path] = ()
) -> Release:
    """Every publishable figure of one wave, disclosure-controlled, with its provenance.

    Parameters
    ----------
    survey
        The validated survey (one wave).
    options
        The options that change published figures (defaults: min_n 5, "Ved
        ikke" in the base, pooled national figure, 95 pct. intervals with
        the roster's member counts as population).
    sources
        The input files (responses, roster, questionnaire) whose SHA-256 the
        provenance records; the validated data's own hash is always recorded.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> release = build_release(demo_survey())
    >>> r = release.get("2025/Dermatologi/understoetter_kvalitet/top_box/specialty")
    >>> r.count, r.base, r.status
    (52, 73, 'shown')
    >>> release.audit().ok
    True
    """
    options = options or ReleaseOptions()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as tests:
        builder = Builder(survey, options, tests)
        response_records(builder)
        for question in survey.closed_questions:
            question_records(builder, question)
        add_intervals(builder)
        derived_figures(builder)
    return Release(
        tuple(builder.records),
        _provenance(survey, builder, options, sources),
        questions_meta(survey.questionnaire, survey.closed_questions),
        options,
        builder.patterns,
    )


def _provenance(
    survey: Survey, builder: Builder, options: ReleaseOptions, sources: Sequence[str | Path]
) -> dict[str, object]:
    """Where the figures come from: the wave, the data's and the input files' hashes, the options, the version."""
    from klyngestat import __version__

    files = {str(p): file_hash(Path(p)) for p in sources if Path(p).is_file()}
    if not files and survey.source and Path(survey.source).is_file():
        files[str(survey.source)] = file_hash(Path(survey.source))
    questionnaire_json = survey.questionnaire.model_dump_json().encode()
    roster_json = survey.roster.model_dump_json().encode() if survey.roster is not None else b""
    return {
        "wave": builder.wave,
        "year": survey.year,
        "data_sha256": builder.data_sha256,
        "files": files,
        "questionnaire_sha256": hashlib.sha256(questionnaire_json).hexdigest(),
        "roster_sha256": hashlib.sha256(roster_json).hexdigest() if roster_json else None,
        "options": options.describe(),
        "absent_questions": [q for q in survey.questionnaire.question_ids if q not in survey.frame.columns],
        "klyngestat_version": __version__,
    }
