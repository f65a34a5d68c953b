"""Generate the bundled synthetic demo survey and its roster.

Run from the repository root::

    python -m klyngestat.data.make_demo            # the bundled files, beside this script
    python -m klyngestat.data.make_demo --out DIR  # the same files in DIR (to compare, say)

It writes ``demo_survey.csv`` (canonical format: one row per invited person) and
``demo_roster.csv`` (``specialty, cluster, members``). The data
are synthetic. Dermatologi and Plastikkirurgi reproduce the published fact
sheets (``shared/seeds``) exactly; the other specialties are invented and are
tuned so the pooled national figures come out as the sheets quote them
(65,7 pct. and 48 pct.).

Every closed answer is built from an exact count table (per cluster, or per
specialty and then dealt out to clusters), and only the assignment of those
answers to persons is random. The targets therefore hold by construction. The
script checks them at the end against the written CSV with plain pandas, and it
uses no klyngestat code. Output is deterministic: the rng has a fixed seed, so
two runs give byte-identical files.

Only numpy, pandas, tomllib and the standard library are used. Option labels
come from the bundled questionnaire TOML. The generator's parts are beside it:
the targets (``_demo_population``, ``_demo_counts``), the generation
(``_demo_build``) and the check (``_demo_verify``).
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import numpy as np

from klyngestat.data._demo_build import build, load_questionnaire, shown
from klyngestat.data._demo_population import FORB_Q, KEY_Q, SEED
from klyngestat.data._demo_verify import verify

HERE = Path(__file__).resolve().parent
SURVEY_CSV = HERE / "demo_survey.csv"
ROSTER_CSV = HERE / "demo_roster.csv"


def main(argv: list[str] | None = None) -> None:
    """Write the demo survey and roster, check every target on the written files, and print the totals.

    Parameters
    ----------
    argv
        The command line's arguments (``sys.argv[1:]`` by default).
    """
    parser = argparse.ArgumentParser(
        prog="python -m klyngestat.data.make_demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, help="write the two files into this folder instead of beside the script")
    args = parser.parse_args(argv)
    survey_csv, roster_csv = (
        (args.out / p.name for p in (SURVEY_CSV, ROSTER_CSV)) if args.out else (SURVEY_CSV, ROSTER_CSV)
    )
    survey_csv.parent.mkdir(parents=True, exist_ok=True)
    qn = load_questionnaire()
    frame, roster = build(qn, np.random.default_rng(SEED))
    frame.to_csv(survey_csv, index=False, encoding="utf-8", lineterminator="\n")
    roster.to_csv(roster_csv, index=False, encoding="utf-8", lineterminator="\n")
    totals = verify(qn, survey_csv, roster_csv)
    print(f"wrote {survey_csv.name} ({len(frame)} rows) and {roster_csv.name} ({len(roster)} clusters)")
    print(
        f"  invited {totals['invited']}, respondents {totals['respondents']} "
        f"({float(shown(totals['respondents'], totals['invited'], 1))} pct.)"
    )
    print(
        f"  national {KEY_Q} top box {totals['top']}/{totals['top_base']} "
        f"({float(shown(totals['top'], totals['top_base'], 1))} pct.)"
    )
    print(
        f"  national {FORB_Q} Ja {totals['ja']}/{totals['ja_base']} "
        f"({float(shown(totals['ja'], totals['ja_base'], 1))} pct.)"
    )
    for path in (survey_csv, roster_csv):
        print(f"  sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    print("all targets hold")


if __name__ == "__main__":
    main()
