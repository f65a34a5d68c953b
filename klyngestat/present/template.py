"""The fact sheet's configurable prose (a TOML file; the bundled one by default)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from klyngestat.models._toml import read_toml

__all__ = ["Advice", "FactsheetTemplate", "SpecialtyText", "load_template"]

DEFAULT_TEMPLATE = "factsheet_template.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Advice(_Frozen):
    """One numbered piece of advice with its points."""

    heading: str
    points: tuple[str, ...] = ()


class SpecialtyText(_Frozen):
    """Text for one specialty: what its doctors are called, and overrides."""

    practitioners: str | None = None
    """Indefinite plural, as in "blandt de praktiserende dermatologer"."""
    data_paragraph: str | None = None
    advice: tuple[Advice, ...] | None = None


class FactsheetTemplate(_Frozen):
    """The fact sheet's fixed text; ``{specialty}`` in the title is filled in."""

    date_line: str
    title: str = "Klyngearbejdet i {specialty}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"
    organisation: str = "eKVIS"
    background: tuple[str, ...] = ()
    data_paragraph: str = ""
    advice_heading: str = "Gode råd til planlægning og gennemførelse af klyngemøder"
    advice: tuple[Advice, ...] = ()
    specialties: dict[str, SpecialtyText] = Field(default_factory=dict)

    def for_specialty(self, specialty: str) -> SpecialtyText:
        """The specialty's own text (empty when the template has none)."""
        return self.specialties.get(specialty, SpecialtyText())


def load_template(path: str | Path | None = None) -> FactsheetTemplate:
    """Load a fact-sheet template from TOML; the bundled one by default.

    Examples
    --------
    >>> load_template().for_specialty("Dermatologi").practitioners
    'dermatologer'
    """
    data, source = read_toml(path, bundled=DEFAULT_TEMPLATE, what="template", error=ValueError)
    try:
        return FactsheetTemplate.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{source}: not a valid fact-sheet template:\n{exc}") from None
