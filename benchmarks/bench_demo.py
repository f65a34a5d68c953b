"""Time ``klyngestat demo``: every specialty's HTML fact sheet with all charts, plus JSON and the index.

Run: python benchmarks/bench_demo.py [--repeat R]

Target: under 10 s on the project's 2-core machine. Prints the wall time of
the whole job, the time per fact sheet, and how long one chart takes to draw.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from klyngestat import build_release, demo_survey
from klyngestat.demo import write_demo
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.render import _svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            written = write_demo(Path(out))
            times.append(time.perf_counter() - start)
    sheets = sum(1 for p in written if p.suffix == ".html") - 1
    cold, best = times[0], min(times)
    print(
        f"klyngestat demo: {cold:.2f} s first run, {best:.2f} s best of {args.repeat} ({sheets} fact sheets, "
        f"{len(written)} files, {len(os.sched_getaffinity(0))} cores); target < 10 s: {'OK' if cold < 10 else 'MISSED'}"
    )
    sheet = build_factsheet(build_release(demo_survey()), "Dermatologi")
    start = time.perf_counter()
    for chart in sheet.charts:
        _svg(chart)
    per_chart = (time.perf_counter() - start) / len(sheet.charts)
    print(f"one chart drawn to SVG: {per_chart * 1000:.0f} ms on average ({len(sheet.charts)} charts)")


if __name__ == "__main__":
    main()
