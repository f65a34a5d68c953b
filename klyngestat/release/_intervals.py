"""The intervals of a Release's shares: Wilson on every shown share, exact (hypergeometric) above clusters."""

from __future__ import annotations

from klyngestat.release._builder import Builder, replace_record, share_of
from klyngestat.stats.intervals import share_intervals

__all__ = ["add_intervals"]


def add_intervals(b: Builder) -> None:
    """Wilson intervals with the finite population correction on every shown share; exact ones above clusters.

    Parameters
    ----------
    b
        The release under construction, its counted records made.
    """
    chosen = [i for i, r in enumerate(b.records) if r.kind == "group" and r.shown and r.base]
    shares = [share_of(b.records[i]) for i in chosen]
    populations = [b.records[i].population for i in chosen]
    if not chosen:
        return
    confidence = b.options.confidence_level
    wilson = share_intervals(shares, method="wilson", populations=populations, confidence_level=confidence).intervals
    exact_at = [j for j, i in enumerate(chosen) if b.records[i].level != "cluster" and populations[j] is not None]
    exact = (
        share_intervals(
            [shares[j] for j in exact_at],
            method="hypergeometric",
            populations=[populations[j] for j in exact_at],
            confidence_level=confidence,
        ).intervals
        if exact_at
        else ()
    )
    exact_of = dict(zip(exact_at, exact, strict=True))
    for j, i in enumerate(chosen):
        record = b.records[i]
        detail = dict(record.detail)
        detail["confidence"] = confidence
        detail["fpc"] = record.population is not None
        if j in exact_of:
            e = exact_of[j]
            detail["interval_exact"] = {
                "method": "hypergeometric",
                "low": e.low,
                "high": e.high,
                "low_count": e.low_count,
                "high_count": e.high_count,
            }
        b.records[i] = replace_record(record, low=wilson[j].low, high=wilson[j].high, method="wilson", detail=detail)
