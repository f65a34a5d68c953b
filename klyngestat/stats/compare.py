"""Compare a share with the national figure: difference and a wording class."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from klyngestat.stats._result import Result
from klyngestat.stats.national import NationalAverage
from klyngestat.stats.shares import Share
from klyngestat.stats.significance import rest_pvalue, versus_reference

__all__ = [
    "Comparison",
    "ComparisonThresholds",
    "DifferenceTest",
    "Wording",
    "compare_with_national",
    "difference_test",
    "evidence_wording",
]

Wording = Literal["på niveau med", "over", "under", "væsentligt over", "væsentligt under"]


class ComparisonThresholds(BaseModel):
    """Where the wording classes begin, in percentage points of the exact difference.

    A difference whose size is below ``level`` is "på niveau med"; from
    ``level`` it is "over"/"under"; from ``substantial`` it is "væsentligt
    over"/"væsentligt under". These describe size only; what is published
    (:func:`evidence_wording`) keeps a size class only when the exact test
    of the difference is below ``alpha``, and says "på niveau med" otherwise.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: float = Field(default=2.0, ge=0)
    substantial: float = Field(default=10.0, ge=0)
    alpha: float = Field(default=0.05, gt=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> ComparisonThresholds:
        if self.substantial < self.level:
            raise ValueError("substantial must be at least level")
        return self


@dataclass(frozen=True)
class Comparison(Result):
    """A share against its national figure.

    ``to_dict()`` flattens the parts: ``share`` and ``national_share`` are
    ``share.share`` and ``national.share``, and the ``thresholds_*`` keys are
    the fields of ``thresholds``.
    """

    share: Share
    national: NationalAverage
    difference: Fraction
    """share - national, in percentage points, exact."""
    wording: Wording
    thresholds: ComparisonThresholds

    @property
    def difference_pp(self) -> float:
        """The difference in percentage points as a float."""
        return float(self.difference)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: where the share is, both shares, the difference, its wording and the thresholds."""
        return {
            "question": self.share.question,
            "group": self.share.group,
            "level": self.share.level,
            "specialty": self.share.specialty,
            "cluster": self.share.cluster,
            "share": self.share.share,
            "national_share": self.national.share,
            "national_method": self.national.method,
            "difference_pp": self.difference_pp,
            "wording": self.wording,
            "thresholds_level": self.thresholds.level,
            "thresholds_substantial": self.thresholds.substantial,
            "thresholds_alpha": self.thresholds.alpha,
        }

    def _caption(self) -> str:
        where = self.share.cluster or self.share.specialty or "hele landet"
        return f"{where} sammenlignet med landsgennemsnittet: {self.wording}"


def compare_with_national(
    share: Share, national: NationalAverage, *, thresholds: ComparisonThresholds | None = None
) -> Comparison:
    """The difference of a share from the national figure and its wording class.

    Parameters
    ----------
    share
        A share, e.g. from :func:`klyngestat.group_share`.
    national
        The national figure of the same question and group (:func:`klyngestat.national_average`).
    thresholds
        Where the wording classes begin; :class:`ComparisonThresholds` () by default.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share, national_average
    >>> s = demo_survey()
    >>> c = compare_with_national(group_share(s, "forbedringer", specialty="Plastikkirurgi"),
    ...                           national_average(s, "forbedringer"))
    >>> c.wording, round(c.difference_pp, 1)
    ('væsentligt under', -19.4)
    """
    thresholds = thresholds or ComparisonThresholds()
    if share.fraction is None:
        raise ValueError(f"{share.question}: the share has an empty base and cannot be compared")
    if share.question != national.question or share.group != national.group:
        raise ValueError(f"cannot compare {share.question}/{share.group} with {national.question}/{national.group}")
    difference = (share.fraction - national.fraction) * 100
    size = abs(difference)
    wording: Wording
    if size < Fraction(str(thresholds.level)):
        wording = "på niveau med"
    elif size < Fraction(str(thresholds.substantial)):
        wording = "over" if difference > 0 else "under"
    else:
        wording = "væsentligt over" if difference > 0 else "væsentligt under"
    return Comparison(share, national, difference, wording, thresholds)


def evidence_wording(size_wording: Wording, pvalue: float | None, alpha: float = 0.05) -> Wording:
    """The wording a reader is given: the size class only when the test supports a difference.

    "over", "under" and "væsentligt …" need a two-sided exact test below
    ``alpha``; without a test, or above it, the share is "på niveau med" the
    national figure (the sheet then says how large the difference is and
    that it may be chance).

    Parameters
    ----------
    size_wording
        The wording the difference's size alone earns (from :func:`compare_with_national`).
    pvalue
        The two-sided exact test's p-value, or None when there is no test.
    alpha
        The level below which the test supports a difference.

    Examples
    --------
    >>> evidence_wording("væsentligt under", 0.18), evidence_wording("væsentligt under", 0.004)
    ('på niveau med', 'væsentligt under')
    >>> evidence_wording("over", None)
    'på niveau med'
    """
    if pvalue is None or pvalue >= alpha:
        return "på niveau med"
    return size_wording


@dataclass(frozen=True)
class DifferenceTest(Result):
    """How sure a difference from the national figure is: an exact test and its name."""

    method: Literal["fisher_vs_rest", "binomial_vs_reference"]
    pvalue: float
    base: int
    """Answers the specialty's share rests on."""

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``method``, ``pvalue``, ``base``."""
        return {"method": self.method, "pvalue": self.pvalue, "base": self.base}

    def _caption(self) -> str:
        return f"Test af forskellen fra landsgennemsnittet ({self.method})"


def difference_test(comparison: Comparison) -> DifferenceTest | None:
    """An exact test of a specialty's share against the national figure.

    With a pooled national figure the specialty is part of it, so the test is
    Fisher's exact test of the specialty against the rest of the country
    (2×2: in group / not, specialty / rest). With a published reference
    figure the test is an exact binomial test of the specialty's count
    against the reference share. Two-sided; None when neither applies.

    Parameters
    ----------
    comparison
        A specialty's share against its national figure (:func:`compare_with_national`).

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share, national_average
    >>> s = demo_survey()
    >>> c = compare_with_national(group_share(s, "forbedringer", specialty="Plastikkirurgi"),
    ...                           national_average(s, "forbedringer"))
    >>> t = difference_test(c)
    >>> t.method, t.base, round(t.pvalue, 2)
    ('fisher_vs_rest', 14, 0.18)
    """
    share, national = comparison.share, comparison.national
    if national.method == "pooled" and national.count is not None and national.base is not None:
        if share.level != "specialty":
            return None
        rest_count, rest_base = national.count - share.count, national.base - share.base
        if rest_base <= 0:
            return None
        pvalue = rest_pvalue(share.count, share.base, rest_count, rest_base)
        return DifferenceTest("fisher_vs_rest", pvalue, share.base)
    if national.method == "reference":
        test = versus_reference(share.count, share.base, reference_share=float(national.fraction))
        return DifferenceTest("binomial_vs_reference", test.pvalue, share.base)
    return None
