"""The analyst's editorial text: the template's editorial part, `template init`, and the fallback warnings."""

import difflib
import json
import tomllib
from pathlib import Path

import pytest

from klyngestat.cli import main
from klyngestat.data import demo_roster_path, demo_survey_path
from klyngestat.present.document import Chart, Editorial, Paragraph
from klyngestat.present.factsheet import build_factsheet
from klyngestat.present.render import to_html, to_markdown
from klyngestat.present.template import SECTION_IDS, FactsheetTemplate, load_template, template_skeleton

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
SEED_FILES = {"Dermatologi": "000_6d46c8b3f1a36e87.txt", "Plastikkirurgi": "002_b983279c6574a438.txt"}
SEED_EDITORIAL = json.loads((Path(__file__).parent / "fixtures" / "seed_editorial.json").read_text(encoding="utf-8"))


def _section(sheet, key):
    (section,) = [s for s in sheet.sections if s.id == key]
    return section


@pytest.mark.parametrize("specialty", sorted(SEED_FILES))
def test_seed_specialties_say_what_their_seeds_say(release, specialty):
    entries = SEED_EDITORIAL["editorial"][specialty]
    seed = SEEDS / SEED_FILES[specialty]
    if seed.is_file():  # the fixture's seed sentences are the published ones, word for word
        published = " ".join(seed.read_text(encoding="utf-8").split())
        for entry in entries:
            assert entry["seed"] in published, entry["seed"]
    sheet = build_factsheet(release, specialty)
    assert sheet.fallbacks == ()
    for entry in entries:
        # the sheet's sentence is the seed's, proof-read: a few words, never a new sentence
        assert difflib.SequenceMatcher(None, entry["seed"], entry["sheet"]).ratio() > 0.9
        section = _section(sheet, entry["section"])
        editorial = [b for b in section.blocks if isinstance(b, Editorial)]
        assert any(entry["sheet"] in " ".join(b.markdown.split()) for b in editorial), entry["sheet"]
        # placed where the seed has it: before the generated sentences, or after them and before the charts
        index = next(
            i for i, b in enumerate(section.blocks) if entry["sheet"] in " ".join(getattr(b, "markdown", "").split())
        )
        generated = [i for i, b in enumerate(section.blocks) if isinstance(b, Paragraph) and b.records]
        charts = [i for i, b in enumerate(section.blocks) if isinstance(b, Chart)]
        if entry["place"] == "before":
            assert all(index < i for i in generated)
        else:
            assert all(index > i for i in generated) and all(index < i for i in charts)


def test_the_small_specialty_paragraph_reaches_every_format(release, tmp_path):
    sheet = build_factsheet(release, "Plastikkirurgi")
    sentence = "plastikkirurgi er et lille speciale"
    assert sentence in to_html(sheet)
    assert sentence in to_markdown(sheet, tmp_path / "figurer")
    assert sentence not in to_html(build_factsheet(release, "Dermatologi"))


def test_a_specialty_without_its_own_text_says_which_generic_text_it_prints(release):
    sheet = build_factsheet(release, "Urologi")
    assert sheet.fallbacks == (
        "Gode råd: skabelonens generelle råd (ingen egne råd for urologi)",
        "Redaktionel tekst: ingen for urologi i 2025",
    )
    assert not any(isinstance(b, Editorial) for s in sheet.sections for b in s.blocks)
    assert "blandt de praktiserende urologer" in sheet.text()
    # a specialty the template does not name at all is called by its name, and the sheet says so
    data = load_template().model_dump()
    data["specialties"].pop("Urologi")
    unnamed = build_factsheet(release, "Urologi", template=FactsheetTemplate.model_validate(data))
    assert "Betegnelse: »speciallæger i urologi« (skabelonen siger ikke, hvad specialets læger kaldes)" in (
        unnamed.fallbacks
    )
    assert "blandt de praktiserende speciallæger i urologi" in unnamed.text()


