"""The arguments of the ``klyngestat`` command and of each of its commands (argparse, nothing else imported)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from klyngestat import __version__
from klyngestat._defaults import DEFAULT_MIN_N

__all__ = ["command_parser"]

_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _data_options(parser: argparse.ArgumentParser, *, waves: bool = False) -> None:
    """The arguments that read a survey: the response file and what goes with it.

    ``waves`` True makes the file optional, for a command that may read several waves instead (``--wave``).
    """
    parser.add_argument(
        "file",
        type=Path,
        nargs="?" if waves else None,
        help="response file: CSV (UTF-8/cp1252, comma/semicolon) or .xlsx; with --mapping, a SurveyXact export "
        "(workbook, folder of CSV files, or the dataset CSV)" + ("; or none, with --wave/--waves" if waves else ""),
    )
    parser.add_argument(
        "--mapping", type=Path, help="SurveyXact mapping TOML: read FILE as a SurveyXact export (docs/surveyxact.md)"
    )
    parser.add_argument("--roster", type=Path, help="roster file: specialty, cluster, members")
    parser.add_argument("--questionnaire", type=Path, help="questionnaire TOML (default: the bundled eKVIS one)")
    parser.add_argument("--year", type=int, help="the survey's year")
    parser.add_argument(
        "--spss-codes",
        choices=["labels", "questionnaire"],
        default="labels",
        help="SPSS: read answers through their value labels (default; a value without a label is an error), "
        "or as the questionnaire's own codes",
    )
    parser.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="WORD=STATUS",
        type=_status_alias,
        help="another spelling of a status in FILE, e.g. --status besvaret=completed (repeatable)",
    )


def _status_alias(text: str) -> tuple[str, str]:
    """``WORD=STATUS`` as a pair (an argparse type)."""
    word, _, status = text.partition("=")
    if not word.strip() or status not in ("completed", "partial", "not_answered"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected WORD=completed, WORD=partial or WORD=not_answered")
    return word, status


def _wave_options(parser: argparse.ArgumentParser) -> None:
    """The arguments that name several waves (years) and what goes with each (docs/waves.md)."""
    repeat = {"action": "append", "default": [], "type": _year_file, "metavar": "YEAR=FILE"}
    parser.add_argument("--wave", help="a wave's response file (repeatable)", **repeat)  # type: ignore[arg-type]
    parser.add_argument("--waves", type=Path, help="a folder with one response file per year (docs/waves.md)")
    parser.add_argument("--wave-roster", help="a wave's roster (repeatable)", **repeat)  # type: ignore[arg-type]
    parser.add_argument("--wave-questionnaire", help="a wave's questionnaire TOML (repeatable)", **repeat)  # type: ignore[arg-type]
    parser.add_argument(
        "--wave-mapping", action="append", default=[], type=Path, metavar="FILE", help="wave mapping TOML (repeatable)"
    )


def _year_file(text: str) -> tuple[int, Path]:
    """``YEAR=FILE`` as a pair (an argparse type)."""
    year, _, path = text.partition("=")
    if not (year.isdigit() and len(year) == 4 and path):
        raise argparse.ArgumentTypeError(f"{text!r}: expected YEAR=FILE, e.g. 2025=svar2025.csv")
    return int(year), Path(path)


def _analysis_options(parser: argparse.ArgumentParser, *, specialty: bool = True) -> None:
    """The arguments that change published figures (the Release's options), and the specialty shown.

    ``specialty`` False leaves ``--specialty`` out, for a command that takes every specialty (``release``).
    """
    if specialty:
        parser.add_argument("--specialty", help="the specialty (stats: default every specialty; factsheet: required)")
    parser.add_argument("--reference", type=Path, help="national reference file: question, group, share[, n]")
    parser.add_argument(
        "--national-method",
        choices=["pooled", "mean_of_specialties", "reference"],
        default=None,
        help="how the national figure is made (default: pooled, or reference when --reference is given)",
    )
    parser.add_argument(
        "--exclude-ved-ikke", action="store_true", help="take 'Ved ikke' out of the base (default: it is in the base)"
    )
    parser.add_argument(
        "--min-n",
        type=int,
        default=DEFAULT_MIN_N,
        help=f"figures on fewer answers are hidden, with the cells that would reveal them (default {DEFAULT_MIN_N})",
    )
    parser.add_argument("--confidence", type=float, default=0.95, help="level of intervals and tests (default 0.95)")
    parser.add_argument(
        "--population",
        choices=["members", "invited", "none"],
        default="members",
        help="finite population of intervals: roster members (default), the invited, or none (no correction)",
    )


def command_parser() -> argparse.ArgumentParser:
    """The parser of the ``klyngestat`` command and each of its commands."""
    parser = argparse.ArgumentParser(
        prog="klyngestat", description="Statistics and Danish fact sheets for the eKVIS survey on cluster work."
    )
    parser.add_argument("--version", action="version", version=f"klyngestat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _survey_commands(commands)
    _release_commands(commands)
    _template_command(commands)
    demo = commands.add_parser("demo", help="write the bundled demo survey and every specialty's fact sheet")
    demo.add_argument("--out", type=Path, default=Path("klyngestat-demo"), help="output folder")
    return parser


def _survey_commands(commands: _Commands) -> None:
    """The commands that read a response file: validate, stats, factsheet, convert."""
    validate = commands.add_parser("validate", help="check a response file and list every problem")
    _data_options(validate)
    validate.add_argument("--format", choices=["text", "json"], default="text")

    stats = commands.add_parser("stats", help="the fact-sheet figures of one or every specialty")
    _data_options(stats)
    _analysis_options(stats)
    stats.add_argument("--format", choices=["json", "table"], default="json")

    factsheet = commands.add_parser("factsheet", help="write one specialty's fact sheet (HTML, Markdown or PDF)")
    _data_options(factsheet, waves=True)
    _wave_options(factsheet)  # with several waves: the latest wave's sheet, with what changed since the one before
    _analysis_options(factsheet)
    factsheet.add_argument("--format", choices=["html", "md", "pdf"], default="html")
    factsheet.add_argument("--out", type=Path, help="output file (default: <specialty>.<format>)")
    factsheet.add_argument("--template", type=Path, help="fact-sheet text template (TOML)")

    convert = commands.add_parser("convert", help="write a SurveyXact export as a canonical response file (CSV)")
    convert.add_argument("file", type=Path, help="the export: .xlsx workbook, folder of CSV files, or the dataset CSV")
    convert.add_argument("--mapping", type=Path, required=True, help="SurveyXact mapping TOML")
    convert.add_argument("--out", type=Path, required=True, help="the canonical CSV to write (UTF-8, formula-safe)")
    convert.add_argument("--roster", type=Path, help="roster file: specialty, cluster, members (checked, not written)")
    convert.add_argument("--questionnaire", type=Path, help="questionnaire TOML (default: the bundled eKVIS one)")


def _release_commands(commands: _Commands) -> None:
    """The commands of the Release: write one, audit written ones, explain a figure."""
    release = commands.add_parser(
        "release", help="write every publishable figure of a wave as records (JSON, CSV or Parquet), audited"
    )
    _data_options(release)
    _analysis_options(release, specialty=False)  # a release holds every specialty
    release.add_argument("--out", type=Path, required=True, help="release file: .json, .csv or .parquet")

    audit = commands.add_parser(
        "audit", help="try to pin down hidden cells from written releases (those of one wave together)"
    )
    audit.add_argument("releases", type=Path, nargs="+", metavar="RELEASE", help="release JSON files")
    audit.add_argument("--format", choices=["text", "json"], default="text")

    trend = commands.add_parser(
        "trend", help="what changed between waves (years): change records from each wave's release, audited together"
    )
    _wave_options(trend)
    _analysis_options(trend, specialty=False)
    trend.add_argument("--out", type=Path, help="write the trend JSON here (default: print it)")

    explain = commands.add_parser("explain", help="print one figure's record: count, base, method, why shown")
    explain.add_argument("id", help="a record id, as in a fact sheet's footnotes or the JSON's 'id' keys")
    explain.add_argument("--release", type=Path, required=True, help="the release JSON the figure comes from")


def _template_command(commands: _Commands) -> None:
    """The template command and its one subcommand, init."""
    template = commands.add_parser("template", help="the fact-sheet template with the analyst's editorial text")
    template_commands = template.add_subparsers(dest="template_command", required=True)
    init = template_commands.add_parser(
        "init", help="write a template to fill in: every specialty and section of a survey (default: the demo)"
    )
    init.add_argument("file", type=Path, nargs="?", help="response file (as for factsheet); default the demo survey")
    init.add_argument("--mapping", type=Path, help="SurveyXact mapping TOML: read FILE as a SurveyXact export")
    init.add_argument("--roster", type=Path, help="roster file: specialty, cluster, members")
    init.add_argument("--questionnaire", type=Path, help="questionnaire TOML (default: the bundled eKVIS one)")
    init.add_argument("--year", type=int, help="the survey's year (the wave the editorial text is for)")
    init.add_argument("--status", action="append", default=[], metavar="WORD=STATUS", type=_status_alias)
    init.add_argument("--out", type=Path, required=True, help="the template file to write (TOML)")
    init.add_argument("--force", action="store_true", help="replace OUT if it exists")
