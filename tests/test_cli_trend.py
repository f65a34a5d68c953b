"""``klyngestat trend``: waves named one by one or as a folder, the JSON it writes, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from klyngestat.cli import main
from tests.release.test_trend import NOW, THEN


def _write(rows, path: Path) -> Path:
    frame = pd.DataFrame(rows, columns=["respondent_id", "specialty", "cluster", "understoetter_kvalitet"])
    frame.insert(3, "status", ["completed" if pd.notna(a) else "not_answered" for a in frame["understoetter_kvalitet"]])
    frame.to_csv(path, index=False)
    return path


MAPPING = 'from = 2025\nto = 2026\n[clusters.A]\n"a23" = ["a2", "a3"]\n[clusters.B]\n"ny" = ["b1"]\n'


def test_trend_writes_the_change_records_of_two_waves(tmp_path: Path, capsys):
    then, now = _write(THEN, tmp_path / "svar_2025.csv"), _write(NOW, tmp_path / "svar_2026.csv")
    (tmp_path / "waves.toml").write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "trend.json"
    args = ["--wave-mapping", str(tmp_path / "waves.toml"), "--min-n", "3", "--out", str(out)]
    assert main(["trend", "--wave", f"2025={then}", "--wave", f"2026={now}", *args]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["trend_schema_version"] == 1
    assert [w["wave"] for w in data["waves"]] == ["2025", "2026"]
    record = next(
        r for r in data["records"] if r["id"] == "2025-2026/A/understoetter_kvalitet/change:top_box/cluster/a23"
    )
    assert (record["detail"]["then"]["count"], record["detail"]["then"]["base"]) == (4, 8)  # a2 + a3, counted by hand
    assert record["inputs"][-1] == "2026/A/understoetter_kvalitet/top_box/cluster/a23"
    # the same from the folder (the mapping found by its name) and printed instead of written
    assert main(["trend", "--waves", str(tmp_path), "--min-n", "3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["records"] == data["records"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "name the waves either with --wave YEAR=FILE (at least two) or with --waves FOLDER"),
        (["--wave", "2025=a.csv", "--waves", "."], "name the waves either with --wave"),
        (["--wave", "2025=a.csv"], "wave 2025 (a.csv):"),
    ],
)
def test_trend_usage_errors_are_one_message(arguments, message, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["trend", *arguments]) == 1
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error


def test_every_waves_problems_come_together_and_nothing_is_written(tmp_path: Path, capsys):
    bad = _write([*THEN[:-1], ("32", "C", "c2", "Lidt")], tmp_path / "a.csv")
    worse = _write([*NOW[:-1], ("32", "C", "c2", "Meget")], tmp_path / "b.csv")
    out = tmp_path / "trend.json"
    assert main(["trend", "--wave", f"2025={bad}", "--wave", f"2026={worse}", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert f"wave 2025 ({bad})" in error and "'Lidt'" in error
    assert f"wave 2026 ({worse})" in error and "'Meget'" in error
    assert not out.exists()


def test_a_bad_year_file_pair_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["trend", "--wave", "25=a.csv"])
    assert exit_.value.code == 2
    assert "expected YEAR=FILE, e.g. 2025=svar2025.csv" in capsys.readouterr().err


def test_factsheet_of_the_latest_wave_with_what_changed(tmp_path: Path, capsys):
    then, now = _write(THEN, tmp_path / "svar_2025.csv"), _write(NOW, tmp_path / "svar_2026.csv")
    (tmp_path / "waves.toml").write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "a.html"
    waves = ["--wave", f"2025={then}", "--wave", f"2026={now}", "--wave-mapping", str(tmp_path / "waves.toml")]
    assert main(["factsheet", *waves, "--specialty", "A", "--min-n", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out), str(tmp_path / "a.release.json"), str(tmp_path / "a.trend.json")]
    page = out.read_text(encoding="utf-8")
    assert "Udvikling siden 2025" in page and "september 2026" in page
    # A: 7 of 13 (54 pct.) in 2025, 8 of 13 (62 pct.) in 2026, by hand in tests/release/test_trend.py
    assert "54\xa0pct. i 2025 og 62\xa0pct. i 2026" in page
    # one response file and the waves at once is refused, naming what does not belong
    assert main(["factsheet", str(then), *waves, "--specialty", "A", "--roster", str(then)]) == 1
    assert "FILE, --roster: for one response file" in capsys.readouterr().err
