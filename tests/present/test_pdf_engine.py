"""The PDF engine's shortcuts change nothing: charts read as XML, one font configuration, one text-metrics face."""

from __future__ import annotations

import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest

from klyngestat.present._inline_svg import _take_out, svg_from_xml
from klyngestat.present.charts._svgtext import _font_file, face
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.render import PDF_VARIANT, pdf_bytes, to_html
from klyngestat.release import Release

_SVG = "{http://www.w3.org/2000/svg}svg"


def _parse_once_is_on() -> bool:
    """Whether WeasyPrint's style sheet finder is the one klyngestat.present._parsed_css was written against."""
    try:
        import weasyprint.css as css
    except (ImportError, OSError):  # no WeasyPrint (or no Pango): the tests' own importorskip says so
        return True
    from klyngestat.present._parsed_css import _compatible

    return _compatible(css)


needs_parse_once = pytest.mark.skipif(
    not _parse_once_is_on(),
    reason="WeasyPrint's find_stylesheets is not the one the parse-once shortcut was written against: "
    "WeasyPrint parses every page's style sheet itself",
)


@pytest.fixture(scope="module")
def pages(release: Release, html: str) -> dict[str, str]:
    """Two fact sheets (a large and the smallest seed specialty) and the overview (``html``: overview_html(release))."""
    sheets = {s: to_html(build_factsheet(release, s)) for s in ("Dermatologi", "Plastikkirurgi")}
    return {**sheets, "landsoverblik": html}


def _same_tree(html_node: ElementTree.Element, xml_node: ElementTree.Element) -> None:
    assert html_node.tag == xml_node.tag
    assert dict(html_node.attrib) == dict(xml_node.attrib), html_node.tag
    assert (html_node.text or "") == (xml_node.text or ""), html_node.tag
    assert (html_node.tail or "") == (xml_node.tail or ""), html_node.tag
    assert len(html_node) == len(xml_node), html_node.tag
    for a, b in zip(html_node, xml_node, strict=True):
        _same_tree(a, b)


def test_every_chart_is_read_as_xml_into_the_tree_the_html_parser_builds(pages):
    tinyhtml5 = pytest.importorskip("tinyhtml5")  # WeasyPrint's HTML parser
    for name, page in pages.items():
        taken: dict[str, ElementTree.Element] = {}
        emptied = _take_out(page, taken)
        inline = list(tinyhtml5.parse(page, namespace_html_elements=False).iter(_SVG))
        stubs = list(tinyhtml5.parse(emptied, namespace_html_elements=False).iter(_SVG))
        assert len(taken) == len(inline) == len(stubs) == page.count("<svg") > 0, name  # no chart left inline
        for element, stub in zip(inline, stubs, strict=True):
            tree = taken[stub.attrib.pop("data-klyngestat-svg")]
            # what the stub keeps (start tag and title) is what the HTML parser gives; the nodes come from XML
            assert dict(stub.attrib) == dict(element.attrib) and stub.tail == element.tail
            assert [t.text for t in stub] == [t.text for t in element.findall("{http://www.w3.org/2000/svg}title")][:1]
            tree.attrib.clear()
            tree.attrib.update(stub.attrib)
            tree.tail = stub.tail
            _same_tree(element, tree)


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" viewbox="0 0 10 10"><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" baseprofile="full"><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><lineargradient id="a"/></defs></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><!-- a note --><rect width="5" height="5"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="1"\ny="2">a</text></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">a&nbsp;b</text></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g xmlns="http://www.w3.org/2000/svg"><rect width="5"/></g></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><title>a <b>b</b></title></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: red }</style><rect width="5"/></svg>',
        '<svg viewBox="0 0 10 10"><rect width="5" height="5"/></svg>',
    ],
)
def test_an_svg_the_two_parsers_may_read_differently_stays_in_the_page(svg):
    page = f"<html><body><p>x</p>{svg}<p>y</p></body></html>"
    taken: dict[str, ElementTree.Element] = {}
    assert _take_out(page, taken) == page and not taken


@pytest.mark.parametrize(
    "around",
    [
        "<script>let chart = '{svg}';</script>",
        "<!-- {svg} -->",
        "<textarea>{svg}</textarea>",
        "<style>/* {svg} */</style>",
    ],
)
def test_a_page_where_an_svg_may_be_text_rather_than_markup_is_left_as_it_is(around):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    page = f"<html><head>{around.format(svg=svg)}</head><body>{svg}</body></html>"
    taken: dict[str, ElementTree.Element] = {}
    assert _take_out(page, taken) == page and not taken


def test_weasyprints_svg_handler_is_put_back_even_after_an_error():
    html = pytest.importorskip("weasyprint.html")
    original = html.HTML_HANDLERS[_SVG]
    with pytest.raises(RuntimeError), svg_from_xml() as prepare:
        assert html.HTML_HANDLERS[_SVG] is not original
        assert "data-klyngestat-svg" in prepare('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>')
        raise RuntimeError("boom")
    assert html.HTML_HANDLERS[_SVG] is original
    page = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>'
    assert prepare(page) == page  # outside the block the page is left as it is


