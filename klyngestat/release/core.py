"""The Release: the one door out for every published figure.

Beside it are its records as data and files (``klyngestat.release._release_files``),
its keys with ``*`` (``klyngestat.release._release_keys``), and a record
explained and the pattern summed up (``klyngestat.release._release_text``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from klyngestat.models._display import table_html
from klyngestat.models._files import atomic_write
from klyngestat.models._json import json_text
from klyngestat.models.questionnaire import Questionnaire
from klyngestat.release._release_files import record_data, write_table
from klyngestat.release._release_keys import key_pattern, masked_ids, shortened_keys
from klyngestat.release._release_text import explain_record, hidden_summary
from klyngestat.release.options import ReleaseOptions
from klyngestat.release.records import RECORD_COLUMNS, Record

if TYPE_CHECKING:
    from klyngestat.release.audit import AuditReport
    from klyngestat.release.disclosure import QuestionPattern

__all__ = ["RELEASE_SCHEMA_VERSION", "DisclosureError", "Release", "load_release", "questions_meta"]

RELEASE_SCHEMA_VERSION = 1
ReleaseFormat = Literal["json", "csv", "parquet"]


class DisclosureError(RuntimeError):
    """The audit found a hidden cell that the released figures pin down; nothing was written."""


def questions_meta(questionnaire: Questionnaire, questions: Sequence[str]) -> dict[str, dict[str, object]]:
    """What a reader (and the audit) needs to know of each question: wording, section, battery, categories, groups.

    ``neutral`` is the code of the scale's neutral (middle) category where the questionnaire names one, else None.

    Parameters
    ----------
    questionnaire
        The survey's questionnaire.
    questions
        The (closed) questions the Release holds, in questionnaire order.
    """
    meta: dict[str, dict[str, object]] = {}
    for question in questions:
        scale = questionnaire.scale_of(question)
        q = questionnaire.question(question)
        meta[question] = {
            "text": q.text,
            "item": q.item,
            "section": questionnaire.sections.get(q.section, q.section),
            "battery": q.battery,
            "battery_title": None if q.battery is None else questionnaire.batteries.get(q.battery),
            "categories": [{"label": o.label, "code": o.code, "substantive": o.substantive} for o in scale.options],
            "groups": {
                name: {"label": g.label, "categories": [scale.labels[i] for i in scale.group_positions(name)]}
                for name, g in scale.groups.items()
            },
            "top_box": scale.top_box,
            "neutral": scale.neutral,
        }
    return meta


class Release:
    """Every publishable figure of one wave: records, provenance and the options that made them.

    Build it with :func:`klyngestat.build_release`. Outputs (JSON, tables,
    fact sheets, charts, notebook displays) render from its records; a hidden
    record carries no figure. :meth:`audit` bounds every hidden cell from the
    records alone; :meth:`write` refuses to write when it finds one pinned.
    """

    def __init__(
        self,
        records: Sequence[Record],
        provenance: Mapping[str, Any],
        questions: Mapping[str, Mapping[str, object]],
        options: ReleaseOptions,
        patterns: Mapping[str, QuestionPattern] | None = None,
    ) -> None:
        self.records = tuple(records)
        self.provenance = dict(provenance)
        self.questions = dict(questions)
        self.options = options
        self._patterns = dict(patterns or {})
        self._by_id = {r.id: r for r in self.records}
        if len(self._by_id) != len(self.records):
            raise ValueError("record ids must be unique")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Release:
        """A release read back from its JSON form (the reference figures are not kept in a written release)."""
        options = dict(data["provenance"]["options"])
        options.pop("reference_figures", None)
        if options.get("national_method") == "reference":
            from klyngestat.models.reference import NationalReference

            options["reference"] = NationalReference()
            options = {**options}
        fields = {f for f in RECORD_COLUMNS}
        records = [
            Record(**{k: v for k, v in r.items() if k in fields})  # inputs and detail made read-only by Record
            for r in data["records"]
        ]
        return cls(records, data["provenance"], data["questions"], ReleaseOptions.model_validate(options))

    # -- access -----------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> Record:
        """The record with this id (KeyError naming near ids when there is none).

        Parameters
        ----------
        record_id
            The record's id.
        """
        try:
            return self._by_id[record_id]
        except KeyError:
            stem = record_id.rsplit("/", 1)[0]
            near = [i for i in self._by_id if i.startswith(stem)][:5]
            raise KeyError(f"no record {record_id!r} in this release" + (f"; e.g. {near}" if near else "")) from None

    def find(
        self,
        kind: str,
        measure: str,
        *,
        question: str | None = None,
        specialty: str | None = None,
        cluster: str | None = None,
    ) -> Record | None:
        """The record of a kind and measure at the level the specialty and cluster name, or None.

        Parameters
        ----------
        kind, measure
            What the figure is (e.g. ``group``, ``top_box``).
        question
            The question (None: a figure of the whole survey, such as a response rate).
        specialty, cluster
            The unit: neither for the nation, a specialty, or a specialty and one of its clusters.
        """
        level = "nation" if specialty is None else ("specialty" if cluster is None else "cluster")
        return self._index.get((kind, measure, question, level, specialty, cluster))

    @cached_property
    def _index(self) -> dict[tuple[object, ...], Record]:
        return {(r.kind, r.measure, r.question, r.level, r.specialty, r.cluster): r for r in self.records}

    def select(self, **where: object) -> list[Record]:
        """Records whose fields equal the given values, in release order.

        Parameters
        ----------
        **where
            Record fields and the values they must equal (e.g. ``kind="group", level="cluster"``).
        """
        return [r for r in self.records if all(getattr(r, k) == v for k, v in where.items())]

    def matching(self, key: str) -> list[Record]:
        """The records a key names: an id, or a key with ``*`` standing for any text within one segment.

        Fact sheets print ``…/engagement_aktiv/category:*/specialty`` for all of a
        question's categories (see :meth:`keys`).

        Parameters
        ----------
        key
            A record id, or a key with ``*`` (KeyError when it names no record).

        Examples
        --------
        >>> from klyngestat import build_release, demo_survey
        >>> release = build_release(demo_survey())
        >>> [r.measure for r in release.matching("2025/Plastikkirurgi/forbedringer/category:*/specialty")]
        ['category:Ja', 'category:Nej', 'category:Ved ikke']
        """
        if "*" not in key:
            return [self.get(key)]
        pattern = key_pattern(key)
        found = [r for r in self.records if pattern.fullmatch(r.id)]
        if not found:
            raise KeyError(f"no record matches {key!r} in this release")
        return found

    def keys(self, ids: Sequence[str]) -> tuple[str, ...]:
        """The ids, shortened for print: ids that differ only in a category or a cluster become one key with ``*``.

        A key with ``*`` is used only where it matches exactly those of ``ids``
        in this release (:meth:`matching` gives them back); other ids stay as
        they are. Order follows ``ids``.

        Parameters
        ----------
        ids
            Record ids of this release.

        Examples
        --------
        >>> from klyngestat import build_release, demo_survey
        >>> release = build_release(demo_survey())
        >>> ids = [r.id for r in release.matching("2025/Plastikkirurgi/forbedringer/category:*/specialty")]
        >>> release.keys(ids + ["2025/Plastikkirurgi/forbedringer/top_box/specialty"])
        ('2025/Plastikkirurgi/forbedringer/category:*/specialty', '2025/Plastikkirurgi/forbedringer/top_box/specialty')
        >>> len(release.keys(ids[:2]))  # two of three categories: a key with * would name the third too
        2
        """
        return shortened_keys(ids, self._masked)

    @cached_property
    def _masked(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Ids by their masks (category or cluster replaced by ``*``); ids with ``*`` in them are left out."""
        return masked_ids(self.records)

    @property
    def wave(self) -> str:
        """The wave's label (its year)."""
        return str(self.provenance.get("wave", ""))

    @property
    def specialties(self) -> tuple[str, ...]:
        """Specialties, in the release's order."""
        return tuple(dict.fromkeys(r.specialty for r in self.records if r.level == "specialty" and r.specialty))

    def clusters_of(self, specialty: str) -> tuple[str, ...]:
        """A specialty's clusters, in roster order.

        Parameters
        ----------
        specialty
            The specialty.
        """
        return tuple(
            r.cluster
            for r in self.records
            if r.kind == "response" and r.level == "cluster" and r.specialty == specialty and r.cluster
        )

    # -- tidy forms -------------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per record (columns :data:`klyngestat.release.records.RECORD_COLUMNS`); a new frame each call."""
        frame = self._frame.copy(deep=True)
        frame["inputs"] = [list(r.inputs) for r in self.records]  # lists of the caller's own, not the cache's
        return frame

    @cached_property
    def _frame(self) -> pd.DataFrame:
        """:meth:`to_frame`, made once (the CSV and Parquet writers and every caller get a copy of it)."""
        records = self.records
        frame = pd.DataFrame({name: [getattr(r, name) for r in records] for name in RECORD_COLUMNS})
        return frame.astype({"count": "Int64", "base": "Int64", "population": "Int64"})

    def to_dict(self) -> dict[str, object]:
        """The release as JSON-able data: schema version, provenance, questions, disclosure summary, records."""
        return {
            "release_schema_version": RELEASE_SCHEMA_VERSION,
            "provenance": self.provenance,
            "questions": self.questions,
            "disclosure": self.disclosure_summary(),
            "records": [record_data(r) for r in self.records],
        }

    @cached_property
    def _data(self) -> dict[str, object]:
        """:meth:`to_dict`, made once for the audit and the writers (never handed out)."""
        return self.to_dict()

    def disclosure_summary(self) -> dict[str, object]:
        """What the pattern hides, per question: cluster and specialty figures and the answers behind them.

        Only sums that the published figures give anyway (a specialty's base
        minus its shown clusters'), so the summary itself reveals nothing.
        """
        return hidden_summary(self.records, self.questions, self.options.min_n)

    # -- audit and writing ------------------------------------------------------------------------

    def audit(self) -> AuditReport:
        """Bound every hidden cell from the released records alone (cached)."""
        if not hasattr(self, "_audit"):
            from klyngestat.release.audit import audit_releases

            self._audit = audit_releases([self._data])
        return self._audit

    def check(self) -> None:
        """Raise :class:`DisclosureError` when the audit pins a protected hidden cell."""
        report = self.audit()
        if not report.ok:
            raise DisclosureError(f"the release would disclose hidden cells; nothing written:\n{report}")

    def write(self, path: str | Path, format: ReleaseFormat | None = None) -> Path:
        """Write the records (JSON with provenance, or CSV/Parquet with the provenance beside) atomically.

        The audit runs first; a release that would disclose a hidden cell is not written.

        Parameters
        ----------
        path
            The file to write (its folder is made when missing).
        format
            ``json`` (one record a line), ``csv`` or ``parquet``; default from the suffix, else JSON.
        """
        self.check()
        path = Path(path)
        fmt = format or {".csv": "csv", ".parquet": "parquet"}.get(path.suffix, "json")
        if fmt == "json":
            return atomic_write(path, json_text(self._data).encode())  # one record a line
        return write_table(self.to_frame(), self._data, path, fmt)

    def explain(self, record_id: str) -> str:
        """A record in words: the figure, its count, base and method, and why it is shown or hidden.

        A key with ``*`` (as a fact sheet prints them, see :meth:`keys`) explains every record it names.

        Parameters
        ----------
        record_id
            A record id, or a key with ``*``.
        """
        if "*" in record_id:
            return "\n\n".join(self.explain(r.id) for r in self.matching(record_id))
        return explain_record(self.get(record_id), self.options.min_n, self.provenance)

    def _repr_html_(self) -> str:
        hidden = sum(not r.shown for r in self.records)
        return table_html(
            self.to_frame(),
            [f"Frigivne tal {self.wave}", f"{len(self) - hidden} tal vises, {hidden} er skjult (fortrolighed)"],
            kind="release",
        )

    def __repr__(self) -> str:
        hidden = sum(not r.shown for r in self.records)
        return f"<Release wave={self.wave} records={len(self.records)} hidden={hidden} min_n={self.options.min_n}>"


def load_release(path: str | Path) -> dict[str, Any]:
    """A written release (JSON) as data, for the audit and for other tools.

    Parameters
    ----------
    path
        The release JSON (``Release.write``).
    """
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    if "records" not in data or "provenance" not in data:
        raise ValueError(f"{path}: not a klyngestat release (no records/provenance); write one with Release.write")
    return data
