"""Specialties, their clusters, and the clusters' member counts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["Cluster", "Roster"]


class Cluster(BaseModel):
    """One cluster of one specialty and its number of members."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    specialty: str = Field(min_length=1)
    cluster: str = Field(min_length=1)
    members: int = Field(ge=0)

    @field_validator("specialty", "cluster")
    @classmethod
    def _fold_spaces(cls, name: str) -> str:
        # Response files get the same folding, so "Derma  – Nord" matches "Derma – Nord".
        return " ".join(name.split())


class Roster(BaseModel):
    """The clusters of every specialty with their member counts.

    Member counts need not equal the number invited (a cluster's list and the
    survey's distribution list are kept separately); both are kept and the
    difference is reported.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    clusters: tuple[Cluster, ...]

    @model_validator(mode="after")
    def _unique(self) -> Roster:
        keys = [(c.specialty, c.cluster) for c in self.clusters]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"clusters listed twice: {repeated}")
        return self

    def members(self, specialty: str, cluster: str | None = None) -> int | None:
        """Members of one cluster, or of all of a specialty's clusters; None if unknown.

        Parameters
        ----------
        specialty
            The specialty.
        cluster
            One of its clusters; all of them (summed) when None.
        """
        found = [
            c.members for c in self.clusters if c.specialty == specialty and (cluster is None or c.cluster == cluster)
        ]
        return sum(found) if found else None

    def clusters_of(self, specialty: str) -> tuple[Cluster, ...]:
        """A specialty's clusters in roster order.

        Parameters
        ----------
        specialty
            The specialty; a specialty the roster does not list has none.
        """
        return tuple(c for c in self.clusters if c.specialty == specialty)
