"""An independent attacker against the Release's small-cell protection.

The attacker holds everything klyngestat publishes for a survey: for every
option that keeps the counts ("Ved ikke" in and out of the base, the pooled
national figure and the mean of specialties) the Release written as JSON, CSV
and Parquet, and the JSON contract of ``klyngestat stats``, all read back from
the files (the three formats of a release must agree record by record). It
does not use ``klyngestat.release.audit`` or ``disclosure``: it reads the
records, and for each question it sets one unknown integer per cluster and
count column (every answer category, "Ved ikke" included, and the blank) and
one equation per published count and base (categories, blanks, named groups at
nation, specialty and cluster in both bases; respondents per cluster; the
comparisons' rest of the country; the contract's hidden-answer summary),
whatever the record's status. Derived figures (spreads, weighted shares with
their efficiency and standard errors, heterogeneity statistics and p-values,
means of specialties, comparisons) are recomputed from the released table with
the hidden clusters pooled: a figure that agrees is a function of the table
and tells nothing more; one that does not is attacked as computed from the
hidden clusters one by one (the way the issue recovered ``k₂ = 0``), by
enumerating the hidden clusters' counts.

Every answer category and named group of a small unit (a cluster, specialty
or nation with fewer than ``min_n`` answers on the scale, counted from the
scenario's data) is then bounded by integer programming: a cell is open as
soon as two feasible integer tables differ in it (the truth is one, each
solver answer another, all checked exactly), otherwise its least and greatest
value are solved for (``scipy.optimize.linprog`` when its simplex vertex is
integral, else ``scipy.optimize.milp``) first with the other specialties'
counts fixed at the truth (a stronger attacker than the public), then over
every unknown. A cell whose least and greatest agree is pinned, zeros
included: a leak, unless a shown figure of a larger unit states it for
everyone (nobody there answered so, or everybody did), which the documented
rules do not count as a disclosure. Blanks are unknowns but not bounded
(leaving a question blank is not an answer; docs/release.md).

A second attacker also knows the documented rule that chose the hidden
clusters (docs/release.md, rule 2): it runs every table of a specialty's hidden
clusters that fits the released totals through the rule and keeps those that
give the published pattern. That attacker pins small clusters; the tests that
say so are marked xfail (strict) with the leak described.
"""

from __future__ import annotations

import csv
import json
import math
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array
from scipy.stats import norm

from klyngestat import Survey
from klyngestat.present.contract import release_json
from klyngestat.release import Release, ReleaseOptions, build_release
from klyngestat.release import disclosure as disclosure_module
from klyngestat.stats.significance import heterogeneity_from_counts
from tests.release.scenarios import DEFAULT_QUESTIONS, SCENARIOS, Draft, Scenario, scenario_from_sizes

Unit = tuple[str, str]
"""A cluster: (specialty, cluster)."""

OPTIONS: tuple[tuple[Literal["include", "exclude"], Literal["pooled", "mean_of_specialties"]], ...] = (
    ("include", "pooled"),
    ("include", "mean_of_specialties"),
    ("exclude", "pooled"),
    ("exclude", "mean_of_specialties"),
)
"""Every option that leaves the counts unchanged: one pattern must serve them all."""
FORMATS = ("json", "csv", "parquet")
TOLERANCE = 1e-9
ENUMERATION_LIMIT = 200_000


# == reading what was published ===================================================================================


@dataclass
class Publication:
    """One file as the attacker reads it: its records (or the contract's figures as records) and options."""

    source: str
    ved_ikke: str
    national_method: str
    min_n: int
    confidence: float
    decoys: float
    """The chance of each random extra hidden unit after the cheapest protecting set (0 when the release has none)."""
    questions: dict[str, Any]
    records: list[dict[str, Any]]
    contract: bool = False


