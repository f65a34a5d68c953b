"""The equations of released records, as the audit reads them: one unknown per cluster and count column.

For each question, one unknown per cluster and count column (each answer
category, and the blanks), and one equation per published count: a shown
record of a category, the blanks or a named group, at the nation, a
specialty or a cluster, and its base; each cluster's respondents.

An equation sums the unknowns of some clusters (a unit's) in some columns. The
equations are kept as two parallel arrays of entries, an equation's number and
an unknown's, in the order they were read (each equation's clusters in order,
each cluster's columns in order), and expanded from (clusters, columns) pairs
all at once: the audit's systems are cut out of these arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "Equations",
    "LeafIndex",
    "Records",
    "Unit",
    "equations_of",
    "incidence",
    "parent_unit",
    "published_counts",
    "records_by_question",
    "respondents_and_derived",
    "system",
]

Unit = tuple[str | None, str | None]
"""A unit of the published table: (specialty, cluster); the nation is (None, None), a specialty (name, None)."""

Records = Sequence[tuple[bool, Mapping[str, Any]]]
"""A question's count records of every release, each with its release's ``ved_ikke == "exclude"``."""

_NO_INDEX = np.zeros(0, dtype=np.int64)


class LeafIndex:
    """The clusters (leaves) of one wave, in order, and the leaves each unit is made of (shared by its questions)."""

    def __init__(self, leaves: Sequence[tuple[str, str]]) -> None:
        self.leaves = list(leaves)
        self.index = {leaf: i for i, leaf in enumerate(self.leaves)}
        self.units: dict[Unit, np.ndarray] = {}

    def of(self, specialty: str | None, cluster: str | None) -> np.ndarray:
        """The leaves of a unit (read-only): all for the nation, a specialty's, or the one cluster."""
        leaves = self.units.get((specialty, cluster))
        if leaves is None:
            if specialty is None:
                leaves = np.arange(len(self.leaves), dtype=np.int64)
            elif cluster is None:
                leaves = np.array([i for i, (s, _) in enumerate(self.leaves) if s == specialty], dtype=np.int64)
            else:
                index = self.index.get((specialty, cluster))
                leaves = _NO_INDEX.copy() if index is None else np.array([index], dtype=np.int64)
            leaves.flags.writeable = False
            self.units[(specialty, cluster)] = leaves
        return leaves


class Equations:
    """The equations of one question over every cluster's unknown counts."""

    def __init__(self, meta: Mapping[str, Any], leaves: LeafIndex) -> None:
        self.labels = [c["label"] for c in meta["categories"]]
        self.substantive = np.array([c["substantive"] for c in meta["categories"]] + [False])
        self.groups = {name: [self.labels.index(x) for x in g["categories"]] for name, g in meta["groups"].items()}
        self.k = len(self.labels) + 1
        self.off_scale = [c for c in range(self.k) if not self.substantive[c]]  # non-substantive, and the blanks
        self.index = leaves
        self.leaves = leaves.leaves
        self.n_rows = 0  # the equations, once read by :func:`system`: how many, and their entries
        self.entry_rows = _NO_INDEX
        self.entry_variables = _NO_INDEX

    def unit_leaves(self, specialty: str | None, cluster: str | None) -> np.ndarray:
        """The clusters (leaves) a unit is made of: all for the nation, a specialty's, or the one cluster."""
        return self.index.of(specialty, cluster)

    def variables(self, leaves: Iterable[int], columns: Iterable[int]) -> np.ndarray:
        """The unknowns of these leaves in these count columns (each leaf's columns in turn)."""
        rows = np.asarray(leaves if isinstance(leaves, np.ndarray) else list(leaves), dtype=np.int64)
        cols = np.asarray(list(columns), dtype=np.int64)
        return (rows[:, None] * self.k + cols[None, :]).ravel()

    def columns_of(self, measure: str, kind: str) -> list[int]:
        """The count columns a record's measure sums (one for a category or the blanks, several for a group)."""
        if kind == "blank":
            return [self.k - 1]
        if kind == "category":
            return [self.labels.index(measure.removeprefix("category:"))]
        return self.groups[measure]


def equations_of(question: Equations, records: Records) -> tuple[list[np.ndarray], list[np.ndarray], list[int]]:
    """The equations of a question's shown counts and bases, as each one's leaves, columns and value; ``records``
    pairs each record with its release's ``ved_ikke == "exclude"``."""
    answers = np.arange(question.k - 1, dtype=np.int64)
    scale = answers[question.substantive[:-1]]
    columns: dict[tuple[str, str, bool], np.ndarray] = {}
    eq_leaves: list[np.ndarray] = []
    eq_columns: list[np.ndarray] = []
    values: list[int] = []
    for exclude, r in records:
        kind = r["kind"]
        if r["status"] != "shown" or kind not in ("category", "blank", "group"):
            continue
        leaves = question.unit_leaves(r["specialty"], r["cluster"])
        grouped = exclude and kind == "group"  # a group's count and base leave "Ved ikke" out
        key = (r["measure"], kind, grouped)
        if key not in columns:
            own = question.columns_of(r["measure"], kind)
            columns[key] = np.array([c for c in own if not grouped or question.substantive[c]], dtype=np.int64)
        if r["count"] is not None:
            eq_leaves.append(leaves)
            eq_columns.append(columns[key])
            values.append(int(r["count"]))
        if r["base"] is not None and kind != "blank":
            eq_leaves.append(leaves)
            eq_columns.append(scale if grouped else answers)
            values.append(int(r["base"]))
    return eq_leaves, eq_columns, values


