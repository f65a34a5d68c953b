"""Run ``klyngestat`` command lines for tests/test_docs_run.py, one process for them all.

Started once per test session as ``python tests/docs_fixtures/cli_runner.py``; reads one JSON job a
line on standard input (``{"cwd": folder, "argv": [...]}``, the arguments after ``klyngestat``) and
answers one JSON line each: the exit code, standard output, standard error, and both merged in the
order they were written (what a terminal shows). Each job is exactly ``python -m klyngestat.cli ARGS``
run in ``cwd``: the same ``klyngestat.cli.main``, its ``SystemExit`` taken as the exit code.

What one process saves: the import of klyngestat and its libraries for every command, and — the
only thing memoised — building and auditing the same Release (or trend) twice. ``klyngestat.cli._release``
and ``klyngestat.cli._waves_trend`` are wrapped so that a second command with the same input files (their
paths as given *and* their bytes), year and analysis options gets the Release (or the waves' Releases and
their trend) the first one built. Building is deterministic (the
disclosure draws are keyed from the data), so the command prints what it would have printed; the
docs name the same demo files in many commands (``stats``, ``factsheet``, ``release`` of
``svar.csv``), which costs one build instead of a dozen.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO


class _Tee(io.TextIOBase):
    """A text stream that keeps what is written to it and also writes it to a shared stream."""

    def __init__(self, shared: io.StringIO) -> None:
        self.own = io.StringIO()
        self.shared = shared

    def write(self, text: str) -> int:
        self.own.write(text)
        return self.shared.write(text)

    def writable(self) -> bool:
        return True


def _digest(path: Path | None) -> str | None:
    """The bytes of a file, or of every file in a folder (a SurveyXact CSV export), as one hash."""
    if path is None:
        return None
    if path.is_dir():
        digest = hashlib.sha256()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(child.relative_to(path)).encode() + b"\0" + child.read_bytes())
        return digest.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "absent"


def _release_key(args: Any) -> tuple[object, ...]:
    """Everything ``klyngestat.cli._release`` reads: the files (path as given and bytes) and the options."""
    files = [getattr(args, name, None) for name in ("file", "roster", "questionnaire", "mapping", "reference")]
    options = (
        "year",
        "status",
        "spss_codes",
        "min_n",
        "exclude_ved_ikke",
        "national_method",
        "confidence",
        "population",
    )
    return (
        tuple((None if p is None else str(p), _digest(p)) for p in files),
        tuple(repr(getattr(args, name, None)) for name in options),
    )


def _trend_key(args: Any) -> tuple[object, ...]:
    """Everything ``klyngestat.cli._waves_trend`` reads: each wave's files (path as given and bytes) and the options."""
    named = [
        (flag, str(year), str(path), _digest(Path(path)))
        for flag in ("wave", "wave_roster", "wave_questionnaire")
        for year, path in sorted(getattr(args, flag, None) or [])
    ]
    mappings = [(str(p), _digest(Path(p))) for p in getattr(args, "wave_mapping", None) or []]
    folder = getattr(args, "waves", None)
    options = ("min_n", "exclude_ved_ikke", "national_method", "confidence", "population")
    reference = getattr(args, "reference", None)
    return (
        tuple(named),
        tuple(mappings),
        None if folder is None else (str(folder), _digest(Path(folder))),
        None if reference is None else (str(reference), _digest(Path(reference))),
        tuple(repr(getattr(args, name, None)) for name in options),
    )


def _memoise_releases() -> None:
    """Build each distinct Release and trend once (without the wrapping, every command builds its own)."""
    import klyngestat.cli as cli

    for name, key_of in (("_release", _release_key), ("_waves_trend", _trend_key)):
        build = getattr(cli, name, None)
        if build is not None:
            setattr(cli, name, _memoised(build, key_of))


def _memoised(build: Any, key_of: Any) -> Any:
    built: dict[tuple[object, ...], Any] = {}

    def once(args: Any) -> Any:
        key = key_of(args)
        if key not in built:
            built[key] = build(args)
        return built[key]

    return once


def run(argv: list[str], cwd: str) -> dict[str, object]:
    """One command line, as ``python -m klyngestat.cli ARGV`` in ``cwd`` would run it."""
    from klyngestat.cli import main

    merged = io.StringIO()
    out, err = _Tee(merged), _Tee(merged)
    started = time.process_time()
    saved = sys.stdout, sys.stderr
    os.chdir(cwd)
    sys.stdout, sys.stderr = out, err
    try:
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdout, sys.stderr = saved
    return {
        "rc": code,
        "stdout": out.own.getvalue(),
        "stderr": err.own.getvalue(),
        "merged": merged.getvalue(),
        "cpu_seconds": time.process_time() - started,
    }


def serve(jobs: TextIO, answers: TextIO) -> None:
    """Answer each job line with one result line until standard input ends."""
    _memoise_releases()
    for line in jobs:
        job = json.loads(line)
        answers.write(json.dumps(run(job["argv"], job["cwd"])) + "\n")
        answers.flush()


if __name__ == "__main__":
    # The working folder changes with every job: nothing may be imported from it.
    sys.path[:] = [p for p in sys.path if p not in ("", ".")]
    # Answers go out on a copy of standard output; anything written to file descriptor 1 directly
    # (a library's own output) goes to standard error and cannot break the protocol.
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    serve(sys.stdin, channel)
