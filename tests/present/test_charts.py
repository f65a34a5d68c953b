"""Charts: what is drawn is checked against figures counted by hand.

Every expected number below is worked out in the comment beside it, never by
the code under test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from klyngestat.present.charts import (
    DIFFERENT_N_NOTE,
    FIGURE_WIDTH,
    expectation_chart,
    figure_to_png,
    figure_to_svg,
    likert_chart,
    ranking_chart,
    share_chart,
)
from klyngestat.present.figures import Categories, Released
from klyngestat.release import Record

GRAD = ("I meget høj grad", "I høj grad", "I nogen grad", "I mindre grad", "Slet ikke", "Ved ikke")
GRAD_SUBSTANTIVE = (True, True, True, True, True, False)
SUPPRESSED = "Vises ikke af hensyn til fortroligheden"


TOP = (True, True, False, False, False, False)


def grad(counts: tuple[int, ...], missing: int = 0, *, top: bool = False, ved_ikke: bool = True) -> Categories:
    """A released distribution on the "grad" scale: counts in scale order, "Ved ikke" last.

    ``top`` marks the top box ("I meget høj grad", "I høj grad"); ``ved_ikke`` keeps "Ved ikke" in the base.
    """
    return Categories(
        "q",
        GRAD,
        GRAD_SUBSTANTIVE,
        counts,
        missing,
        in_base=(True,) * 6 if ved_ikke else GRAD_SUBSTANTIVE,
        top=TOP if top else (),
        top_label="i høj eller meget høj grad" if top else "",
    )


def share(count: int, base: int, level: str = "cluster", label: str = "i høj eller meget høj grad") -> Record:
    """A released (shown) group record."""
    cluster = "c" if level == "cluster" else None
    return Record("x", "group", "q", "top_box", label, level, "S", cluster, "shown", "", count, base)  # type: ignore[arg-type]


def hidden(label: str = "i høj eller meget høj grad") -> Record:
    """A hidden group record: no figure at all."""
    return Record("h", "group", "q", "top_box", label, "cluster", "S", "c", "hidden", "skjult")


def axes(fig: Figure, label: str) -> Axes:
    return next(a for a in fig.axes if a.get_label() == label)


def bars_in_row(ax: Axes, row: float) -> list[Rectangle]:
    return [
        p
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_y() + p.get_height() / 2 == pytest.approx(row) and p.get_width() > 0
    ]


def segments(ax: Axes, row: float) -> dict[str, tuple[float, float]]:
    """Category -> (left, right) of the segments drawn in a row."""
    return {p.get_label(): (p.get_x(), p.get_x() + p.get_width()) for p in bars_in_row(ax, row)}


def texts_in_row(ax: Axes, row: float) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_position()[1] == pytest.approx(row)]


def tick_labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def figure_texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


# ---------------------------------------------------------------------------
# likert_chart


def test_likert_segment_widths_are_shares_of_the_texts_base_and_neutral_is_split_at_zero():
    # 2, 3, 4, 1, 0 on the scale and 2 "Ved ikke": the text's base is 12 (1 blank is in no base)
    fig = likert_chart([("Klynge", grad((2, 3, 4, 1, 0, 2), missing=1))])
    ax = axes(fig, "likert")
    got = segments(ax, 0)
    # neutral 4/12 = 33.3 pct., half (16.67) each side of 0
    assert got["I nogen grad"] == pytest.approx((-50 / 3, 50 / 3))
    # positive side outwards from +16.67: I høj grad 3/12 = 25, then I meget høj grad 2/12 = 16.67
    assert got["I høj grad"] == pytest.approx((50 / 3, 125 / 3))
    assert got["I meget høj grad"] == pytest.approx((125 / 3, 175 / 3))
    # negative side outwards from -16.67: I mindre grad 1/12 = 8.33; nobody chose Slet ikke
    assert got["I mindre grad"] == pytest.approx((-25, -50 / 3))
    assert "Slet ikke" not in got
    assert "Ved ikke" not in got  # not on the scale
    assert tick_labels(ax) == ["Klynge (n=12)"]
    assert ax.get_xlim() == (-100, 100)


def test_likert_ved_ikke_is_a_share_of_the_same_base_and_the_total_is_the_texts_figure():
    # 2 "Ved ikke" of a base of 12: 200/12 = 16.67 -> "17"; top box (2 + 3)/12 = 41.67 -> "42", rounded once
    fig = likert_chart([("Klynge", grad((2, 3, 4, 1, 0, 2), missing=1, top=True))])
    ved_ikke = axes(fig, "non_substantive:Ved ikke")
    assert [p.get_width() for p in bars_in_row(ved_ikke, 0)] == pytest.approx([200 / 12])
    assert texts_in_row(ved_ikke, 0) == ["17"]
    assert ved_ikke.get_title() == "Ved ikke"
    total = axes(fig, "total")
    assert texts_in_row(total, 0) == ["42"] and total.get_title() == "I alt"
    assert not [a for a in fig.axes if a.get_label() == "missing"]  # blanks are in no base: not drawn
    # the segments' own labels round separately (17 + 25 = 42 here; 7/8 + ... can differ): the total does not add them
    assert sorted(texts_in_row(axes(fig, "likert"), 0)) == ["17", "25", "33", "8"]


def test_likert_without_ved_ikke_in_the_base_says_so():
    # "Ved ikke" out of the base: n = 10 on the scale; "Ved ikke" 2 of the 12 who answered = 16.67 -> "17"
    fig = likert_chart([("Klynge", grad((2, 3, 4, 1, 0, 2), top=True, ved_ikke=False))])
    assert tick_labels(axes(fig, "likert")) == ["Klynge (n=10)"]
    assert texts_in_row(axes(fig, "total"), 0) == ["50"]  # (2 + 3)/10
    assert texts_in_row(axes(fig, "non_substantive:Ved ikke"), 0) == ["17"]
    assert any("»Ved ikke« indgår ikke i n" in t for t in figure_texts(fig))


def test_likert_axis_is_fixed_with_positive_danish_tick_labels():
    fig = likert_chart([("Klynge", grad((1, 1, 1, 1, 1, 0)))])
    ax = axes(fig, "likert")
    assert list(ax.get_xticks()) == [-100, -50, 0, 50, 100]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["100", "50", "0", "50", "100"]
    assert ax.get_xlabel() == "pct."


def test_likert_segment_labels_round_half_up():
    # 7 of 8 "I høj grad" = 87.5 pct. -> "88" (half up), never "87"
    fig = likert_chart([("Derma – Nord", grad((0, 7, 1, 0, 0, 0)))])
    labels = texts_in_row(axes(fig, "likert"), 0)
    assert "88" in labels
    assert "87" not in labels
    assert all("pct." not in label for label in labels)


def test_likert_tiny_segments_have_no_label():
    # 10, 9, 0, 1, 0 of 20: 50 and 45 pct. are labelled; 1 of 20 = 5 pct. is too small
    fig = likert_chart([("Klynge", grad((10, 9, 0, 1, 0, 0)))])
    ax = axes(fig, "likert")
    assert segments(ax, 0)["I mindre grad"] == pytest.approx((-5, 0))
    assert sorted(texts_in_row(ax, 0)) == ["45", "50"]


def test_likert_legend_keeps_every_category_in_scale_order_even_without_answers():
    # nobody chose anything but "I nogen grad"
    fig = likert_chart([("Klynge", grad((0, 0, 5, 0, 0, 0)))])
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == list(GRAD[:5])
    colours = [tuple(h.get_facecolor()) for h in legend.legend_handles if h is not None]
    assert len(set(colours)) == 5
    # and the row where nobody chose the other categories still draws: 5 of 5 neutral, split 50/50
    assert segments(axes(fig, "likert"), 0) == {"I nogen grad": pytest.approx((-50, 50))}


def test_likert_hidden_row_draws_no_bar_and_says_why():
    rows = [("Stor", grad((2, 3, 4, 1, 0, 0))), ("Lille", None)]
    fig = likert_chart(rows)  # the Release hides "Lille": no figure to draw
    ax = axes(fig, "likert")
    assert bars_in_row(ax, 1) == []
    assert texts_in_row(ax, 1) == [SUPPRESSED]
    assert tick_labels(ax) == ["Stor (n=10)", "Lille"]  # no n for a group not shown
    side = axes(fig, "non_substantive:Ved ikke")  # its "Ved ikke" is hidden too
    assert bars_in_row(side, 1) == [] and texts_in_row(side, 1) == []
    # a small row the Release shows is drawn: base 7 (3 "Ved ikke"), neutral 1/7 split, then I høj grad
    # 1/7 from 50/7, then I meget høj grad 1/7 from 150/7 to 250/7
    shown = likert_chart([rows[0], ("Lille", grad((1, 1, 1, 1, 0, 3), missing=2))])
    assert segments(axes(shown, "likert"), 1)["I meget høj grad"] == pytest.approx((150 / 7, 250 / 7))
    assert SUPPRESSED not in figure_texts(shown)


def test_likert_note_on_different_n_appears_only_when_bars_rest_on_different_n():
    ten = grad((2, 3, 4, 1, 0, 0))
    twelve = grad((2, 3, 4, 1, 2, 0))
    small = None
    assert DIFFERENT_N_NOTE in figure_texts(likert_chart([("A", ten), ("B", twelve)]))
    assert DIFFERENT_N_NOTE not in figure_texts(likert_chart([("A", ten), ("B", ten)]))
    # a suppressed row is not a bar: 10, 10 and a hidden 2 rest on the same n
    assert DIFFERENT_N_NOTE not in figure_texts(likert_chart([("A", ten), ("B", ten), ("C", small)]))
    assert DIFFERENT_N_NOTE == "Bemærk: søjlerne bygger på forskelligt antal svar (n)."


def test_likert_rows_keep_the_given_order_top_to_bottom():
    fig = likert_chart([("Speciale", grad((1, 1, 1, 1, 1, 0))), ("Landsgennemsnit", grad((5, 5, 5, 5, 5, 0)))])
    ax = axes(fig, "likert")
    assert tick_labels(ax) == ["Speciale (n=5)", "Landsgennemsnit (n=25)"]
    bottom, top = ax.get_ylim()
    assert top < bottom  # first row on top


def test_likert_scale_without_a_middle_category_diverges_at_zero():
    fig = likert_chart(
        [
            (
                "Klynge",
                Categories("q", ("Ja", "Nej", "Ved ikke"), (True, True, False), (6, 2, 0), 0),
            )
        ]
    )
    # 6 of 8 Ja = 75 pct. to the right of 0, 2 of 8 Nej = 25 pct. to the left
    assert segments(axes(fig, "likert"), 0) == {"Ja": pytest.approx((0, 75)), "Nej": pytest.approx((-25, 0))}


def test_likert_rejects_rows_on_different_scales_and_no_rows():
    other = Categories("q", ("Ja", "Nej"), (True, True), (3, 3), 0)
    with pytest.raises(ValueError, match="another scale"):
        likert_chart([("A", grad((1, 1, 1, 1, 1, 0))), ("B", other)])
    with pytest.raises(ValueError):
        likert_chart([])
    with pytest.raises(ValueError):
        likert_chart([("A", None)])


AGREE = ("Helt enig", "Enig", "Hverken enig eller uenig", "Uenig")
"""A scale whose neutral is not in the middle of the scale proper: two positive categories, one negative."""


def test_likert_centres_the_questionnaires_neutral_category_even_off_the_middle():
    # 1, 2, 4, 3 of 10; the questionnaire names the third category neutral (its position 2)
    d = Categories("q", AGREE, (True,) * 4, (1, 2, 4, 3), 0, neutral=2)
    got = segments(axes(likert_chart([("Klynge", d)]), "likert"), 0)
    # neutral 4/10 = 40 pct., 20 each side of 0
    assert got["Hverken enig eller uenig"] == pytest.approx((-20, 20))
    # positive outwards from +20: Enig 2/10 = 20, then Helt enig 1/10 = 10
    assert got["Enig"] == pytest.approx((20, 40)) and got["Helt enig"] == pytest.approx((40, 50))
    # negative outwards from -20: Uenig 3/10 = 30
    assert got["Uenig"] == pytest.approx((-50, -20))


def test_likert_without_a_named_neutral_centres_an_even_scale_between_its_halves():
    # the same counts, no neutral named: Helt enig and Enig to the right of 0, the other two to the left
    d = Categories("q", AGREE, (True,) * 4, (1, 2, 4, 3), 0)
    got = segments(axes(likert_chart([("Klynge", d)]), "likert"), 0)
    # right: Enig 0..20 (innermost), Helt enig 20..30; left: Hverken 4/10 -40..0 (innermost), Uenig -70..-40
    assert got["Enig"] == pytest.approx((0, 20)) and got["Helt enig"] == pytest.approx((20, 30))
    assert got["Hverken enig eller uenig"] == pytest.approx((-40, 0)) and got["Uenig"] == pytest.approx((-70, -40))


def test_likert_refuses_a_neutral_outside_the_scale_proper():
    d = Categories("q", ("Ja", "Nej", "Ved ikke"), (True, True, False), (3, 2, 1), 0, neutral=2)
    with pytest.raises(ValueError, match="'Ved ikke' is not on the scale proper"):
        likert_chart([("Klynge", d)])


def test_the_release_carries_the_questionnaires_neutral_to_the_chart(release):
    # the bundled questionnaire: "grad" names code 3 ("I nogen grad", the third option) neutral, "ja_nej" none
    assert release.questions["understoetter_kvalitet"]["neutral"] == 3
    assert release.questions["forbedringer"]["neutral"] is None
    assert Released(release, "Dermatologi").categories("understoetter_kvalitet").neutral == 2
    assert Released(release, "Dermatologi").categories("forbedringer").neutral is None


def test_a_release_without_neutrals_draws_the_computed_centre(release):
    """A release written before the neutral was carried: its five-point scales are centred on the middle as before."""
    from klyngestat.release import Release

    old = Release(
        release.records,
        release.provenance,
        {q: {k: v for k, v in meta.items() if k != "neutral"} for q, meta in release.questions.items()},
        release.options,
    )
    d = Released(old, "Dermatologi").categories("understoetter_kvalitet")
    assert d is not None and d.neutral is None
    got = segments(axes(likert_chart([("Dermatologi", d)]), "likert"), 0)
    assert got["I nogen grad"] == pytest.approx((-1700 / 146, 1700 / 146))  # 17/73 split, as with the named neutral


def test_likert_for_dermatologi_demo(release):
    d = Released(release, "Dermatologi").categories("understoetter_kvalitet")
    # 18, 34, 17, 2, 1 on the scale and 1 Ved ikke: the text's base is 73 (1 blank is in no base)
    fig = likert_chart([("Dermatologi", d)])
    ax = axes(fig, "likert")
    assert tick_labels(ax) == ["Dermatologi (n=73)"]
    got = segments(ax, 0)
    assert got["I nogen grad"] == pytest.approx((-1700 / 146, 1700 / 146))  # 17/73 split
    assert got["I meget høj grad"][1] - got["I meget høj grad"][0] == pytest.approx(1800 / 73)
    # 18/73 = 24.7 -> 25, 34/73 = 46.6 -> 47, 17/73 = 23.3 -> 23; 2/73 and 1/73 too small to label
    assert sorted(texts_in_row(ax, 0)) == ["23", "25", "47"]
    assert texts_in_row(axes(fig, "non_substantive:Ved ikke"), 0) == ["1"]  # 1/73 = 1.4 -> 1
    # the seed's 71 pct.: 52/73 = 71.2, rounded once (25 + 47 would say 72)
    assert texts_in_row(axes(fig, "total"), 0) == ["71"]


def test_every_specialtys_likert_total_is_its_sentences_figure(release):
    """One base for text and chart: the SVG's "I alt" figure is the headline sentence's, for every specialty."""
    from klyngestat.present.factsheet import build_factsheet

    for specialty in release.specialties:
        sheet = build_factsheet(release, specialty)
        chart = next((c for c in sheet.charts if c.id == "understoetter_kvalitet"), None)
        if chart is None:
            continue
        sentence = next(
            p.text
            for s in sheet.sections
            for p in s.blocks
            if "understøtter kvalitetsarbejdet i" in getattr(p, "text", "")
        )
        said = sentence.split(" pct.")[0]
        svg = figure_to_svg(likert_chart(chart.rows))
        drawn = re.search(r'<g id="likert-total-0">\s*<text[^>]*>([^<]*)</text>', svg)
        assert drawn is not None and drawn.group(1) == said, (specialty, drawn, sentence)
        # the national row prints the national figure as the sentence does, with one decimal
        national = re.search(r'<g id="likert-total-1">\s*<text[^>]*>([^<]*)</text>', svg)
        assert national is not None and national.group(1) == "65,7", (specialty, national)
        # and the n beside the bar is the sentence's base
        share = Released(release, specialty).share("understoetter_kvalitet")
        assert f"{specialty} (n={share.base})" in svg


# ---------------------------------------------------------------------------
# share_chart


def test_share_chart_plastikkirurgi_clusters(release):
    shares = Released(release, "Plastikkirurgi").cluster_shares("understoetter_kvalitet")
    fig = share_chart(shares, national=Fraction(657, 1000))
    ax = axes(fig, "shares")
    # 6 of 8 = 75 pct.; 1 of 6 = 16.67 pct. -> 17
    assert [p.get_width() for p in bars_in_row(ax, 0)] == pytest.approx([75])
    assert [p.get_width() for p in bars_in_row(ax, 1)] == pytest.approx([100 / 6])
    assert texts_in_row(ax, 0) == ["75 pct."]
    assert texts_in_row(ax, 1) == ["17 pct."]
    assert tick_labels(ax) == ["Plastikkir – Østdanmark (n=8)", "Plastikkir – Vestdanmark (n=6)"]
    assert ax.get_xlim() == (0, 100)


def test_share_chart_national_line_sits_at_the_national_share_and_is_labelled():
    fig = share_chart([("Dermatologi", share(52, 73, "specialty"))], national=Fraction(48, 100))
    ax = axes(fig, "shares")
    (line,) = [line for line in ax.lines if line.get_label() == "Landsgennemsnit"]
    assert list(line.get_xdata()) == pytest.approx([48, 48])
    assert line.get_linestyle() == "--"
    assert "Landsgennemsnit 48 pct." in figure_texts(fig)
    # 52/73 = 71.2 -> "71 pct."
    assert texts_in_row(ax, 0) == ["71 pct."]
    assert tick_labels(ax) == ["Dermatologi (n=73)"]
    # a national figure with a decimal keeps it: 460/700 = 65.71 -> "65,7 pct."
    other = share_chart([("D", share(52, 73))], national=Fraction(460, 700), national_label="Alle specialer")
    assert "Alle specialer 65,7 pct." in figure_texts(other)


def test_share_chart_without_national_has_no_line():
    fig = share_chart([("D", share(1, 8))])
    assert len(axes(fig, "shares").lines) == 0
    assert texts_in_row(axes(fig, "shares"), 0) == ["13 pct."]  # 1/8 = 12.5 -> 13, half up


def test_share_chart_draws_hidden_records_as_hidden_and_small_shown_ones_as_bars():
    fig = share_chart([("Stor", share(3, 9)), ("Lille", hidden()), ("Nul", share(0, 0)), ("Fire", share(2, 4))])
    ax = axes(fig, "shares")
    assert bars_in_row(ax, 1) == []
    assert texts_in_row(ax, 1) == [SUPPRESSED]
    assert texts_in_row(ax, 2) == ["Ingen svar"]
    assert tick_labels(ax) == ["Stor (n=9)", "Lille", "Nul", "Fire (n=4)"]
    assert texts_in_row(ax, 0) == ["33 pct."]  # 3/9 = 33.3
    assert texts_in_row(ax, 3) == ["50 pct."]  # the Release decides what is shown, not the chart


# ---------------------------------------------------------------------------
# expectation_chart and ranking_chart


def test_expectation_chart_pairs_priority_and_experience():
    items = [
        (
            "Faglige drøftelser",
            share(70, 73, label="vigtigt eller meget vigtigt"),
            share(64, 73, label="altid eller ofte"),
        ),
        ("Brug af data", share(1, 8, label="vigtigt eller meget vigtigt"), hidden(label="altid eller ofte")),
    ]
    fig = expectation_chart(items)
    ax = axes(fig, "expectations")
    (legend,) = fig.legends
    legend_texts = [t.get_text() for t in legend.get_texts()]
    assert legend_texts[0].startswith("Prioriteret") and legend_texts[1].startswith("Oplevet")
    assert legend_texts == ["Prioriteret (vigtigt eller meget vigtigt)", "Oplevet (altid eller ofte)"]
    widths = sorted(p.get_width() for p in ax.patches if isinstance(p, Rectangle))
    # 70/73 = 95.9, 64/73 = 87.7, 1/8 = 12.5; the hidden record is not drawn
    assert widths == pytest.approx(sorted([7000 / 73, 6400 / 73, 12.5]))
    labels = [t.get_text() for t in ax.texts]
    assert sorted(labels) == sorted(["96 pct.", "88 pct.", "13 pct.", SUPPRESSED])
    assert ax.get_xlim() == (0, 100)
    assert tick_labels(ax) == ["Faglige drøftelser", "Brug af data"]


def test_ranking_chart_sorts_descending_and_keeps_ties_in_given_order():
    items = [("A", share(1, 4)), ("B", share(3, 4)), ("C", share(2, 4)), ("D", share(6, 8)), ("E", share(1, 2))]
    ax = axes(ranking_chart(items), "ranking")
    # B = D = 75 pct. (B first, as given), then C = E = 50 pct. (C first), then A = 25 pct.
    assert tick_labels(ax) == ["B (n=4)", "D (n=8)", "C (n=4)", "E (n=2)", "A (n=4)"]
    assert [texts_in_row(ax, i) for i in range(5)] == [["75 pct."], ["75 pct."], ["50 pct."], ["50 pct."], ["25 pct."]]
    assert [p.get_width() for i in range(5) for p in bars_in_row(ax, i)] == pytest.approx([75, 75, 50, 50, 25])


def test_ranking_chart_puts_hidden_items_last_in_given_order():
    items = [("A", hidden()), ("B", share(3, 10)), ("C", hidden()), ("D", share(8, 10))]
    ax = axes(ranking_chart(items), "ranking")
    # D 80 pct., B 30 pct.; A and C are hidden by the Release
    assert tick_labels(ax) == ["D (n=10)", "B (n=10)", "A", "C"]
    assert texts_in_row(ax, 2) == [SUPPRESSED]
    assert bars_in_row(ax, 3) == []


# ---------------------------------------------------------------------------
# Layout and export


def test_every_chart_has_the_column_width_and_no_text_outside_the_figure():
    long = [
        ("Plastikkir – Vestdanmark", grad((1, 2, 3, 0, 0, 0))),
        ("Derma – Hovedstad – Omegn", grad((2, 7, 2, 0, 0, 1))),
        ("Et meget langt gruppenavn som ikke kan stå på én linje uden at blive brudt op", grad((5, 0, 0, 0, 0, 0))),
    ]
    title = "I hvor høj grad vurderer du, at klyngearbejdet kan understøtte kvalitetsarbejdet i speciallægepraksis?"
    figures = [
        likert_chart(long, title=title),
        share_chart([(label, share(3, 6)) for label, _ in long], national=0.99, title=title),
        expectation_chart([(label, share(3, 6), share(5, 6)) for label, _ in long], title=title),
        ranking_chart([(label, share(3, 6)) for label, _ in long], title=title),
    ]
    for fig in figures:
        assert fig.get_size_inches()[0] == pytest.approx(FIGURE_WIDTH)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        width, height = fig.bbox.width, fig.bbox.height
        for text in fig.findobj(Text):
            if not text.get_text() or not text.get_visible():
                continue
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= width, text.get_text()
            assert box.y0 >= 0 and box.y1 <= height, text.get_text()
    # long labels wrap, never lose words
    labels = [t.get_text() for t in axes(figures[0], "likert").get_yticklabels()]
    assert labels[0] == "Plastikkir – Vestdanmark (n=6)"
    assert labels[1] == "Derma – Hovedstad – Omegn (n=12)"
    assert " ".join(labels[2].split()) == (
        "Et meget langt gruppenavn som ikke kan stå på én linje uden at blive brudt op (n=5)"
    )
    assert "\n" in labels[2]


def test_figure_to_svg_is_inline_svg_with_text_kept_as_text():
    fig = likert_chart([("Derma – Nord", grad((4, 3, 1, 0, 0, 0))), ("Lille", None)])
    svg = figure_to_svg(fig)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "DOCTYPE" not in svg
    assert "Derma – Nord (n=8)" in svg
    assert SUPPRESSED in svg
    assert "I meget høj grad" in svg
    assert svg == figure_to_svg(fig)  # same figure, same text


def test_figure_to_png_writes_a_png(tmp_path):
    fig = share_chart([("D", share(1, 8))])
    path = figure_to_png(fig, tmp_path / "chart.png", dpi=100)
    assert path == tmp_path / "chart.png"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # 6.3 inches at 100 dpi = 630 pixels wide (PNG IHDR width, big-endian, bytes 16-20)
    assert int.from_bytes(data[16:20], "big") == 630


def test_import_klyngestat_does_not_import_matplotlib():
    code = "import sys, klyngestat; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
