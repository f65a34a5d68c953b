"""The fact sheet's configurable prose and the analyst's editorial text (a TOML file; the bundled one by default)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from klyngestat.models._toml import read_toml

__all__ = [
    "SECTION_IDS",
    "Advice",
    "FactsheetTemplate",
    "SectionId",
    "SectionText",
    "SpecialtyText",
    "load_template",
    "template_skeleton",
]

DEFAULT_TEMPLATE = "factsheet_template.toml"

SectionId = Literal["baggrund", "deltagelse", "kvalitet", "forventninger", "data", "forbedringer", "fokus"]
SECTION_IDS: tuple[str, ...] = get_args(SectionId)
"""The sections an editorial paragraph can go into, in the sheet's order."""

SECTION_HEADINGS: dict[str, str] = {
    "baggrund": "Baggrund og formål",
    "deltagelse": "Deltagelse og engagement i klyngemøder",
    "kvalitet": "Klyngernes betydning for kvalitetsarbejdet",
    "forventninger": "Matcher klyngemøderne deltagernes forventninger?",
    "data": "Brug af data og erfaringsudveksling i praksis",
    "forbedringer": "Konkrete forbedringer i klinikken efter klyngemøder",
    "fokus": "Fremtidige fokusområder for klyngearbejdet",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Advice(_Frozen):
    """One numbered piece of advice with its points."""

    heading: str
    points: tuple[str, ...] = ()


class SectionText(_Frozen):
    """The analyst's own paragraphs for one section (Markdown: paragraphs, ``**fed**``, ``*kursiv*``, ``- punkter``).

    ``before`` stands before the section's generated sentences, ``after``
    after them and before the section's charts.
    """

    before: str = ""
    after: str = ""

    @property
    def empty(self) -> bool:
        """True when neither paragraph has any text."""
        return not (self.before.strip() or self.after.strip())


class SpecialtyText(_Frozen):
    """Text for one specialty: what its doctors are called, and overrides."""

    practitioners: str | None = None
    """Indefinite plural, as in "blandt de praktiserende dermatologer"."""
    data_paragraph: str | None = None
    advice: tuple[Advice, ...] | None = None


class FactsheetTemplate(_Frozen):
    """The fact sheet's fixed text; ``{specialty}`` in the title is filled in.

    ``editorial`` holds the analyst's paragraphs per wave (year), specialty
    and section: ``[editorial.2025.Dermatologi.forbedringer]`` with
    ``before``/``after``.
    """

    date_line: str
    """The date printed at the top, e.g. "Marts {published}" (:meth:`for_wave` fills it in)."""
    title: str = "Klyngearbejdet i {specialty}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"
    organisation: str = "eKVIS"
    unit: str = "eKVIS"
    """The publishing unit's name, printed in the page header."""
    source_line: str = "Kilde: eKVIS' spørgeskemaundersøgelse blandt praktiserende speciallæger, september {wave}"
    """The printed source; ``{wave}`` is filled in with the survey's year."""
    background: tuple[str, ...] = ()
    """The paragraphs under "Baggrund og formål"; ``{wave}`` and ``{published}`` are filled in."""
    data_paragraph: str = ""
    advice_heading: str = "Gode råd til planlægning og gennemførelse af klyngemøder"
    advice: tuple[Advice, ...] = ()
    specialties: dict[str, SpecialtyText] = Field(default_factory=dict)
    editorial: dict[str, dict[str, dict[SectionId, SectionText]]] = Field(default_factory=dict)

    def for_wave(self, wave: int | str) -> FactsheetTemplate:
        """The template with ``{wave}`` (the survey's year) and ``{published}`` (the year after it, when its sheets
        come out) filled in in the date line, the source line and the background paragraphs.

        Parameters
        ----------
        wave
            The survey's year (a release's ``wave``; a label that is not a year fills both with itself).

        Examples
        --------
        >>> template = load_template().for_wave(2026)
        >>> template.date_line, template.background[2].startswith("I september 2026 gennemførte")
        ('Marts 2027', True)
        """
        year = str(wave)
        published = str(int(year) + 1) if year.isdigit() else year

        def fill(text: str) -> str:  # the two names only: any other brace in the analyst's prose stays as written
            return text.replace("{wave}", year).replace("{published}", published)

        return self.model_copy(
            update={
                "date_line": fill(self.date_line),
                "source_line": fill(self.source_line),
                "background": tuple(fill(p) for p in self.background),
            }
        )

    def for_specialty(self, specialty: str) -> SpecialtyText:
        """The specialty's own text (empty when the template has none).

        Parameters
        ----------
        specialty
            The specialty's name, as the template's ``[specialties]`` spells it.
        """
        return self.specialties.get(specialty, SpecialtyText())

    def section_text(self, wave: int | str, specialty: str, section: str) -> SectionText:
        """The analyst's paragraphs for one section of one specialty's sheet in one wave (empty when none).

        Parameters
        ----------
        wave
            The survey's year.
        specialty
            The specialty's name.
        section
            One of :data:`SECTION_IDS`.
        """
        texts = self.editorial.get(str(wave), {}).get(specialty, {})
        return next((text for key, text in texts.items() if key == section), SectionText())

    def fallbacks(self, wave: int | str, specialty: str) -> tuple[str, ...]:
        """Where the sheet of ``specialty`` in ``wave`` falls back to generic text, in Danish, one line each.

        Parameters
        ----------
        wave
            The survey's year.
        specialty
            The specialty's name.

        Examples
        --------
        >>> template = load_template()
        >>> template.fallbacks(2025, "Dermatologi")
        ()
        >>> for line in template.fallbacks(2025, "Urologi"):
        ...     print(line)
        Gode råd: skabelonens generelle råd (ingen egne råd for urologi)
        Redaktionel tekst: ingen for urologi i 2025
        >>> template.fallbacks(2025, "Karkirurgi")[-1]
        'Betegnelse: »speciallæger i karkirurgi« (skabelonen siger ikke, hvad specialets læger kaldes)'
        """
        own = self.for_specialty(specialty)
        name = specialty.lower()
        lines = []
        if own.advice is None and self.advice:
            lines.append(f"Gode råd: skabelonens generelle råd (ingen egne råd for {name})")
        sections = self.editorial.get(str(wave), {}).get(specialty, {})
        if all(text.empty for text in sections.values()):
            lines.append(f"Redaktionel tekst: ingen for {name} i {wave}")
        if not own.practitioners:
            lines.append(f"Betegnelse: »speciallæger i {name}« (skabelonen siger ikke, hvad specialets læger kaldes)")
        for section, text in sections.items():
            for where, paragraph in (("before", text.before), ("after", text.after)):
                if _DIGITS.search(paragraph):
                    lines.append(
                        f"Redaktionel tekst ({section}.{where}) indeholder tal, som ikke kommer fra udgivelsen: "
                        "kontrollér dem, eller skriv dem uden tal"
                    )
        return tuple(lines)


_DIGITS = re.compile(r"\d")


def load_template(path: str | Path | None = None) -> FactsheetTemplate:
    """Load a fact-sheet template from TOML; the bundled one by default.

    Parameters
    ----------
    path
        A template file; None loads the bundled ``factsheet_template.toml``.

    Examples
    --------
    >>> load_template().for_specialty("Dermatologi").practitioners
    'dermatologer'
    >>> load_template().section_text(2025, "Plastikkirurgi", "fokus").after.count("lille speciale")
    1
    """
    data, source = read_toml(path, bundled=DEFAULT_TEMPLATE, what="template", error=ValueError)
    try:
        return FactsheetTemplate.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{source}: not a valid fact-sheet template:\n{exc}") from None


def _toml_string(text: str) -> str:
    """A TOML basic string (quotes, backslashes and control characters escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


def template_skeleton(wave: int | str, specialties: list[str] | tuple[str, ...]) -> str:
    """A template file to fill in: the bundled fixed text, then every specialty and section of ``wave``, empty.

    The editorial part lists, per specialty, its practitioners' name, its own
    advice (commented out) and an empty ``before``/``after`` pair for every
    section; the result loads as it is and gives the same sheets as the
    bundled template until the analyst writes in it.

    Parameters
    ----------
    wave
        The survey's year, the key of the editorial part.
    specialties
        The specialties to list, in this order.

    Examples
    --------
    >>> text = template_skeleton(2025, ["Dermatologi", "Gynækologi og obstetrik"])
    >>> '[editorial.2025."Gynækologi og obstetrik".forbedringer]' in text
    True
    >>> import tomllib
    >>> skeleton = FactsheetTemplate.model_validate(tomllib.loads(text))
    >>> skeleton.section_text(2025, "Gynækologi og obstetrik", "fokus").empty  # to write
    True
    >>> skeleton.section_text(2025, "Dermatologi", "fokus").after == load_template().section_text(
    ...     2025, "Dermatologi", "fokus"
    ... ).after
    True
    """
    from importlib import resources

    bundled = resources.files("klyngestat.data").joinpath(DEFAULT_TEMPLATE).read_text("utf-8")
    base, _, _ = bundled.partition("\n# -- Specialties")
    template = load_template()
    lines = [
        base.rstrip(),
        "",
        "",
        f"# -- Editorial text for {wave}, per specialty and section.",
        "# Write Markdown (paragraphs separated by a blank line, **fed**, *kursiv*, lines starting with '- ').",
        "# 'before' stands before the section's generated sentences, 'after' after them, before its charts.",
        "# Leave a text empty to print only the generated sentences. Write no figures here: every number",
        "# in a fact sheet comes from the release (a text with digits is reported when the sheet is made).",
    ]
    for specialty in specialties:
        key = _toml_key(specialty)
        own = template.for_specialty(specialty)
        lines += ["", "", f"[specialties.{key}]"]
        practitioners = own.practitioners or ""
        lines.append(f"practitioners = {_toml_string(practitioners)}  # as in »blandt de praktiserende …«")
        if own.data_paragraph:
            lines.append(f"data_paragraph = {_toml_string(own.data_paragraph)}")
        advice = own.advice
        if advice:
            for item in advice:
                lines += ["", f"[[specialties.{key}.advice]]", f"heading = {_toml_string(item.heading)}"]
                lines.append("points = [" + ", ".join(_toml_string(p) for p in item.points) + "]")
        else:
            lines += [
                "# The specialty's own advice replaces the general advice above:",
                f"# [[specialties.{key}.advice]]",
                '# heading = ""',
                '# points = ["", ""]',
            ]
        for section in SECTION_IDS:
            text = template.section_text(wave, specialty, section)
            lines += [
                "",
                f"[editorial.{wave}.{key}.{section}]  # {SECTION_HEADINGS[section]}",
                f"before = {_toml_multiline(text.before)}",
                f"after = {_toml_multiline(text.after)}",
            ]
    return "\n".join(lines) + "\n"


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def _toml_multiline(text: str) -> str:
    if not text:
        return '""'
    if '"""' in text or "\\" in text:
        return _toml_string(text)
    return '"""\n' + text.strip("\n") + '\n"""'
