"""The direct SVG charts draw what the matplotlib charts draw: the same texts, the same size, the same figures.

The oracle is matplotlib's own SVG of the same chart (``figure_to_svg(draw_chart(chart))``);
the hand-checked numbers come from the seeds' counts, worked out in the comments.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("fontTools")

from klyngestat.present.charts import figure_to_svg
from klyngestat.present.charts.svg import chart_svg, likert_svg, share_svg
from klyngestat.present.document import Chart
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.figures import Categories
from klyngestat.present.render import _svg, draw_chart

HIDDEN = "Vises ikke af hensyn til fortroligheden"
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt" height="([\d.]+)pt"')


def _texts(svg: str) -> Counter[str]:
    """The visible text strings of an SVG, one per line of text, as a multiset."""
    return Counter(unescape(t) for t in _TEXT.findall(svg) if t.strip())


def _size(svg: str) -> tuple[float, float]:
    found = _SIZE.search(svg)
    assert found, svg[:200]
    return float(found.group(1)), float(found.group(2))


def _total(svg: str, row: int) -> str | None:
    found = re.search(rf'<g id="likert-total-{row}">\s*<text[^>]*>([^<]*)</text>', svg)
    return found.group(1) if found else None


@pytest.fixture(scope="module")
def sheets(release):
    return {s: build_factsheet(release, s) for s in release.specialties}


@pytest.fixture(scope="module")
def hidden_sheets(the_demo_survey):
    import klyngestat as ks
    from klyngestat.release import ReleaseOptions

    release = ks.build_release(the_demo_survey, options=ReleaseOptions(min_n=10))
    return {s: build_factsheet(release, s) for s in release.specialties}


_DRAWN: list[tuple[Chart, str]] = []
"""The charts matplotlib has drawn in this process, with their SVG."""


def _matplotlibs_svg(chart: Chart) -> str:
    """matplotlib's SVG of the chart (the oracle), drawn once per process for each distinct chart.

    Most charts of the sheets at ``min_n=10`` equal the demo's field by field (the same records, nothing more
    hidden in them); matplotlib draws equal charts alike, so an equal chart's drawing is its drawing.
    """
    for drawn, svg in _DRAWN:
        if drawn == chart:
            return svg
    svg = figure_to_svg(draw_chart(chart))
    _DRAWN.append((chart, svg))
    return svg


def _assert_same_chart(chart: Chart) -> None:
    ours, theirs = chart_svg(chart), _matplotlibs_svg(chart)
    assert _texts(ours) == _texts(theirs), (chart.id, _texts(ours) - _texts(theirs), _texts(theirs) - _texts(ours))
    (w, h), (mw, mh) = _size(ours), _size(theirs)
    assert w == pytest.approx(mw, rel=0.01) and h == pytest.approx(mh, rel=0.01), chart.id


SPECIALTIES = (
    "Dermatologi",
    "Plastikkirurgi",
    "Oftalmologi",
    "Oto-rhino-laryngologi",
    "Psykiatri",
    "Gynækologi og obstetrik",
    "Ortopædisk kirurgi",
    "Intern medicin",
    "Reumatologi",
    "Neurologi",
    "Kirurgi",
    "Pædiatri",
    "Børne- og ungdomspsykiatri",
    "Anæstesiologi",
    "Radiologi",
    "Urologi",
)
"""The demo's specialties (checked below), one test each, so that the parallel test run can share them out."""


def test_the_demo_has_six_charts_for_each_of_its_sixteen_specialties(sheets):
    assert list(sheets) == list(SPECIALTIES)
    assert [len(sheet.charts) for sheet in sheets.values()] == [6] * 16


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_every_demo_chart_has_matplotlibs_texts_and_size(sheets, specialty):
    for chart in sheets[specialty].charts:
        _assert_same_chart(chart)


@pytest.mark.parametrize("specialty", SPECIALTIES)
def test_hidden_rows_have_matplotlibs_texts_and_size(hidden_sheets, specialty):
    for chart in hidden_sheets[specialty].charts:
        _assert_same_chart(chart)


def test_min_n_ten_hides_many_clusters_in_the_charts(hidden_sheets):
    hidden = sum(_texts(chart_svg(chart))[HIDDEN] for sheet in hidden_sheets.values() for chart in sheet.charts)
    assert hidden > 10


def test_the_headline_totals_are_the_sentences_figures(sheets):
    derma = chart_svg(next(c for c in sheets["Dermatologi"].charts if c.id == "understoetter_kvalitet"))
    assert _total(derma, 0) == "71"  # 52 of 73 = 71,2
    assert _total(derma, 1) == "65,7"  # 454 of 691 = 65,70, one decimal
    assert "Dermatologi (n=73)" in derma and "Landsgennemsnit (n=691)" in derma
    plastic = chart_svg(next(c for c in sheets["Plastikkirurgi"].charts if c.id == "understoetter_kvalitet"))
    assert _total(plastic, 0) == "50"  # 7 of 14


