"""The CI rule of tests/ci_plugin.py, run on a small test file in a fresh pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

CASES = """
import pytest

def test_needs_a_package_that_is_not_there():
    pytest.importorskip("a_package_nobody_installed")

def test_needs_a_tool_that_is_not_there():
    pytest.skip("pdfnothing is not installed here")

@pytest.mark.skipif(True, reason="needs a user that a read-only mode stops")
def test_skipped_for_another_reason():
    pass
"""

MODULE = """
import pytest
pytest.importorskip("a_package_nobody_installed")

def test_never_collected():
    pass
"""


def _run(tmp_path: Path, source: str, ci: bool) -> str:
    (tmp_path / "test_cases.py").write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "1"} if ci else {})
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_plugin", "-p", "no:cacheprovider", "-q", "-rA", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    return result.stdout


def test_outside_ci_every_skip_is_a_skip(tmp_path: Path) -> None:
    out = _run(tmp_path, CASES, ci=False)
    assert "3 skipped" in out and "failed" not in out and "error" not in out


def test_in_ci_a_missing_package_or_tool_fails_and_other_skips_stay(tmp_path: Path) -> None:
    out = _run(tmp_path, CASES, ci=True)
    assert "FAILED test_cases.py::test_needs_a_package_that_is_not_there" in out
    assert "FAILED test_cases.py::test_needs_a_tool_that_is_not_there" in out
    assert "could not import 'a_package_nobody_installed'" in out
    assert "2 failed, 1 skipped" in out


def test_in_ci_a_module_that_needs_a_missing_package_is_an_error(tmp_path: Path) -> None:
    assert "1 skipped" in _run(tmp_path, MODULE, ci=False)
    out = _run(tmp_path, MODULE, ci=True)
    assert "ERROR test_cases.py" in out and "CI must have what this test needs" in out
