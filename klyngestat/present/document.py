"""The fact sheet as data: sections of paragraphs, charts and advice, before any rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from klyngestat.present.figures import Categories
from klyngestat.release import Record

__all__ = ["AdviceList", "Block", "Chart", "Editorial", "Factsheet", "Paragraph", "Section", "TrendSeries"]

ChartKind = Literal["likert", "share", "expectation", "ranking", "trend"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of generated or template text, with the records its figures come from."""

    text: str
    records: tuple[str, ...] = ()
    """Ids of the released records behind the paragraph's figures (empty for template text)."""


@dataclass(frozen=True)
class TrendSeries:
    """One unit's released figure of a question in each wave of a trend chart (None: the wave has no figure)."""

    label: str
    """The unit's name ("Dermatologi", "Hele landet")."""
    waves: tuple[str, ...]
    records: tuple[Record | None, ...]
    """One released record per wave, in the order of ``waves``; a hidden one is drawn as hidden."""


@dataclass(frozen=True)
class Chart:
    """What a chart shows, from released records; drawn only when rendered (matplotlib is imported then).

    ``rows`` depends on ``kind``: ``likert`` (label, Categories or None when
    hidden); ``share`` and ``ranking`` (label, Record); ``expectation``
    (label, priority Record, experienced Record); ``trend`` (question, the
    specialty's TrendSeries, the nation's TrendSeries).
    """

    id: str
    kind: ChartKind
    title: str
    rows: tuple[
        tuple[str, Categories | None]
        | tuple[str, Record]
        | tuple[str, Record, Record]
        | tuple[str, TrendSeries, TrendSeries],
        ...,
    ]
    national: Record | None = None
    alt: str = ""

    @property
    def records(self) -> tuple[str, ...]:
        """Ids of the released records the chart draws, in row order."""
        ids: list[str] = []
        for row in self.rows:
            for value in row[1:]:
                if isinstance(value, Record):
                    ids.append(value.id)
                elif isinstance(value, Categories):
                    ids += value.ids
                elif isinstance(value, TrendSeries):
                    ids += [r.id for r in value.records if r is not None]
        if self.national is not None:
            ids.append(self.national.id)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class AdviceList:
    """Numbered advice, each with its points."""

    heading: str
    items: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Editorial:
    """The analyst's own paragraphs (Markdown), from the template's editorial part; they carry no figures."""

    markdown: str


Block = Paragraph | Chart | AdviceList | Editorial


@dataclass(frozen=True)
class Section:
    """A headed section of the fact sheet."""

    heading: str
    blocks: tuple[Block, ...]
    id: str = ""
    """The section's key in the template's editorial part ("forbedringer"); empty for the advice."""


@dataclass(frozen=True)
class Factsheet:
    """One specialty's fact sheet, ready to render as HTML, Markdown or PDF."""

    specialty: str
    title: str
    date_line: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    footer: str = ""
    """Provenance for print: data hash, options and klyngestat version."""
    source: str = ""
    """The printed source line ("Kilde: eKVIS' spørgeskemaundersøgelse …, september 2025")."""
    header: str = ""
    """The running page header: the publishing unit's name."""
    respondents: str = ""
    """The sheet's n for the print footer ("74 af 110 har svaret")."""
    stamp: str = ""
    """Data hash and klyngestat version, short, for the print footer ("data 1a2b3c4d5e6f · klyngestat 0.4.0")."""
    keys: tuple[tuple[str, ...], ...] = ()
    """Per block with figures, in reading order, its record ids shortened for print (:meth:`Release.keys`)."""
    fallbacks: tuple[str, ...] = ()
    """Where the sheet falls back to the template's generic text (Danish, one line each); empty when it has its own."""

    @property
    def sources(self) -> tuple[str, ...]:
        """Every record id the sheet shows, in reading order: footnote n is ``sources[n - 1]``."""
        ids: list[str] = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Paragraph | Chart):
                    ids += block.records
        return tuple(dict.fromkeys(ids))

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart, in reading order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Chart))

    def text(self) -> str:
        """All paragraphs as plain text, editorial Markdown as written (for tests and search)."""
        return "\n".join(
            b.text if isinstance(b, Paragraph) else b.markdown.strip()
            for s in self.sections
            for b in s.blocks
            if isinstance(b, Paragraph | Editorial)
        )
