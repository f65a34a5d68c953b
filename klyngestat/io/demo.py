"""The bundled synthetic demo survey, ready to use."""

from __future__ import annotations

from klyngestat.data import demo_roster_path, demo_survey_path
from klyngestat.io.canonical import read_survey
from klyngestat.survey import Survey

__all__ = ["DEMO_YEAR", "demo_survey"]

DEMO_YEAR = 2025


def demo_survey() -> Survey:
    """The bundled synthetic national survey with its roster (it reproduces the seed fact sheets).

    Examples
    --------
    >>> s = demo_survey()
    >>> "Dermatologi" in s.specialties and "Plastikkirurgi" in s.specialties
    True
    """
    return read_survey(demo_survey_path(), roster=demo_roster_path(), year=DEMO_YEAR)
