"""Exact tests: Fisher's test of a 2×2 table.

The probabilities of the tables with the observed margins are hypergeometric;
their numerators C(K, x)·C(N − K, n − x) are integers. For the tables of a
survey of specialist doctors (up to some thousands of answers) they are kept as
Python integers and the p-value is one exact quotient, rounded once to the
nearest float. Those integers grow with the table (a million answers give
numbers of some hundred thousand digits, minutes a test), so a larger table
takes the weights as floats relative to the most probable table, each from its
neighbour by one rounded quotient: still the exact test (no approximation of
the distribution, as R's ``fisher.test``), with a relative error of the p-value
far below 1e-12. No library beyond numpy is imported: the release's comparisons
need no ``scipy.stats`` (whose import alone costs more than all of them).
"""

from __future__ import annotations

import math

import numpy as np

# R's fisher.test counts a table as "no more probable than the observed one" up to a relative 1e-7, so
# that tables equal in exact arithmetic but not in floating point are treated alike; in integers the
# tolerance is kept so the answers are R's: weight · 10⁷ ≤ observed · (10⁷ + 1).
_TOLERANCE = 10**7

_INTEGER_WORK = 4_000_000
_NORMAL = 2.0**-1022  # the smallest normal double; below it arithmetic is slow and keeps fewer digits
"""Tables whose support (tables with the margins) times total is at most this are summed in integers (~3 ms)."""


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
    no = total - yes
    if (hi - lo + 1) * total > _INTEGER_WORK:
        return _fisher_floats(a, n, yes, no, lo, hi)
    # C(yes, x) · C(no, n − x) for x = lo … hi, each from the one before by exact integer steps
    left, right = math.comb(yes, lo), math.comb(no, n - lo)
    weights = []
    for x in range(lo, hi + 1):
        weights.append(left * right)
        left = left * (yes - x) // (x + 1)
        right = right * (n - x) // (no - n + x + 1)
    limit = weights[a - lo] * (_TOLERANCE + 1)
    tail = sum(w for w in weights if w * _TOLERANCE <= limit)
    return min(1.0, tail / sum(weights))


def _weight(x: int, mode: int, up: np.ndarray, down: np.ndarray) -> float:
    """The weight of ``x`` relative to the mode's, from the weights above (``up``) and below (``down``) it."""
    if x == mode:
        return 1.0
    return float(up[x - mode - 1] if x > mode else down[mode - x - 1])


def _fisher_floats(a: int, n: int, yes: int, no: int, lo: int, hi: int) -> float:
    """Fisher's p-value of a large table, from weights relative to the most probable table.

    The weight of x in the group among the ``n`` is C(yes, x)·C(no, n − x);
    from the mode outwards, each is its neighbour times one quotient of two
    products of integers (each product exact in a double below 2^53), so a
    weight d tables from the mode carries at most about d rounding errors
    of 2^-53. Away from the mode the weights fall faster than a normal
    density's; the ones beyond a double's range (below 1e-308 of the mode's)
    are zero and add nothing a double could hold, and the search stops short
    of them once the observed weight is far above them (see the loop).
    """
    mode = min(max((n + 1) * (yes + 1) // (yes + no + 2), lo), hi)
    sd = math.sqrt(n * yes * no * (yes + no - n) / ((yes + no) ** 2 * max(1, yes + no - 1)))
    reach = int(40 * sd) + 64  # the weights at 40 standard deviations are below 1e-300; extended if not
    while True:
        top = min(hi, mode + reach)
        x = np.arange(mode, top, dtype=np.float64)  # w(x + 1)/w(x) = (yes − x)(n − x)/((x + 1)(no − n + x + 1))
        up = np.cumprod((yes - x) * (n - x) / ((x + 1) * (no - n + x + 1)))
        bottom = max(lo, mode - reach)
        x = np.arange(mode, bottom, -1, dtype=np.float64)  # w(x − 1)/w(x) = x(no − n + x)/((yes − x + 1)(n − x + 1))
        down = np.cumprod(x * (no - n + x) / ((yes - x + 1) * (n - x + 1)))
        ends = [w[-1] for w, end, edge in ((up, top, hi), (down, bottom, lo)) if len(w) and end != edge]
        if all(w == 0.0 for w in ends):
            break
        if all(w < _NORMAL for w in ends) and bottom <= a <= top and _weight(a, mode, up, down) >= _NORMAL * 2.0**122:
            # beyond lie at most n weights below 2^-1022 each: under 2^-991 together, below the last bit of
            # the observed weight (so of the tail) and of the mode's 1 (so of the total)
            break
        reach *= 2
    weights = np.concatenate([down[::-1], [1.0], up])  # x = bottom … top
    observed = weights[a - bottom] if bottom <= a <= top else 0.0
    tail = weights[weights <= observed * (1 + 1 / _TOLERANCE)].sum()
    return min(1.0, float(tail / weights.sum()))
