"""Change among respondents linked across two waves: McNemar's exact test and Newcombe's paired interval.

:class:`PairedChange` and :func:`paired_change_from_counts` are public in
:mod:`klyngestat.stats.change`, which also uses the helpers here:
:func:`mover_difference` (the square-and-add combination of two Wilson
intervals), :func:`linked_change` (the respondents who answered a question in
both waves) and the per-wave look-ups of :func:`klyngestat.stats.change.wave_change`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from klyngestat.stats._arguments import check_confidence
from klyngestat.stats._populations import Population, population_of, populations_of
from klyngestat.stats._result import Result
from klyngestat.stats.intervals import _intervals
from klyngestat.stats.shares import Share, VedIkke, group_share, group_shares
from klyngestat.survey import Survey

__all__ = [
    "PairedChange",
    "check_waves",
    "cluster_names",
    "linked_change",
    "mcnemar_exact",
    "mover_difference",
    "paired_change_from_counts",
    "wave_share",
]


def mover_difference(
    p1: float, l1: float, u1: float, p2: float, l2: float, u2: float, phi: float = 0.0
) -> tuple[float, float]:
    """Newcombe's square-and-add interval for p1 − p2 from each share's interval (l, u), as shares.

    ``low = d − sqrt((p1 − l1)² + (u2 − p2)² − 2φ(p1 − l1)(u2 − p2))`` and
    ``high = d + sqrt((u1 − p1)² + (p2 − l2)² − 2φ(u1 − p1)(p2 − l2))``, d = p1 − p2;
    φ = 0 for independent shares (Newcombe's method 10 for two samples, as
    :func:`klyngestat.stats.significance.newcombe_difference`), the estimated
    correlation of the two shares for paired data.
    """
    d = p1 - p2
    below, above = p1 - l1, u2 - p2
    low = d - math.sqrt(max(0.0, below * below + above * above - 2 * phi * below * above))
    below, above = u1 - p1, p2 - l2
    high = d + math.sqrt(max(0.0, below * below + above * above - 2 * phi * below * above))
    return low, high


@dataclass(frozen=True)
class PairedChange(Result):
    """A share's change among the respondents who answered in both waves: McNemar's test and Newcombe's interval.

    The linked respondents' 2×2 table: ``both`` in the group both years,
    ``then_only`` in it the earlier year only, ``now_only`` the later year only,
    ``neither`` in neither; ``base`` is their sum. The shares are of ``base``
    (``count_then = both + then_only``, ``count_now = both + now_only``); the
    difference now − then is ``(now_only − then_only)/base``, in percentage
    points exactly in ``difference`` (a Fraction) and as a float in
    ``difference_pp``.
    """

    both: int
    then_only: int
    now_only: int
    neither: int
    low_pp: float
    high_pp: float
    pvalue: float
    confidence_level: float
    method: str = "mcnemar_exact"
    interval_method: str = "newcombe_paired_hybrid_score"
    assumption: str = "paired_samples"

    @property
    def base(self) -> int:
        """The linked respondents: in the question's base in both waves."""
        return self.both + self.then_only + self.now_only + self.neither

    @property
    def count_then(self) -> int:
        """Linked respondents in the group the earlier year."""
        return self.both + self.then_only

    @property
    def count_now(self) -> int:
        """Linked respondents in the group the later year."""
        return self.both + self.now_only

    @property
    def table(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """The 2×2 table: rows in the group the earlier year / not, columns the later year / not."""
        return ((self.both, self.then_only), (self.now_only, self.neither))

    @property
    def share_then(self) -> float:
        """The linked respondents' share the earlier year."""
        return self.count_then / self.base

    @property
    def share_now(self) -> float:
        """The linked respondents' share the later year."""
        return self.count_now / self.base

    @property
    def difference(self) -> Fraction:
        """now − then in percentage points, exact."""
        return Fraction(100 * (self.now_only - self.then_only), self.base)

    @property
    def difference_pp(self) -> float:
        """now − then in percentage points as a float."""
        return float(self.difference)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the table, the linked base and shares, the difference, its interval and test."""
        return {
            "both": self.both,
            "then_only": self.then_only,
            "now_only": self.now_only,
            "neither": self.neither,
            "base": self.base,
            "count_then": self.count_then,
            "count_now": self.count_now,
            "share_then": self.share_then,
            "share_now": self.share_now,
            "difference_pp": self.difference_pp,
            "low_pp": self.low_pp,
            "high_pp": self.high_pp,
            "pvalue": self.pvalue,
            "confidence_level": self.confidence_level,
            "method": self.method,
            "interval_method": self.interval_method,
            "assumption": self.assumption,
        }

    def _caption(self) -> str:
        return f"Ændring blandt {self.base} der har svaret begge år ({self.method})"


def mcnemar_exact(then_only: int, now_only: int) -> float:
    """Two-sided exact McNemar p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½); 1 without discordant pairs.

    Summed in integers (binomial coefficients over 2^(b + c)) and rounded once.
    """
    discordant = then_only + now_only
    if discordant == 0:
        return 1.0
    tail = sum(math.comb(discordant, i) for i in range(min(then_only, now_only) + 1))
    return float(min(Fraction(1), Fraction(2 * tail, 2**discordant)))


def _phi(both: int, then_only: int, now_only: int, neither: int) -> float:
    """Newcombe's (1998) estimate of the correlation of the two marginal shares, as his method 10 takes it.

    (ad − bc)/sqrt(efgh) over the margins e, f, g, h; a positive ad − bc is
    first lowered by n/2 (and to no less than 0). 0 when a margin is empty,
    i.e. a marginal share is 0 or 1.
    """
    margins = (both + now_only, then_only + neither, both + then_only, now_only + neither)
    if 0 in margins:
        return 0.0
    n = both + then_only + now_only + neither
    cross = both * neither - then_only * now_only
    numerator = max(Fraction(cross) - Fraction(n, 2), Fraction(0)) if cross > 0 else Fraction(cross)
    return float(numerator) / math.sqrt(math.prod(margins))


def paired_change_from_counts(
    both: int, then_only: int, now_only: int, neither: int, *, confidence_level: float = 0.95
) -> PairedChange:
    """The change of a share among the same respondents in two waves, from their 2×2 table.

    The test is McNemar's exact test: given the b + c discordant respondents
    (``then_only`` + ``now_only``), each is as likely to have moved either
    way under no change, so ``p = min(1, 2·P(X ≤ min(b, c)))`` with
    X ~ Bin(b + c, ½), and 1 when nobody moved (statsmodels'
    ``mcnemar(table, exact=True)``). The interval for now − then is
    Newcombe's method 10 for paired data (Newcombe RG, "Improved confidence
    intervals for the difference between binomial proportions based on
    paired data", Statistics in Medicine 17 (1998) 2635–2650): the Wilson
    intervals of the two marginal shares combined by square-and-add with the
    correction φ for their correlation (see ``_phi``; φ = 0 when a marginal
    share is 0 or 1). The linked respondents are treated as a sample from an
    unlimited population: no finite population correction.

    Parameters
    ----------
    both
        Respondents in the group both years.
    then_only
        In the group the earlier year, not the later.
    now_only
        In the group the later year, not the earlier.
    neither
        In the group neither year.
    confidence_level
        Level of the interval, strictly between 0 and 1.

    Returns
    -------
    PairedChange

    Examples
    --------
    >>> c = paired_change_from_counts(20, 2, 12, 16)  # Newcombe's example: method 10 gives 0.0562 to 0.3292
    >>> c.difference, round(c.low_pp, 2), round(c.high_pp, 2), round(c.pvalue, 4)
    (Fraction(20, 1), 5.62, 32.92, 0.0129)
    """
    check_confidence(confidence_level)
    cells = {"both": both, "then_only": then_only, "now_only": now_only, "neither": neither}
    if any(not isinstance(v, int | np.integer) or v < 0 for v in cells.values()):
        raise ValueError(f"the paired table holds counts (whole numbers, at least 0), not {cells}")
    base = both + then_only + now_only + neither
    if base == 0:
        raise ValueError("the paired table is empty: nobody answered in both waves, so there is no paired change")
    now, then = _intervals([both + now_only, both + then_only], [base, base], [None, None], "wilson", confidence_level)
    phi = _phi(both, then_only, now_only, neither)
    low, high = mover_difference(now.share, now.low, now.high, then.share, then.low, then.high, phi)
    return PairedChange(
        both=int(both),
        then_only=int(then_only),
        now_only=int(now_only),
        neither=int(neither),
        low_pp=100 * low,
        high_pp=100 * high,
        pvalue=mcnemar_exact(then_only, now_only),
        confidence_level=confidence_level,
    )


def _members(survey: Survey, share: Share, clusters: Sequence[str]) -> pd.Series:
    """For each respondent in the share's unit (``clusters`` of its specialty, if any) and base: in its group or not.

    Indexed by respondent id. The base is as :func:`klyngestat.stats.shares.group_share`
    counts it: the answered options, without the non-substantive ones when ``ved_ikke="exclude"``.
    """
    scale = survey.questionnaire.scale_of(share.question)
    frame = survey.frame
    column = frame[share.question]
    codes = column.cat.codes.to_numpy(np.int64)
    in_base_code = np.zeros(len(column.cat.categories) + 1, dtype=bool)  # the last entry: blank (code −1)
    in_base_code[: len(scale.options)] = True
    if share.ved_ikke == "exclude":
        in_base_code[[i for i, o in enumerate(scale.options) if not o.substantive]] = False
    keep = survey.respondent_mask & in_base_code[codes]
    if share.specialty is not None:
        keep &= (frame["specialty"] == share.specialty).to_numpy()
    if clusters:
        keep &= frame["cluster"].isin(list(clusters)).to_numpy()
    in_group = np.isin(codes[keep], scale.group_positions(share.group))
    return pd.Series(in_group, index=frame["respondent_id"].to_numpy()[keep])


def linked_change(
    then: Survey, now: Survey, before: Share, after: Share, clusters: tuple[Sequence[str], Sequence[str]], level: float
) -> PairedChange | None:
    """The paired change of the respondents in the base of ``before`` (then) and of ``after`` (now); None if none.

    A respondent links by ``respondent_id`` and must be in both waves' units:
    the shares' specialty and the earlier and the later wave's ``clusters``.
    """
    was = _members(then, before, clusters[0])
    is_ = _members(now, after, clusters[1])
    common = was.index.intersection(is_.index)
    if common.empty:
        return None
    a, b = was.loc[common].to_numpy(bool), is_.loc[common].to_numpy(bool)
    table = (int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum()), int((~a & ~b).sum()))
    return paired_change_from_counts(*table, confidence_level=level)


def wave_share(
    survey: Survey,
    which: str,
    question: str,
    group: str | None,
    specialty: str | None,
    clusters: Sequence[str],
    ved_ikke: VedIkke,
    fpc_population: Population,
) -> tuple[Share, int | None]:
    """A wave's share, pooled over ``clusters`` when any are named, and its population; errors name the wave."""
    wave = wave_name(survey, which)
    try:
        survey.require_question(question)
        if not clusters:
            share = group_share(survey, question, group=group, specialty=specialty, ved_ikke=ved_ikke)
            return share, population_of(survey, share, fpc_population=fpc_population)
        shares = [
            s
            for s in group_shares(survey, question, group=group, by="cluster", specialty=specialty, ved_ikke=ved_ikke)
            if s.cluster in clusters
        ]
    except KeyError as error:
        raise ValueError(f"the {wave}: {error.args[0]}") from error
    unknown = sorted(set(clusters) - {s.cluster for s in shares})
    if unknown:
        raise ValueError(
            f"the {wave} has no cluster {', '.join(map(repr, unknown))} in {specialty}; "
            f"its clusters there: {', '.join(survey.clusters_of(str(specialty)))}"
        )
    populations = populations_of(survey, shares, fpc_population=fpc_population)
    count, base = sum(s.count for s in shares), sum(s.base for s in shares)
    group, label = shares[0].group, shares[0].label
    pooled = Share(question, group, label, "cluster", specialty, " + ".join(clusters), count, base, ved_ikke)
    return pooled, None if None in populations else sum(p for p in populations if p is not None)


