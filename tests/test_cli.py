import json
import re

import pytest

from klyngestat.cli import main
from klyngestat.data import demo_roster_path, demo_survey_path
from tests.conftest import tiny_frame

SURVEY, ROSTER = str(demo_survey_path()), str(demo_roster_path())

# Commands on the same files with the same options share one Release (tests/conftest.py): these tests are of the
# commands, and building is deterministic.
pytestmark = pytest.mark.usefixtures("one_build_per_release")


def test_validate_exits_1_and_lists_every_problem(tmp_path, capsys):
    frame = tiny_frame()
    frame.loc[0, "understoetter_kvalitet"] = "Meget"
    frame.loc[1, "status"] = "done"
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("2 error(s)")
    assert f"error: {path}, row 2, column 'understoetter_kvalitet'" in out
    assert f"error: {path}, row 3, column 'status': unknown status (value 'done'" in out


def test_validate_demo_is_clean_and_json_is_machine_readable(capsys):
    assert main(["validate", SURVEY, "--roster", ROSTER, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["errors"], report["warnings"]) == (True, 0, 0)
    assert {p["code"] for p in report["problems"]} == {"invited_differs_from_members"}


def test_stats_for_every_specialty(capsys):
    assert main(["stats", SURVEY, "--roster", ROSTER, "--year", "2025"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 2 and data["year"] == 2025
    assert data["provenance"]["options"]["min_n"] == 5 and len(data["provenance"]["data_sha256"]) == 64
    assert {"Dermatologi", "Plastikkirurgi"} <= {s["specialty"] for s in data["specialties"]}
    assert sum(s["invited"] for s in data["specialties"]) == 1092


def test_the_national_interval_says_its_correction_population_and_level(capsys):
    assert main(["stats", SURVEY, "--roster", ROSTER, "--specialty", "Dermatologi", "--year", "2025"]) == 0
    national = json.loads(capsys.readouterr().out)["national"]["understoetter_kvalitet"]
    assert (national["count"], national["n"]) == (454, 691)  # the seeds' 65,7 pct.
    interval = national["interval"]
    # Wilson with the correction over the nation's population: everyone invited, 1,092 (docs/demo-data.md)
    assert (interval["method"], interval["fpc"], interval["population"], interval["confidence"]) == (
        "wilson",
        True,
        1092,
        0.95,
    )
    assert interval["low"] < 454 / 691 < interval["high"]


def test_stats_exclude_ved_ikke_changes_the_base(capsys):
    assert main(["stats", SURVEY, "--specialty", "Dermatologi", "--exclude-ved-ikke"]) == 0
    data = json.loads(capsys.readouterr().out)
    q = data["questions"]["understoetter_kvalitet"]
    # one of the 73 answered "Ved ikke" (docs/demo-data.md)
    assert (q["count"], q["n"]) == (52, 72)
    assert data["options"]["ved_ikke"] == "exclude"


def test_stats_with_a_published_reference(tmp_path, capsys):
    ref = tmp_path / "landstal.csv"
    ref.write_text("question;group;share;n\nforbedringer;top_box;0,48;686\n", encoding="utf-8")
    assert main(["stats", SURVEY, "--specialty", "Plastikkirurgi", "--reference", str(ref)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["national"] == {
        "forbedringer": {
            "id": "bølge/Hele landet/forbedringer/national:top_box/nation",
            "share": 0.48,
            "question": "forbedringer",
            "group": "top_box",
            "method": "reference",
            "count": None,
            "n_specialties": None,
            "source": None,
            "n": 686,
        }
    }
    comparison = data["comparison"]["forbedringer"]
    # 4 of 14 against 48 pct.: 19 points under, but an exact binomial test does not support it
    from scipy.stats import binomtest

    assert comparison["test"]["pvalue"] == pytest.approx(binomtest(4, 14, 0.48).pvalue, abs=1e-12)
    assert comparison["test"]["pvalue"] > 0.05
    assert (comparison["size_wording"], comparison["wording"]) == ("væsentligt under", "på niveau med")


def test_stats_mean_of_specialties_is_named(capsys):
    assert main(["stats", SURVEY, "--specialty", "Dermatologi", "--national-method", "mean_of_specialties"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["national"]["understoetter_kvalitet"]["method"] == "mean_of_specialties"
    assert data["national"]["understoetter_kvalitet"]["n_specialties"] == 16


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stats", SURVEY, "--specialty", "Kardiologi"], "no specialty 'Kardiologi'"),
        (["stats", SURVEY, "--national-method", "reference"], "needs published national figures"),
        (["stats", "missing.csv"], "file not found"),
    ],
)
def test_bad_input_is_a_message_and_exit_1_not_a_traceback(argv, message, capsys):
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_factsheet_writes_the_requested_format(tmp_path, capsys):
    out = tmp_path / "plastik.html"
    assert main(["factsheet", SURVEY, "--roster", ROSTER, "--specialty", "Plastikkirurgi", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "svarprocent på 70\xa0pct." in page and page.count("<svg") == 6  # number and unit never split
    beside = json.loads((tmp_path / "plastik.release.json").read_text(encoding="utf-8"))
    ids = {r["id"] for r in beside["records"]}
    assert "bølge/Plastikkirurgi/svar/response_rate/specialty" in ids
    assert 'data-records="bølge/Plastikkirurgi/svar/response_rate/specialty"' in page
    assert beside["provenance"]["data_sha256"][:12] in page


def test_demo_writes_every_fact_sheet_and_an_index(tmp_path, capsys):
    from klyngestat import demo

    # as in a fresh process: the Release is built here, then the workers are forked and inherit it
    demo._demo.cache_clear()
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "[########################] 16/16" in captured.err
    # per specialty HTML, PDF and JSON; the overview's HTML and PDF; data, roster, release (JSON, CSV and the
    # CSV's provenance), index; the 2026 wave's 16 sheets and overview (HTML), its release and the trend (JSON);
    # nothing else is left in the folder
    assert f"Wrote 75 files to {out.resolve()}" in captured.out
    assert sorted(p.name for p in out.iterdir()) == sorted(
        line.strip().rsplit("/", 1)[1] for line in captured.out.splitlines()[1:]
    )
    assert (out / "release.json").is_file() and (out / "release.csv").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "74 af 110" in index and "67,3 pct." in index
    for name in ("dermatologi", "plastikkirurgi", "urologi", "boerne-og-ungdomspsykiatri", "landsoverblik"):
        assert f'href="{name}.html"' in index and f'href="{name}.pdf"' in index
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF-")
    assert index.count('.pdf">') == 17
    # the sheets that print generic text say so in the index; the seed specialties print their own
    rows = dict(re.findall(r"<tr><td>([^<]+)</td>(.*?)</tr>", index))
    assert "Redaktionel tekst: ingen for urologi i 2025" in rows["Urologi"]
    assert "egen tekst" in rows["Dermatologi"] and "egen tekst" in rows["Plastikkirurgi"]
    derma = (out / "dermatologi.html").read_text(encoding="utf-8")
    assert "fra 58 til 88\xa0pct." in derma and derma.count("<svg") == 6
    assert json.loads((out / "plastikkirurgi.json").read_text(encoding="utf-8"))["respondents"] == 14
    # the second wave: Dermatologi's top box 52 of 73 (71,2 -> 71 pct.) in 2025, 69 of 80 (86,25 -> 86) in 2026
    derma_2026 = (out / "2026-dermatologi.html").read_text(encoding="utf-8")
    assert "Udvikling siden 2025" in derma_2026
    assert "er steget fra 71\xa0pct. i 2025 til 86\xa0pct. i 2026" in derma_2026
    assert index.count('href="2026-') == 18 and (out / "2026-udvikling.json").is_file()  # 16 sheets, overview, trend


def test_demo_whose_audit_fails_writes_nothing(tmp_path, monkeypatch, capsys):
    from klyngestat.release import DisclosureError, Release

    def pinned(self: Release) -> None:
        raise DisclosureError("the audit pins 1 hidden cell")

    monkeypatch.setattr(Release, "check", pinned)
    out = tmp_path / "demo"
    out.mkdir()
    (out / "mine.txt").write_text("the analyst's own file", encoding="utf-8")
    assert main(["demo", "--out", str(out)]) == 1
    assert "the audit pins 1 hidden cell" in capsys.readouterr().err
    # the pages drawn while the audit ran never reach the folder, and nothing is left behind
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def _factsheet_to(out, capsys):
    code = main(
        ["factsheet", str(demo_survey_path()), "--roster", str(demo_roster_path()), "--year", "2025",
         "--specialty", "Plastikkirurgi", "--out", str(out)]
    )  # fmt: skip
    return code, capsys.readouterr().err


def test_file_system_faults_end_in_one_line_and_leave_no_temporary_file(tmp_path, capsys):
    folder = tmp_path / "ark.html"
    folder.mkdir()  # the output is a folder
    code, err = _factsheet_to(folder, capsys)
    assert code == 1 and f"klyngestat: error: {folder}: Is a directory" in err and "Traceback" not in err
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")  # a file where a folder should be
    code, err = _factsheet_to(blocker / "ark.html", capsys)
    assert code == 1 and f"klyngestat: error: {blocker}: a file stands where a folder is needed" in err
    code, err = _factsheet_to(tmp_path / ("x" * 300 + ".html"), capsys)  # a name too long
    assert code == 1 and "File name too long" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ark.html", "fil"]  # nothing half-written beside them


def test_a_full_disk_keeps_the_old_file_whole(tmp_path, monkeypatch, capsys):
    import errno

    import klyngestat.models._files

    out = tmp_path / "plastik.html"
    out.write_text("the sheet from yesterday", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(klyngestat.models._files.os, "fsync", full)
    code, err = _factsheet_to(out, capsys)
    assert code == 1 and f"klyngestat: error: {out}: No space left on device" in err
    assert out.read_text(encoding="utf-8") == "the sheet from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["plastik.html"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    import subprocess
    import sys

    command = (
        f"{sys.executable} -m klyngestat.cli stats {demo_survey_path()} --roster {demo_roster_path()} --year 2025 "
        "| head -c 20"
    )
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout == '{\n  "schema_version"'
    assert result.stderr == ""


def test_writing_to_a_device_or_a_pipe_writes_into_it(tmp_path, capsys):
    import os
    import threading

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _ = _factsheet_to(fifo, capsys)
    reader.join(timeout=60)
    assert code == 0 and received and received[0].startswith(b"<!DOCTYPE html>")
    assert fifo.is_fifo()  # still the pipe: a rename would have put a file in its place (as with /dev/null)


def test_a_read_only_folder_is_one_line(tmp_path, monkeypatch, capsys):
    # As root every folder is writable, so the refusal a read-only folder gives is simulated where it happens:
    # creating the temporary file beside the target.
    import errno

    import klyngestat.models._files

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(klyngestat.models._files.tempfile, "NamedTemporaryFile", refused)
    code, err = _factsheet_to(tmp_path / "plastik.html", capsys)
    assert code == 1 and f"klyngestat: error: {tmp_path / 'plastik.html'}: Permission denied" in err
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []


def test_a_bad_option_is_one_line_naming_its_flag(capsys):
    assert main(["stats", SURVEY, "--min-n", "0"]) == 1
    assert capsys.readouterr().err == "klyngestat: error: --min-n 0: input should be greater than or equal to 1\n"
    assert main(["stats", SURVEY, "--specialty", "Dermatologi", "--national-method", "reference"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--reference FILE" in err and "pydantic" not in err


def test_an_option_a_command_would_ignore_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:  # a release holds every specialty
        main(["release", SURVEY, "--specialty", "Dermatologi", "--out", str(tmp_path / "r.json")])
    assert stop.value.code == 2 and "unrecognized arguments: --specialty Dermatologi" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
    mapping = str(demo_survey_path().with_name("surveyxact_mapping_example.toml"))
    assert main(["stats", SURVEY, "--mapping", mapping, "--status", "ja=completed"]) == 1
    assert "--status names spellings of a canonical file's status column" in capsys.readouterr().err
