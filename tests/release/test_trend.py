"""The trend between two waves: change records computed from released figures, counted here by hand.

Two small waves of understoetter_kvalitet (top box = "I meget høj grad" or "I høj grad", T below; F otherwise):

    2025  A/a1  ids 1-5    T T F F T        3/5
          A/a2  ids 6-9    T F F T          2/4
          A/a3  ids 10-13  T T F F          2/4
          B/b1  ids 14-18  T T T F F        3/5
          C/c1  ids 21-26  T T T F F F      3/6
          C/c2  ids 27-32  T F F F T F      2/6
    2026  A/a1  ids 1-5    T T T F T        4/5   (3: F -> T)
          A/a23 ids 6-13   T T F T T F F F  4/8   (a2 and a3 merged; 7: F -> T, 11: T -> F)
          B/ny  ids 14-17, 19, 20  T T T T T F   5/6   (b1 renamed; 17: F -> T; 18 left; 19, 20 new)
          C/c1  ids 21-23  T T F            2/3   (23: T -> F; 24-26 did not answer)
          C/c2  ids 27-32  T F T F T F      3/6   (29: F -> T)

Specialties: A 7/13 -> 8/13, B 3/5 -> 5/6, C 5/12 -> 5/9; nation 15/30 -> 18/28.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache

import pandas as pd
import pytest

from klyngestat import survey_from_frame
from klyngestat.models.questionnaire import Option
from klyngestat.models.wave_mapping import WaveMapping
from klyngestat.release import ReleaseOptions, build_release
from klyngestat.release.trend import build_trend
from klyngestat.waves import make_waves

T, F = "I høj grad", "Slet ikke"

THEN = [
    *[(str(i), "A", "a1", a) for i, a in zip(range(1, 6), [T, T, F, F, "I meget høj grad"], strict=True)],
    *[(str(i), "A", "a2", a) for i, a in zip(range(6, 10), [T, "I mindre grad", F, T], strict=True)],
    *[(str(i), "A", "a3", a) for i, a in zip(range(10, 14), [T, T, F, F], strict=True)],
    *[(str(i), "B", "b1", a) for i, a in zip(range(14, 19), [T, T, T, F, F], strict=True)],
    *[(str(i), "C", "c1", a) for i, a in zip(range(21, 27), [T, T, T, F, F, F], strict=True)],
    *[(str(i), "C", "c2", a) for i, a in zip(range(27, 33), [T, F, F, F, T, F], strict=True)],
]
NOW = [
    *[(str(i), "A", "a1", a) for i, a in zip(range(1, 6), [T, T, T, F, T], strict=True)],
    *[(str(i), "A", "a23", a) for i, a in zip(range(6, 14), [T, T, F, T, T, F, F, F], strict=True)],
    *[(str(i), "B", "ny", a) for i, a in zip([14, 15, 16, 17, 19, 20], [T, T, T, T, T, F], strict=True)],
    *[(str(i), "C", "c1", a) for i, a in zip(range(21, 24), [T, T, F], strict=True)],
    *[(str(i), "C", "c1", None) for i in range(24, 27)],
    *[(str(i), "C", "c2", a) for i, a in zip(range(27, 33), [T, F, T, F, T, F], strict=True)],
]
MAPPING = WaveMapping.model_validate(
    {"from": 2025, "to": 2026, "clusters": {"A": {"a23": ["a2", "a3"]}, "B": {"ny": ["b1"]}}}
)


def _survey(rows, year, questionnaire=None):
    frame = pd.DataFrame(rows, columns=["respondent_id", "specialty", "cluster", "understoetter_kvalitet"])
    frame.insert(3, "status", ["completed" if pd.notna(a) else "not_answered" for a in frame["understoetter_kvalitet"]])
    frame["forbedringer"] = ["Ja" if a is not None else None for a in frame["understoetter_kvalitet"]]
    kwargs = {"questionnaire": questionnaire} if questionnaire is not None else {}
    return survey_from_frame(frame, year=year, **kwargs)


def _trend(min_n, now_questionnaire=None, mapping=MAPPING):
    waves = make_waves([_survey(THEN, 2025), _survey(NOW, 2026, now_questionnaire)], mappings=[mapping])
    options = ReleaseOptions(min_n=min_n, decoys=0)
    return build_trend(waves, [build_release(w, options=options) for w in waves.surveys])


@cache
def _trend_of_min_n(min_n):
    """``_trend(min_n)``, built once per process: a Trend and its releases are frozen, and several tests read it."""
    return _trend(min_n)


def _change(trend, specialty=None, cluster=None, measure="change:top_box"):
    record = trend.find(measure, question="understoetter_kvalitet", specialty=specialty, cluster=cluster, to_year=2026)
    assert record is not None
    return record


@pytest.mark.parametrize(
    ("specialty", "cluster", "then", "now"),
    [
        (None, None, (15, 30), (18, 28)),
        ("A", None, (7, 13), (8, 13)),
        ("B", None, (3, 5), (5, 6)),
        ("C", None, (5, 12), (5, 9)),
        ("A", "a1", (3, 5), (4, 5)),
        ("A", "a23", (4, 8), (4, 8)),  # merged: a2's 2 of 4 and a3's 2 of 4 pooled
        ("B", "ny", (3, 5), (5, 6)),  # renamed
        ("C", "c1", (3, 6), (2, 3)),
    ],
)
def test_a_shown_change_is_the_difference_of_the_two_released_figures(specialty, cluster, then, now):
    record = _change(_trend_of_min_n(3), specialty, cluster)
    assert record.status == "shown"
    assert (record.detail["then"]["count"], record.detail["then"]["base"]) == then
    assert (record.detail["now"]["count"], record.detail["now"]["base"]) == now
    assert record.fraction == Fraction(*now) - Fraction(*then)
    # Every invited member of A and B answered both years: with the finite population correction the interval is
    # the point itself (a census); C's non-respondents leave room on both sides.
    assert record.low - 1e-12 <= record.share <= record.high + 1e-12
    assert (record.high - record.low > 0.01) == (specialty in (None, "C"))


def test_every_input_of_a_change_is_a_released_record_and_the_audit_recomputes_them():
    trend = _trend_of_min_n(3)
    merged = _change(trend, "A", "a23")
    assert merged.inputs == (
        "2025/A/understoetter_kvalitet/top_box/cluster/a2",
        "2025/A/understoetter_kvalitet/top_box/cluster/a3",
        "2026/A/understoetter_kvalitet/top_box/cluster/a23",
    )
    report = trend.audit()
    assert report.ok, report.problems
    assert report.checked == sum(r.shown for r in trend)


def test_a_change_is_hidden_where_either_wave_hides_a_figure_it_rests_on():
    trend = _trend(min_n=5)
    # 2025: a2 and a3 (4 answers each) are hidden, so their merged successor's change would give their sum
    assert (_change(trend, "A", "a23").status, _change(trend, "A", "a23").reason) == ("hidden", "skjult i 2025")
    # 2026: C/c1 has 3 answers, hidden, and c2 with it (complementary); their changes go too
    for cluster in ("c1", "c2"):
        assert (_change(trend, "C", cluster).status, _change(trend, "C", cluster).reason) == ("hidden", "skjult i 2026")
    hidden = [r for r in trend if not r.shown]
    assert all(r.share is None and r.low is None and r.detail.keys() <= {"from", "to"} for r in hidden)
    assert trend.audit().ok


def test_no_paired_figure_is_published_though_the_analyst_has_the_paired_analysis():
    # Respondents link (ids 1-17 and 21-32 answered both years), yet the trend publishes the cross-sectional change
    # only: a paired table's margins against the published counts give the newcomers' and leavers' answers
    # (tests/release/test_trend_attack.py). The analyst's paired analysis of A, counted by hand: both years in the
    # top box 1, 2, 5, 6, 9, 10; only 2025: 11; only 2026: 3, 7; neither: 4, 8, 12, 13.
    from klyngestat.stats import wave_change

    trend = _trend_of_min_n(3)
    assert {r.measure.split(":")[0] for r in trend} == {"change"}
    waves = make_waves([_survey(THEN, 2025), _survey(NOW, 2026)], mappings=[MAPPING])
    paired = wave_change(waves.wave(2025), waves.wave(2026), "understoetter_kvalitet", specialty="A").paired
    assert paired is not None
    assert (paired.both, paired.then_only, paired.now_only, paired.neither) == (6, 1, 2, 4)


def test_a_question_that_is_not_comparable_has_no_change_only_the_reason():
    now = _survey(NOW, 2026).questionnaire
    changed = now.scales["ja_nej"].model_copy(
        update={"options": (*now.scales["ja_nej"].options, Option(code=7, label="Delvist"))}
    )
    questionnaire = now.model_copy(update={"scales": {**now.scales, "ja_nej": changed}})
    trend = _trend(min_n=3, now_questionnaire=questionnaire)
    records = [r for r in trend if r.question == "forbedringer"]
    assert records and all(r.level == "nation" and not r.shown for r in records)
    assert {r.reason for r in records} == {"ikke sammenlignelig: kategorien 'Delvist' er tilføjet"}


def test_releases_of_other_options_are_refused():
    waves = make_waves([_survey(THEN, 2025), _survey(NOW, 2026)], mappings=[MAPPING])
    releases = [build_release(waves.surveys[0]), build_release(waves.surveys[1], options=ReleaseOptions(min_n=3))]
    with pytest.raises(ValueError, match="different options"):
        build_trend(waves, releases)


def test_releases_of_different_waves_are_audited_wave_by_wave_and_of_one_wave_together(the_demo_survey, demo_release):
    from dataclasses import replace as replaced

    from klyngestat.release import audit_releases

    survey = the_demo_survey
    with_roster = demo_release  # build_release(survey)
    # The same answers without the roster: other populations, another suppression pattern.
    without = build_release(replaced(survey, roster=None, year=2026))
    assert audit_releases([with_roster.to_dict(), without.to_dict()]).ok  # two waves: nothing joins their cells
    as_one_wave = without.to_dict()
    as_one_wave["provenance"] = {**as_one_wave["provenance"], "wave": "2025"}
    together = audit_releases([with_roster.to_dict(), as_one_wave])
    assert not together.ok  # the same answers in two patterns, held together, pin cells
    assert {p.wave for p in together.pins} == {""}
