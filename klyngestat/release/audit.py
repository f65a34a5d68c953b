"""An attacker over released records: bound every hidden cell by integer programming.

The audit reads nothing but written releases (several at once: their union is
what the public holds). For each question it makes one unknown per cluster and
count column (each answer category, and the blanks) and one equation per
published count: a shown record of a category, the blanks or a named group,
at the nation, a specialty or a cluster, and its base; each cluster's
respondents. Derived figures (spreads, tests, weighted shares, national
averages) are not equations: the audit checks instead that each is computed
from shown records only (its ``inputs``), which the Release guarantees by
computing them with hidden clusters pooled.

A hidden unit is protected when, for all the equations tell, it may rest on
fewer than ``min_n`` answers on the scale. For every protected unit and every
answer category and named group the audit finds the least and the greatest
count any integer solution allows (``scipy.optimize.milp``, HiGHS); every
solution met on the way is kept for the whole system it solves (all hidden
clusters of one specialty share it), together with the solutions one swap
away (one answer moved between two columns of a hidden cluster and back
between the same columns of another, where every equation stays met, checked),
and a cell that two of them give different counts is open without solving for
its bounds. A hidden unit with at least ``min_n`` answers on the scale even
if all of its specialty's published non-substantive answers were its own
needs no solve at all. A hidden
cluster of a shown specialty is bounded with the equations among that
specialty's clusters, which is exact: the specialty's published counts fix
its part of every equation that reaches beyond it. A cell is
pinned when the two agree, zeros included; a pin that a shown figure of a
larger unit states for everyone (the specialty's count is 0, or all its
respondents) is reported apart, as it discloses nothing of the cluster;
such a cell needs no solve (0, or all of the cluster's respondents). A
hidden specialty is bounded with the nation's equations less the specialties
whose every column is published (their part of each equation is known), which
is exact in the same way.

The equations are read in ``_audit_equations`` and cut into the systems that bound each unit in
``_audit_systems``; the tables met and the swaps are kept in ``_audit_tables``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from klyngestat.release._audit_equations import (
    Equations,
    LeafIndex,
    Records,
    Unit,
    parent_unit,
    published_counts,
    records_by_question,
    respondents_and_derived,
    system,
)
from klyngestat.release._audit_report import AuditReport, Pin
from klyngestat.release._audit_systems import national_system, specialty_system
from klyngestat.release._audit_tables import Tables as _Tables
from klyngestat.release._audit_tables import swaps

__all__ = ["AuditReport", "Pin", "audit_releases"]


def _component(
    q: Equations,
    values: np.ndarray,
    upper: np.ndarray,
    specialty: str | None,
    totals: Mapping[str, Mapping[int, int]],
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The equations within a shown specialty's clusters (exact: its published totals fix its part of the
    others), or for the nation those of the specialties whose totals are not all published (see
    :func:`_national_component`)."""
    if specialty is None:
        return _national_component(q, values, upper, totals)
    return specialty_system(q, values, upper, specialty)


def _national_component(
    q: Equations, values: np.ndarray, upper: np.ndarray, totals: Mapping[str, Mapping[int, int]]
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """The nation's equations over the specialties not fixed by their own published totals (exact); see
    :func:`klyngestat.release._audit_systems.national_system`."""
    return national_system(q, values, upper, totals)


class _System:
    """One parent's equations (matrix, values, upper bounds), each variable's place in them (−1: not in them),
    and the integer solutions met; the integer program's fixed parts are made once, on the first solve."""

    def __init__(self, matrix: Any, values: np.ndarray, upper: np.ndarray, place: np.ndarray, found: _Tables):
        self.matrix, self.values, self.upper, self.place, self.found = matrix, values, upper, place, found
        self.program: dict[str, Any] | None = None

    def solve(self, c: np.ndarray, tally: _Tally) -> float | None:
        """The integer minimum of ``c @ x`` (None when infeasible); the solution is added to the tables met."""
        tally.solves += 1
        return _solve(c, self)


def _solve(c: np.ndarray, component: _System) -> float | None:
    """The integer minimum of ``c @ x`` over a system (None when infeasible); the solution is kept in it."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    if component.program is None:
        # HiGHS takes the same model every time: matrix (CSC, 32-bit indices), right-hand sides and bounds
        n = len(component.upper)
        component.program = {
            "constraints": LinearConstraint(component.matrix, component.values, component.values),
            "integrality": np.ones(n, dtype=np.int64),
            "bounds": Bounds(np.zeros(n), component.upper),
        }
    result = milp(c, **component.program)
    if result.status != 0:
        return None
    component.found.add(np.round(result.x))
    return float(result.fun)


def audit_releases(releases: Sequence[Mapping[str, Any]]) -> AuditReport:
    """Bound every hidden cell of the union of the releases; see the module docstring.

    Releases of the same wave are audited together, as one attacker holding
    them all; releases of different waves (years) describe different answers
    and are audited wave by wave, each wave's pins named by its wave (what joins
    waves, the change records, is audited by :meth:`klyngestat.release.trend.Trend.audit`).

    Parameters
    ----------
    releases
        Releases as data (``Release.to_dict()`` or :func:`klyngestat.release.load_release`).

    Returns
    -------
    AuditReport
        ``ok`` when no protected hidden cell is pinned and no derived figure uses a hidden record.
    """
    if not releases:
        raise ValueError("the audit needs at least one release")
    waves: dict[str, list[Mapping[str, Any]]] = {}
    for release in releases:
        waves.setdefault(str(release["provenance"].get("wave", "")), []).append(release)
    if len(waves) > 1:
        return _merged({wave: _audit_wave(group) for wave, group in waves.items()})
    return _audit_wave(releases)


def _merged(reports: Mapping[str, AuditReport]) -> AuditReport:
    """One report of several waves' audits, each pin named by its wave."""
    parts = list(reports.values())
    return AuditReport(
        releases=sum(r.releases for r in parts),
        questions=sum(r.questions for r in parts),
        hidden_units=sum(r.hidden_units for r in parts),
        protected_units=sum(r.protected_units for r in parts),
        cells_bounded=sum(r.cells_bounded for r in parts),
        solves=sum(r.solves for r in parts),
        pins=tuple(replace(p, wave=wave) for wave, r in reports.items() for p in r.pins),
        derived_from_hidden=tuple(d for r in parts for d in r.derived_from_hidden),
    )


