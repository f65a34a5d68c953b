"""A table's permutation p-value is drawn once a process: again, it is the same number without drawing."""

import numpy as np

from klyngestat.stats import _heterogeneity
from klyngestat.stats._cluster_tables import chi_square, permutation_pvalue
from klyngestat.stats.significance import heterogeneity_from_counts

COUNTS, BASES = [5, 1, 7, 2], [8, 6, 9, 7]


def _drawn(counts, bases, n_resamples, seed):
    """The p-value drawn afresh, as before the memo."""
    c, b = np.asarray(counts), np.asarray(bases)
    return permutation_pvalue(c, b, n_resamples, seed, float(chi_square(c.astype(float), b.astype(float))))


def test_a_table_tested_again_is_not_drawn_again_and_has_the_same_pvalue(monkeypatch):
    _heterogeneity._permutation_pvalue.cache_clear()
    first = heterogeneity_from_counts("q", "top_box", "X", list("ABCD"), COUNTS, BASES, seed=3)
    assert first.pvalue == _drawn(COUNTS, BASES, 9999, 3)

    def no_drawing(*args):
        raise AssertionError("drawn again")

    monkeypatch.setattr(_heterogeneity, "permutation_pvalue", no_drawing)
    again = heterogeneity_from_counts("q", "top_box", "Y", list("EFGH"), COUNTS, BASES, seed=3)
    assert again.pvalue == first.pvalue and again.specialty == "Y" and again.clusters[0] == "E"


def test_the_memo_tells_tables_orders_seeds_and_resamples_apart():
    _heterogeneity._permutation_pvalue.cache_clear()
    cases = [
        (COUNTS, BASES, 9999, 0),
        (COUNTS, BASES, 9999, 1),  # another seed: other draws
        (COUNTS, BASES, 999, 0),  # fewer resamples
        (COUNTS[::-1], BASES[::-1], 9999, 0),  # the clusters in another order: the draws go by that order
        ([5, 1, 6, 2], BASES, 9999, 0),  # another count
    ]
    for counts, bases, n_resamples, seed in cases * 2:  # every case twice: the second from the memo
        h = heterogeneity_from_counts(
            "q", "top_box", "X", list("ABCD"), counts, bases, n_resamples=n_resamples, seed=seed
        )
        assert h.pvalue == _drawn(counts, bases, n_resamples, seed)
    assert _heterogeneity._permutation_pvalue.cache_info().hits == len(cases)
    assert len({_drawn(*case) for case in cases}) > 1  # the cases are not all one number
