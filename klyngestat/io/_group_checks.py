"""Checks of the specialties and clusters as groups: against the roster, or, without one, groups of one row.

Group sizes come from the rows' codes (``bincount`` and ``unique``), never
from a Python loop over rows; names are compared only for the few groups
that need a message.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from klyngestat.io._columns import Names
from klyngestat.models.problems import Problem, ProblemCode

if TYPE_CHECKING:
    from klyngestat.models.roster import Roster

__all__ = ["check_roster", "check_single_rows"]


def check_roster(
    specialty: Names, cluster: Names, respondent: np.ndarray, roster: Roster, src: str, file_rows: np.ndarray
) -> list[Problem]:
    """Clusters the roster lacks or lists without rows, more respondents than members, and invited counts.

    Pairs of specialty and cluster are taken in the order of the codes
    (specialties in the roster's order), rows with a blank name left out.
    """
    problems: list[Problem] = []
    pairs = _Pairs(specialty, cluster, respondent)
    known = {(c.specialty, c.cluster): c.members for c in roster.clusters}
    for (name, cluster_name), first, count, answered in pairs:
        if (name, cluster_name) not in known:
            problems.append(
                Problem(
                    "error",
                    "unknown_cluster",
                    f"{count} row(s) name a cluster the roster does not list for {name!r}",
                    file=src,
                    row=int(file_rows[first]),
                    column="cluster",
                    value=str(cluster_name),
                    expected="one of " + ", ".join(c.cluster for c in roster.clusters_of(name)),
                )
            )
            continue
        members = known[(name, cluster_name)]
        if answered > members:
            problems.append(
                Problem(
                    "error",
                    "more_respondents_than_members",
                    f"{name} / {cluster_name}: {answered} respondents but the roster lists {_members(members)}",
                    file=src,
                    column="cluster",
                    value=str(cluster_name),
                    expected=f"at most {members} respondents",
                )
            )
    return problems + _roster_notes(specialty, pairs, known, roster, src)


def _roster_notes(
    specialty: Names, pairs: _Pairs, known: dict[tuple[str, str], int], roster: Roster, src: str
) -> list[Problem]:
    """Roster clusters without rows, and specialties whose clusters list another number than were invited."""
    problems: list[Problem] = []
    present = {specialty.names[i] for i in np.unique(specialty.codes[specialty.codes >= 0])}
    for (name, cluster_name), members in known.items():
        if (name, cluster_name) not in pairs.invited and name in present:
            problems.append(
                Problem(
                    "warning",
                    "cluster_without_invited",
                    f"the roster lists {name} / {cluster_name} ({_members(members)}) but no one "
                    "in the data belongs to it",
                    file=src,
                    column="cluster",
                    value=cluster_name,
                )
            )
    for name in specialty.names:
        members_total = roster.members(name)
        invited_total = pairs.invited_in.get(name, 0)
        if members_total is not None and members_total != invited_total:
            problems.append(
                Problem(
                    "info",
                    "invited_differs_from_members",
                    f"{name}: the clusters list {members_total} members, {invited_total} were "
                    "invited; response rates use the invited count, cluster sizes the roster",
                    file=src,
                    column="specialty",
                    value=name,
                )
            )
    return problems


class _Pairs:
    """The pairs of specialty and cluster that rows name: each one's first row, rows and respondents, in code order."""

    def __init__(self, specialty: Names, cluster: Names, respondent: np.ndarray) -> None:
        s_codes = specialty.codes.astype(np.int64)
        c_codes = cluster.codes.astype(np.int64)
        width = max(len(cluster.names), 1)
        valid = np.flatnonzero((s_codes >= 0) & (c_codes >= 0))
        keys = s_codes[valid] * width + c_codes[valid]
        unique, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
        answered = np.bincount(inverse[respondent[valid]], minlength=len(unique))
        names = [(specialty.names[k // width], cluster.names[k % width]) for k in unique.tolist()]
        self.rows = list(zip(names, valid[first].tolist(), counts.tolist(), answered.tolist(), strict=True))
        self.invited = dict(zip(names, counts.tolist(), strict=True))
        self.invited_in: dict[str, int] = {}
        for (name, _), count in self.invited.items():
            self.invited_in[name] = self.invited_in.get(name, 0) + count

    def __iter__(self) -> Iterator[tuple[tuple[str, str], int, int, int]]:
        return iter(self.rows)


def check_single_rows(specialty: Names, cluster: Names, src: str, file_rows: np.ndarray) -> list[Problem]:
    """Without a roster, a specialty or cluster named by one row only: most often a typo, so say so and guess.

    Group sizes come from the codes in one pass; names are compared only for
    the few groups of one row. A column where most names are of one row is
    not a column of typos but the wrong column (ids, e-mail addresses): it
    gets one warning, which repeats none of its values.
    """
    s_codes = specialty.codes.astype(np.int64)
    s_names = list(specialty.names)
    # One spare bin, so that rows without a name (code -1, read from bin 0) index something when no row has one.
    s_sizes = np.bincount(s_codes[s_codes >= 0], minlength=len(s_names) + 1)
    lone_specialty = (s_codes >= 0) & (s_sizes[np.maximum(s_codes, 0)] == 1)
    lone = np.flatnonzero(lone_specialty)
    if _mostly_single(len(lone), int(np.count_nonzero(s_sizes))):
        return [_mostly_single_rows("specialty", len(lone), int(np.count_nonzero(s_sizes)), src, file_rows[lone])]
    problems = [
        _single_row(s_names[s_codes[pos]], "specialty", "single_row_specialty", s_names, src, int(file_rows[pos]))
        for pos in lone
    ]
    return problems + _single_row_clusters(specialty, cluster, lone_specialty, src, file_rows)


def _single_row_clusters(
    specialty: Names, cluster: Names, lone_specialty: np.ndarray, src: str, file_rows: np.ndarray
) -> list[Problem]:
    """A cluster is one within its specialty; a row whose specialty is already of one row has had its warning."""
    s_codes = specialty.codes.astype(np.int64)
    c_codes = cluster.codes.astype(np.int64)
    c_names = list(cluster.names)
    width = max(len(c_names), 1)
    valid = (s_codes >= 0) & (c_codes >= 0)
    keys = s_codes * width + c_codes
    if len(specialty.names) * width <= 4 * len(s_codes) + 1024:
        counts = np.bincount(keys[valid], minlength=len(specialty.names) * width + 1)
        sizes = counts[np.where(valid, keys, 0)]
        present = np.flatnonzero(counts).tolist()
    else:  # many distinct names: count the keys that occur, not every pair of names
        unique, inverse, counts = np.unique(keys[valid], return_inverse=True, return_counts=True)
        sizes = np.zeros(len(s_codes), dtype=np.int64)
        sizes[valid] = counts[inverse]
        present = unique.tolist()
    lone = np.flatnonzero(valid & (sizes == 1) & ~lone_specialty)
    if not len(lone):
        return []
    if _mostly_single(len(lone), len(present)):
        return [_mostly_single_rows("cluster", len(lone), len(present), src, file_rows[lone])]
    clusters_of: dict[int, list[str]] = {}
    for key in present:
        clusters_of.setdefault(key // width, []).append(c_names[key % width])
    return [
        _single_row(
            c_names[c_codes[pos]],
            "cluster",
            "single_row_cluster",
            clusters_of[int(s_codes[pos])],
            src,
            int(file_rows[pos]),
            within=specialty.names[s_codes[pos]],
        )
        for pos in lone
    ]


def _mostly_single(lone: int, groups: int) -> bool:
    return lone > 3 and 2 * lone > groups


def _mostly_single_rows(column: str, lone: int, groups: int, src: str, rows: np.ndarray) -> Problem:
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    return Problem(
        "warning",
        "single_row_cluster" if column == "cluster" else "single_row_specialty",
        f"{lone} of the {groups} {column} names are each named by one row only (row {shown}); does the column "
        f"hold the {column}? (the values are not repeated here)",
        file=src,
        row=int(rows[0]),
        column=column,
        expected=f"the {column}'s name, the same in every row of the {column}",
    )


def _single_row(
    name: str,
    column: str,
    code: ProblemCode,
    names: list[str],
    src: str,
    row: int,
    *,
    within: str | None = None,
) -> Problem:
    """The warning for a group of one row, with the nearest other name (case and spaces ignored) as a guess."""

    def key(text: str) -> str:
        return "".join(text.split()).casefold()

    others: dict[str, str] = {}
    for other in names:
        if other != name:
            others.setdefault(key(other), other)
    nearest = difflib.get_close_matches(key(name), list(others), n=1)
    where = f" in {within}" if within else ""
    return Problem(
        "warning",
        code,
        f"only this row names the {column} {name!r}{where}, so it makes a {column} of one invited person; "
        "without a roster the name cannot be checked",
        file=src,
        row=row,
        column=column,
        value=name,
        expected=f"did you mean {others[nearest[0]]!r}?"
        if nearest
        else f"a {column} shared by more rows, or a roster that lists it (no similar name in the data)",
    )


def _members(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"