def wave_name(survey: Survey, which: str) -> str:
    """How errors name a wave: "the earlier wave (2024)"."""
    return f"{which} wave" + (f" ({survey.year})" if survey.year is not None else "")


def check_waves(then: Survey, now: Survey, before: Share, after: Share) -> None:
    """The waves in order, the same group in both, and a share in each."""
    if then.year is not None and now.year is not None and then.year >= now.year:
        raise ValueError(f"then is the earlier wave: got then={then.year}, now={now.year}; swap them")
    if (before.group, before.label) != (after.group, after.label):
        raise ValueError(
            f"the group differs between the waves: {before.question!r} {before.group} ({before.label!r}) "
            f"then, {after.question!r} {after.group} ({after.label!r}) now; name one both scales have (group=)"
        )
    for share, survey, which in ((before, then, "earlier"), (after, now, "later")):
        where = " / ".join(x for x in (share.specialty, share.cluster) if x is not None) or "the nation"
        if share.base == 0:
            raise ValueError(
                f"nobody in the {wave_name(survey, which)} answered {share.question!r} in {where}"
                f"{' (ved_ikke excluded)' if share.ved_ikke == 'exclude' else ''}: there is no share to compare"
            )


def cluster_names(clusters: Sequence[str]) -> tuple[str, ...]:
    """Cluster names as a tuple: a single string is one name, not its letters."""
    names = (clusters,) if isinstance(clusters, str) else tuple(dict.fromkeys(clusters))
    if not names:
        raise ValueError("clusters_then is empty: name the earlier wave's clusters that make up the cluster")
    return names
