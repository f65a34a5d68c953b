"""Bundled data: the eKVIS questionnaire and the synthetic demo survey."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = [
    "demo_questionnaire_2026_path",
    "demo_roster_2026_path",
    "demo_roster_path",
    "demo_survey_2026_path",
    "demo_survey_path",
    "demo_waves_path",
]


def _path(name: str) -> Path:
    return Path(str(resources.files("klyngestat.data").joinpath(name)))


def demo_survey_path() -> Path:
    """Path of the bundled synthetic demo survey (canonical CSV, every specialty)."""
    return _path("demo_survey.csv")


def demo_roster_path() -> Path:
    """Path of the bundled demo roster (``specialty, cluster, members``)."""
    return _path("demo_roster.csv")


def demo_survey_2026_path() -> Path:
    """Path of the demo survey's second wave (2026; canonical CSV, every specialty)."""
    return _path("demo_survey_2026.csv")


def demo_roster_2026_path() -> Path:
    """Path of the 2026 wave's demo roster (``specialty, cluster, members``)."""
    return _path("demo_roster_2026.csv")


def demo_questionnaire_2026_path() -> Path:
    """Path of the questionnaire as run in the demo's 2026 wave (TOML)."""
    return _path("ekvis_klyngearbejde_2026.toml")


def demo_waves_path() -> Path:
    """Path of ``demo_waves.toml``: how the demo's 2026 questions and clusters follow 2025's."""
    return _path("demo_waves.toml")
