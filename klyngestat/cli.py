"""The ``klyngestat`` command: parses arguments, calls the API, prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from klyngestat import __version__
from klyngestat._defaults import DEFAULT_MIN_N
from klyngestat.models._text import terminal_json, terminal_text

__all__ = ["main"]


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        help="response file: CSV (UTF-8/cp1252, comma/semicolon) or .xlsx; with --mapping, a SurveyXact export "
        "(workbook, folder of CSV files, or the dataset CSV)",
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
    word, _, status = text.partition("=")
    if not word.strip() or status not in ("completed", "partial", "not_answered"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected WORD=completed, WORD=partial or WORD=not_answered")
    return word, status


def _analysis_options(parser: argparse.ArgumentParser) -> None:
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="klyngestat", description="Statistics and Danish fact sheets for the eKVIS survey on cluster work."
    )
    parser.add_argument("--version", action="version", version=f"klyngestat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a response file and list every problem")
    _data_options(validate)
    validate.add_argument("--format", choices=["text", "json"], default="text")

    stats = commands.add_parser("stats", help="the fact-sheet figures of one or every specialty")
    _data_options(stats)
    _analysis_options(stats)
    stats.add_argument("--format", choices=["json", "table"], default="json")

    factsheet = commands.add_parser("factsheet", help="write one specialty's fact sheet (HTML, Markdown or PDF)")
    _data_options(factsheet)
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

    release = commands.add_parser(
        "release", help="write every publishable figure of a wave as records (JSON, CSV or Parquet), audited"
    )
    _data_options(release)
    _analysis_options(release)
    release.add_argument("--out", type=Path, required=True, help="release file: .json, .csv or .parquet")

    audit = commands.add_parser("audit", help="try to pin down hidden cells from written releases (all together)")
    audit.add_argument("releases", type=Path, nargs="+", metavar="RELEASE", help="release JSON files")
    audit.add_argument("--format", choices=["text", "json"], default="text")

    explain = commands.add_parser("explain", help="print one figure's record: count, base, method, why shown")
    explain.add_argument("id", help="a record id, as in a fact sheet's footnotes or the JSON's 'id' keys")
    explain.add_argument("--release", type=Path, required=True, help="the release JSON the figure comes from")

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

    demo = commands.add_parser("demo", help="write the bundled demo survey and every specialty's fact sheet")
    demo.add_argument("--out", type=Path, default=Path("klyngestat-demo"), help="output folder")
    return parser


def _load(args: argparse.Namespace) -> Any:
    from klyngestat import read_survey, read_surveyxact

    if args.mapping is not None:
        return read_surveyxact(
            args.file, args.mapping, questionnaire=args.questionnaire, roster=args.roster, year=args.year
        )
    return read_survey(
        args.file,
        questionnaire=args.questionnaire,
        roster=args.roster,
        year=args.year,
        status_aliases=dict(args.status),
        spss_codes=getattr(args, "spss_codes", "labels"),
    )


def _options(args: argparse.Namespace) -> Any:
    """The one options object that changes published figures, built once from the arguments."""
    from klyngestat import load_reference
    from klyngestat.release import ReleaseOptions

    reference = load_reference(args.reference) if args.reference else None
    return ReleaseOptions(
        min_n=args.min_n,
        ved_ikke="exclude" if args.exclude_ved_ikke else "include",
        national_method=args.national_method or ("reference" if reference is not None else "pooled"),
        reference=reference,
        confidence_level=args.confidence,
        fpc_population=args.population,
    )


def _release(args: argparse.Namespace) -> Any:
    from klyngestat.release import build_release

    sources = [p for p in (args.file, args.roster, args.questionnaire, args.mapping) if p is not None]
    return build_release(_load(args), options=_options(args), sources=sources)


def _validate(args: argparse.Namespace) -> int:
    # Each reader is imported only when its kind of file is validated: a CSV file is validated without pandas.
    if args.mapping is not None:
        from klyngestat.io.surveyxact import validate_surveyxact

        report = validate_surveyxact(args.file, args.mapping, questionnaire=args.questionnaire, roster=args.roster)
    else:
        from klyngestat.io.canonical import validate_file

        report = validate_file(
            args.file,
            questionnaire=args.questionnaire,
            roster=args.roster,
            status_aliases=dict(args.status),
            spss_codes=args.spss_codes,
        )
    if args.format == "json":
        _print_json(report.to_dict())
    else:
        _print(str(report))
    return 0 if report.ok else 1


def _stats(args: argparse.Namespace) -> int:
    from klyngestat.present.contract import release_json, specialty_json
    from klyngestat.present.tables import summary_table

    release = _release(args)
    release.check()
    if args.specialty and args.specialty not in release.specialties:
        raise KeyError(f"no specialty {args.specialty!r} in the survey; specialties: {', '.join(release.specialties)}")
    specialties = [args.specialty] if args.specialty else list(release.specialties)
    if args.format == "table":
        _print("\n\n".join(summary_table(release, s) for s in specialties))
    elif args.specialty:
        _print_json(specialty_json(release, args.specialty))
    else:
        _print_json(release_json(release, specialties))
    return 0


# Everything the command prints may hold names and values from the data: it goes out through these
# helpers, which show control and bidirectional characters escaped (klyngestat.models._text).


def _print(text: str) -> None:
    """Print for a reader: control and bidirectional characters are shown escaped, not sent to the terminal."""
    print(terminal_text(text, keep="\n"))


def _print_json(data: object) -> None:
    """Print JSON whose strings carry control or bidirectional characters only as ``\\u`` escapes (same values)."""
    print(terminal_json(json.dumps(data, ensure_ascii=False, indent=2)))


def _print_error(text: str) -> None:
    """A message or warning on stderr, with control and bidirectional characters shown escaped."""
    print(terminal_text(text, keep="\n"), file=sys.stderr)


def _write_release(args: argparse.Namespace) -> int:
    release = _release(args)
    _print(str(release.write(args.out)))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from klyngestat.release import audit_releases, load_release

    report = audit_releases([load_release(p) for p in args.releases])
    if args.format == "json":
        _print_json(report.to_dict())
    else:
        _print(str(report))
    return 0 if report.ok else 1


def _explain(args: argparse.Namespace) -> int:
    from klyngestat.release import Release, load_release

    _print(Release.from_dict(load_release(args.release)).explain(args.id))
    return 0


def _factsheet(args: argparse.Namespace) -> int:
    from klyngestat.demo import slug
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.render import write_factsheet
    from klyngestat.present.template import load_template

    if not args.specialty:
        _print_error("klyngestat: error: factsheet needs --specialty")
        return 2
    release = _release(args)
    release.check()
    sheet = build_factsheet(release, args.specialty, template=load_template(args.template))
    for line in sheet.fallbacks:
        _print_error(f"klyngestat: advarsel: {args.specialty}: {line}")
    out = Path(args.out or f"{slug(args.specialty)}.{args.format}")
    for path in write_factsheet(sheet, out, fmt=args.format):
        _print(str(path))
    _print(str(release.write(out.with_name(out.stem + ".release.json"))))
    return 0


def _template(args: argparse.Namespace) -> int:
    from klyngestat.models._files import atomic_write
    from klyngestat.present.template import template_skeleton

    if args.file is None:
        from klyngestat.io.demo import demo_survey

        survey = demo_survey()
    else:
        survey = _load(args)
    if args.out.exists() and not args.force:
        raise ValueError(f"{args.out}: exists; pass --force to replace it")
    year = args.year or survey.year
    if year is None:
        raise ValueError("the survey has no year: pass --year (the wave the editorial text is for)")
    _print(str(atomic_write(args.out, template_skeleton(year, survey.specialties).encode("utf-8"))))
    return 0


def _convert(args: argparse.Namespace) -> int:
    from klyngestat.io.surveyxact import surveyxact_to_canonical
    from klyngestat.io.writers import write_canonical_csv

    frame, report = surveyxact_to_canonical(
        args.file, args.mapping, questionnaire=args.questionnaire, roster=args.roster
    )
    if report.problems:
        _print_error(str(report))
    if frame is None:
        return 1
    _print(str(write_canonical_csv(frame, args.out)))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from klyngestat.demo import write_demo

    written = write_demo(args.out, progress=sys.stderr)
    print(f"Wrote {len(written)} files to {args.out.resolve()}:")
    for path in written:
        print(f"  {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad input, 2 bad usage)."""
    args = _parser().parse_args(argv)
    handlers = {
        "validate": _validate,
        "stats": _stats,
        "factsheet": _factsheet,
        "convert": _convert,
        "demo": _demo,
        "template": _template,
        "release": _write_release,
        "audit": _audit,
        "explain": _explain,
    }
    try:
        return handlers[args.command](args)
    except BrokenPipeError:
        _silence_stdout()  # the reader stopped reading (`klyngestat stats … | head`): end quietly
        return 1
    except Exception as exc:
        message = _error_message(exc)
        if message is None:
            raise
        _print_error(message)
        return 1