def _none(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _unquote(value: object) -> object:
    """Undo the CSV's formula-safe quote (a leading ``'`` before a formula start)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def _publication(source: str, meta: Mapping[str, Any], records: list[dict[str, Any]]) -> Publication:
    options = meta["provenance"]["options"]
    return Publication(
        source,
        options["ved_ikke"],
        options["national_method"],
        int(options["min_n"]),
        float(options["confidence"]),
        float(options.get("decoys") or 0.0),
        dict(meta["questions"]),
        records,
    )


def read_json_release(path: Path) -> Publication:
    data = json.loads(path.read_text(encoding="utf-8"))
    return _publication(path.name, data, [dict(r) for r in data["records"]])


def read_table_release(path: Path) -> Publication:
    """A CSV or Parquet release with its ``.provenance.json`` beside."""
    meta = json.loads(path.with_suffix(path.suffix + ".provenance.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [{k: None if v == "" else _unquote(v) for k, v in row.items()} for row in csv.DictReader(handle)]
    else:
        rows = pq.read_table(path).to_pylist()
    for r in rows:
        for key in ("count", "base", "population"):
            r[key] = None if r[key] is None else int(r[key])
        for key in ("share", "low", "high"):
            r[key] = _none(None if r[key] is None else float(r[key]))
        r["detail"] = json.loads(r["detail"]) if r["detail"] else {}
        r["inputs"] = json.loads(r["inputs"]) if r["inputs"] else []
    return _publication(path.name, meta, rows)


def read_contract(path: Path, questions: Mapping[str, Any]) -> Publication:
    """The JSON contract's figures as records (kind, level, specialty, cluster, count, base, …)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = []

    def add(**fields: Any) -> None:
        base = dict.fromkeys(("id", "question", "cluster", "count", "base", "share", "population", "method"))
        base.update(detail={}, inputs=[], status="shown", low=None, high=None)
        base.update(fields)
        records.append(base)

    options: dict[str, Any] = {}
    for spec in data["specialties"]:
        s = spec["specialty"]
        options = spec["options"]
        add(kind="response", measure="response_rate", level="specialty", specialty=s, count=spec["respondents"])
        for q, share in spec["questions"].items():
            add(**_share_record(q, share, "specialty", s, None))
            if "weighted" in share:
                w = share["weighted"]
                add(
                    id=w["id"],
                    kind="weighted",
                    question=q,
                    measure=f"weighted:{share['group']}",
                    level="specialty",
                    specialty=s,
                    share=w["share"],
                    low=w["low"],
                    high=w["high"],
                    detail={k: w[k] for k in ("efficiency", "effective_n", "standard_error", "uncovered")},
                )
        for c in spec["clusters"]:
            add(
                kind="response",
                measure="response_rate",
                level="cluster",
                specialty=s,
                cluster=c["cluster"],
                count=c["respondents"],
                base=c["invited"],
                population=c["members"],
            )
            for q, share in c["questions"].items():
                add(**_share_record(q, share, "cluster", s, c["cluster"]))
        for q, spread in spec["cluster_spread"].items():
            add(
                id=spread["id"],
                kind="spread",
                question=q,
                measure=f"spread:{spread['group']}",
                level="specialty",
                specialty=s,
                status="hidden" if spread["suppressed"] else "shown",
                low=spread["min"],
                high=spread["max"],
                detail={k: spread[k] for k in ("min_cluster", "max_cluster", "clusters_shown", "clusters_hidden")},
            )
        for q, nat in spec["national"].items():
            add(
                id=nat["id"],
                kind="national",
                question=q,
                measure=f"national:{nat['group']}",
                level="nation",
                specialty=None,
                method=nat["method"],
                count=nat["count"],
                base=nat["n"],
                share=nat["share"],
                detail={"units": nat["n_specialties"]} if nat["n_specialties"] is not None else {},
            )
        for q, comp in spec["comparison"].items():
            add(
                id=comp["id"],
                kind="comparison",
                question=q,
                measure=f"comparison:{comp['group']}",
                level="specialty",
                specialty=s,
                method=comp["national_method"],
                share=comp["difference_pp"],
                detail={"test": comp["test"], "wording": comp["wording"]},
            )
        for q, het in spec["heterogeneity"].items():
            detail = {k: v for k, v in het.items() if k not in ("id", "method")}
            add(
                id=het["id"],
                kind="heterogeneity",
                question=q,
                measure="heterogeneity:" + str(questions[q]["top_box"]),
                level="specialty",
                specialty=s,
                share=het["pvalue"],
                detail=detail,
            )
    summary = data["disclosure"]["questions"]
    for q, entry in summary.items():
        add(kind="summary", question=q, measure="answers_hidden", level="nation", specialty=None, count=entry)
    meta = {"provenance": {"options": {**options, **data["provenance"]["options"]}}, "questions": questions}
    pub = _publication(path.name, meta, records)
    pub.contract = True
    return pub


def _share_record(q: str, share: Mapping[str, Any], level: str, specialty: str, cluster: str | None) -> dict[str, Any]:
    return {
        "id": share["id"],
        "kind": "group",
        "question": q,
        "measure": share["group"],
        "level": level,
        "specialty": specialty,
        "cluster": cluster,
        "status": "hidden" if share["suppressed"] else "shown",
        "count": share["count"],
        "base": share["n"],
        "share": share["share"],
    }


def publish_everything(
    survey_releases: Sequence[Release], folder: Path, formats: Sequence[str] = FORMATS
) -> list[Publication]:
    """Write every release through every format and the JSON contract; read all of it back."""
    pubs: list[Publication] = []
    for i, release in enumerate(survey_releases):
        for fmt in formats:
            path = release.write(folder / f"release{i}.{fmt}", fmt)  # type: ignore[arg-type]
            pubs.append(read_json_release(path) if fmt == "json" else read_table_release(path))
        contract = folder / f"contract{i}.json"
        contract.write_text(json.dumps(release_json(release), ensure_ascii=False), encoding="utf-8")
        pubs.append(read_contract(contract, pubs[-1].questions))
    return pubs


def formats_disagree(pubs: Sequence[Publication]) -> list[str]:
    """Records that one release's JSON, CSV and Parquet files do not give alike (every column, exactly)."""
    by_release: dict[str, list[Publication]] = {}
    for pub in pubs:
        if not pub.contract:
            by_release.setdefault(pub.source.rsplit(".", 1)[0], []).append(pub)
    out = []
    for same in by_release.values():
        first = {r["id"]: r for r in same[0].records}
        for other in same[1:]:
            if len(other.records) != len(first):
                out.append(f"{other.source}: {len(other.records)} records, {same[0].source}: {len(first)}")
            for r in other.records:
                expected = first.get(r["id"])
                if expected is None or any(
                    expected.get(k) != r.get(k)
                    for k in (
                        "kind",
                        "status",
                        "count",
                        "base",
                        "share",
                        "low",
                        "high",
                        "population",
                        "detail",
                        "inputs",
                    )
                ):
                    out.append(f"{other.source} and {same[0].source}: {r['id']}")
    return out


# == the equations ================================================================================================


@dataclass(frozen=True)
class Columns:
    """A question's count columns (answer categories, then the blank) and its named groups."""

    labels: tuple[str, ...]
    substantive: tuple[bool, ...]
    groups: Mapping[str, tuple[int, ...]]
    top_box: str | None

    @classmethod
    def of(cls, meta: Mapping[str, Any]) -> Columns:
        labels = tuple(c["label"] for c in meta["categories"])
        groups = {name: tuple(labels.index(x) for x in g["categories"]) for name, g in meta["groups"].items()}
        return cls(labels, tuple(c["substantive"] for c in meta["categories"]), groups, meta.get("top_box"))

    @property
    def k(self) -> int:
        return len(self.labels) + 1

    @property
    def blank(self) -> int:
        return len(self.labels)

    @property
    def answers(self) -> frozenset[int]:
        return frozenset(range(len(self.labels)))

    @property
    def scale(self) -> frozenset[int]:
        return frozenset(i for i, s in enumerate(self.substantive) if s)

    def count_and_base(self, kind: str, measure: str, ved_ikke: str) -> tuple[frozenset[int], frozenset[int]]:
        """Columns summed by a record's count and by its base."""
        if kind == "blank":
            return frozenset({self.blank}), frozenset(range(self.k))
        if kind == "category":
            return frozenset({self.labels.index(measure.removeprefix("category:"))}), self.answers
        group = frozenset(self.groups[measure.split(":")[-1]])
        if ved_ikke == "exclude":
            return group & self.scale, self.scale
        return group, self.answers

    def cells(self) -> dict[str, frozenset[int]]:
        """What must stay undetermined in a small unit: each category and named group (and, reported, the blank)."""
        cells = {f"category:{label}": frozenset({i}) for i, label in enumerate(self.labels)}
        cells.update({f"group:{name}": frozenset(cols) for name, cols in self.groups.items()})
        cells["blank"] = frozenset({self.blank})
        return cells


Key = tuple[frozenset[Unit], frozenset[int]]


class Knowledge:
    """Everything published, as linear facts per question over (cluster, column) counts."""

    def __init__(self, pubs: Sequence[Publication]) -> None:
        self.pubs = list(pubs)
        self.meta: dict[str, Any] = {}
        for pub in pubs:
            self.meta.update(pub.questions)
        self.columns = {q: Columns.of(m) for q, m in self.meta.items()}
        self.respondents: dict[Unit, int] = {}
        for pub in pubs:
            for r in pub.records:
                if r["kind"] == "response" and r["level"] == "cluster" and r["count"] is not None:
                    unit = (r["specialty"], r["cluster"])
                    assert self.respondents.setdefault(unit, r["count"]) == r["count"], f"{pub.source}: {unit}"
        self.leaves = sorted(self.respondents)
        self.order = list(
            dict.fromkeys(
                (r["specialty"], r["cluster"])
                for r in pubs[0].records
                if r["kind"] == "response" and r["level"] == "cluster"
            )
        )
        """Clusters in the release's order (roster order), which the rule's ties follow."""
        self.decoys = any(pub.decoys > 0 for pub in pubs)
        """Whether the releases add random decoys to the cheapest protecting set."""
        self.facts: dict[str, dict[Key, int]] = {q: {} for q in self.meta}
        self.kinds: Counter[str] = Counter()
        self.conflicts: list[str] = []
        for pub in pubs:
            for r in pub.records:
                self._record(pub, r)

    def units(self, level: str, specialty: str | None, cluster: str | None) -> frozenset[Unit]:
        if level == "nation":
            return frozenset(self.leaves)
        if level == "specialty":
            return frozenset(u for u in self.leaves if u[0] == specialty)
        return frozenset({(str(specialty), str(cluster))})

    def add(self, question: str, units: frozenset[Unit], cols: frozenset[int], value: object, what: str) -> None:
        if value is None:
            return
        key = (units, cols)
        known = self.facts[question].setdefault(key, int(value))  # type: ignore[call-overload]
        self.kinds[what] += 1
        if known != int(value):  # type: ignore[call-overload]
            self.conflicts.append(f"{question} {what}: {sorted(units)[:3]}… {sorted(cols)} = {known} and {value}")

    def _record(self, pub: Publication, r: Mapping[str, Any]) -> None:
        kind, level = r["kind"], r["level"]
        if kind == "response":
            units = self.units(level, r["specialty"], r["cluster"])
            for q, cols in self.columns.items():
                self.add(q, units, frozenset(range(cols.k)), r["count"], "respondents")
            return
        q = r["question"]
        if q not in self.columns:
            return
        cols = self.columns[q]
        units = self.units(level, r["specialty"], r["cluster"])
        if kind in ("category", "blank", "group"):
            count_cols, base_cols = cols.count_and_base(kind, r["measure"], pub.ved_ikke)
            self.add(q, units, count_cols, r["count"], f"{kind} count")
            self.add(q, units, base_cols, r["base"], f"{kind} base")
        elif kind == "national" and r.get("method") == "pooled":
            count_cols, base_cols = cols.count_and_base("group", r["measure"], pub.ved_ikke)
            self.add(q, units, count_cols, r["count"], "national count")
            self.add(q, units, base_cols, r["base"], "national base")
        elif kind == "comparison" and isinstance(r["detail"].get("test"), dict):
            test = r["detail"]["test"]
            count_cols, base_cols = cols.count_and_base("group", r["measure"], pub.ved_ikke)
            rest = frozenset(self.leaves) - self.units("specialty", r["specialty"], None)
            self.add(q, rest, count_cols, test.get("rest_count"), "comparison rest count")
            self.add(q, rest, base_cols, test.get("rest_n"), "comparison rest n")
            self.add(q, self.units("specialty", r["specialty"], None), base_cols, test.get("n"), "comparison n")
        elif kind == "summary":  # the contract's disclosure summary: answers of hidden clusters of shown specialties
            entry = r["count"]
            if cols.top_box is None:
                return
            _, base_cols = cols.count_and_base("group", cols.top_box, pub.ved_ikke)
            hidden = self._hidden_clusters_of_shown_specialties(pub, q)
            if hidden is not None:
                self.add(q, hidden, base_cols, entry["answers_hidden"], "summary answers hidden")

    def _hidden_clusters_of_shown_specialties(self, pub: Publication, q: str) -> frozenset[Unit] | None:
        top = self.columns[q].top_box
        shown_specs = {
            r["specialty"]
            for r in pub.records
            if r["kind"] == "group" and r["level"] == "specialty" and r["question"] == q and r["status"] == "shown"
        }
        hidden = {
            (r["specialty"], r["cluster"])
            for r in pub.records
            if r["kind"] == "group"
            and r["level"] == "cluster"
            and r["question"] == q
            and r["measure"] == top
            and r["status"] == "hidden"
            and r["specialty"] in shown_specs
        }
        return frozenset(hidden)


# == derived figures against the released table ===================================================================


def _chi_square(counts: Sequence[int], bases: Sequence[int]) -> float:
    """Pearson's chi-square of the clusters × (in group, not) table; 0 when a column is empty."""
    total, yes = sum(bases), sum(counts)
    no = total - yes
    if yes == 0 or no == 0:
        return 0.0
    expected = [(b * yes / total, b * no / total) for b in bases]
    return float(
        sum(
            (c - e1) ** 2 / e1 + ((b - c) - e0) ** 2 / e0
            for c, b, (e1, e0) in zip(counts, bases, expected, strict=True)
        )
    )


def _weighted(members: Sequence[int], counts: Sequence[int], bases: Sequence[int], confidence: float) -> dict[str, Any]:
    """The post-stratified share, Kish's efficiency and the stratified standard error, from strata."""
    strata = [(m, c, b) for m, c, b in zip(members, counts, bases, strict=True) if b > 0]
    population = sum(m for m, _, _ in strata)
    n = sum(b for _, _, b in strata)
    share = sum(m * c / b for m, c, b in strata) / population
    sum_w2 = sum(m * m / b for m, _, b in strata)
    out: dict[str, Any] = {
        "share": share,
        "population": population,
        "efficiency": population**2 / (n * sum_w2),
        "effective_n": population**2 / sum_w2,
        "standard_error": None,
        "low": None,
        "high": None,
    }
    if any(b == 1 and b < m for m, _, b in strata):
        return out
    variance = 0.0
    for m, c, b in strata:
        p = c / b
        s2 = b * p * (1 - p) / (b - 1) if b > 1 else 0.0
        variance += (m / population) ** 2 * (1 - b / m) * s2 / b
    se = math.sqrt(variance)
    z = float(norm.ppf(0.5 + confidence / 2))
    out.update(standard_error=se, low=max(0.0, share - z * se), high=min(1.0, share + z * se))
    return out


@cache
def _permutation_pvalue(
    counts: tuple[int, ...], bases: tuple[int, ...], resamples: int, seed: int
) -> float:  # the library's permutation, run on the released table (the one figure not recomputed here)
    names = [f"c{i}" for i in range(len(counts))]
    h = heterogeneity_from_counts("q", "g", "s", names, counts, bases, n_resamples=resamples, seed=seed)
    return float(h.pvalue)


def _close(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)  # type: ignore[arg-type]


@dataclass
class Derived:
    """What the attacker made of the derived figures."""

    checked: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)
    """Figures that the released table does not explain (they carry information about hidden cells)."""
    unexplained: list[tuple[Publication, dict[str, Any]]] = field(default_factory=list)


