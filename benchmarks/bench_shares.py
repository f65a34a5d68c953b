"""Time every specialty, cluster and national top-box share of a 1,000,000 × 40 survey.

Run: python benchmarks/bench_shares.py [--rows N] [--questions K] [--repeat R]

Prints the time to validate the frame into a Survey, the time of
``share_table`` (target: under 1 s), and the same figures computed the way a
pandas user would (groupby + value_counts per question and level) as a ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import best_of, synthetic_frame, synthetic_questionnaire

from klyngestat import share_table, survey_from_frame


def pandas_way(frame: pd.DataFrame, questions: list[str]) -> pd.DataFrame:
    """Top-box counts and bases with plain pandas groupby, as an analyst would write it."""
    respondents = frame[frame["status"].isin(["completed", "partial"])]
    rows = []
    for q in questions:
        answered = respondents[respondents[q].notna()]
        top = answered[q].isin(["1", "2"])
        for keys in (None, ["specialty"], ["specialty", "cluster"]):
            if keys is None:
                rows.append((q, "nation", int(top.sum()), len(answered)))
                continue
            grouped = top.groupby([answered[k] for k in keys], observed=True).agg(["sum", "size"])
            rows += [(q, keys[-1], int(s), int(n)) for s, n in grouped.to_numpy()]
    return pd.DataFrame(rows, columns=["question", "level", "count", "n"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    questionnaire = synthetic_questionnaire(args.questions)
    t0 = time.perf_counter()
    frame = synthetic_frame(args.rows, args.questions)
    print(f"generated {args.rows:,} × {args.questions} in {time.perf_counter() - t0:.2f} s")

    t_build, survey = best_of(lambda: survey_from_frame(frame, questionnaire=questionnaire), 1)
    print(f"validate + build Survey:    {t_build:8.3f} s   target < 0.5 s: {'OK' if t_build < 0.5 else 'MISSED'}")
    t_shares, table = best_of(lambda: share_table(survey), args.repeat)
    shares = table.to_frame()
    print(
        f"share_table (all levels, {len(shares):,} shares): {t_shares:8.3f} s   target < 1 s: "
        f"{'OK' if t_shares < 1 else 'MISSED'}"
    )
    questions = [f"q{i:02d}" for i in range(1, args.questions + 1)]
    t_pandas, reference = best_of(lambda: pandas_way(frame, questions), args.repeat)
    print(
        f"pandas groupby, same figures:      {t_pandas:8.3f} s   ratio pandas/klyngestat: {t_pandas / t_shares:5.1f}×"
    )
    mine = shares.groupby("level")[["count", "base"]].sum().rename(columns={"base": "n"})
    theirs = reference.groupby("level")[["count", "n"]].sum().rename(index={"specialty": "specialty"})
    assert np.array_equal(mine.loc["nation"].to_numpy(), theirs.loc["nation"].to_numpy()), "nation totals differ"
    assert np.array_equal(mine.loc["cluster"].to_numpy(), theirs.loc["cluster"].to_numpy()), "cluster totals differ"
    print("check: klyngestat and pandas agree on every national and summed cluster count")


if __name__ == "__main__":
    main()