def test_editorial_text_is_for_its_wave_only(release):
    data = tomllib.loads(template_skeleton(2024, ["Dermatologi"]))
    data["editorial"]["2024"]["Dermatologi"]["fokus"]["after"] = "Teksten fra sidste år."
    template = FactsheetTemplate.model_validate(data)
    sheet = build_factsheet(release, "Dermatologi", template=template)  # the release is wave 2025
    assert "Teksten fra sidste år." not in sheet.text()
    assert "Redaktionel tekst: ingen for dermatologi i 2025" in sheet.fallbacks


def test_editorial_markdown_is_escaped_and_figures_in_it_are_flagged(release):
    data = tomllib.loads(template_skeleton(2025, ["Urologi"]))
    data["specialties"]["Urologi"]["practitioners"] = "urologer"
    data["editorial"]["2025"]["Urologi"]["forbedringer"] = {
        "before": "Et **vigtigt** punkt <script>alert(1)</script>\n\n- første\n- anden",
        "after": "Hele 12 kommentarer nævner det.",
    }
    sheet = build_factsheet(release, "Urologi", template=FactsheetTemplate.model_validate(data))
    page = to_html(sheet)
    assert "Et <strong>vigtigt</strong> punkt &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<ul><li>første</li><li>anden</li></ul>" in page
    assert "<script>alert" not in page
    assert any("(forbedringer.after) indeholder tal" in line for line in sheet.fallbacks)
    assert "blandt de praktiserende urologer" in sheet.text()


def test_template_init_writes_every_specialty_and_section_and_loads_as_the_bundled_one(
    release, the_demo_survey, tmp_path, capsys
):
    out = tmp_path / "tekst.toml"
    assert main(["template", "init", "--out", str(out)]) == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    specialties = the_demo_survey.specialties
    assert sorted(data["editorial"]["2025"]) == sorted(specialties)
    for specialty in specialties:
        assert sorted(data["editorial"]["2025"][specialty]) == sorted(SECTION_IDS)
        assert specialty in data["specialties"]
    skeleton = FactsheetTemplate.model_validate(data)
    bundled = load_template()
    for specialty in ("Dermatologi", "Plastikkirurgi", "Urologi"):
        ours, theirs = build_factsheet(release, specialty, template=skeleton), build_factsheet(release, specialty)
        assert ours.text() == theirs.text() and ours.sections == theirs.sections
    assert skeleton.advice == bundled.advice and skeleton.background == bundled.background
    # it never overwrites by accident
    assert main(["template", "init", "--out", str(out)]) == 1
    assert "exists" in capsys.readouterr().err


def test_factsheet_command_warns_of_each_fallback(tmp_path, capsys, one_build_per_release):
    # The two commands read the same files with the same options: they share one Release (tests/conftest.py), as
    # the CLI's tests do. Building is deterministic (tests/release checks it); this test is of the warnings.
    data = demo_survey_path()
    code = main(
        ["factsheet", str(data), "--roster", str(demo_roster_path()), "--year", "2025", "--specialty", "Urologi",
         "--out", str(tmp_path / "urologi.html")]
    )  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "klyngestat: advarsel: Urologi: Gode råd: skabelonens generelle råd" in err
    assert "Redaktionel tekst: ingen for urologi i 2025" in err
    code = main(
        ["factsheet", str(data), "--roster", str(demo_roster_path()), "--year", "2025", "--specialty",
         "Plastikkirurgi", "--out", str(tmp_path / "plastik.html")]
    )  # fmt: skip
    assert code == 0 and "advarsel" not in capsys.readouterr().err


def test_a_template_with_an_unknown_section_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('date_line = "Marts 2026"\n[editorial.2025.Dermatologi.konklusion]\nbefore = "x"\n', "utf-8")
    with pytest.raises(ValueError, match="konklusion") as info:
        load_template(bad)
    assert str(bad) in str(info.value)