def test_the_pdf_is_byte_for_byte_the_one_weasyprint_makes_of_the_page_as_it_is(pages):
    """Shared fonts and charts read as XML: the same PDF as a fresh font configuration and the HTML parser's tree."""
    weasyprint = pytest.importorskip("weasyprint")
    from klyngestat.present._svg_text_runs import text_runs

    for name, page in pages.items():
        pdf_bytes(page)  # the shared font configuration has drawn a page before
        with text_runs():
            plain = weasyprint.HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=True)
        assert pdf_bytes(page, compress=False) == plain, name


def _fonts(pdf: bytes, tmp_path) -> list[str]:
    """The base names of the fonts a PDF embeds, as pdffonts lists them (subset prefix dropped)."""
    tool = shutil.which("pdffonts")
    if tool is None:
        pytest.skip("pdffonts is not installed here")
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in lines]


def test_a_pages_own_font_face_does_not_carry_over_to_the_next_page(tmp_path):
    pytest.importorskip("weasyprint")
    bold = _font_file("DejaVuSans-Bold.ttf").as_uri()
    own = f"<style>@font-face {{ font-family: Egen; src: url({bold}); }} p {{ font-family: Egen; }}</style>"
    assert _fonts(pdf_bytes(f'<html lang="da">{own}<body><p>klynge</p></body></html>'), tmp_path) == ["Egen-Bold"]
    after = pdf_bytes('<html lang="da"><body><p style="font-family: Egen, DejaVu Sans">klynge</p></body></html>')
    assert _fonts(after, tmp_path) and not any(name.startswith("Egen") for name in _fonts(after, tmp_path))


def test_a_weight_given_or_left_to_its_default_is_one_loaded_face():
    pytest.importorskip("fontTools")
    assert face() is face("normal") and face("bold") is not face()


def _sheets_parsed(pages: list[str]) -> list[list[object]]:
    """The style sheets WeasyPrint finds in each page, with the parse-once shortcut in place."""
    weasyprint = pytest.importorskip("weasyprint")
    import weasyprint.css as css
    from weasyprint.css import find_stylesheets

    from klyngestat.present._parsed_css import parsed_once

    found = []
    with parsed_once():
        for page in pages:
            html = weasyprint.HTML(string=page)
            found.append(list(css.find_stylesheets(html.wrapper_element, "print", None, None, None, {}, {}, [], [])))
    assert css.find_stylesheets is find_stylesheets  # WeasyPrint's own is back
    return found


@needs_parse_once
def test_fact_sheets_share_one_parse_of_their_style_sheet_and_the_overview_has_its_own(pages):
    first, second, overview = _sheets_parsed([pages["Dermatologi"], pages["Plastikkirurgi"], pages["landsoverblik"]])
    assert len(first) == len(second) == len(overview) == 1
    assert first[0] is second[0] and overview[0] is not first[0]
    assert _sheets_parsed([pages["Dermatologi"]])[0][0] is first[0]  # and the next render finds it again


@needs_parse_once
@pytest.mark.parametrize(
    "style",
    [
        "<style>@font-face { font-family: Egen; src: url(egen.ttf); } p { font-family: Egen; }</style>",
        "<style>p { background: url(baggrund.png); }</style>",
        "<style>@import 'andet.css'; p { color: red; }</style>",
        "<style>@counter-style egen { system: cyclic; symbols: x; } ol { list-style: egen; }</style>",
        r"<style>@f\6fnt-face { font-family: Egen; } p { color: red; }</style>",
        '<style media="print">p { color: red; }</style>',
        "<style>p { color: red; }</style><style>p { color: blue; }</style>",
        '<style>p { color: red; }</style><link rel="stylesheet" href="andet.css">',
    ],
)
def test_a_style_sheet_tied_to_its_page_is_parsed_with_each_page(style):
    page = f'<html lang="da"><head>{style}</head><body><p>klynge</p></body></html>'
    first, second = _sheets_parsed([page, page])
    assert first and not {id(sheet) for sheet in first} & {id(sheet) for sheet in second}


@needs_parse_once
def test_weasyprints_style_sheet_finder_is_put_back_even_after_an_error():
    css = pytest.importorskip("weasyprint.css")
    from klyngestat.present._parsed_css import parsed_once

    original = css.find_stylesheets
    with pytest.raises(RuntimeError), parsed_once():
        assert css.find_stylesheets is not original
        raise RuntimeError("boom")
    assert css.find_stylesheets is original


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_as_it_was_after_a_pdf_and_paused_while_it_is_drawn(monkeypatch, enabled):
    """Paused while WeasyPrint draws, then on again, or still off where the caller had turned it off."""
    weasyprint = pytest.importorskip("weasyprint")
    import gc

    states = []
    write_pdf = weasyprint.HTML.write_pdf

    def spy(self, *args, **kwargs):
        states.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spy)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        pdf_bytes('<html lang="da"><body><p>klynge</p></body></html>')
        assert states == [False] and gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
