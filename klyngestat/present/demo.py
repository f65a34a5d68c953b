"""``klyngestat demo``: the bundled demo survey and every specialty's fact sheet."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import TextIO

from klyngestat.data import demo_roster_path, demo_survey_path
from klyngestat.io.demo import demo_survey
from klyngestat.present.factsheet import factsheet_markdown
from klyngestat.stats.summary import specialty_summary

__all__ = ["slug", "write_demo"]


def slug(name: str) -> str:
    """A file-name-safe form of a name.

    Examples
    --------
    >>> slug("Øre-næse-hals / ØNH")
    'oere-naese-hals-oenh'
    """
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def write_demo(out: str | Path, *, progress: TextIO | None = None) -> list[Path]:
    """Write the demo survey, its roster, and each specialty's fact sheet (Markdown) and figures (JSON)."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    survey = demo_survey()
    written = [
        Path(shutil.copyfile(demo_survey_path(), folder / "demo_survey.csv")),
        Path(shutil.copyfile(demo_roster_path(), folder / "demo_roster.csv")),
    ]
    index = ["# Faktaark: klyngearbejde i speciallægepraksis (demo)", ""]
    total = len(survey.specialties)
    for i, specialty in enumerate(survey.specialties, start=1):
        if progress is not None:
            print(f"[{i:>2}/{total}] {specialty}", file=progress, flush=True)
        name = slug(specialty)
        md = folder / f"{name}.md"
        md.write_text(factsheet_markdown(survey, specialty), encoding="utf-8")
        js = folder / f"{name}.json"
        js.write_text(
            json.dumps(specialty_summary(survey, specialty).to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        written += [md, js]
        index.append(f"- [{specialty}]({md.name}) ([tal]({js.name}))")
    index_path = folder / "index.md"
    index_path.write_text("\n".join(index) + "\n", encoding="utf-8")
    written.append(index_path)
    return written
