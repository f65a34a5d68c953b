"""Bundled data: the eKVIS questionnaire and the synthetic demo survey."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["demo_roster_path", "demo_survey_path"]


def _path(name: str) -> Path:
    return Path(str(resources.files("klyngestat.data").joinpath(name)))


def demo_survey_path() -> Path:
    """Path of the bundled synthetic demo survey (canonical CSV, every specialty)."""
    return _path("demo_survey.csv")


def demo_roster_path() -> Path:
    """Path of the bundled demo roster (``specialty, cluster, members``)."""
    return _path("demo_roster.csv")
