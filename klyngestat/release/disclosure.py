"""Which figures a Release hides: one pattern per question, linked across levels.

The published table of a question is, at every level, respondents per unit
and the answers in each column. For a unit of the published table the
columns are

- nation and specialty: every answer category, the blanks, and every named
  group of the scale (sums of categories);
- cluster: the scale's top box, the other answers on the scale, each
  non-substantive option ("Ved ikke") and the blanks. A cluster publishes
  its top box and its base; with both bases released ("Ved ikke" in and
  out) its "Ved ikke" count follows, so the pattern protects against the
  union of the two.

A unit is hidden when fewer than ``min_n`` answered the question on the scale
proper (primary). Hidden units of one parent (the clusters of a specialty; the
specialties of the nation) are then only known through their sum (the parent
minus the shown units) and through their respondents, which are published.
For such a two-way table with fixed margins the exact range of a cell is its
Fréchet bound [max(0, T − (R − r)), min(r, T)] (T the hidden units' total in
the column, R their respondents, r the cell's row), and the range of a group
of columns is the bound of their sum. A cell is disclosed when that range is
one value, zeros included, unless the parent's own published figure already
says it of everyone (nobody, or everybody, in the specialty answered so).

Complementary units are added until no protected cell is pinned, choosing the
set that hides the fewest respondents (subsets are tried in order of the
respondents they hide, an exact search; beyond ``SEARCH_LIMIT`` tries, the
smallest units are added one at a time). Protected are the hidden units that,
for all the published figures tell, may rest on fewer than ``min_n`` answers
on the scale (a superset of the primary ones, so that the audit, which sees
only released records, can check the same rule).

A specialty that is hidden hides all its clusters; the blank column is a
constraint, not protected (leaving a question blank is not an answer).

Randomness against an attacker who knows the rule. The cheapest protecting
set depends on the hidden answers: a cluster is hidden only because a
cheaper set would have left a total at 0 or at everyone. An attacker who
knows this rule and sees which clusters are hidden and which are shown
would learn that the cheaper sets failed, and could pin the small clusters
from it. So the choice is randomised in two ways, with draws from a secret
key: each unit's cost (its respondents) is tilted by a random factor
``exp(N(0, COST_NOISE²))`` before the cheapest protecting set is sought,
so any protecting set can be the one chosen; and after it, further units of
the same parent are hidden, one at a time and each at random among those
left, for as long as a coin with chance ``decoys`` comes up (a geometric
number of decoys, half a unit on average). A hidden set then tells an
attacker no more than that it protects, which the released figures show
anyway. The key is derived from the full response data, which is never
published: the same data give the same pattern (for every option that keeps
the counts, and on every rerun), and no one without the data can reproduce
the draws. ``decoys=0`` turns both off (the cheapest set alone), for study.

Two inferences beyond the equations are checked as well: when only one
hidden unit of a parent can be small, it is known to be small, which bounds
its row (:func:`~klyngestat.release._frechet.pinned_as_the_small_one`); and
the clusters inside a specialty hidden at the specialty level keep their
Fréchet bounds against the hidden specialties' totals. The bounds
themselves are in :mod:`klyngestat.release._frechet`.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from klyngestat.release._frechet import pinned, pinned_as_the_small_one, protected_rows

__all__ = [
    "COST_NOISE",
    "DECOY_PROBABILITY",
    "SEARCH_LIMIT",
    "ColumnSpec",
    "QuestionPattern",
    "cheapest_protecting_set",
    "pinned",
    "question_pattern",
]

SEARCH_LIMIT = 20_000
"""Subsets tried in the exact search for the cheapest complementary set before the greedy fallback."""

DECOY_PROBABILITY = 1 / 3
"""Chance of hiding one more (random) unit after the chosen protecting set, repeated while it comes up."""

COST_NOISE = 0.5
"""Spread of the random tilt of each unit's cost (respondents × exp(N(0, COST_NOISE²))) before the
cheapest protecting set is sought: with it, every protecting set has a chance to be the one chosen."""


def _draws(key: bytes, *parts: str) -> np.random.Generator:
    """The random draws of one parent of one question, from the secret pattern key."""
    digest = hashlib.sha256(key + b"\0" + "\0".join(parts).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "big"))


@dataclass(frozen=True)
class ColumnSpec:
    """The published columns of one level, as sums over the count columns (categories, then blank).

    ``columns`` is a (published columns × count columns) 0/1 matrix;
    ``protected`` marks the published columns whose hidden cells must not be
    pinned; ``nonsubstantive`` marks the count columns that are not answers on
    the scale (non-substantive options and the blank).
    """

    names: tuple[str, ...]
    columns: np.ndarray
    protected: np.ndarray
    nonsubstantive: np.ndarray


@dataclass(frozen=True)
class _Inner:
    """The clusters inside each specialty, for the specialty level: hiding a specialty hides its clusters,
    whose cells are then bounded only by the hidden specialties' totals."""

    parent: np.ndarray
    sizes: np.ndarray
    counts: np.ndarray


