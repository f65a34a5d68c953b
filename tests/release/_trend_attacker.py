"""An attacker of two waves' publications, independent of klyngestat's audit: integer programming over linked people.

The attacker is a colleague: it knows every respondent's place in each wave (specialty and cluster, or absent
because they did not answer that year) and who left the question blank (blanks are not protected,
docs/release.md), as colleagues may, but none of the answers. It holds every record klyngestat publishes for
the two waves (both releases' ``to_dict()`` and the trend's ``to_dict()``, under one or both "Ved ikke"
options) and reads them as linear equations over integer unknowns

    x[s, a, b] = how many people of stratum s answered a in the earlier wave and b in the later one,

where a stratum is the set of people with the same places (and blanks) in both waves (``("A", "a1") -> ("A",
"a2")``, ``None -> ("B", "b1")`` for a newcomer, ``("A", "a1") -> None`` for a leaver) and an answer is a
category label of the question's scale. Each published count or base of a unit (categories, blanks, groups,
respondents; the change records' two waves) is a sum of these unknowns. The trend's first version also
published paired (McNemar) records, which the trend no longer does; a trend that has them (the tests add the
first version's by hand) is read too: each cell is a sum over the people linked in the question's base in both
waves, placed by their later specialty, and a hidden paired record whose two cross-sectional figures are shown
tells an attacker who knows that version's rule (at least ``min_n`` linked, newcomers and leavers each none or
at least ``min_n``) that its linked count is one the rule hides: a choice among intervals, written with binary
unknowns. Derived records of a release (spreads, tests, weighted shares) are not read:
tests/release/test_attack.py checks them wave by wave.

A target is a count that must stay open:

- a **hidden cell**: a category's or group's count in a unit (cluster, specialty) whose record of the question is
  hidden, in either wave; ``small`` when the unit has fewer than ``min_n`` answers on the scale (the units the
  threshold protects; the others are hidden to protect them);
- a **small group**: a category's or group's count among fewer than ``min_n`` people a colleague can name: the
  newcomers (leavers) of a cluster, a specialty or the nation (respondents of one wave who did not answer the
  other, or answered it in another specialty), and the people of one stratum (those who moved together, or
  stayed together).

Each target's range is bounded by ``scipy.optimize.milp`` (HiGHS), first with the whole publication and, when
pinned, again with the two releases alone. A pin is a **leak** when it is a small unit's or small group's count
and it is pinned only with the trend, or (a hidden cell) by the releases alone, unless published figures each
state it for everyone of a group: a shown count of 0 or of everyone in a unit, a paired cell or margin at 0 or
at all the linked people, or the newcomers' (leavers') count at 0 or at all of them, as docs/release.md allows
("a fact that a shown figure of a larger unit states for everyone is no disclosure"). The truth is counted
from the people's answers as the caller wrote them, never from klyngestat's output, and every equation is
checked against it before any bound is sought.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

BLANK = "<blank>"
NATION = "Hele landet"

Place = tuple[str, str] | None
"""A respondent's (specialty, cluster) in one wave, or None: not a respondent that year."""
Key = tuple[Place, Place, bool, bool]
"""A stratum: the places in the two waves, and whether the question was left blank in each."""
Record = Mapping[str, Any]


@dataclass(frozen=True)
class Person:
    """One person as the attacker knows them (their places), with the answers only the caller knows."""

    id: str
    then: Place
    now: Place
    answer_then: str | None = None
    """A category label, ``BLANK``, or None when absent from the earlier wave."""
    answer_now: str | None = None


@dataclass(frozen=True)
class Scale:
    """A question's scale as its release publishes it (``questions`` of ``Release.to_dict()``)."""

    labels: tuple[str, ...]
    substantive: frozenset[str]
    groups: Mapping[str, frozenset[str]]

    @classmethod
    def from_release(cls, release: Record, question: str) -> Scale:
        """The scale of ``question`` in a release's JSON form."""
        meta = release["questions"][question]
        labels = tuple(c["label"] for c in meta["categories"])
        substantive = frozenset(c["label"] for c in meta["categories"] if c["substantive"])
        groups = {name: frozenset(g["categories"]) for name, g in meta["groups"].items()}
        return cls(labels, substantive, groups)

    def columns(self) -> list[tuple[str, frozenset[str]]]:
        """Every protected column, named as records name them: each category, then each group (not blanks)."""
        return [(f"category:{label}", frozenset({label})) for label in self.labels] + [
            (name, labels) for name, labels in self.groups.items()
        ]


