"""Answer distributions and grouped shares (top box and any named group)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Literal, get_args

import numpy as np
import pandas as pd

from klyngestat.models._display import analysis_html
from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import LEVELS, Level, aggregate, select, unit_counts
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
class Share:
    """A grouped share: ``count`` of ``base`` answered in the group's categories.

    The base is the respondents who answered the question; with
    ``ved_ikke="exclude"`` those who answered a non-substantive option
    ("Ved ikke") are taken out of it.
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
        """JSON-able form: counts, base (as ``n``) and the unrounded share."""
        data = asdict(self)
        data["n"] = data.pop("base")
        data["share"] = self.share if self.base else None
        return data

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy frame."""
        return pd.DataFrame([self.to_dict()])

    def _repr_html_(self) -> str:
        return analysis_html(self.to_frame(), f"{self.question}: {self.label}")


@dataclass(frozen=True)
class Shares:
    """Many grouped shares as one tidy table."""

    shares: tuple[Share, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per share: question, group, level, specialty, cluster, count, n, share."""
        columns = ["question", "group", "label", "level", "specialty", "cluster", "count", "n", "share", "ved_ikke"]
        return pd.DataFrame([s.to_dict() for s in self.shares], columns=columns)

    def _repr_html_(self) -> str:
        return analysis_html(self.to_frame(), f"Andele ({len(self.shares)})")

    def __iter__(self) -> Iterator[Share]:
        return iter(self.shares)

    def __len__(self) -> int:
        return len(self.shares)


@dataclass(frozen=True)
class Distribution:
    """Counts of every answer category at one level, with "Ved ikke" and blanks apart."""

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

    def to_frame(self) -> pd.DataFrame:
        """One row per category, then one for blanks.

        Columns: ``category``, ``kind`` (``scale``, ``non_substantive`` or
        ``missing``), ``count``, ``share`` (of the base, "Ved ikke" included),
        ``share_substantive`` (of answers on the scale proper) and
        ``share_of_respondents``.
        """
        rows = []
        for label, count, subst in zip(self.labels, self.counts, self.substantive, strict=True):
            rows.append(
                {
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
                "category": "(ikke besvaret)",
                "kind": "missing",
                "count": self.missing,
                "share": np.nan,
                "share_substantive": np.nan,
                "share_of_respondents": self.missing / self.respondents if self.respondents else np.nan,
            }
        )
        frame = pd.DataFrame(rows)
        frame.insert(0, "question", self.question)
        frame.insert(1, "specialty", self.specialty)
        frame.insert(2, "cluster", self.cluster)
        return frame

    def _repr_html_(self) -> str:
        where = self.cluster or self.specialty or "hele landet"
        return analysis_html(self.to_frame(), f"Svarfordeling, {self.question}, {where} (n = {self.base})")

    def to_dict(self) -> dict[str, object]:
        """JSON-able form."""
        return {
            "question": self.question,
            "level": self.level,
            "specialty": self.specialty,
            "cluster": self.cluster,
            "n": self.base,
            "missing": self.missing,
            "categories": [
                {"label": lab, "substantive": s, "count": c}
                for lab, s, c in zip(self.labels, self.substantive, self.counts, strict=True)
            ],
        }


def _level_of(specialty: str | None, cluster: str | None) -> Level:
    if cluster is not None and specialty is None:
        raise ValueError("a cluster is named within its specialty: give specialty= too")
    return "nation" if specialty is None else ("specialty" if cluster is None else "cluster")


def distributions(
    survey: Survey, question: str, by: Level = "cluster", *, specialty: str | None = None
) -> tuple[Distribution, ...]:
    """The answer distribution of a closed question for every group at one level."""
    check_choice("by", by, LEVELS)
    if specialty is not None:
        survey.require_specialty(specialty)
    scale = survey.questionnaire.scale_of(question)
    keys, counts = aggregate(survey, unit_counts(survey, question), by)
    mask = select(keys, specialty if by != "nation" else None, None)
    substantive = tuple(o.substantive for o in scale.options)
    return tuple(
        Distribution(question, by, s, c, scale.labels, substantive, tuple(int(x) for x in row[:-1]), int(row[-1]))
        for s, c, row, keep in zip(keys["specialty"], keys["cluster"], counts, mask, strict=True)
        if keep
    )


def distribution(
    survey: Survey, question: str, specialty: str | None = None, cluster: str | None = None
) -> Distribution:
    """The answer distribution of a closed question for the nation, a specialty or a cluster.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> d = distribution(demo_survey(), "understoetter_kvalitet", "Dermatologi")
    >>> d.base, d.missing
    (73, 1)
    """
    level = _level_of(specialty, cluster)
    found = [
        d
        for d in distributions(survey, question, level, specialty=specialty)
        if cluster is None or d.cluster == cluster
    ]
    if not found:
        raise KeyError(f"no cluster {cluster!r} in {specialty}")
    return found[0]


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
    group: str | None = None,
    by: Level = "cluster",
    *,
    specialty: str | None = None,
    ved_ikke: VedIkke = "include",
) -> Shares:
    """A grouped share of a closed question for every group at one level.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    group
        A named group of the question's scale; the scale's top box by default.
    by
        ``"nation"``, ``"specialty"`` or ``"cluster"``.
    specialty
        Keep only this specialty's groups.
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
    group: str | None = None,
    specialty: str | None = None,
    cluster: str | None = None,
    *,
    ved_ikke: VedIkke = "include",
) -> Share:
    """A grouped share (the top box by default) for the nation, a specialty or a cluster.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> s = group_share(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> s.count, s.base
    (52, 73)
    >>> group_share(demo_survey(), "understoetter_kvalitet", "nogen_grad", "Dermatologi").count
    17
    """
    level = _level_of(specialty, cluster)
    found = [
        s
        for s in group_shares(survey, question, group, level, specialty=specialty, ved_ikke=ved_ikke)
        if cluster is None or s.cluster == cluster
    ]
    if not found:
        raise KeyError(f"no cluster {cluster!r} in {specialty}")
    return found[0]


def share_table(
    survey: Survey, group: str | None = None, *, questions: tuple[str, ...] | None = None, ved_ikke: VedIkke = "include"
) -> Shares:
    """Grouped shares of every closed question at every level: nation, specialties, clusters.

    Questions whose scale lacks the group (or a top box, when ``group`` is
    None) are skipped. One bincount per question; no loop over rows or groups.
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
