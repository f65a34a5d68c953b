"""Every command and code example of README.md and docs/*.md runs, on the demo data (issue 16).

A stale claim in the documentation turns the suite red. For each Markdown file, in the file's order,
in a fresh folder that holds the demo data under the names the docs give it (``svar.csv``,
``klynger.csv``, ``klyngestat/data/…``, the SurveyXact example export …):

- ``python`` blocks run in one namespace per file. A block written as a doctest (``>>>`` lines and
  their output) is run by :mod:`doctest` (ELLIPSIS, NORMALIZE_WHITESPACE), so its output is asserted.
- Shell blocks (a fence with no language, ``bash``, ``sh`` or ``console``; in README.md also the
  indented blocks) run each ``klyngestat …`` line as ``python -m klyngestat.cli …`` would
  (tests/docs_fixtures/cli_runner.py: one process for them all). The exit code must be 0, or 1 where
  the block is marked ``<!-- docs-run: exit 1 -->``. In a ``console`` block the lines after a
  ``$ klyngestat …`` line are its output and are asserted: as JSON contained in the JSON printed
  (the docs abbreviate), else as doctest output, ``…`` standing for any text.
- Any other line of a shell block must be on ``NOT_RUN`` (installing, set-up) or be ``cp``, which is
  done; an unknown command fails.
- ``<!-- docs-run: file NAME -->`` before a block writes the block to NAME (a file the docs show
  and then use); ``<!-- docs-run: skip (reason) -->`` leaves a block out, and ``SKIPPED`` lists them.
"""

from __future__ import annotations

import contextlib
import doctest
import json
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.docs_fixtures.markdown import MARKER, SHOWN, Block, Command, commands, read_blocks
from tests.docs_fixtures.memo import memoised_builds

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "klyngestat" / "data"
SURVEYXACT = ROOT / "tests" / "io" / "fixtures" / "surveyxact"
FILES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]

SET_UP = (
    'python3 -m venv .venv && . .venv/bin/activate && pip install ".[pdf]" && klyngestat demo',
    'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[dev]" -c constraints-dev.txt'
    " && python -m pytest -q -n auto",
)
"""README's two set-up commands (repeated in docs/index.md): tests/test_packaging.py checks them."""

NOT_RUN = {
    "pip install": "installs packages",
    "apt-get install": "installs system packages",
    "python3 -m venv": "makes a virtual environment",
    ". .venv/bin/activate": "enters the virtual environment",
    "source .venv/bin/activate": "enters the virtual environment",
    "python benchmarks/": "a benchmark: minutes, and its figures are one run's",
}
"""Command lines that are shown but not run, by how they start."""

SKIPPED = {
    (
        "README.md",
        "writes 75 files, 17 of them PDFs: some 15 s of CPU; "
        "tests/test_cli.py::test_demo_writes_every_fact_sheet_and_an_index runs it",
    ),
}
"""Every block marked ``<!-- docs-run: skip (reason) -->``: keep it short."""

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


# -- the folder the examples run in ----------------------------------------------------------------


@pytest.fixture(scope="session")
def broken_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/surveyxact.md's export with three faults: a code without a label, no status, an unknown label."""
    pytest.importorskip("openpyxl")
    from tests.io.fixtures.surveyxact import make_fixtures as mf

    tables = mf.export_tables()
    header = tables.dataset_header
    tables.dataset[0][header.index("s_2")] = 7
    for k in range(1, 6):
        tables.dataset[1][header.index(f"statoverall_{k}")] = 0.0
    tables.labels[tables.labels.index(("s_4", 3, "Ved ikke"))] = ("s_4", 3, "Ved ikke rigtigt")
    return mf.write_workbook(tables, tmp_path_factory.mktemp("export") / "export-fejl.xlsx")


def _workspace(folder: Path, broken_export: Path) -> Path:
    """The files the docs name, made from the demo data and the SurveyXact example export."""
    copies = {
        "svar.csv": DATA / "demo_survey.csv",
        "klynger.csv": DATA / "demo_roster.csv",
        "klyngestat/data/demo_survey.csv": DATA / "demo_survey.csv",
        "klyngestat/data/demo_roster.csv": DATA / "demo_roster.csv",
        "klyngestat/data/demo_survey_2026.csv": DATA / "demo_survey_2026.csv",
        "klyngestat/data/demo_roster_2026.csv": DATA / "demo_roster_2026.csv",
        "klyngestat/data/ekvis_klyngearbejde_2026.toml": DATA / "ekvis_klyngearbejde_2026.toml",
        "klyngestat/data/demo_waves.toml": DATA / "demo_waves.toml",
        "klyngestat/data/surveyxact_mapping_example.toml": DATA / "surveyxact_mapping_example.toml",
        "map.toml": DATA / "surveyxact_mapping_example.toml",
        "export.xlsx": SURVEYXACT / "dataset_1234567_20260301_1.xlsx",
        "dataset_1234567_20260301_1.xlsx": SURVEYXACT / "dataset_1234567_20260301_1.xlsx",
        "tests/io/fixtures/surveyxact/dataset_1234567_20260301_1.xlsx": SURVEYXACT / "dataset_1234567_20260301_1.xlsx",
        "export-fejl.xlsx": broken_export,
    }
    for name, source in copies.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)
    shutil.copytree(SURVEYXACT / "csv", folder / "tests/io/fixtures/surveyxact/csv")
    return folder


