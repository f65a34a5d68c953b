"""Small-cell suppression of cluster figures, primary and complementary.

Clusters are small and their members know each other, so a cluster figure
resting on fewer answers than ``min_n`` is not shown (primary suppression).
A hidden figure must not be recoverable from what is shown: the specialty's
figure minus the shown clusters gives the hidden clusters' total, and with
their respondent counts that can pin a hidden cluster down (one hidden
cluster; or two where the total is 0 or all). So more clusters are hidden,
smallest first, until no hidden cluster's count of any answer category or
named group is determined by the published figures (complementary
suppression). What the specialty figure itself reveals (everyone answered
alike) is not a cluster disclosure and is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

import numpy as np

from klyngestat._defaults import DEFAULT_MIN_N
from klyngestat.stats._arguments import check_choice
from klyngestat.stats._counts import aggregate, select, unit_counts
from klyngestat.stats._result import Result
from klyngestat.stats.shares import VedIkke
from klyngestat.survey import Survey

__all__ = ["ClusterSuppression", "complementary_hidden", "determined_cells", "suppress_clusters"]


def determined_cells(totals: np.ndarray, columns: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Which hidden cells have a column whose value the published figures pin down.

    Parameters
    ----------
    totals
        Each cell's published size (respondents), shape ``(cells,)``.
    columns
        Each cell's counts per published column (categories, groups), shape ``(cells, k)``.
    hidden
        Boolean mask of hidden cells.

    Returns
    -------
    numpy.ndarray
        Boolean mask: hidden cells with at least one column whose feasible
        range, given the parent's total and the shown cells, is a single value.
        Columns the parent total already settles for every cell (0 or all of
        the parent) are not counted.

    Examples
    --------
    One hidden cell is always recovered by subtraction:

    >>> determined_cells(np.array([3, 8, 9]), np.array([[1], [4], [5]]), np.array([True, False, False]))
    array([ True, False, False])

    Two hidden cells of 3 and 8 whose hidden total is 1 leave it open which holds it:

    >>> determined_cells(np.array([3, 8, 9]), np.array([[1], [0], [5]]), np.array([True, True, False]))
    array([False, False, False])
    """
    parent_total = totals.sum()
    parent = columns.sum(axis=0)
    informative = (parent > 0) & (parent < parent_total)
    hidden_total = columns[hidden].sum(axis=0)  # what subtraction reveals, per column
    hidden_size = totals[hidden].sum()
    others = hidden_size - totals  # size of the other hidden cells, per cell
    low = np.maximum(0, hidden_total[None, :] - others[:, None])
    high = np.minimum(totals[:, None], hidden_total[None, :])
    pinned = (low == high) & informative[None, :]
    determined: np.ndarray = hidden & (totals > 0) & pinned.any(axis=1)
    return determined


def complementary_hidden(bases: Sequence[int], totals: Sequence[int], columns: np.ndarray, min_n: int) -> np.ndarray:
    """Primary suppression (``bases < min_n``) plus the complementary cells that protect it.

    Cells are added smallest total first (ties in the given order) until no
    hidden cell is determined or every cell with answers is hidden.

    Parameters
    ----------
    bases
        Each cell's base, compared with ``min_n`` for primary suppression.
    totals
        Each cell's published size (respondents); cells of size 0 are never hidden.
    columns
        Each cell's counts per published column, shape ``(cells, k)``, as in :func:`determined_cells`.
    min_n
        The fewest answers a shown cell rests on.

    Returns
    -------
    numpy.ndarray
        Boolean mask of the hidden cells, primary and complementary.

    Examples
    --------
    >>> complementary_hidden([3, 8, 9], [3, 8, 9], np.array([[1], [4], [5]]), 5).tolist()
    [True, True, False]
    """
    base = np.asarray(bases)
    size = np.asarray(totals)
    hidden = (base < min_n) & (size > 0)
    if not hidden.any():
        return hidden
    while determined_cells(size, columns, hidden).any():
        candidates = np.flatnonzero(~hidden & (size > 0))
        if candidates.size == 0:
            break
        hidden[candidates[np.argmin(size[candidates])]] = True  # argmin takes the first of ties
    return hidden


@dataclass(frozen=True)
class ClusterSuppression(Result):
    """The clusters of one specialty whose figures for one question are not shown.

    ``to_dict()`` lists the clusters sorted by name; the one-row frame joins
    each list by "; ".
    """

    question: str
    specialty: str
    min_n: int
    primary: frozenset[str]
    """Clusters with fewer answers than ``min_n``."""
    complementary: frozenset[str]
    """Clusters hidden so that the primary ones cannot be recovered."""
    ved_ikke: VedIkke = "include"
    """Whether the bases compared with ``min_n`` include "Ved ikke"."""

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden cluster."""
        return self.primary | self.complementary

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: the fields, the cluster sets as sorted lists, and ``hidden``."""
        return {
            "question": self.question,
            "specialty": self.specialty,
            "min_n": self.min_n,
            "ved_ikke": self.ved_ikke,
            "primary": sorted(self.primary),
            "complementary": sorted(self.complementary),
            "hidden": sorted(self.hidden),
        }

    def _caption(self) -> str:
        return f"Skjulte klynger, {self.question}, {self.specialty} (mindst {self.min_n} svar)"


def suppress_clusters(
    survey: Survey,
    question: str,
    *,
    specialty: str,
    min_n: int = DEFAULT_MIN_N,
    ved_ikke: VedIkke = "include",
) -> ClusterSuppression:
    """Which of a specialty's clusters to hide for a closed question.

    The published columns are every answer category, the blanks, and every
    named group of the scale; a cluster's size is its respondents. Primary
    cells are those whose base (answers, "Ved ikke" included unless
    ``ved_ikke="exclude"``) is below ``min_n``.

    Parameters
    ----------
    survey
        The survey.
    question
        A closed question id.
    specialty
        The specialty whose clusters are considered.
    min_n
        The fewest answers a shown cluster rests on; at least 1.
    ved_ikke
        ``"include"`` (default) counts "Ved ikke" in the bases compared with
        ``min_n``; ``"exclude"`` leaves it out.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> s = suppress_clusters(demo_survey(), "forbedringer", specialty="Anæstesiologi")
    >>> sorted(s.primary), len(s.complementary) >= 1
    (['Anæst – Nordjylland'], True)
    """
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, not {min_n}")
    check_choice("ved_ikke", ved_ikke, get_args(VedIkke))
    survey.require_specialty(specialty)
    scale = survey.questionnaire.scale_of(question)
    keys, counts = aggregate(survey, unit_counts(survey, question), "cluster")
    mask = select(keys, specialty, None)
    keys, counts = keys[mask].reset_index(drop=True), counts[mask]
    k = len(scale.options)
    substantive = np.array([o.substantive for o in scale.options])
    in_base = substantive if ved_ikke == "exclude" else np.ones(k, dtype=bool)
    bases = counts[:, :k][:, in_base].sum(axis=1)
    groups = [counts[:, list(scale.group_positions(name))].sum(axis=1) for name in scale.groups]
    columns = np.column_stack([counts, *groups]) if groups else counts
    hidden = complementary_hidden(bases, counts.sum(axis=1), columns, min_n)
    names = keys["cluster"].astype(str).to_numpy()
    primary = frozenset(names[(bases < min_n) & (counts.sum(axis=1) > 0)])
    return ClusterSuppression(question, specialty, min_n, primary, frozenset(names[hidden]) - primary, ved_ikke)