def _place(key: Key, w: int) -> Place:
    """A stratum's place in wave ``w`` (0: the earlier, 1: the later)."""
    return key[0] if w == 0 else key[1]


def _in(labels: frozenset[str]) -> Callable[[str | None], bool]:
    """A predicate on an answer: is it one of ``labels``?"""
    return lambda answer: answer in labels


def in_base(answer: str | None, scale: Scale, ved_ikke: str) -> bool:
    """Whether an answer is in a question's base ("Ved ikke" in it or not; blanks and absence never)."""
    if answer is None or answer == BLANK:
        return False
    return ved_ikke == "include" or answer in scale.substantive


@dataclass(frozen=True)
class Target:
    """A count that must stay open: whose, in which wave and column, and its true value."""

    kind: str
    """``hidden cell`` or ``small group``."""
    wave: int
    who: str
    column: str
    value: int
    size: int
    """Respondents of the unit (hidden cell) or people in the set (small group)."""
    small: bool
    """A unit with fewer than min_n answers on the scale, or any small group."""
    vector: np.ndarray = field(repr=False, compare=False)
    population: np.ndarray = field(repr=False, compare=False)
    """The cells of every answer (not blanks) of the unit's or set's people in the target's wave."""


@dataclass(frozen=True)
class Pin:
    """A target that the publication determines, and whether the releases alone already did."""

    target: Target
    by_releases_alone: bool
    stated_for_everyone: bool = False
    """Published figures, each about everyone of a group, state its value (every cell it counts, or every other
    cell of its people, said empty)."""

    @property
    def leak(self) -> bool:
        """A pin that counts: a small unit's or small group's count that the trend gives away, or a small unit's that
        the releases alone give away, where no figure states it for everyone."""
        if not self.target.small or self.stated_for_everyone:
            return False
        return not self.by_releases_alone or self.target.kind == "hidden cell"

    def __str__(self) -> str:
        t = self.target
        source = "the releases alone" if self.by_releases_alone else "the trend with the releases"
        size = f"{t.size} {'respondents' if t.kind == 'hidden cell' else 'people'}"
        return f"{t.kind} {t.wave} · {t.who} ({size}) · {t.column} = {t.value}, pinned by {source}"


@dataclass
class Report:
    """What the attacker found: every pin, how many targets and integer programs it took."""

    pins: list[Pin]
    targets: int
    programs: int
    rules: int = 0
    """Hidden paired records read by their rule (each a constraint on its linked count)."""

    @property
    def leaks(self) -> list[Pin]:
        """The pins that are disclosures (see :attr:`Pin.leak`)."""
        return [p for p in self.pins if p.leak]

    def describe(self) -> str:
        """One line per leak."""
        return "\n".join(str(p) for p in self.leaks) or "no leak"