def _audit_wave(releases: Sequence[Mapping[str, Any]]) -> AuditReport:
    """The audit of releases of one wave, together."""
    min_n = min(int(r["provenance"]["options"]["min_n"]) for r in releases)
    meta: dict[str, Any] = {}
    for release in releases:
        meta.update(release["questions"])
    respondents, derived_from_hidden = respondents_and_derived(releases)
    leaves = LeafIndex(sorted({(s, c) for (s, c) in respondents if s is not None and c is not None}))
    by_question = records_by_question(releases, meta)
    tally = _Tally()
    for name, question_meta in meta.items():
        _audit_question(name, Equations(question_meta, leaves), by_question[name], respondents, min_n, tally)
    return AuditReport(
        releases=len(releases),
        questions=len(meta),
        hidden_units=tally.hidden_units,
        protected_units=tally.protected_units,
        cells_bounded=tally.cells,
        solves=tally.solves,
        pins=tuple(tally.pins),
        derived_from_hidden=tuple(derived_from_hidden),
    )


_Totals = Mapping[str, Mapping[int, int]]


@dataclass
class _Tally:
    """What the audit has counted and found so far."""

    hidden_units: int = 0
    protected_units: int = 0
    cells: int = 0
    solves: int = 0
    pins: list[Pin] = field(default_factory=list)


class _Components:
    """The systems that bound a question's hidden units, one per parent (a shown specialty, or the nation), built
    when first needed, with the integer solutions met in each: each is a table the released figures allow, for
    every unit of the component alike, so two that give a cell different counts leave it open."""

    def __init__(
        self, q: Equations, records: Records, respondents: Mapping[Unit, int], hidden: set[Unit], totals: _Totals
    ) -> None:
        self.q, self.records, self.respondents, self.hidden, self.totals = q, records, respondents, hidden, totals
        self.system: tuple[np.ndarray, np.ndarray] | None = None  # built when a hidden unit first needs it
        self.built: dict[str | None, _System] = {}

    def of(self, parent: Unit) -> _System:
        """The component of a parent: a shown specialty's clusters, or the nation."""
        if parent[0] not in self.built:
            q = self.q
            self.system = self.system or system(q, self.records, self.respondents)
            values, upper = self.system
            matrix, values, upper, variables = _component(q, values, upper, parent[0], self.totals)
            beside = [u for u in self.hidden if parent_unit(u, self.hidden) == parent]
            leaves_beside = [leaf for u in beside for leaf in q.unit_leaves(*u).tolist()]
            place = np.full(len(q.leaves) * q.k, -1, dtype=np.int64)
            place[variables] = np.arange(len(variables))
            position = dict(zip(variables.tolist(), range(len(variables)), strict=True))
            found = _Tables(swaps(matrix, position, q.k, leaves_beside), upper)
            self.built[parent[0]] = _System(matrix, values, upper, place, found)
        return self.built[parent[0]]


