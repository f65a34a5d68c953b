"""The trend: what changed between consecutive waves, computed from their released figures only.

A change record (kind ``change``) exists for every comparable question, group
and unit (nation, specialty, followed cluster) of two consecutive waves. It is
shown only when both waves' figures are shown: its difference, interval and
test are computed from those two released records (a merged cluster's
earlier figure pooled from its earlier clusters' released records, all of
which must be shown), so a change carries nothing the two releases do not.
Otherwise it is hidden with the reason (not comparable, hidden in a wave, a
split or new cluster).

No paired figure is published, even where respondents link across waves
(stable pseudonymous ids): a paired table's margins (the linked respondents
in the group each year) set against the published counts give the answers
of the newcomers and the leavers, groups that cut across clusters, and with
the clusters' figures they pin hidden cells and single answers (the
attacker's scenarios in tests/release/test_trend_attack.py, the demo
included). The paired analysis is the analyst's, in the statistics layer
(:func:`klyngestat.stats.wave_change`). See docs/waves.md for what is and
is not protected across waves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from klyngestat.models._files import atomic_write
from klyngestat.models._json import json_text
from klyngestat.release._trend_records import trend_records
from klyngestat.release.core import DisclosureError, Release
from klyngestat.release.records import RECORD_COLUMNS, Record
from klyngestat.waves import Waves

__all__ = ["TREND_SCHEMA_VERSION", "Trend", "TrendAudit", "build_trend", "explain_change"]

TREND_SCHEMA_VERSION = 1
"""Version of the trend's JSON form (``trend`` keys, docs/json.md)."""


@dataclass(frozen=True)
class TrendAudit:
    """What the cross-wave audit found: problems (empty when the trend is safe to publish)."""

    problems: tuple[str, ...] = ()
    checked: int = 0
    """Shown change records recomputed from the released figures."""

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.problems


@dataclass(frozen=True, eq=False)
class Trend:
    """Change records between consecutive waves, with the waves' releases they were computed from.

    Build it with :func:`build_trend`.
    """

    records: tuple[Record, ...]
    releases: tuple[Release, ...]
    comparability: pd.DataFrame = field(repr=False)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def get(self, record_id: str) -> Record:
        """The change record with this id.

        Parameters
        ----------
        record_id
            The record's id, e.g. ``2025-2026/Dermatologi/understoetter_kvalitet/change:top_box/specialty``.
        """
        try:
            return self._by_id[record_id]
        except KeyError:
            raise KeyError(f"no change record {record_id!r}") from None

    def find(
        self, measure: str, *, question: str, specialty: str | None = None, cluster: str | None = None, to_year: int
    ) -> Record | None:
        """The change record of a question's measure for a unit into wave ``to_year``, or None.

        Parameters
        ----------
        measure
            ``change:<group>``.
        question
            The question's id in the later wave.
        specialty, cluster
            The unit (neither: the nation).
        to_year
            The later wave's year.
        """
        level = "nation" if specialty is None else ("specialty" if cluster is None else "cluster")
        return self._index.get((measure, question, level, specialty, cluster, to_year))

    @cached_property
    def _index(self) -> dict[tuple[object, ...], Record]:
        """The records by what :meth:`find` asks (as :class:`~klyngestat.release.Release` finds its own)."""
        return {(r.measure, r.question, r.level, r.specialty, r.cluster, r.detail.get("to")): r for r in self.records}

    def explain(self, record_id: str) -> str:
        """A change record in words (:func:`explain_change`).

        Parameters
        ----------
        record_id
            The record's id.
        """
        return explain_change(self.get(record_id))

    def to_frame(self) -> pd.DataFrame:
        """One row per change record (the Release's record columns)."""
        frame = pd.DataFrame({name: [getattr(r, name) for r in self.records] for name in RECORD_COLUMNS})
        frame["inputs"] = [list(r.inputs) for r in self.records]
        return frame

    def to_dict(self) -> dict[str, object]:
        """JSON-able form: ``trend_schema_version``, ``waves``, ``comparability``, ``records``."""
        return {
            "trend_schema_version": TREND_SCHEMA_VERSION,
            "waves": [
                {"wave": r.wave, "data_sha256": r.provenance.get("data_sha256"), "options": r.provenance.get("options")}
                for r in self.releases
            ],
            "comparability": self.comparability.astype(object)
            .where(self.comparability.notna(), None)
            .to_dict("records"),
            "records": [r.to_dict() for r in self.records],
        }

    def audit(self) -> TrendAudit:
        """Check the trend as a whole: every shown change recomputed from shown released figures only.

        Each wave's release is audited on its own by :meth:`Release.audit`;
        this checks what joins them: that a shown change's inputs are shown
        records of the two releases whose counts give exactly its figures, that
        no shown change rests on a hidden figure, and that no record is of any other measure (a paired figure,
        say, which is never published).
        """
        records = {r.id: r for release in self.releases for r in release}
        problems: list[str] = []
        checked = 0
        for change in self.records:
            if not change.shown:
                continue
            problems += _input_problems(change, records)
            checked += 1
        return TrendAudit(tuple(problems), checked)

    def check(self) -> None:
        """Raise :class:`~klyngestat.release.DisclosureError` unless every wave's release passes its audit (each
        wave on its own, as :func:`~klyngestat.release.audit_releases` audits releases of several waves; the
        releases' cached audits) and the trend's own audit finds nothing."""
        problems = [f"{release.wave}: {release.audit()}" for release in self.releases if not release.audit().ok]
        problems += self.audit().problems
        if problems:
            raise DisclosureError("the trend may not be published: " + "; ".join(problems))

    def write(self, path: str | Path) -> Path:
        """Write the trend as JSON (``trend_schema_version``, ``waves``, ``comparability``, ``records``), checked first.

        Parameters
        ----------
        path
            The JSON file to write (written whole or not at all).
        """
        self.check()
        return atomic_write(Path(path), json_text(self.to_dict()).encode("utf-8"))


