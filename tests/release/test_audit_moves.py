"""The audit's moves between integer solutions: hand-made systems of two hidden clusters.

Two clusters a and b, three columns each (variables a0 a1 a2 b0 b1 b2). A
move adds 1 to one column of a and takes 1 from another, and the reverse in
b; it keeps every cluster total and every column total over both clusters.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array

from klyngestat.release.audit import _neighbours, _swaps

ROWS_AND_COLUMNS = [
    [1, 1, 1, 0, 0, 0],  # a's respondents
    [0, 0, 0, 1, 1, 1],  # b's respondents
    [1, 0, 0, 1, 0, 0],  # column 0 over both
    [0, 1, 0, 0, 1, 0],  # column 1 over both
    [0, 0, 1, 0, 0, 1],  # column 2 over both
]
VARIABLES = np.arange(6)
X = np.array([2.0, 1.0, 0.0, 1.0, 1.0, 3.0])  # a = (2, 1, 0), b = (1, 1, 3)


def _system(rows: list[list[int]]) -> tuple[csr_array, np.ndarray]:
    matrix = csr_array(np.array(rows, dtype=float))
    return matrix, matrix @ X


def test_with_only_totals_published_every_pair_of_columns_gives_a_move() -> None:
    matrix, _ = _system(ROWS_AND_COLUMNS)
    moves = _swaps(matrix, VARIABLES, 3, [0, 1])
    assert sorted(map(tuple, moves.tolist())) == [
        (0, 1, -1, 0, -1, 1),
        (1, -1, 0, -1, 1, 0),
        (1, 0, -1, -1, 0, 1),
    ]


def test_a_published_cell_stops_the_moves_that_would_change_it() -> None:
    matrix, _ = _system([*ROWS_AND_COLUMNS, [1, 0, 0, 0, 0, 0]])  # a's count in column 0 is shown
    moves = _swaps(matrix, VARIABLES, 3, [0, 1])
    assert moves.tolist() == [[0, 1, -1, 0, -1, 1]]


def test_neighbours_are_the_tables_one_move_away_inside_the_bounds() -> None:
    matrix, values = _system(ROWS_AND_COLUMNS)
    moves = _swaps(matrix, VARIABLES, 3, [0, 1])
    upper = np.array([3.0] * 3 + [5.0] * 3)  # a has 3 respondents, b 5
    found = sorted(tuple(int(v) for v in y) for y in _neighbours(X, moves, matrix, values, upper))
    # by hand: a move (i, j) needs a_j ≥ 1 and b_i ≥ 1; its reverse a_i ≥ 1 and b_j ≥ 1
    assert found == [
        (1, 1, 1, 2, 1, 2),  # a0→a2, b2→b0
        (1, 2, 0, 2, 0, 3),  # a0→a1, b1→b0
        (2, 0, 1, 1, 2, 2),  # a1→a2, b2→b1
        (3, 0, 0, 0, 2, 3),  # a1→a0, b0→b1
    ]
    for y in found:
        assert np.array_equal(matrix @ np.array(y, dtype=float), values)


def test_a_cell_fixed_by_the_figures_has_no_neighbour_that_changes_it() -> None:
    # b's column-0 count shown as well as a's: with the column total, nothing in column 0 can move
    matrix, values = _system([*ROWS_AND_COLUMNS, [1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0]])
    moves = _swaps(matrix, VARIABLES, 3, [0, 1])
    found = _neighbours(X, moves, matrix, values, np.full(6, 5.0))
    assert found
    assert {y[0] for y in found} == {2.0} and {y[3] for y in found} == {1.0}