def check_derived(pubs: Sequence[Publication], know: Knowledge) -> Derived:
    """Recompute every derived figure from the shown records with hidden clusters pooled; list what disagrees."""
    out = Derived()
    by_id: dict[tuple[str, str], dict[str, Any]] = {}
    for pub in pubs:
        if not pub.contract:
            for r in pub.records:
                by_id[(pub.ved_ikke + pub.national_method, r["id"])] = r
    for pub in pubs:
        index = {
            (r["kind"], r["measure"], r["question"], r["level"], r["specialty"], r["cluster"]): r for r in pub.records
        }
        for r in pub.records:
            problem = _derived_problem(pub, r, index, know, by_id)
            if problem is None:
                continue
            out.checked[r["kind"]] += 1
            if problem:
                out.findings.append(f"{pub.source}: {r['id']}: {problem}")
                out.unexplained.append((pub, r))
    return out


def _derived_problem(
    pub: Publication,
    r: Mapping[str, Any],
    index: Mapping[tuple[Any, ...], Mapping[str, Any]],
    know: Knowledge,
    by_id: Mapping[tuple[str, str], Mapping[str, Any]],
) -> str | None:
    """None when the record is not a derived figure; "" when the released table explains it; else the problem."""
    kind = r["kind"]
    if r["status"] == "hidden":
        figures = [r.get(k) for k in ("count", "base", "share", "low", "high")]
        if any(v is not None for v in figures) or (r.get("detail") and not pub.contract):
            return "a hidden record carries a figure"
        return None
    if kind not in ("spread", "heterogeneity", "weighted", "national", "comparison"):
        return None
    if pub.contract:  # the contract repeats the records' derived figures: they must be the same figures
        same = by_id.get((pub.ved_ikke + pub.national_method, r["id"]))
        if same is None:
            return "no record of this id in the release"
        for key in ("share", "low", "high"):
            if r.get(key) is not None and not _close(r[key], same[key]):
                return f"{key} {r[key]} differs from the release's {same[key]}"
        for key, value in r["detail"].items():
            if key in ("test", "wording"):
                if value != same["detail"].get(key):
                    return f"{key} differs from the release's"
            elif isinstance(value, float | int) and not isinstance(value, bool):
                if not _close(value, same["detail"].get(key)):
                    return f"{key} {value} differs from the release's {same['detail'].get(key)}"
            elif value != same["detail"].get(key):
                return f"{key} {value} differs from the release's {same['detail'].get(key)}"
        return ""
    q, s = r["question"], r["specialty"]
    group = r["measure"].split(":", 1)[1]
    if kind == "national":
        return _national_problem(pub, r, index, know, group)
    spec = index[("group", group, q, "specialty", s, None)]
    order = [(x["specialty"], x["cluster"]) for x in pub.records if x["kind"] == "response" and x["level"] == "cluster"]
    clusters = [
        index[("group", group, q, "cluster", u[0], u[1])] for u in order if u[0] == s
    ]  # every cluster of the specialty has a top-box record, in the release's order
    shown = [c for c in clusters if c["status"] == "shown"]
    hidden = [c for c in clusters if c["status"] != "shown"]
    pool_count = spec["count"] - sum(c["count"] for c in shown)
    pool_base = spec["base"] - sum(c["base"] for c in shown)
    with_base = [c for c in shown if c["base"]]
    if kind == "spread":
        shares = [Fraction(c["count"], c["base"]) for c in with_base]
        low = float(min(shares)) if shares else None
        high = float(max(shares)) if shares else None
        if not (_close(r["low"], low) and _close(r["high"], high)):
            return f"spread {r['low']}–{r['high']} is not the shown clusters' {low}–{high}"
        if (r["detail"]["clusters_shown"], r["detail"]["clusters_hidden"]) != (len(with_base), len(hidden)):
            return "clusters shown/hidden are not the records'"
        return ""
    if kind == "heterogeneity":
        counts = [c["count"] for c in with_base] + ([pool_count] if pool_base > 0 else [])
        bases = [c["base"] for c in with_base] + ([pool_base] if pool_base > 0 else [])
        d = r["detail"]
        if d["clusters_tested"] != len(counts) or d["df"] != len(counts) - 1:
            return f"tests {d['clusters_tested']} clusters, the released table has {len(counts)}"
        if not _close(d["statistic"], _chi_square(counts, bases)):
            return f"statistic {d['statistic']} is not the pooled table's {_chi_square(counts, bases)}"
        pvalue = _permutation_pvalue(tuple(counts), tuple(bases), int(d["n_resamples"]), int(d["seed"]))
        if not _close(d["pvalue"], pvalue):
            return f"p-value {d['pvalue']} is not the pooled table's {pvalue}"
        return ""
    if kind == "weighted":
        if "not_computed" in r["detail"]:
            return ""
        members = {
            (x["specialty"], x["cluster"]): x["population"]
            for x in pub.records
            if x["kind"] == "response" and x["level"] == "cluster" and x["specialty"] == s
        }
        m = [members[(c["specialty"], c["cluster"])] for c in with_base]
        counts = [c["count"] for c in with_base]
        bases = [c["base"] for c in with_base]
        if hidden and pool_base > 0:
            m.append(sum(members[(c["specialty"], c["cluster"])] for c in hidden))
            counts.append(pool_count)
            bases.append(pool_base)
        w = _weighted(m, counts, bases, pub.confidence)
        for key in ("share", "low", "high"):
            if not _close(r[key], w[key]):
                return f"{key} {r[key]} is not the pooled table's {w[key]}"
        for key in ("efficiency", "effective_n", "standard_error"):
            if not _close(r["detail"][key], w[key]):
                return f"{key} {r['detail'][key]} is not the pooled table's {w[key]}"
        if r.get("population") is not None and r["population"] != w["population"]:
            return f"population {r['population']} is not the covered strata's {w['population']}"
        return ""
    # comparison: the specialty's share minus the national figure, exactly
    national = index.get(("national", f"national:{group}", q, "nation", None, None))
    if national is None or national["status"] != "shown":
        return "compared with a national figure that is not shown"
    nat = national["detail"].get("fraction")
    if nat is None:
        return ""
    difference = 100 * (Fraction(spec["count"], spec["base"]) - Fraction(*nat))  # percentage points
    published = r["detail"].get("difference")
    if published is not None and Fraction(*published) != difference:
        return f"difference {published} is not {difference} percentage points"
    if not _close(r["share"], float(difference)):
        return f"difference {r['share']} is not {float(difference)} percentage points"
    return ""


def _national_problem(
    pub: Publication,
    r: Mapping[str, Any],
    index: Mapping[tuple[Any, ...], Mapping[str, Any]],
    know: Knowledge,
    group: str,
) -> str:
    q = r["question"]
    nation = index[("group", group, q, "nation", None, None)]
    if r["method"] == "pooled":
        if (r["count"], r["base"]) != (nation["count"], nation["base"]):
            return "the pooled national figure is not the nation's record"
        return ""
    specs = [index[("group", group, q, "specialty", s, None)] for s in dict.fromkeys(u[0] for u in know.leaves)]
    shown = [x for x in specs if x["status"] == "shown"]
    parts = [Fraction(x["count"], x["base"]) for x in shown if x["base"]]
    pool_base = nation["base"] - sum(x["base"] for x in shown)
    if pool_base:
        parts.append(Fraction(nation["count"] - sum(x["count"] for x in shown), pool_base))
    mean = sum(parts, Fraction(0)) / len(parts)
    if Fraction(*r["detail"]["fraction"]) != mean or r["detail"]["units"] != len(parts):
        return f"mean of specialties {r['detail']['fraction']} is not the released table's {mean}"
    return ""


# == bounding the hidden cells ====================================================================================


@dataclass(frozen=True)
class Pin:
    question: str
    unit: str
    cell: str
    value: int
    stated_for_everyone: bool


@dataclass
class Attack:
    """Totals of one attack."""

    questions: int = 0
    facts: int = 0
    small_units: int = 0
    cells: int = 0
    solves: int = 0
    open_by_two_tables: int = 0
    pins: list[Pin] = field(default_factory=list)

    @property
    def leaks(self) -> list[Pin]:
        return [p for p in self.pins if not p.stated_for_everyone]


class Program:
    """An integer program over count columns: ``matrix @ x == values``, ``0 <= x <= upper``, x integer."""

    def __init__(self, matrix: csr_array, values: np.ndarray, upper: np.ndarray, labels: Sequence[str] = ()) -> None:
        self.matrix = matrix
        self.values = values
        self.upper = upper
        self.labels = list(labels)
        self.solves = 0
        self.integer_solves = 0

    @classmethod
    def of(cls, know: Knowledge, question: str, extra: Mapping[Key, int] | None = None) -> Program:
        """One unknown per (cluster, column) of the question, one equation per published fact."""
        k = know.columns[question].k
        position = {u: i for i, u in enumerate(know.leaves)}
        facts = {**know.facts[question], **(extra or {})}
        rows, columns = [], []
        for i, (units, cols) in enumerate(facts):
            for u in units:
                for c in cols:
                    rows.append(i)
                    columns.append(position[u] * k + c)
        matrix = csr_array((np.ones(len(rows)), (rows, columns)), shape=(len(facts), len(know.leaves) * k))
        labels = [f"{sorted(u)[:2]}{'…' if len(u) > 2 else ''} columns {sorted(c)}" for u, c in facts]
        upper = np.repeat([know.respondents[u] for u in know.leaves], k).astype(float)
        return cls(matrix, np.array(list(facts.values()), dtype=float), upper, labels)

    def violated(self, x: np.ndarray) -> list[str]:
        """The equations an integer table breaks (exact integer arithmetic)."""
        exact = self.matrix.astype(np.int64) @ x.astype(np.int64)
        wrong = [
            f"{label}: published {int(v)}, true {e}"
            for label, v, e in zip(self.labels, self.values, exact, strict=True)
            if int(v) != e
        ]
        if (x < 0).any() or (x > self.upper).any():
            wrong.append("a count outside [0, respondents]")
        return wrong

    def restricted(self, free: np.ndarray, known: np.ndarray) -> Block:
        """The program over the ``free`` unknowns with every other one fixed at ``known``."""
        fixed = ~free
        values = self.values - self.matrix[:, np.flatnonzero(fixed)] @ known[fixed]
        sub = self.matrix[:, np.flatnonzero(free)]
        rows = np.flatnonzero(np.asarray(abs(sub).sum(axis=1)).ravel() > 0)
        return Block(Program(sub[rows], values[rows], self.upper[free]), free, known)

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """The optimal integer table for the objective (minimised), checked exactly; None when infeasible.

        The linear relaxation first (a simplex vertex): when it is integral it is
        the integer optimum too; otherwise the integer program.
        """
        self.solves += 1
        relaxed = linprog(  # type: ignore[call-overload]  # the stubs do not know sparse A_eq
            objective,
            A_eq=self.matrix,
            b_eq=self.values,
            bounds=np.column_stack([np.zeros(len(objective)), self.upper]),
            method="highs-ds",
        )
        if relaxed.status == 2:
            return None
        if relaxed.status == 0 and np.allclose(relaxed.x, np.round(relaxed.x), atol=1e-9):
            x: np.ndarray = np.round(relaxed.x).astype(np.int64)
            if (self.matrix.astype(np.int64) @ x == np.round(self.values).astype(np.int64)).all():
                return x
        self.integer_solves += 1
        result = milp(
            objective,
            integrality=np.ones(len(objective), dtype=np.int64),
            bounds=Bounds(np.zeros(len(objective)), self.upper),
            constraints=LinearConstraint(self.matrix, self.values, self.values),
        )
        if result.status != 0 or result.x is None:
            return None
        x = np.round(result.x).astype(np.int64)
        exact = self.matrix.astype(np.int64) @ x
        assert (exact == np.round(self.values).astype(np.int64)).all(), "the solver's table breaks an equation"
        return x


