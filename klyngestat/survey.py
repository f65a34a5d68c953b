"""The Survey: one validated frame of one wave, with its metadata."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from klyngestat.models._display import analysis_html
from klyngestat.models._statuses import ID_COLUMNS, RESPONDENT_STATUSES, STATUSES
from klyngestat.models.problems import ValidationReport
from klyngestat.models.questionnaire import Questionnaire
from klyngestat.models.roster import Roster

__all__ = ["ID_COLUMNS", "Survey"]


@dataclass(frozen=True, eq=False)
class Survey:
    """One wave of the survey: one row per invited person, plus metadata.

    Build it with :func:`klyngestat.read_survey` or
    :func:`klyngestat.survey_from_frame`, which validate the input; the frame
    holds ``respondent_id`` (text), ``specialty``, ``cluster`` and ``status``
    (categoricals) and one ordered categorical per closed question (categories
    are the scale's labels in scale order), one text column per free-text
    question. Treat the frame as read-only: statistics never modify it.

    Attributes
    ----------
    frame
        The validated data.
    questionnaire
        The questionnaire the answers were validated against.
    roster
        Cluster member counts, when supplied.
    year
        The wave's year, when known.
    report
        Warnings and notes from validation (a Survey is never built with errors).
    source
        Where the data came from.
    """

    frame: pd.DataFrame
    questionnaire: Questionnaire
    roster: Roster | None = None
    year: int | None = None
    report: ValidationReport = field(default_factory=ValidationReport)
    source: str | None = None

    def __post_init__(self) -> None:
        missing = [c for c in ID_COLUMNS if c not in self.frame.columns]
        if missing:
            raise ValueError(f"a Survey frame needs columns {missing}; build it with survey_from_frame()")
        unknown = set(self.frame["status"].cat.categories) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown status categories {sorted(unknown)}")

    @property
    def questions(self) -> tuple[str, ...]:
        """Ids of the questionnaire's questions present in the data, in questionnaire order."""
        return tuple(q for q in self.questionnaire.question_ids if q in self.frame.columns)

    @property
    def closed_questions(self) -> tuple[str, ...]:
        """Ids of the closed questions present in the data."""
        return tuple(q.id for q in self.questionnaire.closed_questions() if q.id in self.frame.columns)

    @property
    def specialties(self) -> tuple[str, ...]:
        """Specialties in the data, in order of appearance in the roster or else alphabetically."""
        return tuple(str(s) for s in self.frame["specialty"].cat.categories)

    def clusters_of(self, specialty: str) -> tuple[str, ...]:
        """A specialty's clusters, in the roster's order where there is one.

        Parameters
        ----------
        specialty
            A specialty in the data.
        """
        self.require_specialty(specialty)
        present = self.frame.loc[self.frame["specialty"] == specialty, "cluster"].unique()
        names = [str(c) for c in present]
        if self.roster is not None:
            order = [c.cluster for c in self.roster.clusters_of(specialty)]
            return tuple(sorted(names, key=lambda c: (order.index(c) if c in order else len(order), c)))
        return tuple(sorted(names))

    @cached_property
    def _roster_order(self) -> dict[tuple[str, str], int]:
        clusters = self.roster.clusters if self.roster is not None else ()
        return {(c.specialty, c.cluster): i for i, c in enumerate(clusters)}

    def roster_position(self, specialty: str | None, cluster: str | None) -> int:
        """A cluster's position in the roster (clusters the roster lacks sort last).

        Parameters
        ----------
        specialty
            The cluster's specialty.
        cluster
            The cluster, named within its specialty.
        """
        return self._roster_order.get((str(specialty), str(cluster)), len(self._roster_order))

    def require_specialty(self, specialty: str) -> None:
        """Raise a clear error when the specialty is not in the data.

        Parameters
        ----------
        specialty
            The specialty a caller asked for.
        """
        if specialty not in self.specialties:
            raise KeyError(f"no specialty {specialty!r} in the survey; specialties: {', '.join(self.specialties)}")

    def require_question(self, question: str) -> None:
        """Raise a clear error when the question is not in the data.

        Parameters
        ----------
        question
            The question id a caller asked for: it must be in the questionnaire and a column of the frame.
        """
        self.questionnaire.question(question)
        if question not in self.frame.columns:
            raise KeyError(f"question {question!r} is not in this survey's data (it is absent from the input)")

    @cached_property
    def respondent_mask(self) -> np.ndarray:
        """True for rows whose status is completed or partial."""
        return np.asarray(self.frame["status"].isin(RESPONDENT_STATUSES))

    @cached_property
    def respondent_units(self) -> np.ndarray:
        """The unit code (see :attr:`units`) of each respondent's row, in row order."""
        codes: np.ndarray = self.units[0][self.respondent_mask]
        return codes

    @cached_property
    def units(self) -> tuple[np.ndarray, pd.DataFrame]:
        """Each row's (specialty, cluster) unit code and the table of units.

        Clusters are identified within their specialty, so two specialties may
        use the same cluster name.
        """
        spec = self.frame["specialty"].cat.codes.to_numpy(np.int64)
        clus = self.frame["cluster"].cat.codes.to_numpy(np.int64)
        n_clusters = len(self.frame["cluster"].cat.categories)
        combined = spec * n_clusters + clus
        uniques, codes = np.unique(combined, return_inverse=True)
        table = pd.DataFrame(
            {
                "specialty": self.frame["specialty"].cat.categories[uniques // n_clusters].astype(str),
                "cluster": self.frame["cluster"].cat.categories[uniques % n_clusters].astype(str),
            }
        )
        return codes.astype(np.int64), table

    def _specialty_overview(self) -> pd.DataFrame:
        """Per specialty: clusters, invited, respondents, roster members and the response rate (for display)."""
        codes = self.frame["specialty"].cat.codes.to_numpy(np.int64)
        known = codes >= 0
        invited = np.bincount(codes[known], minlength=len(self.specialties))
        respondents = np.bincount(codes[known & self.respondent_mask], minlength=len(self.specialties))
        clusters = Counter(str(s) for s in self.units[1]["specialty"])
        return pd.DataFrame(
            {
                "specialty": list(self.specialties),
                "clusters": [clusters[s] for s in self.specialties],
                "invited": invited,
                "respondents": respondents,
                "members": [self.roster.members(s) if self.roster is not None else None for s in self.specialties],
                "response_rate": [r / n if n else None for r, n in zip(respondents, invited, strict=True)],
            }
        )

    def _repr_html_(self) -> str:
        return analysis_html(
            self._specialty_overview(),
            f"Undersøgelse {self.year or ''} ({self.source or 'ukendt kilde'}): "
            f"{int(self.respondent_mask.sum())} af {len(self.frame)} har svaret; specialer: {len(self.specialties)}, "
            f"spørgsmål: {len(self.questions)} ({len(self.closed_questions)} lukkede)",
        )

    def __repr__(self) -> str:
        n = len(self.frame)
        return (
            f"<Survey {self.source or ''} year={self.year} invited={n} "
            f"respondents={int(self.respondent_mask.sum())} specialties={len(self.specialties)} "
            f"questions={len(self.questions)}>"
        )
