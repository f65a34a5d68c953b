"""Names and values from the data cannot drive a terminal, turn a page around or run in a spreadsheet."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import klyngestat as ks
from klyngestat.cli import main
from klyngestat.data import demo_roster_path, demo_survey_path
from klyngestat.io.writers import formula_safe, write_canonical_csv
from klyngestat.models._html import Markup, attributes, html, join
from klyngestat.models._text import BIDI_CONTROLS, page_text, terminal_json, terminal_text
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.overview import overview_html
from klyngestat.present.render import to_html, to_markdown
from klyngestat.present.tables import summary_table
from tests.conftest import tiny_frame

ESC_NAME = "B\x1b]0;ejet\x07\x1b[2J\u202eX"  # retitles and clears a terminal, then reverses what follows
ESC_SHOWN = "B\\x1b]0;ejet\\x07\\x1b[2J\\u202eX"
# Raw characters a terminal must never get from the data (line feed and tab are the output's own layout).
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _hostile_survey(tmp_path: Path, *, members: int = 10) -> tuple[str, str]:
    """The tiny survey with specialty B renamed to ESC_NAME, and a roster listing B's cluster."""
    frame = tiny_frame()
    frame.loc[frame["specialty"] == "B", "specialty"] = ESC_NAME
    survey = tmp_path / "svar.csv"
    frame.to_csv(survey, index=False)
    roster = tmp_path / "roster.csv"
    rows = [("A", "a1", 4), ("A", "a2", 5), (ESC_NAME, "b1", members)]
    pd.DataFrame(rows, columns=["specialty", "cluster", "members"]).to_csv(roster, index=False)
    return str(survey), str(roster)


# -- the shared sanitiser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x1b", "\\x1b"),
        ("\r", "\\x0d"),
        ("\b", "\\x08"),
        ("\x00", "\\x00"),
        ("\x7f", "\\x7f"),
        ("\x9b", "\\x9b"),
        ("\n", "\\x0a"),
        ("\u202a", "\\u202a"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\u200e", "\\u200e"),
        ("\u200f", "\\u200f"),
        ("\u061c", "\\u061c"),
        ("\ufeff", "\\ufeff"),
        ("\u2028", "\\u2028"),
        ("\U000e0041", "\\U000e0041"),
    ],
)
def test_every_control_and_bidi_character_is_shown_escaped(char, shown):
    assert terminal_text(f"a{char}b") == f"a{shown}b"
    text = terminal_json(json.dumps({"navn": f"a{char}b"}, ensure_ascii=False))
    assert not RAW.search(text) and json.loads(text) == {"navn": f"a{char}b"}


def test_danish_letters_spaces_and_kept_line_feeds_are_left_alone():
    text = "Sjælland – Øst: 67,3\xa0pct.\nnæste linje"
    assert terminal_text(text, keep="\n") == text
    assert page_text(text) == text


# -- terminal: stats --format table, validate, the report of a SurveyValidationError, errors, warnings --


def test_summary_table_shows_a_specialty_name_escaped_and_keeps_its_columns(tmp_path):
    survey, _ = _hostile_survey(tmp_path)
    release = ks.build_release(ks.read_survey(survey), options=ks.ReleaseOptions(min_n=1))
    table = summary_table(release, ESC_NAME)
    assert not RAW.search(table)
    assert table.startswith(f"{ESC_SHOWN}: 2 af 3 inviterede har svaret")


