"""The doctests of the package (``--doctest-modules``) build each distinct Release once per process.

See tests/docs_fixtures/memo.py: the docstrings show ``build_release(demo_survey())`` in some twenty places.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _pytest.doctest import DoctestItem

from tests.docs_fixtures.memo import memoised_builds


@pytest.fixture(autouse=True)
def _one_build_per_release(request: pytest.FixtureRequest) -> Iterator[None]:
    if isinstance(request.node, DoctestItem):
        with memoised_builds():
            yield
    else:
        yield