def test_the_workspace_holds_the_demo_survey_and_its_roster() -> None:
    survey = (DATA / "demo_survey.csv").read_text(encoding="utf-8").splitlines()
    roster = (DATA / "demo_roster.csv").read_text(encoding="utf-8").splitlines()
    assert survey[0].startswith("respondent_id,specialty,cluster,status,") and len(survey) == 1 + 1092
    assert roster[0] == "specialty,cluster,members" and len(roster) == 1 + 80


# -- the command line, one process for every command -----------------------------------------------


@pytest.fixture(scope="session")
def klyngestat() -> Iterator[Callable[[list[str], Path], dict[str, Any]]]:
    """Run ``klyngestat ARGS`` in a folder; returns rc, stdout, stderr and the two merged."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "docs_fixtures" / "cli_runner.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdin is not None and process.stdout is not None

    def run(argv: list[str], cwd: Path) -> dict[str, Any]:
        process.stdin.write(json.dumps({"argv": argv, "cwd": str(cwd)}) + "\n")  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]
        answer = process.stdout.readline()  # type: ignore[union-attr]
        assert answer, f"the command runner ended at klyngestat {shlex.join(argv)}"
        result: dict[str, Any] = json.loads(answer)
        return result

    yield run
    process.stdin.close()
    process.wait(timeout=60)


# -- checking what a block shows -------------------------------------------------------------------


def _within(shown: object, printed: object) -> bool:
    """Every key the docs show is printed with the value shown; lists in full, numbers exactly."""
    if isinstance(shown, dict):
        return isinstance(printed, dict) and all(k in printed and _within(v, printed[k]) for k, v in shown.items())
    if isinstance(shown, list):
        return isinstance(printed, list) and len(shown) == len(printed) and all(map(_within, shown, printed))
    return type(shown) is type(printed) and shown == printed


def _somewhere(shown: object, printed: object) -> bool:
    """The JSON shown is the printed JSON or one of its objects, abbreviated."""
    if _within(shown, printed):
        return True
    inner = printed.values() if isinstance(printed, dict) else printed if isinstance(printed, list) else ()
    return any(_somewhere(shown, v) for v in inner)


def _output_problem(shown: str, result: dict[str, Any]) -> str | None:
    """What is wrong with the output a console block shows for a command, or None."""
    document = None
    if shown.lstrip().startswith(("{", "[")):
        with contextlib.suppress(ValueError):  # abbreviated with "...": compared as text
            document = json.loads(shown)
    if document is not None:
        try:
            printed = json.loads(result["stdout"])
        except ValueError:
            return f"the docs show JSON, the command printed:\n{result['merged'][:3000]}"
        if _somewhere(document, printed):
            return None
        return f"the JSON shown is not in what the command printed:\n{result['stdout'][:3000]}"
    want = shown.replace("…", "...") + "\n"
    checker = doctest.OutputChecker()
    if checker.check_output(want, result["merged"], OPTIONS):
        return None
    return checker.output_difference(doctest.Example("", want), result["merged"], OPTIONS)


def _run_command(block: Block, command: Command, folder: Path, klyngestat: Callable[..., dict[str, Any]]) -> str:
    """Run one line of a shell block; what is wrong with it, or ""."""
    where = f"{block.file}:{command.line}: {command.text}"
    if command.text in SET_UP:
        return ""
    words = shlex.split(command.text, comments=True)
    if words[0] == "cp" and len(words) == 3:
        shutil.copyfile(folder / words[1], folder / words[2])
        return ""
    if words[0] != "klyngestat":
        known = any(command.text.startswith(start) for start in NOT_RUN)
        return "" if known else f"{where}\n  not a klyngestat command and not on NOT_RUN in {__name__}"
    result = klyngestat(words[1:], folder)
    print(f"{result['cpu_seconds']:6.2f} s CPU  {where}")  # shown with -s or on failure: what the docs cost
    expected = 1 if block.marker == "exit 1" else 0
    if result["rc"] != expected:
        return f"{where}\n  exit code {result['rc']}, the docs say {expected}:\n{result['merged'][-3000:]}"
    problem = _output_problem(command.output, result) if command.output is not None else None
    return f"{where}\n{problem}" if problem else ""


def _run_python(block: Block, namespace: dict[str, Any]) -> str:
    """Run a python block in the file's namespace (as a doctest when it is written as one)."""
    if block.text.lstrip().startswith(">>>"):
        try:
            test = doctest.DocTestParser().get_doctest(block.text, namespace, block.where, block.file, block.line)
        except ValueError as exc:  # not a well-formed doctest
            return f"{block.where}: {exc}"
        runner = doctest.DocTestRunner(optionflags=OPTIONS)
        report: list[str] = []
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # a DocTest works on a copy: later blocks see what this one made
        return "".join(report) if runner.failures else ""
    try:
        exec(compile(block.text, block.where, "exec"), namespace)
    except Exception:
        return f"{block.where}\n{traceback.format_exc()}"
    return ""