def _entries(k: int, eq_leaves: Sequence[np.ndarray], eq_columns: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Every equation's entries at once: its number and each unknown (its leaves in order, each leaf's columns)."""
    n = len(eq_leaves)
    if n == 0:
        return _NO_INDEX, _NO_INDEX
    n_leaves = np.fromiter(map(len, eq_leaves), dtype=np.int64, count=n)
    n_columns = np.fromiter(map(len, eq_columns), dtype=np.int64, count=n)
    sizes = n_leaves * n_columns
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    within = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    width = n_columns[rows]
    leaf_start = (np.cumsum(n_leaves) - n_leaves)[rows]
    column_start = (np.cumsum(n_columns) - n_columns)[rows]
    leaves = np.concatenate(eq_leaves)[leaf_start + within // np.maximum(width, 1)]
    columns = np.concatenate(eq_columns)[column_start + within % np.maximum(width, 1)]
    return rows, leaves * k + columns


def parent_unit(
    unit: tuple[str | None, str | None], hidden: set[tuple[str | None, str | None]]
) -> tuple[str | None, None]:
    """The unit whose equations bound a hidden unit: its specialty when that is shown, else the nation."""
    return (unit[0], None) if unit[1] is not None and (unit[0], None) not in hidden else (None, None)


def system(
    q: Equations,
    records: Records,
    respondents: Mapping[tuple[str | None, str | None], int],
) -> tuple[np.ndarray, np.ndarray]:
    """Read the question's equations into ``q`` (each cluster's respondents first, then the records in order);
    return their values and each unknown's upper bound (its cluster's size)."""
    sizes = [respondents[leaf] for leaf in q.leaves]
    eq_leaves, eq_columns, values = equations_of(q, records)
    all_columns = np.arange(q.k, dtype=np.int64)
    own = [q.unit_leaves(*leaf) for leaf in q.leaves]
    q.entry_rows, q.entry_variables = _entries(q.k, own + eq_leaves, [all_columns] * len(own) + eq_columns)
    q.n_rows = len(own) + len(eq_leaves)
    upper = np.repeat(np.array(sizes, dtype=np.int64), q.k).astype(float)
    return np.array(sizes + values, dtype=float), upper


def incidence(rows: np.ndarray, variables: np.ndarray, shape: tuple[int, int]) -> Any:
    """The 0/1 matrix (CSC: sorted, duplicates summed, 32-bit indices as HiGHS takes them) of equations that each
    sum the variables of their entries (``rows[i]`` sums ``variables[i]``)."""
    from scipy.sparse import coo_array

    matrix = coo_array((np.ones(len(rows)), (rows, variables)), shape=shape).tocsc()
    matrix.sum_duplicates()
    # HiGHS in scipy 1.11 takes only 32-bit sparse indices ("Buffer dtype mismatch, expected 'int' but got 'long'")
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    matrix.indptr = matrix.indptr.astype(np.int32, copy=False)
    return matrix


def records_by_question(
    releases: Sequence[Mapping[str, Any]], questions: Iterable[str]
) -> dict[str, list[tuple[bool, Mapping[str, Any]]]]:
    """Each question's count records of every release, each paired with its release's ``ved_ikke == "exclude"``.

    Parameters
    ----------
    releases
        Releases as data.
    questions
        The questions of the releases.
    """
    by_question: dict[str, list[tuple[bool, Mapping[str, Any]]]] = {name: [] for name in questions}
    for release in releases:
        exclude = release["provenance"]["options"].get("ved_ikke") == "exclude"
        for r in release["records"]:
            if r["question"] in by_question and r["kind"] in ("category", "group", "blank"):
                by_question[r["question"]].append((exclude, r))
    return by_question


def respondents_and_derived(releases: Sequence[Mapping[str, Any]]) -> tuple[dict[Unit, int], list[str]]:
    """Each unit's published respondents, and the shown figures computed from a hidden record (ids).

    Parameters
    ----------
    releases
        Releases as data.
    """
    respondents: dict[Unit, int] = {}
    derived_from_hidden: list[str] = []
    for release in releases:
        # a derived figure's inputs are records of its own release (releases of one wave with other options
        # share ids, e.g. a cluster shown at one min_n and hidden at another: each figure has its own value)
        hidden_ids = {r["id"] for r in release["records"] if r["status"] == "hidden"}
        for r in release["records"]:
            if r["kind"] == "response" and r["status"] == "shown":
                respondents[(r["specialty"], r["cluster"])] = int(r["count"])
            if r["status"] == "shown" and any(i in hidden_ids for i in r.get("inputs", ())):
                derived_from_hidden.append(r["id"])
    return respondents, derived_from_hidden


def published_counts(
    q: Equations, records: Records
) -> tuple[dict[Unit, dict[str, int]], dict[str, dict[int, int]], set[Unit]]:
    """A question's shown counts by unit and measure, each specialty's published count of each single column,
    and the units with a hidden record.

    Parameters
    ----------
    q
        The question's equations (for its columns).
    records
        The question's records of every release.
    """
    shown_units: dict[Unit, dict[str, int]] = {}
    totals: dict[str, dict[int, int]] = {}  # a specialty's published count of each single column
    hidden: set[Unit] = set()
    for _, r in records:
        key = (r["specialty"], r["cluster"])
        if r["status"] == "hidden":
            hidden.add(key)
        elif r["count"] is not None:
            shown_units.setdefault(key, {})[r["measure"]] = int(r["count"])
            if r["kind"] != "group" and r["specialty"] is not None and r["cluster"] is None:
                (single,) = q.columns_of(r["measure"], r["kind"])
                totals.setdefault(r["specialty"], {})[single] = int(r["count"])
    return shown_units, totals, hidden