class Model:
    """The unknowns of one question over two waves, and the publication's equations over them."""

    def __init__(self, people: Sequence[Person], years: tuple[int, int], scale: Scale) -> None:
        self.years = years
        self.scale = scale
        self.strata: dict[Key, list[Person]] = {}
        for p in people:
            if p.then is not None or p.now is not None:
                key = (p.then, p.now, p.answer_then == BLANK, p.answer_now == BLANK)
                self.strata.setdefault(key, []).append(p)

        def answers(place: Place, blank: bool) -> list[str | None]:
            return [None] if place is None else [BLANK] if blank else list(scale.labels)

        self.cells: list[tuple[Key, str | None, str | None]] = [
            (key, a, b) for key in self.strata for a in answers(key[0], key[2]) for b in answers(key[1], key[3])
        ]
        self.truth = np.array(
            [sum((p.answer_then, p.answer_now) == (a, b) for p in self.strata[key]) for key, a, b in self.cells]
        )
        self.upper = np.array([len(self.strata[key]) for key, _, _ in self.cells])
        self.rows: list[np.ndarray] = []
        self.values: list[int] = []
        self.from_trend: list[bool] = []
        self.choices: list[tuple[np.ndarray, tuple[int, ...]]] = []
        """What hidden records tell by their rule: a linear expression that takes one of the listed values."""
        self.stated = np.zeros(len(self.cells), dtype=bool)
        """Cells that a published figure states empty for everyone of a group (no one there answered so)."""
        for key, members in self.strata.items():
            self.equation(np.array([k == key for k, _, _ in self.cells], dtype=float), len(members), False, str(key))

    def vector(self, year: int, unit: Callable[[Place], bool], answers: Callable[[str | None], bool]) -> np.ndarray:
        """The coefficients of a count: people whose place in ``year`` is in ``unit``, with an answer in ``answers``."""
        w = self.years.index(year)
        return np.array(
            [
                1.0 if _place(key, w) is not None and unit(_place(key, w)) and answers((a, b)[w]) else 0.0
                for key, a, b in self.cells
            ]
        )

    def equation(self, row: np.ndarray, value: int, from_trend: bool, source: str) -> None:
        """Add ``row · x == value``, checked against the truth (a wrong equation is a wrong model, not a finding)."""
        if int(row @ self.truth) != value:
            raise AssertionError(f"{source}: published {value}, but the people's answers give {int(row @ self.truth)}")
        self.rows.append(row)
        self.values.append(int(value))
        self.from_trend.append(from_trend)

    def statement(self, count: np.ndarray, population: np.ndarray, value: int) -> None:
        """A figure ``value`` of ``count`` within ``population`` that states a fact for everyone there: when it is
        0, no one has the answers it counts; when it is everyone, no one has the others."""
        if value == 0:
            self.stated |= count > 0
        elif value == int(population @ self.truth):
            self.stated |= (population > 0) & ~(count > 0)

    def choice(self, row: np.ndarray, allowed: tuple[int, ...], source: str) -> None:
        """Add "``row · x`` is one of ``allowed``", checked against the truth."""
        if int(row @ self.truth) not in allowed:
            raise AssertionError(
                f"{source}: hidden, but the first version's rule shows it at {int(row @ self.truth)} linked: "
                "a paired record published under another rule needs that rule in add_trend"
            )
        self.choices.append((row, allowed))


def unit_of(record: Record) -> Callable[[Place], bool]:
    """A predicate on a place: is it in the record's unit (nation, specialty or cluster)?"""
    level, specialty, cluster = record["level"], record["specialty"], record["cluster"]
    if level == "nation":
        return lambda place: True
    if level == "specialty":
        return lambda place: place is not None and place[0] == specialty
    return lambda place: place == (specialty, cluster)


def _answers_of(record: Record, scale: Scale, ved_ikke: str) -> tuple[Callable[..., bool], Callable[..., bool]]:
    """Predicates of a release record's count and base on one answer."""
    kind, measure = record["kind"], record["measure"]
    if kind == "blank":
        return (lambda a: a == BLANK), (lambda a: a is not None)
    if kind == "category":  # a distribution: its base is every answer, "Ved ikke" included, whatever the option
        label = measure.removeprefix("category:")
        return (lambda a: a == label), (lambda a: in_base(a, scale, "include"))
    group = scale.groups[measure]
    return (lambda a: a in group), (lambda a: in_base(a, scale, ved_ikke))


def add_release(model: Model, release: Record, question: str) -> None:
    """Every shown count and base of the question's categories, blanks and groups, and every unit's respondents."""
    year = int(release["provenance"]["wave"])
    ved_ikke = release["provenance"]["options"]["ved_ikke"]
    for record in release["records"]:
        if record["status"] != "shown":
            continue
        if record["kind"] == "response":
            respondents = model.vector(year, unit_of(record), lambda a: True)
            model.equation(respondents, record["detail"]["respondents"], False, record["id"])
        elif record["question"] == question and record["kind"] in ("category", "blank", "group"):
            count, base = _answers_of(record, model.scale, ved_ikke)
            counted, based = model.vector(year, unit_of(record), count), model.vector(year, unit_of(record), base)
            model.equation(counted, record["count"], False, record["id"])
            model.equation(based, record["base"], False, record["id"] + " base")
            model.statement(counted, based, record["count"])


