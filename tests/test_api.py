"""One calling convention across the public API: the data positional, everything else by keyword, one name a concept.

Issue 16: ``group_share(survey, question, group, specialty)`` beside
``cluster_spread(survey, question, specialty, group)`` let
``group_share(s, q, "Dermatologi")`` take the specialty for a group. Now a
domain, a group or an option is always a keyword, and passing one by position
is a TypeError.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Callable

import pytest

import klyngestat as ks
import klyngestat.io as kio
import klyngestat.stats as st
from klyngestat.release import ReleaseOptions

# The positional arguments a public function may take: its data, and for a whole specialty's result the specialty.
DATA = {
    "survey",
    "question",
    "path",
    "mapping",
    "frame",
    "responses",
    "release",
    "releases",
    "sheet",
    "share",
    "shares",
    "national",
    "comparison",
    "count",
    "base",
    "pvalues",
    "value",
    "waves",
    "surveys",
    "then",
    "now",
}
WHOLE_SPECIALTY = {"specialty_summary", "poststratify", "build_factsheet"}
OPTIONAL_PATH = {"load_questionnaire"}  # the bundled questionnaire without a path
# Functions whose data are more than two values, all of them data: two waves and a question, or a table's counts.
SEVERAL_DATA = {
    "wave_change": ["then", "now", "question"],
    "change_from_counts": ["count_then", "base_then", "count_now", "base_now"],
    "paired_change_from_counts": ["both", "then_only", "now_only", "neither"],
}  # the bundled questionnaire without a path

# Retired spellings of a concept and the one name each concept has now (docs/vocabulary.md).
RETIRED = {
    "confidence": "confidence_level",
    "resamples": "n_resamples",
    "exclude_non_substantive": "ved_ikke",
    "n": "base",
    "rest_n": "rest_base",
    "estimate": "share",
    "level": "by (a level of domains) or strata (of the weights)",
}


def _public_functions() -> dict[str, Callable[..., object]]:
    found: dict[str, Callable[..., object]] = {}
    for module in (ks, st, kio):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found[name] = value
    return found


FUNCTIONS = _public_functions()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_only_the_data_is_positional(name):
    parameters = inspect.signature(FUNCTIONS[name]).parameters.values()
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if name in SEVERAL_DATA:
        assert [p.name for p in positional] == SEVERAL_DATA[name], name
        assert all(p.default is p.empty for p in positional), name
        return
    assert len(positional) <= 2, f"{name}: {[p.name for p in positional]} (options are keyword-only)"
    for p in positional:
        allowed = DATA | ({"specialty"} if name in WHOLE_SPECIALTY else set())
        assert p.name in allowed, f"{name}: {p.name!r} is positional; make it keyword-only (after *)"
        if name not in OPTIONAL_PATH:
            assert p.default is p.empty, f"{name}: {p.name!r} has a default, so it is an option: keyword-only"
    if any(p.name == "question" for p in parameters):
        assert [p.name for p in positional] == ["survey", "question"], name


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_no_public_function_uses_a_retired_name(name):
    retired = set(inspect.signature(FUNCTIONS[name]).parameters) & set(RETIRED)
    assert not retired, {r: RETIRED[r] for r in retired}


def test_release_options_use_the_same_names_as_the_functions():
    fields = set(ReleaseOptions.model_fields)
    assert {"confidence_level", "n_resamples", "fpc_population", "ved_ikke", "min_n"} <= fields
    assert not fields & set(RETIRED)


def test_release_options_keep_the_release_files_names_and_read_them_back():
    options = ReleaseOptions(confidence_level=0.9, n_resamples=99, fpc_population="none")
    written = options.describe()
    assert (written["confidence"], written["resamples"], written["population"]) == (0.9, 99, "none")
    written.pop("reference_figures")
    assert ReleaseOptions.model_validate(written) == options


def test_the_issues_example_is_a_type_error_not_a_wrong_group(the_demo_survey):
    survey = the_demo_survey
    with pytest.raises(TypeError, match="positional"):
        ks.group_share(survey, "understoetter_kvalitet", "Dermatologi")  # type: ignore[misc]
    with pytest.raises(TypeError, match="positional"):
        ks.cluster_spread(survey, "understoetter_kvalitet", "Dermatologi")  # type: ignore[misc]
    share = ks.group_share(survey, "understoetter_kvalitet", specialty="Dermatologi")
    spread = ks.cluster_spread(survey, "understoetter_kvalitet", specialty="Dermatologi")
    assert (share.count, share.base) == (52, 73)  # the seed's 71 pct.: 52 of 73
    assert (spread.min_share, spread.max_share) == (7 / 12, 7 / 8)  # "fra 58 til 88 pct."


def test_siblings_order_their_keywords_alike():
    # group, then the domain, then the options: the same order wherever they occur.
    order = ["group", "by", "specialty", "cluster", "min_n", "ved_ikke"]
    for name in ("group_share", "group_shares", "national_average", "share_table", "distribution", "distributions"):
        names = [n for n in inspect.signature(FUNCTIONS[name]).parameters if n in order]
        assert names == sorted(names, key=order.index), name
    for name in ("cluster_spread", "specialty_vs_rest", "cluster_heterogeneity", "weighted_share", "suppress_clusters"):
        keyword_only = [
            p.name for p in inspect.signature(FUNCTIONS[name]).parameters.values() if p.kind == p.KEYWORD_ONLY
        ]
        assert keyword_only[0] == "specialty", name


def test_the_fact_sheet_and_the_release_are_in_the_top_level_api():
    for name in (
        "build_factsheet",
        "write_factsheet",
        "Factsheet",
        "build_overview",
        "overview_html",
        "Overview",
        "build_release",
        "Release",
        "ReleaseOptions",
        "Record",
        "load_release",
    ):
        assert name in ks.__all__, name
        assert getattr(ks, name) is not None


def test_importing_klyngestat_loads_neither_statistics_nor_presentation():
    code = (
        "import sys, klyngestat; "
        "print(sorted(m for m in sys.modules if m.startswith(('klyngestat.present', 'klyngestat.stats', "
        "'klyngestat.release'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.strip() == "[]"


def test_a_fact_sheet_from_the_top_level_api(demo_release, tmp_path):
    release = demo_release  # ks.build_release(ks.demo_survey()), built once
    sheet = ks.build_factsheet(release, "Plastikkirurgi")
    assert isinstance(sheet, ks.Factsheet) and sheet.specialty == "Plastikkirurgi"
    written = ks.write_factsheet(sheet, tmp_path / "plastik.html", fmt="html")
    assert written == [tmp_path / "plastik.html"] and "Plastikkirurgi" in written[0].read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="positional"):
        ks.write_factsheet(sheet, tmp_path / "x.html", "html")  # type: ignore[misc]
