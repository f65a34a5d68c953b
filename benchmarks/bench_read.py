"""`klyngestat stats` on a 1,000,000-row × 40 cp1252 CSV against the pandas-pyarrow floor, in time and peak memory.

Run: python benchmarks/bench_read.py [--rows N] [--questions K] [--repeat R] [--timeout S]

Each run is a fresh process; its peak memory is the process's maximum resident
set size (ru_maxrss of that child alone, from wait4), its time the wall time
from start to exit, interpreter and imports included. Figures:

1. ``klyngestat stats FILE --questionnaire Q --population none``: the CLI end to
   end (reading, validating, every statistic, its JSON written to /dev/null).
2. The floor: what an analyst writes with pandas for the same figures,
   ``read_csv(FILE, sep=";", encoding="cp1252", engine="pyarrow")`` then the
   top-box count and base of every question among respondents (completed or
   partial) for the nation, each specialty and each cluster.
3. Reading alone: ``read_survey(FILE, questionnaire=Q)`` (reading, validating
   every cell, building the Survey) against pandas' ``read_csv`` as in 2.

Target (issue 14): 1. at most 1.5× 2. measured in the same run, at most 600 MB.
The machine is shared: the load average is printed with every figure, the
commands compared take turns, and the best of ``--repeat`` runs is kept.
klyngestat's bytecode is written first, as ``pip install`` does (see _installed.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _installed import write_bytecode
from synthetic import synthetic_frame

OUT = Path(__file__).parent / "out"
RATIO = 1.5
PEAK_MB = 600

FLOOR = """
import sys, pandas as pd
path = sys.argv[1]
frame = pd.read_csv(path, sep=";", encoding="cp1252", engine="pyarrow")
questions = [c for c in frame.columns if c not in ("respondent_id", "specialty", "cluster", "status")]
respondents = frame[frame["status"].isin(["completed", "partial"])]
answers = respondents[questions]
top = answers.isin([1, 2]).astype("int64")
base = answers.notna().astype("int64")
figures = {
    "nation": pd.concat({"top": top.sum(), "base": base.sum()}, axis=1),
    "specialty": pd.concat({"top": top.groupby(respondents["specialty"]).sum(),
                            "base": base.groupby(respondents["specialty"]).sum()}, axis=1),
    "cluster": pd.concat({"top": top.groupby([respondents["specialty"], respondents["cluster"]]).sum(),
                          "base": base.groupby([respondents["specialty"], respondents["cluster"]]).sum()}, axis=1),
}
with open(sys.argv[2], "w") as out:
    for level, table in figures.items():
        out.write(table.to_json())
"""

READ_FLOOR = """
import sys, pandas as pd
frame = pd.read_csv(sys.argv[1], sep=";", encoding="cp1252", engine="pyarrow")
"""

READ_SURVEY = """
import sys
from klyngestat import read_survey
survey = read_survey(sys.argv[1], questionnaire=sys.argv[2])
"""


@dataclass(frozen=True)
class Run:
    """One process: its wall time, peak resident memory, and the load average when it ended."""

    seconds: float
    peak_mb: float
    load: float
    ok: bool

    def __str__(self) -> str:
        if not self.ok:
            return f"did not finish (load {self.load:.2f})"
        return f"{self.seconds:7.2f} s   peak {self.peak_mb:6.0f} MB   (load {self.load:.2f})"


def run(argv: list[str], timeout: float) -> Run:
    """``argv`` in a fresh process, stdout to /dev/null; its own ru_maxrss, not that of every child so far."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return Run(time.perf_counter() - start, usage.ru_maxrss / 1024, os.getloadavg()[0], False)
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            print(errors.read().decode(errors="replace")[-2000:], file=sys.stderr)
        return Run(seconds, usage.ru_maxrss / 1024, os.getloadavg()[0], process.returncode == 0)


