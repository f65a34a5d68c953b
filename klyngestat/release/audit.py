"""An attacker over released records: bound every hidden cell by integer programming.

The audit reads nothing but written releases (several at once: their union is
what the public holds). For each question it makes one unknown per cluster and
count column (each answer category, and the blanks) and one equation per
published count: a shown record of a category, the blanks or a named group,
at the nation, a specialty or a cluster, and its base; each cluster's
respondents. Derived figures (spreads, tests, weighted shares, national
averages) are not equations: the audit checks instead that each is computed
from shown records only (its ``inputs``), which the Release guarantees by
computing them with hidden clusters pooled.

A hidden unit is protected when, for all the equations tell, it may rest on
fewer than ``min_n`` answers on the scale. For every protected unit and every
answer category and named group the audit finds the least and the greatest
count any integer solution allows (``scipy.optimize.milp``, HiGHS); every
solution met on the way is kept for the whole system it solves (all hidden
clusters of one specialty share it), together with the solutions one swap
away (one answer moved between two columns of a hidden cluster and back
between the same columns of another, where every equation stays met, checked),
and a cell that two of them give different counts is open without solving for
its bounds. A hidden unit with at least ``min_n`` answers on the scale even
if all of its specialty's published non-substantive answers were its own
needs no solve at all. A hidden
cluster of a shown specialty is bounded with the equations among that
specialty's clusters, which is exact: the specialty's published counts fix
its part of every equation that reaches beyond it. A cell is
pinned when the two agree, zeros included; a pin that a shown figure of a
larger unit states for everyone (the specialty's count is 0, or all its
respondents) is reported apart, as it discloses nothing of the cluster;
such a cell needs no solve (0, or all of the cluster's respondents). A
hidden specialty is bounded with the nation's equations less the specialties
whose every column is published (their part of each equation is known), which
is exact in the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["AuditReport", "Pin", "audit_releases"]


@dataclass(frozen=True)
class Pin:
    """A hidden cell the released figures determine."""

    question: str
    specialty: str | None
    cluster: str | None
    column: str
    value: int
    implied_by_margin: bool


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
            lines.append(f"  PINNED {p.question} · {where} · {p.column} = {p.value}")
        lines += [f"  DERIVED FROM HIDDEN {rid}" for rid in self.derived_from_hidden]
        margin = sum(p.implied_by_margin for p in self.pins)
        if margin:
            lines.append(f"  ({margin} cells stated for everyone by a shown figure of a larger unit: not disclosures)")
        lines.append("  OK: no hidden cell is determined" if self.ok else "  LEAK: the releases must not be published")
        return "\n".join(lines)


class _Question:
    """The equations of one question over every cluster's unknown counts."""

    def __init__(self, meta: Mapping[str, Any], leaves: Sequence[tuple[str, str]]) -> None:
        self.labels = [c["label"] for c in meta["categories"]]
        self.substantive = np.array([c["substantive"] for c in meta["categories"]] + [False])
        self.groups = {name: [self.labels.index(x) for x in g["categories"]] for name, g in meta["groups"].items()}
        self.k = len(self.labels) + 1
        self.leaves = list(leaves)
        self.leaf_index = {leaf: i for i, leaf in enumerate(self.leaves)}
        self.rows: list[np.ndarray] = []  # each: variable indices
        self.values: list[int] = []

    def unit_leaves(self, specialty: str | None, cluster: str | None) -> list[int]:
        if specialty is None:
            return list(range(len(self.leaves)))
        if cluster is None:
            return [i for i, (s, _) in enumerate(self.leaves) if s == specialty]
        index = self.leaf_index.get((specialty, cluster))
        return [] if index is None else [index]

    def variables(self, leaves: Iterable[int], columns: Iterable[int]) -> np.ndarray:
        cols = list(columns)
        return np.array([leaf * self.k + c for leaf in leaves for c in cols], dtype=np.int64)

    def equation(self, leaves: list[int], columns: Iterable[int], value: int) -> None:
        self.rows.append(self.variables(leaves, columns))
        self.values.append(int(value))

    def columns_of(self, measure: str, kind: str) -> list[int]:
        if kind == "blank":
            return [self.k - 1]
        if kind == "category":
            return [self.labels.index(measure.removeprefix("category:"))]
        return self.groups[measure]


