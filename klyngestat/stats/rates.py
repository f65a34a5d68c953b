"""Response rates for the nation, each specialty and each cluster."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import ClassVar

import numpy as np

from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import LEVELS, Level, aggregate, select, unit_people
from klyngestat.stats._result import Result
from klyngestat.survey import Survey

__all__ = ["ResponseRate", "ResponseRates", "response_rate", "response_rates"]


@dataclass(frozen=True)
class ResponseRate(Result):
    """Respondents (completed + partial) of the invited, at one level.

    ``members`` is the roster's member count where a roster was given; it may
    differ from ``invited`` and is never used as the rate's denominator.
    """

    level: Level
    specialty: str | None
    cluster: str | None
    invited: int
    respondents: int
    members: int | None = None

    @property
    def fraction(self) -> Fraction | None:
        """The exact rate, or None when no one was invited."""
        return Fraction(self.respondents, self.invited) if self.invited else None

    @property
    def response_rate(self) -> float:
        """The rate as a float (NaN when no one was invited)."""
        return self.respondents / self.invited if self.invited else float("nan")

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields and ``response_rate`` (unrounded; None when no one was invited)."""
        return {**asdict(self), "response_rate": self.response_rate if self.invited else None}

    def _caption(self) -> str:
        return f"Svarprocent, {self.cluster or self.specialty or 'hele landet'}"


RATE_COLUMNS = ("level", "specialty", "cluster", "invited", "respondents", "members", "response_rate")
"""The columns of a table of response rates: the keys of :meth:`ResponseRate.to_dict`."""


@dataclass(frozen=True)
class ResponseRates(Result):
    """Response rates of many domains as one tidy table: ``to_dict()["rates"]`` holds one row per domain."""

    ROWS: ClassVar[str | None] = "rates"
    rates: tuple[ResponseRate, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``{"rates": [one dict per domain]}``."""
        return {"rates": [r.to_dict() for r in self.rates]}

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return list(RATE_COLUMNS)

    def _caption(self) -> str:
        return f"Svarprocenter ({len(self.rates)} grupper)"

    def __iter__(self) -> Iterator[ResponseRate]:
        return iter(self.rates)

    def __len__(self) -> int:
        return len(self.rates)

    def __getitem__(self, index: int) -> ResponseRate:
        return self.rates[index]


def _members(survey: Survey, specialty: str | None, cluster: str | None, level: Level) -> int | None:
    if survey.roster is None or level == "nation":
        return None
    assert specialty is not None
    return survey.roster.members(specialty, cluster)


def response_rates(survey: Survey, *, by: Level = "specialty", specialty: str | None = None) -> ResponseRates:
    """Response rates at one level: the nation, each specialty, or each cluster.

    Parameters
    ----------
    survey
        The survey.
    by
        The level of the domains: ``"nation"``, ``"specialty"`` (default) or ``"cluster"``.
    specialty
        Keep only this specialty's domains.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> rates = response_rates(demo_survey(), by="cluster", specialty="Plastikkirurgi")
    >>> [(r.cluster, r.invited, r.respondents) for r in rates]
    [('Plastikkir – Østdanmark', 12, 8), ('Plastikkir – Vestdanmark', 8, 6)]
    """
    check_choice("by", by, LEVELS)
    if specialty is not None:
        survey.require_specialty(specialty)
    invited, respondents = unit_people(survey)
    keys, counts = aggregate(survey, np.stack([invited, respondents], axis=1), by)
    mask = select(keys, specialty if by != "nation" else None, None)
    rows = [
        ResponseRate(by, s, c, int(n), int(r), _members(survey, s, c, by))
        for s, c, (n, r), keep in zip(keys["specialty"], keys["cluster"], counts, mask, strict=True)
        if keep
    ]
    if by == "cluster":
        rows.sort(key=lambda r: survey.roster_position(r.specialty, r.cluster))
    return ResponseRates(tuple(rows))


def response_rate(survey: Survey, *, specialty: str | None = None, cluster: str | None = None) -> ResponseRate:
    """The response rate of the nation, a specialty, or one cluster of a specialty.

    Parameters
    ----------
    survey
        The survey.
    specialty
        The specialty; the nation when None.
    cluster
        A cluster of ``specialty``; the whole specialty when None.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> r = response_rate(demo_survey(), specialty="Dermatologi")
    >>> r.respondents, r.invited
    (74, 110)
    """
    if cluster is not None and specialty is None:
        raise ValueError("a cluster is named within its specialty: give specialty= too")
    level: Level = "nation" if specialty is None else ("specialty" if cluster is None else "cluster")
    rates = response_rates(survey, by=level, specialty=specialty)
    found = [r for r in rates if cluster is None or r.cluster == cluster]
    if not found:
        known = ", ".join(survey.clusters_of(specialty)) if specialty is not None else ""
        raise KeyError(f"no cluster {cluster!r} in {specialty}; clusters: {known}")
    return found[0]
