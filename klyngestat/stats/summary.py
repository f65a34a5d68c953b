"""Everything the fact sheet and the JSON contract need for one specialty."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from klyngestat.models.reference import NationalReference
from klyngestat.stats._result import Result
from klyngestat.stats.compare import Comparison, ComparisonThresholds, compare_with_national
from klyngestat.stats.intervals import Population
from klyngestat.stats.national import NationalAverage, NationalMethod, national_average
from klyngestat.stats.rates import ResponseRate, response_rate, response_rates
from klyngestat.stats.shares import Share, VedIkke, group_share, group_shares
from klyngestat.stats.spread import DEFAULT_MIN_N, ClusterSpread, cluster_spread
from klyngestat.stats.uncertainty import (
    HETEROGENEITY_RESAMPLES,
    SpecialtyUncertainty,
    interval_dict,
    specialty_uncertainty,
)
from klyngestat.survey import Survey

__all__ = ["HEADLINE_QUESTION", "SCHEMA_VERSION", "SUMMARY_COLUMNS", "SpecialtySummary", "specialty_summary"]

SCHEMA_VERSION = 2
"""The layout of :meth:`SpecialtySummary.to_dict` (2: the Python API's names, ``base``, ``confidence_level``,
``fpc_population``, ``min_share``/``max_share``, ``rest_base``; not the command line's JSON contract, which the
Release renders: docs/json.md)."""
HEADLINE_QUESTION = "understoetter_kvalitet"


@dataclass(frozen=True)
class ClusterFigures:
    """One cluster's rate and top-box shares; ``hidden`` names the questions whose figures are suppressed."""

    rate: ResponseRate
    shares: tuple[Share, ...]
    hidden: frozenset[str]

    def to_dict(self, headline: str, uncertainty: SpecialtyUncertainty | None = None) -> dict[str, object]:
        questions = {s.question: _share_dict(s, s.question in self.hidden) for s in self.shares}
        if uncertainty is not None:
            for q, data in questions.items():
                interval = uncertainty.clusters.get(q, {}).get(self.rate.cluster or "")
                if interval is not None and not data["suppressed"]:
                    data["interval"] = interval_dict(interval)
        head = questions.get(headline, {"base": None, "count": None, "share": None, "suppressed": False})
        return {
            "cluster": self.rate.cluster,
            "members": self.rate.members,
            "invited": self.rate.invited,
            "respondents": self.rate.respondents,
            "response_rate": self.rate.to_dict()["response_rate"],
            "question": headline,
            "base": head["base"],
            "share": head["share"],
            "suppressed": head["suppressed"],
            "questions": questions,
        }


def _share_dict(share: Share, suppressed: bool = False) -> dict[str, object]:
    return {
        "group": share.group,
        "label": share.label,
        "base": None if suppressed else share.base,
        "count": None if suppressed else share.count,
        "share": None if suppressed or not share.base else share.share,
        "suppressed": suppressed,
    }