def _paired_rows(model: Model, record: Record, ved_ikke: str) -> dict[str, np.ndarray]:
    """The cells of a paired record's people (linked in the base both years, by later specialty), by group."""
    group = model.scale.groups[record["measure"].removeprefix("paired:")]
    specialty = record["specialty"]
    linked = np.array(
        [
            key[0] is not None
            and key[1] is not None
            and (specialty is None or key[1][0] == specialty)
            and in_base(a, model.scale, ved_ikke)
            and in_base(b, model.scale, ved_ikke)
            for key, a, b in model.cells
        ],
        dtype=float,
    )
    was = np.array([a in group for _, a, _ in model.cells])
    is_ = np.array([b in group for _, _, b in model.cells])
    return {
        "linked": linked,
        "both": linked * (was & is_),
        "then_only": linked * (was & ~is_),
        "now_only": linked * (~was & is_),
        "neither": linked * (~was & ~is_),
    }


def _shown_figure(releases: Sequence[Record], year: int, ved_ikke: str, paired: Record) -> tuple[int, int] | None:
    """The count and base of the shown group record a paired record rests on in ``year``; None when hidden."""
    group = paired["measure"].removeprefix("paired:")
    questions = (paired["question"], paired["detail"].get("previous_question"))
    for release in releases:
        provenance = release["provenance"]
        if int(provenance["wave"]) != year or provenance["options"]["ved_ikke"] != ved_ikke:
            continue
        for r in release["records"]:
            unit = (r["kind"], r["measure"], r["level"], r["specialty"])
            if unit == ("group", group, paired["level"], paired["specialty"]) and r["question"] in questions:
                return (int(r["count"]), int(r["base"])) if r["status"] == "shown" else None
    return None


def add_trend(model: Model, trend: Record, releases: Sequence[Record], question: str) -> None:
    """The question's shown change and paired records, and what each hidden paired record tells by its rule."""
    options = trend["waves"][0]["options"]
    ved_ikke, min_n = options["ved_ikke"], int(options["min_n"])
    by_id = {r["id"]: r for release in releases for r in release["records"]}
    for record in trend["records"]:
        measure, detail = record["measure"], record["detail"]
        if record["question"] != question:
            continue
        if record["status"] == "shown" and measure.startswith("change:"):
            _add_change(model, record, by_id, ved_ikke)
        elif record["status"] == "shown" and measure.startswith("paired:"):
            rows = _paired_rows(model, record, ved_ikke)
            for name, row in rows.items():
                model.equation(row, detail[name], True, f"{record['id']} {name}")
            figures = [_shown_figure(releases, year, ved_ikke, record) for year in (detail["from"], detail["to"])]
            _paired_statements(model, record, rows, figures, ved_ikke)
        elif measure.startswith("paired:"):
            figures = [_shown_figure(releases, year, ved_ikke, record) for year in (detail["from"], detail["to"])]
            if figures[0] is None or figures[1] is None:
                continue  # hidden because a cross-sectional figure is: it tells nothing more
            then, now = figures[0][1], figures[1][1]
            linked = _paired_rows(model, record, ved_ikke)["linked"]

            def shown(v: int, then: int = then, now: int = now) -> bool:
                return v >= min_n and all(rest == 0 or rest >= min_n for rest in (now - v, then - v))

            model.choice(linked, tuple(v for v in range(int(linked @ model.upper) + 1) if not shown(v)), record["id"])


def _paired_statements(
    model: Model,
    record: Record,
    rows: Mapping[str, np.ndarray],
    figures: Sequence[tuple[int, int] | None],
    ved_ikke: str,
) -> None:
    """What a shown paired table states for everyone of a group: its cells and margins over the linked people, and
    (with the unit's count) the newcomers' and the leavers' in the base, each group at 0 or at everyone."""
    group = model.scale.groups[record["measure"].removeprefix("paired:")]
    linked, detail = rows["linked"], record["detail"]
    for name in ("both", "then_only", "now_only", "neither"):
        model.statement(rows[name], linked, detail[name])
    margins = {0: rows["both"] + rows["then_only"], 1: rows["both"] + rows["now_only"]}
    for w, (year, figure) in enumerate(zip((detail["from"], detail["to"]), figures, strict=True)):
        model.statement(margins[w], linked, int(margins[w] @ model.truth))
        if figure is None:
            continue
        # The unit's count less the margin: the newcomers' (leavers') count, unless movers make it a difference.
        counted = model.vector(year, unit_of(record), lambda a: a in group) - margins[w]
        based = model.vector(year, unit_of(record), lambda a: in_base(a, model.scale, ved_ikke)) - linked
        if (counted >= 0).all() and (based >= 0).all():
            model.statement(counted, based, figure[0] - int(margins[w] @ model.truth))


