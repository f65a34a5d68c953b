"""Read a 1,000,000-row canonical CSV: time and peak memory of read_survey against pandas' read_csv.

Run: python benchmarks/bench_read.py [--rows N] [--questions K]

Each reader runs in a fresh process; peak memory is that process's maximum
resident set size (ru_maxrss) minus what it held after its imports. Target:
read_survey (reading, validating every cell, building the Survey) under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_frame

READERS = {
    "klyngestat read_survey": "from klyngestat import read_survey; r = lambda p: read_survey(p, questionnaire=q)",
    "pandas read_csv (all text)": "import pandas as pd; r = lambda p: pd.read_csv(p, dtype=str, keep_default_na=False)",
    "pandas read_csv (category)": "import pandas as pd; r = lambda p: pd.read_csv(p, dtype='category')",
}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {bench!r})
from synthetic import synthetic_questionnaire
q = synthetic_questionnaire({questions})
{setup}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = r({path!r})
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = len(getattr(result, "frame", result))
print(json.dumps({{"seconds": seconds, "peak_mb": (peak - before) / 1024, "rows": rows}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    path = Path(__file__).parent / "out" / f"read_{args.rows}x{args.questions}.csv"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        synthetic_frame(args.rows, args.questions).to_csv(path, index=False)
    print(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows × {args.questions} questions")
    results = {}
    for name, setup in READERS.items():
        code = CHILD.format(bench=str(Path(__file__).parent), questions=args.questions, setup=setup, path=str(path))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
        r = results[name]
        print(f"{name:<28} {r['seconds']:7.2f} s   peak {r['peak_mb']:7.0f} MB   rows {r['rows']:,}")
    mine = results["klyngestat read_survey"]
    print(
        f"target: peak under 2,000 MB: {'OK' if mine['peak_mb'] < 2000 else 'MISSED'}; "
        f"time ratio to pandas read_csv (category): "
        f"{mine['seconds'] / results['pandas read_csv (category)']['seconds']:.1f}×"
    )


if __name__ == "__main__":
    main()
