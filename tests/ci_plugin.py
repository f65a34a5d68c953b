"""In CI (the environment variable ``CI`` set), a test skipped for a missing tool or package fails.

Locally a test that needs WeasyPrint, matplotlib or a poppler tool skips
where they are not installed. CI installs all of them (.ci/run), so there a
skip for that reason means the set-up broke and the test did not run: it is
reported as a failure. Skips for other reasons (running as root, say) stay
skips. tests/conftest.py imports these hooks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from typing import Any

import pytest

MISSING = re.compile(r"could not import|is not installed here")
"""The reasons ``pytest.importorskip`` and the suite's own tool checks give."""


def _reason(report: Any) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)


def _fail_if_missing(report: Any) -> None:
    if os.environ.get("CI") and report.skipped and MISSING.search(_reason(report)):
        reason = _reason(report)
        report.outcome = "failed"
        report.longrepr = f"CI must have what this test needs, but it was skipped: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    _fail_if_missing(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, None]:
    outcome = yield
    _fail_if_missing(outcome.get_result())
