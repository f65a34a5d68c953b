"""Grouped counts via codes and bincount: the one place that touches rows."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from klyngestat.survey import Survey

Level = Literal["nation", "specialty", "cluster"]
LEVELS: tuple[Level, ...] = ("nation", "specialty", "cluster")


def unit_counts(survey: Survey, question: str) -> np.ndarray:
    """Answer counts per (specialty, cluster) unit among respondents.

    Shape ``(units, options + 1)``; the last column counts respondents who
    left the question blank.
    """
    survey.require_question(question)
    _, units = survey.units
    column = survey.frame[question]
    k = len(column.cat.categories)
    answer = column.array.codes[survey.respondent_mask].astype(np.int64)  # the respondents' codes, then widened
    answer[answer < 0] = k
    flat = np.bincount(survey.respondent_units * (k + 1) + answer, minlength=len(units) * (k + 1))
    return flat.reshape(len(units), k + 1)


def unit_people(survey: Survey) -> tuple[np.ndarray, np.ndarray]:
    """Invited and respondent counts per (specialty, cluster) unit."""
    unit_codes, units = survey.units
    invited = np.bincount(unit_codes, minlength=len(units))
    respondents = np.bincount(survey.respondent_units, minlength=len(units))
    return invited, respondents


def aggregate(survey: Survey, per_unit: np.ndarray, level: Level) -> tuple[pd.DataFrame, np.ndarray]:
    """Sum unit rows up to a level; returns the level's key table and summed rows.

    Keys have columns ``specialty`` and ``cluster`` (None above the level).
    """
    _, units = survey.units
    if level == "cluster":
        return units, per_unit
    if level == "nation":
        keys = pd.DataFrame({"specialty": [None], "cluster": [None]}, dtype=object)
        return keys, per_unit.sum(axis=0, keepdims=True)
    specialties = list(survey.specialties)
    index = pd.Categorical(units["specialty"], categories=specialties).codes
    summed = np.zeros((len(specialties), *per_unit.shape[1:]), dtype=per_unit.dtype)
    np.add.at(summed, index, per_unit)
    keys = pd.DataFrame({"specialty": specialties, "cluster": [None] * len(specialties)}, dtype=object)
    return keys, summed


def select(keys: pd.DataFrame, specialty: str | None, cluster: str | None) -> np.ndarray:
    """Boolean mask over keys for an optional specialty and cluster."""
    mask = np.ones(len(keys), dtype=bool)
    if specialty is not None:
        mask &= (keys["specialty"] == specialty).to_numpy()
    if cluster is not None:
        mask &= (keys["cluster"] == cluster).to_numpy()
    return mask


def level_of(specialty: str | None, cluster: str | None) -> Level:
    """The level a specialty and cluster name: the nation, a specialty, or a cluster within its specialty."""
    if cluster is not None and specialty is None:
        raise ValueError("a cluster is named within its specialty: give specialty= too")
    return "nation" if specialty is None else ("specialty" if cluster is None else "cluster")
