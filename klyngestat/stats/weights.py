"""Post-stratification of a specialty's answers to its clusters' member counts.

Clusters answer at different rates (Dermatologi: 8 of 9 in one cluster, 11 of
19 in another), so the plain share over-represents clusters that answered
well. Weighting each answer by members / answers of its cluster gives every
cluster its weight in the specialty. This is the stratified estimator with the
clusters as strata (R: ``svydesign(ids = ~1, strata = ~cluster, fpc = ~members)``).
See ``docs/statistics.md``. The weights themselves (:func:`poststratify`) are
made in the private module ``_strata``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

import numpy as np

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._bounds import z_quantile
from klyngestat.stats._counts import select, unit_people
from klyngestat.stats._result import Result
from klyngestat.stats._strata import ASSUMPTION, WeightLevel, Weights, check_members, kish, poststratify
from klyngestat.stats.intervals import Population
from klyngestat.stats.shares import VedIkke, group_shares
from klyngestat.survey import Survey

__all__ = ["WeightLevel", "WeightedShare", "Weights", "poststratify", "weighted_share", "weighted_share_from_counts"]


@dataclass(frozen=True)
class WeightedShare(Result):
    """A specialty's share unweighted and post-stratified to its clusters, side by side.

    Computed among those who answered the question (the share's base): an
    answer in cluster c weighs members_c / answers_c, so each cluster counts
    by its members. ``standard_error`` is the stratified design's (clusters
    as strata, sampling without replacement within them); None when a
    cluster with more members than answers has a single answer. ``low`` and
    ``high`` are the normal interval ``weighted_share ± z·SE``, clipped to [0, 1].
    ``fpc_population`` says which population the finite population
    correction took per cluster: its members, its invited, or none (no
    correction: sampling with replacement). The one-row frame joins
    ``uncovered`` by "; ".
    """

    question: str
    group: str
    specialty: str
    ved_ikke: VedIkke
    confidence_level: float
    count: int
    base: int
    share: float
    weighted_share: float
    weighted_count: float
    """Estimated members in the group: Σ weight over answers in the group."""
    population: int
    """Members of the clusters with answers: Σ weight."""
    efficiency: float
    effective_n: float
    standard_error: float | None
    low: float | None
    high: float | None
    uncovered: tuple[str, ...] = ()
    """Clusters with members but no answers; the weighted share does not represent them."""
    assumption: str = ASSUMPTION
    fpc_population: Population = "members"

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields."""
        return {
            "question": self.question,
            "group": self.group,
            "specialty": self.specialty,
            "ved_ikke": self.ved_ikke,
            "confidence_level": self.confidence_level,
            "count": self.count,
            "base": self.base,
            "share": self.share,
            "weighted_share": self.weighted_share,
            "weighted_count": self.weighted_count,
            "population": self.population,
            "efficiency": self.efficiency,
            "effective_n": self.effective_n,
            "standard_error": self.standard_error,
            "low": self.low,
            "high": self.high,
            "uncovered": list(self.uncovered),
            "assumption": self.assumption,
            "fpc_population": self.fpc_population,
        }

    def _caption(self) -> str:
        return f"Vægtet andel, {self.question}, {self.specialty}"


