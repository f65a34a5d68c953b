"""The helpers that make a Release with less work: each gives what the plainer way gave, exactly."""

from __future__ import annotations

import dataclasses
import random
from concurrent.futures import Executor, Future
from fractions import Fraction
from typing import Any

import pytest

from klyngestat.models.questionnaire import load_questionnaire
from klyngestat.release._builder import Builder, replace_record
from klyngestat.release._derived import extreme_shares
from klyngestat.release._question_records import question_records, response_records, share_columns
from klyngestat.release.options import ReleaseOptions
from klyngestat.release.records import ReadOnlyDict, Record


def _record(cluster: str, count: int, base: int) -> Record:
    return Record(cluster, "group", "q", "top_box", "", "cluster", "S", cluster, "shown", "", count, base)


def test_extreme_shares_are_the_lowest_and_highest_exact_shares_first_of_equals():
    # 2/7 = 0.286, 1/3 = 3/9 = 0.333, 5/6 = 10/12 = 0.833: the lowest is a, the highest the first of d and e
    records = [_record("b", 1, 3), _record("a", 2, 7), _record("c", 3, 9), _record("d", 5, 6), _record("e", 10, 12)]
    low, high = extreme_shares(records)
    assert (low.cluster, high.cluster) == ("a", "d")
    # 1/3 against 333333/1000000: 1 * 1000000 > 333333 * 3, so 333333/1000000 is the lower, by 1/3000000
    low, high = extreme_shares([_record("third", 1, 3), _record("decimal", 333_333, 1_000_000)])
    assert (low.cluster, high.cluster) == ("decimal", "third")
    assert extreme_shares([]) == (None, None)


def test_extreme_shares_agree_with_min_and_max_by_fraction_on_many_tables():
    # the oracle: Python's min and max keyed by the exact fraction, which give the first of equals
    rng = random.Random(7)
    for _ in range(300):
        records = [_record(str(i), rng.randint(0, b), b) for i, b in enumerate(rng.choices(range(1, 13), k=8))]
        records = records[: rng.randint(1, 8)]
        low, high = extreme_shares(records)
        assert low is min(records, key=lambda r: Fraction(r.count, r.base))
        assert high is max(records, key=lambda r: Fraction(r.count, r.base))


def test_share_columns_count_a_group_of_the_base_the_options_choose():
    scale = load_questionnaire().scale_of("understoetter_kvalitet")
    # options: I meget høj grad, I høj grad, I nogen grad, I mindre grad, Slet ikke, Ved ikke (then the blank, 6)
    included = share_columns(scale, "include")
    assert included.base == (0, 1, 2, 3, 4, 5)
    assert included.groups == {
        "top_box": ("i høj eller meget høj grad", (0, 1)),
        "nogen_grad": ("i nogen grad", (2,)),
        "bottom_box": ("i mindre grad eller slet ikke", (3, 4)),
    }
    assert share_columns(scale, "exclude").base == (0, 1, 2, 3, 4)  # "Ved ikke" (5) out of the base


def test_replace_record_gives_what_dataclasses_replace_gives():
    record = Record(
        "id", "group", "q", "top_box", "l", "specialty", "S", None, "shown", "", 3, 8, 0.375, detail={"a": [1, 2]}
    )
    changes: dict[str, Any] = {"low": 0.1, "high": 0.7, "method": "wilson", "detail": {"a": [1, 2], "b": {"c": 1}}}
    made = replace_record(record, **changes)
    assert made == dataclasses.replace(record, **changes)
    assert made.detail == {"a": (1, 2), "b": {"c": 1}} and isinstance(made.detail["b"], ReadOnlyDict)
    assert replace_record(record).detail is record.detail  # a read-only detail is kept, not copied
    with pytest.raises(TypeError):
        replace_record(record, colour="red")


def test_a_record_makes_its_detail_read_only_however_it_is_given():
    given = {"x": 1, "y": None, "z": "t"}
    record = Record("id", "blank", "q", "blank", "l", "nation", None, None, "shown", "", detail=given)
    assert type(record.detail) is ReadOnlyDict and record.detail == given and record.detail is not given
    given["x"] = 2  # the caller's dict stays the caller's
    assert record.detail["x"] == 1
    nested = Record("id", "blank", "q", "blank", "l", "nation", None, None, "shown", "", detail={"a": [{"b": [1]}]})
    assert nested.detail == {"a": ({"b": (1,)},)} and type(nested.detail["a"][0]) is ReadOnlyDict
    assert Record("i", "blank", None, "blank", "", "nation", None, None, "shown", "", inputs=["a"]).inputs == ("a",)


class _Counting(Executor):
    """Runs each test at once and counts them."""

    def __init__(self) -> None:
        self.tables: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.tables.append((tuple(args[4]), tuple(args[5])))
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_a_table_tested_once_serves_every_question_with_the_same_table(the_demo_survey):
    tests = _Counting()
    b = Builder(the_demo_survey, ReleaseOptions(n_resamples=99), tests)
    response_records(b)
    for question in the_demo_survey.closed_questions:
        question_records(b, question)
    assert len(tests.tables) == len(set(tests.tables))  # each table drawn once
    # every started test has its future, and the demo has tables alike (so some share one); each future is its table's
    futures = {id(f): table for table, f in b.tests_by_table.items()}
    assert len(b.pending) > len(futures) and all(id(f) in futures for f, _ in b.pending.values())
    for future, _ in b.pending.values():
        h = future.result()
        assert (h.counts, h.bases) == futures[id(future)]
