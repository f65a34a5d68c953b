"""Waves: which questions are comparable across years, how clusters follow, and reading several waves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from klyngestat import load_questionnaire, survey_from_frame
from klyngestat.io.waves import WavesError, read_waves
from klyngestat.models.questionnaire import Option, Questionnaire
from klyngestat.models.wave_mapping import WaveMapping, WaveMappingError, load_wave_mapping
from klyngestat.waves import compare_questionnaires, follow_clusters, make_waves
from tests.conftest import tiny_frame


def _reworded(q: Questionnaire, question: str, text: str) -> Questionnaire:
    questions = tuple(x.model_copy(update={"text": text}) if x.id == question else x for x in q.questions)
    return q.model_copy(update={"questions": questions})


def _renamed(q: Questionnaire, question: str, new_id: str) -> Questionnaire:
    questions = tuple(x.model_copy(update={"id": new_id}) if x.id == question else x for x in q.questions)
    return q.model_copy(update={"questions": questions})


def _with_option(q: Questionnaire, scale: str, option: Option) -> Questionnaire:
    changed = q.scales[scale].model_copy(update={"options": (*q.scales[scale].options, option)})
    return q.model_copy(update={"scales": {**q.scales, scale: changed}})


def _row(rows, question):
    return next(r for r in rows if r.question == question)


def test_the_same_questionnaire_is_comparable_question_by_question():
    q = load_questionnaire()
    rows = compare_questionnaires(q, q)
    assert len(rows) == len(q.closed_questions())
    assert {r.status for r in rows} == {"same"}


def test_a_reworded_question_is_not_comparable_unless_the_mapping_declares_it_with_a_reason():
    then = load_questionnaire()
    now = _reworded(then, "understoetter_kvalitet", "I hvor høj grad kan klyngearbejdet understøtte kvalitetsarbejdet?")
    row = _row(compare_questionnaires(then, now), "understoetter_kvalitet")
    assert (row.status, row.reason, row.comparable) == ("not comparable", "ordlyden er ændret", False)
    mapping = WaveMapping.model_validate(
        {"from": 2025, "to": 2026, "questions": {"understoetter_kvalitet": {"reason": "Ordlyden er forenklet."}}}
    )
    row = _row(compare_questionnaires(then, now, mapping=mapping), "understoetter_kvalitet")
    assert (row.status, row.reason, row.comparable) == ("declared", "ordlyden er ændret; Ordlyden er forenklet.", True)
    # whitespace alone is no change of wording
    spaced = _reworded(then, "forbedringer", "Har du på baggrund af et  klyngemøde\nindført forbedringer i din klinik?")
    assert _row(compare_questionnaires(then, spaced), "forbedringer").status == "same"


def test_an_added_category_is_named_and_not_compared_unless_declared():
    then = load_questionnaire()
    now = _with_option(then, "ja_nej", Option(code=4, label="Delvist"))
    affected = [q.id for q in then.closed_questions() if q.scale == "ja_nej"]
    rows = compare_questionnaires(then, now)
    for question in affected:
        assert (_row(rows, question).status, _row(rows, question).reason) == (
            "not comparable",
            "kategorien 'Delvist' er tilføjet",
        )
    assert all(r.status == "same" for r in rows if r.question not in affected)


def test_a_renamed_question_follows_its_previous_id_new_and_dropped_questions_are_reported():
    then = load_questionnaire()
    now = _renamed(then, "forbedringer", "forbedringer_indfoert")
    without = compare_questionnaires(then, now)
    assert _row(without, "forbedringer_indfoert").status == "new"
    dropped = [r for r in without if r.status == "dropped"]
    assert [(r.question, r.previous) for r in dropped] == [(None, "forbedringer")]
    mapping = WaveMapping.model_validate(
        {"from": 2025, "to": 2026, "questions": {"forbedringer_indfoert": {"previous": "forbedringer"}}}
    )
    row = _row(compare_questionnaires(then, now, mapping=mapping), "forbedringer_indfoert")
    assert (row.previous, row.status, row.reason) == ("forbedringer", "same", "hed 'forbedringer'; uændret")
    assert not [r for r in compare_questionnaires(then, now, mapping=mapping) if r.status == "dropped"]


def test_a_mapping_that_names_unknown_questions_is_refused_with_every_entry():
    q = load_questionnaire()
    mapping = WaveMapping.model_validate(
        {
            "from": 2025,
            "to": 2026,
            "questions": {"findes_ikke": {"reason": "x"}, "forbedringer": {"previous": "heller_ikke"}},
        }
    )
    with pytest.raises(WaveMappingError) as error:
        compare_questionnaires(q, q, mapping=mapping)
    assert "questions.findes_ikke: no closed question 'findes_ikke' in the later questionnaire" in str(error.value)
    assert "questions.forbedringer: previous 'heller_ikke' is no closed question" in str(error.value)


def _wave(rows, year):
    frame = pd.DataFrame(rows, columns=["respondent_id", "specialty", "cluster", "status", "understoetter_kvalitet"])
    return survey_from_frame(frame, year=year)


def _clusters_frame(clusters):
    return [(f"{c}{i}", s, c, "completed", "I høj grad") for s, c in clusters for i in range(2)]


def test_clusters_follow_by_name_by_rename_merge_and_split_and_ended_and_new_ones_are_listed():
    then = _wave(_clusters_frame([("A", "a1"), ("A", "a2"), ("A", "a3"), ("A", "a4"), ("A", "a5"), ("B", "b1")]), 2025)
    now = _wave(_clusters_frame([("A", "a1"), ("A", "x"), ("A", "a23"), ("A", "a4v"), ("A", "a4h"), ("B", "b2")]), 2026)
    mapping = WaveMapping.model_validate(
        {"from": 2025, "to": 2026, "clusters": {"A": {"x": ["a5"], "a23": ["a2", "a3"], "a4v": ["a4"], "a4h": ["a4"]}}}
    )
    rows = {
        (r.specialty, r.cluster): (r.previous, r.kind, r.comparable)
        for r in follow_clusters(then, now, mapping=mapping)
    }
    assert rows == {
        ("A", "a1"): (("a1",), "same", True),
        ("A", "x"): (("a5",), "renamed", True),
        ("A", "a23"): (("a2", "a3"), "merged", True),
        ("A", "a4v"): (("a4",), "split", False),
        ("A", "a4h"): (("a4",), "split", False),
        ("B", "b2"): ((), "new", False),
        ("B", None): (("b1",), "ended", False),
    }


def test_a_mapping_that_names_unknown_clusters_is_refused_with_every_entry():
    then = _wave(_clusters_frame([("A", "a1")]), 2025)
    now = _wave(_clusters_frame([("A", "a1")]), 2026)
    mapping = WaveMapping.model_validate(
        {"from": 2025, "to": 2026, "clusters": {"A": {"zz": ["a1", "a9"]}, "C": {"c": ["c"]}}}
    )
    with pytest.raises(WaveMappingError) as error:
        follow_clusters(then, now, mapping=mapping)
    message = str(error.value)
    for part in (
        "clusters.A: no cluster 'zz' in the later wave",
        "clusters.A.zz: no cluster 'a9' in the earlier wave",
        "clusters.C: no specialty 'C' in both waves",
    ):
        assert part in message


def test_waves_need_distinct_years_and_mappings_between_consecutive_waves():
    a, b = survey_from_frame(tiny_frame(), year=2025), survey_from_frame(tiny_frame(), year=2026)
    waves = make_waves([b, a])
    assert waves.years == (2025, 2026)
    assert waves.mapping(2026) is None
    with pytest.raises(WaveMappingError, match="two waves of 2025"):
        make_waves([a, a])
    with pytest.raises(WaveMappingError, match="has no year"):
        make_waves([a, survey_from_frame(tiny_frame())])
    with pytest.raises(WaveMappingError, match="a mapping from 2024 to 2026, which are not consecutive"):
        make_waves([a, b], mappings=[WaveMapping.model_validate({"from": 2024, "to": 2026})])


def test_a_wave_mapping_file_with_errors_names_the_file_and_every_problem(tmp_path: Path):
    path = tmp_path / "waves.toml"
    path.write_text('from = 2026\nto = 2025\n[clusters.A]\n"x" = []\n', encoding="utf-8")
    with pytest.raises(WaveMappingError) as error:
        load_wave_mapping(path)
    message = str(error.value)
    assert message.startswith(f"{path}: not a valid wave mapping")
    assert "'to' (2025) must be a later year than 'from' (2026)" in message
    assert "clusters.A: 'x' follows no earlier cluster (an empty list)" in message


def _write(path: Path, frame: pd.DataFrame) -> Path:
    frame.to_csv(path, index=False)
    return path


def test_a_folder_of_waves_is_read_with_each_years_files(tmp_path: Path):
    _write(tmp_path / "svar_2025.csv", tiny_frame())
    now = tiny_frame().replace({"cluster": {"a2": "a2ny"}})
    _write(tmp_path / "svar_2026.csv", now)
    (tmp_path / "waves_2025_2026.toml").write_text(
        'from = 2025\nto = 2026\n[clusters.A]\n"a2ny" = ["a2"]\n', encoding="utf-8"
    )
    (tmp_path / "README.txt").write_text("ikke en runde", encoding="utf-8")  # a .txt without a year is refused
    with pytest.raises(WavesError, match=r"README.txt: the name carries no single year"):
        read_waves(tmp_path)
    (tmp_path / "README.txt").unlink()
    waves = read_waves(tmp_path)
    assert waves.years == (2025, 2026)
    assert [(c.cluster, c.previous, c.kind) for c in waves.clusters(2026) if c.specialty == "A"] == [
        ("a1", ("a1",), "same"),
        ("a2ny", ("a2",), "renamed"),
    ]


def test_every_waves_problems_are_reported_together(tmp_path: Path):
    bad = tiny_frame()
    bad.loc[0, "status"] = "måske"
    worse = tiny_frame()
    worse.loc[4, "understoetter_kvalitet"] = "Lidt"
    first, second = _write(tmp_path / "a.csv", bad), _write(tmp_path / "b.csv", worse)
    with pytest.raises(WavesError) as error:
        read_waves({2025: first, 2026: second})
    message = str(error.value)
    assert f"wave 2025 ({first})" in message and "måske" in message
    assert f"wave 2026 ({second})" in message and "Lidt" in message
