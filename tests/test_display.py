"""Notebook displays: working results say they are unreleased analysis, the Release says what it publishes.

Statistics, the Survey and the validation report show their figures plainly
(the analyst holds the data), captioned "Analyse – ikke frigivne tal"; only
the Release publishes, with hidden figures blank. Every text is escaped, and
no display reaches into presentation.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from html import escape

import pandas as pd
import pytest

import klyngestat as ks
from klyngestat.models._display import RELEASE_HINT, UNRELEASED, analysis_html, table_html
from klyngestat.release import Release, build_release
from tests.conftest import tiny_frame

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def survey(the_demo_survey: ks.Survey) -> ks.Survey:
    return the_demo_survey


@pytest.fixture(scope="module")
def release(demo_release: Release) -> Release:
    return demo_release  # build_release(the demo survey), built once


@pytest.fixture(scope="module")
def hostile() -> ks.Survey:
    frame = tiny_frame()
    frame["specialty"] = frame["specialty"].replace({"A": HOSTILE})
    frame["cluster"] = frame["cluster"].replace({"a1": "a1 & <b>fed</b>"})
    return ks.survey_from_frame(frame, year=2025)


def _results(survey: ks.Survey) -> dict[str, object]:
    share = ks.group_share(survey, "forbedringer", specialty="Plastikkirurgi")
    national = ks.national_average(survey, "forbedringer")
    return {
        "Survey": survey,
        "ResponseRate": ks.response_rate(survey, specialty="Dermatologi"),
        "ResponseRates": ks.response_rates(survey, by="cluster", specialty="Dermatologi"),
        "Share": share,
        "Shares": ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi"),
        "Distribution": ks.distribution(survey, "understoetter_kvalitet", specialty="Dermatologi"),
        "ClusterSpread": ks.cluster_spread(survey, "understoetter_kvalitet", specialty="Dermatologi"),
        "NationalAverage": national,
        "Comparison": ks.compare_with_national(share, national),
        "SpecialtySummary": ks.specialty_summary(survey, "Dermatologi", uncertainty=False),
        "ValidationReport": survey.report,
    }


NAMES = [
    "Survey",
    "ResponseRate",
    "ResponseRates",
    "Share",
    "Shares",
    "Distribution",
    "ClusterSpread",
    "NationalAverage",
    "Comparison",
    "SpecialtySummary",
    "ValidationReport",
]


def _caption(html: str) -> str:
    return html.split("<caption>", 1)[1].split("</caption>", 1)[0]


@pytest.mark.parametrize("name", NAMES)
def test_every_working_result_is_one_table_captioned_as_unreleased_analysis(survey: ks.Survey, name: str) -> None:
    html = _results(survey)[name]._repr_html_()  # type: ignore[attr-defined]
    assert html.count("<table") == 1 and html.count("</table>") == 1
    caption = _caption(html)
    assert caption.startswith(f"<b>{UNRELEASED}</b>"), caption
    assert RELEASE_HINT in caption and "Frigivne tal" not in caption
    assert 'class="klyngestat klyngestat-analysis"' in html


def test_working_results_show_their_figures_plainly_without_suppression(survey: ks.Survey) -> None:
    shares = ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi")
    small = next(s for s in shares if 0 < s.base < 5)  # the demo's 3-answer cluster
    row = next(r for r in shares._repr_html_().split("<tr>") if small.cluster and small.cluster in r)
    assert f">{small.base}<" in row and f">{small.count}<" in row
    top = ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi")._repr_html_()
    assert ">52<" in top and ">73<" in top and ">0.7123<" in top  # 52 of 73, not "71 pct."
    assert "pct." not in top


def test_the_survey_table_has_each_specialty_and_no_cluster(survey: ks.Survey) -> None:
    html = survey._repr_html_()
    assert "Dermatologi" in html and "696 af 1092 har svaret" in html
    row = next(r for r in html.split("<tr>") if ">Dermatologi<" in r)
    assert ">110<" in row and ">74<" in row and ">0.6727<" in row
    assert not any(cluster in html for cluster in survey.clusters_of("Dermatologi"))


def test_the_survey_table_agrees_with_the_response_rates(survey: ks.Survey) -> None:
    overview = survey._specialty_overview().set_index("specialty")
    rates = ks.response_rates(survey, by="specialty").to_frame().set_index("specialty")
    for column in ("invited", "respondents", "members", "response_rate"):
        assert overview[column].tolist() == rates[column].tolist(), column


def test_the_release_shows_its_records_with_hidden_figures_blank(release: Release) -> None:
    html = release._repr_html_()
    hidden = sum(not r.shown for r in release)
    assert hidden
    caption = _caption(html)
    assert caption.startswith("<b>Frigivne tal 2025</b>")
    assert f"{len(release) - hidden} tal vises, {hidden} er skjult" in caption
    assert UNRELEASED not in html and 'class="klyngestat klyngestat-release"' in html
    assert "rækker udeladt her" in html  # thousands of records: the first and last are shown


def test_a_hidden_record_shows_no_figure(hostile: ks.Survey) -> None:
    release = build_release(hostile)
    rows = {r.split("</td>", 1)[0]: r for r in release._repr_html_().split("<tr>") if r.startswith("<td>")}
    checked = 0
    for record in release:
        row = rows.get(f"<td>{escape(record.id)}")
        if row is None:  # left out of a long table
            continue
        figures = [c.rsplit(">", 1)[-1] for c in row.split("</td>")[10:15]]  # count, base, share, low, high
        if record.shown:
            assert figures[0] != "–" or record.count is None, record.id
        else:
            assert figures == ["–"] * 5, (record.id, figures)
            checked += 1
    assert checked, "the tiny survey's small clusters are hidden"


@pytest.mark.parametrize("kind", ["survey", "shares", "distribution", "release"])
def test_a_hostile_specialty_name_is_escaped(hostile: ks.Survey, kind: str) -> None:
    objects = {
        "survey": hostile,
        "shares": ks.group_shares(hostile, "understoetter_kvalitet", by="cluster"),
        "distribution": ks.distribution(
            hostile, "understoetter_kvalitet", specialty=HOSTILE, cluster="a1 & <b>fed</b>"
        ),
        "release": build_release(hostile),
    }
    html = objects[kind]._repr_html_()  # type: ignore[attr-defined]
    assert "<script>" not in html and "<b>fed</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if kind != "survey":
        assert "a1 &amp; &lt;b&gt;fed&lt;/b&gt;" in html


def test_problem_texts_and_captions_are_escaped() -> None:
    report = ks.ValidationReport.of([ks.Problem("error", "unknown_answer", HOSTILE, value="=1+1 & <b>")])
    html = report._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; &lt;b&gt;" in html
    html = analysis_html(pd.DataFrame({"<th>": ["x"]}), "Titel </caption><script>")
    assert "&lt;th&gt;" in html and "</caption><script>" not in html


def test_missing_values_are_a_dash_and_numbers_are_plain() -> None:
    frame = pd.DataFrame(
        {
            "n": pd.array([1092, None], dtype="Int64"),
            "share": [2 / 3, float("nan")],
            "p": [0.00001234, None],
            "text": [None, "tekst"],
        }
    )
    html = analysis_html(frame, "Tal")
    assert ">1092<" in html and ">0.6667<" in html and ">1.23e-05<" in html
    assert html.count(">–<") == 4


def test_long_tables_are_cut_and_say_so(survey: ks.Survey) -> None:
    table = ks.share_table(survey, questions=("forbedringer",))
    html = table._repr_html_()
    assert len(table) > 40
    assert html.count("<tr>") <= 42 and f"af {len(table)} rækker udeladt her" in html


def test_an_empty_frame_still_renders() -> None:
    assert "<table" in analysis_html(pd.DataFrame(), "tom")
    assert "<table" in table_html(pd.DataFrame(), "tom")


def _present_modules_after(code: str) -> tuple[list[str], list[str]]:
    """Presentation modules loaded by ``import klyngestat``, and those loaded after it by ``code``."""
    probe = (
        "import sys\n"
        "import klyngestat as ks\n"
        "before = sorted(m for m in sys.modules if m.startswith('klyngestat.present'))\n"
        f"{code}\n"
        "after = sorted(m for m in sys.modules if m.startswith('klyngestat.present'))\n"
        "print(repr((before, sorted(set(after) - set(before)))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300)
    before, added = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return before, added


def test_statistics_and_their_displays_do_not_import_presentation() -> None:
    code = (
        "import klyngestat.stats, klyngestat.release\n"
        "s = ks.demo_survey()\n"
        "share = ks.group_share(s, 'forbedringer', specialty='Plastikkirurgi')\n"
        "national = ks.national_average(s, 'forbedringer')\n"
        "shown = [o._repr_html_() for o in (s, s.report, share, national, ks.compare_with_national(share, national),\n"
        "    ks.response_rate(s, specialty='Dermatologi'), ks.response_rates(s), ks.group_shares(s, 'forbedringer'),\n"
        "    ks.distribution(s, 'forbedringer'), ks.cluster_spread(s, 'forbedringer', specialty='Anæstesiologi'),\n"
        "    ks.specialty_summary(s, 'Dermatologi', uncertainty=False), ks.build_release(s))]"
    )
    before, added = _present_modules_after(code)
    # klyngestat's own __init__ re-exports the Danish number formats; nothing else of presentation.
    assert set(before) <= {"klyngestat.present", "klyngestat.present.formatting"}, before
    assert added == [], f"displays imported presentation: {added}"


def test_the_old_notebook_module_and_its_withholding_rule_are_gone() -> None:
    import importlib.util

    assert importlib.util.find_spec("klyngestat.present.notebook") is None
