"""The national overview page: one A4 page, every figure a shown record, hidden figures never printed.

Expected numbers come from the seeds (Dermatologi 74 of 110, Plastikkirurgi
14 of 20), from an independent pandas count of the demo CSV, and from
integer half-up rounding of the records' counts written here, not from the
code under test.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from typing import cast

import pandas as pd
import pytest

from klyngestat.data import demo_survey_path
from klyngestat.present.figures import HIDDEN_TEXT
from klyngestat.present.overview import build_overview
from klyngestat.release import Release

# -- independent oracles ----------------------------------------------------------------------------


def whole_percent(count: int, base: int) -> str:
    """Half-up whole percent by integer arithmetic: 52 of 73 -> "71"."""
    return str((200 * count + base) // (2 * base))


def one_decimal(count: int, base: int) -> str:
    """Half-up percent with one decimal, dropped when zero, Danish comma: 74 of 110 -> "67,3", 14 of 20 -> "70"."""
    tenths = (2000 * count + base) // (2 * base)
    whole, tenth = divmod(tenths, 10)
    return f"{whole},{tenth}" if tenth else str(whole)


# -- reading the page back --------------------------------------------------------------------------


class _Page(HTMLParser):
    """Table rows (name, respondents, rate, record id), every data-records value and every aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str, str]] = []
        self.data_records: list[str] = []
        self.aria: dict[str, str] = {}
        self._row: list[str] | None = None
        self._row_id = ""
        self._cell: list[str] | None = None
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-records"):
            self.data_records.append(a["data-records"] or "")
        if tag == "figure" and a.get("aria-label"):
            assert a.get("role") == "img"
            self.aria[a.get("id") or ""] = a["aria-label"] or ""
        if tag == "tr" and self._in_svg == 0:
            self._row, self._row_id = [], a.get("data-records") or ""
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "svg":
            self._in_svg += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).replace("\xa0", " ").strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row_id:
                name, respondents, rate = self._row
                self.rows.append((name, respondents, rate, self._row_id))
            self._row = None
        elif tag == "svg":
            self._in_svg -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def heat_cells(html: str) -> dict[tuple[int, int], tuple[str, str]]:
    """(row, column) -> (record id, printed text) of every heat-map cell, read from the inline SVG."""
    start = html.index("<svg", html.index('id="chart-varmekort"'))
    svg = ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])
    cells = {}
    for group in svg.iter("{http://www.w3.org/2000/svg}g"):
        match = re.fullmatch(r"heat-(\d+)-(\d+)", group.get("id", ""))
        if match:
            texts = " ".join(t.text or "" for t in group.iter("{http://www.w3.org/2000/svg}text"))
            cells[int(match[1]), int(match[2])] = (group.get("data-records", ""), texts)
    return cells


def split_ids(value: str, wave: str) -> list[str]:
    """A data-records value (ids joined by spaces, as the fact sheet writes them; ids may hold spaces)."""
    return re.split(rf" (?={re.escape(wave)}/)", value)


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_rates() -> dict[str, tuple[int, int]]:
    frame = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    respondent = frame["status"].str.strip().isin(["completed", "partial"])
    invited = frame.groupby("specialty").size()
    answered = respondent.groupby(frame["specialty"]).sum()
    return {str(s): (int(answered[s]), int(invited[s])) for s in invited.index}


@pytest.fixture(scope="module")
def csv_top_box(release: Release) -> dict[tuple[str, str], tuple[int, int]]:
    """(question, specialty) -> (top-box count, answers incl. "Ved ikke"), counted from the CSV with pandas.

    Only the questionnaire's metadata is taken from the release: which answer labels make up the top box.
    """
    frame = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    respondents = frame[frame["status"].str.strip().isin(["completed", "partial"])]
    counts = {}
    for question in top_box_questions(release):
        meta = release.questions[question]
        groups = cast(dict[str, dict[str, list[str]]], meta["groups"])
        top = set(groups[str(meta["top_box"])]["categories"])
        answers = respondents[question].str.strip()
        answered = (answers != "").groupby(respondents["specialty"]).sum()
        in_top = answers.isin(top).groupby(respondents["specialty"]).sum()
        for specialty in answered.index:
            counts[question, str(specialty)] = (int(in_top[specialty]), int(answered[specialty]))
    return counts


