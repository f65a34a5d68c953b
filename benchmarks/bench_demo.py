"""Time ``klyngestat demo``: every specialty's fact sheet as HTML and PDF, the national overview, JSON and the index.

Run: python benchmarks/bench_demo.py [--repeat R]

Target (issue 12): the whole demo, HTML + PDF + overview, under 10 s on the
project's 2-core machine. Prints the wall and CPU time of the whole job (a fresh
process each run, as a user starts it; CPU summed over its worker processes),
then, measured in the same run in one process, what its parts cost: building
the Release, the audit, drawing the charts (SVG), the HTML pages, and the PDFs
(WeasyPrint). The floor is
the part no parallelism removes (release and audit) plus the PDF engine's own
work spread over the cores: the demo's ratio to it says how much is overhead.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _demo_wall(out: Path) -> tuple[float, float]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    times, cpus = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            wall, cpu = _demo_wall(Path(out))
            times.append(wall)
            cpus.append(cpu)
            files = sum(1 for _ in Path(out).iterdir())

    from klyngestat.demo import _demo
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.overview import overview_html
    from klyngestat.present.render import _svg, to_html, write_pdf

    start = time.perf_counter()
    release = _demo()
    build = time.perf_counter() - start
    start = time.perf_counter()
    release.check()
    audit = time.perf_counter() - start
    sheets = [build_factsheet(release, s) for s in release.specialties]
    start = time.perf_counter()
    charts = sum(1 for sheet in sheets for chart in sheet.charts if _svg(chart))
    drawing = time.perf_counter() - start
    start = time.perf_counter()
    pages = [to_html(sheet) for sheet in sheets] + [overview_html(release)]
    html = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        for n, page in enumerate(pages):
            write_pdf(page, Path(out) / f"{n}.pdf")
        pdf = time.perf_counter() - start
    floor = build + audit + pdf / cores
    best = min(times)
    print(
        f"klyngestat demo: {times[0]:.1f} s first run, {best:.1f} s best of {args.repeat} "
        f"({len(sheets)} fact sheets + overview, HTML and PDF, {files} files, {cores} cores), "
        f"CPU {min(cpus):.1f} s; "
        f"target < 10 s: {'OK' if best < 10 else 'MISSED'}"
    )
    print(
        f"parts, one process: release {build:.1f} s, audit {audit:.1f} s, {charts} charts drawn {drawing:.1f} s "
        f"({drawing / charts * 1000:.0f} ms each), {len(pages)} HTML pages {html:.1f} s (charts included), "
        f"{len(pages)} PDFs {pdf:.1f} s ({pdf / len(pages):.2f} s each)"
    )
    print(f"floor (release + audit + PDFs over {cores} cores): {floor:.1f} s; demo / floor = {best / floor:.2f}")


if __name__ == "__main__":
    main()
