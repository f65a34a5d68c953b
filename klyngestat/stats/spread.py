"""Cluster spread: the lowest and highest cluster share within a specialty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from klyngestat._defaults import DEFAULT_MIN_N
from klyngestat.stats._result import Result
from klyngestat.stats.shares import SHARE_COLUMNS, Share, VedIkke, group_shares
from klyngestat.stats.suppression import suppress_clusters
from klyngestat.survey import Survey

__all__ = ["DEFAULT_MIN_N", "ClusterSpread", "cluster_spread"]


@dataclass(frozen=True)
class ClusterSpread(Result):
    """Lowest and highest share among a specialty's shown clusters.

    ``hidden`` are the clusters suppressed for this question (fewer answers
    than ``min_n``, and the complementary ones that protect them; see
    :mod:`klyngestat.stats.suppression`); they take no part in ``low`` and
    ``high``. ``shown`` are the others. ``to_dict()["clusters"]`` holds the
    frame's rows: one per cluster, shown ones first, with a ``shown`` flag;
    a hidden cluster's ``count``, ``base`` and ``share`` are withheld (None).
    """

    ROWS: ClassVar[str | None] = "clusters"
    question: str
    group: str
    specialty: str
    min_n: int
    shown: tuple[Share, ...]
    hidden: tuple[Share, ...]

    @property
    def low(self) -> Share | None:
        """The shown cluster with the lowest share (first in cluster order on ties)."""
        return min(self.shown, key=lambda s: s.fraction or 0) if self.shown else None

    @property
    def high(self) -> Share | None:
        """The shown cluster with the highest share (first in cluster order on ties)."""
        return max(self.shown, key=lambda s: s.fraction or 0) if self.shown else None

    @property
    def min_share(self) -> float | None:
        """The lowest shown cluster share, unrounded (None without shown clusters)."""
        return None if self.low is None else self.low.share

    @property
    def max_share(self) -> float | None:
        """The highest shown cluster share, unrounded (None without shown clusters)."""
        return None if self.high is None else self.high.share

    @property
    def min_cluster(self) -> str | None:
        """The cluster of :attr:`min_share`."""
        return None if self.low is None else self.low.cluster

    @property
    def max_cluster(self) -> str | None:
        """The cluster of :attr:`max_share`."""
        return None if self.high is None else self.high.cluster

    @property
    def clusters_shown(self) -> int:
        """How many clusters are shown."""
        return len(self.shown)

    @property
    def clusters_hidden(self) -> int:
        """How many clusters are hidden."""
        return len(self.hidden)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the spread (``min_share``, ``max_share`` and their clusters) and one row per cluster."""
        return {
            "question": self.question,
            "group": self.group,
            "specialty": self.specialty,
            "min_n": self.min_n,
            "min_share": self.min_share,
            "max_share": self.max_share,
            "min_cluster": self.min_cluster,
            "max_cluster": self.max_cluster,
            "clusters_shown": self.clusters_shown,
            "clusters_hidden": self.clusters_hidden,
            "clusters": [{**s.to_dict(), "shown": True} for s in self.shown]
            + [{**s.to_dict(), "count": None, "base": None, "share": None, "shown": False} for s in self.hidden],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per cluster, with a ``shown`` flag (hidden clusters' counts and shares withheld)."""
        frame = super().to_frame()
        return frame.astype({"count": "Int64", "base": "Int64"})

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        return [*SHARE_COLUMNS, "shown"]

    def _caption(self) -> str:
        return f"Klyngespredning, {self.question}, {self.specialty}"


def cluster_spread(
    survey: Survey,
    question: str,
    *,
    specialty: str,
    group: str | None = None,
    min_n: int = DEFAULT_MIN_N,
    ved_ikke: VedIkke = "include",
) -> ClusterSpread:
    """The spread of a grouped share across a specialty's clusters ("fra 58 til 88 pct.").

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    specialty
        The specialty whose clusters are compared.
    group
        A named group of the question's scale; the top box by default.
    min_n
        Clusters with fewer answers are hidden, with the complementary ones
        that protect them (:func:`klyngestat.stats.suppress_clusters`).
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> spread = cluster_spread(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> (spread.low.count, spread.low.base), (spread.high.count, spread.high.base)
    ((7, 12), (7, 8))
    """
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, not {min_n}")
    shares = group_shares(survey, question, group=group, by="cluster", specialty=specialty, ved_ikke=ved_ikke)
    suppressed = suppress_clusters(survey, question, specialty=specialty, min_n=min_n, ved_ikke=ved_ikke).hidden
    shown = tuple(s for s in shares if s.cluster not in suppressed and s.base)
    hidden = tuple(s for s in shares if s.cluster in suppressed or not s.base)
    name = shares.shares[0].group if shares.shares else (group or "")
    return ClusterSpread(question, name, specialty, min_n, shown, hidden)
