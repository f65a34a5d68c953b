"""The fact sheet as data: sections of paragraphs, charts and advice, before any rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from klyngestat.stats.shares import Distribution, Share

__all__ = ["AdviceList", "Block", "Chart", "Factsheet", "Paragraph", "Section"]

ChartKind = Literal["likert", "share", "expectation", "ranking"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of generated or template text."""

    text: str


@dataclass(frozen=True)
class Chart:
    """What a chart shows; drawn only when rendered (matplotlib is imported then).

    ``rows`` depends on ``kind``: ``likert`` (label, Distribution);
    ``share`` and ``ranking`` (label, Share); ``expectation`` (label,
    priority Share, experienced Share).
    """

    id: str
    kind: ChartKind
    title: str
    rows: tuple[tuple[str, Distribution] | tuple[str, Share] | tuple[str, Share, Share], ...]
    national: float | None = None
    min_n: int = 5
    alt: str = ""
    hidden: frozenset[str] = frozenset()
    """Row labels hidden by complementary suppression."""


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

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart, in reading order."""
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Chart))

    def text(self) -> str:
        """All paragraphs as plain text (for tests and search)."""
        return "\n".join(b.text for s in self.sections for b in s.blocks if isinstance(b, Paragraph))
