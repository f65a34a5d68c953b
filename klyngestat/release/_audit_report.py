"""What the audit reports: the hidden cells the released figures determine, and what was tried."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AuditReport", "Pin"]


@dataclass(frozen=True)
class Pin:
    """A hidden cell the released figures determine."""

    question: str
    specialty: str | None
    cluster: str | None
    column: str
    value: int
    implied_by_margin: bool
    wave: str = ""
    """The wave whose releases pin the cell, when releases of several waves were audited (each wave on its own)."""


@dataclass(frozen=True)
class AuditReport:
    """What the audit tried and what it found."""

    releases: int
    questions: int
    hidden_units: int
    protected_units: int
    cells_bounded: int
    solves: int
    pins: tuple[Pin, ...] = ()
    derived_from_hidden: tuple[str, ...] = field(default_factory=tuple)

    @property
    def leaks(self) -> tuple[Pin, ...]:
        """Pins that disclose a protected cell."""
        return tuple(p for p in self.pins if not p.implied_by_margin)

    @property
    def ok(self) -> bool:
        """No protected cell pinned and no derived figure computed from a hidden one."""
        return not self.leaks and not self.derived_from_hidden

    def to_dict(self) -> dict[str, object]:
        """JSON-able form."""
        return {
            "ok": self.ok,
            "releases": self.releases,
            "questions": self.questions,
            "hidden_units": self.hidden_units,
            "protected_units": self.protected_units,
            "cells_bounded": self.cells_bounded,
            "solves": self.solves,
            "leaks": [p.__dict__ for p in self.leaks],
            "pinned_by_margin": sum(p.implied_by_margin for p in self.pins),
            "derived_from_hidden": list(self.derived_from_hidden),
        }

    def __str__(self) -> str:
        head = (
            f"audit of {self.releases} release(s): {self.questions} questions, {self.hidden_units} hidden units, "
            f"{self.protected_units} protected, {self.cells_bounded} cells bounded by {self.solves} integer programs"
        )
        lines = [head]
        for p in self.leaks:
            where = " / ".join(x for x in (p.specialty, p.cluster) if x) or "hele landet"
            wave = f"{p.wave} · " if p.wave else ""
            lines.append(f"  PINNED {wave}{p.question} · {where} · {p.column} = {p.value}")
        lines += [f"  DERIVED FROM HIDDEN {rid}" for rid in self.derived_from_hidden]
        margin = sum(p.implied_by_margin for p in self.pins)
        if margin:
            lines.append(f"  ({margin} cells stated for everyone by a shown figure of a larger unit: not disclosures)")
        lines.append("  OK: no hidden cell is determined" if self.ok else "  LEAK: the releases must not be published")
        return "\n".join(lines)
