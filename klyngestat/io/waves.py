"""Read several waves at once: one response file per year, each with its own questionnaire and roster.

Either name the files (``{2025: "svar2025.csv", 2026: "svar2026.csv"}``;
``--wave 2025=svar2025.csv`` on the command line) or give a folder that
holds, for each year, one response file whose name carries the year
(``svar_2025.csv``, ``2026.xlsx``), and optionally a roster
(``roster_2025.csv``, ``medlemmer-2026.csv``: a name that starts with
"roster" or "medlemmer"), a questionnaire (``spoergeskema_2026.toml``: a
TOML file whose name carries the year) and the wave mappings (a TOML file
whose name starts with "waves" or "boelger" and that says ``from`` and
``to``). Every wave is validated; the problems of all of them are reported
together, each naming its file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from klyngestat.io.canonical import read_survey
from klyngestat.models.problems import SurveyValidationError
from klyngestat.models.questionnaire import Questionnaire
from klyngestat.models.roster import Roster
from klyngestat.models.wave_mapping import WaveMapping, WaveMappingError, load_wave_mapping
from klyngestat.survey import Survey
from klyngestat.waves import Waves, make_waves

__all__ = ["WavesError", "read_waves", "wave_files"]

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_RESPONSES = {".csv", ".txt", ".xlsx", ".sav"}
_ROSTER = re.compile(r"^(roster|medlemmer)", re.IGNORECASE)
_MAPPING = re.compile(r"^(waves|boelger|bølger)", re.IGNORECASE)


class WavesError(ValueError):
    """Waves that cannot be read: every wave's problems, each naming its file."""


def _year_of(path: Path) -> int | None:
    years = _YEAR.findall(path.stem)
    return int(years[0]) if len(years) == 1 else None


def wave_files(folder: str | Path) -> tuple[dict[int, Path], dict[int, Path], dict[int, Path], list[Path]]:
    """The response files, rosters, questionnaires (each by year) and wave mappings in a folder.

    Parameters
    ----------
    folder
        A folder laid out as the module's documentation says.

    Raises
    ------
    WavesError
        When a year has two response files (or two rosters, or two questionnaires), or a file's name carries
        no single year, or the folder holds no waves (every problem at once).
    """
    root = Path(folder)
    if not root.is_dir():
        raise WavesError(f"{root}: not a folder")
    found: dict[str, dict[int, Path]] = {"responses": {}, "roster": {}, "questionnaire": {}}
    mappings, problems = [], []
    for path in sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith(".")):
        suffix = path.suffix.lower()
        if suffix == ".toml" and _MAPPING.match(path.name):
            mappings.append(path)
            continue
        kind = "questionnaire" if suffix == ".toml" else "roster" if _ROSTER.match(path.name) else "responses"
        if suffix != ".toml" and suffix not in _RESPONSES:
            continue
        year = _year_of(path)
        if year is None:
            problems.append(f"{path}: the name carries no single year (e.g. svar_2025{suffix})")
        elif year in found[kind]:
            problems.append(f"{path}: a second {kind} file for {year}, beside {found[kind][year].name}")
        else:
            found[kind][year] = path
    if not found["responses"] and not problems:
        problems.append(f"{root}: no response file whose name carries a year (e.g. svar_2025.csv)")
    problems += [
        f"{found[kind][year]}: a {kind} file for {year}, which has no response file"
        for kind in ("roster", "questionnaire")
        for year in found[kind]
        if year not in found["responses"]
    ]
    if problems:
        raise WavesError("\n".join(problems))
    return found["responses"], found["roster"], found["questionnaire"], mappings


def read_waves(
    waves: Mapping[int, str | Path] | str | Path,
    *,
    questionnaires: Mapping[int, Questionnaire | str | Path] | None = None,
    rosters: Mapping[int, Roster | str | Path] | None = None,
    mappings: Sequence[WaveMapping | str | Path] = (),
) -> Waves:
    """Read and validate several waves, and check that their mappings fit them.

    Parameters
    ----------
    waves
        Year -> response file, or a folder (see the module's documentation).
    questionnaires
        Year -> questionnaire (the bundled eKVIS questionnaire for a year not named).
    rosters
        Year -> roster (none for a year not named).
    mappings
        Wave mappings (:func:`klyngestat.models.wave_mapping.load_wave_mapping` files), each between two
        consecutive waves; waves without one follow each other by question id and cluster name.

    Returns
    -------
    Waves

    Raises
    ------
    WavesError
        With every wave's problems (each naming its file) and every mapping's.

    Examples
    --------
    >>> from klyngestat.data import demo_survey_path
    >>> w = read_waves({2025: demo_survey_path(), 2026: demo_survey_path()})
    >>> w.years
    (2025, 2026)
    """
    files: dict[int, str | Path]
    if isinstance(waves, (str, Path)):
        found, found_rosters, found_questionnaires, found_mappings = wave_files(waves)
        files = dict(found)
        rosters = {**found_rosters, **(rosters or {})}
        questionnaires = {**found_questionnaires, **(questionnaires or {})}
        mappings = [*found_mappings, *mappings]
    else:
        files = dict(waves)
    problems: list[str] = []
    surveys: list[Survey] = []
    for year, path in sorted(files.items()):
        try:
            surveys.append(
                read_survey(
                    path,
                    questionnaire=(questionnaires or {}).get(year),
                    roster=(rosters or {}).get(year),
                    year=year,
                )
            )
        except (SurveyValidationError, ValueError) as exc:
            problems.append(f"wave {year} ({path}):\n{exc}")
    loaded: list[WaveMapping] = []
    for mapping in mappings:
        try:
            loaded.append(mapping if isinstance(mapping, WaveMapping) else load_wave_mapping(mapping))
        except WaveMappingError as exc:
            problems.append(str(exc))
    if problems:
        raise WavesError("\n".join(problems))
    try:
        return make_waves(surveys, mappings=loaded)
    except WaveMappingError as exc:
        raise WavesError(str(exc)) from None
