"""The packaging files agree with each other, so CI tests what pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
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


def _runtime_floors() -> dict[str, Version]:
    """Each runtime dependency (the core's and those of the extras the dev extra installs) and its floor.

    A package named more than once (pyarrow by the core and by [parquet], fontTools by the core and by [pdf])
    has the highest of its floors: that is the lowest version the install can have.
    """
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    (own,) = [Requirement(r) for r in extras["dev"] if Requirement(r).name == project["name"]]
    floors: dict[str, Version] = {}
    for line in [*project["dependencies"], *(r for extra in sorted(own.extras) for r in extras[extra])]:
        requirement = Requirement(line)
        (floor,) = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        name = canonicalize_name(requirement.name)
        floors[name] = max(floors.get(name, floor), floor)
    return floors


def test_the_lowest_constraints_pin_every_runtime_dependency_at_its_floor() -> None:
    floors = _runtime_floors()
    pins = {canonicalize_name(name): version for name, version in _pins("constraints-lowest.txt").items()}
    assert {"numpy", "pandas", "scipy", "weasyprint", "pyarrow"} <= floors.keys() <= pins.keys()
    assert {name: pins[name] for name in floors} == floors
    # the rest are development tools (pinned as in constraints-dev.txt)
    dev = {canonicalize_name(Requirement(line).name) for line in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    assert pins.keys() - floors.keys() <= dev


def test_ci_runs_readmes_tests_again_at_the_lowest_versions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (pytest_command,) = set(re.findall(r"python -m pytest[^&`\n]*", readme))
    first = ci.index('-e ".[dev]" -c constraints-dev.txt')
    lowest = ci.index('-e ".[dev]" -c constraints-lowest.txt')
    assert first < ci.index(pytest_command, first) < ci.index("mypy", first) < lowest  # the first job as it was
    assert ci.index(pytest_command, lowest) > lowest
    assert ci.index("rm -rf .venv-ci-lowest") < ci.index("python3 -m venv .venv-ci-lowest") < lowest