def _error_message(exc: Exception) -> str | None:
    """What the command line says of a failure it expects (bad input, a leaking release, the machine's faults);
    None for a fault of klyngestat itself. The exception classes are imported here, when one occurs, so that
    starting the command line imports none of the library."""
    from klyngestat.models.problems import SurveyValidationError
    from klyngestat.models.questionnaire import QuestionnaireError
    from klyngestat.release import DisclosureError

    if isinstance(exc, SurveyValidationError):
        return str(exc.report)
    if isinstance(exc, DisclosureError):
        return f"klyngestat: error: {exc}"
    if isinstance(exc, (KeyError, ValueError, RuntimeError, QuestionnaireError)):
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        return f"klyngestat: error: {message}"
    if isinstance(exc, OSError):  # the machine's faults: a full disk, a folder where a file should go, a name too long
        return f"klyngestat: error: {_os_message(exc)}"
    return None


def _os_message(exc: OSError) -> str:
    """A file-system fault in one line: the file, what went wrong (no traceback)."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    where = " -> ".join(names)
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileExistsError) and exc.filename is not None and Path(exc.filename).is_file():
        reason = "a file stands where a folder is needed"  # mkdir of a folder whose name a file has
    return f"{where}: {reason}" if where else reason


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush to a closed pipe stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (e.g. captured in a test)
        pass


if __name__ == "__main__":
    raise SystemExit(main())
