"""Published national figures for users who hold only their own specialty's data."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NationalFigure", "NationalReference"]


class NationalFigure(BaseModel):
    """One published national share: question, group, share and (where known) n."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    group: str = "top_box"
    share: float = Field(ge=0.0, le=1.0)
    n: int | None = Field(default=None, ge=1)
    source: str | None = None


class NationalReference(BaseModel):
    """A set of published national figures."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    figures: tuple[NationalFigure, ...] = ()

    def get(self, question: str, group: str = "top_box") -> NationalFigure | None:
        """The figure for a question and group, or None.

        Parameters
        ----------
        question
            The question id the figure is published for.
        group
            The named group of the question's scale; the top box by default.
        """
        for figure in self.figures:
            if figure.question == question and figure.group == group:
                return figure
        return None
