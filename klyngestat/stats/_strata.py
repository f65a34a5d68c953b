"""Post-stratification weights: a specialty's respondents weighed by their clusters' member counts.

Each cluster is a stratum: a respondent of cluster c weighs members_c /
respondents_c. The public names are :mod:`klyngestat.stats.weights`'s, where
the weighted share is made from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import select, unit_people
from klyngestat.stats._result import Result, json_value
from klyngestat.survey import Survey

WeightLevel = Literal["cluster"]
"""The strata weights are made in; clusters are the only level with known member counts below the specialty."""

ASSUMPTION = (
    "post-stratified to the roster's member counts: within each cluster, those who answered are treated as a "
    "simple random sample of its members (non-response ignorable within cluster)"
)


def kish(totals: np.ndarray, sizes: np.ndarray) -> tuple[float, float]:
    """Kish's efficiency (Σw)²/(n·Σw²) and effective n (Σw)²/Σw² for weight totals/sizes per stratum."""
    n = float(sizes.sum())
    if n == 0:
        return math.nan, math.nan
    sum_w = float(totals.sum())
    sum_w2 = float((totals**2 / sizes).sum())
    return sum_w**2 / (n * sum_w2), sum_w**2 / sum_w2


@dataclass(frozen=True)
class Weights(Result):
    """Post-stratification weights of a specialty's respondents, one per cluster.

    A respondent of cluster c weighs ``members_c / respondents_c``; clusters
    with members but no respondents cannot be represented and are listed in
    ``uncovered`` (their weight is None). ``to_dict()["clusters"]`` holds the
    frame's rows: ``specialty``, ``cluster``, ``members``, ``respondents``, ``weight``.
    """

    ROWS: ClassVar[str | None] = "clusters"
    specialty: str
    strata: WeightLevel
    clusters: tuple[str, ...]
    members: tuple[int, ...]
    respondents: tuple[int, ...]
    weights: tuple[float | None, ...]
    assumption: str = ASSUMPTION

    @property
    def uncovered(self) -> tuple[str, ...]:
        """Clusters with no respondents (their members are not represented)."""
        return tuple(c for c, r in zip(self.clusters, self.respondents, strict=True) if r == 0)

    @property
    def total_respondents(self) -> int:
        """Respondents of the specialty: the sum of ``respondents``."""
        return sum(self.respondents)

    @property
    def population(self) -> int:
        """Members of the covered clusters: the weights' sum."""
        return sum(m for m, r in zip(self.members, self.respondents, strict=True) if r > 0)

    @property
    def efficiency(self) -> float:
        """Kish's weighting efficiency (Σw)²/(n·Σw²), in (0, 1]."""
        return self.kish()[0]

    @property
    def effective_n(self) -> float:
        """Kish's effective sample size (Σw)²/Σw²."""
        return self.kish()[1]

    def kish(self) -> tuple[float, float]:
        members, respondents = np.array(self.members, dtype=float), np.array(self.respondents, dtype=float)
        covered = respondents > 0
        return kish(members[covered], respondents[covered])

    def per_respondent(self, survey: Survey) -> pd.Series:
        """Each of the specialty's respondents' weight, indexed by ``respondent_id`` (named ``weight``).

        Parameters
        ----------
        survey
            The survey the weights were made from (its respondents of ``specialty``).
        """
        frame = survey.frame
        rows = (frame["specialty"] == self.specialty).to_numpy() & survey.respondent_mask
        lookup = pd.Series([math.nan if w is None else w for w in self.weights], index=list(self.clusters))
        weight = frame.loc[rows, "cluster"].astype(str).map(lookup).to_numpy(float)
        return pd.Series(weight, index=frame.loc[rows, "respondent_id"].to_numpy(), name="weight")

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the totals, Kish's efficiency and effective n, and one row per cluster."""
        return {
            "specialty": self.specialty,
            "strata": self.strata,
            "total_respondents": self.total_respondents,
            "population": self.population,
            "efficiency": json_value(self.efficiency),
            "effective_n": json_value(self.effective_n),
            "uncovered": list(self.uncovered),
            "assumption": self.assumption,
            "clusters": [
                {"specialty": self.specialty, "cluster": c, "members": m, "respondents": r, "weight": w}
                for c, m, r, w in zip(self.clusters, self.members, self.respondents, self.weights, strict=True)
            ],
        }

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return ["specialty", "cluster", "members", "respondents", "weight"]

    def _caption(self) -> str:
        return f"Vægte, {self.specialty} (klynger som strata)"


def _require_roster(survey: Survey, specialty: str) -> list[tuple[str, int]]:
    if survey.roster is None:
        raise ValueError(
            "post-stratification needs the clusters' member counts: read the survey with a roster "
            "(read_survey(..., roster='roster.csv') with columns specialty, cluster, members)"
        )
    listed = [(c.cluster, c.members) for c in survey.roster.clusters_of(specialty)]
    if not listed:
        raise ValueError(f"the roster lists no clusters of {specialty!r}; add them to weight its answers")
    missing = sorted(set(survey.clusters_of(specialty)) - {name for name, _ in listed})
    if missing:
        raise ValueError(
            f"{specialty}: clusters {missing} have answers but are not in the roster; add their member counts"
        )
    return listed


def check_members(specialty: str, clusters: list[str], members: np.ndarray, answers: np.ndarray, what: str) -> None:
    short = [f"{c} ({m} members, {a} {what})" for c, m, a in zip(clusters, members, answers, strict=True) if a > m]
    if short:
        raise ValueError(
            f"{specialty}: the roster has fewer members than {what} in {', '.join(short)}; correct the roster"
        )


def poststratify(survey: Survey, specialty: str, *, strata: WeightLevel = "cluster") -> Weights:
    """Weights that make a specialty's respondents represent its clusters' members.

    A respondent in cluster c weighs members_c / respondents_c (members from
    the roster, which is required); the weights sum to the members of the
    clusters that have respondents.

    Parameters
    ----------
    survey
        A survey read with a roster.
    specialty
        The specialty to weight.
    strata
        ``"cluster"``, the only level with member counts below the specialty
        (R survey's ``strata = ~cluster``).

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> w = poststratify(demo_survey(), "Plastikkirurgi")
    >>> w.members, w.respondents, w.weights
    ((11, 8), (8, 6), (1.375, 1.3333333333333333))
    >>> round(w.efficiency, 4)
    0.9998
    """
    check_choice("strata", strata, get_args(WeightLevel))
    survey.require_specialty(specialty)
    listed = _require_roster(survey, specialty)
    _, respondents_by_unit = unit_people(survey)
    _, units = survey.units
    mask = select(units, specialty, None)
    found = dict(zip(units.loc[mask, "cluster"], respondents_by_unit[mask], strict=True))
    clusters = [name for name, _ in listed]
    members = np.array([m for _, m in listed], dtype=np.int64)
    respondents = np.array([int(found.get(name, 0)) for name in clusters], dtype=np.int64)
    check_members(specialty, clusters, members, respondents, "respondents")
    weights = np.divide(members, respondents, out=np.full(len(members), np.nan), where=respondents > 0)
    return Weights(
        specialty=specialty,
        strata=strata,
        clusters=tuple(clusters),
        members=tuple(int(m) for m in members),
        respondents=tuple(int(r) for r in respondents),
        weights=tuple(None if math.isnan(w) else float(w) for w in weights),
    )
