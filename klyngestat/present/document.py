"""The fact sheet as data: sections of paragraphs, charts and advice, before any rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from klyngestat.present.figures import Categories
from klyngestat.release import Record

__all__ = ["AdviceList", "Block", "Chart", "Factsheet", "Paragraph", "Section"]

ChartKind = Literal["likert", "share", "expectation", "ranking"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of generated or template text, with the records its figures come from."""

    text: str
    records: tuple[str, ...] = ()
    """Ids of the released records behind the paragraph's figures (empty for template text)."""


@dataclass(frozen=True)
class Chart:
    """What a chart shows, from released records; drawn only when rendered (matplotlib is imported then).

    ``rows`` depends on ``kind``: ``likert`` (label, Categories or None when
    hidden); ``share`` and ``ranking`` (label, Record); ``expectation``
    (label, priority Record, experienced Record).
    """

    id: str
    kind: ChartKind
    title: str
    rows: tuple[tuple[str, Categories | None] | tuple[str, Record] | tuple[str, Record, Record], ...]
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
        if self.national is not None:
            ids.append(self.national.id)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class AdviceList:
    """Numbered advice, each with its points."""

    heading: str
    items: tuple[tuple[str, tuple[str, ...]], ...]


Block = Paragraph | Chart | AdviceList


@dataclass(frozen=True)
class Section:
    """A headed section of the fact sheet."""

    heading: str
    blocks: tuple[Block, ...]


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
        """All paragraphs as plain text (for tests and search)."""
        return "\n".join(b.text for s in self.sections for b in s.blocks if isinstance(b, Paragraph))
