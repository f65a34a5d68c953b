"""National averages: pooled, mean of specialties, or a supplied reference."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from klyngestat.models.reference import NationalReference
from klyngestat.stats._result import Result
from klyngestat.stats.shares import VedIkke, group_shares
from klyngestat.survey import Survey

__all__ = ["NationalAverage", "NationalMethod", "national_average"]

NationalMethod = Literal["pooled", "mean_of_specialties", "reference"]


@dataclass(frozen=True)
class NationalAverage(Result):
    """The national figure for a grouped share, with the method that made it.

    ``pooled``: all respondents of all specialties in one base (``count`` of
    ``base``). ``mean_of_specialties``: the unweighted mean of the
    specialties' shares (``n_specialties`` of them). ``reference``: a
    published figure (``base`` is its n where known).
    """

    question: str
    group: str
    method: NationalMethod
    fraction: Fraction
    count: int | None = None
    base: int | None = None
    n_specialties: int | None = None
    source: str | None = None

    @property
    def share(self) -> float:
        """The national share as a float."""
        return float(self.fraction)

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields, with ``share`` (unrounded) in place of the exact ``fraction``."""
        return {
            "question": self.question,
            "group": self.group,
            "method": self.method,
            "share": self.share,
            "count": self.count,
            "base": self.base,
            "n_specialties": self.n_specialties,
            "source": self.source,
        }

    def _caption(self) -> str:
        return f"Landsgennemsnit, {self.question} ({self.method})"


def national_average(
    survey: Survey | None,
    question: str,
    *,
    group: str | None = None,
    method: NationalMethod = "pooled",
    reference: NationalReference | None = None,
    ved_ikke: VedIkke = "include",
) -> NationalAverage:
    """The national average of a grouped share.

    Parameters
    ----------
    survey
        The survey (may be None with ``method="reference"``).
    question
        A closed question id.
    group
        A named group of the question's scale; the top box by default.
    method
        ``"pooled"`` (default): every respondent of every specialty in one base.
        ``"mean_of_specialties"``: the unweighted mean of the specialties' shares.
        ``"reference"``: the supplied published figure.
    reference
        Published national figures, for ``method="reference"``.
    ved_ikke
        ``"include"`` (default) keeps "Ved ikke" in the base; ``"exclude"`` takes it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> avg = national_average(demo_survey(), "understoetter_kvalitet")
    >>> avg.method, round(avg.share, 3)
    ('pooled', 0.657)
    """
    if method == "reference":
        if reference is None:
            raise ValueError("method='reference' needs reference= (published national figures)")
        name = group or "top_box"
        figure = reference.get(question, name)
        if figure is None:
            raise KeyError(f"the national reference has no figure for {question!r}, group {name!r}")
        return NationalAverage(
            question, name, "reference", Fraction(Decimal(repr(figure.share))), base=figure.n, source=figure.source
        )
    if survey is None:
        raise ValueError(f"method={method!r} needs the survey")
    if method == "pooled":
        share = group_shares(survey, question, group=group, by="nation", ved_ikke=ved_ikke).shares[0]
        if not share.base:
            raise ValueError(f"no one answered {question!r}: there is no national figure")
        return NationalAverage(
            question, share.group, "pooled", Fraction(share.count, share.base), count=share.count, base=share.base
        )
    if method == "mean_of_specialties":
        shares = [s for s in group_shares(survey, question, group=group, by="specialty", ved_ikke=ved_ikke) if s.base]
        if not shares:
            raise ValueError(f"no one answered {question!r}: there is no national figure")
        mean = sum((s.fraction for s in shares if s.fraction is not None), Fraction(0)) / len(shares)
        return NationalAverage(question, shares[0].group, "mean_of_specialties", mean, n_specialties=len(shares))
    raise ValueError(f"method must be 'pooled', 'mean_of_specialties' or 'reference', not {method!r}")
