"""Notebook display: every result and the Survey show a compact, escaped, suppressed HTML table."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import klyngestat as ks
from klyngestat.stats.suppression import suppress_clusters


@pytest.fixture(scope="module")
def survey() -> ks.Survey:
    return ks.demo_survey()


def _results(survey: ks.Survey) -> dict[str, object]:
    share = ks.group_share(survey, "forbedringer", specialty="Plastikkirurgi")
    national = ks.national_average(survey, "forbedringer")
    return {
        "Survey": survey,
        "ResponseRate": ks.response_rate(survey, "Dermatologi"),
        "ResponseRates": ks.response_rates(survey, "cluster", specialty="Dermatologi"),
        "Share": share,
        "Shares": ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi"),
        "Distribution": ks.distribution(survey, "understoetter_kvalitet", "Dermatologi"),
        "ClusterSpread": ks.cluster_spread(survey, "understoetter_kvalitet", "Dermatologi"),
        "NationalAverage": national,
        "Comparison": ks.compare_with_national(share, national),
        "SpecialtySummary": ks.specialty_summary(survey, "Dermatologi", uncertainty=False),
        "ValidationReport": survey.report,
    }


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_every_result_shows_one_table(survey: ks.Survey, name: str) -> None:
    html = _results(survey)[name]._repr_html_()  # type: ignore[attr-defined]
    assert html.count("<table") == 1 and html.count("</table>") == 1
    assert "<caption>" in html


def test_the_survey_table_has_each_specialty_and_no_cluster(survey: ks.Survey) -> None:
    html = survey._repr_html_()
    assert "Dermatologi" in html and "67,3 pct." in html and "696 ud af 1.092" in html
    assert not any(cluster in html for cluster in survey.clusters_of("Dermatologi"))


def test_figures_are_danish(survey: ks.Survey) -> None:
    results = _results(survey)
    assert "71 pct." in ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi")._repr_html_()
    assert "48 pct." in results["NationalAverage"]._repr_html_()  # type: ignore[attr-defined]
    assert "-19,4" in results["Comparison"]._repr_html_()  # type: ignore[attr-defined]
    assert "fra 58 til 88 pct." in results["ClusterSpread"]._repr_html_()  # type: ignore[attr-defined]


def test_small_clusters_and_their_complements_are_withheld(survey: ks.Survey) -> None:
    hidden = suppress_clusters(survey, "forbedringer", "Anæstesiologi").hidden
    assert hidden, "the demo survey has a small Anæstesiologi cluster"
    html = ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi")._repr_html_()
    shares = ks.group_shares(survey, "forbedringer", by="cluster", specialty="Anæstesiologi")
    for share in shares:
        row = next(r for r in html.split("<tr>") if share.cluster and share.cluster in r)
        shown = f">{share.base}<" in row
        assert shown == (share.cluster not in hidden), (share.cluster, row)
    assert "vises ikke" in html


def test_the_spread_shows_only_shown_clusters(survey: ks.Survey) -> None:
    spread = ks.cluster_spread(survey, "forbedringer", "Anæstesiologi")
    html = spread._repr_html_()
    assert spread.hidden
    assert all(s.cluster not in html for s in spread.hidden)
    assert all(s.cluster in html for s in spread.shown)


def test_a_small_cluster_distribution_is_withheld(survey: ks.Survey) -> None:
    small = next(iter(suppress_clusters(survey, "forbedringer", "Anæstesiologi").primary))
    d = ks.distribution(survey, "forbedringer", "Anæstesiologi", small)
    assert d.base < 5
    cells = [r for r in d._repr_html_().split("<tr>")[2:] if "<td" in r]
    assert cells and all(r.count(">–<") >= 5 for r in cells)


def test_text_is_escaped() -> None:
    report = ks.ValidationReport.of(
        [ks.Problem("error", "unknown_answer", "<script>alert(1)</script>", value="=1+1 & <b>")]
    )
    html = report._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; &lt;b&gt;" in html


def test_long_tables_are_cut_and_say_so(survey: ks.Survey) -> None:
    table = ks.share_table(survey, questions=("forbedringer",))
    html = table._repr_html_()
    assert len(table) > 40
    assert html.count("<tr>") <= 42 and "rækker er udeladt her" in html


def test_statistics_do_not_import_presentation_when_loaded() -> None:
    code = "import klyngestat, sys; print(sorted(m for m in sys.modules if m.startswith('klyngestat.present.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "klyngestat.present.notebook" not in out


def test_an_empty_frame_still_renders() -> None:
    from klyngestat.present.notebook import frame_html

    assert "<table" in frame_html(pd.DataFrame(), "tom")
