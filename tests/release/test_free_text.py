"""The free-text export: no ids, small clusters pooled, a fresh order every call, a formula-safe atomic file."""

from __future__ import annotations

import csv
import errno
import inspect
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import klyngestat as ks
from klyngestat.release import Release, free_text_table, write_free_text

QUESTION = "forbedringer_tekst"


@pytest.fixture(scope="module")
def survey(the_demo_survey: ks.Survey) -> ks.Survey:
    return the_demo_survey


def _answered(survey: ks.Survey, question: str = QUESTION) -> pd.DataFrame:
    frame = survey.frame
    return frame[survey.respondent_mask & frame[question].notna().to_numpy()]


def _read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Danish Excel reads it as UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_export_has_no_ids_and_pools_small_clusters(survey: ks.Survey) -> None:
    table = free_text_table(survey, QUESTION)
    assert list(table.columns) == ["specialty", "cluster", "answer"]
    answered = _answered(survey)
    assert len(table) == len(answered)
    assert sorted(table["answer"]) == sorted(answered[QUESTION])
    sizes = table.groupby(["specialty", "cluster"]).size().reset_index(name="size")
    named = [n for c, n in zip(sizes["cluster"], sizes["size"], strict=True) if c and not c.startswith("Øvrige")]
    assert named and min(named) >= 5
    pooled = [n for c, n in zip(sizes["cluster"], sizes["size"], strict=True) if c.startswith("Øvrige")]
    assert pooled and min(pooled) >= 5, "a pool under min_n has its cluster left blank"


def test_two_calls_give_the_same_answers_in_different_orders(survey: ks.Survey) -> None:
    first = free_text_table(survey, QUESTION)
    second = free_text_table(survey, QUESTION)
    assert len(first) >= 20  # the chance of two equal orders is at most 1/20! (about 4e-19)
    rows = ["specialty", "cluster", "answer"]
    assert sorted(first[rows].itertuples(index=False)) == sorted(second[rows].itertuples(index=False))
    assert first["answer"].tolist() != second["answer"].tolist()
    assert first["answer"].tolist() != _answered(survey)[QUESTION].tolist()


def test_there_is_no_seed_to_reproduce_the_order() -> None:
    assert "seed" not in inspect.signature(free_text_table).parameters


def test_a_closed_question_is_refused(survey: ks.Survey) -> None:
    with pytest.raises(ValueError, match="closed question"):
        free_text_table(survey, "forbedringer")


def test_free_text_never_reaches_the_release_or_the_json(survey: ks.Survey, demo_release: Release) -> None:
    frame = survey.frame
    texts = frame[QUESTION].dropna().tolist() + frame["kommentarer"].dropna().tolist()
    assert texts
    published = json.dumps(demo_release.to_dict(), ensure_ascii=False)  # build_release(the demo survey)
    payload = str(ks.specialty_summary(survey, "Dermatologi", uncertainty=False).to_dict())
    for text in texts:
        assert text not in published and text not in payload


def test_the_file_is_semicolon_separated_and_keeps_line_breaks_in_a_cell(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {"specialty": ["Dermatologi", "Urologi"], "cluster": ["", "Uro – Nord"], "answer": ["To linjer\nher; ja", "Ok"]}
    )
    out = write_free_text(table, tmp_path / "fritekst.csv")
    assert out == tmp_path / "fritekst.csv"
    assert _read(out) == [["specialty", "cluster", "answer"], *table.to_numpy().tolist()]


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://x";"klik")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\ufeff=1", "\u202e=1", "\x00=1"],
)
def test_a_cell_a_spreadsheet_could_run_is_written_neutralised(tmp_path: Path, cell: str) -> None:
    table = pd.DataFrame({"specialty": ["Dermatologi"], "cluster": [""], "answer": [cell]})
    rows = _read(write_free_text(table, tmp_path / "fritekst.csv"))
    assert rows[1][2] == "'" + cell.replace("\x00", "\ufffd")  # a NUL is never written: U+FFFD stands for it


def test_a_table_with_ids_is_refused(tmp_path: Path) -> None:
    table = pd.DataFrame({"respondent_id": ["17"], "specialty": ["Dermatologi"], "cluster": [""], "answer": ["x"]})
    with pytest.raises(ValueError, match="respondent_id"):
        write_free_text(table, tmp_path / "fritekst.csv")
    assert not list(tmp_path.iterdir())


def _table() -> pd.DataFrame:
    return pd.DataFrame({"specialty": ["Dermatologi"], "cluster": [""], "answer": ["tekst"]})


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that a read-only mode stops")
def test_a_read_only_folder_raises_a_clear_error_and_leaves_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "skrivebeskyttet"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(PermissionError, match="could not write the free-text export"):
            write_free_text(_table(), folder / "fritekst.csv")
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o755)


def test_a_refused_folder_raises_a_clear_error_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the operating system answers for a read-only folder, also where the tests run as root.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(PermissionError, match="could not write the free-text export") as caught:
        write_free_text(_table(), tmp_path / "fritekst.csv")
    assert isinstance(caught.value, OSError) and caught.value.filename == str(tmp_path / "fritekst.csv")
    assert not list(tmp_path.iterdir())


def test_a_failure_while_writing_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = write_free_text(_table(), tmp_path / "fritekst.csv")
    before = out.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    bigger = pd.concat([_table()] * 1000, ignore_index=True)
    with pytest.raises(OSError, match="could not write the free-text export"):
        write_free_text(bigger, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["fritekst.csv"]
