"""Readers: canonical response files, SurveyXact exports, rosters and national references; writers."""

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
