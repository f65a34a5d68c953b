"""Fisher's 2×2 test in integers against scipy (large tables: test_fisher_large.py); the release without scipy.stats.

The hypergeometric tails of the exact interval are tested in test_hypergeometric_search.py.
"""

import itertools
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from klyngestat.stats._exact import fisher_2x2


def test_fisher_2x2_is_scipys_on_every_table_up_to_eight_per_cell():
    for a, b, c, d in itertools.product(range(9), repeat=4):
        expected = stats.fisher_exact([[a, b], [c, d]]).pvalue
        assert fisher_2x2(a, b, c, d) == pytest.approx(expected, rel=1e-13), (a, b, c, d)


def test_fisher_2x2_is_scipys_on_specialty_against_rest_tables():
    rng = np.random.default_rng(2025)
    for _ in range(400):
        n, rest = int(rng.integers(1, 130)), int(rng.integers(1, 1100))
        a, c = int(rng.integers(0, n + 1)), int(rng.integers(0, rest + 1))
        expected = stats.fisher_exact([[a, n - a], [c, rest - c]]).pvalue
        assert fisher_2x2(a, n - a, c, rest - c) == pytest.approx(expected, rel=1e-12), (a, n, c, rest)


def test_fisher_2x2_by_hand():
    # [[3, 1], [1, 3]]: margins 4, 4 | 4, 4; the tables x = 0 … 4 have weights C(4, x)·C(4, 4 − x) = 1, 16, 36, 16, 1
    # of 70; the observed x = 3 (16) and every table no more probable: 1 + 16 + 16 + 1 = 34.
    assert fisher_2x2(3, 1, 1, 3) == 34 / 70
    # equal tables count as "no more probable", including the symmetric one: [[2, 2], [2, 2]] has p = 1
    assert fisher_2x2(2, 2, 2, 2) == 1.0
    assert fisher_2x2(0, 0, 5, 7) == 1.0


def test_fisher_2x2_refuses_negative_counts():
    with pytest.raises(ValueError, match="counts"):
        fisher_2x2(-1, 2, 3, 4)


def test_the_demo_release_needs_no_scipy_stats():
    # scipy.stats costs most of a second to import; the release's tests and intervals are computed without it
    code = (
        "import sys; import klyngestat as ks; ks.build_release(ks.demo_survey()); "
        "print(sorted(m for m in sys.modules if m.startswith('scipy.stats')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
