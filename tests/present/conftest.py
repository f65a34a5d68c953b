"""Fixtures of the overview tests: the demo's overview page, and a strict one with many hidden figures."""

from __future__ import annotations

import pytest

from klyngestat import build_release, demo_survey
from klyngestat.demo import _demo
from klyngestat.present.overview import overview_html
from klyngestat.release import Release, ReleaseOptions

STRICT_MIN_N = 30
"""A minimum n high enough to hide whole specialties and many clusters."""


@pytest.fixture(scope="module")
def release() -> Release:
    return _demo()


@pytest.fixture(scope="module")
def html(release: Release) -> str:
    return overview_html(release)


@pytest.fixture(scope="module")
def strict() -> Release:
    return build_release(demo_survey(), options=ReleaseOptions(min_n=STRICT_MIN_N))


@pytest.fixture(scope="module")
def strict_html(strict: Release) -> str:
    return overview_html(strict)
