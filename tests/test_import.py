"""``import klyngestat`` stays light: no plotting, Excel or PDF library is imported until used."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "openpyxl", "weasyprint")
WATCHED = "{'matplotlib','openpyxl','weasyprint','scipy'}"


def _modules_after(statement: str) -> list[str]:
    """The watched modules in sys.modules of a fresh interpreter after ``statement``."""
    code = f"{statement}; import sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {WATCHED}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    modules: list[str] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return modules


def test_import_klyngestat_imports_no_plotting_excel_or_pdf_library() -> None:
    loaded = _modules_after("import klyngestat")
    heavy = sorted({m.split(".")[0] for m in loaded} & set(HEAVY))
    assert not heavy, f"import klyngestat imported {heavy}: import them inside the functions that need them"


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="matplotlib (the plot extra) not installed")
def test_the_probe_sees_matplotlib_once_charts_are_imported() -> None:
    # Guards the test above against passing vacuously.
    assert "matplotlib" in _modules_after("import klyngestat.present.charts")