def weighted_share(
    survey: Survey,
    question: str,
    *,
    specialty: str,
    group: str | None = None,
    ved_ikke: VedIkke = "include",
    confidence_level: float = 0.95,
    fpc_population: Population = "members",
) -> WeightedShare:
    """A specialty's grouped share post-stratified to its clusters' member counts.

    The weighted share is Σ_c (N_c / N) · p_c over the clusters with answers,
    p_c the cluster's share among those who answered and N_c its members.
    Its variance is Σ_c (N_c / N)² (1 − n_c / N_c) s_c² / n_c with
    s_c² = n_c p_c (1 − p_c)/(n_c − 1) (stratified simple random sampling
    without replacement; Cochran, Sampling Techniques, 3rd ed., §5.3), which
    is what R's survey package gives for
    ``svydesign(ids = ~1, strata = ~cluster, fpc = ~members)``. The finite
    population correction (1 − n_c / N_c) can take the cluster's invited
    instead of its members, or be left out (``svydesign`` without ``fpc``,
    weights N_c / n_c); the weights stay members over answers either way.

    Parameters
    ----------
    survey
        A survey read with a roster.
    question
        A closed question id.
    specialty
        The specialty whose share is weighted.
    group
        A named group of the question's scale; the top box by default.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.
    confidence_level
        Level of the normal interval.
    fpc_population
        The population of each cluster's finite population correction:
        ``"members"`` (the roster's, default), ``"invited"`` or ``"none"``
        (no correction).

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> w = weighted_share(demo_survey(), "understoetter_kvalitet", specialty="Dermatologi")
    >>> w.count, w.base, round(w.share, 4), round(w.weighted_share, 4), round(w.efficiency, 3)
    (52, 73, 0.7123, 0.7091, 0.989)
    >>> round(w.standard_error, 4)
    0.0328
    >>> without = weighted_share(
    ...     demo_survey(), "understoetter_kvalitet", specialty="Dermatologi", fpc_population="none"
    ... )
    >>> round(without.standard_error, 4)
    0.0552
    """
    stratification = poststratify(survey, specialty)
    shares = {
        s.cluster: s
        for s in group_shares(survey, question, group=group, by="cluster", specialty=specialty, ved_ikke=ved_ikke)
    }
    clusters = list(stratification.clusters)
    return weighted_share_from_counts(
        question,
        next(iter(shares.values())).group if shares else (group or ""),
        specialty,
        clusters,
        stratification.members,
        [shares[c].count if c in shares else 0 for c in clusters],
        [shares[c].base if c in shares else 0 for c in clusters],
        ved_ikke=ved_ikke,
        confidence_level=confidence_level,
        fpc_population=fpc_population,
        invited=_invited_of(survey, specialty, clusters) if fpc_population == "invited" else None,
    )


def _invited_of(survey: Survey, specialty: str, clusters: Sequence[str]) -> list[int]:
    """The number invited from each of a specialty's clusters (0 for a cluster nobody was invited from)."""
    invited_by_unit, _ = unit_people(survey)
    _, units = survey.units
    mask = select(units, specialty, None)
    found = dict(zip(units.loc[mask, "cluster"], invited_by_unit[mask], strict=True))
    return [int(found.get(name, 0)) for name in clusters]