def _add_change(model: Model, record: Record, by_id: Mapping[str, Record], ved_ikke: str) -> None:
    """A change record: each wave's count and base, summed over the released records it names as inputs."""
    group = model.scale.groups[record["measure"].removeprefix("change:")]
    for side, year in (("then", record["detail"]["from"]), ("now", record["detail"]["to"])):
        units = [unit_of(by_id[i]) for i in record["inputs"] if i.startswith(f"{year}/")]

        def inside(place: Place, units: list[Callable[[Place], bool]] = units) -> bool:
            return any(u(place) for u in units)

        count = model.vector(year, inside, lambda a: a in group)
        base = model.vector(year, inside, lambda a: in_base(a, model.scale, ved_ikke))
        model.equation(count, record["detail"][side]["count"], True, f"{record['id']} {side}")
        model.equation(base, record["detail"][side]["base"], True, f"{record['id']} {side} base")


def hidden_cell_targets(
    model: Model, releases: Sequence[Record], questions: Mapping[int, str], min_n: int
) -> list[Target]:
    """Every category's and group's count of every unit whose figure of the question is hidden, in either wave."""
    units: dict[tuple[int, str, str | None, str | None], Record] = {}
    for release in releases:
        year = int(release["provenance"]["wave"])
        for r in release["records"]:
            if r["question"] == questions[year] and r["status"] == "hidden" and r["kind"] in ("group", "category"):
                units.setdefault((year, r["level"], r["specialty"], r["cluster"]), r)
    targets = []
    for (year, level, specialty, cluster), record in units.items():
        unit = unit_of(record)
        size = int(model.vector(year, unit, lambda a: True) @ model.truth)
        on_scale = int(model.vector(year, unit, lambda a: a in model.scale.substantive) @ model.truth)
        who = f"{level} {specialty or NATION}{'/' + cluster if cluster else ''}"
        population = model.vector(year, unit, lambda a: a != BLANK)
        for column, labels in model.scale.columns():
            vector = model.vector(year, unit, _in(labels))
            value = int(vector @ model.truth)
            targets.append(Target("hidden cell", year, who, column, value, size, on_scale < min_n, vector, population))
    return targets


def _people_sets(model: Model) -> dict[tuple[int, str], list[Key]]:
    """Sets of people a colleague can name, as lists of strata, per wave (0, 1): newcomers and leavers.

    A leaver (newcomer) did not answer the later (earlier) wave, or answered it in another specialty: in the
    earlier wave, the people of one stratum with either of those, and all of them in a cluster, a specialty or
    the nation; in the later wave, the same.
    """
    sets: dict[tuple[int, str], list[Key]] = {}

    def moved(key: Key, w: int) -> bool:
        here, there = _place(key, w), _place(key, 1 - w)
        return there is None or (here is not None and there[0] != here[0])

    for key in model.strata:
        for w in (0, 1):
            if _place(key, w) is not None:
                word = ("leavers" if w == 0 else "newcomers") if moved(key, w) else "stayers"
                sets.setdefault((w, f"{word} {key[0]} -> {key[1]}"), []).append(key)
    for w, word in ((0, "leavers"), (1, "newcomers")):
        places = sorted({p for key in model.strata if (p := _place(key, w)) is not None})
        units: dict[str, Callable[[tuple[str, str]], bool]] = {NATION: lambda p: True}
        for specialty in sorted({p[0] for p in places}):
            units[f"specialty {specialty}"] = partial(lambda s, p: p[0] == s, specialty)
        for place in places:
            units[f"cluster {place[0]}/{place[1]}"] = partial(lambda q, p: p == q, place)
        for name, unit in units.items():
            inside = [key for key in model.strata if (p := _place(key, w)) is not None and unit(p)]
            sets[(w, f"{word} of {name}")] = [key for key in inside if _place(key, 1 - w) is None]
            sets[(w, f"{word} or movers of {name}")] = [key for key in inside if moved(key, w)]
    return sets