def _equations_of(question: _Question, records: Sequence[tuple[bool, Mapping[str, Any]]]) -> None:
    """Add the equations of a question's shown counts and bases; ``records`` pairs each with its release's
    ``ved_ikke == "exclude"``."""
    answers = list(range(question.k - 1))
    scale = [i for i in answers if question.substantive[i]]
    for exclude, r in records:
        if r["status"] != "shown" or r["kind"] not in ("category", "blank", "group"):
            continue
        leaves = question.unit_leaves(r["specialty"], r["cluster"])
        columns = question.columns_of(r["measure"], r["kind"])
        if r["count"] is not None:
            question.equation(
                leaves,
                [c for c in columns if not (exclude and r["kind"] == "group") or question.substantive[c]],
                r["count"],
            )
        if r["base"] is not None and r["kind"] != "blank":
            base_columns = scale if (exclude and r["kind"] == "group") else answers
            question.equation(leaves, base_columns, r["base"])


def _parent(unit: tuple[str | None, str | None], hidden: set[tuple[str | None, str | None]]) -> tuple[str | None, None]:
    """The unit whose equations bound a hidden unit: its specialty when that is shown, else the nation."""
    return (unit[0], None) if unit[1] is not None and (unit[0], None) not in hidden else (None, None)


def _system(
    q: _Question,
    records: Sequence[tuple[bool, Mapping[str, Any]]],
    respondents: Mapping[tuple[str | None, str | None], int],
) -> tuple[Any, np.ndarray, np.ndarray]:
    """The question's equations: incidence matrix, values, and each unknown's upper bound (its cluster's size)."""
    for leaf in q.leaves:
        q.equation(q.unit_leaves(*leaf), range(q.k), respondents[leaf])
    _equations_of(q, records)
    matrix = _incidence(q.rows, len(q.leaves) * q.k)
    upper = np.repeat([respondents[leaf] for leaf in q.leaves], q.k).astype(float)
    return matrix, np.array(q.values, dtype=float), upper


def _component(
    q: _Question,
    matrix: Any,
    values: np.ndarray,
    upper: np.ndarray,
    specialty: str | None,
    totals: Mapping[str, Mapping[int, int]],
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The equations within a shown specialty's clusters (exact: its published totals fix its part of the
    others), or for the nation those of the specialties whose totals are not all published (see
    :func:`_national_component`)."""
    n_vars = len(upper)
    if specialty is None:
        return _national_component(q, values, upper, totals)
    columns = q.variables(q.unit_leaves(specialty, None), range(q.k))
    inside = np.zeros(n_vars, dtype=bool)
    inside[columns] = True
    rows = np.flatnonzero(np.array([inside[r].all() for r in q.rows]))
    return matrix[rows][:, columns], values[rows], upper[columns], columns


def _national_component(
    q: _Question, values: np.ndarray, upper: np.ndarray, totals: Mapping[str, Mapping[int, int]]
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The nation's equations over the specialties not fixed by their own published totals (exact).

    A specialty whose count in every column (each category and the blanks) is
    published has a known part in every equation that covers whole columns of
    it: the equation keeps the other specialties' unknowns, less that part.
    Any table of the others that meets the reduced equations, joined with the
    specialty's true table, meets every equation, and the converse holds, so
    the bounds on the others' cells are those of the whole system. A
    specialty is fixed only while every equation that reaches it covers whole
    columns of it; otherwise it stays in.
    """
    specialty_of = np.array([s for s, _ in q.leaves], dtype=object)
    leaves_of = Counter(specialty_of.tolist())
    fixed = {s for s, by_column in totals.items() if all(c in by_column for c in range(q.k))}
    while True:
        rows: list[np.ndarray] = []
        reduced: list[int] = []
        broken: set[str] = set()
        leaf_fixed = np.isin(specialty_of, list(fixed)) if fixed else np.zeros(len(specialty_of), dtype=bool)
        for row, value in zip(q.rows, values.tolist(), strict=True):
            leaf, column = row // q.k, row % q.k
            specialties = specialty_of[leaf]
            known = leaf_fixed[leaf]
            if known.all():
                continue  # an equation of fixed specialties alone: met by their true tables
            part = 0
            for s in set(specialties[known].tolist()):
                mine = specialties == s
                cols = set(column[mine].tolist())
                whole = leaves_of[s] * len(cols)
                if (
                    whole != int(mine.sum())
                    or len(set(zip(leaf[mine].tolist(), column[mine].tolist(), strict=True))) != whole
                ):
                    broken.add(s)
                    continue
                part += sum(totals[s][c] for c in cols)
            rows.append(row[~known])
            reduced.append(int(value) - part)
        if not broken:
            break
        fixed -= broken
    keep = np.flatnonzero(~np.isin(specialty_of, list(fixed))) if fixed else np.arange(len(q.leaves))
    columns = q.variables(keep.tolist(), range(q.k))
    position = np.full(len(upper), -1)
    position[columns] = np.arange(len(columns))
    matrix = _incidence([position[r] for r in rows], len(columns))
    return matrix, np.array(reduced, dtype=float), upper[columns], columns