@dataclass(frozen=True)
class SpecialtySummary(Result):
    """A specialty's response rate, top-box shares, cluster figures, spread and national comparison.

    A working result for the analyst (the published figures are a Release's).
    ``to_dict()`` is a nested document (see docs/statistics.md): the
    specialty's counts, ``options``, ``questions`` (question id → share
    object), ``clusters``, ``cluster_spread``, ``national``, ``comparison``
    and ``heterogeneity``. ``to_frame()`` has one row per entry of
    ``to_dict()["questions"]``, in the same order, with that entry's
    ``group``, ``count``, ``base`` and ``share`` beside the spread
    (``min_share``, ``max_share``), the national figure and the comparison.
    """

    ROWS: ClassVar[str | None] = "questions"
    specialty: str
    year: int | None
    rate: ResponseRate
    shares: Mapping[str, Share]
    clusters: tuple[ClusterFigures, ...]
    spreads: Mapping[str, ClusterSpread]
    national: Mapping[str, NationalAverage]
    comparisons: Mapping[str, Comparison]
    ved_ikke: VedIkke
    min_n: int
    absent_questions: tuple[str, ...] = field(default_factory=tuple)
    uncertainty: SpecialtyUncertainty | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the nested document of the specialty; shares and rates as unrounded fractions."""
        u = self.uncertainty
        questions = {q: {**_share_dict(s), **(u.share_extras(q) if u else {})} for q, s in self.shares.items()}
        national = {q: n.to_dict() for q, n in self.national.items()}
        comparison = {q: c.to_dict() for q, c in self.comparisons.items()}
        if u is not None:
            for q, interval in u.national.items():
                national[q]["interval"] = interval_dict(interval)
            for q in comparison:
                comparison[q]["test"] = u.test_dict(q)
        return {
            "schema_version": SCHEMA_VERSION,
            "specialty": self.specialty,
            "year": self.year,
            "invited": self.rate.invited,
            "respondents": self.rate.respondents,
            "members": self.rate.members,
            "response_rate": self.rate.to_dict()["response_rate"],
            "options": {
                "ved_ikke": self.ved_ikke,
                "min_n": self.min_n,
                "confidence_level": u.confidence_level if u else None,
                "fpc_population": u.fpc_population if u else None,
            },
            "questions": questions,
            "clusters": [c.to_dict(HEADLINE_QUESTION, u) for c in self.clusters],
            "cluster_spread": {q: s.to_dict() for q, s in self.spreads.items()},
            "national": national,
            "comparison": comparison,
            "heterogeneity": {q: u.heterogeneity_dict(q) for q in u.heterogeneity} if u else {},
            "absent_questions": list(self.absent_questions),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per closed question: the specialty's share, the cluster spread and the national comparison."""
        rows = []
        for q, share in self.shares.items():
            spread = self.spreads[q]
            national = self.national.get(q)
            comparison = self.comparisons.get(q)
            rows.append(
                {
                    "question": q,
                    "group": share.group,
                    "count": share.count,
                    "base": share.base,
                    "share": share.share,
                    "min_share": spread.min_share,
                    "max_share": spread.max_share,
                    "national_share": national.share if national else None,
                    "national_method": national.method if national else None,
                    "difference_pp": comparison.difference_pp if comparison else None,
                    "wording": comparison.wording if comparison else None,
                }
            )
        return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))

    def _caption(self) -> str:
        return f"{self.specialty} {self.year or ''}: {self.rate.respondents} af {self.rate.invited} har svaret"


SUMMARY_COLUMNS = (
    "question",
    "group",
    "count",
    "base",
    "share",
    "min_share",
    "max_share",
    "national_share",
    "national_method",
    "difference_pp",
    "wording",
)
"""The columns of :meth:`SpecialtySummary.to_frame`."""