def test_the_national_line_is_dashed_cased_in_white_and_labelled(sheets):
    svg = chart_svg(next(c for c in sheets["Dermatologi"].charts if c.id == "forbedringer"))
    dashed = re.findall(r'<path d="M([\d.]+) [\d.]+L([\d.]+) [\d.]+"[^>]*stroke="(#[0-9a-f]+)"[^>]*dasharray', svg)
    assert [colour for *_, colour in dashed] == ["#ffffff", "#222222"]  # casing first, line on top
    assert dashed[0][0] == dashed[0][1] == dashed[1][0]  # one vertical line
    assert "Landsgennemsnit 48 pct." in svg  # 329 of 686 = 47,96
    assert "Dermatologi (n=73)" in svg and "51 pct." in svg  # 37 of 73 = 50,7


def test_a_hidden_row_prints_the_hidden_text_and_no_number():
    shown = Categories("q", ("Ja", "Nej", "Ved ikke"), (True, True, False), (3, 1, 1), 0)
    svg = likert_svg([("Speciale", shown), ("Lille klynge", None)])
    texts = _texts(svg)
    assert texts[HIDDEN] == 1 and "Lille klynge" in texts
    assert not any(t.startswith("Lille klynge (n=") for t in texts)
    assert _total(svg, 1) is None


def test_the_questionnaires_neutral_category_straddles_the_zero_line():
    # 1, 2, 4, 3 of 10 on a scale whose third category the questionnaire names neutral: 40 pct. centred on 0
    agree = ("Helt enig", "Enig", "Hverken enig eller uenig", "Uenig")
    svg = likert_svg([("Klynge", Categories("q", agree, (True,) * 4, (1, 2, 4, 3), 0, neutral=2))])
    zero = re.search(r'<path d="M([\d.]+) [\d.]+L([\d.]+) [\d.]+"[^>]*stroke="#777777"', svg)
    grey = re.findall(r'<path d="M([\d.]+) [\d.]+L([\d.]+) [\d.]+L[^"]*" fill="#8f8f8f"', svg)  # legend and bar
    assert zero is not None and len(grey) == 2
    left, right = max(((float(a), float(b)) for a, b in grey), key=lambda box: box[1] - box[0])  # the bar
    assert (left + right) / 2 == pytest.approx(float(zero.group(1)), abs=0.002)
    # 40 pct. of the axis from -100 to 100 is a fifth of its width; the grid's outer lines are its ends
    grid = re.search(r'<path d="([^"]+)" fill="none" stroke="#e3e3e3"', svg)  # the main axes' first: -100 to 100
    assert grid is not None
    xs = [float(x) for x in re.findall(r"M([\d.]+) ", grid.group(1))]
    assert right - left == pytest.approx((max(xs) - min(xs)) / 5, abs=0.002)


def test_hidden_records_print_the_hidden_text_and_no_number(hidden_sheets):
    for sheet in hidden_sheets.values():
        for chart in sheet.charts:
            if chart.kind != "share":
                continue
            hidden = [label for label, record in chart.rows if not record.shown]
            texts = _texts(chart_svg(chart))
            for label in hidden:
                assert texts[label] >= 1 and not any(t.startswith(f"{label} (n=") for t in texts), label
            assert texts[HIDDEN] == len(hidden)


def test_the_svg_is_one_plain_element_without_styles_or_wrappers(sheets):
    for chart in sheets["Dermatologi"].charts:
        svg = chart_svg(chart)
        root = ET.fromstring(svg)  # well-formed: every text escaped
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "style=" not in svg and "<style" not in svg
        groups = root.findall("{http://www.w3.org/2000/svg}g")
        assert all(re.fullmatch(r"likert-total-\d+", g.get("id", "")) for g in groups)
        assert not root.findall(".//{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}g")
        assert all(
            t.get("font-family") == "'DejaVu Sans', sans-serif" for t in root.iter("{http://www.w3.org/2000/svg}text")
        )


def test_text_from_the_data_is_escaped(release):
    record = release.find("group", "top_box", question="forbedringer", specialty="Plastikkirurgi")
    svg = share_svg([("<b>A & B</b>", record)])
    ET.fromstring(svg)
    assert "&lt;b&gt;A &amp; B&lt;/b&gt; (n=14)" in svg and "<b>" not in svg


def test_the_page_uses_the_direct_svg_with_ids_unique_per_chart(sheets):
    chart = next(c for c in sheets["Dermatologi"].charts if c.id == "understoetter_kvalitet")
    svg = _svg(chart)
    assert '<g id="understoetter_kvalitet-likert-total-0">' in svg
    assert _texts(svg) == _texts(chart_svg(chart))


def test_the_page_svg_never_draws_a_matplotlib_figure(sheets, monkeypatch):
    from klyngestat.present import render

    def refuse(chart):  # pragma: no cover - called only on a regression
        raise AssertionError("the fact sheet's SVG must not draw a matplotlib figure")

    monkeypatch.setattr(render, "draw_chart", refuse)
    assert all(render._svg(c).startswith("<svg") for c in sheets["Plastikkirurgi"].charts)