def _audit_question(
    name: str, q: Equations, records: Records, respondents: Mapping[Unit, int], min_n: int, tally: _Tally
) -> None:
    """Bound the cells of every protected hidden unit of one question, skipping those no bound could pin."""
    shown_units, totals, hidden = published_counts(q, records)
    components = _Components(q, records, respondents, hidden, totals)
    for unit in sorted(hidden, key=lambda u: (u[0] or "", u[1] or "")):
        if unit in shown_units and unit[1] is None:
            continue  # a specialty with some figures shown is only hidden in part: its clusters are checked
        tally.hidden_units += 1
        leaf_ids = q.unit_leaves(*unit)
        size = sum(respondents.get(q.leaves[i], 0) for i in leaf_ids.tolist())
        parent = parent_unit(unit, hidden)
        parent_size = respondents.get(parent, 0)
        if size == 0 or size >= parent_size:
            continue
        published = totals.get(parent[0], {}) if parent[0] is not None else {}
        if all(c in published for c in q.off_scale) and size - sum(published[c] for c in q.off_scale) >= min_n:
            continue  # even all of the specialty's non-substantive answers leave min_n on the scale
        component = components.of(parent)
        if (component.place[q.variables(leaf_ids, range(q.k))] < 0).any():
            # its specialty is left out of the nation's system: another release publishes its every column
            if unit[1] is None:
                _known_unit(name, q, unit, size, totals[str(unit[0])], min_n, tally)
                continue
            parent = (unit[0], None)  # a cluster of it is bounded within it, as in a shown specialty
            parent_size, component = respondents.get(parent, 0), components.of(parent)
        _bound_unit(name, q, unit, leaf_ids, (size, parent_size), shown_units.get(parent, {}), component, min_n, tally)


def _expressions(q: Equations) -> dict[str, list[int]]:
    """The cells bounded for a protected unit: each answer category's column, and each named group's columns."""
    expressions = {f"category:{label}": [i] for i, label in enumerate(q.labels)}
    expressions.update({g: list(cols) for g, cols in q.groups.items()})
    return expressions


def _known_unit(
    name: str, q: Equations, unit: Unit, size: int, own: Mapping[int, int], min_n: int, tally: _Tally
) -> None:
    """A hidden specialty whose count in every column a release publishes (another release may show what one
    hides): its table is known, so each of its cells is pinned when it is protected."""
    if size - sum(own[c] for c in q.off_scale) >= min_n:
        return
    tally.protected_units += 1
    for column, cols in _expressions(q).items():
        tally.cells += 1
        tally.pins.append(Pin(name, unit[0], unit[1], column, sum(own[c] for c in cols), False))


def _bound_unit(
    name: str,
    q: Equations,
    unit: Unit,
    leaf_ids: np.ndarray,
    sizes: tuple[int, int],
    above: Mapping[str, int],
    component: _System,
    min_n: int,
    tally: _Tally,
) -> None:
    """The cells of a hidden unit that may be small: each category's and group's count, pinned or open.

    ``sizes`` are the unit's respondents and its parent's; ``above`` the parent's shown counts.
    """
    size, parent_size = sizes

    def objective_of(cols: Sequence[int], sign: float) -> np.ndarray:
        cells = component.place[q.variables(leaf_ids, cols)]
        if (cells < 0).any():
            raise KeyError(f"{name}: {unit} is not in the system that bounds it")
        objective = np.zeros(len(component.upper))
        objective[cells] = sign
        return objective

    most = component.solve(objective_of(q.off_scale, -1.0), tally)
    if most is None:
        raise ValueError(f"{name}: the released figures contradict each other (no solution)")
    if size + most >= min_n:  # most is minus the greatest non-substantive count
        return
    tally.protected_units += 1
    for column, cols in _expressions(q).items():
        tally.cells += 1
        margin = above.get(column)
        if margin is not None and (margin == 0 or margin == parent_size):
            # the larger unit's figure says it of everyone: none of its respondents (each part then has
            # 0), or all of them (each part then has all of its own); no solve needed, nothing disclosed
            tally.pins.append(Pin(name, unit[0], unit[1], column, 0 if margin == 0 else size, True))
            continue
        value = _pinned_value(name, objective_of(cols, 1.0), component, tally)
        if value is not None:
            tally.pins.append(Pin(name, unit[0], unit[1], column, value, False))


def _pinned_value(name: str, objective: np.ndarray, component: _System, tally: _Tally) -> int | None:
    """The one count a cell (``objective`` marks its variables) can have, or None when it is open: open at once
    when two tables met give it different counts, else bounded by two integer programs."""
    met = component.found.counts(objective)
    if len(met) > 1:
        return None  # two feasible tables give the cell different counts: it is not pinned
    low = component.solve(objective, tally)
    if low is not None and len(met | {round(low)}) > 1:
        return None
    high = component.solve(-objective, tally)
    if low is None or high is None:
        raise ValueError(f"{name}: the released figures contradict each other (no solution)")
    return round(low) if round(low) == round(-high) else None
