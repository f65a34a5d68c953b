"""The packaging files agree with each other, so CI tests what pyproject.toml declares."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _pins(name: str) -> dict[str, Version]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", line
            pins[requirement.name.lower()] = Version(spec.version)
    return pins


def test_every_dev_tool_pinned_is_one_the_dev_extra_asks_for() -> None:
    dev = {Requirement(line).name.lower() for line in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    pinned = _pins("constraints-dev.txt")
    assert {"ruff", "mypy", "pytest"} <= pinned.keys() <= dev


def test_a_licence_given_as_text_has_a_setuptools_that_reads_it() -> None:
    assert isinstance(PYPROJECT["project"]["license"], str)  # PEP 639: setuptools 77 or later
    (setuptools,) = [Requirement(r) for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools.specifier.contains("77") and not setuptools.specifier.contains("76.9")


def test_readme_and_ci_install_with_the_pinned_tools() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[dev]" -c constraints-dev.txt' in readme
    assert '-e ".[dev]" -c constraints-dev.txt' in ci
    assert "export CI=1" in ci and "rm -rf .venv-ci" in ci
