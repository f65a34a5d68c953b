"""Render the pictures in docs/images: PDF pages (pdftoppm) and HTML screens (headless Chromium).

Run: python docs/make_images.py

Writes, for Dermatologi and Plastikkirurgi (the seeds), Urologi (the smallest
specialty) and the national overview, every PDF page at 80 dpi
(``<name>-<page>.png``) and the first screen of the HTML page as Chromium shows
it (``<name>-html.png``); and the same of the demo's second wave (2026) for
Dermatologi and the overview, with what changed since 2025 (``2026-…``). Look
at every one before committing them.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from klyngestat.demo import _demo, _demo_trend, slug
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.overview import overview_html
from klyngestat.present.render import to_html, write_pdf

IMAGES = Path(__file__).parent / "images"
SHEETS = ("Dermatologi", "Plastikkirurgi", "Urologi")


def main() -> None:
    release = _demo()
    pages = {slug(s): to_html(build_factsheet(release, s)) for s in SHEETS}
    pages["landsoverblik"] = overview_html(release)
    trend = _demo_trend()
    pages["2026-dermatologi"] = to_html(build_factsheet(trend.releases[-1], "Dermatologi", trend=trend))
    pages["2026-landsoverblik"] = overview_html(trend.releases[-1], trend=trend)
    for old in IMAGES.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, html in pages.items():
            page = work / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            pdf = write_pdf(html, work / f"{name}.pdf")
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(work / name)], check=True)
            rendered = sorted(work.glob(f"{name}-*.png"))
            for number, png in enumerate(rendered, start=1):
                shutil.move(png, IMAGES / f"{name}-{number}.png")
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--user-data-dir={work / 'chromium'}",
                    "--window-size=900,1300",
                    f"--screenshot={IMAGES / f'{name}-html.png'}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            print(f"{name}: {len(rendered)} PDF pages, HTML screen")


if __name__ == "__main__":
    main()
