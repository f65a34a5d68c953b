"""The shape of the code a maintainer takes over: short modules, short functions, documented parameters.

Issue 16: no module over 400 lines; no function over 60 lines unless its
docstring says why (a paragraph starting "Long because"); a numpydoc
Parameters section for every public function and every public method of a
public class that takes arguments. A function's length is counted from its
``def`` to its last line without its docstring (the docstring is
documentation, not logic); a module's is every line of its file.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path

import klyngestat

PACKAGE = Path(klyngestat.__file__).parent
MODULE_LINES = 400
FUNCTION_LINES = 60
REASON = "Long because"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    assert node.end_lineno is not None
    lines = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        assert first.end_lineno is not None
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, f"modules over {MODULE_LINES} lines: {long}"


def test_no_function_is_over_60_lines_without_a_reason() -> None:
    long = {}
    for path in _modules():
        for node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            if _length(node) > FUNCTION_LINES and REASON not in (ast.get_docstring(node) or ""):
                long[f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}"] = _length(node)
    assert not long, f"functions over {FUNCTION_LINES} lines with no {REASON!r} in their docstring: {long}"


def _public_callables() -> Iterator[tuple[str, Callable[..., object]]]:
    """Every function in a public module's ``__all__`` and every public method of a class there."""
    seen: set[int] = set()
    for info in pkgutil.walk_packages(klyngestat.__path__, "klyngestat."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                members = [(name, obj)]
            elif inspect.isclass(obj) and obj.__module__.startswith("klyngestat"):
                members = [
                    (f"{name}.{attr}", fn)
                    for attr, fn in vars(obj).items()
                    if not attr.startswith("_") and inspect.isfunction(fn)
                ]
            else:
                continue
            for qualified, fn in members:
                if id(fn) not in seen:
                    seen.add(id(fn))
                    yield f"{fn.__module__}.{qualified}", fn


def test_every_public_function_documents_its_parameters() -> None:
    undocumented = [
        name
        for name, fn in _public_callables()
        if [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]
        and "Parameters\n" not in inspect.cleandoc(fn.__doc__ or "")
    ]
    assert not undocumented, f"{len(undocumented)} public functions without a Parameters section: {undocumented}"


def test_the_checks_see_the_whole_package() -> None:
    """The walks reach every module and the public functions of each layer (a check of nothing cannot fail)."""
    names = [name for name, _ in _public_callables()]
    assert len(_modules()) > 60
    for layer in ("io", "models", "stats", "release", "present"):
        assert any(name.startswith(f"klyngestat.{layer}.") for name in names), layer
    assert "klyngestat.stats.shares.group_share" in names
