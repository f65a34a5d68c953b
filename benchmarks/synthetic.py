"""A synthetic survey of any size: 1,000,000 invited × 40 closed questions by default."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from klyngestat import Questionnaire, load_questionnaire

T = TypeVar("T")

N_SPECIALTIES = 16
CLUSTERS_PER_SPECIALTY = 12


def best_of(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The shortest wall time of ``repeat`` calls, and the last call's result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def synthetic_questionnaire(n_questions: int = 40) -> Questionnaire:
    """The bundled questionnaire's scales with ``n_questions`` closed questions on the 'grad' scale."""
    base = load_questionnaire()
    questions = [
        {"id": f"q{i:02d}", "text": f"Syntetisk spørgsmål {i}", "scale": "grad", "section": "betydning"}
        for i in range(1, n_questions + 1)
    ]
    return Questionnaire.model_validate({**base.model_dump(exclude={"questions"}), "questions": questions})


def synthetic_frame(n_rows: int = 1_000_000, n_questions: int = 40, seed: int = 20251) -> pd.DataFrame:
    """Canonical-format frame: codes 1-5 and 9 as text, blanks for non-respondents and skips."""
    rng = np.random.default_rng(seed)
    specialty = rng.integers(0, N_SPECIALTIES, n_rows)
    cluster = rng.integers(0, CLUSTERS_PER_SPECIALTY, n_rows)
    status = rng.choice(np.array(["completed", "partial", "not_answered"]), n_rows, p=[0.6, 0.05, 0.35])
    frame = {
        "respondent_id": pd.Series(np.arange(n_rows)).astype(str),
        "specialty": pd.Categorical.from_codes(specialty, [f"Speciale {i:02d}" for i in range(N_SPECIALTIES)]),
        "cluster": pd.Categorical.from_codes(
            specialty * CLUSTERS_PER_SPECIALTY + cluster,
            [f"Klynge {s:02d}-{c:02d}" for s in range(N_SPECIALTIES) for c in range(CLUSTERS_PER_SPECIALTY)],
        ),
        "status": pd.Categorical(status),
    }
    answers = np.array(["1", "2", "3", "4", "5", "9"])
    non_respondent = status == "not_answered"
    for i in range(1, n_questions + 1):
        codes = rng.choice(6, n_rows, p=[0.25, 0.35, 0.2, 0.1, 0.05, 0.05])
        codes[non_respondent | (rng.random(n_rows) < 0.02)] = -1
        frame[f"q{i:02d}"] = pd.Categorical.from_codes(codes, answers)
    return pd.DataFrame(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/synthetic.csv"))
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    synthetic_frame(args.rows, args.questions).to_csv(args.out, index=False)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
