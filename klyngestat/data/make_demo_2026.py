"""Generate the second wave (2026) of the bundled synthetic demo survey.

Run from the repository root::

    python -m klyngestat.data.make_demo_2026            # the bundled files, beside this script
    python -m klyngestat.data.make_demo_2026 --out DIR  # the same files in DIR (to compare, say)

It writes four files: ``demo_survey_2026.csv`` and ``demo_roster_2026.csv`` (the
same canonical format as the 2025 wave's), ``ekvis_klyngearbejde_2026.toml`` (the
questionnaire as run in 2026) and ``demo_waves.toml`` (how the 2026 wave's
questions and clusters follow the 2025 wave's). The 2025 files are read, never
written: ``python -m klyngestat.data.make_demo`` makes them.

The 2026 wave is the same invited doctors a year on: the 2025 ids are kept for
everyone still invited, about 2.5 pct. have retired and about 3 pct. joined
(ids ``R2001``, ...); response rates are within five points of each
specialty's 2025 rate; a 2025 respondent mostly gives the same answer again and
otherwise a neighbouring one. Some things change on purpose, so that the demo
has real changes to report:

- Dermatologi's top box on ``understoetter_kvalitet`` rises by 15 points, which
  an exact test supports (about 12 points would not, on some 75 answers);
- nationally, ``forbedringer`` "Ja" rises by 4 points; the other questions
  stay within 3 points;
- one Dermatologi cluster is renamed, and two small Anæstesiologi clusters merge;
- the questionnaire rewords ``data_oenske`` (declared comparable, with a
  reason), renames ``motivation_data`` to ``motivation_praksisdata`` (declared),
  and adds an option to ``data_barriere``'s scale (not declared: not comparable).

The script checks every one of these on the written files with plain pandas,
numpy and scipy, and uses no klyngestat code outside the generator. Output is
deterministic: the rng has a fixed seed, so two runs give byte-identical files.
The parts are in ``_demo_wave2026`` (generation and check), with helpers from
the 2025 generator (``_demo_build``, ``_demo_verify``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from klyngestat.data._demo_build import load_questionnaire, shown
from klyngestat.data._demo_population import FORB_Q, KEY_Q
from klyngestat.data._demo_wave2026 import (
    CLUSTER_LINKS,
    NEW_OPTION,
    RENAMED_Q,
    RESCALED_Q,
    REWORDED_Q,
    REWORDED_REASON,
    SEED_2026,
    YEAR_FROM,
    YEAR_TO,
    build_wave,
    verify_wave,
)

HERE = Path(__file__).resolve().parent
SURVEY_2025 = HERE / "demo_survey.csv"
ROSTER_2025 = HERE / "demo_roster.csv"
QUESTIONNAIRE_2025 = HERE / "ekvis_klyngearbejde.toml"
SURVEY_CSV = HERE / "demo_survey_2026.csv"
ROSTER_CSV = HERE / "demo_roster_2026.csv"
QUESTIONNAIRE_TOML = HERE / "ekvis_klyngearbejde_2026.toml"
WAVES_TOML = HERE / "demo_waves.toml"

# The 2026 questionnaire is the 2025 file's text with these edits, each made exactly once.
QUESTIONNAIRE_EDITS = [
    (
        '# The eKVIS questionnaire on cluster work ("klyngearbejde"), reconstructed from\n'
        "# the 2026 fact sheets. Question ids are a public contract (docs/questionnaire.md).\n",
        '# The eKVIS questionnaire on cluster work ("klyngearbejde") as run in 2026, the demo survey\'s\n'
        "# second wave: written by `python -m klyngestat.data.make_demo_2026` from ekvis_klyngearbejde.toml\n"
        f"# with three changes ({REWORDED_Q} reworded, {next(iter(RENAMED_Q.values()))} renamed"
        f" {next(iter(RENAMED_Q))},\n"
        f"# {RESCALED_Q}'s scale given a new option). demo_waves.toml says how the two waves correspond.\n",
    ),
    (
        'text = "Ønsker du, at der inddrages mere data i klyngearbejdet?"',
        'text = "Ønsker du, at data i højere grad inddrages i klyngearbejdet?"',
    ),
    *((f'id = "{old}"', f'id = "{new}"') for new, old in RENAMED_Q.items()),
    (
        '  { code = 5, label = "Andet" },\n',
        f'  {{ code = {NEW_OPTION[0]}, label = "{NEW_OPTION[1]}" }},\n  {{ code = 5, label = "Andet" }},\n',
    ),
]


def _questionnaire_text(text_2025: str) -> str:
    """The 2026 questionnaire's TOML: the 2025 file's text with each edit made exactly once."""
    for old, new in QUESTIONNAIRE_EDITS:
        if text_2025.count(old) != 1:
            raise SystemExit(f"the 2025 questionnaire does not hold {old!r} exactly once; adjust QUESTIONNAIRE_EDITS")
        text_2025 = text_2025.replace(old, new)
    return text_2025


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _waves_text() -> str:
    """demo_waves.toml: how the 2026 wave's questions and clusters follow the 2025 wave's."""
    lines = [
        "# How the 2026 wave's questions and clusters follow the 2025 wave's.",
        "# Written by `python -m klyngestat.data.make_demo_2026`. Questions and clusters not named here keep",
        f"# their id and name. {RESCALED_Q} is left out on purpose: its scale gained an option in 2026, so it",
        "# is not comparable with 2025.",
        f"from = {YEAR_FROM}",
        f"to = {YEAR_TO}",
        "",
        f"[questions.{REWORDED_Q}]",
        f"reason = {_toml_string(REWORDED_REASON)}",
    ]
    for new, old in RENAMED_Q.items():
        lines += ["", f"[questions.{new}]", f"previous = {_toml_string(old)}  # same text and scale"]
    for specialty, links in CLUSTER_LINKS.items():
        lines += ["", f"[clusters.{_toml_string(specialty)}]"]
        lines += [f"{_toml_string(new)} = [{', '.join(map(_toml_string, olds))}]" for new, olds in links.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Write the 2026 wave's four files, check every intended property on them, and print the key figures.

    Parameters
    ----------
    argv
        The command line's arguments (``sys.argv[1:]`` by default).
    """
    parser = argparse.ArgumentParser(
        prog="python -m klyngestat.data.make_demo_2026",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, help="write the four files into this folder instead of beside the script")
    args = parser.parse_args(argv)
    out = {p: args.out / p.name if args.out else p for p in (SURVEY_CSV, ROSTER_CSV, QUESTIONNAIRE_TOML, WAVES_TOML)}
    paths = {
        "survey_2025": SURVEY_2025,
        "roster_2025": ROSTER_2025,
        "questionnaire_2025": QUESTIONNAIRE_2025,
        "survey_2026": out[SURVEY_CSV],
        "roster_2026": out[ROSTER_CSV],
        "questionnaire_2026": out[QUESTIONNAIRE_TOML],
        "waves": out[WAVES_TOML],
    }
    paths["waves"].parent.mkdir(parents=True, exist_ok=True)
    text = _questionnaire_text(QUESTIONNAIRE_2025.read_text("utf-8"))
    paths["questionnaire_2026"].write_text(text, encoding="utf-8", newline="\n")
    paths["waves"].write_text(_waves_text(), encoding="utf-8", newline="\n")
    old = pd.read_csv(SURVEY_2025, dtype=str, keep_default_na=False, encoding="utf-8")
    roster_old = pd.read_csv(ROSTER_2025, dtype={"members": int}, keep_default_na=False, encoding="utf-8")
    qn = load_questionnaire(paths["questionnaire_2026"])
    frame, roster = build_wave(qn, old, roster_old, np.random.default_rng(SEED_2026))
    frame.to_csv(paths["survey_2026"], index=False, encoding="utf-8", lineterminator="\n")
    roster.to_csv(paths["roster_2026"], index=False, encoding="utf-8", lineterminator="\n")
    _report(verify_wave(paths), paths)


