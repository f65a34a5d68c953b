"""WeasyPrint draws a plain SVG <text> as one shaped run: same place, same words, its own drawer restored."""

import re
import shutil
import subprocess
import sys

import pytest

weasyprint = pytest.importorskip("weasyprint")
weasyprint_svg = pytest.importorskip("weasyprint.svg")

from klyngestat.present._svg_text_runs import _compatible, text_runs  # noqa: E402

FAST_PATH = _compatible(weasyprint_svg, weasyprint_svg.text)
needs_fast_path = pytest.mark.skipif(
    not FAST_PATH,
    reason=f"WeasyPrint {weasyprint.__version__}'s SVG internals are not those the fast path calls: "
    "WeasyPrint's own drawer draws every text",
)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="100pt" viewBox="0 0 300 100">
<text x="50" y="20" font-size="10" font-family="DejaVu Sans">Ved ikke</text>
<text x="250" y="40" font-size="10" font-family="DejaVu Sans" text-anchor="end">Landsgennemsnit</text>
<text x="150" y="60" font-size="10" font-family="DejaVu Sans" text-anchor="middle" font-weight="bold">67,3 pct.</text>
<text x="50" y="80" dx="0 8" font-size="10" font-family="DejaVu Sans">AB</text>
</svg>"""
PAGE = f'<html><body style="margin: 0"><div style="margin: 0">{SVG}</div></body></html>'


def _words(pdf: bytes, tmp_path) -> dict[str, tuple[float, float]]:
    """Each word's left and right edge in points, read back by pdftotext."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed here")
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    html = subprocess.run([tool, "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return {
        m.group(3): (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', html)
    }


def test_runs_stand_where_the_anchors_put_them_and_where_letter_by_letter_did(tmp_path):
    letter_by_letter = _words(weasyprint.HTML(string=PAGE).write_pdf(), tmp_path)
    with text_runs():
        runs = _words(weasyprint.HTML(string=PAGE).write_pdf(), tmp_path)
    assert set(runs) == set(letter_by_letter) == {"Ved", "ikke", "Landsgennemsnit", "67,3", "pct.", "A", "B"}
    # a run is shaped as a whole, so the font's kerning closes it up a little ("Ve" by 0.8 pt); letters one by one
    # are not kerned: widths agree to a few per cent, and where the anchor holds a run's edge, exactly
    for word, (left, right) in runs.items():
        assert right - left == pytest.approx(letter_by_letter[word][1] - letter_by_letter[word][0], rel=0.04), word
    assert runs["Ved"][0] == pytest.approx(letter_by_letter["Ved"][0], abs=0.05)
    assert runs["Landsgennemsnit"][1] == pytest.approx(letter_by_letter["Landsgennemsnit"][1], abs=0.05)
    origin = runs["Ved"][0]  # the start-anchored text's left edge is its x, 50
    assert runs["Landsgennemsnit"][1] - origin == pytest.approx(200, abs=1.0)  # end-anchored at 250
    middle = (runs["67,3"][0] + runs["pct."][1]) / 2
    assert middle - origin == pytest.approx(100, abs=1.0)  # middle-anchored at 150
    # a per-letter offset (dx) still goes letter by letter: B stands 8 pt further right than it would
    assert runs["B"][0] - runs["A"][1] == pytest.approx(8, abs=0.6)


def test_the_fast_path_is_on_with_the_weasyprint_it_was_written_against():
    """Off, it costs only speed: a WeasyPrint that changes its internals again must not lose it unnoticed."""
    if int(weasyprint.__version__.split(".")[0]) != 70:
        pytest.skip(f"the fast path was written against WeasyPrint 70, not {weasyprint.__version__}")
    assert FAST_PATH


def _older_set_graphical_state(monkeypatch):
    """WeasyPrint before 70: it takes ``text`` and sets the fill and stroke itself, returning nothing."""

    def set_graphical_state(self, node, font_size, text=False):
        return None

    monkeypatch.setattr(weasyprint_svg.SVG, "set_graphical_state", set_graphical_state)


def _no_draw_text_module(monkeypatch):
    """WeasyPrint before 63: no ``weasyprint.draw.text``."""
    monkeypatch.setitem(sys.modules, "weasyprint.draw.text", None)


@pytest.mark.parametrize("older", [_older_set_graphical_state, _no_draw_text_module])
def test_with_other_internals_weasyprints_own_drawer_draws_every_text(monkeypatch, older):
    """Not a fast path that fails inside WeasyPrint, which would leave the whole chart out of the PDF."""
    import klyngestat.present._svg_text_runs as runs

    older(monkeypatch)
    runs._internals_as_expected.cache_clear()
    try:
        original, tags = weasyprint_svg.text, dict(weasyprint_svg.TAGS)
        with text_runs():
            assert weasyprint_svg.text is original and tags == weasyprint_svg.TAGS
    finally:
        runs._internals_as_expected.cache_clear()  # found again with WeasyPrint's own internals back


@needs_fast_path
def test_the_drawer_is_put_back_even_after_an_error():
    import weasyprint.svg as svg

    original, tags = svg.text, dict(svg.TAGS)
    with pytest.raises(RuntimeError), text_runs():
        assert svg.text is not original and svg.TAGS["text"] is svg.text
        raise RuntimeError("boom")
    assert svg.text is original and tags == svg.TAGS


def _demo_page() -> str:
    from klyngestat.demo import _demo
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.render import to_html

    return to_html(build_factsheet(_demo(), "Plastikkirurgi"))


@needs_fast_path
def test_a_run_laid_out_once_is_the_pdf_weasyprints_two_layouts_make(monkeypatch):
    """The demo's smallest sheet (its five charts' labels, legends and notes): the same bytes either way."""
    import klyngestat.present._svg_text_runs as runs
    from klyngestat.present.render import pdf_bytes

    page = _demo_page()
    once = pdf_bytes(page, compress=False)
    monkeypatch.setattr(runs, "_laid_out", runs._laid_out_twice)
    assert pdf_bytes(page, compress=False) == once


@needs_fast_path
@pytest.mark.parametrize("text", ["Landsgennemsnit 65,7 pct.", "Ved\nikke"])
def test_one_layout_measures_a_string_as_weasyprints_steps_do(text):
    """Width, height and baseline of a one-line string, and of one that breaks (which takes WeasyPrint's steps)."""
    from types import SimpleNamespace
    from xml.etree import ElementTree

    from weasyprint.text.fonts import FontConfiguration

    from klyngestat.present._svg_text_runs import _laid_out, _laid_out_twice, _style

    svg = SimpleNamespace(font_config=FontConfiguration())
    node = ElementTree.fromstring('<text font-family="DejaVu Sans" font-weight="bold">x</text>')
    once = _laid_out(text, _style(svg, node, 10.0), None)
    twice = _laid_out_twice(text, _style(svg, node, 10.0), None)
    assert once[1:] == twice[1:] and once[0].text == twice[0].text
    assert once[1] > 0 and once[2] == pytest.approx(11.64, abs=0.01)  # DejaVu Sans at 10 px: 1.164 em a line
