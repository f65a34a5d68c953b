"""The options that change published figures: one typed, frozen object carried by the Release."""

from __future__ import annotations

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from klyngestat._defaults import DEFAULT_MIN_N
from klyngestat.models.reference import NationalReference
from klyngestat.release.disclosure import DECOY_PROBABILITY
from klyngestat.stats.compare import ComparisonThresholds
from klyngestat.stats.intervals import Population
from klyngestat.stats.national import NationalMethod
from klyngestat.stats.shares import VedIkke

__all__ = ["DEFAULT_MIN_N", "Population", "ReleaseOptions"]


class ReleaseOptions(BaseModel):
    """Everything that changes a published figure, decided once by the caller or the CLI.

    Attributes
    ----------
    min_n
        A cluster or specialty figure is shown only when at least this many
        answered the question on the scale proper ("Ved ikke" excluded, so the
        pattern is the same whichever base the reader picks).
    ved_ikke
        ``"include"`` keeps "Ved ikke" in a share's base; ``"exclude"`` takes
        it out. It changes bases, not counts: both use one suppression pattern.
    national_method
        ``"pooled"``, ``"mean_of_specialties"`` or ``"reference"`` (needs ``reference``).
    reference
        Published national figures.
    confidence_level
        Level of every interval.
    fpc_population
        The finite population of intervals (see :data:`Population`).
    thresholds
        Where the comparison wording classes begin.
    n_resamples, seed
        Permutations of the cluster heterogeneity test and their seed (a
        published test must be reproducible).
    decoys
        The chance of hiding one more random unit after the chosen
        protecting set, repeated while it comes up; with it the units' costs
        are tilted at random too (see :mod:`klyngestat.release.disclosure`).
        0 turns both off and gives the cheapest set alone, which an attacker
        who knows the rule can exploit; use it only to study the rule.

    A written Release keeps its file format's names for three of them
    (:meth:`describe`: ``confidence``, ``population``, ``resamples``), and
    reading one back takes those names too.

    Examples
    --------
    >>> ReleaseOptions().min_n, ReleaseOptions(ved_ikke="exclude").ved_ikke
    (5, 'exclude')
    >>> ReleaseOptions(national_method="reference")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for ReleaseOptions
      Value error, national_method='reference' needs published national figures (reference=) ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_n: int = Field(default=DEFAULT_MIN_N, ge=1)
    ved_ikke: VedIkke = "include"
    national_method: NationalMethod = "pooled"
    reference: NationalReference | None = None
    confidence_level: float = Field(
        default=0.95,
        gt=0,
        lt=1,
        validation_alias=AliasChoices("confidence_level", "confidence"),
        serialization_alias="confidence",
    )
    fpc_population: Population = Field(
        default="members",
        validation_alias=AliasChoices("fpc_population", "population"),
        serialization_alias="population",
    )
    thresholds: ComparisonThresholds = Field(default_factory=ComparisonThresholds)
    n_resamples: int = Field(
        default=1999,
        ge=1,
        validation_alias=AliasChoices("n_resamples", "resamples"),
        serialization_alias="resamples",
    )
    seed: int = 0
    decoys: float = Field(default=DECOY_PROBABILITY, ge=0, lt=1)

    @model_validator(mode="after")
    def _reference_given(self) -> ReleaseOptions:
        if self.national_method == "reference" and self.reference is None:
            raise ValueError("national_method='reference' needs published national figures (reference=)")
        return self

    def describe(self) -> dict[str, object]:
        """The options as JSON-able data for the provenance (the reference summarised by its size)."""
        data = self.model_dump(exclude={"reference"}, by_alias=True)
        data["reference_figures"] = None if self.reference is None else len(self.reference.figures)
        return data
