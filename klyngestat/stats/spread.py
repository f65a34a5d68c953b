"""Cluster spread: the lowest and highest cluster share within a specialty."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from klyngestat._defaults import DEFAULT_MIN_N
from klyngestat.models._display import analysis_html
from klyngestat.stats.shares import Share, VedIkke, group_shares
from klyngestat.stats.suppression import suppress_clusters
from klyngestat.survey import Survey

__all__ = ["DEFAULT_MIN_N", "ClusterSpread", "cluster_spread"]


@dataclass(frozen=True)
class ClusterSpread:
    """Lowest and highest share among a specialty's shown clusters.

    ``hidden`` are the clusters suppressed for this question (fewer answers
    than ``min_n``, and the complementary ones that protect them; see
    :mod:`klyngestat.stats.suppression`); they take no part in ``low`` and
    ``high``. ``shown`` are the others.
    """

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

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``min`` and ``max`` as unrounded fractions, with their clusters."""
        low, high = self.low, self.high
        return {
            "question": self.question,
            "group": self.group,
            "specialty": self.specialty,
            "min_n": self.min_n,
            "min": None if low is None else low.share,
            "max": None if high is None else high.share,
            "min_cluster": None if low is None else low.cluster,
            "max_cluster": None if high is None else high.cluster,
            "clusters_shown": len(self.shown),
            "clusters_hidden": len(self.hidden),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per cluster, with a ``shown`` flag (hidden clusters' shares withheld)."""
        frame = pd.DataFrame(
            [{**s.to_dict(), "shown": True} for s in self.shown]
            + [{**s.to_dict(), "share": None, "count": None, "n": None, "shown": False} for s in self.hidden]
        )
        return frame.astype({"count": "Int64", "n": "Int64"}) if len(frame) else frame

    def _repr_html_(self) -> str:
        return analysis_html(self.to_frame(), f"Klyngespredning, {self.question}, {self.specialty}")


def cluster_spread(
    survey: Survey,
    question: str,
    specialty: str,
    group: str | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    ved_ikke: VedIkke = "include",
) -> ClusterSpread:
    """The spread of a grouped share across a specialty's clusters ("fra 58 til 88 pct.").

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> spread = cluster_spread(demo_survey(), "understoetter_kvalitet", "Dermatologi")
    >>> (spread.low.count, spread.low.base), (spread.high.count, spread.high.base)
    ((7, 12), (7, 8))
    """
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, not {min_n}")
    shares = group_shares(survey, question, group, "cluster", specialty=specialty, ved_ikke=ved_ikke)
    suppressed = suppress_clusters(
        survey, question, specialty, min_n=min_n, exclude_non_substantive=ved_ikke == "exclude"
    ).hidden
    shown = tuple(s for s in shares if s.cluster not in suppressed and s.base)
    hidden = tuple(s for s in shares if s.cluster in suppressed or not s.base)
    name = shares.shares[0].group if shares.shares else (group or "")
    return ClusterSpread(question, name, specialty, min_n, shown, hidden)
