"""Time ``klyngestat demo``: every specialty's fact sheet as HTML and PDF, the national overview, JSON and the index.

Run: python benchmarks/bench_demo.py [--repeat R]

Targets: issue 12, the whole demo, HTML + PDF + overview, under 10 s (wall) on
the project's 2-core machine; issue 14, its CPU time halved from the 12.4 s
measured before the PDFs existed, so at most 6.2 s. Prints the wall and CPU
time of the whole job (a fresh process each run, as a user starts it; CPU
summed over its worker processes) with the machine's load average (other work
shares the machine; CPU time is the steadier figure), then, measured in the
same run in one process, what its parts cost in CPU and wall time: building
the Release, the audit, starting the PDF engine (import and fonts), drawing
the charts (SVG), the HTML pages, and the PDFs (WeasyPrint, engine warm).

Two floors follow. The wall floor is the part no parallelism removes (release
and audit) plus the PDFs spread over the cores. The CPU floor is the work the
demo cannot leave out: release, audit, one start of the PDF engine and the
PDFs themselves; if it is above the CPU target, the target cannot be met by
the demo's own code, and the line says by how much. klyngestat's bytecode is
written first, as ``pip install`` does (see _installed.py).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))

from _installed import write_bytecode

BASELINE_CPU = 12.4
"""Issue 14: CPU seconds of ``klyngestat demo`` before the PDFs existed."""
TARGET_CPU = BASELINE_CPU / 2
"""Issue 14: that time halved."""
TARGET_WALL = 10.0
"""Issue 12: wall seconds of the whole demo."""

T = TypeVar("T")


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _demo_run(out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``klyngestat demo`` run."""
    cpu = _cpu_of_children()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "klyngestat.cli", "demo", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _cpu_of_children() - cpu


def _timed(work: Callable[[], T]) -> tuple[T, float, float]:
    """The result of ``work`` and its CPU and wall seconds in this process."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(write_bytecode())
    cores = len(os.sched_getaffinity(0))
    load_before = _load()
    times, cpus = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            wall, cpu = _demo_run(Path(out))
            times.append(wall)
            cpus.append(cpu)
            files = sum(1 for _ in Path(out).iterdir())
    load_after = _load()

    from klyngestat.demo import _demo, _warm
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.overview import overview_html
    from klyngestat.present.render import _svg, pdf_bytes, to_html

    release, build, build_wall = _timed(_demo)
    _, audit, audit_wall = _timed(release.check)
    _, engine, engine_wall = _timed(_warm)
    sheets = [build_factsheet(release, s) for s in release.specialties]
    charts, drawing, drawing_wall = _timed(lambda: sum(1 for sheet in sheets for c in sheet.charts if _svg(c)))
    pages, html, html_wall = _timed(lambda: [to_html(sheet) for sheet in sheets] + [overview_html(release)])
    pdfs, pdf, pdf_wall = _timed(lambda: [pdf_bytes(page) for page in pages])
    size = sum(len(b) for b in pdfs)

    best, least = min(times), min(cpus)
    print(
        f"klyngestat demo: {times[0]:.1f} s first run, {best:.1f} s best of {args.repeat} "
        f"({len(sheets)} fact sheets + overview, HTML and PDF, {files} files, {cores} cores), "
        f"CPU {least:.1f} s (runs: {', '.join(f'{c:.1f}' for c in cpus)}); {load_before} before, {load_after} after; "
        f"target < {TARGET_WALL:.0f} s: {'OK' if best < TARGET_WALL else 'MISSED'}"
    )
    print(
        f"CPU {least:.1f} s = {least / BASELINE_CPU:.2f} x issue 14's baseline {BASELINE_CPU} s (before PDFs); "
        f"target <= {TARGET_CPU:.1f} s (halved): {'OK' if least <= TARGET_CPU else 'MISSED'}"
    )
    print(
        f"parts, one process, CPU (wall): release {build:.2f} s ({build_wall:.2f}), audit {audit:.2f} s "
        f"({audit_wall:.2f}), PDF engine and fonts start {engine:.2f} s ({engine_wall:.2f}), {charts} charts drawn "
        f"{drawing:.2f} s ({drawing_wall:.2f}; {drawing / charts * 1000:.0f} ms each), {len(pages)} HTML pages "
        f"{html:.2f} s ({html_wall:.2f}; charts included), {len(pages)} PDFs {pdf:.2f} s ({pdf_wall:.2f}; "
        f"{pdf / len(pages):.2f} s each, {size / 1e6:.2f} MB); {_load()}"
    )
    floor = build_wall + audit_wall + pdf_wall / cores
    print(f"wall floor (release + audit + PDFs over {cores} cores): {floor:.1f} s; demo / floor = {best / floor:.2f}")
    cpu_floor = build + audit + engine + pdf
    verdict = (
        f"above the target by {cpu_floor - TARGET_CPU:.1f} s: halving needs release, audit or WeasyPrint faster"
        if cpu_floor > TARGET_CPU
        else "within the target"
    )
    print(
        f"CPU floor (release + audit + PDF engine start + PDFs, one process): {cpu_floor:.1f} s, {verdict}; "
        f"demo CPU / floor = {least / cpu_floor:.2f}"
    )


if __name__ == "__main__":
    main()
