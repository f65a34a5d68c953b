"""The wave mapping: how a later wave's questions and clusters follow an earlier wave's.

A TOML file, one per pair of consecutive waves::

    from = 2025
    to = 2026

    [questions.understoetter_kvalitet]   # the question's id in the later wave
    previous = "understoetter"           # its id in the earlier wave (default: the same id)
    reason = "Ordlyden er præciseret; skalaen er den samme."   # why it is comparable anyway

    [clusters.Dermatologi]               # per specialty: a later cluster = the earlier cluster(s) it follows
    "Derma – Hovedstad – City" = ["Derma – Hovedstad – Kbh"]           # renamed
    "Derma – Sjælland" = ["Derma – Sjælland – Vest", "Derma – Sjælland – Øst"]   # merged

A question whose text and scale are the same in both waves is comparable
without an entry; an entry with only ``previous`` follows a renamed id; a
``reason`` declares a question comparable although its wording or scale
changed (see :mod:`klyngestat.waves` for what is checked). A cluster of the
same name in both waves follows itself; an earlier cluster listed under two
later ones was split (no cluster-level change is computed for a split).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from klyngestat.models._toml import read_toml

__all__ = ["QuestionFollow", "WaveMapping", "WaveMappingError", "load_wave_mapping"]


class WaveMappingError(ValueError):
    """A wave mapping that cannot be used, with the file (or the waves) named."""


class QuestionFollow(BaseModel):
    """How one question of the later wave follows the earlier wave."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    previous: str | None = Field(default=None, min_length=1)
    """The question's id in the earlier wave; None: the same id."""
    reason: str | None = Field(default=None, min_length=1)
    """Why the question is comparable although its wording or scale changed (shown to readers, Danish)."""


class WaveMapping(BaseModel):
    """Questions and clusters of wave ``to`` that follow those of wave ``from``.

    Attributes
    ----------
    from_year, to_year
        The earlier and the later wave (``from`` and ``to`` in the file).
    questions
        Later question id -> how it follows the earlier wave.
    clusters
        Specialty -> later cluster -> the earlier clusters it follows (one:
        renamed; several: merged).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_year: int = Field(alias="from")
    to_year: int = Field(alias="to")
    questions: dict[str, QuestionFollow] = Field(default_factory=dict)
    clusters: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> WaveMapping:
        problems = []
        if self.to_year <= self.from_year:
            problems.append(f"'to' ({self.to_year}) must be a later year than 'from' ({self.from_year})")
        for specialty, clusters in self.clusters.items():
            for cluster, previous in clusters.items():
                if not previous:
                    problems.append(f"clusters.{specialty}: {cluster!r} follows no earlier cluster (an empty list)")
                if len(set(previous)) != len(previous):
                    problems.append(f"clusters.{specialty}: {cluster!r} lists an earlier cluster twice")
        previous_ids = [follow.previous for follow in self.questions.values() if follow.previous is not None]
        repeated = sorted({p for p in previous_ids if previous_ids.count(p) > 1})
        if repeated:
            problems.append(f"questions: earlier question(s) {repeated} followed by more than one later question")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def previous_question(self, question: str) -> str:
        """The earlier wave's id of the later wave's ``question`` (the same id unless the mapping renames it).

        Parameters
        ----------
        question
            A question id of the later wave.
        """
        follow = self.questions.get(question)
        return follow.previous if follow is not None and follow.previous is not None else question

    def previous_clusters(self, specialty: str, cluster: str) -> tuple[str, ...] | None:
        """The earlier clusters a later cluster follows by the mapping, or None when the mapping is silent.

        Parameters
        ----------
        specialty, cluster
            The later wave's cluster and its specialty.
        """
        return self.clusters.get(specialty, {}).get(cluster)


def wave_mapping_from_dict(data: dict[str, Any], source: str) -> WaveMapping:
    """A :class:`WaveMapping` from parsed TOML, with errors naming ``source``.

    Parameters
    ----------
    data
        The parsed file.
    source
        The file's name for messages.
    """
    try:
        return WaveMapping.model_validate(data)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in error['loc']) or '(file)'}: {error['msg']}" for error in exc.errors()]
        raise WaveMappingError(f"{source}: not a valid wave mapping: " + "; ".join(lines)) from None


def load_wave_mapping(path: str | Path) -> WaveMapping:
    """Read a wave mapping TOML file (see the module's documentation for its form).

    Parameters
    ----------
    path
        The TOML file.

    Returns
    -------
    WaveMapping

    Raises
    ------
    WaveMappingError
        Naming the file and every problem in it.
    """
    data, source = read_toml(path, bundled="", what="wave mapping", error=WaveMappingError)
    return wave_mapping_from_dict(data, source)
