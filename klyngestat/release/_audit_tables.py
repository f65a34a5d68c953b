"""The integer solutions the audit meets, and the swaps that lead from each to others.

Every solution of a system of released figures is a table those figures
allow; so is every table one swap away (one answer moved between two columns
of a hidden cluster and back between the same columns of another, where
every equation stays met). A cell that two of them give different counts is
open without solving for its bounds (see :mod:`klyngestat.release.audit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["BAND", "SIGNS", "Tables", "swaps"]

SIGNS = np.array([1, -1, -1, 1])
"""A swap: +1, −1 in two columns of one leaf, −1, +1 in the same two of another."""

BAND = 8
"""Each leaf swaps with the next few (sorted, so mostly its specialty's): moves grow linearly, not squared."""


def swaps(matrix: Any, position: Mapping[int, int], k: int, leaves: Sequence[int]) -> np.ndarray:
    """Swaps that keep every equation, as the positions (``position`` of each variable) of the four cells each changes.

    Among the given leaves (the hidden units' clusters), each with the next
    :data:`BAND` of them. Added to an integer solution within the bounds, a
    swap gives another solution: the matrix times the move is exactly zero.
    """
    from scipy.sparse import coo_array

    ours = sorted({leaf for leaf in leaves if all(leaf * k + c in position for c in range(k))})
    quads = [
        (position[a * k + i], position[a * k + j], position[b * k + i], position[b * k + j])
        for x, a in enumerate(ours)
        for b in ours[x + 1 : x + 1 + BAND]
        for i in range(k)
        for j in range(i + 1, k)
    ]
    if not quads:
        return np.zeros((0, 4), dtype=np.int64)
    cells = np.array(quads, dtype=np.int64)
    n = len(cells)
    moves = coo_array((np.tile(SIGNS, n), (np.repeat(np.arange(n), 4), cells.ravel())), shape=(n, len(position)))
    keeps = np.asarray(abs(matrix @ moves.tocsr().T).sum(axis=0)).ravel() == 0
    kept: np.ndarray = cells[keeps]
    return kept


class Tables:
    """The integer solutions of one system met so far, and which swaps (see :func:`swaps`) each allows.

    Every one of them, and every one a swap away, is a table the released
    figures allow: a cell that two of them give different counts is open.
    """

    def __init__(self, swaps: np.ndarray, upper: np.ndarray) -> None:
        self.swaps = swaps
        self.upper = upper[swaps]
        self.solutions: list[np.ndarray] = []
        self.allowed: list[tuple[np.ndarray, np.ndarray]] = []  # per solution: swaps forwards, backwards

    def add(self, x: np.ndarray) -> None:
        cells = x[self.swaps]
        forwards, backwards = cells + SIGNS, cells - SIGNS
        self.solutions.append(x)
        self.allowed.append(
            (
                ((forwards >= 0) & (forwards <= self.upper)).all(axis=1),
                ((backwards >= 0) & (backwards <= self.upper)).all(axis=1),
            )
        )

    def counts(self, objective: np.ndarray) -> set[int]:
        """The cell's count (``objective`` marks its variables) in each table met and each a swap away."""
        step = objective[self.swaps] @ SIGNS if len(self.swaps) else np.zeros(0)
        counts: set[int] = set()
        for x, (forwards, backwards) in zip(self.solutions, self.allowed, strict=True):
            here = round(float(objective @ x))
            counts.add(here)
            counts.update({here + round(d) for d in np.unique(step[forwards]).tolist()})
            counts.update({here - round(d) for d in np.unique(step[backwards]).tolist()})
        return counts
