"""The equations of released records, as the audit reads them: one unknown per cluster and count column.

For each question, one unknown per cluster and count column (each answer
category, and the blanks), and one equation per published count: a shown
record of a category, the blanks or a named group, at the nation, a
specialty or a cluster, and its base; each cluster's respondents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "Equations",
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


class Equations:
    """The equations of one question over every cluster's unknown counts."""

    def __init__(self, meta: Mapping[str, Any], leaves: Sequence[tuple[str, str]]) -> None:
        self.labels = [c["label"] for c in meta["categories"]]
        self.substantive = np.array([c["substantive"] for c in meta["categories"]] + [False])
        self.groups = {name: [self.labels.index(x) for x in g["categories"]] for name, g in meta["groups"].items()}
        self.k = len(self.labels) + 1
        self.off_scale = [c for c in range(self.k) if not self.substantive[c]]  # non-substantive, and the blanks
        self.leaves = list(leaves)
        self.leaf_index = {leaf: i for i, leaf in enumerate(self.leaves)}
        self.rows: list[np.ndarray] = []  # each: variable indices
        self.values: list[int] = []

    def unit_leaves(self, specialty: str | None, cluster: str | None) -> list[int]:
        """The clusters (leaves) a unit is made of: all for the nation, a specialty's, or the one cluster."""
        if specialty is None:
            return list(range(len(self.leaves)))
        if cluster is None:
            return [i for i, (s, _) in enumerate(self.leaves) if s == specialty]
        index = self.leaf_index.get((specialty, cluster))
        return [] if index is None else [index]

    def variables(self, leaves: Iterable[int], columns: Iterable[int]) -> np.ndarray:
        """The unknowns of these leaves in these count columns."""
        cols = list(columns)
        return np.array([leaf * self.k + c for leaf in leaves for c in cols], dtype=np.int64)

    def equation(self, leaves: list[int], columns: Iterable[int], value: int) -> None:
        """Add an equation: the leaves' counts in the columns sum to ``value``."""
        self.rows.append(self.variables(leaves, columns))
        self.values.append(int(value))

    def columns_of(self, measure: str, kind: str) -> list[int]:
        """The count columns a record's measure sums (one for a category or the blanks, several for a group)."""
        if kind == "blank":
            return [self.k - 1]
        if kind == "category":
            return [self.labels.index(measure.removeprefix("category:"))]
        return self.groups[measure]


def equations_of(question: Equations, records: Records) -> None:
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


def parent_unit(
    unit: tuple[str | None, str | None], hidden: set[tuple[str | None, str | None]]
) -> tuple[str | None, None]:
    """The unit whose equations bound a hidden unit: its specialty when that is shown, else the nation."""
    return (unit[0], None) if unit[1] is not None and (unit[0], None) not in hidden else (None, None)


def system(
    q: Equations,
    records: Records,
    respondents: Mapping[tuple[str | None, str | None], int],
) -> tuple[Any, np.ndarray, np.ndarray]:
    """The question's equations: incidence matrix, values, and each unknown's upper bound (its cluster's size)."""
    for leaf in q.leaves:
        q.equation(q.unit_leaves(*leaf), range(q.k), respondents[leaf])
    equations_of(q, records)
    matrix = incidence(q.rows, len(q.leaves) * q.k)
    upper = np.repeat([respondents[leaf] for leaf in q.leaves], q.k).astype(float)
    return matrix, np.array(q.values, dtype=float), upper


def incidence(rows: Sequence[np.ndarray], n_columns: int) -> Any:
    """The 0/1 matrix (CSR) of equations that each sum the variables listed in their row."""
    from scipy.sparse import coo_array

    if not rows:  # nothing published sums these variables: they are bounded by their own ranges alone
        return coo_array((np.zeros(0), (np.zeros(0, np.int64), np.zeros(0, np.int64))), shape=(0, n_columns)).tocsr()
    data = np.ones(sum(len(r) for r in rows))
    index = np.concatenate([np.full(len(r), i) for i, r in enumerate(rows)])
    return coo_array((data, (index, np.concatenate(rows))), shape=(len(rows), n_columns)).tocsr()


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