def top_box_questions(release: Release) -> list[str]:
    """Questions with a specialty-level record of their top box, in questionnaire order (counted here)."""
    found = {
        r.question
        for r in release.records
        if r.kind == "group" and r.level == "specialty" and r.measure == release.questions[r.question or ""]["top_box"]
    }
    return [q for q in release.questions if q in found]


# -- response rates ---------------------------------------------------------------------------------


def test_seed_response_rates_in_the_table(html: str) -> None:
    rows = {name: (respondents, rate) for name, respondents, rate, _ in read_page(html).rows}
    assert rows["Dermatologi"] == ("74 af 110", "67,3 pct.")
    assert rows["Plastikkirurgi"] == ("14 af 20", "70 pct.")


def test_every_response_rate_equals_a_pandas_count_of_the_csv(html: str, csv_rates: dict[str, tuple[int, int]]) -> None:
    rows = read_page(html).rows
    by_name = {name: (respondents, rate) for name, respondents, rate, _ in rows}
    assert set(by_name) == {*csv_rates, "Hele landet"}
    for specialty, (answered, invited) in csv_rates.items():
        assert by_name[specialty] == (f"{answered} af {invited}", f"{one_decimal(answered, invited)} pct."), specialty
    answered = sum(a for a, _ in csv_rates.values())
    invited = sum(i for _, i in csv_rates.values())
    assert by_name["Hele landet"] == (
        f"{answered} af {invited:,}".replace(",", "."),
        f"{one_decimal(answered, invited)} pct.",
    )
    assert rows[-1][0] == "Hele landet"


def test_specialties_stand_in_danish_alphabetical_order_everywhere(html: str, release: Release) -> None:
    names = [name for name, *_ in read_page(html).rows][:-1]
    expected = sorted(release.specialties, key=lambda s: s.lower().translate(str.maketrans("æøå", "{|}")))
    assert names == expected
    assert names.index("Psykiatri") < names.index("Pædiatri")  # æ after z, as in a Danish dictionary
    overview = build_overview(release)
    for chart in overview.charts:
        columns = [name for name, _ in chart.rows] if chart.kind == "headline" else list(chart.columns[:-1])
        assert columns == expected, chart.id
    release_order = build_overview(release, order="release")
    assert [row.specialty for row in release_order.rows][:-1] == list(release.specialties)


# -- heat map ---------------------------------------------------------------------------------------


def test_heat_map_values_are_the_shown_records_rounded_once(
    html: str, release: Release, csv_top_box: dict[tuple[str, str], tuple[int, int]]
) -> None:
    cells = heat_cells(html)
    questions = top_box_questions(release)
    assert len(questions) == 23
    assert len(cells) == len(questions) * (len(release.specialties) + 1)
    columns = [*(row.specialty for row in build_overview(release).rows[:-1]), None]
    checked = 0
    for (i, j), (record_id, text) in cells.items():
        record = release.get(record_id)
        assert (record.question, record.specialty) == (questions[i], columns[j])
        if not record.shown:
            assert text == "vises ikke"
            continue
        assert record.count is not None and record.base
        if record.level == "nation":
            assert text == one_decimal(record.count, record.base), record_id
        else:
            assert text == whole_percent(record.count, record.base), record_id
            assert text == whole_percent(*csv_top_box[questions[i], columns[j] or ""]), record_id
        checked += 1
    assert checked > 300
    # the seed: 71 pct. of Dermatologi (52 of 73) find support for quality work in their cluster
    derma = [text for rid, text in cells.values() if rid == "2025/Dermatologi/understoetter_kvalitet/top_box/specialty"]
    assert derma == ["71"]


def test_every_data_records_id_exists_and_every_cell_is_traced(html: str, release: Release) -> None:
    page = read_page(html)
    ids = [i for value in page.data_records for i in split_ids(unescape(value), release.wave)]
    assert len(ids) > 800
    for record_id in ids:
        release.get(record_id)  # KeyError if the page names a record the release does not hold
    assert all(rid for rid, _ in heat_cells(html).values())
    headline = release.find("national", "national:top_box", question="forbedringer")
    assert headline is not None and headline.id in ids


