"""Time ``import klyngestat`` against ``import pandas`` alone, each in fresh interpreters.

Run: python benchmarks/bench_import.py [--runs N]

For each statement, N fresh ``python -X importtime -c STATEMENT`` runs (default
5): the import's own cumulative time from ``-X importtime`` (the top-level
module's line, so interpreter start-up is not counted) and the wall time of the
whole process. Prints the medians and klyngestat's ratio to pandas, and which
of matplotlib, openpyxl, weasyprint and scipy ``import klyngestat`` loaded.

``import klyngestat`` loads each part of the API when first used, so the
benchmark also times what a script's first line costs once it names the
reader and the statistics (``from klyngestat import read_survey,
share_table``), and the command line: ``klyngestat --help`` and ``klyngestat
validate`` on the demo file, whole processes.

klyngestat's bytecode is written first, as ``pip install`` does (see _installed.py).

Targets (issue 14): the import at most 0.15 s over ``import pandas``; ``--help``
and ``validate`` on the demo file under 0.5 s, which ``validate`` can meet only
without importing pandas (the last line says so when it did).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _installed import write_bytecode

WATCHED = ("matplotlib", "openpyxl", "weasyprint", "scipy")


def _cumulative_us(stderr: str, module: str) -> int:
    """The cumulative microseconds of ``module``'s top-level line in ``-X importtime`` output."""
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:  # a module is listed once, where it was first imported
            return int(parts[1])
    raise RuntimeError(f"no top-level line for {module!r} in -X importtime output")


def measure(module: str, runs: int) -> tuple[float, float]:
    """Median import time (cumulative, ms) and median process wall time (ms) over fresh runs."""
    imports, walls = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append((time.perf_counter() - start) * 1000)
        imports.append(_cumulative_us(result.stderr, module) / 1000)
    return statistics.median(imports), statistics.median(walls)


def process_wall(args: list[str], runs: int) -> float:
    """Median wall time (ms) of a whole process."""
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls)


def first_use(runs: int) -> float:
    """Median wall time (ms) of a process whose only line imports the reader and the statistics."""
    return process_wall([sys.executable, "-c", "from klyngestat import read_survey, share_table"], runs)


def loaded_by_klyngestat() -> str:
    """Which of the watched libraries a fresh ``import klyngestat`` loads."""
    code = f"import klyngestat, sys; print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(WATCHED)!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def validate_loads_no_pandas(path: str) -> bool:
    """Whether ``klyngestat validate`` on a CSV file runs without importing pandas (the only way to its target)."""
    code = (
        "import sys, contextlib, io; from klyngestat.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['validate', sys.argv[1]])\n"
        "print('pandas' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True)
    return result.stdout.strip() == "False"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per statement (default 5)")
    args = parser.parse_args()
    print(write_bytecode())
    pandas_import, pandas_wall = measure("pandas", args.runs)
    ours_import, ours_wall = measure("klyngestat", args.runs)
    print(f"python: {sys.executable} ({sys.version.split()[0]}); median of {args.runs} fresh runs each")
    print(f"import pandas:     {pandas_import:7.1f} ms import   {pandas_wall:7.1f} ms process wall")
    print(f"import klyngestat: {ours_import:7.1f} ms import   {ours_wall:7.1f} ms process wall")
    print(
        f"ratio klyngestat / pandas: {ours_import / pandas_import:.2f} (import), {ours_wall / pandas_wall:.2f} (wall)"
    )
    print(f"of {', '.join(WATCHED)}, import klyngestat loads: {loaded_by_klyngestat()}")
    script = first_use(args.runs)
    print(
        f"from klyngestat import read_survey, share_table: {script:7.1f} ms process wall, "
        f"{(script - pandas_wall) / 1000:+.2f} s over import pandas (no target: the issue sets it on import klyngestat)"
    )
    from klyngestat.data import demo_survey_path

    cli = [sys.executable, "-m", "klyngestat.cli"]
    helping = process_wall([*cli, "--help"], args.runs)
    validating = process_wall([*cli, "validate", str(demo_survey_path())], args.runs)
    print(
        f"klyngestat --help: {helping:7.1f} ms; klyngestat validate (demo file): {validating:7.1f} ms (target < 500 ms)"
        f"{'' if validate_loads_no_pandas(str(demo_survey_path())) else '; it imported pandas'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
