"""The demo survey's second wave (2026): rebuilt byte for byte, read by the library, and its design's counts.

Expected counts are hand computations from the generator's stated rules
(klyngestat/data/_demo_wave2026.py) and the 2025 wave's table in
docs/demo-data.md; the counts themselves are taken with plain pandas from the
committed files; the exact test is scipy's.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import fisher_exact

import klyngestat as ks
from klyngestat.data import make_demo_2026

DATA = Path(make_demo_2026.__file__).parent
FILES_2026 = ("demo_survey_2026.csv", "demo_roster_2026.csv", "ekvis_klyngearbejde_2026.toml", "demo_waves.toml")
RESPONDED = ["completed", "partial"]
TOP = ["I meget høj grad", "I høj grad"]

# Per specialty, 2025 (invited, respondents) from docs/demo-data.md, the generator's retired and new counts
# (round half up of 2.5 pct. and 3 pct. of the 2025 invited) and its response-rate change in points. Then
# invited 2026 = invited - retired + new, and respondents 2026 = round half up of (rate 2025 + points) x invited 2026,
# e.g. Dermatologi: 110 x 2.5 % = 2.75 -> 3 retired, 110 x 3 % = 3.3 -> 3 new, 110 invited;
# (74/110 + 0.05) x 110 = 79.5 -> 80 respondents. Psykiatri: 3.3 -> 3, 3.96 -> 4, 133 invited;
# (77/132 - 0.04) x 133 = 72.26 -> 72.
WAVES = {  # specialty: (invited 2025, respondents 2025, retired, new, points, invited 2026, respondents 2026)
    "Dermatologi": (110, 74, 3, 3, 5, 110, 80),
    "Plastikkirurgi": (20, 14, 1, 1, 0, 20, 14),  # 0.5 -> 1, 0.6 -> 1
    "Oftalmologi": (140, 91, 4, 4, -2, 140, 88),  # 3.5 -> 4, 4.2 -> 4; 91 - 2.8 = 88.2
    "Oto-rhino-laryngologi": (117, 74, 3, 4, 1, 118, 76),  # 2.925, 3.51; 74/117 x 118 + 1.18 = 75.81
    "Psykiatri": (132, 77, 3, 4, -4, 133, 72),
    "Gynækologi og obstetrik": (108, 72, 3, 3, 2, 108, 74),  # 2.7, 3.24; 72 + 2.16
    "Ortopædisk kirurgi": (81, 51, 2, 2, 0, 81, 51),  # 2.025, 2.43
    "Intern medicin": (65, 42, 2, 2, 5, 65, 45),  # 1.625, 1.95; 42 + 3.25
    "Reumatologi": (51, 34, 1, 2, -3, 52, 33),  # 1.275, 1.53; 34/51 x 52 - 1.56 = 33.11
    "Neurologi": (47, 29, 1, 1, 4, 47, 31),  # 1.175, 1.41; 29 + 1.88
    "Kirurgi": (55, 34, 1, 2, -5, 56, 32),  # 1.375, 1.65; 34/55 x 56 - 2.8 = 31.82
    "Pædiatri": (51, 34, 1, 2, 1, 52, 35),  # 1.275, 1.53; 34/51 x 52 + 0.52 = 35.19
    "Børne- og ungdomspsykiatri": (38, 24, 1, 1, 3, 38, 25),  # 0.95, 1.14; 24 + 1.14
    "Anæstesiologi": (32, 18, 1, 1, -2, 32, 17),  # 0.8, 0.96; 18 - 0.64
    "Radiologi": (24, 15, 1, 1, 0, 24, 15),  # 0.6, 0.72
    "Urologi": (21, 13, 1, 1, 4, 21, 14),  # 0.525, 0.63; 13 + 0.84
}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def waves() -> tuple[pd.DataFrame, pd.DataFrame]:
    return _read("demo_survey.csv"), _read("demo_survey_2026.csv")


def test_the_generator_rebuilds_the_committed_2026_files_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_demo_2026.main(["--out", str(tmp_path)])
    for name in FILES_2026:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES_2026)  # the 2025 files are not written
    assert capsys.readouterr().out.rstrip().endswith("all targets hold")


def test_the_2025_files_are_the_ones_committed_before_the_second_wave() -> None:
    # sha256sum of `git show c5ad799:klyngestat/data/demo_survey.csv` (and demo_roster.csv)
    expected = {
        "demo_survey.csv": "2b743c408911728ade9ef9fc015c0a397ece5ed860175f1e215d99b14543ab5e",
        "demo_roster.csv": "c8710657c70384c7895e8d2951a273059766ceab29097c91900a5f0e111175ed",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name


def test_the_library_reads_the_2026_wave_without_problems() -> None:
    survey = ks.read_survey(
        DATA / "demo_survey_2026.csv",
        roster=DATA / "demo_roster_2026.csv",
        questionnaire=DATA / "ekvis_klyngearbejde_2026.toml",
        year=2026,
    )
    assert survey.year == 2026
    assert survey.report.errors == () and survey.report.warnings == ()
    assert len(survey.frame) == sum(w[5] for w in WAVES.values()) == 1097
    assert int(survey.respondent_mask.sum()) == sum(w[6] for w in WAVES.values()) == 702


def test_the_2026_questionnaire_rewords_one_question_renames_one_and_rescales_one() -> None:
    old = ks.load_questionnaire()
    new = ks.load_questionnaire(DATA / "ekvis_klyngearbejde_2026.toml")
    renamed = {"motivation_praksisdata": "motivation_data"}
    assert [renamed.get(i, i) for i in new.question_ids] == list(old.question_ids)
    assert new.question("data_oenske").text != old.question("data_oenske").text
    assert new.scale_of("data_oenske") == old.scale_of("data_oenske")
    assert new.question("motivation_praksisdata").text == old.question("motivation_data").text
    assert new.scale_of("motivation_praksisdata") == old.scale_of("motivation_data")
    labels = list(old.scale_of("data_barriere").labels)
    assert list(new.scale_of("data_barriere").labels) == [*labels[:4], "Manglende IT-understøttelse", *labels[4:]]
    unchanged = [i for i in new.question_ids if i not in ("data_oenske", "motivation_praksisdata", "data_barriere")]
    for i in unchanged:
        assert new.question(i) == old.question(i) and (
            new.question(i).scale is None or new.scale_of(i) == old.scale_of(i)
        )


def test_the_waves_file_declares_the_reworded_and_renamed_questions_and_the_two_cluster_changes() -> None:
    waves = tomllib.loads((DATA / "demo_waves.toml").read_text("utf-8"))
    assert waves["from"] == 2025 and waves["to"] == 2026
    assert set(waves["questions"]) == {"data_oenske", "motivation_praksisdata"}  # data_barriere: not comparable
    assert waves["questions"]["data_oenske"]["reason"].startswith("Sproglig omformulering")
    assert waves["questions"]["motivation_praksisdata"] == {"previous": "motivation_data"}
    assert waves["clusters"] == {
        "Dermatologi": {"Derma – Hovedstad – Vest": ["Derma – Hovedstad – Omegn"]},
        "Anæstesiologi": {"Anæst – Vestdanmark": ["Anæst – Syddanmark", "Anæst – Nordjylland"]},
    }


def test_ids_kept_retired_and_new(waves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    old, new = waves
    ids_old, ids_new = set(old["respondent_id"]), set(new["respondent_id"])
    # retired 3+1+4+3+3+3+2+2+1+1+1+1+1+1+1+1 = 29, new 3+1+4+4+4+3+2+2+2+1+2+2+1+1+1+1 = 34 (table above)
    assert len(ids_old - ids_new) == sum(w[2] for w in WAVES.values()) == 29
    assert len(ids_new - ids_old) == sum(w[3] for w in WAVES.values()) == 34
    assert len(ids_old & ids_new) == 1092 - 29 == 1063
    assert sorted(ids_new - ids_old) == [f"R{i}" for i in range(2001, 2035)]


def test_invited_and_respondents_per_specialty(waves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    old, new = waves
    for specialty, (inv_old, resp_old, _, _, _, inv_new, resp_new) in WAVES.items():
        a, b = old[old["specialty"] == specialty], new[new["specialty"] == specialty]
        assert (len(a), int(a["status"].isin(RESPONDED).sum())) == (inv_old, resp_old), specialty
        assert (len(b), int(b["status"].isin(RESPONDED).sum())) == (inv_new, resp_new), specialty


def test_the_renamed_and_the_merged_clusters_hold_the_same_people(waves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    old, new = waves
    both = old.merge(new, on="respondent_id", suffixes=("_2025", "_2026"))
    renamed = both[both["cluster_2025"] == "Derma – Hovedstad – Omegn"]
    assert set(renamed["cluster_2026"]) == {"Derma – Hovedstad – Vest"}
    assert set(both.loc[both["cluster_2026"] == "Derma – Hovedstad – Vest", "cluster_2025"]) == {
        "Derma – Hovedstad – Omegn"
    }
    merged = both.loc[both["cluster_2026"] == "Anæst – Vestdanmark", "cluster_2025"]
    assert set(merged) == {"Anæst – Syddanmark", "Anæst – Nordjylland"}
    gone = {"Derma – Hovedstad – Omegn", "Anæst – Syddanmark", "Anæst – Nordjylland"}
    assert not gone & set(new["cluster"])
    assert new["cluster"].nunique() == old["cluster"].nunique() - 1 == 79


def test_dermatologi_top_box_rises_by_15_points_supported_by_fishers_exact_test(
    waves: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    counts = []
    for frame in waves:
        answers = frame.loc[(frame["specialty"] == "Dermatologi") & (frame["understoetter_kvalitet"] != "")]
        counts.append((int(answers["understoetter_kvalitet"].isin(TOP).sum()), len(answers)))
    # 2025: 52 of 73 (the fact sheet). 2026: 80 respondents, none stopped before the question, so base 80,
    # and the top box is round half up of (52/73 + 0.15) x 80 = 68.99 -> 69.
    assert counts == [(52, 73), (69, 80)]
    p = fisher_exact([[k, n - k] for k, n in counts]).pvalue
    assert p < 0.05


def test_forbedringer_ja_rises_by_4_points_nationally(waves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    counts = []
    for frame in waves:
        answers = frame.loc[frame["status"].isin(RESPONDED) & (frame["forbedringer"] != ""), "forbedringer"]
        counts.append((int((answers == "Ja").sum()), len(answers)))
    # 2025: 329 of 686 (docs/demo-data.md). 2026: base 692; round half up of (329/686 + 0.04) x 692 = 359.56 -> 360.
    assert counts == [(329, 686), (360, 692)]


def test_former_respondents_mostly_give_the_same_answer(waves: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    old, new = waves
    both = old.merge(new, on="respondent_id", suffixes=("_2025", "_2026"))
    pairs = both[both["understoetter_kvalitet_2025"].ne("") & both["understoetter_kvalitet_2026"].ne("")]
    same = (pairs["understoetter_kvalitet_2025"] == pairs["understoetter_kvalitet_2026"]).mean()
    assert 0.7 <= same <= 0.9
