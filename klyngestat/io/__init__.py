"""Readers: canonical response files, SurveyXact exports, rosters and national references; writers.

Each name is imported from its module when first used, so that validating a
CSV file imports neither the SurveyXact reader nor pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klyngestat._lazy import lazy_exports

if TYPE_CHECKING:
    from klyngestat.io.canonical import (
        read_survey,
        survey_from_frame,
        survey_from_responses,
        validate_file,
        validate_frame,
    )
    from klyngestat.io.demo import demo_survey
    from klyngestat.io.roster import load_reference, load_roster, read_reference, read_roster
    from klyngestat.io.surveyxact import read_surveyxact, surveyxact_to_canonical, validate_surveyxact
    from klyngestat.io.writers import write_canonical_csv
    from klyngestat.models.mapping import load_mapping

_WHERE = {
    "demo_survey": "klyngestat.io.demo",
    "load_mapping": "klyngestat.models.mapping",
    "load_reference": "klyngestat.io.roster",
    "load_roster": "klyngestat.io.roster",
    "read_reference": "klyngestat.io.roster",
    "read_roster": "klyngestat.io.roster",
    "read_survey": "klyngestat.io.canonical",
    "read_surveyxact": "klyngestat.io.surveyxact",
    "survey_from_frame": "klyngestat.io.canonical",
    "survey_from_responses": "klyngestat.io.canonical",
    "surveyxact_to_canonical": "klyngestat.io.surveyxact",
    "validate_file": "klyngestat.io.canonical",
    "validate_frame": "klyngestat.io.canonical",
    "validate_surveyxact": "klyngestat.io.surveyxact",
    "write_canonical_csv": "klyngestat.io.writers",
}

__all__ = [
    "demo_survey",
    "load_mapping",
    "load_reference",
    "load_roster",
    "read_reference",
    "read_roster",
    "read_survey",
    "read_surveyxact",
    "survey_from_frame",
    "survey_from_responses",
    "surveyxact_to_canonical",
    "validate_file",
    "validate_frame",
    "validate_surveyxact",
    "write_canonical_csv",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
