"""The integer solutions the audit meets, and the swaps that lead from each to others.

Every solution of a system of released figures is a table those figures
allow; so is every table one swap away (one answer moved between two columns
of a hidden cluster and back between the same columns of another, where
every equation stays met). A cell that two of them give different counts is
open without solving for its bounds (see :mod:`klyngestat.release.audit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = ["BAND", "SIGNS", "Tables", "swaps"]

SIGNS = np.array([1, -1, -1, 1])
"""A swap: +1, −1 in two columns of one leaf, −1, +1 in the same two of another."""

BAND = 8
"""Each leaf swaps with the next few (sorted, so mostly its specialty's): moves grow linearly, not squared."""


def swaps(matrix: Any, position: Mapping[int, int], k: int, leaves: Iterable[int]) -> np.ndarray:
    """Swaps that keep every equation, as the positions (``position`` of each variable) of the four cells each changes.

    Among the given leaves (the hidden units' clusters), each with the next
    :data:`BAND` of them. Added to an integer solution within the bounds, a
    swap gives another solution: the matrix times the move is exactly zero.
    """
    from scipy.sparse import coo_array

    ours = np.array(sorted({int(leaf) for leaf in leaves if all(int(leaf) * k + c in position for c in range(k))}))
    n = len(ours)
    partners = np.minimum(BAND, n - 1 - np.arange(n))  # each leaf with the next few, in order
    if n < 2 or k < 2:
        return np.zeros((0, 4), dtype=np.int64)
    first = np.repeat(np.arange(n), partners)
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(partners) - partners, partners)
    i, j = np.triu_indices(k, 1)  # the column pairs, (0, 1), (0, 2), …, (1, 2), … as the leaf pairs' inner loop
    a, b = (ours[first] * k)[:, None], (ours[second] * k)[:, None]
    variables = np.stack([a + i, a + j, b + i, b + j], axis=-1).reshape(-1, 4)
    place = np.full(int(ours[-1]) * k + k, -1, dtype=np.int64)
    where = np.fromiter(position.keys(), dtype=np.int64, count=len(position))
    inside = where < len(place)
    place[where[inside]] = np.fromiter(position.values(), dtype=np.int64, count=len(position))[inside]
    cells = place[variables]
    m = len(cells)
    moves = coo_array((np.tile(SIGNS, m), (np.repeat(np.arange(m), 4), cells.ravel())), shape=(m, len(position)))
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
        # per solution (a row each, the first len(solutions) rows in use): it, and the swaps it allows
        # forwards and backwards within the bounds
        self._met = np.zeros((0, len(upper)))
        self._forwards = np.zeros((0, len(swaps)), dtype=bool)
        self._backwards = np.zeros((0, len(swaps)), dtype=bool)

    def add(self, x: np.ndarray) -> None:
        """Keep a solution (integers), and which swaps it allows forwards and backwards within the bounds.

        Parameters
        ----------
        x
            An integer solution of the system.
        """
        n = len(self.solutions)
        if n == len(self._met):  # room for twice as many: each solution is copied a bounded number of times
            more = max(4, n)
            self._met = np.concatenate([self._met, np.zeros((more, self._met.shape[1]))])
            self._forwards = np.concatenate([self._forwards, np.zeros((more, len(self.swaps)), dtype=bool)])
            self._backwards = np.concatenate([self._backwards, np.zeros((more, len(self.swaps)), dtype=bool)])
        cells = x[self.swaps]
        forwards, backwards = cells + SIGNS, cells - SIGNS
        self._met[n] = x
        self._forwards[n] = ((forwards >= 0) & (forwards <= self.upper)).all(axis=1)
        self._backwards[n] = ((backwards >= 0) & (backwards <= self.upper)).all(axis=1)
        self.solutions.append(x)

    def counts(self, objective: np.ndarray) -> set[int]:
        """The cell's count (``objective`` marks its variables) in each table met and each a swap away.

        Parameters
        ----------
        objective
            The cell's variables (1) among the system's.
        """
        n = len(self.solutions)
        if n == 0:
            return set()
        cells = np.flatnonzero(objective)
        # integers throughout (integer solutions, steps of ±1 cells), so the float sums are exact
        here = self._met[:n, cells] @ objective[cells]
        step = objective[self.swaps] @ SIGNS if len(self.swaps) else np.zeros(0)
        moving = np.flatnonzero(step)  # a swap that leaves the cell as it is gives a count already met
        step = step[moving]
        met = [
            here,
            (here[:, None] + step[None, :])[self._forwards[:n, moving]],
            (here[:, None] - step[None, :])[self._backwards[:n, moving]],
        ]
        return {round(v) for v in np.unique(np.concatenate(met)).tolist()}
