"""Build each distinct Release once per test process, for the examples of the docs and the doctests.

The package's docstrings and the docs' python blocks show what a user types: ``build_release(demo_survey())``
in some thirty places. Each build of the demo Release takes about a second and each read of the demo survey
a few tenths; as examples they show the same thing thirty times, and the suite paid for it thirty times.

:func:`memoised_builds` makes, within its block, ``build_release`` return the Release an earlier call with
the same inputs built, and ``demo_survey`` the Survey an earlier call read. The key of a build is everything
``build_release`` reads: the validated data (their published SHA-256, computed as the Release computes it),
the questionnaire, the roster, the year, the survey's source (its path and bytes), the options and the
source files (paths and bytes). Building is deterministic (the disclosure draws are keyed from the data;
tests/release tests that two builds agree), so an example prints what it would have printed; the tests of
``build_release`` itself (tests/release) build afresh. A demo survey is given as a new Survey around a copy
of the frame each time, so an example that changes a frame cannot change what a later one reads.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

_BUILT: dict[tuple[object, ...], Any] = {}
_READ: dict[tuple[object, ...], Any] = {}


def _file(path: str | Path | None) -> tuple[str | None, str | None]:
    """A path as given and the hash of its bytes (``None`` when it is no file)."""
    if path is None:
        return None, None
    p = Path(path)
    return str(path), hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None


def _build_key(survey: Any, options: Any, sources: Sequence[str | Path]) -> tuple[object, ...]:
    from klyngestat.release._digests import data_digests

    roster = survey.roster.model_dump_json() if survey.roster is not None else None
    return (
        data_digests(survey)[0],
        survey.questionnaire.model_dump_json(),
        roster,
        survey.year,
        _file(survey.source),
        None if options is None else repr(options),
        tuple(_file(p) for p in sources),
    )


def _memo_build(build: Callable[..., Any]) -> Callable[..., Any]:
    def build_release(survey: Any, *, options: Any = None, sources: Sequence[str | Path] = ()) -> Any:
        key = _build_key(survey, options, sources)
        if key not in _BUILT:
            _BUILT[key] = build(survey, options=options, sources=sources)
        return _BUILT[key]

    build_release.__doc__ = build.__doc__
    return build_release


def _memo_demo(read: Callable[[], Any]) -> Callable[[], Any]:
    from klyngestat.data import demo_roster_path, demo_survey_path

    def demo_survey() -> Any:
        key = (_file(demo_survey_path()), _file(demo_roster_path()))
        if key not in _READ:
            _READ[key] = read()
        survey = _READ[key]
        return dataclasses.replace(survey, frame=survey.frame.copy())

    demo_survey.__doc__ = read.__doc__
    return demo_survey


@contextmanager
def memoised_builds() -> Iterator[None]:
    """Within the block, ``build_release`` and ``demo_survey`` (wherever the package exposes them) memoised."""
    import klyngestat
    import klyngestat.io
    import klyngestat.io.demo
    import klyngestat.release
    import klyngestat.release.build

    build = _memo_build(klyngestat.release.build.build_release)
    demo = _memo_demo(klyngestat.io.demo.demo_survey)
    with pytest.MonkeyPatch.context() as patch:
        for module in (klyngestat, klyngestat.release, klyngestat.release.build):
            patch.setattr(module, "build_release", build, raising=False)
        for module in (klyngestat, klyngestat.io, klyngestat.io.demo):
            patch.setattr(module, "demo_survey", demo, raising=False)
        yield
