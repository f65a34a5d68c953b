"""The audit's equations and systems, built from index arrays: hand-made questions with every row written out.

One question with answers A and B (on the scale) and "Ved ikke", so four
count columns (A, B, Ved ikke, blank). Three clusters: a and b of specialty
S1, c of S2. Unknown ``leaf * 4 + column``: a = 0–3, b = 4–7, c = 8–11.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from klyngestat.release._audit_equations import Equations, LeafIndex, system
from klyngestat.release._audit_systems import national_system, specialty_system
from klyngestat.release._audit_tables import swaps

META = {
    "categories": [
        {"label": "A", "substantive": True},
        {"label": "B", "substantive": True},
        {"label": "Ved ikke", "substantive": False},
    ],
    "groups": {"top": {"categories": ["A", "B"]}},
}
LEAVES = [("S1", "a"), ("S1", "b"), ("S2", "c")]
RESPONDENTS = {("S1", "a"): 3, ("S1", "b"): 2, ("S2", "c"): 4, ("S1", None): 5, ("S2", None): 4, (None, None): 9}


def _record(kind: str, measure: str, specialty: str | None, cluster: str | None, count: int, base: int | None):
    return {
        "status": "shown",
        "kind": kind,
        "measure": measure,
        "specialty": specialty,
        "cluster": cluster,
        "count": count,
        "base": base,
    }


RECORDS: list[tuple[bool, dict[str, Any]]] = [
    (False, _record("category", "category:A", "S1", "a", 2, 3)),
    (False, {**_record("category", "category:B", "S1", "b", 1, 2), "status": "hidden"}),  # not an equation
    (False, _record("category", "category:A", "S1", None, 3, 5)),
    (False, _record("blank", "blank", None, None, 1, None)),  # the blanks have no base of their own
    (True, _record("group", "top", "S2", None, 3, 3)),  # "Ved ikke" out of the base: the group's columns on the scale
]
# By hand, one row per equation: each cluster's respondents, then the records in order (count, then base).
ROWS = [
    ([0, 1, 2, 3], 3),  # a's respondents
    ([4, 5, 6, 7], 2),  # b's
    ([8, 9, 10, 11], 4),  # c's
    ([0], 2),  # A at a
    ([0, 1, 2], 3),  # a's base: A, B and Ved ikke
    ([0, 4], 3),  # A at S1
    ([0, 1, 2, 4, 5, 6], 5),  # S1's base
    ([3, 7, 11], 1),  # the nation's blanks
    ([8, 9], 3),  # top at S2 (A and B)
    ([8, 9], 3),  # its base without "Ved ikke": A and B
]


def _question() -> tuple[Equations, np.ndarray, np.ndarray]:
    q = Equations(META, LeafIndex(LEAVES))
    values, upper = system(q, RECORDS, RESPONDENTS)
    return q, values, upper


def _dense(rows: list[tuple[list[int], int]], columns: list[int]) -> np.ndarray:
    out = np.zeros((len(rows), len(columns)))
    for i, (variables, _) in enumerate(rows):
        out[i, [columns.index(v) for v in variables]] = 1
    return out


def test_each_shown_count_and_base_is_one_equation_over_its_units_cells() -> None:
    q, values, upper = _question()
    matrix = np.zeros((q.n_rows, 12))
    np.add.at(matrix, (q.entry_rows, q.entry_variables), 1)
    assert matrix.tolist() == _dense(ROWS, list(range(12))).tolist()
    assert values.tolist() == [v for _, v in ROWS]
    assert upper.tolist() == [3] * 4 + [2] * 4 + [4] * 4  # each cell at most its cluster's respondents


def test_a_specialtys_system_is_the_equations_among_its_own_clusters() -> None:
    q, values, upper = _question()
    matrix, kept_values, kept_upper, columns = specialty_system(q, values, upper, "S1")
    within = [ROWS[i] for i in (0, 1, 3, 4, 5, 6)]  # the rows with no unknown of c
    assert columns.tolist() == list(range(8))
    assert matrix.toarray().tolist() == _dense(within, list(range(8))).tolist()
    assert kept_values.tolist() == [v for _, v in within]
    assert kept_upper.tolist() == [3] * 4 + [2] * 4


def test_a_specialty_whose_every_column_is_published_is_taken_out_of_the_nations_equations() -> None:
    q, values, upper = _question()
    totals = {"S2": {0: 1, 1: 2, 2: 0, 3: 1}}  # S2's count in each column: A, B, Ved ikke, blank
    matrix, reduced, kept_upper, columns = national_system(q, values, upper, totals)
    # c's rows (2, 8, 9) hold only S2's unknowns: dropped. The blanks' row keeps a and b, less S2's blanks:
    # 1 - 1 = 0. The others have no unknown of S2 and stay as they are.
    expected = [ROWS[i] for i in (0, 1, 3, 4, 5, 6)] + [([3, 7], 0)]
    assert columns.tolist() == list(range(8))
    assert matrix.toarray().tolist() == _dense(expected, list(range(8))).tolist()
    assert reduced.tolist() == [v for _, v in expected]
    assert kept_upper.tolist() == [3] * 4 + [2] * 4


def test_a_specialty_summed_in_part_by_an_equation_stays_in_the_nations_equations() -> None:
    # S2 gets a second cluster d (unknowns 12–15). Equations written by hand (no release states them, but the
    # audit must not take S2 out if one did): d's respondents, and the blanks of a, b and c but not d. The
    # second covers one of S2's two clusters, so S2's part in it is not a published total: S2 stays in, and
    # every equation with an unknown stays as it is (d's alone too: S2 is no longer known).
    q = Equations(META, LeafIndex([*LEAVES, ("S2", "d")]))
    q.entry_rows = np.array([0, 0, 0, 0, 1, 1, 1])
    q.entry_variables = np.array([12, 13, 14, 15, 3, 7, 11])
    q.n_rows = 2
    values, upper = np.array([1.0, 1.0]), np.ones(16)
    totals = {"S2": {0: 1, 1: 2, 2: 0, 3: 2}}
    matrix, reduced, _, columns = national_system(q, values, upper, totals)
    assert columns.tolist() == list(range(16))
    assert matrix.toarray().tolist() == _dense([([12, 13, 14, 15], 1), ([3, 7, 11], 1)], list(range(16))).tolist()
    assert reduced.tolist() == [1.0, 1.0]


def test_each_cluster_swaps_with_the_next_eight_only() -> None:
    # Ten clusters of two columns and no equation: every swap keeps the (no) equations. Cluster x pairs with
    # x + 1 … x + 8 (fewer near the end): 8 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1 = 44 pairs of one column pair each.
    from scipy.sparse import csr_array

    position = {v: v for v in range(20)}
    found = swaps(csr_array((0, 20)), position, 2, range(10))
    assert len(found) == 44
    # in order: cluster 0 with 1, 2, …; cells a0, a1, b0, b1
    assert found[:2].tolist() == [[0, 1, 2, 3], [0, 1, 4, 5]]
    assert found[-1].tolist() == [16, 17, 18, 19]  # 8 with 9
