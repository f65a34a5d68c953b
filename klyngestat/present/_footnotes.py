"""The footnotes of a fact sheet: a number for every block that shows released figures, and the keys it lists.

Both renderings (HTML and Markdown) number the paragraphs and charts with
figures in reading order and list each footnote's record ids at the end, so
every printed figure can be looked up with ``klyngestat explain``.
"""

from __future__ import annotations

from klyngestat.present.document import Chart, Factsheet, Paragraph

__all__ = ["SOURCES_HEADING", "common_prefix", "footnote_keys", "footnote_numbers", "short_id", "sources_intro"]

SOURCES_HEADING = "Nøgler til tallene"
"""The heading of the list of footnotes."""


def _figure_blocks(sheet: Factsheet) -> list[Paragraph | Chart]:
    return [b for s in sheet.sections for b in s.blocks if isinstance(b, Paragraph | Chart) and b.records]


def footnote_numbers(sheet: Factsheet) -> dict[int, int]:
    """Footnote number of every block that shows released figures (by ``id()`` of the block), in reading order.

    A block whose records are all in an earlier footnote (a chart of the
    figures its paragraph just gave) shares that footnote's number.
    """
    keys: dict[int, int] = {}
    notes: list[frozenset[str]] = []
    for block in _figure_blocks(sheet):
        ids = frozenset(block.records)
        number = next((n for n, earlier in enumerate(notes, start=1) if ids <= earlier), 0)
        if not number:
            notes.append(ids)
            number = len(notes)
        keys[id(block)] = number
    return keys


def footnote_keys(sheet: Factsheet) -> list[tuple[int, tuple[str, ...]]]:
    """Each footnote's number and printed keys (the sheet's short keys where it has them)."""
    keys = footnote_numbers(sheet)
    blocks = _figure_blocks(sheet)
    printed = sheet.keys if len(sheet.keys) == len(blocks) else tuple(b.records for b in blocks)
    listed: dict[int, tuple[str, ...]] = {}
    for block, short in zip(blocks, printed, strict=True):
        listed.setdefault(keys[id(block)], short)
    return sorted(listed.items())


def common_prefix(sheet: Factsheet) -> str:
    """The wave and specialty every id of the sheet's own figures starts with ("2025/Dermatologi/")."""
    first = next((ids[0] for _, ids in footnote_keys(sheet) if ids), "")
    parts = first.split("/")
    return f"{parts[0]}/{sheet.specialty}/" if len(parts) > 2 else ""


def short_id(record_id: str, prefix: str) -> str:
    """An id without the sheet's common prefix (national ids keep theirs)."""
    return record_id[len(prefix) :] if prefix and record_id.startswith(prefix) else record_id


def sources_intro(prefix: str, trend: str | None = None) -> str:
    """The sentence above the footnotes: how to look a key up, and what a key without a year stands after.

    Parameters
    ----------
    prefix
        The part of every release key the footnotes leave out (``2025/Dermatologi/``), or "".
    trend
        The waves of the change records' keys (``2025-2026``) when the sheet has any: they are looked up in the
        trend's file.
    """
    text = "Hvert tal kan slås op med klyngestat explain NØGLE --release <fil>.release.json" + (
        f"; nøgler uden år står efter »{prefix}«" if prefix else ""
    )
    if trend:
        text += f"; nøgler, der begynder med »{trend}/«, med --release <fil>.trend.json"
    return text + "."
