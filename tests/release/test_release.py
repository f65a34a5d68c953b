"""The Release: records, provenance, writing, refusing leaks, explaining a figure, and the audit command."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import klyngestat as ks
from klyngestat.cli import main
from klyngestat.data import demo_roster_path, demo_survey_path
from klyngestat.release import DisclosureError, Release, build_release, load_release
from tests.release.cases import one_cluster_specialty_of_four

SURVEY, ROSTER = str(demo_survey_path()), str(demo_roster_path())


@pytest.fixture(scope="module")
def release(demo_release: Release) -> Release:
    return demo_release


@pytest.fixture(scope="module")
def survey(the_demo_survey: ks.Survey) -> ks.Survey:
    return the_demo_survey


def test_seed_figures_are_records(release):
    derma = release.find("group", "top_box", question="understoetter_kvalitet", specialty="Dermatologi")
    assert (derma.count, derma.base, derma.id) == (52, 73, "2025/Dermatologi/understoetter_kvalitet/top_box/specialty")
    middle = release.find("group", "nogen_grad", question="understoetter_kvalitet", specialty="Dermatologi")
    assert (middle.count, middle.base) == (17, 73)  # 23 pct.
    rate = release.find("response", "response_rate", specialty="Dermatologi")
    assert (rate.count, rate.base, rate.population) == (74, 110, 111)
    spread = release.find("spread", "spread:top_box", question="understoetter_kvalitet", specialty="Dermatologi")
    low, high = release.get(spread.detail["min_id"]), release.get(spread.detail["max_id"])
    assert (low.count, low.base, high.count, high.base) == (7, 12, 7, 8)  # 58 and 88 pct.
    national = release.find("national", "national:top_box", question="understoetter_kvalitet")
    assert national.method == "pooled" and round(float(national.fraction) * 1000) == 657
    plastik = release.find("group", "top_box", question="forbedringer", specialty="Plastikkirurgi")
    assert (plastik.count, plastik.base) == (4, 14)  # 29 pct.


def test_a_hidden_record_carries_no_figure(release):
    hidden = [r for r in release if not r.shown]
    assert hidden, "the demo has small clusters"
    for r in hidden:
        assert (r.count, r.base, r.share, r.low, r.high, r.detail) == (None, None, None, None, None, {})
        assert r.reason == "confidential"
    assert {r.reason for r in hidden} == {"confidential"}  # primary and complementary read the same


def test_records_are_a_tidy_table(release):
    frame = release.to_frame()
    assert len(frame) == len(release) and frame["id"].is_unique
    assert list(frame.columns[:4]) == ["id", "kind", "question", "measure"]


@pytest.mark.parametrize("suffix", [".json", ".csv", ".parquet"])
def test_release_is_written_whole(release, tmp_path, suffix):
    out = release.write(tmp_path / f"release{suffix}")
    assert out.exists() and not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("*.tmp"))
    if suffix == ".json":
        data = load_release(out)
        assert data["release_schema_version"] == 1 and len(data["records"]) == len(release)
        back = Release.from_dict(data)
        assert back.get(release.records[100].id) == release.records[100]
    elif suffix == ".csv":
        frame = pd.read_csv(out)
        assert len(frame) == len(release)
        assert json.loads(out.with_suffix(".csv.provenance.json").read_text())["provenance"]["wave"] == "2025"
    else:
        assert len(pd.read_parquet(out)) == len(release)


def test_a_leaking_release_is_not_written(release, survey, tmp_path):
    """Show one complementary cluster with its true figure: the small one beside it is recovered."""
    pattern = release._patterns["forbedringer"]
    complementary = sorted(pattern.clusters - pattern.primary_clusters)
    specialty, cluster = next((s, c) for s, c in complementary if s == "Anæstesiologi")
    true = ks.group_share(survey, "forbedringer", specialty=specialty, cluster=cluster)
    records = [
        replace(r, status="shown", reason="", count=true.count, base=true.base, share=true.share)
        if r.kind == "group" and r.level == "cluster" and r.question == "forbedringer" and r.cluster == cluster
        else r
        for r in release
    ]
    leaky = Release(records, release.provenance, release.questions, release.options)
    assert not leaky.audit().ok
    assert any(p.cluster == "Anæst – Nordjylland" for p in leaky.audit().leaks)
    with pytest.raises(DisclosureError, match="PINNED forbedringer · Anæstesiologi / Anæst – Nordjylland"):
        leaky.write(tmp_path / "leaky.json")
    assert not (tmp_path / "leaky.json").exists()


@pytest.fixture(scope="module")
def with_specialty_of_four() -> Release:
    return build_release(one_cluster_specialty_of_four())


def test_a_specialty_of_four_is_hidden_and_protected_against_the_nation(with_specialty_of_four):
    release = with_specialty_of_four
    q = "understoetter_kvalitet"
    kar = release.find("group", "top_box", question=q, specialty="Karkirurgi")
    assert not kar.shown
    hidden = [s for s in release.specialties if not release.find("group", "top_box", question=q, specialty=s).shown]
    assert len(hidden) >= 2  # nation minus the shown specialties must not give it away
    for r in release.select(question=q, specialty="Karkirurgi"):
        assert not r.shown
    assert release.audit().ok
    from klyngestat.present.contract import specialty_json

    data = specialty_json(release, "Karkirurgi")
    assert data["questions"][q]["suppressed"] is True and data["questions"][q]["count"] is None
    assert q not in data["comparison"]


def test_explain_prints_count_base_method_and_status(release, tmp_path, capsys):
    path = release.write(tmp_path / "release.json")
    rid = "2025/Dermatologi/understoetter_kvalitet/top_box/specialty"
    assert main(["explain", rid, "--release", str(path)]) == 0
    out = capsys.readouterr().out
    assert "52 af 73" in out and "wilson" in out and "status:    vises" in out and "population 111" in out
    hidden = next(r.id for r in release if not r.shown)
    assert main(["explain", hidden, "--release", str(path)]) == 0
    out = capsys.readouterr().out
    assert "skjult" in out and "af" not in out.split("status")[1].split("færre")[0].replace("af hensyn", "")


def test_audit_command_reads_several_releases(tmp_path, capsys):
    one, two = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["release", SURVEY, "--roster", ROSTER, "--year", "2025", "--out", str(one)]) == 0
    assert main(["release", SURVEY, "--roster", ROSTER, "--year", "2025", "--exclude-ved-ikke", "--out", str(two)]) == 0
    capsys.readouterr()
    assert main(["audit", str(one), str(two), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["releases"] == 2 and report["protected_units"] > 0 and report["leaks"] == []


def test_releases_of_other_min_n_and_ved_ikke_are_audited_together_and_their_pins_are_the_true_counts(survey):
    """Each release alone is safe; together the one at min_n 12 shows what the one at 25 hides, and more.

    The audit used to stop with "need at least one array to concatenate" when
    a hidden specialty's every column was published by the other release.
    Each cell it now reports pinned is checked against a count of the raw rows.
    """
    demo = survey
    specialties, questions = ["Plastikkirurgi", "Dermatologi", "Urologi"], ["understoetter_kvalitet", "forbedringer"]
    part = demo.frame[demo.frame["specialty"].isin(specialties)]
    part = part[["respondent_id", "specialty", "cluster", "status", *questions]].astype(object)
    roster = ks.Roster(clusters=tuple(c for c in demo.roster.clusters if c.specialty in specialties))
    survey = ks.survey_from_frame(part.where(part.notna(), None), roster=roster, year=2025)
    lenient = build_release(survey, options=ks.ReleaseOptions(min_n=12))
    strict = build_release(survey, options=ks.ReleaseOptions(min_n=25, ved_ikke="exclude"))
    assert lenient.audit().ok and strict.audit().ok
    report = ks.audit_releases([lenient.to_dict(), strict.to_dict()])
    assert not report.ok and report.leaks
    frame = survey.frame[survey.frame["status"].isin(["completed", "partial"])]
    questionnaire = survey.questionnaire
    for pin in report.pins:
        scale = questionnaire.scale_of(pin.question)
        if pin.column.startswith("category:"):
            labels = {pin.column.removeprefix("category:")}
        else:
            labels = {scale.labels[i] for i in scale.group_positions(pin.column)}
        rows = frame[frame["specialty"] == pin.specialty]
        if pin.cluster is not None:
            rows = rows[rows["cluster"] == pin.cluster]
        assert int(rows[pin.question].isin(labels).sum()) == pin.value, pin


def test_provenance_names_data_options_and_version(release):
    p = release.provenance
    assert len(p["data_sha256"]) == 64 and p["klyngestat_version"] == ks.__version__
    assert p["options"]["min_n"] == 5 and p["options"]["ved_ikke"] == "include"
    assert build_release(ks.demo_survey()).provenance["data_sha256"] == p["data_sha256"]  # deterministic


def test_the_fact_sheet_of_a_hidden_specialty_shows_no_figure_of_it(with_specialty_of_four):
    pytest.importorskip("matplotlib")
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.render import to_html

    release = with_specialty_of_four
    sheet = build_factsheet(release, "Karkirurgi")
    text = sheet.text()
    # its response rate is published (4 of 5 answered: 80 pct.), none of its answers are
    assert "har 4 ud af 5 besvaret spørgeskemaet, hvilket svarer til en svarprocent på 80 pct." in text
    assert "Specialets tal vises ikke af hensyn til fortroligheden" in text
    own = [r for r in release.select(specialty="Karkirurgi") if r.kind != "response"]
    assert own and not any(r.shown for r in own)
    # the only percentage of its own is the response rate; every chart row of it is drawn as hidden
    with_figures = [p for p in text.split("\n") if "pct." in p]
    assert len(with_figures) == 1 and "svarprocent på 80 pct." in with_figures[0]
    for chart in sheet.charts:
        for row in chart.rows:
            assert all(v is None or not getattr(v, "shown", True) for v in row[1:]), (chart.id, row[0])
    # hidden records may be cited (explain says why they are hidden), never with a figure
    cited_own = {r.id for r in own} & set(sheet.sources)
    assert cited_own and all(release.get(i).count is None for i in cited_own)
    assert "Vises ikke af hensyn til fortroligheden" in to_html(sheet)


def test_a_reference_national_figure_is_used_where_given_and_missing_elsewhere(survey):
    from klyngestat.models.reference import NationalFigure, NationalReference

    # the seeds' national figure for improvements, 48 pct., as a user without the other specialties supplies it
    reference = NationalReference(figures=(NationalFigure(question="forbedringer", share=0.48),))
    release = build_release(survey, options=ks.ReleaseOptions(national_method="reference", reference=reference))
    given = release.find("national", "national:top_box", question="forbedringer")
    assert given.shown and given.method == "reference" and given.fraction == Fraction(12, 25)
    missing = release.find("national", "national:top_box", question="understoetter_kvalitet")
    assert not missing.shown and missing.share is None
    # Plastikkirurgi 4 of 14 against 48 pct.: an exact binomial test, its wording from the difference (-19.4 pp)
    c = release.find("comparison", "comparison:top_box", question="forbedringer", specialty="Plastikkirurgi")
    assert c.detail["test"]["method"] == "binomial_vs_reference"
    assert Fraction(*c.detail["difference"]) == (Fraction(4, 14) - Fraction(12, 25)) * 100
    assert (
        release.find("comparison", "comparison:top_box", question="understoetter_kvalitet", specialty="Plastikkirurgi")
        is None
    )


def test_population_none_turns_the_weighted_share_correction_off(survey):
    options = ks.ReleaseOptions(fpc_population="none", n_resamples=99)
    release = build_release(survey, options=options)
    weighted = release.find("weighted", "weighted:top_box", question="understoetter_kvalitet", specialty="Dermatologi")
    # R's svydesign(ids = ~1, strata = ~cluster, weights = ~members/answers) without fpc (tests/stats/r)
    r_expected = pd.read_csv(Path(__file__).parents[1] / "stats" / "r" / "poststrat_expected.csv").set_index("fpc")
    assert weighted.detail["standard_error"] == pytest.approx(r_expected.loc["none", "standard_error"], abs=1e-12)
    assert (weighted.low, weighted.high) == pytest.approx(
        (r_expected.loc["none", "low"], r_expected.loc["none", "high"]), abs=1e-12
    )
    assert weighted.detail["fpc_population"] == "none" and not weighted.detail["hidden_clusters_pooled"]
    share = release.find("group", "top_box", question="understoetter_kvalitet", specialty="Dermatologi")
    assert share.population is None and share.detail["fpc"] is False


def test_the_audits_margin_pins_are_what_the_larger_units_figures_say_of_everyone(release):
    # A hidden cluster's cell is pinned without disclosing anything when its specialty's shown figure says it of
    # everyone: 0 (then the cluster has 0) or all respondents (then the cluster has all of its own). Checked here
    # against the records themselves, not the audit's equations.
    records = release.to_dict()["records"]
    respondents = {(r["specialty"], r["cluster"]): r["count"] for r in records if r["kind"] == "response"}
    shown = {
        (r["question"], r["specialty"], r["measure"]): r["count"]
        for r in records
        if r["kind"] in ("category", "group") and r["level"] == "specialty" and r["status"] == "shown"
    }
    report = release.audit()
    assert report.ok and report.pins and all(p.implied_by_margin for p in report.pins)
    for pin in report.pins:
        margin = shown[(pin.question, pin.specialty, pin.column)]
        assert margin in (0, respondents[(pin.specialty, None)]), pin
        assert pin.value == (0 if margin == 0 else respondents[(pin.specialty, pin.cluster)]), pin


def test_the_nations_reduced_system_bounds_every_cell_as_the_whole_system_does(with_specialty_of_four, monkeypatch):
    # Specialties whose every column is published are taken out of the nation's equations (their part is known);
    # the hidden specialty's cells must be bounded exactly as with every specialty in. One question, both ways.
    from klyngestat.release import audit

    data = with_specialty_of_four.to_dict()
    q = "understoetter_kvalitet"
    one = {
        **data,
        "questions": {q: data["questions"][q]},
        "records": [r for r in data["records"] if r["question"] in (q, None)],
    }
    reduce = audit._national_component
    sizes: list[tuple[int, int]] = []

    def spy(q_, values, upper, totals):
        found = reduce(q_, values, upper, totals)
        sizes.append((len(found[3]), len(upper)))
        return found

    monkeypatch.setattr(audit, "_national_component", spy)
    reduced = audit.audit_releases([one])
    assert sizes and all(kept < everything for kept, everything in sizes)  # shown specialties were taken out

    def whole(q_, values, upper, totals):
        return reduce(q_, values, upper, {})  # nothing fixed: every specialty stays in

    monkeypatch.setattr(audit, "_national_component", whole)
    full = audit.audit_releases([one])
    assert reduced.protected_units == full.protected_units > 0
    assert sorted(map(str, reduced.pins)) == sorted(map(str, full.pins)) and reduced.ok and full.ok


def test_a_records_detail_cannot_be_changed_at_any_depth(release):
    record = next(r for r in release if r.kind == "comparison" and r.shown)
    with pytest.raises(TypeError, match="read-only"):
        record.detail["test"] = {}  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        record.detail["test"]["pvalue"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        record.detail.update(test=None)
    fraction = next(r for r in release if r.detail.get("fraction") is not None).detail["fraction"]
    assert isinstance(fraction, tuple)
    again = Release.from_dict(json.loads(json.dumps(release.to_dict())))  # read back: read-only again, and equal
    assert again.records == release.records