@dataclass
class Block:
    """A program over some unknowns with the rest fixed (at the truth): a stronger attacker than the public."""

    program: Program
    free: np.ndarray
    known: np.ndarray

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        x = self.program.solve(objective[self.free])
        if x is None:
            return None
        full = self.known.copy()
        full[self.free] = x
        return full


def truth_vector(scenario: Scenario, know: Knowledge, question: str) -> np.ndarray:
    cols = know.columns[question]
    truth = scenario.truth(question)
    x = np.zeros(len(know.leaves) * cols.k, dtype=np.int64)
    for i, unit in enumerate(know.leaves):
        for answer, n in truth.get(unit, Counter()).items():
            x[i * cols.k + (cols.blank if answer is None else cols.labels.index(answer))] = n
    return x


def small_units(scenario: Scenario, question: str, min_n: int) -> dict[str, frozenset[Unit]]:
    """Units resting on fewer than min_n answers on the scale, from the data (clusters, specialties, nation)."""
    scale = scenario.scale_answers(question)
    respondents = scenario.respondents()
    out: dict[str, frozenset[Unit]] = {}
    for unit, n in scale.items():
        if respondents[unit] > 0 and n < min_n:
            out[f"{unit[0]} / {unit[1]}"] = frozenset({unit})
    for specialty in dict.fromkeys(u[0] for u in scale):
        members = [u for u in scale if u[0] == specialty and respondents[u] > 0]
        if members and sum(scale[u] for u in members) < min_n:
            out[specialty] = frozenset(members)
    everyone = [u for u in scale if respondents[u] > 0]
    if everyone and sum(scale[u] for u in everyone) < min_n:
        out["hele landet"] = frozenset(everyone)
    unique: dict[frozenset[Unit], str] = {}
    for name, units in out.items():
        unique.setdefault(units, name)
    return {name: units for units, name in unique.items()}


def stated_for_everyone(
    know: Knowledge, question: str, units: frozenset[Unit], cols: frozenset[int], value: int
) -> bool:
    """A shown figure of a larger unit says the cell's value of everyone (nobody there answered so, or all did)."""
    size = sum(know.respondents[u] for u in units)
    levels = {frozenset(know.leaves)} | {know.units("specialty", s, None) for s, _ in know.leaves}
    for (fact_units, fact_cols), fact_value in know.facts[question].items():
        if not units < fact_units or fact_units not in levels:  # the nation's or a specialty's own figure
            continue
        if value == 0 and fact_value == 0 and cols <= fact_cols:
            return True
        everyone = sum(know.respondents[u] for u in fact_units)
        if value == size and fact_value == everyone and fact_cols <= cols:
            return True
    return False


def attack_question(
    know: Knowledge,
    question: str,
    truth: np.ndarray,
    small: Mapping[str, frozenset[Unit]],
    result: Attack,
    rng: np.random.Generator,
    extra: Mapping[Key, int] | None = None,
) -> None:
    """Bound every category and named group of every small unit; record the pinned ones.

    A cell is first bounded with the unknowns of other specialties fixed at the
    truth (the specialty's own published totals make that exact when they are
    shown, and it is never weaker than the public); a cell pinned there is
    bounded again over every unknown, as the public would.
    """
    program = Program.of(know, question, extra)
    violated = program.violated(truth)
    assert not violated, f"{question}: the attacker's equations contradict the data:\n" + "\n".join(violated[:10])
    cols = know.columns[question]
    k = cols.k
    specialties = list(dict.fromkeys(s for s, _ in know.leaves))
    published = {
        s
        for s in specialties
        if all((know.units("specialty", s, None), frozenset({j})) in know.facts[question] for j in range(k))
    }
    result.questions += 1
    result.facts += len(program.values)
    result.small_units += len(small)
    blocks: dict[bytes, list[tuple[str, frozenset[Unit], str, frozenset[int], np.ndarray]]] = {}
    for name, units in small.items():
        touched = {s for s, _ in units}
        free = np.zeros(len(truth), dtype=bool)
        for i, (s, _) in enumerate(know.leaves):
            if s in touched or s not in published:
                free[i * k : (i + 1) * k] = True
        for cell, cell_cols in cols.cells().items():
            if cell == "blank":
                continue  # not protected: leaving a question blank is not an answer
            vector = np.zeros(len(truth))
            for u in units:
                vector[[know.leaves.index(u) * k + c for c in cell_cols]] = 1.0
            value = int(vector @ truth)
            result.cells += 1
            if stated_for_everyone(know, question, units, cell_cols, value):
                result.pins.append(Pin(question, name, cell, value, True))
                continue
            blocks.setdefault(free.tobytes(), []).append((name, units, cell, cell_cols, vector))
    for key, cells in blocks.items():
        free = np.frombuffer(key, dtype=bool).copy()
        block = program.restricted(free, truth)
        matrix = np.array([c[4] for c in cells])
        seen = [matrix @ truth]
        focus = (matrix.sum(axis=0) > 0).astype(float)
        x = block.solve(rng.normal(size=len(truth)) * focus)  # a random direction first
        if x is not None:
            seen.append(matrix @ x)
        for _ in range(4):  # then push every cell not yet seen at two values up, and down, together
            low, high = np.min(seen, axis=0), np.max(seen, axis=0)
            unresolved = low == high
            if not unresolved.any():
                break
            progress = False
            for sign in (-1.0, 1.0):
                x = block.solve(sign * (unresolved.astype(float) @ matrix))
                assert x is not None, "no table satisfies the published figures"
                seen.append(matrix @ x)
                progress |= bool((seen[-1] != low)[unresolved].any())
            if not progress:
                break
        for i, (name, _units, cell, _cols, vector) in enumerate(cells):
            values = {int(v[i]) for v in seen}
            if len(values) > 1:
                result.open_by_two_tables += 1
                continue
            (value,) = values
            if _open(block, vector, value, matrix, seen) or _open(program, vector, value, matrix, seen):
                continue
            result.pins.append(Pin(question, name, cell, value, False))
        result.solves += block.program.solves
    result.solves += program.solves


def _open(program: Program | Block, vector: np.ndarray, value: int, matrix: np.ndarray, seen: list[np.ndarray]) -> bool:
    """Whether some feasible table gives the cell another value (its least or greatest differs)."""
    for sign in (1.0, -1.0):
        x = program.solve(sign * vector)
        assert x is not None, "no table satisfies the published figures"
        seen.append(matrix @ x)
        if int(vector @ x) != value:
            return True
    return False


# == the hidden clusters one by one: the attack on derived figures that the table does not explain =============


def unpooled_attack(
    know: Knowledge,
    pub: Publication,
    record: Mapping[str, Any],
    truth: np.ndarray,
    small: Mapping[str, frozenset[Unit]],
) -> list[Pin]:
    """Suppose the derived figure was computed from every cluster, hidden ones included: which hidden counts fit?

    Enumerates the hidden clusters' (group count, base) pairs that add up to the
    released table's pooled totals, keeps those whose figure matches the
    published one, checks each against all the linear facts (integer program)
    and pins the small clusters' group counts that all survivors agree on.
    """
    q, s = record["question"], record["specialty"]
    cols = know.columns[q]
    group = record["measure"].split(":", 1)[1]
    count_cols, base_cols = cols.count_and_base("group", group, pub.ved_ikke)
    index = {(r["kind"], r["measure"], r["question"], r["level"], r["specialty"], r["cluster"]): r for r in pub.records}
    spec = index[("group", group, q, "specialty", s, None)]
    clusters = [u for u in know.leaves if u[0] == s]
    records = {u: index[("group", group, q, "cluster", u[0], u[1])] for u in clusters}
    shown = [u for u in clusters if records[u]["status"] == "shown"]
    hidden = [u for u in clusters if records[u]["status"] != "shown"]
    pool_count = spec["count"] - sum(records[u]["count"] for u in shown)
    pool_base = spec["base"] - sum(records[u]["base"] for u in shown)
    members = {
        (r["specialty"], r["cluster"]): r["population"]
        for r in pub.records
        if r["kind"] == "response" and r["level"] == "cluster"
    }
    shown_b = [u for u in shown if records[u]["base"]]

    def figure(tops: Sequence[int], bases: Sequence[int]) -> float:
        counts = [records[u]["count"] for u in shown_b] + [t for t, b in zip(tops, bases, strict=True) if b]
        all_bases = [records[u]["base"] for u in shown_b] + [b for b in bases if b]
        if record["kind"] == "heterogeneity":
            return _chi_square(counts, all_bases)
        m = [members[u] for u in shown_b] + [members[u] for u, b in zip(hidden, bases, strict=True) if b]
        return float(_weighted(m, counts, all_bases, pub.confidence)["share"])

    target = record["detail"]["statistic"] if record["kind"] == "heterogeneity" else record["share"]
    ranges = [
        [(t, b) for b in range(know.respondents[u] + 1) for t in range(b + 1)] for u in hidden
    ]  # (count in the group, base) of each hidden cluster
    if math.prod(len(r) for r in ranges) > ENUMERATION_LIMIT:
        return []
    survivors = []
    for combo in product(*ranges):
        if sum(t for t, _ in combo) != pool_count or sum(b for _, b in combo) != pool_base:
            continue
        if _close(figure([t for t, _ in combo], [b for _, b in combo]), target):
            survivors.append(combo)
    feasible = []
    for combo in survivors:
        extra = {}
        for u, (t, b) in zip(hidden, combo, strict=True):
            extra[(frozenset({u}), count_cols)] = t
            extra[(frozenset({u}), base_cols)] = b
        if Program.of(know, q, extra).solve(np.zeros(len(truth))) is not None:
            feasible.append(combo)
    pins = []
    for i, u in enumerate(hidden):
        name = f"{u[0]} / {u[1]}"
        if name not in small or not feasible:
            continue
        values = {combo[i][0] for combo in feasible}
        if len(values) == 1:
            pins.append(Pin(q, name, f"group:{group}", values.pop(), False))
    return pins