def specialty_summary(
    survey: Survey,
    specialty: str,
    *,
    ved_ikke: VedIkke = "include",
    min_n: int = DEFAULT_MIN_N,
    national_method: NationalMethod = "pooled",
    reference: NationalReference | None = None,
    thresholds: ComparisonThresholds | None = None,
    uncertainty: bool = True,
    confidence_level: float = 0.95,
    n_resamples: int = HETEROGENEITY_RESAMPLES,
    seed: int = 0,
    fpc_population: Population = "members",
) -> SpecialtySummary:
    """All the figures of one specialty's fact sheet, for the top box of every closed question.

    A working result, unsuppressed but for the cluster figures; publish from
    :func:`klyngestat.build_release`.

    Parameters
    ----------
    survey
        The survey.
    specialty
        The specialty.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in every base; ``"exclude"`` takes it out.
    min_n
        Clusters with fewer answers are hidden, with their complements.
    national_method
        ``"pooled"`` (default), ``"mean_of_specialties"`` or ``"reference"``
        (needs ``reference``); see :func:`klyngestat.national_average`.
    reference
        Published national figures.
    thresholds
        Where the comparison's wording classes begin.
    uncertainty
        With it (default) the summary also carries every share's interval
        (Wilson with the finite population correction, and the exact
        hypergeometric one), the test against the rest of the country or
        the reference with Holm-adjusted p-values, the clusters'
        heterogeneity test and, with a roster, the post-stratified share
        (see :mod:`klyngestat.stats.uncertainty`).
    confidence_level
        Level of every interval.
    n_resamples, seed
        Permutations of the heterogeneity test, and their seed.
    fpc_population
        The finite population of the intervals and of the weighted share's
        correction: ``"members"`` (the roster's, invited where it lacks
        them; default), ``"invited"`` or ``"none"`` (no finite population
        correction, and no exact interval, which needs one); the dict
        records it under ``options``.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> summary = specialty_summary(demo_survey(), "Dermatologi")
    >>> data = summary.to_dict()
    >>> data["respondents"], data["invited"], data["questions"]["understoetter_kvalitet"]["count"]
    (74, 110, 52)
    """
    survey.require_specialty(specialty)
    questions = [q for q in survey.closed_questions if survey.questionnaire.scale_of(q).top_box is not None]
    shares = {q: group_share(survey, q, specialty=specialty, ved_ikke=ved_ikke) for q in questions}
    spreads = {q: cluster_spread(survey, q, specialty=specialty, min_n=min_n, ved_ikke=ved_ikke) for q in questions}
    clusters = _cluster_figures(survey, specialty, questions, spreads, ved_ikke)
    national = _national_figures(survey, questions, national_method, reference, ved_ikke)
    comparisons = {
        q: compare_with_national(shares[q], national[q], thresholds=thresholds)
        for q in questions
        if q in national and shares[q].base
    }
    absent = tuple(q for q in survey.questionnaire.question_ids if q not in survey.frame.columns)
    return SpecialtySummary(
        specialty,
        survey.year,
        response_rate(survey, specialty=specialty),
        shares,
        clusters,
        spreads,
        national,
        comparisons,
        ved_ikke,
        min_n,
        absent,
        specialty_uncertainty(
            survey,
            specialty,
            shares,
            spreads,
            national,
            ved_ikke=ved_ikke,
            confidence_level=confidence_level,
            n_resamples=n_resamples,
            seed=seed,
            fpc_population=fpc_population,
        )
        if uncertainty
        else None,
    )


def _cluster_figures(
    survey: Survey, specialty: str, questions: list[str], spreads: Mapping[str, ClusterSpread], ved_ikke: VedIkke
) -> tuple[ClusterFigures, ...]:
    """Each of the specialty's clusters: its response rate, its top-box shares and which of them are hidden."""
    per_cluster = {
        q: {s.cluster: s for s in group_shares(survey, q, by="cluster", specialty=specialty, ved_ikke=ved_ikke)}
        for q in questions
    }
    hidden = {q: {s.cluster for s in spreads[q].hidden} for q in questions}
    return tuple(
        ClusterFigures(
            rate,
            tuple(per_cluster[q][rate.cluster] for q in questions),
            frozenset(q for q in questions if rate.cluster in hidden[q]),
        )
        for rate in response_rates(survey, by="cluster", specialty=specialty)
    )


def _national_figures(
    survey: Survey,
    questions: list[str],
    national_method: NationalMethod,
    reference: NationalReference | None,
    ved_ikke: VedIkke,
) -> dict[str, NationalAverage]:
    """The national figure of each question that has one: answered in the country, or published in the reference."""
    if national_method == "reference" and reference is None:
        raise ValueError("national_method='reference' needs published national figures (reference= / --reference)")
    national: dict[str, NationalAverage] = {}
    for q in questions:
        if national_method == "reference" and reference is not None and reference.get(q) is None:
            continue  # the reference publishes no figure for this question
        if national_method != "reference" and not group_share(survey, q, ved_ikke=ved_ikke).base:
            continue  # no one in the country answered it: there is no national figure
        national[q] = national_average(survey, q, method=national_method, reference=reference, ved_ikke=ved_ikke)
    return national