def cheapest_protecting_set(
    costs: Sequence[float], protects: Callable[[tuple[int, ...]], bool], *, limit: int = SEARCH_LIMIT
) -> tuple[int, ...] | None:
    """The set of candidates with the least total cost for which ``protects`` holds.

    Subsets are visited in order of total cost (then size) by a best-first
    enumeration, so the first that protects is the cheapest; after ``limit``
    tries the cheapest candidates are added one at a time instead. None when
    not even all of them protect.

    Parameters
    ----------
    costs
        Each candidate's cost.
    protects
        Whether hiding a set of candidates (their positions, ascending) protects every protected cell.
    limit
        Subsets tried in the exact search before the cheapest candidates are added one at a time.

    Examples
    --------
    >>> cheapest_protecting_set([9, 4, 6], lambda chosen: sum([9, 4, 6][i] for i in chosen) >= 10)
    (1, 2)
    >>> cheapest_protecting_set([3], lambda chosen: False) is None
    True
    """
    if protects(()):
        return ()
    order = sorted(range(len(costs)), key=lambda i: (costs[i], i))
    if not order:
        return None
    cost = [costs[i] for i in order]
    heap: list[tuple[float, int, tuple[int, ...]]] = [(cost[0], 1, (0,))]
    tries = 0
    while heap and tries < limit:
        total, size, positions = heapq.heappop(heap)
        tries += 1
        chosen = tuple(sorted(order[p] for p in positions))
        if protects(chosen):
            return chosen
        last = positions[-1]
        if last + 1 < len(order):
            heapq.heappush(heap, (total + cost[last + 1], size + 1, (*positions, last + 1)))
            heapq.heappush(heap, (total - cost[last] + cost[last + 1], size, (*positions[:-1], last + 1)))
    chosen_list: list[int] = []
    for i in order:
        chosen_list.append(i)
        if protects(tuple(sorted(chosen_list))):
            return tuple(sorted(chosen_list))
    return None


def _hide_level(
    sizes: np.ndarray,
    counts: np.ndarray,
    spec: ColumnSpec,
    primary: np.ndarray,
    min_n: int,
    draws: np.random.Generator,
    decoys: float,
    inner: _Inner | None = None,
) -> np.ndarray | None:
    """Primary plus the cheapest complementary rows of one parent, plus decoys; None when no set protects."""
    if not primary.any():  # nothing to protect: no draws either
        return primary.copy()
    table = counts @ spec.columns.T
    nonsub = counts[:, spec.nonsubstantive].sum(axis=1)
    parent_size = int(sizes.sum())
    parent_total = table.sum(axis=0)
    exempt = (parent_total == 0) | (parent_total == parent_size)
    candidates = np.flatnonzero(~primary & (sizes > 0))

    partition = bool((spec.columns.sum(axis=0) == 1).all())  # each answer in exactly one published column
    on_scale = np.asarray(~spec.columns[:, spec.nonsubstantive].any(axis=1), dtype=bool)
    inner_table = None if inner is None else inner.counts @ spec.columns.T
    inner_nonsub = None if inner is None else inner.counts[:, spec.nonsubstantive].sum(axis=1)

    def protects(chosen: tuple[int, ...]) -> bool:
        hidden = primary.copy()
        hidden[candidates[list(chosen)]] = True
        rows = protected_rows(sizes, nonsub, hidden, min_n, parent_size)
        if pinned(sizes, table, hidden, rows, spec.protected, exempt).any():
            return False
        if inner is not None and inner_table is not None and inner_nonsub is not None:
            # the small clusters inside hidden specialties, bounded by the hidden specialties' totals
            inside = hidden[inner.parent]
            inner_rows = protected_rows(inner.sizes, inner_nonsub, inside, min_n, parent_size)
            if pinned(inner.sizes, inner_table, inside, inner_rows, spec.protected, exempt).any():
                return False
        if partition and rows.sum() == 1:  # the one hidden unit that can be small is known to be small
            u = int(np.flatnonzero(rows)[0])
            known = pinned_as_the_small_one(int(sizes[u]), table[hidden].sum(axis=0), on_scale, min_n)
            return not known[spec.protected & ~exempt].any()
        return True

    costs = sizes[candidates].astype(float)
    if decoys > 0:  # a secret, random tilt of the costs: any protecting set can be the one chosen
        costs = costs * np.exp(COST_NOISE * draws.standard_normal(len(candidates)))
    chosen = cheapest_protecting_set(costs.tolist(), protects)
    if chosen is None:
        return None
    hidden = primary.copy()
    hidden[candidates[list(chosen)]] = True
    # decoys: hiding more never pins a cell that a smaller hidden set leaves open (its totals only grow)
    left = [int(i) for i in candidates if not hidden[i]]
    while left and draws.random() < decoys:
        hidden[left.pop(int(draws.integers(len(left))))] = True
    return hidden


@dataclass(frozen=True)
class QuestionPattern:
    """The hidden units of one question (the same for every output and for both "Ved ikke" bases).

    ``primary_*`` are kept in memory for the analyst and the tests; they are
    never written, since telling primary from complementary cells would tell
    which rest on fewer than ``min_n`` answers.
    """

    question: str
    nation_hidden: bool
    specialties: frozenset[str]
    clusters: frozenset[tuple[str, str]]
    primary_specialties: frozenset[str]
    primary_clusters: frozenset[tuple[str, str]]


