"""The layers hold: data flows one way, models -> survey -> statistics -> release -> presentation -> CLI.

An import contract over the package's import graph, read with ``ast`` from
every module file of ``klyngestat/``: every ``import`` and ``from … import``
counts, at module level, inside functions (lazy imports) and under ``if
TYPE_CHECKING:``, and so do ``importlib.import_module("…")`` calls with a
literal name. A rule forbids a layer (a module and its submodules) to import
another; a failure lists every offending module, line and imported name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "klyngestat"


@dataclass(frozen=True)
class Import:
    """One import of a module: where it is and what it names."""

    module: str
    line: int
    name: str


@dataclass(frozen=True)
class Rule:
    """Modules of ``layer`` must not import any module of ``forbidden``."""

    layer: str
    forbidden: tuple[str, ...]
    why: str


RULES = (
    Rule(
        "klyngestat.stats",
        ("klyngestat.present", "klyngestat.release", "klyngestat.cli"),
        "statistics are plain functions of a Survey; they never import presentation or the Release",
    ),
    *(
        Rule(
            layer,
            ("klyngestat.stats", "klyngestat.present", "klyngestat.release", "klyngestat.cli"),
            "models, readers and the Survey come before statistics",
        )
        for layer in ("klyngestat.survey", "klyngestat.models", "klyngestat.io")
    ),
    Rule(
        "klyngestat.release",
        ("klyngestat.present", "klyngestat.cli"),
        "the Release is what presentation renders; it never imports presentation",
    ),
    Rule(
        "klyngestat.present",
        ("klyngestat.survey", "klyngestat.io", "klyngestat.stats", "klyngestat.cli"),
        "presentation renders only from the Release, never from the Survey's rows or the statistics",
    ),
)


def within(name: str, layer: str) -> bool:
    """Whether a dotted name is the layer or one of its submodules (``klyngestat.presentx`` is not ``present``)."""
    return name == layer or name.startswith(layer + ".")


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a module file under the folder holding the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    if not level:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imports_of(module: str, source: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import in a module's source, wherever it stands (functions and ``if TYPE_CHECKING:`` included).

    ``from a import b`` yields ``a`` and ``a.b`` (``b`` may be a submodule);
    relative imports are made absolute.
    """
    for node in ast.walk(ast.parse(source, filename=module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            yield Import(module, node.lineno, base)
            for alias in node.names:
                if alias.name != "*":
                    yield Import(module, node.lineno, f"{base}.{alias.name}")
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                or (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__"))
            )
        ):
            yield Import(module, node.lineno, node.args[0].value)


def package_sources(package: Path = PACKAGE) -> dict[str, tuple[str, bool]]:
    """Every module of the package: dotted name -> (source, is a package's ``__init__``)."""
    return {
        module_name(path, package.parent): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted(package.rglob("*.py"))
    }


def import_graph(sources: Mapping[str, tuple[str, bool]]) -> list[Import]:
    """All imports of all modules."""
    return [i for name, (source, package) in sources.items() for i in imports_of(name, source, is_package=package)]


def violations(graph: Iterable[Import], rule: Rule) -> list[Import]:
    """The imports that break a rule, one per (module, line, name)."""
    found = {
        i
        for i in graph
        if within(i.module, rule.layer) and any(within(i.name, forbidden) for forbidden in rule.forbidden)
    }
    return sorted(found, key=lambda i: (i.module, i.line, i.name))


def report(rule: Rule, found: list[Import]) -> str:
    """A failure message naming every offending module, line and imported name."""
    lines = [f"{rule.layer} must not import {', '.join(rule.forbidden)} ({rule.why}); {len(found)} import(s) do:"]
    lines += [f"  {i.module}:{i.line} imports {i.name}" for i in found]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return import_graph(package_sources())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.layer}-must-not-import")
def test_layer_imports_only_downstream(graph: list[Import], rule: Rule) -> None:
    found = violations(graph, rule)
    assert not found, report(rule, found)


def test_the_graph_sees_every_module_and_lazy_imports(graph: list[Import]) -> None:
    modules = {i.module for i in graph}
    files = list(PACKAGE.rglob("*.py"))
    assert len(package_sources()) == len(files) and len(modules) > 40
    names = {(i.module, i.name) for i in graph}
    assert ("klyngestat.stats.spread", "klyngestat.stats.suppression") in names
    # a lazy import inside a method, and one under TYPE_CHECKING
    assert ("klyngestat.release.core", "klyngestat.release.audit") in names
    assert ("klyngestat.release.core", "klyngestat.release.disclosure") in names


SYNTHETIC = """
from __future__ import annotations

from typing import TYPE_CHECKING
import importlib

import klyngestat.presentation_notes          # not klyngestat.present: no violation
from klyngestat.stats import shares           # allowed
from klyngestat.present.formatting import format_share

if TYPE_CHECKING:
    from klyngestat.release import Release

from .. import cli


def show(x):
    import klyngestat.present.notebook as nb
    from klyngestat import present
    return importlib.import_module("klyngestat.release.core")
"""


def test_the_rule_engine_catches_every_kind_of_import() -> None:
    sources = {"klyngestat.stats.fake": (SYNTHETIC, False)}
    graph = import_graph(sources)
    stats_rule = RULES[0]
    found = violations(graph, stats_rule)
    assert [(i.line, i.name) for i in found] == [
        (9, "klyngestat.present.formatting"),
        (9, "klyngestat.present.formatting.format_share"),
        (12, "klyngestat.release"),
        (12, "klyngestat.release.Release"),
        (14, "klyngestat.cli"),
        (18, "klyngestat.present.notebook"),
        (19, "klyngestat.present"),
        (20, "klyngestat.release.core"),
    ]
    message = report(stats_rule, found)
    assert "klyngestat.stats.fake:18 imports klyngestat.present.notebook" in message
    assert "klyngestat.stats.fake:12 imports klyngestat.release" in message
    assert "klyngestat.stats.fake:14 imports klyngestat.cli" in message


def test_a_clean_module_passes_and_relative_imports_resolve() -> None:
    graph = import_graph(
        {
            "klyngestat.models.fake": ("from . import roster\nfrom .problems import Problem\n", False),
            "klyngestat.io": ("from .writers import formula_safe\n", True),
        }
    )
    names = {(i.module, i.name) for i in graph}
    assert ("klyngestat.models.fake", "klyngestat.models.roster") in names
    assert ("klyngestat.models.fake", "klyngestat.models.problems") in names
    assert ("klyngestat.io", "klyngestat.io.writers") in names
    assert all(not violations(graph, rule) for rule in RULES)