def weighted_share_from_counts(
    question: str,
    group: str,
    specialty: str,
    clusters: Sequence[str],
    members: Sequence[int],
    counts: Sequence[int],
    bases: Sequence[int],
    *,
    ved_ikke: VedIkke = "include",
    confidence_level: float = 0.95,
    fpc_population: Population = "members",
    invited: Sequence[int] | None = None,
) -> WeightedShare:
    """The post-stratified share of :func:`weighted_share` from strata counts, bases and member counts.

    The Release calls it with the shown clusters as strata and the hidden
    clusters pooled into one stratum (their members, answers and count
    summed), so the weighted figure carries no more than the released table.

    Parameters
    ----------
    question, group, specialty
        What the counts are of (carried into the result).
    clusters
        The strata's names.
    members
        Each stratum's members (its weight in the specialty).
    counts, bases
        Each stratum's answers in the group and answers in its base.
    ved_ikke, confidence_level
        As in :func:`weighted_share`.
    fpc_population
        As in :func:`weighted_share`; ``"invited"`` needs ``invited``.
    invited
        The number invited from each stratum, for ``fpc_population="invited"``.

    Examples
    --------
    Two strata of 11 and 8 members with 6 of 8 and 1 of 6 in the group: (11·6/8 + 8·1/6)/19.

    >>> w = weighted_share_from_counts("q", "top_box", "X", ["A", "B"], [11, 8], [6, 1], [8, 6])
    >>> round(w.weighted_share, 4), w.count, w.base
    (0.5044, 7, 14)
    """
    check_confidence(confidence_level)
    check_choice("fpc_population", fpc_population, get_args(Population))
    clusters = list(clusters)
    members_a = np.asarray(members, dtype=float)
    counts_a = np.asarray(counts, dtype=float)
    bases_a = np.asarray(bases, dtype=float)
    check_members(specialty, clusters, members_a.astype(int), bases_a.astype(int), "answers")
    fpc_a = _fpc_population(specialty, clusters, members_a, bases_a, fpc_population, invited)
    covered = bases_a > 0
    if not covered.any():
        raise ValueError(f"{specialty}: nobody answered {question!r}; there is no share to weight")
    members_c, counts_c, bases_c = members_a[covered], counts_a[covered], bases_a[covered]
    total_members = members_c.sum()
    p_c = counts_c / bases_c
    weighted = float((members_c * p_c).sum() / total_members)
    efficiency, effective_n = kish(members_c, bases_c)

    # without a finite population correction the sampled fraction counts as nil (sampling with replacement)
    sampled_fraction = np.zeros_like(bases_c) if fpc_a is None else bases_c / fpc_a[covered]
    standard_error, low, high = _stratified_interval(
        members_c, p_c, bases_c, sampled_fraction, weighted, confidence_level
    )
    total_count, total_base = int(counts_a.sum()), int(bases_a.sum())
    return WeightedShare(
        question=question,
        group=group,
        specialty=specialty,
        ved_ikke=ved_ikke,
        confidence_level=confidence_level,
        count=total_count,
        base=total_base,
        share=total_count / total_base,
        weighted_share=weighted,
        weighted_count=float((members_c * p_c).sum()),
        population=int(total_members),
        efficiency=efficiency,
        effective_n=effective_n,
        standard_error=standard_error,
        low=low,
        high=high,
        uncovered=tuple(c for c, keep in zip(clusters, covered, strict=True) if not keep),
        fpc_population=fpc_population,
    )


def _fpc_population(
    specialty: str,
    clusters: list[str],
    members: np.ndarray,
    bases: np.ndarray,
    fpc_population: Population,
    invited: Sequence[int] | None,
) -> np.ndarray | None:
    """Each stratum's population N_c in (1 − n_c / N_c), or None for no finite population correction."""
    if fpc_population == "none":
        return None
    if fpc_population == "members":
        return members
    if invited is None:
        raise ValueError(
            f"{specialty}: fpc_population='invited' needs the number invited from each cluster (invited=[...]); "
            "or use fpc_population='members' or 'none'"
        )
    invited_a = np.asarray(invited, dtype=float)
    if invited_a.shape != members.shape:
        raise ValueError(
            f"{specialty}: invited has {invited_a.size} entries for {members.size} clusters; give one each"
        )
    short = [
        f"{c} ({i} invited, {a} answers)"
        for c, i, a in zip(clusters, invited_a.astype(int), bases.astype(int), strict=True)
        if a > i
    ]
    if short:
        raise ValueError(f"{specialty}: fewer invited than answers in {', '.join(short)}; correct the invited counts")
    return invited_a


def _stratified_interval(
    members: np.ndarray,
    shares: np.ndarray,
    bases: np.ndarray,
    sampled_fraction: np.ndarray,
    weighted: float,
    confidence_level: float,
) -> tuple[float | None, float | None, float | None]:
    """The weighted share's standard error in the stratified design and its normal interval, over covered strata.

    Var = Σ_c (N_c / N)² (1 − f_c) s_c² / n_c with s_c² = n_c p_c (1 − p_c)/(n_c − 1);
    the interval is the weighted share ± z·SE, clipped to [0, 1]. None for
    all three when a stratum with more members than answers has a single
    answer (its s_c² is undefined).
    """
    if ((bases == 1) & (sampled_fraction < 1)).any():
        return None, None, None
    total = members.sum()
    s2 = np.divide(bases * shares * (1 - shares), bases - 1, out=np.zeros_like(shares), where=bases > 1)
    variance = float(((members / total) ** 2 * (1 - sampled_fraction) * s2 / bases).sum())
    z = z_quantile(confidence_level)
    standard_error = math.sqrt(variance)
    return standard_error, max(0.0, weighted - z * standard_error), min(1.0, weighted + z * standard_error)
