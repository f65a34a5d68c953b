"""The fact sheet as a reader sees it: HTML in headless Chromium, PDF pages through pdftoppm."""

import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.render import to_html, write_pdf

A4_COLUMN_PX = 178 / 25.4 * 96  # main's max-width, 178 mm, in CSS pixels
CHART_PX = 145 / 25.4 * 96  # a chart's max-width, 145 mm: its drawn size, 6.3 in, a little smaller


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs it (apt-get)")
        pytest.skip(f"{name} is not installed here")
    return path


@pytest.fixture(scope="module")
def sheets(release):
    return {s: build_factsheet(release, s) for s in ("Dermatologi", "Plastikkirurgi", "Urologi")}


MEASURE = """<script>
const main = document.querySelector('main').getBoundingClientRect();
const figures = [...document.querySelectorAll('figure')].map(f => {
  const svg = f.querySelector('svg'); const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {id: f.id, width: r.width, height: r.height};
});
const pre = document.createElement('pre'); pre.id = 'measure';
pre.textContent = JSON.stringify({main: main.width, figures: figures});
document.body.appendChild(pre);
</script>"""


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            _tool("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + os.environ.get("TMPDIR", "/tmp") + "/ks-chromium",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("specialty", ["Dermatologi", "Plastikkirurgi"])
def test_html_renders_every_chart_in_one_a4_column(sheets, specialty, tmp_path):
    page = tmp_path / "sheet.html"
    page.write_text(to_html(sheets[specialty]).replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    result = _chromium("--window-size=1280,900", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    found = re.search(r'<pre id="measure">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    measured = json.loads(found.group(1).replace("&quot;", '"'))
    assert A4_COLUMN_PX - 2 <= measured["main"] <= A4_COLUMN_PX + 2
    assert [f["id"] for f in measured["figures"]] == [f"chart-{c.id}" for c in sheets[specialty].charts]
    for figure in measured["figures"]:
        assert CHART_PX - 2 <= figure["width"] <= CHART_PX + 2, figure
        assert figure["height"] > 120, figure


def test_html_screenshot_is_not_blank(sheets, tmp_path):
    import matplotlib.image

    page = tmp_path / "sheet.html"
    page.write_text(to_html(sheets["Dermatologi"]), encoding="utf-8")
    shot = tmp_path / "shot.png"
    _chromium("--window-size=900,1300", f"--screenshot={shot}", page.as_uri())
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[0] == 1300 and pixels.shape[1] == 900
    assert pixels[..., :3].std() > 0.05


@pytest.mark.parametrize("specialty", ["Dermatologi", "Plastikkirurgi", "Urologi"])  # the seeds; the smallest
def test_pdf_pages_render_with_content(sheets, specialty, tmp_path):
    import matplotlib.image

    pdf = write_pdf(to_html(sheets[specialty]), tmp_path / "sheet.pdf")
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert 2 <= len(pages) <= 4  # the print budget: 2 to 4 A4 pages
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    sheet = sheets[specialty]
    for number, page in enumerate(text[: len(pages)], start=1):  # running header and footer on every page
        flat = " ".join(page.split())
        assert f"Side {number} af {len(pages)}" in flat
        assert "Kilde: eKVIS' spørgeskemaundersøgelse blandt praktiserende speciallæger, september 2025" in flat
        digest, version = sheet.stamp.removeprefix("data ").split(" · ")  # the page number may sit between them
        assert sheet.respondents in flat and digest in flat and version in flat
        if number > 1:
            assert flat.startswith(sheet.title) or sheet.title in flat[:200]
    keys_from = next((n for n, page in enumerate(text) if "Nøgler til tallene" in page), len(pages))
    assert keys_from < len(pages) and re.search(r"1\. +svar/response_rate/specialty", text[keys_from])
    for number, path in enumerate(pages):
        pixels = matplotlib.image.imread(path)
        # A4 portrait at 40 dpi: 331 × 468 px
        assert pixels.shape[:2] == (468, 331)
        if number >= keys_from:  # the keys' small print is too fine for 40 dpi: read it instead
            assert re.search(r"\d+\. +\S+/(top_box|specialty|nation)", text[number]), text[number][:300]
            continue
        assert np.mean(pixels[..., :3] < 0.5) > 0.005, f"{path.name} is blank"