# == knowing the rule: what the choice of the complementary clusters says =======================================


@dataclass
class RuleAttack:
    """The attacker who also knows the documented rule that chose the hidden clusters (docs/release.md, rule 2):
    primary when fewer than min_n answered on the scale, then the complementary set that hides the fewest
    respondents, subsets tried in order of what they hide, and (when the provenance says so) random decoys on
    top. Every table of a shown specialty's hidden clusters (top box, other answers on the scale, "Ved ikke",
    blank) that adds up to the released totals is run through the rule; those that could not have given the
    published pattern are out, and a small cluster's column that all the others agree on is pinned."""

    patterns: int = 0
    candidates: int = 0
    consistent: int = 0
    not_reproduced: list[str] = field(default_factory=list)
    too_many: int = 0
    pins: list[Pin] = field(default_factory=list)


RULE_LIMIT = 2_000
"""Hidden tables enumerated per (question, specialty) at most (beyond it the pattern is counted, not attacked)."""
RULE_CANDIDATES = 12
"""Candidate clusters of one specialty at most (the rule's subsets are enumerated in full)."""


def _rule_columns(know: Knowledge, q: str, units: frozenset[Unit]) -> tuple[int, ...] | None:
    """A unit's (top box, other answers on the scale, "Ved ikke", blank) from the published facts, if all are."""
    cols = know.columns[q]
    facts = know.facts[q]
    assert cols.top_box is not None
    top = facts.get((units, frozenset(cols.groups[cols.top_box])))
    answered = facts.get((units, cols.answers))
    on_scale = facts.get((units, cols.scale))
    respondents = facts.get((units, frozenset(range(cols.k))))
    if top is None or answered is None or on_scale is None or respondents is None:
        return None
    row = (top, on_scale - top, answered - on_scale, respondents - answered)
    return row if cols.answers != cols.scale else (row[0], row[1], row[3])


@cache
def _compositions(total: int, width: int) -> tuple[tuple[int, ...], ...]:
    """Every non-negative integer vector of ``width`` parts summing to ``total``."""
    if width == 1:
        return ((total,),)
    return tuple((first, *rest) for first in range(total + 1) for rest in _compositions(total - first, width - 1))


def _hidden_tables(sizes: Sequence[int], pool: Sequence[int], limit: int) -> list[list[tuple[int, ...]]] | None:
    """Every way to give each hidden cluster a row summing to its respondents, rows adding up to ``pool``
    (None when there are more than ``limit``)."""
    out: list[list[tuple[int, ...]]] = []
    if sum(pool) != sum(sizes) or min(pool, default=0) < 0:
        return out

    def walk(i: int, remaining: tuple[int, ...], rows: list[tuple[int, ...]]) -> bool:
        if i == len(sizes) - 1:  # the last row is what remains
            out.append([*rows, remaining])
            return len(out) <= limit
        for row in _compositions(sizes[i], len(pool)):
            if all(x <= r for x, r in zip(row, remaining, strict=True)):
                rest = tuple(r - x for r, x in zip(remaining, row, strict=True))
                if not walk(i + 1, rest, [*rows, row]):
                    return False
        return True

    if not sizes:
        return out
    return out if walk(0, tuple(pool), []) else None


def _subsets_in_order(costs: Sequence[int]) -> list[tuple[int, ...]]:
    """Subsets of the candidates in the order the rule tries them: by respondents hidden, then size, then
    the candidates' positions when sorted by respondents."""
    order = sorted(range(len(costs)), key=lambda i: (costs[i], i))
    subsets = []
    for mask in range(1 << len(order)):
        positions = tuple(p for p in range(len(order)) if mask >> p & 1)
        subsets.append((sum(costs[order[p]] for p in positions), len(positions), positions))
    subsets.sort()
    return [tuple(sorted(order[p] for p in positions)) for _, _, positions in subsets]


def _rule_parts(
    sizes: Sequence[int], table: Sequence[Sequence[int]], protected_cols: Sequence[bool], min_n: int
) -> tuple[list[int], list[int], Callable[[Sequence[int]], bool]]:
    """The documented rule's pieces for one specialty's cluster table (rows: top box, other answers on the
    scale, [non-substantive,] blank): the small (primary) clusters, the candidates, and whether a set protects."""
    n, width = len(sizes), len(protected_cols)
    parent = sum(sizes)
    totals = [sum(row[j] for row in table) for j in range(width)]
    exempt = [t == 0 or t == parent for t in totals]
    nonsub = [sum(row[2:]) for row in table]  # "Ved ikke" and blanks (the last columns)
    scale = [row[0] + row[1] for row in table]
    primary = [i for i in range(n) if sizes[i] > 0 and scale[i] < min_n]
    candidates = [i for i in range(n) if i not in primary and sizes[i] > 0]

    def protects(hidden: Sequence[int]) -> bool:
        most = sum(nonsub[i] for i in hidden)
        r_total = sum(sizes[i] for i in hidden)
        rows = [i for i in hidden if 0 < sizes[i] < parent and sizes[i] - min(sizes[i], most) < min_n]
        for j in range(width):
            if not protected_cols[j] or exempt[j]:
                continue
            t = sum(table[i][j] for i in hidden)
            for i in rows:
                if max(0, t - (r_total - sizes[i])) == min(sizes[i], t):
                    return False
        return True

    return primary, candidates, protects


def rule_pattern(
    sizes: Sequence[int], table: Sequence[Sequence[int]], protected_cols: Sequence[bool], min_n: int
) -> frozenset[int] | None:
    """The hidden clusters the documented rule without its randomness (``decoys=0``) chooses: the primary
    ones and the cheapest protecting set; None when no set protects."""
    primary, candidates, protects = _rule_parts(sizes, table, protected_cols, min_n)
    if not primary:
        return frozenset()
    for subset in _subsets_cache(tuple(sizes[i] for i in candidates)):
        chosen = [candidates[p] for p in subset]
        if protects(sorted(primary + chosen)):
            return frozenset(primary + chosen)
    return None


def rule_allows(
    sizes: Sequence[int],
    table: Sequence[Sequence[int]],
    protected_cols: Sequence[bool],
    min_n: int,
    observed: frozenset[int],
) -> bool:
    """Whether the randomised rule (random tilt of the costs, then decoys) can hide exactly ``observed``: every
    protecting set that holds the small clusters is a possible choice, so the observed set must hold them, some
    cluster must be small, and it must protect."""
    primary, _, protects = _rule_parts(sizes, table, protected_cols, min_n)
    return bool(primary) and set(primary) <= observed and protects(sorted(observed))