def _marker_problem(block: Block) -> str:
    if block.marker and not re.fullmatch(r"skip \(.+\)|exit 1|file \S+", block.marker):
        return f"{block.where}: unknown docs-run marker {block.marker!r}"
    if block.marker == "exit 1" and block.kind != "shell":
        return f"{block.where}: 'exit 1' marks a shell block"
    if block.kind == "shown" and block.info not in SHOWN | {"indented"}:
        return f"{block.where}: a ```{block.info} block is neither run nor in SHOWN"
    return ""


# -- the tests -------------------------------------------------------------------------------------


def _run_blocks(name: str, folder: Path, klyngestat: Callable[..., dict[str, Any]]) -> list[str]:
    """Run every block of a file in its order; what is wrong with each (empty strings where nothing is)."""
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    problems = []
    for block in read_blocks(name):
        problems.append(_marker_problem(block))
        if block.marker.startswith("skip"):
            continue
        if block.marker.startswith("file "):
            (folder / block.marker.split(" ", 1)[1]).write_text(block.text, encoding="utf-8")
        elif block.kind == "python":
            problems.append(_run_python(block, namespace))
        elif block.kind == "shell":
            problems += [_run_command(block, c, folder, klyngestat) for c in commands(block)]
    return problems


@pytest.mark.parametrize("name", FILES)
def test_the_examples_of_the_file_run(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken_export: Path, klyngestat: Any
) -> None:
    folder = _workspace(tmp_path, broken_export)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    with memoised_builds():  # the python blocks build each distinct Release once (tests/docs_fixtures/memo.py)
        problems = [p for p in _run_blocks(name, folder, klyngestat) if p]
    assert not problems, f"{len(problems)} example(s) of {name} do not do what the docs say:\n\n" + "\n\n".join(
        problems
    )


def test_the_skipped_blocks_are_listed_with_their_reasons() -> None:
    skipped = {
        (b.file, b.marker[len("skip (") : -1]) for f in FILES for b in read_blocks(f) if b.marker.startswith("skip")
    }
    assert skipped == SKIPPED


def test_every_marker_stands_right_before_a_block() -> None:
    """A docs-run comment anywhere else would be ignored, and its block run (or not) unmarked."""
    for name in FILES:
        markers = MARKER.findall((ROOT / name).read_text(encoding="utf-8"))
        assert len(markers) == sum(bool(b.marker) for b in read_blocks(name)), name


def test_no_command_hides_in_an_indented_block_of_docs() -> None:
    """Only README's indented blocks are run: a command elsewhere goes in a console fence."""
    hidden = [
        b.where
        for f in FILES[1:]
        for b in read_blocks(f)
        if b.info == "indented" and any(line.lstrip("$ ").startswith("klyngestat") for line in b.text.splitlines())
    ]
    assert not hidden


def test_every_file_has_examples_that_run() -> None:
    assert [f for f in FILES if all(b.kind == "shown" for b in read_blocks(f))] == []


def test_the_output_check_asserts_what_the_docs_show() -> None:
    printed = {"stdout": '{"a": {"b": 1, "c": [1, 2]}, "d": 2.5, "e": true}', "merged": "3 error(s)\nerror: x\n"}
    assert _output_problem('{"b": 1}', printed) is None  # an object inside the output, abbreviated
    assert _output_problem('{"a": {"c": [1, 2]}, "d": 2.5}', printed) is None
    assert _output_problem('{"b": 2}', printed)  # a value the command did not print
    assert _output_problem('{"a": {"c": [1]}}', printed)  # a list is shown whole
    assert _output_problem('{"e": 1}', printed)  # true is not 1
    assert _output_problem("3 error(s)\n…", printed) is None
    assert _output_problem("3 error(s)  error: x", printed) is None  # runs of white space are one
    assert _output_problem("2 error(s)\n…", printed)
    assert _output_problem('{"b": 1}', {"stdout": "no JSON", "merged": "no JSON"})


def test_console_blocks_pair_each_command_with_its_output() -> None:
    block = Block("x.md", 10, "console", "$ klyngestat a  # note\none\ntwo\n$ klyngestat b\n", "")
    assert commands(block) == [Command(11, "klyngestat a  # note", "one\ntwo"), Command(14, "klyngestat b", None)]
    plain = Block("x.md", 10, "indented", "klyngestat a\n\nklyngestat b\n", "")
    assert [c.line for c in commands(plain)] == [11, 13]
