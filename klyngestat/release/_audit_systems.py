"""The systems that bound a question's hidden units, cut out of its equations (see :mod:`klyngestat.release.audit`).

A shown specialty's clusters are bounded with the equations among them; a
hidden specialty (and a cluster of one) with the nation's equations less the
specialties whose every column is published. Each is built once per question
from the entries of :class:`~klyngestat.release._audit_equations.Equations`,
as a matrix in the form HiGHS takes (CSC, 32-bit indices).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from klyngestat.release._audit_equations import Equations, incidence

__all__ = ["national_system", "specialty_system"]

_Totals = Mapping[str, Mapping[int, int]]


def specialty_system(
    q: Equations, values: np.ndarray, upper: np.ndarray, specialty: str
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The equations that sum only unknowns of the specialty's clusters (those that sum none too), over them.

    Exact: the specialty's published totals fix its part of every equation
    that reaches beyond it, so those equations say nothing more of its cells.
    """
    columns = q.variables(q.unit_leaves(specialty, None), range(q.k))
    inside = np.zeros(len(upper), dtype=bool)
    inside[columns] = True
    kept = np.ones(q.n_rows, dtype=bool)
    kept[q.entry_rows[~inside[q.entry_variables]]] = False  # an equation with an unknown outside the specialty
    rows = np.flatnonzero(kept)
    return _cut(q, kept, columns, len(upper)), values[rows], upper[columns], columns


def _cut(q: Equations, kept: np.ndarray, columns: np.ndarray, n_variables: int) -> Any:
    """The matrix of the kept equations (in their order) over these unknowns (each at its place in ``columns``),
    of the entries on those unknowns."""
    row_at = np.cumsum(kept) - 1
    position = np.full(n_variables, -1, dtype=np.int64)
    position[columns] = np.arange(len(columns))
    on = kept[q.entry_rows] & (position[q.entry_variables] >= 0)
    rows, variables = row_at[q.entry_rows[on]], position[q.entry_variables[on]]
    return incidence(rows, variables, (int(kept.sum()), len(columns)))


def national_system(
    q: Equations, values: np.ndarray, upper: np.ndarray, totals: _Totals
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The nation's equations over the specialties not fixed by their own published totals (exact).

    A specialty whose count in every column (each category and the blanks) is
    published has a known part in every equation that covers whole columns of
    it: the equation keeps the other specialties' unknowns, less that part.
    Any table of the others that meets the reduced equations, joined with the
    specialty's true table, meets every equation, and the converse holds, so
    the bounds on the others' cells are those of the whole system. A
    specialty is fixed only while every equation that reaches it covers whole
    columns of it; otherwise it stays in. An equation of fixed specialties
    alone (or of no unknown at all) is dropped: their true tables meet it.
    """
    names = sorted({s for s, _ in q.leaves})
    number = {s: i for i, s in enumerate(names)}
    specialty = np.array([number[s] for s, _ in q.leaves], dtype=np.int64)
    known_totals = np.zeros((len(names), q.k), dtype=np.int64)
    fixed = np.zeros(len(names), dtype=bool)
    for i, s in enumerate(names):
        if s in totals and all(c in totals[s] for c in range(q.k)):
            fixed[i] = True
            known_totals[i] = [totals[s][c] for c in range(q.k)]
    of = specialty[q.entry_variables // q.k]  # each entry's specialty
    leaves_of = np.bincount(specialty, minlength=len(names))
    while True:
        known = fixed[of]
        kept = np.bincount(q.entry_rows[~known], minlength=q.n_rows) > 0
        part, broken = _known_parts(q, kept, known, of, (leaves_of, known_totals))
        if not broken.any():
            break
        fixed &= ~broken
    columns = q.variables(np.flatnonzero(~fixed[specialty]), range(q.k))
    rows = np.flatnonzero(kept)
    reduced = values[rows].astype(np.int64) - part[rows]
    return _cut(q, kept, columns, len(upper)), reduced.astype(float), upper[columns], columns


def _known_parts(
    q: Equations, kept: np.ndarray, known: np.ndarray, of: np.ndarray, specialties: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Each kept equation's part from fixed specialties, and which fixed specialties break the reduction.

    A fixed specialty met in a kept equation breaks it unless the equation
    covers whole columns of it: each of its ``leaves_of`` clusters in each
    column it sums of it, each once. Its part is then its published total of
    those columns (``known_totals``).
    """
    leaves_of, known_totals = specialties
    n_names, n_variables = len(leaves_of), max(len(q.leaves) * q.k, 1)
    on = known & kept[q.entry_rows]
    rows, names, variables = q.entry_rows[on], of[on], q.entry_variables[on]
    groups, group = np.unique(rows * n_names + names, return_inverse=True)  # (equation, specialty) pairs
    n_entries = np.bincount(group, minlength=len(groups))
    group_columns = np.unique(group * q.k + variables % q.k)
    n_columns = np.bincount(group_columns // q.k, minlength=len(groups))
    n_cells = np.bincount(np.unique(group * n_variables + variables) // n_variables, minlength=len(groups))
    whole = leaves_of[groups % n_names] * n_columns
    broken = np.zeros(n_names, dtype=bool)
    broken[(groups % n_names)[(whole != n_entries) | (n_cells != whole)]] = True
    part = np.zeros(q.n_rows, dtype=np.int64)
    owner = groups[group_columns // q.k]
    np.add.at(part, owner // n_names, known_totals[owner % n_names, group_columns % q.k])
    return part, broken
