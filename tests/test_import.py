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


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="matplotlib not installed")
def test_the_probe_sees_matplotlib_once_charts_are_imported() -> None:
    # Guards the test above against passing vacuously.
    assert "matplotlib" in _modules_after("from klyngestat.present.charts._base import _new_figure; _new_figure()")


def test_the_demos_pages_draw_without_matplotlib() -> None:
    # Fact sheets and the overview write their charts as SVG directly; matplotlib is for notebooks and PNGs only.
    loaded = _modules_after(
        "import klyngestat as ks; from klyngestat.present.factsheet import build_factsheet; "
        "from klyngestat.present.render import to_html; from klyngestat.present.overview import overview_html; "
        "release = ks.build_release(ks.demo_survey()); "
        "pages = [to_html(build_factsheet(release, s)) for s in ('Dermatologi', 'Urologi')]; "
        "pages.append(overview_html(release)); assert all(p.count('<svg') >= 2 for p in pages)"
    )
    assert "matplotlib" not in {m.split(".")[0] for m in loaded}
    assert "scipy.stats" not in loaded  # the Release's tests and intervals need no scipy.stats either


def test_the_command_lines_start_imports_no_data_library() -> None:
    # `klyngestat --help` (and the parsing of every command) starts at once: pandas and the rest load when the
    # command runs; the API's names load on first use
    code = (
        "import sys, contextlib, io; from klyngestat.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])\n"
        "import klyngestat; print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'scipy'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def _validate_in_a_fresh_interpreter(*arguments: str) -> tuple[int, list[str]]:
    """`klyngestat validate` run by a fresh interpreter: its exit code and which data libraries it imported."""
    code = (
        "import sys, contextlib, io; from klyngestat.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): status = main(sys.argv[1:])\n"
        "print(status, sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'pyarrow'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "validate", *arguments], capture_output=True, text=True, check=True, timeout=120
    )
    status, loaded = result.stdout.strip().split(" ", 1)
    return int(status), ast.literal_eval(loaded)


@pytest.mark.parametrize("output", ["text", "json"])
def test_validating_the_demo_csv_imports_no_pandas(output: str) -> None:
    # Issue 14: `klyngestat validate` on a CSV file within 0.5 s; pandas' import alone takes most of that, so a CSV
    # file is read and checked on numpy and pyarrow, and pandas is imported only to build a Survey.
    from klyngestat.data import demo_survey_path

    status, loaded = _validate_in_a_fresh_interpreter(str(demo_survey_path()), "--format", output)
    assert status == 0
    assert loaded == ["numpy", "pyarrow"], "validating a CSV file imported pandas"


def test_validating_a_csv_file_with_problems_imports_no_pandas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "svar.csv"
    path.write_text(
        "respondent_id;specialty;cluster;status;forbedringer;forbedringer_tekst\n"
        "D001;Dermatologi;Derma – Nord;færdig;måske;Tekst\n"
        "D001;;Derma – Nord;not_answered;Ja;\n"
        ";;;;;\n",
        encoding="cp1252",
    )
    status, loaded = _validate_in_a_fresh_interpreter(str(path))
    assert status == 1
    assert "pandas" not in loaded