def test_charts_have_danish_text_alternatives_from_their_figures(html: str) -> None:
    aria = read_page(html).aria
    assert set(aria) == {"chart-hovedspoergsmaal", "chart-varmekort"}
    headline = aria["chart-hovedspoergsmaal"].replace("\xa0", " ")
    assert "landsgennemsnit 65,7 pct." in headline
    assert "Dermatologi 71 pct." in headline
    assert "Plastikkirurgi 29 pct." in headline  # forbedringer: 4 of 14
    heat = aria["chart-varmekort"].replace("\xa0", " ")
    assert heat.startswith("Varmekort: andel i den øverste svarkategori for 23 spørgsmål")
    assert "Prioritet – Brug af data: hele landet" in heat
    assert ".." not in heat and ".." not in headline


# -- suppression ------------------------------------------------------------------------------------


def test_hidden_figures_are_never_printed(
    strict: Release, strict_html: str, csv_top_box: dict[tuple[str, str], tuple[int, int]]
) -> None:
    cells = heat_cells(strict_html)
    table_end = strict_html.index("</table>")  # the response rates ("15 af 24") are not figures of the charts
    figures = strict_html[table_end:]
    hidden = [(rid, text) for rid, text in cells.values() if not strict.get(rid).shown]
    assert len(hidden) > 100  # Plastikkirurgi, Neurologi, … on every question
    for record_id, text in hidden:
        assert text == "vises ikke", record_id
        record = strict.get(record_id)
        count, base = csv_top_box[record.question or "", record.specialty or ""]  # the figure the page must not print
        assert whole_percent(count, base) not in text
        assert not re.search(rf"(?<![\d,]){count} af {base}(?!\d)", figures), record_id
    plastic = [text for rid, text in cells.values() if "/Plastikkirurgi/" in rid]
    assert plastic and set(plastic) == {"vises ikke"}

    headline = read_page(strict_html).aria["chart-hovedspoergsmaal"].replace("\xa0", " ")
    assert headline.count("Plastikkirurgi vises ikke") == 2
    for question in ("understoetter_kvalitet", "forbedringer"):
        value = whole_percent(*csv_top_box[question, "Plastikkirurgi"])  # 50 and 29 in the default release
        assert f"Plastikkirurgi {value} pct." not in headline
    assert HIDDEN_TEXT in strict_html
    # the response rates stay (they are shown records of the strict release too)
    rows = {name: (respondents, rate) for name, respondents, rate, _ in read_page(strict_html).rows}
    assert rows["Plastikkirurgi"] == ("14 af 20", "70 pct.")


def test_the_hidden_note_stands_only_where_a_figure_is_hidden(release: Release, nothing_hidden: Release) -> None:
    with_hidden = build_overview(release)  # the demo hides two specialties' "Fælles motivation" priority
    assert any(chart.has_hidden for chart in with_hidden.charts)
    assert any(note.startswith("Vises ikke af hensyn til fortroligheden") for note in with_hidden.notes)
    overview = build_overview(nothing_hidden)  # min_n=1
    assert not any(chart.has_hidden for chart in overview.charts)
    assert not any("fortroligheden" in note for note in overview.notes)


# -- the printed page -------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["default", "strict"])
def test_the_page_prints_on_exactly_one_a4_page(which: str, html: str, strict_html: str) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    document = weasyprint.HTML(string=html if which == "default" else strict_html).render()
    assert len(document.pages) == 1
    width, height = document.pages[0].width, document.pages[0].height
    assert round(width * 25.4 / 96) == 210 and round(height * 25.4 / 96) == 297


def test_the_page_is_self_contained_danish_and_escaped(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and '<html lang="da">' in html
    assert "<script" not in html and not re.search(r'(src|href)="(https?:|file:|//)', html)
    assert "Kilde: klyngestat " in html
    assert html.count("<svg") == 2
