"""``klyngestat demo``: the bundled demo survey, its Release and every specialty's fact sheet.

The one place (besides the CLI) that joins the layers: it reads the survey,
builds the Release once, audits it, and renders every output from it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import nullcontext
from functools import cache
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from klyngestat.data import (
    demo_questionnaire_2026_path,
    demo_roster_2026_path,
    demo_roster_path,
    demo_survey_2026_path,
    demo_survey_path,
    demo_waves_path,
)
from klyngestat.io.demo import demo_survey
from klyngestat.models._files import atomic_write
from klyngestat.models._html import Markup, html, join
from klyngestat.present.contract import specialty_json
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.formatting import format_rate
from klyngestat.present.render import CSS, PDF_NEEDS, html_head, pdf_bytes, to_html, write_pdf
from klyngestat.release import Release, build_release
from klyngestat.release.trend import Trend

if TYPE_CHECKING:
    from klyngestat.waves import Waves

__all__ = ["progress_bar", "slug", "write_demo"]


def slug(name: str) -> str:
    """A file-name-safe form of a name.

    Parameters
    ----------
    name
        The name (a specialty's, say), Danish letters and all.

    Examples
    --------
    >>> slug("Øre-næse-hals / ØNH")
    'oere-naese-hals-oenh'
    """
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def progress_bar(done: int, total: int, label: str, width: int = 24) -> str:
    """One line of a text progress bar.

    Parameters
    ----------
    done, total
        The steps done and all of them.
    label
        What the step just done was, printed after the counts.
    width
        The bar's width in characters.

    Examples
    --------
    >>> progress_bar(4, 16, "Dermatologi")
    '[######------------------]  4/16 Dermatologi'
    """
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>2}/{total} {label}"


def _write_specialty(folder: Path, specialty: str, pdf: bool = True) -> tuple[list[Path], Markup]:
    """One specialty's fact sheet (HTML, and PDF when ``pdf``) and figures (JSON), and its row of the index page."""
    release = _demo()  # built in the parent before it forked this worker (a spawned worker builds its own)
    name = slug(specialty)
    sheet = build_factsheet(release, specialty)
    page_html = to_html(sheet)
    page = atomic_write(folder / f"{name}.html", page_html.encode("utf-8"))
    pdfs = [write_pdf(page_html, folder / f"{name}.pdf")] if pdf else []
    figures = atomic_write(
        folder / f"{name}.json",
        json.dumps(specialty_json(release, specialty), ensure_ascii=False, indent=2).encode("utf-8"),
    )
    return [page, *pdfs, figures], _index_row(release, specialty, name, sheet.fallbacks, pdf=pdf)


def _index_row(release: Release, specialty: str, name: str, fallbacks: tuple[str, ...], *, pdf: bool) -> Markup:
    """A specialty's row of the index page: its response rate, links to its files, and where it falls back."""
    rate = release.find("response", "response_rate", specialty=specialty)
    assert rate is not None and rate.fraction is not None
    links = [html('<a href="{}.html">HTML</a>', name)]
    links += [html('<a href="{}.pdf">PDF</a>', name)] if pdf else []
    links += [html('<a href="{}.json">tal (JSON)</a>', name)]
    listed = join(html("<li>{}</li>", line) for line in fallbacks)
    return html(
        '<tr><td>{}</td><td class="n">{} af {}</td><td class="n">{}</td><td>{}</td><td class="fallback">{}</td></tr>',
        specialty,
        rate.count,
        rate.base,
        format_rate(rate.fraction),
        join(links, " · "),
        html("<ul>{}</ul>", listed) if listed else "egen tekst",
    )


def _write_overview(folder: Path, pdf: bool = True) -> list[Path]:
    """The national overview ("landsoverblik"), HTML, and PDF when ``pdf``."""
    from klyngestat.present.overview import overview_html

    page_html = overview_html(_demo())
    page = atomic_write(folder / "landsoverblik.html", page_html.encode("utf-8"))
    return [page, write_pdf(page_html, folder / "landsoverblik.pdf")] if pdf else [page]


def _pdf_missing() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint or the system's Pango missing), or None when they can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: WeasyPrint installed, the Pango library it loads is not
        return PDF_NEEDS
    return None


def _cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@cache
def _demo() -> Release:
    """The demo's Release, built once per process."""
    return build_release(demo_survey(), sources=(demo_survey_path(), demo_roster_path()))


SECOND_WAVE = 2026
"""The demo's second wave: its fact sheets (HTML) show what changed since 2025."""


@cache
def _demo_waves() -> Waves:
    """The demo's two waves (2025 and 2026) with their rosters, 2026's questionnaire and the mapping, read once
    per process."""
    from klyngestat.io.waves import read_waves

    return read_waves(
        {2025: demo_survey_path(), SECOND_WAVE: demo_survey_2026_path()},
        rosters={2025: demo_roster_path(), SECOND_WAVE: demo_roster_2026_path()},
        questionnaires={SECOND_WAVE: demo_questionnaire_2026_path()},
        mappings=[demo_waves_path()],
    )


@cache
def _demo_trend() -> Trend:
    """The demo's 2026 Release and the trend from 2025 to it, built once per process (2025's Release is
    :func:`_demo`'s, the waves :func:`_demo_waves`)."""
    from klyngestat.release.trend import build_trend

    waves = _demo_waves()
    sources = (demo_survey_2026_path(), demo_roster_2026_path(), demo_questionnaire_2026_path())
    return build_trend(waves, [_demo(), build_release(waves.wave(SECOND_WAVE), sources=sources)])


def _write_second_wave(staging: Path) -> tuple[list[Path], list[Markup]]:
    """The 2026 wave: every specialty's fact sheet (HTML) with what changed since 2025, the overview with its
    trend view, the 2026 Release and the trend (JSON); and the specialties' rows of the index."""
    from klyngestat.present.overview import overview_html

    trend = _demo_trend()
    trend.check()
    release = trend.releases[-1]
    prefix = f"{SECOND_WAVE}-"
    written, rows = [], []
    for specialty in release.specialties:
        name = prefix + slug(specialty)
        page = to_html(build_factsheet(release, specialty, trend=trend))
        written.append(atomic_write(staging / f"{name}.html", page.encode("utf-8")))
        rows.append(html('<li><a href="{}.html">{}</a></li>', name, specialty))
    overview = overview_html(release, trend=trend)
    written.append(atomic_write(staging / f"{prefix}landsoverblik.html", overview.encode("utf-8")))
    written.append(release.write(staging / f"{prefix}release.json"))
    written.append(trend.write(staging / f"{prefix}udvikling.json"))
    return written, rows


_WARM_PAGE = join(
    [
        *html_head("klyngestat", CSS),
        Markup(
            "<body><main><h1>klyngestat</h1><p>klyngestat <strong>klyngestat</strong> <em>klyngestat</em></p>"
            '<figure><svg xmlns="http://www.w3.org/2000/svg" width="60pt" height="10pt" viewBox="0 0 60 10">'
            """<text x="0" y="8" font-size="7" font-family="'DejaVu Sans', sans-serif">klyngestat</text>"""
            "</svg></figure>"
            "</main></body></html>"
        ),
    ],
    "\n",
)
"""A small page that loads what every fact sheet needs from the PDF engine: its fonts, its CSS and SVG code."""


def _warm() -> None:
    """Load the PDF engine, its fonts and the charts' font metrics here, once, for every worker forked after."""
    from klyngestat.present.charts._svgtext import face

    try:
        for weight in ("normal", "bold", "italic"):
            face(weight)
        pdf_bytes(_WARM_PAGE)
    except (ImportError, RuntimeError):  # a missing font or PDF engine then fails the pages, with its own message
        return


def _start_method() -> str:
    """How worker processes start: forked on Linux, where they then share the loaded Release and PDF engine;
    spawned elsewhere (Windows has no fork, macOS's system libraries are not safe to fork), each then building
    the (deterministic) Release and loading the engine itself: the same files, more CPU."""
    return "fork" if sys.platform.startswith("linux") and "fork" in get_all_start_methods() else "spawn"


def _fork_workers(pool: ProcessPoolExecutor) -> None:
    """Start ``pool``'s workers now, with what this process holds frozen out of their garbage collector.

    The Release, the PDF engine and the modules are some 160,000 objects that
    live as long as a worker does; without the freeze every full collection in
    a worker walks them all (and touches their memory pages, which fork then
    copies): about 0.4 s of the 17 PDFs' 5.5 s of CPU. This process unfreezes
    them as soon as the workers exist.
    """
    gc.freeze()
    try:
        pool.submit(int)  # with "fork", the first task forks every worker before submit returns
    finally:
        gc.unfreeze()


def write_demo(out: str | Path, *, progress: TextIO | None = None, workers: int | None = None) -> list[Path]:
    """Write the demo survey, its roster, its Release, every specialty's fact sheet (HTML, PDF) and JSON figures,
    the national overview (HTML, PDF), the second wave's (2026) fact sheets and overview with what changed since
    2025 (HTML, prefixed ``2026-``), its Release and the trend (JSON), and an index that links them all.

    Nothing reaches ``out`` before the Release's audit has passed: the pages
    are made in a hidden folder inside ``out`` while the audit runs, and moved
    in only when it passes and every page is written; a release whose audit
    pins a hidden cell raises :class:`~klyngestat.release.DisclosureError`
    and leaves ``out`` as it was. Pages are made in parallel, one process per
    core (``workers``); the files are the same whatever the number of workers.

    Parameters
    ----------
    out
        The folder to write into (made when it does not exist).
    progress
        Where to print a progress bar and notes (None: print nothing).
    workers
        Worker processes that draw the pages (default: one per core this process may use).

    Returns
    -------
    list of pathlib.Path
        The files written, in ``out``.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".klyngestat-demo-", dir=folder))
    workers = workers or _cores()
    missing = _pdf_missing()
    if missing is not None and progress is not None:
        print(f"PDFs skipped ({missing}); the HTML pages, JSON and release are written.", file=progress)
    try:
        release = _demo()
        method = _start_method()
        if workers > 1 and missing is None and method == "fork":
            # The workers are forked from this process after the Release is built and the PDF engine loaded: they
            # share both (nothing is pickled, nothing loaded twice) and start drawing at once, while this process
            # runs the audit.
            _warm()
        context = get_context(method)
        with ProcessPoolExecutor(workers, mp_context=context) if workers > 1 else nullcontext() as pool:
            if pool is not None:
                _fork_workers(pool)
            staged = _write_staged(release, staging, progress, pool, pdf=missing is None)
        written = []
        for path in staged:
            os.replace(path, folder / path.name)
            written.append(folder / path.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_staged(
    release: Release, staging: Path, progress: TextIO | None, pool: ProcessPoolExecutor | None, *, pdf: bool
) -> list[Path]:
    """Every file of the demo, written into ``staging``; the audit runs while the worker processes draw."""
    specialties = release.specialties
    total = len(specialties)
    interactive = progress is not None and progress.isatty()
    results: dict[str, tuple[list[Path], Markup]] = {}
    overview = pool.submit(_write_overview, staging, pdf) if pool is not None else None
    jobs = {pool.submit(_write_specialty, staging, s, pdf): s for s in specialties} if pool is not None else {}
    try:
        release.check()
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    written = [
        Path(shutil.copyfile(demo_survey_path(), staging / "demo_survey.csv")),
        Path(shutil.copyfile(demo_roster_path(), staging / "demo_roster.csv")),
        release.write(staging / "release.json"),
        release.write(staging / "release.csv"),
    ]
    second, second_rows = _write_second_wave(staging)  # while the workers draw the 2025 PDFs
    written += second
    finished = (
        ((jobs[f], f.result()) for f in as_completed(jobs))
        if pool is not None
        else ((s, _write_specialty(staging, s, pdf)) for s in specialties)
    )
    for done, (specialty, result) in enumerate(finished, start=1):
        results[specialty] = result
        if progress is not None:
            line = progress_bar(done, total, specialty)
            print(f"\r{line:<70}" if interactive else line, end="" if interactive else "\n", file=progress, flush=True)
    pages = overview.result() if overview is not None else _write_overview(staging, pdf)
    if interactive and progress is not None:
        print(file=progress)
    rows = []
    for specialty in specialties:
        files, row = results[specialty]
        written += files
        rows.append(row)
    written += pages
    written += [p for p in staging.iterdir() if p.name.startswith("release.csv.")]  # the CSV's provenance sidecar
    written.append(atomic_write(staging / "index.html", _index_page(rows, second_rows, pdf=pdf).encode("utf-8")))
    return written


def _second_wave_part(items: list[Markup]) -> Markup:
    """The index's part on the second wave: what it is, its overview and trend, and its sheets (``items``)."""
    return html(
        "<h2>Runde {year}: hvad har ændret sig siden 2025?</h2>"
        "<p>En syntetisk anden runde med de samme læger (nogle nye, nogle stoppet), et omformuleret spørgsmål og "
        "en omdøbt klynge og to klynger lagt sammen til én. "
        '<a href="{year}-landsoverblik.html">Landsoverblik {year}</a> med udviklingen; alle ændringer med deres '
        'tal: <a href="{year}-udvikling.json">{year}-udvikling.json</a>. '
        "Faktaark (HTML; PDF med <code>klyngestat factsheet --wave … --format pdf</code>):</p>"
        '<ul class="wave">{items}</ul>',
        year=SECOND_WAVE,
        items=join(items),
    )


def _index_page(rows: list[Markup], second: list[Markup] | None = None, *, pdf: bool = True) -> str:
    """The demo's index: every specialty's sheet (HTML, PDF, JSON), where it falls back to generic text, the release;
    then the second wave's sheets.

    ``rows`` are the specialties' rows as :func:`_index_row` builds them, ``second`` the second wave's list items
    (None: no second wave).
    """
    css = (
        f"{CSS} td, th {{ padding: 1mm 3mm; text-align: left; vertical-align: top; }} td.n {{ text-align: right; }} "
        "td.fallback { font-size: 8pt; color: #555; } td.fallback ul { margin: 0; padding-left: 4mm; } "
        "main { max-width: 250mm; } ul.wave { columns: 3; }"
    )
    body = html(
        "<body><main><h1>Faktaark: klyngearbejde i speciallægepraksis (demodata)</h1>"
        "<p>Syntetiske data, der gengiver tallene i de offentliggjorte faktaark for Dermatologi og "
        "Plastikkirurgi.</p>"
        '<p><a href="landsoverblik.html">Landsoverblik</a>{overview_pdf}: alle specialer side om side.</p>'
        "<table><thead><tr><th>Speciale</th><th>Besvarelser</th><th>Svarprocent</th><th>Faktaark</th>"
        "<th>Generel tekst i stedet for specialets egen</th></tr></thead><tbody>{rows}</tbody></table>"
        '<p>Alle tal med deres nøgler, tællinger og metoder: <a href="release.json">release.json</a> og '
        '<a href="release.csv">release.csv</a>.</p>{second}</main></body></html>\n',
        overview_pdf=Markup(' (<a href="landsoverblik.pdf">PDF</a>)') if pdf else "",
        rows=join(rows),
        second="" if second is None else _second_wave_part(second),
    )
    return html("{}{}", join(html_head("Faktaark – klyngearbejde", css), "\n"), body)
