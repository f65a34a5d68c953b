"""Answer distributions: the counts of every answer category at one level, with "Ved ikke" and blanks apart.

The public names are :mod:`klyngestat.stats.shares`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import LEVELS, Level, aggregate, level_of, select, unit_counts
from klyngestat.stats._result import Result, json_value
from klyngestat.survey import Survey


@dataclass(frozen=True)
class Distribution(Result):
    """Counts of every answer category at one level, with "Ved ikke" and blanks apart.

    ``to_dict()["categories"]`` holds the frame's rows: one per category,
    then one for blanks.
    """

    ROWS: ClassVar[str | None] = "categories"
    question: str
    level: Level
    specialty: str | None
    cluster: str | None
    labels: tuple[str, ...]
    substantive: tuple[bool, ...]
    counts: tuple[int, ...]
    missing: int
    """Respondents who left the question blank."""

    @property
    def base(self) -> int:
        """Respondents who answered (non-substantive answers included)."""
        return sum(self.counts)

    @property
    def substantive_base(self) -> int:
        """Respondents who answered on the scale proper."""
        return sum(c for c, s in zip(self.counts, self.substantive, strict=True) if s)

    @property
    def respondents(self) -> int:
        """Respondents, answered or not."""
        return self.base + self.missing

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the level, the bases and one row per category (shares None where undefined).

        A row has ``question``, ``specialty``, ``cluster``, ``category``,
        ``kind`` (``scale``, ``non_substantive`` or ``missing``), ``count``,
        ``share`` (of the base, "Ved ikke" included), ``share_substantive``
        (of answers on the scale proper) and ``share_of_respondents``.
        """
        return {
            "question": self.question,
            "level": self.level,
            "specialty": self.specialty,
            "cluster": self.cluster,
            "base": self.base,
            "substantive_base": self.substantive_base,
            "missing": self.missing,
            "respondents": self.respondents,
            "categories": [{k: json_value(v) for k, v in row.items()} for row in self._rows()],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per category, then one for blanks (undefined shares NaN); the columns of a dict row."""
        return pd.DataFrame(self._rows())

    def _rows(self) -> list[dict[str, object]]:
        where = {"question": self.question, "specialty": self.specialty, "cluster": self.cluster}
        rows: list[dict[str, object]] = []
        for label, count, subst in zip(self.labels, self.counts, self.substantive, strict=True):
            rows.append(
                {
                    **where,
                    "category": label,
                    "kind": "scale" if subst else "non_substantive",
                    "count": count,
                    "share": count / self.base if self.base else np.nan,
                    "share_substantive": count / self.substantive_base if subst and self.substantive_base else np.nan,
                    "share_of_respondents": count / self.respondents if self.respondents else np.nan,
                }
            )
        rows.append(
            {
                **where,
                "category": "(ikke besvaret)",
                "kind": "missing",
                "count": self.missing,
                "share": np.nan,
                "share_substantive": np.nan,
                "share_of_respondents": self.missing / self.respondents if self.respondents else np.nan,
            }
        )
        return rows

    def _caption(self) -> str:
        where = self.cluster or self.specialty or "hele landet"
        return f"Svarfordeling, {self.question}, {where} (n = {self.base})"


def distributions(
    survey: Survey, question: str, *, by: Level = "cluster", specialty: str | None = None
) -> tuple[Distribution, ...]:
    """The answer distribution of a closed question for every domain at one level.

    Clusters come in the roster's order (as in :func:`group_shares`).

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    by
        The level of the domains: ``"nation"``, ``"specialty"`` or ``"cluster"`` (default).
    specialty
        Keep only this specialty's domains.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> [d.base for d in distributions(demo_survey(), "understoetter_kvalitet", specialty="Plastikkirurgi")]
    [8, 6]
    """
    check_choice("by", by, LEVELS)
    if specialty is not None:
        survey.require_specialty(specialty)
    scale = survey.questionnaire.scale_of(question)
    keys, counts = aggregate(survey, unit_counts(survey, question), by)
    mask = select(keys, specialty if by != "nation" else None, None)
    substantive = tuple(o.substantive for o in scale.options)
    found = [
        Distribution(question, by, s, c, scale.labels, substantive, tuple(int(x) for x in row[:-1]), int(row[-1]))
        for s, c, row, keep in zip(keys["specialty"], keys["cluster"], counts, mask, strict=True)
        if keep
    ]
    if by == "cluster":  # the roster's order, as group_shares and response_rates
        found.sort(key=lambda d: survey.roster_position(d.specialty, d.cluster))
    return tuple(found)


def distribution(
    survey: Survey, question: str, *, specialty: str | None = None, cluster: str | None = None
) -> Distribution:
    """The answer distribution of a closed question for the nation, a specialty or a cluster.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    specialty
        The specialty; the nation when None.
    cluster
        A cluster of ``specialty``; the whole specialty when None.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> d = distribution(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> d.base, d.missing
    (73, 1)
    """
    level = level_of(specialty, cluster)
    found = [
        d
        for d in distributions(survey, question, by=level, specialty=specialty)
        if cluster is None or d.cluster == cluster
    ]
    if not found:
        raise KeyError(f"no cluster {cluster!r} in {specialty}")
    return found[0]