@cache
def _subsets_cache(costs: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(_subsets_in_order(costs))


@dataclass
class RuleContext:
    """One question and shown specialty as the rule saw it: the clusters' published rows, the hidden ones."""

    question: str
    specialty: str
    units: list[Unit]
    rows: dict[Unit, tuple[int, ...] | None]
    hidden: list[Unit]
    pool: list[int]
    spec: tuple[int, ...]
    names: list[str]

    respondents: dict[Unit, int]

    @property
    def sizes(self) -> list[int]:
        return [self.respondents[u] for u in self.units]

    @property
    def width(self) -> int:
        return len(self.pool)

    @property
    def protected(self) -> list[bool]:
        return [True] * (self.width - 1) + [False]

    def table(self, candidate: Sequence[tuple[int, ...]]) -> list[tuple[int, ...]]:
        fill = dict(zip(self.hidden, candidate, strict=True))
        return [self.rows[u] or fill[u] for u in self.units]


def rule_contexts(know: Knowledge) -> Iterator[RuleContext]:
    """Every (question with a top box, shown specialty with hidden clusters)."""
    for q, cols in know.columns.items():
        nonsub_options = len(cols.answers - cols.scale)
        if cols.top_box is None or nonsub_options > 1:
            continue
        width = 4 if nonsub_options else 3
        other = cols.scale - frozenset(cols.groups[cols.top_box])
        named = {frozenset({i}): f"category:{label}" for i, label in enumerate(cols.labels)}
        named.update({frozenset(g): f"group:{name}" for name, g in cols.groups.items()})
        nonsub_name = named.get(cols.answers - cols.scale, "not on the scale")
        names = ["group:top_box", named.get(other, "on the scale outside the top box"), nonsub_name, "blank"]
        if not nonsub_options:
            names = [names[0], names[1], names[3]]
        for specialty in dict.fromkeys(s for s, _ in know.order):
            units = [u for u in know.order if u[0] == specialty]
            spec = _rule_columns(know, q, frozenset(units))
            rows = {u: _rule_columns(know, q, frozenset({u})) for u in units}
            hidden = [u for u in units if rows[u] is None]
            if spec is None or not hidden:
                continue  # a hidden specialty (all its clusters hidden), or nothing hidden
            pool = [spec[j] - sum(r[j] for r in rows.values() if r is not None) for j in range(width)]
            yield RuleContext(q, specialty, units, rows, hidden, pool, spec, names, dict(know.respondents))


def consistent(
    ctx: RuleContext, candidate: Sequence[tuple[int, ...]], observed: frozenset[int], min_n: int, randomised: bool
) -> bool:
    """Whether the rule could have hidden ``observed`` had the hidden clusters held ``candidate``.

    Without its randomness (``decoys=0``) only the cheapest protecting set; with it any protecting set that
    holds the small clusters (:func:`rule_allows`).
    """
    table = ctx.table(candidate)
    if randomised:
        return rule_allows(ctx.sizes, table, ctx.protected, min_n, observed)
    return rule_pattern(ctx.sizes, table, ctx.protected, min_n) == observed


def rule_attack(know: Knowledge, scenario: Scenario, result: RuleAttack) -> None:
    """Run every hidden table that fits the released totals through the rule; pin what the survivors agree on."""
    min_n = scenario.min_n
    for ctx in rule_contexts(know):
        q = ctx.question
        result.patterns += 1
        tables = _hidden_tables([know.respondents[u] for u in ctx.hidden], ctx.pool, RULE_LIMIT)
        if tables is None or len(ctx.units) > RULE_CANDIDATES:
            result.too_many += 1
            continue
        observed = frozenset(ctx.units.index(u) for u in ctx.hidden)
        sizes = ctx.sizes
        survivors = []
        for candidate in tables:
            result.candidates += 1
            if consistent(ctx, candidate, observed, min_n, know.decoys):
                survivors.append(candidate)
        result.consistent += len(survivors)
        truth = scenario.truth(q)
        true_candidate = [_true_rule_row(know.columns[q], truth[u], ctx.width) for u in ctx.hidden]
        if true_candidate not in survivors:
            result.not_reproduced.append(f"{q} · {ctx.specialty}")
            continue
        small = small_units(scenario, q, min_n)
        for i, u in enumerate(ctx.hidden):
            name = f"{u[0]} / {u[1]}"
            if name not in small:
                continue
            for j in range(ctx.width - 1):
                values = {c[i][j] for c in survivors}
                if len(values) > 1:
                    continue
                value = values.pop()
                everyone = (value == 0 and ctx.spec[j] == 0) or (
                    value == know.respondents[u] and ctx.spec[j] == sum(sizes)
                )
                result.pins.append(Pin(q, name, ctx.names[j], value, everyone))


def _true_rule_row(cols: Columns, answers: Counter[str | None], width: int) -> tuple[int, ...]:
    assert cols.top_box is not None
    top_labels = {cols.labels[i] for i in cols.groups[cols.top_box]}
    scale_labels = {cols.labels[i] for i in cols.scale}
    top = sum(n for a, n in answers.items() if a in top_labels)
    other = sum(n for a, n in answers.items() if a in scale_labels) - top
    blank = answers.get(None, 0)
    nonsub = sum(answers.values()) - top - other - blank
    return (top, other, nonsub, blank) if width == 4 else (top, other, blank)


# == one scenario, end to end =====================================================================================


@dataclass
class Outcome:
    scenario: str
    releases: int
    files: int
    attack: Attack
    derived: Derived
    fact_kinds: Counter[str]
    unpooled_pins: list[Pin]
    rule: RuleAttack


@contextmanager
def _no_library_audit() -> Iterator[None]:
    """Release.write runs klyngestat's own audit first; the attacker here is independent of it (and faster)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Release, "check", lambda self: None)
        yield


def releases_of(scenario: Scenario, **options: Any) -> list[Release]:
    """The scenario's release for every option that keeps the counts (and any further options given)."""
    survey = scenario.survey()
    return [
        build_release(survey, options=ReleaseOptions(min_n=scenario.min_n, ved_ikke=v, national_method=m, **options))
        for v, m in OPTIONS
    ]


def attack_scenario(
    scenario: Scenario,
    folder: Path,
    *,
    releases: Sequence[Release] | None = None,
    formats: Sequence[str] = FORMATS,
    knowing_the_rule: bool = True,
) -> Outcome:
    """Publish every release of the scenario in every format, read it all back and attack the union."""
    releases = list(releases) if releases is not None else releases_of(scenario)
    folder.mkdir(parents=True, exist_ok=True)
    with _no_library_audit():
        pubs = publish_everything(releases, folder, formats)
    differences = formats_disagree(pubs)
    assert not differences, "the formats of one release disagree:\n" + "\n".join(differences[:10])
    files = len(pubs)
    # the formats of a release agree record by record: equations and derived figures from its JSON and the contract
    pubs = [p for p in pubs if p.contract or p.source.endswith(".json")]
    know = Knowledge(pubs)
    assert not know.conflicts, "published figures disagree:\n" + "\n".join(know.conflicts[:10])
    derived = check_derived(pubs, know)
    attack = Attack()
    rng = np.random.default_rng(0)
    unpooled: list[Pin] = []
    for q in know.meta:
        truth = truth_vector(scenario, know, q)
        small = small_units(scenario, q, scenario.min_n)
        attack_question(know, q, truth, small, attack, rng)
        for pub, record in derived.unexplained:
            if record["question"] == q and record["kind"] in ("weighted", "heterogeneity"):
                unpooled += unpooled_attack(know, pub, record, truth, small)
    rule = RuleAttack()
    if knowing_the_rule:
        rule_attack(know, scenario, rule)
    derived.unexplained.clear()  # the publications are not kept
    return Outcome(scenario.name, len(releases), files, attack, derived, know.kinds, unpooled, rule)


def describe(outcome: Outcome) -> str:
    a, rule = outcome.attack, outcome.rule
    lines = [
        f"{outcome.scenario}: {outcome.releases} releases, {outcome.files} files, {a.questions} questions, "
        f"{a.facts} equations, {a.small_units} small units, {a.cells} hidden cells bounded "
        f"({a.open_by_two_tables} open by two tables, {a.solves} linear/integer programs), "
        f"{sum(outcome.derived.checked.values())} derived figures recomputed, "
        f"{len(a.pins) - len(a.leaks)} cells stated for everyone by a larger unit; "
        f"knowing the rule: {rule.patterns} patterns, {rule.candidates} hidden tables tried, "
        f"{rule.consistent} give the published pattern, {len(rule_leaks(outcome))} cells pinned"
    ]
    lines += [f"  PINNED {p.question} · {p.unit} · {p.cell} = {p.value}" for p in a.leaks]
    lines += [
        f"  PINNED (hidden clusters one by one) {p.question} · {p.unit} · {p.cell} = {p.value}"
        for p in outcome.unpooled_pins
    ]
    lines += [f"  NOT EXPLAINED BY THE TABLE {f}" for f in outcome.derived.findings]
    lines += [f"  RULE NOT REPRODUCED {x}" for x in rule.not_reproduced]
    return "\n".join(lines)


def describe_rule_pins(outcome: Outcome) -> str:
    return "\n".join(
        f"  PINNED BY KNOWING THE RULE {outcome.scenario}: {p.question} · {p.unit} · {p.cell} = {p.value}"
        for p in rule_leaks(outcome)
    )


def leaked(outcome: Outcome) -> bool:
    """A leak to the attacker of the records (equations, derived figures); the rule is tested apart."""
    return bool(outcome.attack.leaks or outcome.unpooled_pins or outcome.derived.findings)


def rule_leaks(outcome: Outcome) -> list[Pin]:
    return [p for p in outcome.rule.pins if not p.stated_for_everyone]


# == the tests ====================================================================================================

OUTCOMES: dict[str, Outcome] = {}


def _shared_outcomes(factory: pytest.TempPathFactory) -> Path | None:
    """A folder this run's xdist workers share, where each scenario's outcome is left for the others (None alone).

    The totals below need every scenario's outcome; without it, a worker would attack again the scenarios
    another worker already attacked (half the work twice). The folder is named by the run's id, so no outcome
    outlives its run.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return None
    folder = factory.getbasetemp().parent / f"attack-outcomes-{run}"
    folder.mkdir(exist_ok=True)
    return folder


def outcome_of(name: str, factory: pytest.TempPathFactory) -> Outcome:
    if name in OUTCOMES:
        return OUTCOMES[name]
    shared = _shared_outcomes(factory)
    left = shared / f"{name}.pickle" if shared is not None else None
    if left is not None and left.exists():
        OUTCOMES[name] = pickle.loads(left.read_bytes())
    else:
        OUTCOMES[name] = attack_scenario(SCENARIOS[name](), factory.mktemp("attack"))
        if left is not None:
            part = left.with_suffix(f".{os.getpid()}.part")
            part.write_bytes(pickle.dumps(OUTCOMES[name]))
            part.replace(left)  # whole or not at all for a worker reading it
    return OUTCOMES[name]


def all_outcomes(factory: pytest.TempPathFactory) -> list[Outcome]:
    """Every scenario's attack (those not yet attacked in this run are attacked now)."""
    return [outcome_of(name, factory) for name in SCENARIOS]


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 50


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_small_cell_is_pinned(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    outcome = outcome_of(name, tmp_path_factory)
    print(describe(outcome))
    assert not leaked(outcome), describe(outcome)
    assert not outcome.rule.not_reproduced, describe(outcome)  # the attacker's rule agrees with the library's


def test_what_the_attacker_tried(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Totals over every scenario: how much was tried, and that nothing leaked to the attacker of the records."""
    outcomes = all_outcomes(tmp_path_factory)
    kinds: Counter[str] = Counter()
    derived: Counter[str] = Counter()
    for o in outcomes:
        kinds.update(o.fact_kinds)
        derived.update(o.derived.checked)
    total = {
        "scenarios": len(outcomes),
        "releases": sum(o.releases for o in outcomes),
        "files read": sum(o.files for o in outcomes),
        "question attacks": sum(o.attack.questions for o in outcomes),
        "equations (distinct)": sum(o.attack.facts for o in outcomes),
        "small units": sum(o.attack.small_units for o in outcomes),
        "hidden cells bounded": sum(o.attack.cells for o in outcomes),
        "open by two tables": sum(o.attack.open_by_two_tables for o in outcomes),
        "linear/integer programs": sum(o.attack.solves for o in outcomes),
        "cells stated for everyone": sum(len(o.attack.pins) - len(o.attack.leaks) for o in outcomes),
        "leaks": sum(len(o.attack.leaks) + len(o.unpooled_pins) for o in outcomes),
        "derived figures not explained by the table": sum(len(o.derived.findings) for o in outcomes),
        "patterns run through the rule": sum(o.rule.patterns for o in outcomes),
        "hidden tables tried against the rule": sum(o.rule.candidates for o in outcomes),
        "patterns too large to enumerate": sum(o.rule.too_many for o in outcomes),
        "cells pinned by knowing the rule": sum(len(rule_leaks(o)) for o in outcomes),
        "scenarios leaking through the rule": sum(bool(rule_leaks(o)) for o in outcomes),
    }
    report = "\n".join(
        [
            "attacker totals: " + ", ".join(f"{k} {v}" for k, v in total.items()),
            "equations read (with repeats), by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
            "derived figures recomputed from the released table: "
            + ", ".join(f"{k} {v}" for k, v in sorted(derived.items())),
        ]
    )
    print(report)
    assert total["scenarios"] >= 50 and total["releases"] >= 200 and total["hidden cells bounded"] >= 1000, report
    assert total["leaks"] == 0 and total["derived figures not explained by the table"] == 0, (
        report + "\n" + "\n".join(describe(o) for o in outcomes if leaked(o))
    )


SIZES = st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=4), min_size=1, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=SIZES, seed=st.integers(0, 2**16))
def test_no_random_small_scenario_leaks(sizes: list[list[int]], seed: int, tmp_path: Path) -> None:
    if sum(map(sum, sizes)) == 0:
        sizes = [[1, *sizes[0][1:]], *sizes[1:]]
    scenario = scenario_from_sizes("hypothesis", seed, sizes, questions=DEFAULT_QUESTIONS[:3])
    # JSON and the contract (the formats agree: the scenarios above read CSV and Parquet too)
    folder = tmp_path / f"h{seed}-{'-'.join(map(str, map(sum, sizes)))}"
    outcome = attack_scenario(scenario, folder, formats=("json",), knowing_the_rule=False)
    assert not leaked(outcome), describe(outcome)


# == the leak: the choice of complementary clusters tells what it protects ========================================


def _cheaper_cluster_left_shown(a: str = "125", c: str = "12345612") -> Draft:
    """Derma – A (3 answers, no "Ved ikke") is hidden with Derma – C (8); Derma – B (6, no "Ved ikke") is cheaper
    but shown. The data's decoy draws add nothing here."""
    q = "understoetter_kvalitet"
    d = Draft("cheaper_cluster_left_shown", 2, questions=(q,), ved_ikke=0.0, blank=0.0)
    d.cluster("Dermatologi", "Derma – A", 3, fixed={q: a})
    d.cluster("Dermatologi", "Derma – B", 6, fixed={q: "112345"})
    d.cluster("Dermatologi", "Derma – C", 8, fixed={q: c})
    d.cluster("Dermatologi", "Derma – D", 10, fixed={q: "1234561234"})
    d.cluster("Anæstesiologi", "Anæst – X", 9)
    d.cluster("Anæstesiologi", "Anæst – Y", 7)
    return d


def test_a_cheaper_cluster_left_shown_gives_nothing_away(tmp_path: Path) -> None:
    """The released totals leave 1 "Ved ikke" among Derma – A and Derma – C: by the equations A has 0 or 1.
    Had A held it, A with B (hidden total 1 "Ved ikke" of 9) would have protected A, and a rule that always
    takes the cheapest protecting set would have hidden B; B is shown, so A would be pinned at 0. klyngestat
    tilts the costs at random (secret draws), so any protecting set can be chosen: nothing is pinned."""
    outcome = attack_scenario(_cheaper_cluster_left_shown().scenario(), tmp_path)
    assert not leaked(outcome), describe(outcome)  # the equations alone pin nothing
    assert not outcome.rule.not_reproduced, describe(outcome)
    assert not rule_leaks(outcome), describe(outcome) + "\n" + describe_rule_pins(outcome)


def test_two_surveys_with_the_same_released_totals_cannot_be_told_apart() -> None:
    """The same with klyngestat alone: swap A's "Slet ikke" with C's "Ved ikke". Every released total stays
    the same, and the other survey's cheapest protecting set hides B, while the published release shows B.
    Yet with other secret keys klyngestat draws the published pattern for the other survey too: the pattern
    does not tell the two apart."""
    from klyngestat.release.build import column_specs
    from klyngestat.release.disclosure import question_pattern
    from klyngestat.stats._counts import unit_counts

    q = "understoetter_kvalitet"

    def hidden(draft: Draft, options: ReleaseOptions) -> set[str]:
        release = build_release(draft.scenario().survey(), options=options)
        return {str(r.cluster) for r in release.select(kind="group", level="cluster", question=q) if not r.shown}

    published = hidden(_cheaper_cluster_left_shown(), ReleaseOptions())
    other = _cheaper_cluster_left_shown(a="126", c="12345512")
    cheapest = hidden(other, ReleaseOptions(decoys=0))
    assert "Derma – B" not in published and "Derma – B" in cheapest, (published, cheapest)
    survey = other.scenario().survey()
    _, units = survey.units
    scale = survey.questionnaire.scale_of(q)
    counts = unit_counts(survey, q)
    substantive = np.array([o.substantive for o in scale.options] + [False])
    patterns = set()
    for key in range(200):
        pattern = question_pattern(
            q,
            list(units.specialty),
            list(units.cluster),
            list(survey.specialties),
            counts,
            substantive,
            *column_specs(scale),
            5,
            key.to_bytes(4, "big"),
        )
        patterns.add(frozenset(c for s, c in pattern.clusters if s == "Dermatologi"))
    assert frozenset(published) in patterns, (published, patterns)


def test_decoys_hide_which_cheaper_set_failed_when_it_is_inside_the_hidden_set(tmp_path: Path) -> None:
    """Kar – 1 and Kar – 2 (3 answers each, all "Nej") are hidden with Kar – 3 (6); Kar – 4 (9) is shown.

    Without decoys, Kar – 3 hidden means that the two alone would have been pinned (their 6 answers all "Nej"
    or all "Ja"): the rule-aware attacker pins both at 0 "Ja". With decoys Kar – 3 may be one, and nothing is
    pinned. (The rule-aware attacker has teeth, and reads the rule's randomness from the provenance.)
    """
    q = "forbedringer"
    d = Draft("two_small_clusters_saying_no", 41, questions=(q,), ved_ikke=0.0, blank=0.0)
    d.cluster("Karkirurgi", "Kar – 1", 3, fixed={q: "222"})
    d.cluster("Karkirurgi", "Kar – 2", 3, fixed={q: "222"})
    d.cluster("Karkirurgi", "Kar – 3", 6, fixed={q: "122222"})
    d.cluster("Karkirurgi", "Kar – 4", 9, fixed={q: "111122222"})
    d.cluster("Dermatologi", "Derma – A", 10, fixed={q: "1111122222"})
    d.cluster("Dermatologi", "Derma – B", 8, fixed={q: "11112222"})
    scenario = d.scenario()
    survey = scenario.survey()
    without = {("Karkirurgi / Kar – 1", 0), ("Karkirurgi / Kar – 2", 0)}
    for decoys, expected in ((0.0, without), (ReleaseOptions().decoys, set())):
        releases = [
            build_release(survey, options=ReleaseOptions(ved_ikke=v, decoys=decoys)) for v in ("include", "exclude")
        ]
        hidden = {r.cluster for r in releases[0].select(kind="group", level="cluster", question=q) if not r.shown}
        assert {"Kar – 1", "Kar – 2", "Kar – 3"} <= hidden, hidden
        assert decoys or hidden == {"Kar – 1", "Kar – 2", "Kar – 3"}, hidden
        outcome = attack_scenario(scenario, tmp_path / str(decoys), releases=releases, formats=("json",))
        assert not leaked(outcome) and not outcome.rule.not_reproduced, describe(outcome)
        pins = {(p.unit, p.value) for p in rule_leaks(outcome) if p.cell == "group:top_box"}
        assert pins == expected, describe(outcome) + "\n" + describe_rule_pins(outcome)


def test_a_hidden_cluster_of_min_n_respondents_keeps_its_ved_ikke(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``forbedringer`` in Dermatologi: Derma – Vi (6 respondents) and Derma – K3 (8) are hidden; the released
    figures would leave them 2 "Ved ikke" and no blank between them. Something hidden has fewer than 5 answers
    on the scale; K3 would need 4 "Ved ikke" for that, so it would be Vi, with at least 2 of its 6: exactly 2
    (and K3 none). klyngestat checks this inference (the one hidden unit that can be small is known to be
    small) and hides more until it pins nothing, with its randomness and without."""
    name = "ved_ikke_makes_small"
    scenario = SCENARIOS[name]()
    cheapest = attack_scenario(scenario, tmp_path, releases=releases_of(scenario, decoys=0), formats=("json",))
    # with its randomness: the scenario's attack above (test_no_small_cell_is_pinned), shared by this run, on
    # releases_of(scenario) with the published options, read from every format (the JSON among them)
    published = outcome_of(name, tmp_path_factory)
    for outcome in (cheapest, published):
        assert not leaked(outcome), describe(outcome)
        assert not rule_leaks(outcome), describe_rule_pins(outcome)


def test_knowing_the_rule_pins_nothing_in_any_scenario(tmp_path_factory: pytest.TempPathFactory) -> None:
    outcomes = all_outcomes(tmp_path_factory)
    pins = [describe_rule_pins(o) for o in outcomes if rule_leaks(o)]
    assert not pins, f"{len(pins)} of {len(outcomes)} scenarios:\n" + "\n".join(pins)


def test_the_demo_gives_nothing_away_to_an_attacker_who_knows_the_rule(the_demo_survey: Survey, tmp_path: Path) -> None:
    """The shipped demo, ``prioritet_faglige_droeftelser``, Anæstesiologi: Østdanmark (9) and Nordjylland (3)
    are hidden, Syddanmark (6 of 6 in the top box) is shown. The hidden two hold 11 in the top box and 1 outside
    it, so Nordjylland is 3 + 0 or 2 + 1. Were it 2 + 1, Nordjylland with Syddanmark (8 of 9) would have
    protected it, and a rule that always takes the cheapest set would have hidden Syddanmark (cheaper than
    Østdanmark); with the random tilt of the costs Østdanmark may be chosen instead, so nothing is pinned."""
    survey = the_demo_survey
    frame = survey.frame[["respondent_id", "specialty", "cluster", "status", "prioritet_faglige_droeftelser"]]
    frame = frame.astype(object).where(frame.notna(), None)
    scenario = Scenario("demo", frame, survey.roster, ("prioritet_faglige_droeftelser",), 5)
    outcome = attack_scenario(scenario, tmp_path, formats=("json",))
    assert not leaked(outcome), describe(outcome)
    assert not outcome.rule.not_reproduced, describe(outcome)
    assert not rule_leaks(outcome), describe_rule_pins(outcome)


def _world(scenario: Scenario, ctx: RuleContext, candidate: Sequence[tuple[int, ...]], cols: Columns) -> Scenario:
    """The scenario with only ctx's question, its hidden clusters' answers rewritten to the candidate rows
    (top box, other answers on the scale, [non-substantive,] blank); the released totals stay the same."""
    assert cols.top_box is not None
    top = cols.labels[cols.groups[cols.top_box][0]]
    other = next(cols.labels[i] for i in sorted(cols.scale) if i not in cols.groups[cols.top_box])
    nonsub = [cols.labels[i] for i in sorted(cols.answers - cols.scale)]
    frame = scenario.frame[["respondent_id", "specialty", "cluster", "status", ctx.question]].copy()
    for unit, row in zip(ctx.hidden, candidate, strict=True):
        answers = [top] * row[0] + [other] * row[1] + (nonsub * row[2] if nonsub else []) + [None] * row[-1]
        at = frame.index[
            (frame["specialty"] == unit[0])
            & (frame["cluster"] == unit[1])
            & frame["status"].isin(["completed", "partial"])
        ]
        assert len(at) == len(answers)
        frame.loc[at, ctx.question] = pd.Series(answers, index=at, dtype=object)
        frame.loc[at, "status"] = ["partial" if a is None else "completed" for a in answers]
    return Scenario(scenario.name, frame, scenario.roster, (ctx.question,), scenario.min_n)


@pytest.mark.parametrize("name", ["two_identical_small_clusters", "many_small_clusters", "random_1"])
def test_the_attackers_rule_is_klyngestats(name: str, tmp_path: Path) -> None:
    """Other tables of the hidden clusters (same released totals) through klyngestat itself: without its
    randomness the pattern it chooses is the cheapest protecting set the attacker's reading of the documented
    rule predicts, whether or not it is the published one; with it, a set the reading allows (holds the small
    clusters and protects). So the pins of the rule-aware attack are klyngestat's, not the attacker's mistakes."""
    scenario = SCENARIOS[name]()
    survey = scenario.survey()
    release = build_release(survey, options=ReleaseOptions(min_n=scenario.min_n))
    exclude = build_release(survey, options=ReleaseOptions(min_n=scenario.min_n, ved_ikke="exclude"))
    with _no_library_audit():
        pubs = publish_everything([release, exclude], tmp_path, ("json",))
    know = Knowledge(pubs)
    rng = np.random.default_rng(len(name))
    checked = agreed = 0
    for ctx in rule_contexts(know):
        tables = _hidden_tables([know.respondents[u] for u in ctx.hidden], ctx.pool, RULE_LIMIT) or []
        top = str(know.columns[ctx.question].top_box)
        for pick in rng.permutation(len(tables))[:1]:
            candidate = tables[int(pick)]
            predicted = rule_pattern(ctx.sizes, ctx.table(candidate), ctx.protected, scenario.min_n)
            world = _world(scenario, ctx, candidate, know.columns[ctx.question]).survey()
            found = []
            for options in (ReleaseOptions(min_n=scenario.min_n, decoys=0), release.options):
                other = build_release(world, options=options)
                spec = other.find("group", top, question=ctx.question, specialty=ctx.specialty)
                if spec is None or not spec.shown:
                    break  # hidden at the specialty level (linked levels): the cluster rule is not the whole story
                found.append(
                    {
                        (r.specialty, r.cluster)
                        for r in other.select(kind="group", level="cluster", question=ctx.question)
                        if not r.shown and r.specialty == ctx.specialty
                    }
                )
            if len(found) < 2:
                continue
            checked += 1
            cheapest = None if predicted is None else {ctx.units[i] for i in predicted}
            drawn = frozenset(ctx.units.index(u) for u in found[1])
            allowed = rule_allows(ctx.sizes, ctx.table(candidate), ctx.protected, scenario.min_n, drawn)
            agreed += cheapest is not None and found[0] == cheapest and allowed
    print(f"{name}: {checked} other tables through klyngestat, {agreed} patterns as predicted")
    assert checked > 0 and agreed == checked, (checked, agreed)


# == the attacker has teeth =======================================================================================


def _issue_like() -> Scenario:
    """Anæstesiologi of the issue: clusters of 9, 6 and 3 answers to ``forbedringer`` beside shown ones."""
    d = Draft("issue_like", 7, questions=("forbedringer",), ved_ikke=0.0, blank=0.0)
    d.cluster("Anæstesiologi", "Anæst – Hovedstaden", 9, fixed={"forbedringer": "111112222"}, members=9)
    d.cluster("Anæstesiologi", "Anæst – Sjælland", 6, fixed={"forbedringer": "111122"}, members=6)
    d.cluster("Anæstesiologi", "Anæst – Midt", 6, fixed={"forbedringer": "112222"}, members=10)
    d.cluster("Anæstesiologi", "Anæst – Nordjylland", 3, fixed={"forbedringer": "222"}, members=8)
    d.cluster("Dermatologi", "Derma – A", 10, fixed={"forbedringer": "1111122222"})
    d.cluster("Dermatologi", "Derma – B", 8, fixed={"forbedringer": "11112222"})
    return d.scenario()


@dataclass(frozen=True)
class IssueLike:
    """:func:`_issue_like` released with the cheapest protecting set alone, and the attack on all of it."""

    scenario: Scenario
    releases: tuple[Release, ...]
    """``releases_of(scenario, decoys=0)``: one complementary cluster, and two clusters shown."""
    clean: Outcome
    """``attack_scenario(scenario, …, releases=releases)``: every format read back and attacked."""


@pytest.fixture(scope="module")
def issue_like(tmp_path_factory: pytest.TempPathFactory) -> IssueLike:
    """Built and attacked once for the three tests below, which each read it and change nothing in it (a Release
    is frozen; the tests write their altered copies of its files to their own folders)."""
    scenario = _issue_like()
    releases = tuple(releases_of(scenario, decoys=0))
    return IssueLike(scenario, releases, attack_scenario(scenario, tmp_path_factory.mktemp("issue"), releases=releases))


def test_the_attacker_pins_a_cluster_when_complementary_suppression_chooses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without complementary cells a lone hidden cluster is recovered by subtraction: the attacker must say so."""
    scenario = SCENARIOS["one_small_cluster"]()
    monkeypatch.setattr(disclosure_module, "cheapest_protecting_set", lambda costs, protects, **kw: ())
    outcome = attack_scenario(scenario, tmp_path, releases=releases_of(scenario, decoys=0))
    pinned = {(p.question, p.unit) for p in outcome.attack.leaks}
    assert ("understoetter_kvalitet", "Dermatologi / Derma – Nord") in pinned, describe(outcome)
    assert "group:top_box" in {p.cell for p in outcome.attack.leaks}, describe(outcome)


def test_the_attacker_pins_a_cluster_when_one_hidden_count_is_revealed(issue_like: IssueLike, tmp_path: Path) -> None:
    """Reveal a complementary cluster's top box in the written CSV: the small cluster beside it falls."""
    scenario = issue_like.scenario
    releases = issue_like.releases  # the cheapest protecting set alone: one complementary cluster
    records = releases[0].records
    small = ("Anæstesiologi", "Anæst – Nordjylland")
    hidden = [
        r
        for r in records
        if r.kind == "group" and r.level == "cluster" and r.question == "forbedringer" and not r.shown
    ]
    assert {r.cluster for r in hidden} >= {small[1]} and len(hidden) == 2, [r.cluster for r in hidden]
    other = next(r for r in hidden if r.cluster != small[1])
    outcome = issue_like.clean  # attack_scenario(scenario, …, releases=releases)
    assert not leaked(outcome), describe(outcome)
    truth = scenario.truth("forbedringer")[("Anæstesiologi", other.cluster or "")]
    with _no_library_audit():
        path = releases[0].write(tmp_path / "leaky" / "release.csv", "csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    at = frame["id"] == other.id
    frame.loc[at, ["status", "count", "base"]] = ["shown", str(truth["Ja"]), str(truth["Ja"] + truth["Nej"])]
    frame.to_csv(path, index=False)
    know = Knowledge([read_table_release(path)])
    result = Attack()
    q = "forbedringer"
    attack_question(
        know, q, truth_vector(scenario, know, q), small_units(scenario, q, 5), result, np.random.default_rng(0)
    )
    assert Pin(q, "Anæstesiologi / Anæst – Nordjylland", "group:top_box", 0, False) in result.leaks, result


@pytest.mark.parametrize("kind", ["weighted", "heterogeneity"])
def test_the_attacker_solves_a_derived_figure_computed_from_hidden_clusters(
    kind: str, issue_like: IssueLike, tmp_path: Path
) -> None:
    """The issue's attack: a figure computed over every cluster, hidden ones included, gives k₂ = 0 away.

    (Without the rule's randomness, so that two clusters stay shown and both figures are published.)"""
    scenario, releases, clean = issue_like.scenario, issue_like.releases, issue_like.clean
    assert not leaked(clean), describe(clean)
    # what the old code published: the figure over every cluster one by one
    truth = scenario.truth("forbedringer")
    clusters = [u for u in scenario.units() if u[0] == "Anæstesiologi"]
    counts = [truth[u]["Ja"] for u in clusters]
    bases = [truth[u]["Ja"] + truth[u]["Nej"] for u in clusters]
    assert scenario.roster is not None
    members = [scenario.roster.members(*u) or 0 for u in clusters]
    path = tmp_path / "old.json"
    with _no_library_audit():
        releases[0].write(path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    rid = f"2025/Anæstesiologi/forbedringer/{kind}:top_box/specialty"
    record = next(r for r in data["records"] if r["id"] == rid)
    if kind == "weighted":
        record["share"] = _weighted(members, counts, bases, 0.95)["share"]
    else:
        record["detail"]["statistic"] = _chi_square(counts, bases)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pub = read_json_release(path)
    know = Knowledge([pub])
    derived = check_derived([pub], know)
    assert any(rid in f for f in derived.findings), derived.findings
    q = "forbedringer"
    pins = unpooled_attack(know, pub, record, truth_vector(scenario, know, q), small_units(scenario, q, 5))
    assert Pin(q, "Anæstesiologi / Anæst – Nordjylland", "group:top_box", 0, False) in pins, pins
