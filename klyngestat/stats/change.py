"""Better or worse than last year? The change of a share between two waves of the survey.

The questionnaire goes every year to the same members (about 1,100 doctors),
so two waves are two looks at a largely overlapping, finite population.
:func:`change_from_counts` compares the two waves' shares as independent
samples, each with its own finite population correction;
:func:`paired_change_from_counts` compares the respondents who answered both
years with themselves (McNemar); :func:`wave_change` does both for a question
of two Surveys, at the nation, a specialty or a cluster, following renamed
questions and renamed or merged clusters. The paired computations are in the
private module ``_change_paired``.

As everywhere, a difference is worded ("bedre", "dårligere") only when its
exact test is below alpha: :func:`klyngestat.stats.compare.evidence_wording`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, get_args

import pandas as pd

from klyngestat.stats._arguments import check_choice, check_confidence
from klyngestat.stats._change_paired import (
    PairedChange,
    check_waves,
    cluster_names,
    linked_change,
    mover_difference,
    paired_change_from_counts,
    wave_share,
)
from klyngestat.stats._counts import Level, level_of
from klyngestat.stats._populations import Population
from klyngestat.stats._result import Result
from klyngestat.stats.intervals import _intervals, _validate
from klyngestat.stats.shares import VedIkke
from klyngestat.stats.significance import RestMethod, rest_pvalue
from klyngestat.survey import Survey

__all__ = [
    "COMPARISON_COLUMNS",
    "Change",
    "PairedChange",
    "WaveChange",
    "change_from_counts",
    "paired_change_from_counts",
    "wave_change",
]


@dataclass(frozen=True)
class Change(Result):
    """A share in two waves, compared as two independent samples: the difference now − then and how sure it is.

    ``fraction_then``/``fraction_now`` are the exact shares, ``share_then``/
    ``share_now`` the floats; ``difference`` is now − then in percentage
    points (a Fraction), ``difference_pp`` the float. ``low_pp``/``high_pp``
    is Newcombe's hybrid score interval for it, each wave's Wilson interval
    with that wave's finite population correction where its population is
    given; ``pvalue`` is the two-sided exact test (``method``) of the 2×2
    table (wave × in group or not), without finite population correction.
    """

    count_then: int
    base_then: int
    count_now: int
    base_now: int
    population_then: int | None
    population_now: int | None
    low_pp: float
    high_pp: float
    pvalue: float
    confidence_level: float
    method: RestMethod
    interval_method: str = "newcombe_hybrid_score"
    assumption: str = "independent_samples"

    @property
    def fraction_then(self) -> Fraction:
        """The earlier wave's share, exact."""
        return Fraction(self.count_then, self.base_then)

    @property
    def fraction_now(self) -> Fraction:
        """The later wave's share, exact."""
        return Fraction(self.count_now, self.base_now)

    @property
    def share_then(self) -> float:
        """The earlier wave's share as a float."""
        return self.count_then / self.base_then

    @property
    def share_now(self) -> float:
        """The later wave's share as a float."""
        return self.count_now / self.base_now

    @property
    def difference(self) -> Fraction:
        """now − then in percentage points, exact."""
        return (self.fraction_now - self.fraction_then) * 100

    @property
    def difference_pp(self) -> float:
        """now − then in percentage points as a float."""
        return float(self.difference)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: counts, bases and populations, shares, the difference, its interval and test."""
        return {key: getattr(self, key) for key in (*_COUNTS, *_FIGURES, "confidence_level", *_METHODS)}

    def _caption(self) -> str:
        return f"Ændring fra {self.count_then} af {self.base_then} til {self.count_now} af {self.base_now}"


def change_from_counts(
    count_then: int,
    base_then: int,
    count_now: int,
    base_now: int,
    *,
    population_then: int | None = None,
    population_now: int | None = None,
    confidence_level: float = 0.95,
    method: RestMethod = "fisher",
) -> Change:
    """The change of a share from ``count_then`` of ``base_then`` to ``count_now`` of ``base_now``.

    The two waves are compared as independent samples. The members are
    largely the same doctors both years and answer alike from year to year,
    so the two shares are positively correlated; the variance of their
    difference is then smaller than the independent samples' sum, and the
    interval and the test are wider and larger than a paired analysis's
    would be: conservative, as long as the correlation is not negative
    (which a population that answers alike year by year makes unlikely, but
    nothing guarantees). :func:`paired_change_from_counts` is the paired
    analysis of the respondents who can be linked.

    Finite population correction per wave: each wave's share is taken as
    an estimate of what *that year's* members think (a census of them would
    know it exactly), so its Wilson interval gets the correction
    f = (N − n)/(N − 1) of its own population N and its own answers n, the
    two waves separately. The interval is then for the change between the
    two years' populations. For a change of an underlying tendency beyond
    this year's members, leave the populations out (the binomial model);
    the interval is then Newcombe's, as
    :func:`klyngestat.stats.significance.newcombe_difference` and statsmodels'
    ``confint_proportions_2indep(..., method="newcomb")``. The exact test
    (Fisher's or Boschloo's, :func:`klyngestat.stats.significance.rest_pvalue`)
    has no finite population correction, so it may find no evidence where
    the corrected interval excludes 0; the wording follows the test.

    Parameters
    ----------
    count_then, base_then
        The earlier wave: ``count_then`` of ``base_then`` answers in the group.
    count_now, base_now
        The later wave.
    population_then, population_now
        Each wave's population (members of the unit that year), for its own
        finite population correction; None for none.
    confidence_level
        Level of the interval, strictly between 0 and 1.
    method
        The exact test: ``"fisher"`` (default) or ``"boschloo"``.

    Returns
    -------
    Change

    Examples
    --------
    >>> c = change_from_counts(10, 20, 15, 22, population_then=30, population_now=32)
    >>> c.difference, round(c.low_pp, 1), round(c.high_pp, 1), round(c.pvalue, 3)
    (Fraction(200, 11), 1.0, 34.1, 0.346)
    """
    check_choice("method", method, get_args(RestMethod))
    check_confidence(confidence_level)
    _validate(count_then, base_then, population_then, "the earlier wave (then): ")
    _validate(count_now, base_now, population_now, "the later wave (now): ")
    for name, base in (("earlier wave (then)", base_then), ("later wave (now)", base_now)):
        if base == 0:
            raise ValueError(f"the {name} has an empty base (base = 0): there is no share to compare")
    then, now = _intervals(
        [count_then, count_now], [base_then, base_now], [population_then, population_now], "wilson", confidence_level
    )
    low, high = mover_difference(now.share, now.low, now.high, then.share, then.low, then.high)
    return Change(
        count_then=count_then,
        base_then=base_then,
        count_now=count_now,
        base_now=base_now,
        population_then=population_then,
        population_now=population_now,
        low_pp=100 * low,
        high_pp=100 * high,
        pvalue=rest_pvalue(count_now, base_now, count_then, base_then, method=method),
        confidence_level=confidence_level,
        method=method,
    )


_COUNTS = ("count_then", "base_then", "population_then", "count_now", "base_now", "population_now")
_TABLE = ("both", "then_only", "now_only", "neither")
_FIGURES = ("share_then", "share_now", "difference_pp", "low_pp", "high_pp", "pvalue")
_METHODS = ("method", "interval_method", "assumption")
_WHERE = ("question", "question_then", "group", "label", "level", "specialty", "cluster")
_OPTIONS = ("year_then", "year_now", "ved_ikke", "fpc_population", "confidence_level")

COMPARISON_COLUMNS = ("comparison", *_COUNTS, *_TABLE, *_FIGURES, *_METHODS)
"""The columns of :meth:`WaveChange.to_frame`: one row for the independent comparison, one for the paired."""


@dataclass(frozen=True)
class WaveChange(Result):
    """A question's share in two waves of the survey: the independent comparison, and the paired one when any link.

    ``change`` compares all answers of the two waves (:func:`change_from_counts`);
    ``paired`` the respondents who answered in both (:func:`paired_change_from_counts`),
    None when nobody did. The frame has one row per comparison
    (:data:`COMPARISON_COLUMNS`; ``comparison`` is ``"independent"`` or
    ``"paired"``, whose bases are the linked respondents); ``to_dict()`` holds
    them under ``comparisons`` beside where the share is.
    """

    ROWS: ClassVar[str | None] = "comparisons"
    question: str
    question_then: str
    group: str
    label: str
    level: Level
    specialty: str | None
    cluster: str | None
    clusters_then: tuple[str, ...]
    """The earlier wave's clusters pooled for the earlier figure (empty above the cluster level)."""
    year_then: int | None
    year_now: int | None
    ved_ikke: VedIkke
    fpc_population: Population
    change: Change
    paired: PairedChange | None

    @property
    def confidence_level(self) -> float:
        """The level of both intervals."""
        return self.change.confidence_level

    def _rows(self) -> list[dict[str, object]]:
        """The comparisons as rows of :data:`COMPARISON_COLUMNS`: the independent one, then the paired one if any."""
        found = [{"comparison": "independent", **self.change.to_dict()}]
        if self.paired is not None:
            paired = self.paired.to_dict()
            found.append({"comparison": "paired", "base_then": paired["base"], "base_now": paired["base"], **paired})
        return [{column: row.get(column) for column in COMPARISON_COLUMNS} for row in found]

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: where the share is, the two waves, and ``comparisons`` (the frame's rows)."""
        where = {key: getattr(self, key) for key in _WHERE}
        return {
            **where,
            "clusters_then": list(self.clusters_then),
            **{key: getattr(self, key) for key in _OPTIONS},
            "comparisons": self._rows(),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per comparison, with the columns :data:`COMPARISON_COLUMNS` (whole counts as Int64)."""
        frame = pd.DataFrame(self._rows(), columns=list(COMPARISON_COLUMNS))
        for column in (*_COUNTS, *_TABLE):
            frame[column] = frame[column].astype("Int64")
        return frame

    def _caption(self) -> str:
        where = self.cluster or self.specialty or "hele landet"
        return f"Ændring {self.year_then or '?'}–{self.year_now or '?'}: {self.question}, {where}"


def wave_change(
    then: Survey,
    now: Survey,
    question: str,
    *,
    question_then: str | None = None,
    group: str | None = None,
    specialty: str | None = None,
    cluster: str | None = None,
    clusters_then: Sequence[str] | None = None,
    ved_ikke: VedIkke = "include",
    fpc_population: Population = "members",
    confidence_level: float = 0.95,
    method: RestMethod = "fisher",
) -> WaveChange:
    """The change of a question's share (the top box by default) from one wave of the survey to a later one.

    The share of each wave is :func:`klyngestat.stats.shares.group_share`'s
    (same group, same ``ved_ikke``), its population for the finite population
    correction that wave's own :func:`klyngestat.stats.intervals.population_of`;
    the two are compared by :func:`change_from_counts`. The respondents whose
    ``respondent_id`` is in both waves, who are in the question's base in
    both and in the unit in both (the later wave's specialty and cluster,
    the earlier wave's specialty and ``clusters_then``), are compared with
    themselves by :func:`paired_change_from_counts`; a member who moved
    cluster between the waves is not linked at the cluster level.

    Parameters
    ----------
    then
        The earlier wave.
    now
        The later wave.
    question
        A closed question id of the later wave.
    question_then
        The question's id in the earlier wave, when it was renamed; ``question`` by default.
    group
        A named group of the question's scale; the top box by default. It
        must be the same group (same label) in both waves.
    specialty
        The specialty (the same name in both waves); the nation when None.
    cluster
        A cluster of ``specialty`` in the later wave; the whole specialty when None.
    clusters_then
        The earlier wave's clusters that make up ``cluster`` (when it was
        renamed, or made by merging clusters); the earlier figure is pooled
        over them. ``(cluster,)`` by default; a single name may be given as a string.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.
    fpc_population
        ``"members"`` (default), ``"invited"`` or ``"none"``, as for
        :func:`klyngestat.stats.intervals.population_of`, in each wave.
    confidence_level
        Level of the intervals, strictly between 0 and 1.
    method
        The exact test of the independent comparison: ``"fisher"`` (default) or ``"boschloo"``.

    Returns
    -------
    WaveChange

    Examples
    --------
    >>> import dataclasses
    >>> from klyngestat import demo_survey
    >>> now = demo_survey()
    >>> then = dataclasses.replace(now, year=2024)
    >>> w = wave_change(then, now, "understoetter_kvalitet", specialty="Dermatologi")
    >>> (w.year_then, w.year_now), w.change.difference, w.paired.table
    ((2024, 2025), Fraction(0, 1), ((52, 0), (0, 21)))
    """
    check_choice("ved_ikke", ved_ikke, get_args(VedIkke))
    check_choice("fpc_population", fpc_population, get_args(Population))
    check_choice("method", method, get_args(RestMethod))
    check_confidence(confidence_level)
    level = level_of(specialty, cluster)
    if clusters_then is not None and cluster is None:
        raise ValueError("clusters_then names the earlier clusters of a cluster: give cluster= (and specialty=) too")
    merged = () if cluster is None else (cluster,) if clusters_then is None else cluster_names(clusters_then)
    question_then = question if question_then is None else question_then
    unit = () if cluster is None else (cluster,)
    after, population_now = wave_share(now, "later", question, group, specialty, unit, ved_ikke, fpc_population)
    before, population_then = wave_share(
        then, "earlier", question_then, group, specialty, merged, ved_ikke, fpc_population
    )
    check_waves(then, now, before, after)
    change = change_from_counts(
        *(before.count, before.base, after.count, after.base),
        population_then=population_then,
        population_now=population_now,
        confidence_level=confidence_level,
        method=method,
    )
    paired = linked_change(then, now, before, after, (merged, unit), confidence_level)
    return WaveChange(
        question=question,
        question_then=question_then,
        group=after.group,
        label=after.label,
        level=level,
        specialty=specialty,
        cluster=cluster,
        clusters_then=merged,
        year_then=then.year,
        year_now=now.year,
        ved_ikke=ved_ikke,
        fpc_population=fpc_population,
        change=change,
        paired=paired,
    )
