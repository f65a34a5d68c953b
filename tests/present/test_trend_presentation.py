"""What changed since last year, as the fact sheet and the overview say it: from change records only, counted by hand.

Two small waves of two specialties, eight respondents each, the same people both years (ids x1-x8, y1-y8),
no finite population correction (``fpc_population="none"``), so each interval is plain Wilson and the change's
is Newcombe's hybrid score interval, which statsmodels computes independently (``method="newcomb"``).
T = top box ("I høj grad"), F = not ("Slet ikke"):

    understoetter_kvalitet   2025              2026
    X                        T T F F F F F F   T T T T T T T F    2/8 = 25 pct.  -> 7/8 = 87,5 -> 88 pct.
    Y                        T T T T F F F F   T T T T T F F F    4/8 = 50 pct.  -> 5/8 = 62,5 -> 63 pct.
    nation                                                        6/16 = 37,5 pct. -> 12/16 = 75 pct.

    forbedringer ("Ja")      2025              2026
    X                        4 of 8 (x1-x4)    6 of 8 (x1-x6)     50 pct. -> 75 pct.
    Y                        4 of 8            4 of 8             50 pct. -> 50 pct.
    nation                                                        8/16 = 50 pct. -> 10/16 = 62,5 pct.

The changes: X's top box 7/8 - 2/8 = 62,5 points (half up: 63; Python's round gives 62), Y's 12,5 (13), the
nation's 37,5. Fisher's exact test (scipy): X p = 0,041 ("steget"), Y p = 1, nation p = 0,073 ("på niveau").
Paired, McNemar's exact test (scipy's binomial test of the discordant pairs): X's top box has 5 who moved up
and none down, p = 2 x 0,5^5 = 0,0625, so "på niveau" among those who answered both years.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from klyngestat import survey_from_frame
from klyngestat.models.questionnaire import Option
from klyngestat.present._footnotes import footnote_keys
from klyngestat.present.charts.trend import trend_alt, trend_svg
from klyngestat.present.document import Chart, Paragraph, TrendSeries
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.overview import build_overview, overview_html
from klyngestat.present.render import to_html, to_markdown
from klyngestat.release import Record, ReleaseOptions, build_release
from klyngestat.release.trend import build_trend
from klyngestat.waves import make_waves

T, F = "I høj grad", "Slet ikke"
THEN = [("X", [T, T, F, F, F, F, F, F], 4), ("Y", [T, T, T, T, F, F, F, F], 4)]
NOW = [("X", [T, T, T, T, T, T, T, F], 6), ("Y", [T, T, T, T, T, F, F, F], 4)]
# A third specialty with 4 answers in 2025 (fewer than min_n = 5): hidden that year, and X with it (the
# complementary cell, or Z would be the nation minus X and Y); every figure of 2026 is shown.
Z_THEN, Z_NOW = ("Z", [T, F, F, F], 1), ("Z", [T, T, T, F, F, F], 3)
INTERVALS = ((2, 8), (7, 8), (4, 8), (6, 8), (6, 16), (12, 16), (8, 16), (10, 16))
OPTIONS = ReleaseOptions(min_n=5, decoys=0, fpc_population="none")
QUALITY = "i høj eller meget høj grad vurderer, at klyngearbejdet kan understøtte kvalitetsarbejdet"
IMPROVED = "som følge af klyngemøderne har indført konkrete forbedringer i deres klinik"
IMPROVEMENT_QUESTION = "Har du på baggrund af et klyngemøde indført forbedringer i din klinik?"


def _survey(units, year, questionnaire=None):
    rows = [
        (f"{name.lower()}{i}", name, f"{name}-klynge", "completed", answer, "Ja" if i <= improved else "Nej")
        for name, answers, improved in units
        for i, answer in enumerate(answers, start=1)
    ]
    columns = ["respondent_id", "specialty", "cluster", "status", "understoetter_kvalitet", "forbedringer"]
    kwargs = {"questionnaire": questionnaire} if questionnaire is not None else {}
    return survey_from_frame(pd.DataFrame(rows, columns=columns), year=year, **kwargs)


def _trend(then=THEN, now=NOW, questionnaire=None):
    waves = make_waves([_survey(then, 2025), _survey(now, 2026, questionnaire)])
    return build_trend(waves, [build_release(s, options=OPTIONS) for s in waves.surveys])


@pytest.fixture(scope="module")
def trend():
    return _trend()


@pytest.fixture(scope="module")
def sheet(trend):
    return build_factsheet(trend.releases[-1], "X", trend=trend)


def _section(sheet):
    return next(s for s in sheet.sections if s.id == "udvikling")


def _paragraphs(sheet):
    return [b for b in _section(sheet).blocks if isinstance(b, Paragraph)]


def test_the_oracles_back_the_hand_counts():
    # X's top box: the interval of 7/8 - 2/8 and the tests that decide the wording.
    low, high = confint_proportions_2indep(7, 8, 2, 8, method="newcomb", compare="diff")
    assert (round(low * 100, 1), round(high * 100, 1)) == (13.9, 83.1)  # printed half up: 14 til 83
    assert fisher_exact([[7, 1], [2, 6]]).pvalue < 0.05  # X: "steget"
    assert fisher_exact([[12, 4], [6, 10]]).pvalue > 0.05  # the nation: "på niveau"
    assert fisher_exact([[5, 3], [4, 4]]).pvalue > 0.05  # Y


def test_a_supported_rise_is_told_with_its_interval_and_the_nation_beside_it(sheet):
    quality, _ = _paragraphs(sheet)
    assert quality.text == (
        f"Andelen, der {QUALITY}, er steget fra 25 pct. i 2025 til 88 pct. i 2026 "
        "(en stigning på 63 procentpoint; 95 pct. konfidensinterval 14 til 83 procentpoint). "
        "I hele landet er andelen på niveau med sidste år: 37,5 pct. i 2025 og 75 pct. i 2026; "
        "forskellen på 37,5 procentpoint kan skyldes tilfældigheder."
    )
    assert quality.records == (
        "2025-2026/X/understoetter_kvalitet/change:top_box/specialty",
        "2025-2026/Hele landet/understoetter_kvalitet/change:top_box/nation",
    )


def test_a_change_the_test_does_not_support_is_on_level_and_its_halves_round_up(trend):
    y = build_factsheet(trend.releases[-1], "Y", trend=trend)
    quality, improved = _paragraphs(y)
    # 5/8 = 62,5 -> 63 and 12,5 -> 13 points (half up).
    assert quality.text.startswith(
        f"Andelen, der {QUALITY}, er på niveau med sidste år: 50 pct. i 2025 og 63 pct. i 2026; "
        "forskellen på 13 procentpoint kan skyldes tilfældigheder. I hele landet"
    )
    assert improved.text == (
        f"Andelen, der {IMPROVED}, er på niveau med sidste år: 50 pct. i 2025 og 50 pct. i 2026. "
        "I hele landet er andelen på niveau med sidste år: 50 pct. i 2025 og 62,5 pct. i 2026; "
        "forskellen på 12,5 procentpoint kan skyldes tilfældigheder."
    )


def test_a_supported_fall_gives_the_interval_of_the_fall():
    # The waves swapped: X falls from 7/8 to 2/8; Newcombe's interval of 2/8 - 7/8 is -83,1 to -13,9 (statsmodels,
    # the same as above with the sign turned), told as a fall of 14 to 83 points.
    trend = _trend(NOW, THEN)
    x = build_factsheet(trend.releases[-1], "X", trend=trend)
    assert _paragraphs(x)[0].text.startswith(
        f"Andelen, der {QUALITY}, er faldet fra 88 pct. i 2025 til 25 pct. i 2026 "
        "(et fald på 63 procentpoint; 95 pct. konfidensinterval 14 til 83 procentpoint). I hele landet"
    )


def test_the_section_follows_the_results_and_precedes_the_advice_and_notes(sheet):
    headings = [s.heading for s in sheet.sections]
    assert headings[-2:] == ["Udvikling siden 2025", "Gode råd til planlægning og gennemførelse af klyngemøder"]
    assert any(note.startswith("Udviklingen siden 2025: de to års andele") for note in sheet.notes)
    assert not any("svarede begge år" in note for note in sheet.notes)  # no paired figure is published


def test_every_sentence_and_the_chart_carry_their_records_in_the_sources(sheet, trend):
    ids = {i for b in _section(sheet).blocks if isinstance(b, Paragraph | Chart) for i in b.records}
    assert ids <= set(sheet.sources)
    listed = {i for _, keys in footnote_keys(sheet) for i in keys}
    assert "2025-2026/X/forbedringer/change:top_box/specialty" in listed
    assert "2025/X/understoetter_kvalitet/top_box/specialty" in listed  # the chart's earlier figure
    figures = [b for s in sheet.sections for b in s.blocks if isinstance(b, Paragraph | Chart) and b.records]
    assert len(sheet.keys) == len(figures)
    page = to_html(sheet)
    assert 'data-records="2025-2026/X/understoetter_kvalitet/change:top_box/specialty ' in page


def test_a_hidden_change_says_why_without_figures():
    trend = _trend([*THEN, Z_THEN], [*NOW, Z_NOW])
    z = build_factsheet(trend.releases[-1], "Z", trend=trend)
    own = _paragraphs(z)[0].text.split(". ")[0] + "."
    assert own == (
        f"Udviklingen i andelen, der {QUALITY}, vises ikke, fordi specialets tal for 2025 ikke vises af hensyn "
        "til fortroligheden."
    )
    assert not re.search(r"\d+ pct", own)
    # The chart draws Z's shown 2026 figure, 3/6 = 50 pct., and says the 2025 figure is not shown.
    chart = next(b for b in _section(z).blocks if isinstance(b, Chart))
    svg = trend_svg(chart.rows)
    assert "Z 2026 (n=6)" in svg and ">Z 2025</text>" in svg and "Vises ikke af hensyn til fortroligheden" in svg
    assert "Z 2025 (n=" not in svg and ">25 pct.</text>" not in svg  # Z's 1 of 4 in 2025 is nowhere


def test_a_question_that_changed_is_not_compared():
    now = _survey(NOW, 2026).questionnaire
    scale = now.scales["ja_nej"]
    changed = scale.model_copy(update={"options": (*scale.options, Option(code=7, label="Delvist"))})
    trend = _trend(questionnaire=now.model_copy(update={"scales": {**now.scales, "ja_nej": changed}}))
    x = build_factsheet(trend.releases[-1], "X", trend=trend)
    assert _paragraphs(x)[-1].text == (
        f"Spørgsmålet »{IMPROVEMENT_QUESTION}« er ændret siden 2025 (kategorien 'Delvist' er tilføjet), "
        "så tallene sammenlignes ikke."
    )
    table = build_overview(trend.releases[-1], trend=trend).trend
    assert table is not None and [cells[1].text for _, cells in table.rows] == ["", "", ""]
    assert table.footnotes[0].startswith(f"Spørgsmålet »{IMPROVEMENT_QUESTION}« er ændret siden 2025")


def test_the_chart_draws_shown_figures_only_and_its_alt_text_states_them(sheet):
    chart = next(b for b in _section(sheet).blocks if isinstance(b, Chart))
    assert chart.kind == "trend"
    # Wilson intervals (statsmodels, below) of each wave's released figure: whole percent for X, one decimal for
    # the nation, half up.
    wilson = {(c, b): [x * 100 for x in proportion_confint(c, b, method="wilson")] for c, b in INTERVALS}
    whole = wilson[2, 8] + wilson[7, 8] + wilson[4, 8] + wilson[6, 8]
    assert [round(v) for v in whole] == [7, 59, 53, 98, 22, 78, 41, 93]
    assert [round(v, 1) for v in wilson[6, 16] + wilson[12, 16]] == [18.5, 61.4, 50.5, 89.8]
    assert [round(v, 1) for v in wilson[8, 16] + wilson[10, 16]] == [28.0, 72.0, 38.6, 81.5]
    alt = trend_alt(chart.rows)
    assert alt == (
        "Kan i høj eller meget høj grad understøtte kvalitetsarbejdet: X 2025 (n=8) 25 pct. (7–59 pct.), "
        "2026 (n=8) 88 pct. (53–98 pct.); Hele landet 2025 (n=16) 37,5 pct. (18,5–61,4 pct.), "
        "2026 (n=16) 75 pct. (50,5–89,8 pct.). "
        "Har indført forbedringer i klinikken: X 2025 (n=8) 50 pct. (22–78 pct.), 2026 (n=8) 75 pct. (41–93 pct.); "
        "Hele landet 2025 (n=16) 50 pct. (28–72 pct.), 2026 (n=16) 62,5 pct. (38,6–81,5 pct.)."
    )
    svg = trend_svg(chart.rows)
    assert svg.count("<circle") == 8  # two questions, two units, two waves: every figure is shown
    assert [t for t in re.findall(r">(\d[^<]*pct\.)</text>", svg)] == [
        "25 pct.", "88 pct.", "37,5 pct.", "75 pct.", "50 pct.", "75 pct.", "50 pct.", "62,5 pct."
    ]  # fmt: skip
    assert f"<title>{chart.title}. {alt}</title>" in to_html(sheet)


def test_the_chart_leaves_a_hidden_figure_out_of_its_alt_text_too():
    def record(wave, status, count=None, base=None):
        return Record(f"{wave}/X/q/top_box/specialty", "group", "q", "top_box", "", "specialty", "X", None, status, "",
                      count, base, low=0.5, high=0.9)  # fmt: skip

    waves = ("2025", "2026")
    own = TrendSeries("X", waves, (record("2025", "hidden"), record("2026", "shown", 7, 8)))
    rows = [("Q", own, TrendSeries("Hele landet", waves, (None, None)))]
    assert trend_alt(rows) == (
        "Q: X 2025 vises ikke af hensyn til fortroligheden, 2026 (n=8) 88 pct. (50–90 pct.); "
        "Hele landet 2025 intet tal, 2026 intet tal."
    )
    assert trend_svg(rows).count("<circle") == 1


def test_the_overview_tables_each_change_marked_where_supported(trend):
    overview = build_overview(trend.releases[-1], trend=trend)
    table = overview.trend
    assert table is not None
    assert table.columns == (
        "Kan i høj eller meget høj grad understøtte kvalitetsarbejdet",
        "Har indført forbedringer i klinikken",
    )
    assert [(name, [(c.text, c.wording) for c in cells]) for name, cells in table.rows] == [
        ("X", [("+62,5", "steget"), ("+25,0", "på niveau")]),
        ("Y", [("+12,5", "på niveau"), ("0,0", "på niveau")]),
        ("Hele landet", [("+37,5", "på niveau"), ("+12,5", "på niveau")]),
    ]
    page = overview_html(trend.releases[-1], trend=trend)
    assert (
        '<td class="n supported" data-records="2025-2026/X/understoetter_kvalitet/change:top_box/specialty" '
        'title="steget">+62,5<span class="mark">↑</span></td>'
    ) in page
    assert set(table.records) <= set(overview.records)


def test_the_overview_leaves_a_hidden_change_blank_with_a_footnote():
    trend = _trend([*THEN, Z_THEN], [*NOW, Z_NOW])
    table = build_overview(trend.releases[-1], trend=trend).trend
    assert table is not None
    rows = dict(table.rows)
    assert (rows["Z"][0].text, rows["Z"][0].note) == ("", 1)
    assert table.footnotes[0] == (
        "Ændringen vises ikke, fordi specialets tal for 2025 ikke vises af hensyn til fortroligheden."
    )
    page = overview_html(trend.releases[-1], trend=trend)
    cell = '<td class="n hidden" data-records="2025-2026/Z/understoetter_kvalitet/change:top_box/specialty">'
    assert f"{cell}<sup>1</sup></td>" in page


def test_a_trend_into_another_wave_is_refused(trend):
    with pytest.raises(ValueError, match="no change into wave 2025"):
        build_factsheet(trend.releases[0], "X", trend=trend)
    with pytest.raises(ValueError, match="no change into wave 2025"):
        build_overview(trend.releases[0], trend=trend)
    other = build_release(_survey(NOW, 2026), options=ReleaseOptions(min_n=3, decoys=0, fpc_population="none"))
    with pytest.raises(ValueError, match="other data or options than this release"):
        build_factsheet(other, "X", trend=trend)


def test_the_markdown_sheet_gets_the_chart_as_png(sheet, tmp_path: Path):
    text = to_markdown(sheet, tmp_path / "figurer")
    png = tmp_path / "figurer" / "udvikling.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "## Udvikling siden 2025" in text and "](figurer/udvikling.png)" in text


def test_a_sheet_without_a_trend_is_what_it_was(release, html):
    for specialty in ("Dermatologi", "Plastikkirurgi"):
        page = to_html(build_factsheet(release, specialty))
        assert to_html(build_factsheet(release, specialty, trend=None)) == page
        assert "Udvikling siden" not in page
    assert overview_html(release, trend=None) == html  # html: overview_html(release), the fixture


@pytest.mark.parametrize(
    ("then", "now", "expected"),
    [
        # 93/500 = 18,6 -> 19 and 87/500 = 17,4 -> 17: the exact change is 1,2 points, the sentence says the 2 a
        # reader gets by subtracting the printed shares
        ((93, 500), (87, 500), "19 pct. i 2025 og 17 pct. i 2026; forskellen på 2 procentpoint kan skyldes"),
        # 89/125 = 71,2 and 177/250 = 70,8 both print 71: the change is then given with one decimal more, 0,4
        ((89, 125), (177, 250), "71 pct. i 2025 og 71 pct. i 2026; forskellen på 0,4 procentpoint kan skyldes"),
        # the same share both years: nothing to add
        ((1, 2), (2, 4), "50 pct. i 2025 og 50 pct. i 2026."),
    ],
)
def test_the_change_a_level_sentence_gives_is_the_difference_of_the_shares_it_prints(then, now, expected):
    from fractions import Fraction

    from klyngestat.present._trend_sentences import change_sentence
    from klyngestat.release import Record

    exact = Fraction(*now) - Fraction(*then)
    detail = {
        "from": 2025,
        "to": 2026,
        "then": {"count": then[0], "base": then[1]},
        "now": {"count": now[0], "base": now[1]},
        "fraction": [exact.numerator, exact.denominator],
        "wording": "på niveau",
    }
    record = Record(
        "x",
        "change",
        "q",
        "change:top_box",
        "",
        "specialty",
        "A",
        None,
        "shown",
        "",
        share=float(exact),
        low=-0.1,
        high=0.1,
        detail=detail,
    )
    assert change_sentence(record, "Andelen er", confidence_level=0.95).startswith(
        "Andelen er på niveau med sidste år: " + expected
    )


def test_a_question_declared_comparable_says_it_changed():
    # The demo's data_oenske is reworded in 2026 and declared comparable by klyngestat/data/demo_waves.toml; the
    # other questions are the same both years.
    from klyngestat.demo import _demo_trend

    trend = _demo_trend()
    sheet = build_factsheet(trend.releases[-1], "Dermatologi", trend=trend)
    texts = [p.text for p in _paragraphs(sheet)]
    changed = [t for t in texts if t.endswith("Spørgsmålet er ændret siden 2025, men vurderet sammenligneligt.")]
    assert len(changed) == 1 and "inddrages mere data" in changed[0]
    assert any("sammenlignes kun, hvor ændringen er vurderet" in note for note in sheet.notes)