def small_group_targets(model: Model, min_n: int) -> list[Target]:
    """Every category's and group's count of every nameable set of fewer than ``min_n`` people."""
    targets: list[Target] = []
    seen: set[tuple[int, frozenset[Key]]] = set()
    for (w, who), keys in _people_sets(model).items():
        size = sum(len(model.strata[k]) for k in keys)
        if not 0 < size < min_n or (w, frozenset(keys)) in seen:
            continue
        seen.add((w, frozenset(keys)))
        population = np.array([1.0 if key in keys and (a, b)[w] != BLANK else 0.0 for key, a, b in model.cells])
        for column, labels in model.scale.columns():
            vector = population * [(a, b)[w] in labels for _, a, b in model.cells]
            value = int(vector @ model.truth)
            targets.append(Target("small group", model.years[w], who, column, value, size, True, vector, population))
    return targets


class Solver:
    """Bounds of targets under a model's equations: all of them, or the releases' alone."""

    def __init__(self, model: Model, *, with_trend: bool) -> None:
        keep = [i for i, t in enumerate(model.from_trend) if with_trend or not t]
        spans = [(expr, _intervals(allowed)) for expr, allowed in (model.choices if with_trend else [])]
        self.n = len(model.cells)
        extra = sum(2 * len(intervals) for _, intervals in spans)  # a binary z and an integer y per interval
        self.width = self.n + extra
        rows = len(keep) + sum(2 + 2 * len(intervals) for _, intervals in spans)
        matrix, lower, upper = np.zeros((rows, self.width)), np.zeros(rows), np.zeros(rows)
        matrix[: len(keep), : self.n] = np.array([model.rows[i] for i in keep])
        lower[: len(keep)] = upper[: len(keep)] = [model.values[i] for i in keep]
        column, row = self.n, len(keep)
        bound = list(model.upper)
        for expr, intervals in spans:  # expr == sum(y_i), lo_i z_i <= y_i <= hi_i z_i, sum(z_i) == 1
            matrix[row, : self.n] = expr
            for i, (lo, hi) in enumerate(intervals):
                z, y = column + 2 * i, column + 2 * i + 1
                matrix[row, y] = -1.0
                matrix[row + 1, z] = 1.0
                matrix[row + 2 + 2 * i, [y, z]] = [1.0, -lo]
                matrix[row + 3 + 2 * i, [y, z]] = [1.0, -hi]
                lower[row + 2 + 2 * i], upper[row + 2 + 2 * i] = 0, np.inf
                lower[row + 3 + 2 * i], upper[row + 3 + 2 * i] = -np.inf, 0
                bound += [1, hi]
            lower[row + 1] = upper[row + 1] = 1
            column, row = column + 2 * len(intervals), row + 2 + 2 * len(intervals)
        # A published 0 (no one in the unit answered so) fixes its cells at 0: targets inside them need no program.
        zero = np.zeros(self.n, dtype=bool)
        for coefficients, value in zip(matrix[: len(keep), : self.n], lower, strict=False):
            if value == 0:
                zero |= coefficients > 0
        self.free = ~zero
        self.constraint = LinearConstraint(matrix, lower, upper)
        bound[: self.n] = np.where(zero, 0, model.upper)
        self.bounds = Bounds(np.zeros(self.width), np.array(bound, dtype=float))
        self.equations = (matrix[: len(keep), : self.n], lower[: len(keep)])
        self.solutions: list[np.ndarray] = [model.truth]
        self.programs = 0

    def solve(
        self, objective: np.ndarray, *, bound: tuple[np.ndarray, float, float] | None = None
    ) -> np.ndarray | None:
        """An integer solution (one good for ``objective``, any will do) within ``bound`` (a row and its least and
        greatest value), or None when there is none."""
        self.programs += 1
        constraints = [self.constraint]
        if bound is not None:
            row, least, greatest = bound
            constraints.append(LinearConstraint(np.concatenate([row, np.zeros(self.width - self.n)]), least, greatest))
        c = np.concatenate([objective, np.zeros(self.width - self.n)])
        options: Any = {"mip_rel_gap": 1e9}  # the first integer solution found is as good as any
        integral = np.ones(self.width, dtype=np.int64)
        result = milp(c, integrality=integral, bounds=self.bounds, constraints=constraints, options=options)
        if result.x is None:
            if bound is None or result.status != 2:
                raise AssertionError(f"no integer solution, not even the truth: {result.message}")
            return None
        x = np.round(result.x[: self.n]).astype(int)
        rows, values = self.equations
        if not np.array_equal(rows @ x, values):  # a solver's rounding must not open a target
            raise AssertionError("the integer program's solution does not meet the published figures")
        self.solutions.append(x)
        return x

    def explore(self, targets: Sequence[Target], *, rounds: int = 8, seed: int = 0) -> None:
        """Solutions that minimise random signed sums of the targets no solution has opened yet (many at once)."""
        rng = np.random.default_rng(seed)
        for _ in range(rounds):
            closed = [t for t in targets if not self._opened(t)]
            if not closed:
                return
            objective = sum(rng.choice([-1.0, 1.0]) * t.vector for t in closed)
            self.solve(np.asarray(objective))
            if all(not self._opened(t) for t in closed):
                return

    def _opened(self, target: Target) -> bool:
        return any(int(target.vector @ x) != target.value for x in self.solutions)

    def is_pinned(self, target: Target) -> bool:
        """Whether every integer solution gives the target its true value: none below it and none above it."""
        if not target.vector @ self.free:
            return True  # every cell it counts is fixed at 0
        if self._opened(target):
            return False
        below = (target.vector, -np.inf, target.value - 1)
        above = (target.vector, target.value + 1, np.inf)
        return all(self.solve(np.zeros(self.n), bound=b) is None for b in (below, above))