def question_pattern(
    question: str,
    specialty_of_unit: Sequence[str],
    cluster_of_unit: Sequence[str],
    specialties: Sequence[str],
    counts: np.ndarray,
    substantive: np.ndarray,
    cluster_spec: ColumnSpec,
    specialty_spec: ColumnSpec,
    min_n: int,
    key: bytes = b"",
    decoys: float = DECOY_PROBABILITY,
) -> QuestionPattern:
    """The suppression pattern of one question from its per-cluster counts.

    Parameters
    ----------
    question
        The question id.
    specialty_of_unit, cluster_of_unit
        Each cluster's specialty and name (one row of ``counts`` each).
    specialties
        Every specialty, in order.
    counts
        Respondents' answers per cluster: one column per answer category, then the blanks.
    substantive
        Which count columns are answers on the scale proper.
    cluster_spec, specialty_spec
        The published columns of clusters and of specialties.
    min_n
        The threshold.
    key
        The secret key of the decoy draws (derived from the full response data by the Release).
    decoys
        The chance of each further decoy (0: the cheapest protecting set alone).
    """
    pairs = list(zip(specialty_of_unit, cluster_of_unit, strict=True))
    unit_spec = np.array([specialties.index(s) for s in specialty_of_unit], dtype=np.int64)
    spec_counts = np.zeros((len(specialties), counts.shape[1]), dtype=np.int64)
    np.add.at(spec_counts, unit_spec, counts)
    spec_sizes = spec_counts.sum(axis=1)
    spec_scale = spec_counts[:, substantive].sum(axis=1)
    if spec_scale.sum() < min_n:
        everyone = frozenset(specialties)
        return QuestionPattern(question, True, everyone, frozenset(pairs), everyone, frozenset(pairs))
    spec_primary = (spec_sizes > 0) & (spec_scale < min_n)
    sizes = counts.sum(axis=1)
    scale_answers = counts[:, substantive].sum(axis=1)
    hidden_clusters, primary_clusters, forced = _hide_clusters(
        question, specialties, pairs, unit_spec, counts, scale_answers, spec_primary, cluster_spec, min_n, key, decoys
    )
    draws = _draws(key, question, "specialty")
    inner = _Inner(unit_spec, sizes, counts)
    hidden_specs = _hide_level(
        spec_sizes, spec_counts, specialty_spec, spec_primary | forced, min_n, draws, decoys, inner
    )
    if hidden_specs is None:
        primary_specs = frozenset(np.asarray(specialties)[spec_primary])
        return QuestionPattern(
            question, True, frozenset(specialties), frozenset(pairs), primary_specs, frozenset(pairs)
        )
    hidden_names = {specialties[int(i)] for i in np.flatnonzero(hidden_specs)}
    hidden_clusters |= {(s, c) for s, c in pairs if s in hidden_names}
    primary_clusters |= {
        (s, c)
        for s, c, n, a in zip(specialty_of_unit, cluster_of_unit, sizes, scale_answers, strict=True)
        if s in hidden_names and n > 0 and a < min_n
    }
    return QuestionPattern(
        question,
        False,
        frozenset(hidden_names),
        frozenset(hidden_clusters),
        frozenset(specialties[int(i)] for i in np.flatnonzero(spec_primary)),
        frozenset(primary_clusters),
    )


def _hide_clusters(
    question: str,
    specialties: Sequence[str],
    units: Sequence[tuple[str, str]],
    unit_spec: np.ndarray,
    counts: np.ndarray,
    scale_answers: np.ndarray,
    skipped: np.ndarray,
    spec: ColumnSpec,
    min_n: int,
    key: bytes,
    decoys: float,
) -> tuple[set[tuple[str, str]], set[tuple[str, str]], np.ndarray]:
    """The cluster level of a question's pattern, specialty by specialty (those ``skipped`` hide all theirs anyway).

    Returns the hidden clusters, the primary ones, and the specialties whose
    clusters no set protects (they must be hidden whole).
    """
    sizes = counts.sum(axis=1)
    hidden_clusters: set[tuple[str, str]] = set()
    primary_clusters: set[tuple[str, str]] = set()
    forced = np.zeros(len(specialties), dtype=bool)
    for s_index in range(len(specialties)):
        rows = np.flatnonzero(unit_spec == s_index)
        if skipped[s_index] or rows.size == 0:
            continue
        primary = (sizes[rows] > 0) & (scale_answers[rows] < min_n)
        if not primary.any():  # nothing to protect, nothing drawn: no cluster of it hidden
            continue
        primary_clusters |= {units[r] for r in rows[primary]}
        draws = _draws(key, question, "cluster", specialties[s_index])
        hidden = _hide_level(sizes[rows], counts[rows], spec, primary, min_n, draws, decoys)
        if hidden is None:
            forced[s_index] = True
            continue
        hidden_clusters |= {units[r] for r in rows[hidden]}
    return hidden_clusters, primary_clusters, forced
