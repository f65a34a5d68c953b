"""A specialty's post-stratified share: its shown clusters as strata, the hidden ones pooled into one."""

from __future__ import annotations

from klyngestat.release._builder import POOLED, Builder
from klyngestat.release.records import Record
from klyngestat.stats.weights import weighted_share_from_counts

__all__ = ["weighted_record"]


def weighted_record(
    b: Builder,
    question: str,
    group: str,
    label: str,
    specialty: str,
    clusters: list[Record],
    pooled: tuple[int, int],
    inputs: tuple[str, ...],
) -> None:
    """Add a specialty's post-stratified share of a group, or why it was not computed (nothing without a roster).

    Parameters
    ----------
    b
        The release under construction.
    question, group, label
        The question, its group (the top box) and the group's label.
    specialty
        The specialty (shown).
    clusters
        The specialty's cluster records of the group, in roster order.
    pooled
        The hidden clusters' count and base together (the specialty's less its shown clusters').
    inputs
        The ids of the records the figure is computed from.
    """
    if not b.roster_clusters(specialty):  # no roster, or none of the specialty's clusters in it
        return
    strata, members, invited, counts, bases = _strata(b, specialty, clusters, pooled)
    hidden = any(not r.shown for r in clusters)
    try:
        w = weighted_share_from_counts(
            question,
            group,
            specialty,
            strata,
            members,
            counts,
            bases,
            ved_ikke=b.options.ved_ikke,
            confidence_level=b.options.confidence_level,
            fpc_population=b.options.fpc_population,
            invited=invited,
        )
    except ValueError as error:
        b.add(
            b.specialty_figure(
                "weighted", question, group, label, specialty, detail={"not_computed": str(error)}, inputs=inputs
            )
        )
        return
    b.add(
        b.specialty_figure(
            "weighted",
            question,
            group,
            label,
            specialty,
            share=w.weighted_share,
            low=w.low,
            high=w.high,
            method="poststratified_clusters",
            population=w.population,
            inputs=inputs,
            detail={
                "efficiency": w.efficiency,
                "effective_n": w.effective_n,
                "standard_error": w.standard_error,
                "uncovered": list(w.uncovered),
                "hidden_clusters_pooled": hidden,
                "fpc_population": w.fpc_population,
            },
        )
    )


def _strata(
    b: Builder, specialty: str, clusters: list[Record], pooled: tuple[int, int]
) -> tuple[list[str], list[int], list[int], list[int], list[int]]:
    """The strata of a specialty's weighting in roster order, then the pooled hidden clusters (when any):
    names, members, invited, counts and bases."""
    by_name = {r.cluster: r for r in clusters}
    invited_of = b.invited_by_specialty[specialty]
    strata: list[str] = []
    members: list[int] = []
    invited: list[int] = []
    counts: list[int] = []
    bases: list[int] = []
    pool_members = pool_invited = 0
    for c in b.roster_clusters(specialty):
        r = by_name.get(c.cluster)
        if r is not None and not r.shown:
            pool_members += c.members
            pool_invited += invited_of.get(c.cluster, 0)
            continue
        strata.append(c.cluster)
        members.append(c.members)
        invited.append(invited_of.get(c.cluster, 0))
        counts.append(r.count or 0 if r is not None else 0)
        bases.append(r.base or 0 if r is not None else 0)
    if any(not r.shown for r in clusters):
        strata.append(POOLED)
        members.append(pool_members)
        invited.append(pool_invited)
        counts.append(pooled[0])
        bases.append(pooled[1])
    return strata, members, invited, counts, bases
