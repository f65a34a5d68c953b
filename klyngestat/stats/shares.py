"""Answer distributions and grouped shares (top box and any named group).

The distributions (:class:`Distribution`) are made in the private module
``_distributions``; this module makes the shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import LEVELS, Level, aggregate, level_of, select, unit_counts
from klyngestat.stats._distributions import Distribution, distribution, distributions
from klyngestat.stats._result import Result
from klyngestat.survey import Survey

__all__ = [
    "Distribution",
    "Share",
    "Shares",
    "VedIkke",
    "distribution",
    "distributions",
    "group_share",
    "group_shares",
    "share_table",
]

VedIkke = Literal["include", "exclude"]
"""Whether non-substantive answers ("Ved ikke") are in a share's base."""


@dataclass(frozen=True)
class Share(Result):
    """A grouped share: ``count`` of ``base`` answered in the group's categories.

    The base is the respondents who answered the question; with
    ``ved_ikke="exclude"`` those who answered a non-substantive option
    ("Ved ikke") are taken out of it. ``to_dict()`` and ``to_frame()`` carry
    the same names as the attributes, ``share`` unrounded (None for an empty
    base).
    """

    question: str
    group: str
    label: str
    level: Level
    specialty: str | None
    cluster: str | None
    count: int
    base: int
    ved_ikke: VedIkke = "include"

    @property
    def fraction(self) -> Fraction | None:
        """The exact share, or None when the base is empty."""
        return Fraction(self.count, self.base) if self.base else None

    @property
    def share(self) -> float:
        """The share as a float (NaN when the base is empty)."""
        return self.count / self.base if self.base else float("nan")

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields, with ``share`` (unrounded) after ``count`` and ``base``."""
        return {
            "question": self.question,
            "group": self.group,
            "label": self.label,
            "level": self.level,
            "specialty": self.specialty,
            "cluster": self.cluster,
            "count": self.count,
            "base": self.base,
            "share": self.share if self.base else None,
            "ved_ikke": self.ved_ikke,
        }

    def _caption(self) -> str:
        return f"{self.question}: {self.label}"


SHARE_COLUMNS = ("question", "group", "label", "level", "specialty", "cluster", "count", "base", "share", "ved_ikke")
"""The columns of a table of shares: the keys of :meth:`Share.to_dict`."""


@dataclass(frozen=True)
class Shares(Result):
    """Many grouped shares as one tidy table: ``to_dict()["shares"]`` holds one :meth:`Share.to_dict` per row."""

    ROWS: ClassVar[str | None] = "shares"
    shares: tuple[Share, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``{"shares": [one dict per share]}``."""
        return {"shares": [s.to_dict() for s in self.shares]}

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return list(SHARE_COLUMNS)

    def _caption(self) -> str:
        return f"Andele ({len(self.shares)})"

    def __iter__(self) -> Iterator[Share]:
        return iter(self.shares)

    def __len__(self) -> int:
        return len(self.shares)

    def __getitem__(self, index: int) -> Share:
        return self.shares[index]


def _shares_from_counts(
    survey: Survey,
    question: str,
    group: str,
    level: Level,
    keys: pd.DataFrame,
    counts: np.ndarray,
    mask: np.ndarray,
    ved_ikke: VedIkke,
) -> list[Share]:
    scale = survey.questionnaire.scale_of(question)
    in_group = np.zeros(counts.shape[1], dtype=bool)
    in_group[list(scale.group_positions(group))] = True
    in_base = np.zeros(counts.shape[1], dtype=bool)
    in_base[: len(scale.options)] = True
    if ved_ikke == "exclude":
        in_base[[i for i, o in enumerate(scale.options) if not o.substantive]] = False
    else:
        check_choice("ved_ikke", ved_ikke, get_args(VedIkke))
    numerators = counts[:, in_group & in_base].sum(axis=1)
    bases = counts[:, in_base].sum(axis=1)
    label = scale.group(group).label
    return [
        Share(question, group, label, level, s, c, int(k), int(n), ved_ikke)
        for s, c, k, n, keep in zip(keys["specialty"], keys["cluster"], numerators, bases, mask, strict=True)
        if keep
    ]


