"""The exact ranges a published two-way table leaves to its hidden cells, and which of them are one value.

The hidden units of one parent are known only through their sum (the parent
minus the shown units) and their respondents. For such a table with fixed
margins the exact range of a cell is its Fréchet bound [max(0, T − (R − r)),
min(r, T)] (T the hidden units' total in the column, R their respondents, r
the cell's row); see :mod:`klyngestat.release.disclosure` for how the
pattern uses them.
"""

from __future__ import annotations

import numpy as np

__all__ = ["pinned", "pinned_as_the_small_one", "protected_rows"]


def pinned(
    sizes: np.ndarray,
    table: np.ndarray,
    hidden: np.ndarray,
    protected_rows: np.ndarray,
    protected_columns: np.ndarray,
    parent_exempt: np.ndarray,
) -> np.ndarray:
    """Protected hidden cells whose published range is a single value.

    Parameters
    ----------
    sizes
        Respondents per row (published).
    table
        Counts per row and published column, shape ``(rows, columns)``.
    hidden
        Rows that are hidden.
    protected_rows, protected_columns
        Which hidden rows and which columns must stay undetermined.
    parent_exempt
        Columns whose value the parent's published figure states for everyone (0 or all).

    Returns
    -------
    numpy.ndarray
        Boolean ``(rows, columns)`` mask of pinned protected cells.

    Examples
    --------
    One hidden cluster of three is recovered by subtraction; two with a hidden
    total of one in a column leave open which holds it:

    >>> sizes = np.array([3, 8, 9])
    >>> yes = np.array([[1, 2], [4, 4], [5, 4]])
    >>> any_pin = lambda hidden: bool(pinned(sizes, yes, np.array(hidden), np.array([True, False, False]),
    ...                               np.array([True, True]), np.array([False, False])).any())
    >>> any_pin([True, False, False]), any_pin([True, True, False])
    (True, False)
    """
    if not hidden.any():
        return np.zeros(table.shape, dtype=bool)
    total = table[hidden].sum(axis=0)
    others = sizes[hidden].sum() - sizes
    low = np.maximum(0, total[None, :] - others[:, None])
    high = np.minimum(sizes[:, None], total[None, :])
    mask: np.ndarray = (
        (low == high) & (hidden & protected_rows)[:, None] & (protected_columns & ~parent_exempt)[None, :]
    )
    return mask


def protected_rows(sizes: np.ndarray, nonsub: np.ndarray, hidden: np.ndarray, min_n: int, parent: int) -> np.ndarray:
    """Hidden rows that may, for all the published figures tell, rest on fewer than ``min_n`` scale answers.

    Parameters
    ----------
    sizes
        Respondents per row (published).
    nonsub
        Answers off the scale (non-substantive and blank) per row.
    hidden
        Rows that are hidden.
    min_n
        The threshold.
    parent
        The parent's respondents (a row holding all of them is its parent's published figure).
    """
    most_nonsub = np.minimum(sizes, nonsub[hidden].sum())
    rows: np.ndarray = hidden & (sizes > 0) & (sizes < parent) & (sizes - most_nonsub < min_n)
    return rows


def pinned_as_the_small_one(size: int, totals: np.ndarray, on_scale: np.ndarray, min_n: int) -> np.ndarray:
    """Which published cells of the one hidden unit that can be small are pinned once it is known to be small.

    Something is hidden only when some unit rests on fewer than ``min_n``
    answers on the scale. When only one hidden unit can (its respondents
    less the hidden units' answers off the scale fall below ``min_n``), an
    attacker who knows the rule learns that it does: at most ``min_n − 1`` of
    its ``size`` answers are on the scale. With the hidden units' column
    totals ``totals`` (published by subtraction, the columns partitioning the
    answers) the unit's row ``x`` is any integer vector with ``0 ≤ x ≤
    totals``, ``Σx = size`` and ``Σ x[on_scale] ≤ min_n − 1`` (the other
    hidden units take the rest, which a table without cell bounds always
    can). The exact range of each cell follows in closed form.

    Parameters
    ----------
    size
        The unit's respondents.
    totals
        The hidden units' total in each published column.
    on_scale
        Which published columns are answers on the scale proper.
    min_n
        The threshold.

    Examples
    --------
    Two hidden units of 6 and 8 with 2 "Ved ikke" between them (columns: top
    box, other on the scale, "Ved ikke", blank): the 6 must hold both.

    >>> pinned_as_the_small_one(6, np.array([7, 5, 2, 0]), np.array([True, True, False, False]), 5).tolist()
    [False, False, True, True]
    """
    most_on = min(min_n - 1, int(totals[on_scale].sum()), size)
    least_on = max(0, size - int(totals[~on_scale].sum()))
    pinned_cells = np.zeros(len(totals), dtype=bool)
    if least_on > most_on:
        return pinned_cells  # not possible: the rule is not what hid these units
    for j in range(len(totals)):
        group = on_scale if on_scale[j] else ~on_scale
        lo_group, hi_group = (least_on, most_on) if on_scale[j] else (size - most_on, size - least_on)
        others = int(totals[group].sum()) - int(totals[j])
        pinned_cells[j] = max(0, lo_group - others) == min(int(totals[j]), hi_group)
    return pinned_cells
