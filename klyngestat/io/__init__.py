"""Readers: canonical response files, rosters and national references."""

from klyngestat.io.canonical import (
    read_survey,
    survey_from_frame,
    survey_from_responses,
    validate_file,
    validate_frame,
)
from klyngestat.io.demo import demo_survey
from klyngestat.io.roster import load_reference, load_roster, read_reference, read_roster

__all__ = [
    "demo_survey",
    "load_reference",
    "load_roster",
    "read_reference",
    "read_roster",
    "read_survey",
    "survey_from_frame",
    "survey_from_responses",
    "validate_file",
    "validate_frame",
]