def _intervals(values: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted integers as runs of consecutive values: [0, 1, 2, 5, 6] -> [(0, 2), (5, 6)]."""
    runs: list[tuple[int, int]] = []
    for v in sorted(values):
        if runs and v == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], v)
        else:
            runs.append((v, v))
    return runs


def _stated_for_everyone(target: Target, model: Model) -> bool:
    """Whether published figures, each stating a fact for everyone of a group, give the target's value: every cell
    it counts stated empty (0), or every other cell of its people stated empty (all of them)."""
    free = ~model.stated
    if not (target.vector > 0)[free].any():
        return target.value == 0
    everyone = int(target.population @ model.truth)  # its people who answered: blanks are known
    return not ((target.population > 0) & ~(target.vector > 0))[free].any() and target.value == everyone


def attack(
    people: Sequence[Person],
    releases: Sequence[Record],
    trends: Sequence[Record],
    *,
    question: str,
    previous: str | None = None,
    min_n: int,
    first_leak: bool = False,
) -> Report:
    """Bound every hidden cell and every small group of the question from the whole publication of two waves.

    ``releases`` and ``trends`` are ``to_dict()`` forms (one release per wave and option, one trend per option);
    ``previous`` is the question's id in the earlier wave (the same by default); ``first_leak`` stops at the
    first leak found.
    """
    years = tuple(sorted({int(r["provenance"]["wave"]) for r in releases}))
    assert len(years) == 2, "two waves"
    questions = {years[0]: previous or question, years[1]: question}
    later = next(r for r in releases if int(r["provenance"]["wave"]) == years[1])
    model = Model(people, (years[0], years[1]), Scale.from_release(later, question))
    for release in releases:
        add_release(model, release, questions[int(release["provenance"]["wave"])])
    for trend in trends:
        add_trend(model, trend, releases, question)
    targets = _distinct([*hidden_cell_targets(model, releases, questions, min_n), *small_group_targets(model, min_n)])
    full, alone = Solver(model, with_trend=True), Solver(model, with_trend=False)
    full.explore(targets)
    pins: list[Pin] = []
    for t in targets:
        if not full.is_pinned(t):
            continue
        pins.append(Pin(t, alone.is_pinned(t), _stated_for_everyone(t, model)))
        if first_leak and pins[-1].leak:
            break
    return Report(pins, len(targets), full.programs + alone.programs, len(model.choices))


def _distinct(targets: list[Target]) -> list[Target]:
    """One target per wave and count vector (the same people and answers named twice is one count)."""
    seen: dict[tuple[int, bytes], Target] = {}
    for t in targets:
        seen.setdefault((t.wave, t.vector.tobytes()), t)
    return list(seen.values())