def test_stats_table_prints_no_control_character_from_the_data(tmp_path, capsys):
    survey, _ = _hostile_survey(tmp_path)
    assert main(["stats", survey, "--format", "table", "--min-n", "1"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out)
    assert f"{ESC_SHOWN}: 2 af 3 inviterede har svaret" in out


def test_stats_json_is_valid_json_without_raw_controls_and_keeps_the_names(tmp_path, capsys):
    frame = tiny_frame()
    name = "Derma\x7f\u00ad \u202eNord"  # DEL and a soft hyphen: json.dumps leaves them raw
    frame.loc[frame["cluster"] == "a1", "cluster"] = name
    frame.to_csv(tmp_path / "svar.csv", index=False)
    assert main(["stats", str(tmp_path / "svar.csv"), "--specialty", "A", "--min-n", "1"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out)
    assert name in {c["cluster"] for c in json.loads(out)["clusters"]}


def test_validate_report_shows_names_from_the_data_escaped(tmp_path, capsys):
    survey, roster = _hostile_survey(tmp_path)  # B's roster lists 10 members, 3 invited: a note naming B
    assert main(["validate", survey, "--roster", roster]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out)
    assert f"{ESC_SHOWN}: the clusters list 10 members, 3 were invited" in out


def test_validate_json_carries_names_as_json_escapes(tmp_path, capsys):
    survey, roster = _hostile_survey(tmp_path)
    assert main(["validate", survey, "--roster", roster, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out)
    assert ESC_NAME in {p["value"] for p in json.loads(out)["problems"]}


def test_the_report_of_a_survey_validation_error_is_printed_escaped(tmp_path, capsys):
    survey, roster = _hostile_survey(tmp_path, members=1)  # 2 respondents in a cluster of 1: an error
    assert main(["stats", survey, "--roster", roster, "--format", "table"]) == 1
    err = capsys.readouterr().err
    assert not RAW.search(err)
    assert f"{ESC_SHOWN} / b1: 2 respondents but the roster lists 1 member" in err


def test_a_problem_is_one_line_whatever_its_message_holds():
    problem = ks.Problem("warning", "unknown_cluster", "klynge X\nerror: forfalsket\x1b[1A", value="X\ry")
    assert str(problem) == "warning: klynge X\\x0aerror: forfalsket\\x1b[1A (value 'X\\ry')"
    assert str(ks.ValidationReport.of([problem])).count("\n") == 1


def test_an_error_message_naming_the_specialties_is_printed_escaped(tmp_path, capsys):
    survey, _ = _hostile_survey(tmp_path)
    assert main(["stats", survey, "--specialty", "Q", "--min-n", "1"]) == 1
    err = capsys.readouterr().err
    assert not RAW.search(err)
    assert f"specialties: A, {ESC_SHOWN}" in err


def test_fact_sheet_warnings_print_the_specialty_escaped(tmp_path, capsys):
    survey, _ = _hostile_survey(tmp_path)
    out = tmp_path / "ark.html"
    assert main(["factsheet", survey, "--specialty", ESC_NAME, "--min-n", "1", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "advarsel" in captured.err and ESC_SHOWN in captured.err
    assert not RAW.search(captured.err) and not RAW.search(captured.out)


# -- HTML, PDF and Markdown: a bidi override cannot turn the page around ---------------------------


def _renamed_release(folder: Path, cluster: str, specialty: str) -> ks.Release:
    """The demo survey (and roster) with the cluster "Derma – Nord" (9 invited: shown) and the specialty Urologi
    renamed, read back from the files and released."""
    frame = pd.read_csv(demo_survey_path(), dtype=str, keep_default_na=False)
    roster = pd.read_csv(demo_roster_path(), dtype={"members": int})
    for table in (frame, roster):
        table.loc[table["cluster"] == "Derma – Nord", "cluster"] = cluster
        table.loc[table["specialty"] == "Urologi", "specialty"] = specialty
    frame.to_csv(folder / "svar.csv", index=False)
    roster.to_csv(folder / "roster.csv", index=False)
    survey = ks.read_survey(folder / "svar.csv", roster=folder / "roster.csv", year=2025)
    assert cluster in set(survey.frame["cluster"].astype(str))
    return ks.build_release(survey)


@pytest.fixture(scope="module")
def bidi_release(tmp_path_factory):
    """The demo survey with a Dermatologi cluster named "Derma \u202eNord" (9 invited: shown), a specialty too."""
    return _renamed_release(tmp_path_factory.mktemp("bidi"), "Derma \u202eNord\u2066", "Uro\u202elogi")


def _no_bidi(text: str) -> bool:
    return not any(c in BIDI_CONTROLS for c in text)


def test_a_bidi_override_in_a_cluster_name_never_reaches_the_fact_sheet_html(bidi_release):
    page = to_html(build_factsheet(bidi_release, "Dermatologi"))
    assert _no_bidi(page)
    assert "Derma Nord" in page  # the name is still there, in its own order


def test_a_bidi_override_in_a_cluster_name_never_reaches_the_markdown(bidi_release, tmp_path):
    pytest.importorskip("matplotlib")
    text = to_markdown(build_factsheet(bidi_release, "Dermatologi"), tmp_path / "figurer")
    assert _no_bidi(text)
    assert "Derma Nord" in text


def test_a_bidi_override_never_reaches_a_drawn_charts_texts(bidi_release):
    """A chart drawn with matplotlib (the Markdown's PNGs) holds no bidi control: a font has no glyph for one."""
    pytest.importorskip("matplotlib")
    from matplotlib.text import Text

    from klyngestat.present.render import draw_chart

    charts = [c for c in build_factsheet(bidi_release, "Dermatologi").charts if c.kind == "share"]
    assert charts and any(not _no_bidi(r.cluster or "") for r in bidi_release.records)  # the name is in the data
    for chart in charts:
        figure = draw_chart(chart)
        figure.canvas.draw()  # tick labels exist once drawn
        texts = [t.get_text() for t in figure.findobj(Text)]
        assert any("Derma Nord" in t for t in texts) and all(_no_bidi(t) for t in texts)


def test_a_bidi_override_in_a_specialty_name_never_reaches_the_overview(bidi_release):
    assert "Uro\u202elogi" in bidi_release.specialties
    page = overview_html(bidi_release)
    assert _no_bidi(page)
    assert "Urologi" in page


# -- HTML: a name with markup characters reaches every page as the text it is ------------------------

MARKUP_CLUSTER = "Derma <blink>\"Nord\"</blink> & 'co'"
MARKUP_SPECIALTY = 'Uro<marquee>logi</marquee> & "Co"'
# The same names escaped as HTML, by hand: & < > " ' each as its character reference.
MARKUP_CLUSTER_ESCAPED = "Derma &lt;blink&gt;&quot;Nord&quot;&lt;/blink&gt; &amp; &#x27;co&#x27;"
MARKUP_SPECIALTY_ESCAPED = "Uro&lt;marquee&gt;logi&lt;/marquee&gt; &amp; &quot;Co&quot;"


class _Read(HTMLParser):
    """What a browser makes of a page: its tags, and its texts and attribute values with references resolved."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.texts += [value for _, value in attrs if value]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


@pytest.fixture(scope="module")
def markup_release(tmp_path_factory):
    """The demo survey with a Dermatologi cluster and a specialty named with tags, ampersands and quotes."""
    return _renamed_release(tmp_path_factory.mktemp("markup"), MARKUP_CLUSTER, MARKUP_SPECIALTY)


@pytest.fixture(scope="module")
def markup_pages(markup_release):
    """Every HTML page and display the library makes of a release that shows the names."""
    from klyngestat.demo import _index_page, _index_row, slug

    release = markup_release
    sheet = build_factsheet(release, MARKUP_SPECIALTY)
    row = _index_row(release, MARKUP_SPECIALTY, slug(MARKUP_SPECIALTY), sheet.fallbacks, pdf=True)
    return {
        "fact sheet (cluster)": to_html(build_factsheet(release, "Dermatologi")),
        "fact sheet (specialty)": to_html(sheet),
        "overview": overview_html(release),
        "demo index": _index_page([row], [html('<li><a href="{}.html">{}</a></li>', "x", MARKUP_SPECIALTY)]),
        "notebook display": release._repr_html_(),
    }


SHOWN = {
    "fact sheet (cluster)": [MARKUP_CLUSTER],
    "fact sheet (specialty)": [MARKUP_SPECIALTY],
    "overview": [MARKUP_SPECIALTY],  # specialties side by side: no cluster on the page
    "demo index": [MARKUP_SPECIALTY],
    "notebook display": [MARKUP_SPECIALTY],  # the Release's first and last records: the last specialty's
}
"""Which of the names each page shows."""


def test_a_name_with_markup_characters_reaches_every_page_as_text(markup_pages):
    for page_name, page in markup_pages.items():
        read = _Read(page)
        assert not read.tags & {"blink", "marquee"}, page_name  # no tag of the names' own
        assert MARKUP_CLUSTER not in page and MARKUP_SPECIALTY not in page, page_name  # never raw
        for name in SHOWN[page_name]:
            assert any(name in text for text in read.texts), (page_name, name)  # as the text it is


def test_a_name_with_markup_characters_is_escaped_in_text_and_attributes(markup_pages):
    pages = markup_pages
    sheet = pages["fact sheet (cluster)"]
    assert f"{MARKUP_CLUSTER_ESCAPED} (n=8)" in sheet  # in a chart's text alternative (aria-label, <title>)
    assert f"/cluster/{MARKUP_CLUSTER_ESCAPED} " in sheet  # a record id in data-records
    specialty = pages["fact sheet (specialty)"]
    assert f"<title>Klyngearbejdet i {MARKUP_SPECIALTY_ESCAPED}:" in specialty
    assert f"<h1>Klyngearbejdet i {MARKUP_SPECIALTY_ESCAPED}:" in specialty
    assert f'<th scope="row">{MARKUP_SPECIALTY_ESCAPED}</th>' in pages["overview"]
    assert f"<tr><td>{MARKUP_SPECIALTY_ESCAPED}</td>" in pages["demo index"]


def test_the_html_builder_escapes_every_value_and_inserts_only_markup_as_it_is():
    assert html("<p>{}</p>", "<b>&'\"") == "<p>&lt;b&gt;&amp;&#x27;&quot;</p>"
    assert html("<p>{}</p>", Markup("<b>fed</b>")) == "<p><b>fed</b></p>"
    assert html("<td>{:>3}</td>", 7) == "<td>  7</td>"  # a format spec applies to the value, then it is escaped
    assert html('<a title="{t}">{n}</a>', n=1, t='"x"') == '<a title="&quot;x&quot;">1</a>'
    assert join(["<a>", Markup("<b>")], "\n") == "&lt;a&gt;\n<b>"
    assert attributes(class_="n", data_records='a "b"', title=None) == ' class="n" data-records="a &quot;b&quot;"'
    # Markup and a plain str make a plain str, which the builder escapes: markup is never made by accident
    assert html("{}", Markup("<b>") + "x") == "&lt;b&gt;x"


def test_page_text_removes_bidi_and_control_characters_only():
    controls = sorted(BIDI_CONTROLS)
    assert len(controls) == 12
    assert page_text("<p>" + "".join(f"{c}x" for c in controls) + "</p>") == "<p>" + "x" * 12 + "</p>"
    assert page_text("x\x00\x1b\x7f\x85y\tz\r\n") == "xy\tz\r\n"


# -- CSV exports: every leading character a spreadsheet treats specially is quoted; no NUL byte ------


LEADING = ["=", "+", "-", "@", "\t", "\r", "\n", "\ufeff", *sorted(BIDI_CONTROLS), "\x00", "\x1b", "\x7f", "\x85"]


@pytest.mark.parametrize("first", LEADING, ids=[f"U+{ord(c):04X}" for c in LEADING])
def test_write_canonical_csv_quotes_every_special_leading_character(tmp_path, first):
    cell = first + "HYPERLINK(1)"
    frame = pd.DataFrame({"respondent_id": ["1"], "specialty": ["Dermatologi"], "cluster": [cell], "status": ["x"]})
    raw = write_canonical_csv(frame, tmp_path / "svar.csv").read_bytes()
    assert b"\x00" not in raw
    written = pd.read_csv(tmp_path / "svar.csv", dtype=str, keep_default_na=False)["cluster"][0]
    assert written == "'" + cell.replace("\x00", "\ufffd")


def test_nul_is_written_as_the_replacement_character_anywhere_in_a_cell(tmp_path):
    frame = pd.DataFrame({"respondent_id": ["1"], "specialty": ["Derma\x00tologi"], "cluster": ["a\x00"]})
    raw = write_canonical_csv(frame, tmp_path / "svar.csv").read_bytes()
    assert b"\x00" not in raw
    assert raw.decode("utf-8").splitlines()[1] == "1,Derma\ufffdtologi,a\ufffd"


def test_an_ordinary_cell_is_written_as_it_is():
    cells = ["I høj grad", "Derma – Nord", "12", "a=b", "", None]
    assert formula_safe(pd.Series(cells)).tolist() == cells


def test_convert_writes_no_unquoted_special_start_and_no_nul(tmp_path, capsys):
    import csv

    from klyngestat.io.writers import unsafe_cell
    from klyngestat.models.mapping import example_mapping_path
    from tests.io.fixtures.surveyxact import make_fixtures as mf

    tables = mf.export_tables()
    column = tables.dataset_header.index("s_8")  # kommentarer: free text, as the example mapping says
    texts = [first + "HYPERLINK(1)" for first in LEADING] + ["midt i\x00teksten"]
    for row, text in zip(tables.dataset, texts, strict=False):
        row[column] = text
    dataset = mf.write_csv_trio(tables, tmp_path / "eksport", encoding="utf-8", separator=";")
    out = tmp_path / "svar.csv"
    assert main(["convert", str(dataset), "--mapping", str(example_mapping_path()), "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert b"\x00" not in raw
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if unsafe_cell(cell)]
    assert "'=HYPERLINK(1)" in cells and "'\u202eHYPERLINK(1)" in cells and "'\ufeffHYPERLINK(1)" in cells
    assert "midt i\ufffdteksten" in cells
    assert not RAW.search(capsys.readouterr().err)