def best(argvs: list[list[str]], repeat: int, timeout: float) -> list[Run]:
    """The fastest of ``repeat`` runs of each command, the commands taking turns (so a change of load hits both)."""
    runs: list[list[Run]] = [[] for _ in argvs]
    for _ in range(repeat):
        for argv, mine in zip(argvs, runs, strict=True):
            mine.append(run(argv, timeout))
    return [min((r for r in mine if r.ok), key=lambda r: r.seconds, default=mine[-1]) for mine in runs]


def survey_file(rows: int, questions: int) -> Path:
    """The cp1252, semicolon-separated file Danish Excel writes, with Danish letters in every name (made once)."""
    path = OUT / f"stats_{rows}x{questions}.csv"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        frame = synthetic_frame(rows, questions)
        frame["specialty"] = frame["specialty"].cat.rename_categories(
            lambda name: name.replace("Speciale", "Øre-næse-hals")
        )
        frame["cluster"] = frame["cluster"].cat.rename_categories(lambda name: name.replace("Klynge", "Klynge Århus"))
        frame.to_csv(path, sep=";", encoding="cp1252", index=False)
    return path


def questionnaire_file(questions: int) -> Path:
    """The bundled questionnaire's scales with ``questions`` closed questions on the 'grad' scale, as TOML."""
    path = OUT / f"synthetic{questions}.toml"
    if not path.exists():
        from importlib import resources

        bundled = resources.files("klyngestat.data").joinpath("ekvis_klyngearbejde.toml").read_text(encoding="utf-8")
        questions_toml = "".join(
            f'[[questions]]\nid = "q{i:02d}"\ntext = "Syntetisk spørgsmål {i:02d}"\nscale = "grad"\n'
            'section = "betydning"\n\n'
            for i in range(1, questions + 1)
        )
        path.write_text(bundled[: bundled.index("[[questions]]")] + questions_toml, encoding="utf-8")
    return path


def verdict(mine: Run, floor: Run) -> str:
    if not (mine.ok and floor.ok):
        return "MISSED (a run did not finish)"
    ratio = mine.seconds / floor.seconds
    time_ok = "OK" if ratio <= RATIO else "MISSED"
    memory_ok = "OK" if mine.peak_mb <= PEAK_MB else "MISSED"
    return (
        f"{ratio:.2f}× the floor: {time_ok} (at most {RATIO}×); "
        f"peak {mine.peak_mb:.0f} MB: {memory_ok} (at most {PEAK_MB} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest is kept")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a run may take")
    args = parser.parse_args()
    path = survey_file(args.rows, args.questions)
    questionnaire = questionnaire_file(args.questions)
    python = sys.executable
    klyngestat = [python, "-m", "klyngestat.cli"]  # the `klyngestat` command, run by this interpreter
    print(
        f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows × {args.questions} questions, cp1252, ';'"
    )
    print(f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}")

    print(write_bytecode())

    with tempfile.TemporaryDirectory() as folder:
        stats, floor = best(
            [
                [*klyngestat, "stats", str(path), "--questionnaire", str(questionnaire), "--population", "none"],
                [python, "-c", FLOOR, str(path), str(Path(folder) / "floor.json")],
            ],
            args.repeat,
            args.timeout,
        )
    print(f"klyngestat stats (CLI, end to end)       {stats}")
    print(f"floor: pandas read_csv pyarrow + groupby  {floor}")
    print(f"  -> {verdict(stats, floor)}")

    reading, read_floor = best(
        [[python, "-c", READ_SURVEY, str(path), str(questionnaire)], [python, "-c", READ_FLOOR, str(path)]],
        args.repeat,
        args.timeout,
    )
    print(f"read_survey (read, validate, Survey)     {reading}")
    print(f"pandas read_csv(engine='pyarrow')        {read_floor}")
    print(f"  -> reading alone: {verdict(reading, read_floor)}")


if __name__ == "__main__":
    main()
