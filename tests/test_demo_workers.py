"""The demo's worker processes: forked on Linux, spawned where fork is missing or unsafe, same files either way."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest

from klyngestat import demo


@pytest.mark.parametrize(
    ("platform", "methods", "expected"),
    [
        ("linux", ["fork", "spawn", "forkserver"], "fork"),
        ("win32", ["spawn"], "spawn"),
        ("darwin", ["spawn", "fork", "forkserver"], "spawn"),
    ],
)
def test_workers_fork_only_on_linux(monkeypatch, platform, methods, expected):
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(demo, "get_all_start_methods", lambda: methods)
    assert demo._start_method() == expected


def test_a_spawned_worker_writes_the_pages_a_forked_one_would(tmp_path: Path):
    """A spawned worker shares nothing with this process: it builds the Release and loads the engine itself."""
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    specialty = "Dermatologi"
    paths, row = demo._write_specialty(here, specialty)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        spawned, spawned_row = pool.submit(demo._write_specialty, there, specialty).result()
    assert spawned_row == row
    assert (
        [p.name for p in spawned]
        == [p.name for p in paths]
        == ["dermatologi.html", "dermatologi.pdf", "dermatologi.json"]
    )
    for mine, theirs in zip(paths, spawned, strict=True):
        assert theirs.read_bytes() == mine.read_bytes(), mine.name


def test_without_the_pdf_engine_the_demo_writes_everything_else_and_says_so(tmp_path: Path, monkeypatch):
    """``pip install klyngestat`` has no WeasyPrint: the demo writes the HTML pages, JSON and release, no PDF."""
    import io

    monkeypatch.setattr(demo, "_pdf_missing", lambda: "PDF output needs WeasyPrint: pip install 'klyngestat[pdf]'")
    progress = io.StringIO()
    written = demo.write_demo(tmp_path, progress=progress, workers=1)
    names = {p.name for p in written}
    assert not [n for n in names if n.endswith(".pdf")]
    assert {"index.html", "landsoverblik.html", "dermatologi.html", "dermatologi.json", "release.json"} <= names
    assert len(names) == 75 - 17  # the full demo's 75 files less its 17 PDFs
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in index and 'href="dermatologi.html"' in index
    assert progress.getvalue().splitlines()[0] == (
        "PDFs skipped (PDF output needs WeasyPrint: pip install 'klyngestat[pdf]'); "
        "the HTML pages, JSON and release are written."
    )
