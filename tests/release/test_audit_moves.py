"""The audit's swaps between integer solutions: hand-made systems of two hidden clusters.

Two clusters a and b, three columns each (variables a0 a1 a2 b0 b1 b2). A
swap adds 1 to one column of a and takes 1 from another, and the reverse in
b; it keeps every cluster total and every column total over both clusters.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array

from klyngestat.release._audit_tables import Tables as _Tables
from klyngestat.release._audit_tables import swaps as _swaps

ROWS_AND_COLUMNS = [
    [1, 1, 1, 0, 0, 0],  # a's respondents
    [0, 0, 0, 1, 1, 1],  # b's respondents
    [1, 0, 0, 1, 0, 0],  # column 0 over both
    [0, 1, 0, 0, 1, 0],  # column 1 over both
    [0, 0, 1, 0, 0, 1],  # column 2 over both
]
POSITION = {v: v for v in range(6)}  # each variable at its own place in the system
X = np.array([2.0, 1.0, 0.0, 1.0, 1.0, 3.0])  # a = (2, 1, 0), b = (1, 1, 3)
UPPER = np.array([3.0] * 3 + [5.0] * 3)  # a has 3 respondents, b 5


def _matrix(rows: list[list[int]]) -> csr_array:
    return csr_array(np.array(rows, dtype=float))


def _cell(*variables: int) -> np.ndarray:
    objective = np.zeros(6)
    objective[list(variables)] = 1.0
    return objective


def test_with_only_totals_published_every_pair_of_columns_gives_a_swap() -> None:
    swaps = _swaps(_matrix(ROWS_AND_COLUMNS), POSITION, 3, [0, 1])
    # cells changed (+1, −1, −1, +1): a_i, a_j, b_i, b_j for the column pairs (0, 1), (0, 2), (1, 2)
    assert swaps.tolist() == [[0, 1, 3, 4], [0, 2, 3, 5], [1, 2, 4, 5]]


def test_a_published_cell_stops_the_swaps_that_would_change_it() -> None:
    swaps = _swaps(_matrix([*ROWS_AND_COLUMNS, [1, 0, 0, 0, 0, 0]]), POSITION, 3, [0, 1])  # a0 shown
    assert swaps.tolist() == [[1, 2, 4, 5]]


def test_counts_are_those_of_the_tables_one_swap_away_inside_the_bounds() -> None:
    tables = _Tables(_swaps(_matrix(ROWS_AND_COLUMNS), POSITION, 3, [0, 1]), UPPER)
    tables.add(X)
    # By hand, the tables one swap away within the bounds (a swap (i, j) needs a_j ≥ 1 and b_i ≥ 1, its
    # reverse a_i ≥ 1 and b_j ≥ 1, and no cell above its cluster's size):
    #   (1, 2, 0 | 2, 0, 3), (1, 1, 1 | 2, 1, 2), (2, 0, 1 | 1, 2, 2), (3, 0, 0 | 0, 2, 3), and X itself.
    assert tables.counts(_cell(0)) == {1, 2, 3}
    assert tables.counts(_cell(2)) == {0, 1}
    assert tables.counts(_cell(3)) == {0, 1, 2}
    assert tables.counts(_cell(0, 1)) == {2, 3}  # a group of a's two first columns
    assert tables.counts(_cell(0, 1, 2)) == {3}  # a's respondents: fixed


def test_a_cell_fixed_by_the_figures_keeps_one_count() -> None:
    # a0 and b0 shown as well: with the column total, nothing in column 0 can move
    tables = _Tables(
        _swaps(_matrix([*ROWS_AND_COLUMNS, [1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0]]), POSITION, 3, [0, 1]), UPPER
    )
    tables.add(X)
    assert tables.counts(_cell(0)) == {2} and tables.counts(_cell(3)) == {1}
    assert tables.counts(_cell(1)) == {0, 1}