def _incidence(rows: Sequence[np.ndarray], n_columns: int) -> Any:
    """The 0/1 matrix (CSR) of equations that each sum the variables listed in their row."""
    from scipy.sparse import coo_array

    data = np.ones(sum(len(r) for r in rows))
    index = np.concatenate([np.full(len(r), i) for i, r in enumerate(rows)])
    return coo_array((data, (index, np.concatenate(rows))), shape=(len(rows), n_columns)).tocsr()


_SIGNS = np.array([1, -1, -1, 1])  # a swap: +1, −1 in two columns of one leaf, −1, +1 in the same two of another
_BAND = 8  # each leaf swaps with the next few (sorted, so mostly its specialty's): moves grow linearly, not squared


def _swaps(matrix: Any, position: Mapping[int, int], k: int, leaves: Sequence[int]) -> np.ndarray:
    """Swaps that keep every equation, as the positions (``position`` of each variable) of the four cells each changes.

    Among the given leaves (the hidden units' clusters), each with the next
    :data:`_BAND` of them. Added to an integer solution within the bounds, a
    swap gives another solution: the matrix times the move is exactly zero.
    """
    from scipy.sparse import coo_array

    ours = sorted({leaf for leaf in leaves if all(leaf * k + c in position for c in range(k))})
    quads = [
        (position[a * k + i], position[a * k + j], position[b * k + i], position[b * k + j])
        for x, a in enumerate(ours)
        for b in ours[x + 1 : x + 1 + _BAND]
        for i in range(k)
        for j in range(i + 1, k)
    ]
    if not quads:
        return np.zeros((0, 4), dtype=np.int64)
    cells = np.array(quads, dtype=np.int64)
    n = len(cells)
    moves = coo_array((np.tile(_SIGNS, n), (np.repeat(np.arange(n), 4), cells.ravel())), shape=(n, len(position)))
    keeps = np.asarray(abs(matrix @ moves.tocsr().T).sum(axis=0)).ravel() == 0
    kept: np.ndarray = cells[keeps]
    return kept


class _Tables:
    """The integer solutions of one system met so far, and which swaps (see :func:`_swaps`) each allows.

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
        forwards, backwards = cells + _SIGNS, cells - _SIGNS
        self.solutions.append(x)
        self.allowed.append(
            (
                ((forwards >= 0) & (forwards <= self.upper)).all(axis=1),
                ((backwards >= 0) & (backwards <= self.upper)).all(axis=1),
            )
        )

    def counts(self, objective: np.ndarray) -> set[int]:
        """The cell's count (``objective`` marks its variables) in each table met and each a swap away."""
        step = objective[self.swaps] @ _SIGNS if len(self.swaps) else np.zeros(0)
        counts: set[int] = set()
        for x, (forwards, backwards) in zip(self.solutions, self.allowed, strict=True):
            here = round(float(objective @ x))
            counts.add(here)
            counts.update({here + round(d) for d in np.unique(step[forwards]).tolist()})
            counts.update({here - round(d) for d in np.unique(step[backwards]).tolist()})
        return counts


