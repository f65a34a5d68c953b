"""Keys with ``*`` for a Release's record ids: one key for the ids that differ only in a category or a cluster.

Fact sheets print ``…/engagement_aktiv/category:*/specialty`` for all of a
question's categories; ``Release.matching`` gives the ids back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from klyngestat.release.records import Record

__all__ = ["key_pattern", "masked_ids", "shortened_keys"]


def key_pattern(key: str) -> re.Pattern[str]:
    """The ids a key names: ``*`` stands for any text within one segment.

    Parameters
    ----------
    key
        The key, segments separated by ``/``.

    Examples
    --------
    >>> bool(key_pattern("2025/Urologi/forbedringer/category:*/specialty").fullmatch(
    ...     "2025/Urologi/forbedringer/category:Ja/specialty"))
    True
    """
    return re.compile("/".join("[^/]*".join(map(re.escape, s.split("*"))) for s in key.split("/")))


def masked_ids(records: Iterable[Record]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Ids by their masks (category or cluster replaced by ``*``); ids with ``*`` in them are left out.

    Parameters
    ----------
    records
        The release's records.
    """
    index: dict[tuple[str, ...], list[str]] = {}
    for r in records:
        if "*" not in r.id:
            for mask in _masks(r.id):
                index.setdefault(mask, []).append(r.id)
    return {mask: tuple(members) for mask, members in index.items()}


def shortened_keys(ids: Sequence[str], masked: Mapping[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """The ids, those that share a mask with all of its members among ``ids`` (two or more) as one key with ``*``.

    Parameters
    ----------
    ids
        The record ids, in the order to keep.
    masked
        Every id of the release by its masks (:func:`masked_ids`).
    """
    wanted = set(ids)
    covered: set[str] = set()
    keys: list[str] = []
    for record_id in ids:
        if record_id in covered:
            continue
        for mask in _masks(record_id):
            members = masked.get(mask, ())
            if len(members) >= 2 and wanted.issuperset(members):
                keys.append("/".join(mask))
                covered.update(members)
                break
        else:
            keys.append(record_id)
            covered.add(record_id)
    return tuple(dict.fromkeys(keys))


def _masks(record_id: str) -> list[tuple[str, ...]]:
    """An id's segments with its category ("category:*") or its cluster ("*") masked, where it has one."""
    parts = record_id.split("/")
    masks = []
    if len(parts) == 5 and parts[3].startswith("category:"):
        masks.append((*parts[:3], "category:*", parts[4]))
    if len(parts) == 6 and parts[4] == "cluster":
        masks.append((*parts[:5], "*"))
    return masks
