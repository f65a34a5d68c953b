"""Fixtures of the overview tests: the demo's overview page, and a strict one with many hidden figures.

Session-scoped: the overview and its SVG tests (and others) read the same releases and pages, so each is built
once per test process. Releases are frozen and the pages are strings.
"""

from __future__ import annotations

import pytest

from klyngestat import Survey, build_release
from klyngestat.present.overview import overview_html
from klyngestat.release import Release, ReleaseOptions

STRICT_MIN_N = 30
"""A minimum n high enough to hide whole specialties and many clusters."""


@pytest.fixture(scope="session")
def release(demo_release: Release) -> Release:
    return demo_release


@pytest.fixture(scope="session")
def html(release: Release) -> str:
    return overview_html(release)


@pytest.fixture(scope="session")
def strict(the_demo_survey: Survey) -> Release:
    return build_release(the_demo_survey, options=ReleaseOptions(min_n=STRICT_MIN_N))


@pytest.fixture(scope="session")
def strict_html(strict: Release) -> str:
    return overview_html(strict)


@pytest.fixture(scope="session")
def nothing_hidden(the_demo_survey: Survey) -> Release:
    """The demo with ``min_n=1``: no figure hidden."""
    return build_release(the_demo_survey, options=ReleaseOptions(min_n=1))