def _solve(
    c: np.ndarray,
    matrix: Any,
    values: np.ndarray,
    upper: np.ndarray,
    found: _Tables | None = None,
) -> float | None:
    """The integer minimum of ``c @ x`` (None when infeasible); the solution is added to ``found``."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    # HiGHS in scipy 1.11 takes only 32-bit sparse indices ("Buffer dtype mismatch, expected 'int' but got 'long'");
    # milp makes a CSC matrix of the constraints anyway, so this costs nothing on later scipy.
    matrix = csc_array(matrix)
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    matrix.indptr = matrix.indptr.astype(np.int32, copy=False)
    result = milp(
        c,
        constraints=LinearConstraint(matrix, values, values),
        integrality=np.ones(len(c), dtype=np.int64),
        bounds=Bounds(np.zeros(len(c)), upper),
    )
    if result.status != 0:
        return None
    if found is not None:
        found.add(np.round(result.x))
    return float(result.fun)


def audit_releases(releases: Sequence[Mapping[str, Any]]) -> AuditReport:
    """Bound every hidden cell of the union of the releases; see the module docstring.

    Parameters
    ----------
    releases
        Releases as data (``Release.to_dict()`` or :func:`klyngestat.release.load_release`).

    Returns
    -------
    AuditReport
        ``ok`` when no protected hidden cell is pinned and no derived figure uses a hidden record.
    """
    if not releases:
        raise ValueError("the audit needs at least one release")
    min_n = min(int(r["provenance"]["options"]["min_n"]) for r in releases)
    meta: dict[str, Any] = {}
    for release in releases:
        meta.update(release["questions"])
    respondents: dict[tuple[str | None, str | None], int] = {}
    hidden_ids: set[str] = set()
    derived_from_hidden: list[str] = []
    for release in releases:
        for r in release["records"]:
            if r["kind"] == "response" and r["status"] == "shown":
                respondents[(r["specialty"], r["cluster"])] = int(r["count"])
            if r["status"] == "hidden":
                hidden_ids.add(r["id"])
    for release in releases:
        for r in release["records"]:
            if r["status"] == "shown" and any(i in hidden_ids for i in r.get("inputs", ())):
                derived_from_hidden.append(r["id"])
    leaves = sorted({(s, c) for (s, c) in respondents if s is not None and c is not None})
    by_question: dict[str, list[tuple[bool, Mapping[str, Any]]]] = {name: [] for name in meta}
    for release in releases:
        exclude = release["provenance"]["options"].get("ved_ikke") == "exclude"
        for r in release["records"]:
            if r["question"] in by_question and r["kind"] in ("category", "group", "blank"):
                by_question[r["question"]].append((exclude, r))
    pins: list[Pin] = []
    hidden_units = protected_units = cells = solves = 0
    for name, question_meta in meta.items():
        q = _Question(question_meta, leaves)
        records = by_question[name]
        shown_units: dict[tuple[str | None, str | None], dict[str, int]] = {}
        totals: dict[str, dict[int, int]] = {}  # a specialty's published count of each single column
        hidden_units_q: set[tuple[str | None, str | None]] = set()
        for _, r in records:
            key = (r["specialty"], r["cluster"])
            if r["status"] == "hidden":
                hidden_units_q.add(key)
            elif r["count"] is not None:
                shown_units.setdefault(key, {})[r["measure"]] = int(r["count"])
                if r["kind"] != "group" and r["specialty"] is not None and r["cluster"] is None:
                    (single,) = q.columns_of(r["measure"], r["kind"])
                    totals.setdefault(r["specialty"], {})[single] = int(r["count"])
        system: tuple[Any, np.ndarray, np.ndarray] | None = None  # built when a hidden unit first needs it
        components: dict[str | None, tuple[Any, np.ndarray, np.ndarray, np.ndarray]] = {}
        # integer solutions met so far, per component: each is a table the released figures allow, for every
        # unit of that component alike, so two that give a cell different counts leave it open
        solutions: dict[str | None, _Tables] = {}
        positions: dict[str | None, dict[int, int]] = {}  # a component's variables: where each is in its system
        for unit in sorted(hidden_units_q, key=lambda u: (u[0] or "", u[1] or "")):
            if unit in shown_units and unit[1] is None:
                continue  # a specialty with some figures shown is only hidden in part: its clusters are checked
            hidden_units += 1
            leaf_ids = q.unit_leaves(*unit)
            size = sum(respondents.get(leaves[i], 0) for i in leaf_ids)
            parent = _parent(unit, hidden_units_q)
            parent_size = respondents.get(parent, 0)
            if size == 0 or size >= parent_size:
                continue
            nonsub = [c for c in range(q.k) if not q.substantive[c]]
            published = totals.get(parent[0], {}) if parent[0] is not None else {}
            if all(c in published for c in nonsub) and size - sum(published[c] for c in nonsub) >= min_n:
                continue  # even all of the specialty's non-substantive answers leave min_n on the scale
            if parent[0] not in components:
                system = system or _system(q, records, respondents)
                components[parent[0]] = _component(q, *system, parent[0], totals)
                beside = [u for u in hidden_units_q if _parent(u, hidden_units_q) == parent]
                matrix, _, upper, variables = components[parent[0]]
                leaves_beside = [leaf for u in beside for leaf in q.unit_leaves(*u)]
                positions[parent[0]] = {v: i for i, v in enumerate(variables.tolist())}
                solutions[parent[0]] = _Tables(_swaps(matrix, positions[parent[0]], q.k, leaves_beside), upper)
            sub_matrix, sub_values, sub_upper, _ = components[parent[0]]
            position = positions[parent[0]]

            def objective_of(
                cols: Sequence[int],
                sign: float,
                leaf_ids: list[int] = leaf_ids,
                position: dict[int, int] = position,
                q: _Question = q,
            ) -> np.ndarray:
                objective = np.zeros(len(position))
                objective[[position[v] for v in q.variables(leaf_ids, cols).tolist()]] = sign
                return objective

            found = solutions[parent[0]]
            most = _solve(objective_of(nonsub, -1.0), sub_matrix, sub_values, sub_upper, found)
            solves += 1
            if most is None:
                raise ValueError(f"{name}: the released figures contradict each other (no solution)")
            if size + most >= min_n:  # most is minus the greatest non-substantive count
                continue
            protected_units += 1
            expressions = {f"category:{label}": [i] for i, label in enumerate(q.labels)}
            expressions.update({g: cols for g, cols in q.groups.items()})
            above = shown_units.get(parent, {})
            for column, cols in expressions.items():
                cells += 1
                margin = above.get(column)
                if margin is not None and (margin == 0 or margin == parent_size):
                    # the larger unit's figure says it of everyone: none of its respondents (each part then has
                    # 0), or all of them (each part then has all of its own); no solve needed, nothing disclosed
                    pins.append(Pin(name, unit[0], unit[1], column, 0 if margin == 0 else size, True))
                    continue
                objective = objective_of(cols, 1.0)
                met = found.counts(objective)
                if len(met) > 1:
                    continue  # two feasible tables give the cell different counts: it is not pinned
                low = _solve(objective, sub_matrix, sub_values, sub_upper, found)
                solves += 1
                if low is not None and len(met | {round(low)}) > 1:
                    continue
                high = _solve(-objective, sub_matrix, sub_values, sub_upper, found)
                solves += 1
                if low is None or high is None:
                    raise ValueError(f"{name}: the released figures contradict each other (no solution)")
                if round(low) == round(-high):
                    pins.append(Pin(name, unit[0], unit[1], column, round(low), False))
    return AuditReport(
        releases=len(releases),
        questions=len(meta),
        hidden_units=hidden_units,
        protected_units=protected_units,
        cells_bounded=cells,
        solves=solves,
        pins=tuple(pins),
        derived_from_hidden=tuple(derived_from_hidden),
    )
