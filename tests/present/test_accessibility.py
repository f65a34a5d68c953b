"""Accessible output: text alternatives from the figures, WCAG 2.1 contrast, a tagged PDF in reading order.

Contrast is computed here from the WCAG 2.1 definitions (relative luminance of
linearised sRGB, ratio (L1 + 0.05) / (L2 + 0.05)), not with the code under
test; the colours are read out of the SVG the fact sheets embed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser

import pytest

pytest.importorskip("matplotlib")

from klyngestat.present.alt import chart_alt, svg_with_title
from klyngestat.present.charts import _base
from klyngestat.present.charts.likert import _diverging_colours
from klyngestat.present.document import Chart
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.figures import Categories
from klyngestat.present.render import _svg, draw_chart, to_html, write_pdf

SPECIALTIES = ("Dermatologi", "Plastikkirurgi")
HIDDEN = "vises ikke af hensyn til fortroligheden"
WHITE = "#ffffff"


@pytest.fixture(scope="module")
def sheets(release):
    return {s: build_factsheet(release, s) for s in SPECIALTIES}


@pytest.fixture(scope="module")
def svgs(sheets):
    """The SVG of every chart of both demo sheets, as the HTML and the PDF embed it."""
    return {(s, c.id): _svg(c) for s, sheet in sheets.items() for c in sheet.charts}


def _chart(sheet, chart_id: str) -> Chart:
    return next(c for c in sheet.charts if c.id == chart_id)


# ---------------------------------------------------------------------------
# WCAG 2.1, by hand


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1): 0.2126 R + 0.7152 G + 0.0722 B of the linearised channels."""
    text = {"white": "ffffff", "black": "000000"}.get(colour, colour.lstrip("#"))
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    r, g, b = (_channel(int(text[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_hand_coded_contrast_matches_the_spec_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the well-known just-failing grey
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# ---------------------------------------------------------------------------
# Text alternatives


def test_the_headline_charts_alt_says_what_the_text_says(sheets):
    derma = chart_alt(_chart(sheets["Dermatologi"], "understoetter_kvalitet"))
    assert "Dermatologi (n=73):" in derma
    assert "i høj eller meget høj grad i alt 71 pct." in derma  # 52 of 73 = 71,2
    assert "Landsgennemsnit (n=691):" in derma and "i alt 65,7 pct." in derma  # 454 of 691 = 65,70
    # 18, 34, 17, 2, 1 of 73 and 1 "Ved ikke": 24,7 46,6 23,3 2,7 1,4 1,4
    assert "I meget høj grad 25, I høj grad 47, I nogen grad 23, I mindre grad 3, Slet ikke 1, Ved ikke 1" in derma
    plastic = chart_alt(_chart(sheets["Plastikkirurgi"], "understoetter_kvalitet"))
    assert "Plastikkirurgi (n=14):" in plastic and "i alt 50 pct." in plastic  # 7 of 14


def test_a_share_charts_alt_names_every_row_with_n_and_the_national_line(sheets):
    derma = chart_alt(_chart(sheets["Dermatologi"], "forbedringer"))
    assert "Dermatologi (n=73) 51 pct." in derma  # 37 of 73 = 50,7
    assert "Lodret streg: Landsgennemsnit 48 pct." in derma  # 329 of 686 = 47,96
    assert "Derma – Sjælland (n=9) 22 pct." in derma  # 2 of 9
    plastic = chart_alt(_chart(sheets["Plastikkirurgi"], "forbedringer"))
    assert "Plastikkirurgi (n=14) 29 pct." in plastic  # 4 of 14 = 28,6
    clusters = chart_alt(_chart(sheets["Dermatologi"], "understoetter_kvalitet-klynger"))
    assert "Landsgennemsnit 65,7 pct." in clusters and "Derma – Nord (n=8) 88 pct." in clusters  # 7 of 8 = 87,5


def test_alt_text_carries_exactly_the_numbers_drawn_on_every_demo_chart(sheets):
    from matplotlib.patches import Rectangle

    for sheet in sheets.values():
        for chart in sheet.charts:
            alt = chart_alt(chart)
            fig = draw_chart(chart)
            main = fig.axes[0]
            if chart.kind == "likert":
                labels = [label for label, *_ in chart.rows]
                for text in main.texts:
                    if not text.get_text().isdigit():
                        continue
                    x, y = text.get_position()
                    row = round(y)
                    segment = next(
                        p
                        for p in main.patches
                        if isinstance(p, Rectangle)
                        and p.get_x() <= x <= p.get_x() + p.get_width()
                        and p.get_y() <= y <= p.get_y() + p.get_height()
                    )
                    start = alt.index(f"{labels[row]} (n=")
                    end = alt.find(f"{labels[row + 1]} ", start) if row + 1 < len(labels) else len(alt)
                    assert f"{segment.get_label()} {text.get_text()}" in alt[start:end], (chart.id, row)
                total = next(a for a in fig.axes if a.get_label() == "total")
                for text in total.texts:
                    assert f"i alt {text.get_text()} pct." in alt, chart.id
            else:
                drawn = [t.get_text() for t in main.texts if t.get_text().endswith("pct.")]
                assert drawn and all(t in alt for t in drawn), (chart.id, drawn)
            if chart.kind == "ranking":  # the chart's order, top to bottom
                order = [" ".join(t.get_text().split()).rsplit(" (n=", 1)[0] for t in main.get_yticklabels()]
                positions = [alt.index(f"{label} (n=") for label in order]
                assert positions == sorted(positions)


def _record(release, question="forbedringer", specialty="Plastikkirurgi"):
    return release.find("group", "top_box", question=question, specialty=specialty)


def test_alt_rounds_half_up_like_the_chart(release):
    share = replace(_record(release), count=1, base=8)  # 12,5 pct.: half up 13, never 12
    national = replace(_record(release), count=1313, base=2000)  # 65,65 pct.: 65,7 with one decimal
    chart = Chart("x", "share", "Titel", (("Klynge", share),), national=national)
    assert chart_alt(chart) == "Titel. Andel ja: Klynge (n=8) 13 pct. Lodret streg: Landsgennemsnit 65,7 pct."


def test_alt_says_which_rows_are_hidden_and_shows_no_n_for_them(release):
    shown = _record(release)
    hidden = replace(shown, status="hidden", reason="n < 5", count=None, base=None)
    share = Chart("x", "share", "Titel", (("Plastikkirurgi", shown), ("Lille klynge", hidden)))
    alt = chart_alt(share)
    assert f"Lille klynge: {HIDDEN}" in alt and "Lille klynge (n=" not in alt
    assert "Plastikkirurgi (n=14) 29 pct." in alt
    ranking = chart_alt(Chart("r", "ranking", "Titel", (("A", hidden), ("B", shown))))
    assert ranking.index("B (n=14)") < ranking.index(f"A: {HIDDEN}")  # hidden rows last, as drawn
    expectation = chart_alt(Chart("e", "expectation", "Titel", (("Element", shown, hidden),)))
    assert f"Element: prioriteret 29 pct., oplevet {HIDDEN}" in expectation
    assert "Antal svar (n): prioriteret 14, oplevet –." in expectation
    scale = Categories(
        "q", ("Ja", "Nej", "Ved ikke"), (True, True, False), (3, 1, 1), 0, top=(True, False, False), top_label="ja"
    )
    likert = chart_alt(Chart("l", "likert", "Titel", (("Speciale", scale), ("Landsgennemsnit", None))))
    # 3, 1, 1 of 5: 60, 20, 20
    assert "Speciale (n=5): Ja 60, Nej 20, Ved ikke 20; ja i alt 60 pct.; " in likert
    assert likert.endswith(f"Landsgennemsnit: {HIDDEN}.")


def test_every_figure_carries_its_alt_as_aria_label_and_svg_title(sheets):
    for sheet in sheets.values():
        page = to_html(sheet)
        for chart in sheet.charts:
            figure = page.split(f'<figure id="chart-{chart.id}"')[1].split("</figure>")[0]
            label = re.search(r'aria-label="([^"]*)"', figure)
            assert label and unescape(label.group(1)) == chart_alt(chart)
            svg = figure[figure.index("<svg") :]
            title = re.match(r"<svg[^>]*><title>([^<]*)</title>", svg)
            assert title and unescape(title.group(1)) == chart_alt(chart)


def test_svg_title_is_escaped():
    assert svg_with_title("<svg a='1'><g/></svg>", "<b> & c") == "<svg a='1'><title>&lt;b&gt; &amp; c</title><g/></svg>"


# ---------------------------------------------------------------------------
# Contrast: every fill 3:1 against white; segments parted by a white edge; labels 4.5:1


def _palette() -> list[str]:
    colours = [_base._NEUTRAL, *_base._NON_SUBSTANTIVE, *_base._SHARE_COLOURS.values()]
    colours += [_base._PRIORITY_COLOUR, _base._EXPERIENCED_COLOUR]
    for side in range(1, 9):  # the fixed palettes and the interpolated ones beyond
        positive, negative = _diverging_colours(side)
        colours += [*positive, *negative]
    return colours


def test_every_palette_colour_has_3_to_1_against_the_white_background():
    failing = {c: round(contrast(c, WHITE), 2) for c in _palette() if contrast(c, WHITE) < 3}
    assert not failing


def test_each_side_of_the_diverging_palette_keeps_puor_order_dark_outside():
    for side in range(2, 9):
        positive, negative = _diverging_colours(side)
        outward = [contrast(c, WHITE) for c in positive[::-1]], [contrast(c, WHITE) for c in negative]
        assert all(list(s) == sorted(s) and len(set(s)) == len(s) for s in outward), side


def test_labels_on_fills_are_white_on_dark_fills_and_have_4_5_to_1():
    for colour in _palette():
        text = _base._text_colour_on(colour)
        assert contrast(text, colour) >= 4.5, (colour, text)
        if contrast(WHITE, colour) >= 4.5:
            assert text == "white", colour


_PATH = re.compile(r"<path ([^>]*)>")
_TEXT = re.compile(r"<text ([^>]*)>")


def _style(attributes: str, name: str) -> str | None:
    """A property of an SVG element: its presentation attribute, or its declaration in a style attribute."""
    found = re.search(rf'(?:^|\s){name}="([^"]*)"', attributes)
    if found:
        return found.group(1).strip()
    style = re.search(r'\bstyle="([^"]*)"', attributes)
    found = re.search(rf"(?:^|;)\s*{name}:\s*([^;]+)", style.group(1)) if style else None
    return found.group(1).strip() if found else None


def _shapes(svg: str) -> list[dict]:
    """Filled shapes of an SVG: fill, stroke, stroke width (SVG's default 1) and bounding box."""
    shapes = []
    for attributes in _PATH.findall(svg):
        d = _style(attributes, "d")
        fill = _style(attributes, "fill")
        if not d or not fill or not fill.startswith("#") or fill.lower() == WHITE:
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
        xs, ys = numbers[0::2], numbers[1::2]
        shapes.append(
            {
                "fill": fill.lower(),
                "stroke": (_style(attributes, "stroke") or "none").lower(),
                "stroke_width": float(_style(attributes, "stroke-width") or 1),
                "box": (min(xs), min(ys), max(xs), max(ys)),
            }
        )
    return shapes


def test_every_fill_in_the_demo_charts_has_3_to_1_against_the_background(svgs):
    for key, svg in svgs.items():
        shapes = _shapes(svg)
        assert shapes, key
        failing = {s["fill"] for s in shapes if contrast(s["fill"], WHITE) < 3}
        assert not failing, key


def test_adjacent_likert_segments_are_parted_by_a_white_edge_or_3_to_1(svgs):
    pairs = 0
    for key, svg in svgs.items():
        shapes = _shapes(svg)
        bars = [s for s in shapes if s["box"][2] - s["box"][0] > 1e-3]  # an empty category draws nothing
        for a in bars:
            for b in bars:
                _, ay0, ax1, ay1 = a["box"]
                bx0, by0, _, by1 = b["box"]
                if abs(ax1 - bx0) > 1e-3 or abs(ay0 - by0) > 1e-3 or abs(ay1 - by1) > 1e-3:
                    continue  # not side by side in one bar
                pairs += 1
                if contrast(a["fill"], b["fill"]) >= 3:
                    continue
                for s in (a, b):  # a white edge of a point, which has 3:1 against both fills
                    assert s["stroke"] == WHITE and s["stroke_width"] >= 1, (key, s)
                    assert contrast(s["fill"], WHITE) >= 3, (key, s)
    assert pairs > 20  # both sheets' Likert bars were looked at


def _text_positions(svg: str) -> list[tuple[float, float, str, str]]:
    texts = []
    for attributes in _TEXT.findall(svg):
        fill = _style(attributes, "fill")
        anchor = _style(attributes, "text-anchor") or "start"
        x = re.search(r'\bx="([-\d.]+)"', attributes)
        y = re.search(r'\by="([-\d.]+)"', attributes)
        if x and y:
            position = (float(x.group(1)), float(y.group(1)))
        else:
            moved = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", attributes)
            if not moved:
                continue
            position = (float(moved.group(1)), float(moved.group(2)))
        texts.append((*position, (fill or "#000000").lower(), anchor))
    return texts


def test_text_on_a_bar_has_4_5_to_1_and_is_white_on_dark_fills(svgs):
    on_fills = 0
    for key, svg in svgs.items():
        shapes = _shapes(svg)
        for x, y, fill, anchor in _text_positions(svg):
            fill = WHITE if fill == "white" else fill
            # A point inside the glyphs: just above the baseline, just inside the anchored end.
            px = x + {"start": 1.0, "middle": 0.0, "end": -1.0}[anchor]
            py = y - 2.0
            under = [s for s in shapes if s["box"][0] <= px <= s["box"][2] and s["box"][1] <= py <= s["box"][3]]
            ground = under[-1]["fill"] if under else WHITE  # the shape drawn last is on top
            assert contrast(fill, ground) >= 4.5, (key, x, y, fill, ground)
            if under:
                on_fills += 1
                if contrast(WHITE, ground) >= 4.5:
                    assert fill == WHITE, (key, x, y, ground)
    assert on_fills > 20


# ---------------------------------------------------------------------------
# The tagged PDF


def _string(token: bytes) -> str:
    """A PDF string: <FEFF…> hex (UTF-16) or a literal (…) one."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode("ascii"))
        return raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    body = token[1:-1]
    body = re.sub(rb"\\([()\\])", rb"\1", body)
    return body.decode("latin-1")


_PDF_STRING = rb"(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))"


def _structure(pdf: bytes) -> list[tuple[str, str | None]]:
    """The structure tree's elements, depth first in the order of their /K arrays: (type, /Alt)."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)\s*endobj", pdf, re.S)}
    root = re.search(rb"/StructTreeRoot (\d+) 0 R", pdf)
    assert root, "no /StructTreeRoot: the PDF is not tagged"
    elements: list[tuple[str, str | None]] = []

    def walk(number: int) -> None:
        body = objects[number]
        alt = re.search(rb"/Alt " + _PDF_STRING, body)
        if alt:
            body = body.replace(alt.group(0), b"")
        kind = re.search(rb"/S /(\w+)", body)
        if kind:
            elements.append((kind.group(1).decode(), _string(alt.group(1)) if alt else None))
        kids = re.search(rb"/K \[([^\]]*)\]", body) or re.search(rb"/K (\d+ 0 R)", body)
        for kid in re.findall(rb"(\d+) 0 R", kids.group(1)) if kids else ():
            walk(int(kid))

    walk(int(root.group(1)))
    return elements


class _Outline(HTMLParser):
    """Headings (with their text) and SVG figures of a page, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = ""
            self.items.append((tag.upper(), ""))
        elif tag == "svg":
            self.items.append(("Figure", ""))

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.items[-1] = (self.items[-1][0], " ".join(self._heading.split()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data


@pytest.fixture(scope="module")
def pdfs(sheets, tmp_path_factory):
    pytest.importorskip("weasyprint")
    folder = tmp_path_factory.mktemp("pdf")
    return {s: write_pdf(to_html(sheet), folder / f"{s}.pdf", compress=False) for s, sheet in sheets.items()}


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_the_pdf_is_tagged_with_language_title_and_every_charts_alt(sheets, pdfs, specialty):
    sheet = sheets[specialty]
    pdf = pdfs[specialty].read_bytes()
    assert b"/StructTreeRoot" in pdf and re.search(rb"/MarkInfo <<\s*/Marked true", pdf)
    assert re.search(rb"/Lang \(da\)", pdf)
    title = re.search(rb"/Title " + _PDF_STRING, pdf)
    assert title and _string(title.group(1)) == sheet.title
    assert b'pdfuaid:part="1"' in pdf  # WeasyPrint's PDF/UA-1 variant
    alts = [alt for kind, alt in _structure(pdf) if kind == "Figure"]
    assert alts == [chart_alt(c) for c in sheet.charts]
    headline = chart_alt(_chart(sheet, "understoetter_kvalitet"))
    assert headline in alts and ("i alt 71 pct." in headline) == (specialty == "Dermatologi")


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_the_pdf_structure_and_text_follow_the_htmls_order(sheets, pdfs, specialty):
    outline = _Outline()
    outline.feed(to_html(sheets[specialty]))
    structure = [kind for kind, _ in _structure(pdfs[specialty].read_bytes()) if kind == "Figure" or kind[0] == "H"]
    assert structure == [kind for kind, _ in outline.items]
    headings = [text for kind, text in outline.items if kind != "Figure"]
    assert headings[0] == sheets[specialty].title
    assert [s.heading for s in sheets[specialty].sections] == headings[1 : len(sheets[specialty].sections) + 1]

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed here")
    result = subprocess.run([pdftotext, str(pdfs[specialty]), "-"], capture_output=True, text=True, check=True)
    text = " ".join(result.stdout.replace("\u00a0", " ").split())
    cursor = 0
    for heading in headings:  # each heading after the one before it, in the text as extracted
        found = text.find(heading, cursor)
        assert found >= 0, (heading, text[cursor : cursor + 300])
        cursor = found + len(heading)
