"""Every statistics result keeps one small protocol: a frozen record with to_dict, to_frame and a display.

The results come from the demo survey, one of each class klyngestat.stats
exports; a new result class without an entry in ``_results`` fails the first
test, so none escapes the others.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import pickle
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pytest

import klyngestat as ks
import klyngestat.stats as st
from klyngestat.models._display import UNRELEASED
from klyngestat.stats._result import FrozenMap, Result

NOT_RESULTS = {"ComparisonThresholds", "Result"}  # options (a pydantic model) and the protocol itself


def _exported_classes() -> dict[str, type]:
    return {name: getattr(st, name) for name in st.__all__ if inspect.isclass(getattr(st, name))}


@pytest.fixture(scope="module")
def survey(the_demo_survey: ks.Survey) -> ks.Survey:
    return the_demo_survey


def _factories() -> dict[str, Callable[[ks.Survey], object]]:
    q, derma, plastik = "understoetter_kvalitet", "Dermatologi", "Plastikkirurgi"

    def comparison(s: ks.Survey) -> st.Comparison:
        share = st.group_share(s, "forbedringer", specialty=plastik)
        return st.compare_with_national(share, st.national_average(s, "forbedringer"))

    return {
        "Change": lambda s: st.change_from_counts(10, 20, 15, 22, population_then=30, population_now=32),
        "PairedChange": lambda s: st.paired_change_from_counts(20, 2, 12, 16),
        "WaveChange": lambda s: st.wave_change(dataclasses.replace(s, year=2024), s, q, specialty=derma),
        "ClusterSpread": lambda s: st.cluster_spread(s, "forbedringer", specialty="Anæstesiologi"),
        "ClusterSuppression": lambda s: st.suppress_clusters(s, "forbedringer", specialty="Anæstesiologi"),
        "Comparison": comparison,
        "DifferenceTest": lambda s: st.difference_test(comparison(s)),
        "Distribution": lambda s: st.distribution(s, q, specialty=derma),
        "Heterogeneity": lambda s: st.cluster_heterogeneity(s, q, specialty=plastik, method="exact"),
        "Interval": lambda s: st.proportion_interval(52, 73, method="hypergeometric", population=111),
        "Intervals": lambda s: st.share_intervals(
            list(st.group_shares(s, q, specialty=plastik)), populations=[11, 8], confidence_level=0.9
        ),
        "NationalAverage": lambda s: st.national_average(s, q),
        "ReferenceTest": lambda s: st.versus_reference(52, 73, reference_share=0.657),
        "ResponseRate": lambda s: st.response_rate(s, specialty=derma),
        "ResponseRates": lambda s: st.response_rates(s, by="cluster", specialty=plastik),
        "RestComparison": lambda s: st.specialty_vs_rest(s, "forbedringer", specialty=plastik),
        "Share": lambda s: st.group_share(s, q, specialty=derma),
        "Shares": lambda s: st.group_shares(s, q, specialty=plastik),
        "SpecialtySummary": lambda s: st.specialty_summary(s, plastik, n_resamples=99),
        "SpecialtyUncertainty": lambda s: st.specialty_summary(s, plastik, n_resamples=99).uncertainty,
        "WeightedShare": lambda s: st.weighted_share(s, q, specialty=derma),
        "Weights": lambda s: st.poststratify(s, plastik),
    }


FACTORIES = _factories()
RESULT_NAMES = sorted(FACTORIES)


@pytest.fixture(scope="module")
def results(survey: ks.Survey) -> dict[str, Result]:
    made = {name: make(survey) for name, make in FACTORIES.items()}
    assert all(isinstance(r, Result) for r in made.values())
    return made  # type: ignore[return-value]


def test_every_exported_class_is_a_result_and_has_an_example_here():
    classes = _exported_classes()
    results = {name for name, cls in classes.items() if name not in NOT_RESULTS}
    assert results == set(FACTORIES), "add the new result class to _factories()"
    for name in results:
        cls = classes[name]
        assert issubclass(cls, Result), f"{name} does not derive from klyngestat.stats.Result"
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, f"{name} is not frozen"  # type: ignore[attr-defined]
        for method in ("to_dict", "to_frame", "_repr_html_"):
            assert callable(getattr(cls, method)), (name, method)
        assert cls._caption is not Result._caption, f"{name} has no caption of its own"
    assert ks.Result is st.Result  # the protocol is public at the top too


def _walk_keys(value: object) -> set[str]:
    if isinstance(value, Mapping):
        return {str(k) for k in value} | {k for v in value.values() for k in _walk_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _walk_keys(v)}
    return set()


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_to_dict_is_strict_json_with_one_name_per_concept(results, name):
    data = results[name].to_dict()
    assert isinstance(data, dict)
    json.dumps(data, allow_nan=False)  # JSON has no NaN: missing values are None
    retired = {"n", "rest_n", "confidence", "resamples", "estimate", "adjusted_estimate", "exclude_non_substantive"}
    assert not _walk_keys(data) & retired, _walk_keys(data) & retired


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_to_frame_and_to_dict_agree_in_the_documented_shape(results, name):
    result = results[name]
    data, frame = result.to_dict(), result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    rows = data.get(result.ROWS) if result.ROWS is not None else None
    if result.ROWS is None:  # one row: the frame's columns are the dict's keys
        assert list(frame.columns) == list(data) and len(frame) == 1
        for key, value in data.items():
            cell = frame.loc[0, key]
            if isinstance(value, list):
                assert cell == "; ".join(str(v) for v in value)
            elif value is None:
                assert cell is None or (isinstance(cell, float) and math.isnan(cell))
            else:
                assert cell == value, key
    elif isinstance(rows, list):  # a table: the dict's ROWS are the frame's rows
        assert len(frame) == len(rows) > 0
        for row in rows:
            assert list(row) == list(frame.columns)
        for i, row in enumerate(rows):
            for key, value in row.items():
                cell = frame.iloc[i][key]
                if value is None:
                    assert cell is None or pd.isna(cell), (key, cell)
                else:
                    assert cell == value, (key, cell, value)
    else:  # the summary: one frame row per question of the document, in order
        assert name == "SpecialtySummary" and isinstance(rows, dict)
        assert frame["question"].tolist() == list(rows)
        for (_, row), entry in zip(frame.iterrows(), rows.values(), strict=True):
            assert (row["group"], row["count"], row["base"]) == (entry["group"], entry["count"], entry["base"])
            assert row["share"] == pytest.approx(entry["share"])


@pytest.mark.parametrize("name", sorted(set(RESULT_NAMES) - {"Comparison", "SpecialtySummary"}))
def test_a_dict_key_is_the_attribute_of_that_name(results, name):
    # Comparison flattens its parts (share.share, national.share, thresholds.*) and the summary is a document.
    result = results[name]
    data = result.to_dict()
    top = {k: v for k, v in data.items() if k != result.ROWS}
    for key, value in top.items():
        assert hasattr(result, key), f"{name}.to_dict() has {key!r} but {name} has no attribute {key!r}"
        attribute = getattr(result, key)
        if isinstance(attribute, float) and math.isnan(attribute):
            assert value is None
        elif isinstance(attribute, tuple | frozenset):
            assert sorted(attribute) == sorted(value)
        elif isinstance(attribute, int | float | str | bool) or attribute is None:
            assert attribute == value, key


def test_comparison_flattens_its_parts_under_documented_names(results):
    c = results["Comparison"]
    data = c.to_dict()
    assert (data["share"], data["national_share"]) == (c.share.share, c.national.share)
    assert (data["thresholds_level"], data["thresholds_substantial"], data["thresholds_alpha"]) == (2.0, 10.0, 0.05)
    assert (data["specialty"], data["level"]) == ("Plastikkirurgi", "specialty")


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_every_result_displays_as_unreleased_analysis(results, name):
    html = results[name]._repr_html_()
    assert html.count("<table") == 1 and UNRELEASED in html
    assert repr(results[name]).startswith(name + "(")


def _containers(value: object, path: str) -> list[tuple[str, object]]:
    """Every container reachable from a result's fields, with where it is."""
    found: list[tuple[str, object]] = []
    if isinstance(value, Result):
        for field in dataclasses.fields(value):  # type: ignore[arg-type]
            found += _containers(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, Mapping):
        found.append((path, value))
        for key, item in value.items():
            found += _containers(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple | list | set | frozenset | np.ndarray | pd.DataFrame):
        found.append((path, value))
        if not isinstance(value, np.ndarray | pd.DataFrame):
            for i, item in enumerate(value):
                found += _containers(item, f"{path}[{i}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            found += _containers(getattr(value, field.name), f"{path}.{field.name}")
    return found


@pytest.mark.parametrize("name", RESULT_NAMES)
def test_results_are_immutable_through_and_through(results, name):
    result = results[name]
    field = dataclasses.fields(result)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(result, field, None)
    for where, container in _containers(result, name):
        assert isinstance(container, tuple | frozenset | FrozenMap), f"{where} is a mutable {type(container).__name__}"
        if isinstance(container, FrozenMap):
            key = next(iter(container), "x")
            with pytest.raises(TypeError):
                container[key] = None  # type: ignore[index]
            with pytest.raises(TypeError):
                del container[key]  # type: ignore[attr-defined]
            with pytest.raises(AttributeError):
                container.update({})  # type: ignore[attr-defined]
    assert repr(pickle.loads(pickle.dumps(result))) == repr(result)


def test_the_summary_copies_the_dicts_it_is_made_with(results):
    summary = results["SpecialtySummary"]
    shares = dict(summary.shares)
    again = dataclasses.replace(summary, shares=shares)
    shares.clear()  # the caller's dict changes; the result does not
    assert len(again.shares) == len(summary.shares) > 0
    assert isinstance(again.shares, FrozenMap) and again.shares == summary.shares
    uncertainty = summary.uncertainty
    assert uncertainty is not None
    inner = next(iter(uncertainty.clusters.values()))
    assert isinstance(inner, FrozenMap)  # nested mappings are frozen too


def test_a_frozen_map_equals_a_dict_and_hashes():
    frozen = FrozenMap({"a": 1, "b": (2, 3)})
    assert frozen == {"a": 1, "b": (2, 3)} and dict(frozen) == {"a": 1, "b": (2, 3)}
    assert hash(frozen) == hash(FrozenMap({"b": (2, 3), "a": 1}))
    assert pickle.loads(pickle.dumps(frozen)) == frozen


def test_share_dict_names_its_base_base(results):
    # Issue 16: Share.base became n in its own to_dict.
    share = results["Share"]
    assert (share.to_dict()["count"], share.to_dict()["base"]) == (52, 73)
    assert (share.to_frame().loc[0, "count"], share.to_frame().loc[0, "base"]) == (52, 73)
