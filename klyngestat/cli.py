"""The ``klyngestat`` command: parses arguments (:mod:`klyngestat._cli_parser`), calls the API, prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from klyngestat._cli_parser import command_parser
from klyngestat.models._text import terminal_json, terminal_text

__all__ = ["main"]


def _load(args: argparse.Namespace) -> Any:
    from klyngestat import read_survey, read_surveyxact

    if args.mapping is not None:
        if args.status:
            raise ValueError(
                "--status names spellings of a canonical file's status column; with --mapping the "
                "statuses come from the SurveyXact export (its mapping's [status] table)"
            )
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
    from pydantic import ValidationError

    from klyngestat import load_reference
    from klyngestat.release import ReleaseOptions

    reference = load_reference(args.reference) if args.reference else None
    try:
        return ReleaseOptions(
            min_n=args.min_n,
            ved_ikke="exclude" if args.exclude_ved_ikke else "include",
            national_method=args.national_method or ("reference" if reference is not None else "pooled"),
            reference=reference,
            confidence_level=args.confidence,
            fpc_population=args.population,
        )
    except ValidationError as exc:  # one line per bad option, named by its flag, not pydantic's report
        raise ValueError("; ".join(_option_problem(e) for e in exc.errors())) from None


_FLAGS = {"min_n": "--min-n", "confidence_level": "--confidence", "national_method": "--national-method"}


def _option_problem(error: Mapping[str, Any]) -> str:
    """One problem of the options in words: the flag, what was given and what is expected."""
    where = [_FLAGS.get(str(part), str(part)) for part in error.get("loc", ())]
    message = str(error.get("msg", "")).removeprefix("Value error, ").replace("(reference=)", "(--reference FILE)")
    if not where:
        return message
    return f"{' '.join(where)} {error.get('input')!r}: {message[0].lower()}{message[1:]}"


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


def _waves_trend(args: argparse.Namespace) -> Any:
    """The waves that ``--wave``/``--waves`` name, each wave's Release and the trend between them."""
    from klyngestat.io.waves import read_waves
    from klyngestat.release import build_release
    from klyngestat.release.trend import build_trend

    if bool(args.wave) == (args.waves is not None):
        raise ValueError("name the waves either with --wave YEAR=FILE (at least two) or with --waves FOLDER")
    waves = read_waves(
        args.waves if args.waves is not None else dict(args.wave),
        questionnaires=dict(args.wave_questionnaire),
        rosters=dict(args.wave_roster),
        mappings=args.wave_mapping,
    )
    options = _options(args)
    return build_trend(waves, [build_release(survey, options=options) for survey in waves.surveys])


def _trend(args: argparse.Namespace) -> int:
    trend = _waves_trend(args)
    if args.out is not None:
        _print(str(trend.write(args.out)))
    else:
        trend.check()
        _print_json(trend.to_dict())
    return 0


def _explain(args: argparse.Namespace) -> int:
    from klyngestat.release import Record, Release, load_release
    from klyngestat.release.trend import explain_change

    data = load_release(args.release) if not _is_trend(args.release) else None
    if data is not None:
        _print(Release.from_dict(data).explain(args.id))
        return 0
    records = json.loads(Path(args.release).read_text(encoding="utf-8"))["records"]
    found = [r for r in records if r["id"] == args.id]
    if not found:
        raise KeyError(f"no change record {args.id!r} in {args.release}")
    _print(explain_change(Record(**found[0])))
    return 0


def _is_trend(path: Path) -> bool:
    """Whether a JSON file is a trend (``klyngestat trend``) rather than a release."""
    try:
        return "trend_schema_version" in json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return False  # the release reader says what is wrong with it


def _sheet_release(args: argparse.Namespace) -> tuple[Any, Any]:
    """The release a fact sheet shows, and the trend since the wave before when ``--wave``/``--waves`` name waves."""
    if not args.wave and args.waves is None:
        if args.file is None:
            raise ValueError(
                "factsheet needs a response file (FILE), or the waves (--wave YEAR=FILE or --waves FOLDER)"
            )
        release = _release(args)
        release.check()
        return release, None
    single = {"FILE": args.file, "--mapping": args.mapping, "--roster": args.roster}
    single |= {"--questionnaire": args.questionnaire, "--year": args.year, "--status": args.status or None}
    given = [name for name, value in single.items() if value is not None]
    if given:
        raise ValueError(
            f"{', '.join(given)}: for one response file; with --wave/--waves each wave's roster and "
            "questionnaire are --wave-roster YEAR=FILE and --wave-questionnaire YEAR=FILE"
        )
    trend = _waves_trend(args)
    trend.check()  # every wave's release audited, and every change recomputed from them
    return trend.releases[-1], trend


def _factsheet(args: argparse.Namespace) -> int:
    from klyngestat.demo import slug
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.render import write_factsheet
    from klyngestat.present.template import load_template

    if not args.specialty:
        _print_error("klyngestat: error: factsheet needs --specialty")
        return 2
    release, trend = _sheet_release(args)
    sheet = build_factsheet(release, args.specialty, template=load_template(args.template), trend=trend)
    for line in sheet.fallbacks:
        _print_error(f"klyngestat: advarsel: {args.specialty}: {line}")
    out = Path(args.out or f"{slug(args.specialty)}.{args.format}")
    for path in write_factsheet(sheet, out, fmt=args.format):
        _print(str(path))
    _print(str(release.write(out.with_name(out.stem + ".release.json"))))
    if trend is not None:  # the changes the sheet shows, with the records they come from
        _print(str(trend.write(out.with_name(out.stem + ".trend.json"))))
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
    """Run the command line; returns the exit code (0 ok, 1 bad input, 2 bad usage).

    Parameters
    ----------
    argv
        The arguments after ``klyngestat`` (default: the process's own, ``sys.argv[1:]``).
    """
    args = command_parser().parse_args(argv)
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
        "trend": _trend,
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
