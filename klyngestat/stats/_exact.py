"""Exact tests in integer arithmetic: Fisher's test of a 2×2 table.

The probabilities of the tables with the observed margins are hypergeometric;
their numerators C(K, x)·C(N − K, n − x) are integers, so they are kept as
Python integers and the p-value is one exact quotient, rounded once to the
nearest float. No quantity is approximated, and no library is imported: the
release's comparisons need no ``scipy.stats`` (whose import alone costs more
than all of them).
"""

from __future__ import annotations

import math

# R's fisher.test counts a table as "no more probable than the observed one" up to a relative 1e-7, so
# that tables equal in exact arithmetic but not in floating point are treated alike; in integers the
# tolerance is kept so the answers are R's: weight · 10⁷ ≤ observed · (10⁷ + 1).
_TOLERANCE = 10**7


def fisher_2x2(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test of the table ``[[a, b], [c, d]]``.

    The p-value is the total probability, given both margins, of the tables
    no more probable than the observed one (R's ``fisher.test``, including its
    relative tolerance of 1e-7). Any table with an empty margin has p = 1.

    Examples
    --------
    >>> fisher_2x2(3, 1, 1, 3)  # the tea-tasting table of R's ?fisher.test: p-value = 0.4857
    0.4857142857142857
    >>> fisher_2x2(1, 9, 11, 3)
    0.0027594561852200836
    >>> fisher_2x2(0, 5, 0, 7)
    1.0
    """
    if min(a, b, c, d) < 0:
        raise ValueError(f"a 2×2 table holds counts, not {[[a, b], [c, d]]}")
    n, rest, yes = a + b, c + d, a + c
    total = n + rest
    lo, hi = max(0, n - (total - yes)), min(n, yes)
    if lo == hi:
        return 1.0
    # C(yes, x) · C(no, n − x) for x = lo … hi, each from the one before by exact integer steps
    no = total - yes
    left, right = math.comb(yes, lo), math.comb(no, n - lo)
    weights = []
    for x in range(lo, hi + 1):
        weights.append(left * right)
        left = left * (yes - x) // (x + 1)
        right = right * (n - x) // (no - n + x + 1)
    limit = weights[a - lo] * (_TOLERANCE + 1)
    tail = sum(w for w in weights if w * _TOLERANCE <= limit)
    return min(1.0, tail / sum(weights))