def _resolve_group(survey: Survey, question: str, group: str | None) -> str:
    scale = survey.questionnaire.scale_of(question)
    if group is not None:
        scale.group(group)
        return group
    if scale.top_box is None:
        raise ValueError(f"scale {scale.id!r} of {question!r} has no top box; name a group: {sorted(scale.groups)}")
    return scale.top_box


def group_shares(
    survey: Survey,
    question: str,
    *,
    group: str | None = None,
    by: Level = "cluster",
    specialty: str | None = None,
    ved_ikke: VedIkke = "include",
) -> Shares:
    """A grouped share of a closed question for every domain at one level.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    group
        A named group of the question's scale; the scale's top box by default.
    by
        The level of the domains: ``"nation"``, ``"specialty"`` or ``"cluster"`` (default).
    specialty
        Keep only this specialty's domains.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> shares = group_shares(demo_survey(), "understoetter_kvalitet", by="cluster", specialty="Plastikkirurgi")
    >>> [(s.count, s.base) for s in shares]
    [(6, 8), (1, 6)]
    """
    check_choice("by", by, LEVELS)
    if specialty is not None:
        survey.require_specialty(specialty)
    group = _resolve_group(survey, question, group)
    keys, counts = aggregate(survey, unit_counts(survey, question), by)
    mask = select(keys, specialty if by != "nation" else None, None)
    shares = _shares_from_counts(survey, question, group, by, keys, counts, mask, ved_ikke)
    if by == "cluster":
        shares.sort(key=lambda s: survey.roster_position(s.specialty, s.cluster))
    return Shares(tuple(shares))


def group_share(
    survey: Survey,
    question: str,
    *,
    group: str | None = None,
    specialty: str | None = None,
    cluster: str | None = None,
    ved_ikke: VedIkke = "include",
) -> Share:
    """A grouped share (the top box by default) for the nation, a specialty or a cluster.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    group
        A named group of the question's scale; the scale's top box by default.
    specialty
        The specialty; the nation when None.
    cluster
        A cluster of ``specialty``; the whole specialty when None.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> s = group_share(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> s.count, s.base
    (52, 73)
    >>> group_share(demo_survey(), "understoetter_kvalitet", group="nogen_grad", specialty="Dermatologi").count
    17
    """
    level = level_of(specialty, cluster)
    found = [
        s
        for s in group_shares(survey, question, group=group, by=level, specialty=specialty, ved_ikke=ved_ikke)
        if cluster is None or s.cluster == cluster
    ]
    if not found:
        raise KeyError(f"no cluster {cluster!r} in {specialty}")
    return found[0]


def share_table(
    survey: Survey,
    *,
    group: str | None = None,
    questions: tuple[str, ...] | None = None,
    ved_ikke: VedIkke = "include",
) -> Shares:
    """Grouped shares of every closed question at every level: nation, specialties, clusters.

    Questions whose scale lacks the group (or a top box, when ``group`` is
    None) are skipped. One bincount per question; no loop over rows or groups.

    Parameters
    ----------
    survey
        The survey.
    group
        A named group; each question's top box by default.
    questions
        The closed questions to include; all of them by default.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> table = share_table(demo_survey(), questions=("understoetter_kvalitet",)).to_frame()
    >>> table.loc[table["level"] == "nation", ["count", "base"]].to_numpy().tolist()
    [[454, 691]]
    """
    rows: list[Share] = []
    for question in questions or survey.closed_questions:
        scale = survey.questionnaire.scale_of(question)
        name = group or scale.top_box
        if name is None or name not in scale.groups:
            continue
        per_unit = unit_counts(survey, question)
        for level in LEVELS:
            keys, counts = aggregate(survey, per_unit, level)
            rows += _shares_from_counts(
                survey, question, name, level, keys, counts, np.ones(len(keys), dtype=bool), ved_ikke
            )
    return Shares(tuple(rows))