def _report(figures: dict[str, Any], paths: dict[str, Path]) -> None:
    """Print the key figures of the 2026 wave and the files' hashes."""
    rates: pd.DataFrame = figures["rates"]
    print(f"wrote {', '.join(paths[k].name for k in ('survey_2026', 'roster_2026', 'questionnaire_2026', 'waves'))}")
    print(f"  ids: {figures['kept']} kept, {figures['dropped']} retired, {figures['added']} new (R2xxx)")
    print("  " + rates.to_string(index=False).replace("\n", "\n  "))
    for year in (YEAR_FROM, YEAR_TO):
        invited, respondents = int(rates[f"invited_{year}"].sum()), int(rates[f"respondents_{year}"].sum())
        print(f"  {year}: invited {invited}, respondents {respondents} ({float(shown(respondents, invited, 1))} pct.)")
    (k0, n0), (k1, n1), p = figures["derma"]
    print(
        f"  Dermatologi {KEY_Q} top box {k0}/{n0} ({shown(k0, n0)} pct.) -> {k1}/{n1} ({shown(k1, n1)} pct.),"
        f" Fisher's exact p = {p:.4f}"
    )
    (k0, n0), (k1, n1) = figures["national"]
    print(
        f"  national {FORB_Q} Ja {k0}/{n0} ({float(shown(k0, n0, 1))} pct.)"
        f" -> {k1}/{n1} ({float(shown(k1, n1, 1))} pct.)"
    )
    same, total = figures["kept_answers"]
    print(f"  2025 respondents answering again kept {same} of {total} answers ({float(shown(same, total, 1))} pct.)")
    for key in ("survey_2026", "roster_2026", "questionnaire_2026", "waves"):
        print(f"  sha256 {hashlib.sha256(paths[key].read_bytes()).hexdigest()}  {paths[key].name}")
    print("all targets hold")


if __name__ == "__main__":
    main()
