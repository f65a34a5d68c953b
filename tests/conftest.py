"""Small hand-made surveys whose figures can be counted by hand."""

from __future__ import annotations

import compileall
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import klyngestat
from klyngestat import Roster, Survey, load_questionnaire, survey_from_frame
from klyngestat.models import Cluster
from klyngestat.release import Release
from klyngestat.release.trend import Trend
from tests.ci_plugin import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 - hooks: CI fails a skip for a missing tool


def pytest_configure(config: pytest.Config) -> None:
    """Write klyngestat's bytecode once, before the workers start, as ``pip install`` would.

    The suite starts klyngestat in many fresh processes (the command line, the
    demo's workers, import probes). An editable install leaves compiling to
    the first import, which writes nothing where PYTHONDONTWRITEBYTECODE is
    set (the project's machines set it), so every process would compile the
    package's modules again.
    """
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist), not each worker
        compileall.compile_dir(Path(klyngestat.__file__).parent, quiet=1)


def assert_same_frame(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """``pandas.testing.assert_frame_equal(left, right)``, with categorical columns compared as a whole.

    pandas compares a categorical column value by value, boxing each one: a
    thousand-row survey of thirty categorical columns takes it 0.4 s. A
    categorical column here is the same when its dtype is (the categories, in
    their order and of their dtype, and whether they are ordered) and its codes
    are, which says the same and takes a millisecond. Every other column, the
    index and the column labels go to pandas' own checks as they are.
    """
    assert isinstance(left, pd.DataFrame) and isinstance(right, pd.DataFrame)
    pd.testing.assert_index_equal(left.columns, right.columns, exact=True)
    pd.testing.assert_index_equal(left.index, right.index, exact=True)
    for name in left.columns:
        a, b = left[name], right[name]
        if isinstance(a.dtype, pd.CategoricalDtype) and isinstance(b.dtype, pd.CategoricalDtype):
            assert a.dtype.ordered == b.dtype.ordered, (
                f"column {name!r}: ordered {a.dtype.ordered} != {b.dtype.ordered}"
            )
            pd.testing.assert_index_equal(a.cat.categories, b.cat.categories, exact=True, obj=f"{name!r} categories")
            assert a.cat.codes.dtype == b.cat.codes.dtype, f"column {name!r}: codes {a.cat.codes.dtype}"
            different = (a.cat.codes.to_numpy() != b.cat.codes.to_numpy()).nonzero()[0]
            assert not len(different), f"column {name!r} differs in rows {list(left.index[different[:10]])}"
        else:
            pd.testing.assert_series_equal(a, b, obj=f"column {name!r}")


def tiny_frame() -> pd.DataFrame:
    """Two specialties, three clusters, eleven invited.

    understoetter_kvalitet among respondents:
      A/a1: I meget høj grad, I høj grad, Ved ikke            -> top 2 of 3 (2 of 2 without Ved ikke)
      A/a2: I nogen grad, Slet ikke, (blank, partial)         -> top 0 of 2
      B/b1: I høj grad, I høj grad                            -> top 2 of 2
    non-respondents: one in a1, one in b1, one in a2.
    """
    rows = [
        ("1", "A", "a1", "completed", "I meget høj grad", "Ja"),
        ("2", "A", "a1", "completed", "I høj grad", "Nej"),
        ("3", "A", "a1", "completed", "Ved ikke", "Ved ikke"),
        ("4", "A", "a1", "not_answered", None, None),
        ("5", "A", "a2", "completed", "I nogen grad", "Ja"),
        ("6", "A", "a2", "completed", "Slet ikke", None),
        ("7", "A", "a2", "partial", None, None),
        ("8", "A", "a2", "not_answered", None, None),
        ("9", "B", "b1", "completed", "I høj grad", "Ja"),
        ("10", "B", "b1", "completed", "I høj grad", "Ja"),
        ("11", "B", "b1", "not_answered", None, None),
    ]
    return pd.DataFrame(
        rows, columns=["respondent_id", "specialty", "cluster", "status", "understoetter_kvalitet", "forbedringer"]
    )


def tiny_roster() -> Roster:
    return Roster(
        clusters=(
            Cluster(specialty="A", cluster="a1", members=4),
            Cluster(specialty="A", cluster="a2", members=5),
            Cluster(specialty="B", cluster="b1", members=3),
        )
    )


@pytest.fixture
def tiny():
    return survey_from_frame(tiny_frame(), roster=tiny_roster())


@pytest.fixture(scope="session")
def questionnaire():
    return load_questionnaire()


# -- the demo, read and built once per process --------------------------------------------------------------------


@cache
def shared_demo_survey() -> Survey:
    """``klyngestat.demo_survey()``, read once per process (test worker) and shared by the tests that only read it.

    A Survey is frozen, but its frame is a DataFrame: a test that edits the frame takes a copy first (as
    ``tests/release/cases.py`` does). The ``the_demo_survey`` fixture checks at the end of the session that nobody
    changed it.
    """
    return klyngestat.demo_survey()


def _frame_digest(frame: pd.DataFrame) -> tuple[object, ...]:
    """What a frame holds: its columns, dtypes (categories included) and every value, as a comparable digest."""
    return (
        tuple(frame.columns),
        tuple(str(t) for t in frame.dtypes),
        tuple(tuple(frame[c].cat.categories) for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)),
        tuple(pd.util.hash_pandas_object(frame, index=True).to_numpy()),
    )


@pytest.fixture(scope="session")
def the_demo_survey() -> Iterator[Survey]:
    """The demo survey (``klyngestat.demo_survey()``), read once; the session fails if a test changed its frame."""
    survey = shared_demo_survey()
    before = _frame_digest(survey.frame)
    yield survey
    assert _frame_digest(survey.frame) == before, "a test changed the shared demo survey's frame: give it a copy"


@pytest.fixture(scope="session")
def demo_release() -> Release:
    """The demo's Release with the default options, built (and, once asked, audited) once per process.

    It is ``klyngestat.demo._demo()``, the one ``klyngestat demo`` publishes: ``build_release(demo_survey())``
    with the input files named in its provenance. Its records are those of ``build_release(demo_survey())``; a
    test whose point is the building itself (determinism, provenance of given sources) builds its own.
    """
    from klyngestat.demo import _demo

    return _demo()


@pytest.fixture(scope="session")
def demo_trend() -> Trend:
    """The demo's 2026 wave and the trend from 2025 (``klyngestat.demo._demo_trend()``), built once per process.

    Its releases are ``build_release`` of each wave with the default options (2025's is :func:`demo_release`).
    """
    from klyngestat.demo import _demo_trend

    return _demo_trend()


@cache
def _cli_release_once() -> Any:
    """``klyngestat.cli._release`` memoised for the whole process (key: tests/docs_fixtures/cli_runner.py)."""
    import klyngestat.cli
    from tests.docs_fixtures.cli_runner import _memoised, _release_key

    return _memoised(klyngestat.cli._release, _release_key)


@pytest.fixture
def one_build_per_release(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands on the same files (paths and bytes) with the same options share one Release, as in the docs'
    command runner (tests/docs_fixtures/cli_runner.py): building is deterministic (tests/release checks it), and
    the tests that use this are of the commands."""
    import klyngestat.cli

    monkeypatch.setattr(klyngestat.cli, "_release", _cli_release_once())
