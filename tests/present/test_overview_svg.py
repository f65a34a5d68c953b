"""The overview's charts, written as SVG without matplotlib: matplotlib's colours, lean SVG, unique ids.

Oracles: matplotlib's own "Purples" colour map and ``to_hex`` (the colours the
matplotlib charts drew), the WCAG 2.1 contrast formula written out here, and
the records of the Release.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from klyngestat.present.charts._heatmap import _colour, _purples_lut
from klyngestat.present.charts._svgtext import text_width
from klyngestat.present.charts.overview import headline_chart, heatmap_chart
from klyngestat.present.overview import build_overview, overview_html
from klyngestat.release import Record, Release

SVG = "{http://www.w3.org/2000/svg}"


def chart_svg(html: str, chart_id: str) -> ET.Element:
    start = html.index("<svg", html.index(f'id="chart-{chart_id}"'))
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def path_points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML]([-\d.]+) ([-\d.]+)", d)]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# -- colours ----------------------------------------------------------------------------------------


def test_the_colour_is_matplotlibs_purples_for_every_whole_percent_and_odd_fractions() -> None:
    mpl = pytest.importorskip("matplotlib")
    cmap = mpl.colormaps["Purples"]
    low, high = 0.03, 0.85
    fractions = [Fraction(p, 100) for p in range(101)]
    fractions += [Fraction(1, 3), Fraction(2, 7), Fraction(52, 73), Fraction(1, 1000), Fraction(999, 1000)]
    fractions += [Fraction(k, 691) for k in range(0, 692, 7)] + [Fraction(1, 256), Fraction(255, 256)]
    for fraction in fractions:
        expected = mpl.colors.to_hex(cmap(low + (high - low) * float(fraction)))
        assert _colour(fraction) == expected, fraction


def test_the_lookup_table_is_matplotlibs_entry_by_entry() -> None:
    mpl = pytest.importorskip("matplotlib")
    cmap = mpl.colormaps["Purples"]
    assert _purples_lut() == tuple(mpl.colors.to_hex(cmap(k)) for k in range(256))  # an int indexes the table


def test_each_cell_has_its_records_colour_and_legible_text(html: str, release: Release) -> None:
    root = chart_svg(html, "varmekort")
    children = list(root)
    checked = 0
    for k, element in enumerate(children):
        gid = element.get("id", "")
        if element.tag != f"{SVG}g" or not re.fullmatch(r"heat-\d+-\d+", gid):
            continue
        record = release.get(element.get("data-records", ""))
        box = children[k - 1]  # each cell's box is drawn just before its text
        if not record.shown:
            assert box.get("fill") == "url(#heat-hatch)"
            continue
        assert record.fraction is not None
        assert box.get("fill") == _colour(record.fraction), gid
        (text,) = element.iter(f"{SVG}text")
        contrast = 1.05 / (luminance(box.get("fill", "")) + 0.05)  # white text against the fill
        assert text.get("fill") == ("#ffffff" if contrast >= 4.5 else "#222222"), gid
        checked += 1
    assert checked > 350


# -- the SVG ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["default", "strict"])
def test_ids_are_unique_on_the_page_and_every_reference_resolves(which: str, html: str, strict_html: str) -> None:
    page = html if which == "default" else strict_html
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for chart_id in ("hovedspoergsmaal", "varmekort"):
        root = chart_svg(page, chart_id)
        inside = {e.get("id") for e in root.iter() if e.get("id")}
        references = set(re.findall(r"url\(#([^)]+)\)", ET.tostring(root, encoding="unicode")))
        assert references <= inside, chart_id


@pytest.mark.parametrize("chart_id", ["hovedspoergsmaal", "varmekort"])
def test_the_svg_is_lean(chart_id: str, strict_html: str) -> None:
    root = chart_svg(strict_html, chart_id)
    svg = ET.tostring(root, encoding="unicode")
    assert not re.search(r"\sstyle=", svg) and "<style" not in svg
    for tag in ("tspan", "clipPath", "image", "use", "symbol"):
        assert root.find(f".//{SVG}{tag}") is None, tag
    # groups only around a figure's text (or a hidden cell's text and its ground), never nested
    for group in root.iter(f"{SVG}g"):
        assert re.fullmatch(r"heat-\d+-\d+|headline-hidden-\d+-\d+", group.get("id", "")), group.attrib
        assert group.find(f"{SVG}g") is None
    for text in root.iter(f"{SVG}text"):  # one line each, at one x and one y (WeasyPrint's fast path)
        assert text.text and "\n" not in text.text and not list(text)
        assert re.fullmatch(r"[-\d.]+", text.get("x", "")) and re.fullmatch(r"[-\d.]+", text.get("y", ""))
        assert text.get("font-family") == "'DejaVu Sans', sans-serif"
        transform = text.get("transform")
        assert transform is None or transform == f"rotate(-90 {text.get('x')} {text.get('y')})"


def test_column_headings_are_turned_and_the_national_one_is_bold(html: str, release: Release) -> None:
    root = chart_svg(html, "varmekort")
    turned = [t for t in root.iter(f"{SVG}text") if t.get("transform")]

    def letters(text: str) -> str:  # headings wrap at spaces and hyphens
        return text.replace(" ", "").replace("-", "")

    assert letters("".join(t.text or "" for t in turned)) == letters("".join(build_overview(release).charts[1].columns))
    assert [t.text for t in turned if t.get("font-weight") == "bold"] == ["Hele landet"]


def test_hidden_cells_are_hatched_grey_and_say_vises_ikke(strict_html: str, strict: Release) -> None:
    root = chart_svg(strict_html, "varmekort")
    (pattern,) = root.iter(f"{SVG}pattern")
    assert pattern.get("id") == "heat-hatch" and pattern.get("patternUnits") == "userSpaceOnUse"
    assert {e.get("fill") for e in pattern.iter(f"{SVG}rect")} == {"#eeeeee"}
    assert {e.get("stroke") for e in pattern.iter(f"{SVG}path")} == {"#c8c8c8"}
    hidden = 0
    for group in root.iter(f"{SVG}g"):
        if not strict.get(group.get("data-records", "")).shown:
            (ground,) = group.iter(f"{SVG}rect")
            assert (ground.get("fill"), ground.get("fill-opacity")) == ("#eeeeee", "0.9")
            texts = list(group.iter(f"{SVG}text"))
            assert [t.text for t in texts] == ["vises", "ikke"]
            assert {t.get("font-style") for t in texts} == {"italic"}
            hidden += 1
    hatched = [e for e in root.iter() if e.get("fill") == "url(#heat-hatch)"]
    assert hidden > 100 and len(hatched) == hidden + 1  # and the legend's swatch
    legend = [t.text for t in root.iter(f"{SVG}text")][-8:]
    assert legend == [
        *("0", "25", "50", "75", "100", "pct.", "Andel i den øverste svarkategori:"),
        "Vises ikke af hensyn til fortroligheden",
    ]


def test_the_legend_is_a_gradient_over_the_colour_scale_with_ticks(nothing_hidden: Release) -> None:
    root = chart_svg(overview_html(nothing_hidden), "varmekort")  # min_n=1, nothing hidden: no hatch, no swatch
    assert root.find(f".//{SVG}pattern") is None
    (gradient,) = root.iter(f"{SVG}linearGradient")
    assert gradient.get("id") == "heat-gradient"
    stops = [(float(s.get("offset", "")), s.get("stop-color")) for s in gradient.iter(f"{SVG}stop")]
    assert stops[0] == (0.0, _colour(0)) and stops[-1] == (1.0, _colour(1))
    assert [offset for offset, _ in stops] == sorted(offset for offset, _ in stops)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[-7:] == ["0", "25", "50", "75", "100", "pct.", "Andel i den øverste svarkategori:"]
    assert "Vises ikke af hensyn til fortroligheden" not in texts


def test_headline_dots_intervals_and_a_national_label_inside_its_panel(html: str, release: Release) -> None:
    root = chart_svg(html, "hovedspoergsmaal")
    chart = build_overview(release).charts[0]
    shown = [r for line in chart.cells for r in line if r is not None and r.shown and r.fraction is not None]
    assert len(list(root.iter(f"{SVG}circle"))) == len(shown) == 32
    intervals = [p for p in root.iter(f"{SVG}path") if p.get("stroke-opacity") == "0.55"]
    assert sum(len(path_points(p.get("d", ""))) // 2 for p in intervals) == 32
    grids = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#e3e3e3"]
    panels = [sorted({x for x, _ in path_points(p.get("d", ""))}) for p in grids]
    assert [len(xs) for xs in panels] == [5, 5]  # 0, 25, 50, 75, 100 in each
    labels = [t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("Landsgennemsnit")]
    assert [t.text for t in labels] == ["Landsgennemsnit 65,7 pct.", "Landsgennemsnit 48 pct."]
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")]
    for label, xs, line, national in zip(labels, panels, dashed, chart.national, strict=True):
        left = float(label.get("x", ""))
        assert xs[0] <= left and left + text_width(label.text or "", 6.0) <= xs[-1]
        assert national is not None and national.fraction is not None
        (x, _), _ = path_points(line.get("d", ""))
        assert x == pytest.approx(xs[0] + float(national.fraction) * (xs[-1] - xs[0]), abs=0.001)


def test_hidden_headline_rows_say_vises_ikke_in_their_own_groups(strict_html: str, strict: Release) -> None:
    root = chart_svg(strict_html, "hovedspoergsmaal")
    chart = build_overview(strict).charts[0]
    expected = {
        f"headline-hidden-{i}-{p}"
        for i, line in enumerate(chart.cells)
        for p, record in enumerate(line)
        if record is None or not record.shown
    }
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    assert set(groups) == expected and len(expected) > 10
    for group in groups.values():
        (text,) = group.iter(f"{SVG}text")
        assert (text.text, text.get("font-style")) == ("vises ikke", "italic")
    assert len(list(root.iter(f"{SVG}circle"))) == len(chart.cells) * len(chart.columns) - len(expected)


def test_a_hidden_national_figure_is_said_not_drawn() -> None:
    def record(name: str, level: str, status: str) -> Record:
        kind, measure = ("group", "top_box") if level == "specialty" else ("national", "national:top_box")
        specialty = name if level == "specialty" else None
        return Record(name, kind, "q", measure, "", level, specialty, None, status, "", count=52, base=73)

    rows = [("A", record("A", "specialty", "shown")), ("B", record("B", "specialty", "shown"))]
    svg = headline_chart([("Spørgsmål", rows, record("N", "nation", "hidden"))])
    assert ">Landsgennemsnit vises ikke</text>" in svg and "stroke-dasharray" not in svg
    assert svg.count("<circle") == 2


def test_charts_check_their_input() -> None:
    with pytest.raises(ValueError, match="at least one panel"):
        headline_chart([])
    with pytest.raises(ValueError, match="same row labels"):
        headline_chart([("a", [("A", None)], None), ("b", [("B", None)], None)])
    with pytest.raises(ValueError, match="one record"):
        heatmap_chart([("q", None)], ["A", "B"], [[None]])


# -- no matplotlib ----------------------------------------------------------------------------------


def test_the_overview_draws_no_matplotlib_figure(release: Release, monkeypatch: pytest.MonkeyPatch) -> None:
    figure = pytest.importorskip("matplotlib.figure")

    def refuse(*args: object, **kwargs: object) -> None:  # pragma: no cover - called only on a regression
        raise AssertionError("the overview must not draw a matplotlib figure")

    monkeypatch.setattr(figure.Figure, "__init__", refuse)
    assert overview_html(release).count("<svg") == 2


def test_building_the_overview_imports_no_matplotlib() -> None:
    code = (
        "import sys\n"
        "from klyngestat.demo import _demo\n"
        "from klyngestat.present.overview import overview_html\n"
        "page = overview_html(_demo())\n"
        "assert page.count('<svg') == 2\n"
        "print('matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
