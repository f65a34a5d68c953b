"""Fisher's 2×2 test on tables of up to a million answers: R's fisher.test, and the integer sums where both run."""

import csv
from pathlib import Path

import numpy as np
import pytest

from klyngestat.stats import _exact
from klyngestat.stats._exact import fisher_2x2

R_EXPECTED = Path(__file__).parent / "r" / "fisher_2x2_large_expected.csv"


def _r_tables() -> list[tuple[int, int, int, int, float]]:
    with open(R_EXPECTED, encoding="utf-8") as handle:
        return [(int(r["a"]), int(r["b"]), int(r["c"]), int(r["d"]), float(r["p"])) for r in csv.DictReader(handle)]


@pytest.mark.parametrize(("a", "b", "c", "d", "expected"), _r_tables())
def test_large_tables_give_rs_pvalue(a, b, c, d, expected):
    assert fisher_2x2(a, b, c, d) == pytest.approx(expected, rel=1e-12)


def test_the_oracle_covers_both_ways_of_summing():
    work = [(min(a + b, a + c) - max(0, a - d) + 1) * (a + b + c + d) for a, b, c, d, _ in _r_tables()]
    assert min(work) <= _exact._INTEGER_WORK < max(work)


def test_float_weights_agree_with_the_integer_sums(monkeypatch):
    # The same tables summed both ways: every table of the integer path (up to 3,000 answers) taken as floats too.
    rng = np.random.default_rng(2026)
    tables = []
    for _ in range(600):
        n, rest = int(rng.integers(1, 400)), int(rng.integers(1, 2600))
        a, c = int(rng.integers(0, n + 1)), int(rng.integers(0, rest + 1))
        tables.append((a, n - a, c, rest - c))
    exact = [fisher_2x2(*t) for t in tables]
    monkeypatch.setattr(_exact, "_INTEGER_WORK", -1)
    floats = [fisher_2x2(*t) for t in tables]
    for table, e, f in zip(tables, exact, floats, strict=True):
        assert f == pytest.approx(e, rel=1e-12, abs=1e-300), table