def explain_change(record: Record) -> str:
    """A change record in words: the two waves' counts, the change, its interval and test, or why it is hidden.

    Parameters
    ----------
    record
        A change record (of a :class:`Trend`, or read from its JSON).
    """
    detail: dict[str, Any] = dict(record.detail)
    lines = [
        record.id,
        f"  hvad:      ændring · {record.label} ({record.measure}), {detail.get('from')} → {detail.get('to')}",
        f"  hvor:      {record.specialty or 'hele landet'}" + (f" / {record.cluster}" if record.cluster else ""),
    ]
    if not record.shown:
        return "\n".join([*lines, f"  status:    skjult – {record.reason}"])
    lines.append("  status:    vises")
    for year, part in ((detail["from"], detail["then"]), (detail["to"], detail["now"])):
        lines.append(f"  {year}:      {part['count']} af {part['base']} (population {part['population']})")
    lines.append(
        f"  ændring:   {detail['difference_pp']:+.4f} procentpoint, interval {100 * (record.low or 0):.4f} til "
        f"{100 * (record.high or 0):.4f} ({record.method}), p = {detail['pvalue']:.4f}"
        + (f" · {detail['wording']}" if "wording" in detail else "")
    )
    lines.append("  beregnet af: " + ", ".join(record.inputs))
    return "\n".join(lines)


def _input_problems(change: Record, records: dict[str, Record]) -> list[str]:
    """Why a shown change record is not what its released inputs give (empty when it is)."""
    inputs = [records.get(i) for i in change.inputs]
    if any(r is None or not r.shown for r in inputs):
        return [f"{change.id}: rests on a figure that is not shown: {list(change.inputs)}"]
    detail: dict[str, Any] = dict(change.detail)
    if not change.measure.startswith("change:"):
        return [f"{change.id}: a {change.measure.split(':')[0]} figure, which a trend never publishes"]
    then = [r for r in inputs if r is not None and r.id.startswith(f"{detail['from']}/")]
    now = [r for r in inputs if r is not None and r.id.startswith(f"{detail['to']}/")]
    counts = (
        sum(r.count or 0 for r in then),
        sum(r.base or 0 for r in then),
        sum(r.count or 0 for r in now),
        sum(r.base or 0 for r in now),
    )
    stated = (detail["then"]["count"], detail["then"]["base"], detail["now"]["count"], detail["now"]["base"])
    if counts != stated:
        return [f"{change.id}: states {stated} but its released inputs give {counts}"]
    return []


def build_trend(waves: Waves, releases: Sequence[Release]) -> Trend:
    """The change records between each pair of consecutive waves, from the waves' releases.

    Parameters
    ----------
    waves
        The waves (with their comparability and cluster following).
    releases
        One release per wave, built with the same options (:func:`klyngestat.build_release` of each wave).

    Raises
    ------
    ValueError
        When a wave has no release, or the releases were built with different options.
    """
    by_wave = {release.wave: release for release in releases}
    missing = [str(year) for year in waves.years if str(year) not in by_wave]
    if missing:
        raise ValueError(f"no release of wave {', '.join(missing)}: build one per wave with build_release")
    options = {release.options.model_dump_json(exclude={"reference"}) for release in releases}
    if len(options) > 1:
        raise ValueError("the waves' releases were built with different options; a change needs the same ones")
    ordered = tuple(by_wave[str(year)] for year in waves.years)
    records = [record for year in waves.years[1:] for record in trend_records(waves, ordered, year)]
    frame = waves.comparability_frame()
    return Trend(tuple(records), ordered, frame)
