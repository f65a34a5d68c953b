"""One record per publishable figure: the rows every output renders from."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from operator import attrgetter
from typing import Literal

__all__ = ["RECORD_COLUMNS", "Record", "RecordKind", "Status", "record_id"]

RecordKind = Literal[
    "response", "category", "blank", "group", "spread", "national", "comparison", "heterogeneity", "weighted", "change"
]
Status = Literal["shown", "hidden"]
Level = Literal["nation", "specialty", "cluster"]

NATION = "Hele landet"
"""The specialty part of a national record's id."""


def record_id(
    wave: str, specialty: str | None, question: str | None, measure: str, level: Level, cluster: str | None = None
) -> str:
    """A stable id, e.g. ``2025/Dermatologi/understoetter_kvalitet/top_box/cluster/Derma – Nord``.

    Parameters
    ----------
    wave
        The wave's label (its year).
    specialty
        The specialty (None: the nation, "Hele landet").
    question
        The question (None: a figure of the whole survey, "svar", such as a response rate).
    measure
        What the figure measures: a group, ``category:<label>``, ``blank``, ``response_rate``, ``<kind>:<group>``.
    level
        ``nation``, ``specialty`` or ``cluster``.
    cluster
        The cluster, for a cluster's figure.

    Examples
    --------
    >>> record_id("2025", "Dermatologi", "understoetter_kvalitet", "top_box", "specialty")
    '2025/Dermatologi/understoetter_kvalitet/top_box/specialty'
    >>> record_id("2025", None, None, "response_rate", "nation")
    '2025/Hele landet/svar/response_rate/nation'
    """
    parts = [wave, specialty or NATION, question or "svar", measure, level]
    if cluster is not None:
        parts.append(cluster)
    return "/".join(parts)


class ReadOnlyDict(dict[str, object]):
    """A dict that refuses every change: a record's ``detail``, read as the dict it is by JSON, pandas and pickle.

    Examples
    --------
    >>> detail = ReadOnlyDict({"invited": 110})
    >>> detail["invited"], isinstance(detail, dict)
    (110, True)
    >>> detail["invited"] = 111
    Traceback (most recent call last):
    ...
    TypeError: a record's detail is read-only: make a new record (dataclasses.replace)
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a record's detail is read-only: make a new record (dataclasses.replace)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[ReadOnlyDict], tuple[dict[str, object]]]:
        return (type(self), (dict(self),))


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types that hold no dict or list: returned as they are, without a walk (most of a detail's values)."""


def _read_only(value: object) -> object:
    """``value`` with every dict in it a :class:`ReadOnlyDict` and every list a tuple, however deep.

    Examples
    --------
    >>> _read_only({"a": [1, {"b": [2.5, None]}], "c": "x"})
    {'a': (1, {'b': (2.5, None)}), 'c': 'x'}
    >>> type(_read_only({"a": 1})).__name__, type(_read_only({"a": {}})["a"]).__name__
    ('ReadOnlyDict', 'ReadOnlyDict')
    """
    if type(value) in _PLAIN:
        return value
    if type(value) is dict:  # most details: a plain dict of plain values, copied as it is
        for v in value.values():
            if type(v) not in _PLAIN:
                break
        else:
            return ReadOnlyDict(value)
    if isinstance(value, dict):
        if type(value) is ReadOnlyDict and all(not isinstance(v, dict | list) for v in value.values()):
            return value
        return ReadOnlyDict({k: v if type(v) in _PLAIN else _read_only(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(v if type(v) in _PLAIN else _read_only(v) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class Record:
    """A published figure (or the place of a hidden one) with everything needed to trace it.

    A hidden record carries no figure: ``count``, ``base``, ``share``,
    ``low``, ``high`` and ``detail`` are empty, and its ``reason`` is the same
    whichever rule hid it.
    """

    id: str
    kind: RecordKind
    question: str | None
    measure: str
    """The group, the category label, ``blank``, ``response_rate``, or the derived figure's group."""
    label: str
    level: Level
    specialty: str | None
    cluster: str | None
    status: Status
    reason: str
    count: int | None = None
    base: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    method: str | None = None
    population: int | None = None
    detail: dict[str, object] = field(default_factory=dict)
    """Read-only (a :class:`ReadOnlyDict`, its lists tuples): a record never changes once made."""
    inputs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        detail = self.detail
        frozen = _read_only(detail)
        if frozen is not detail:  # a detail already read-only (a record remade with it) is kept as it is
            object.__setattr__(self, "detail", frozen)
        if type(self.inputs) is not tuple:
            object.__setattr__(self, "inputs", tuple(self.inputs))

    @property
    def fraction(self) -> Fraction | None:
        """The exact share (count of base, or the exact value a derived figure carries), for rounding once."""
        if self.count is not None and self.base:
            return Fraction(self.count, self.base)
        exact = self.detail.get("fraction")
        if isinstance(exact, list | tuple) and len(exact) == 2:
            return Fraction(int(exact[0]), int(exact[1]))
        return None

    @property
    def shown(self) -> bool:
        """Whether the figure may be published."""
        return self.status == "shown"

    def to_dict(self) -> dict[str, object]:
        """JSON-able form (every column of :data:`RECORD_COLUMNS`)."""
        values = dict(zip(RECORD_COLUMNS, _ALL_FIELDS(self), strict=True))
        values["inputs"] = list(self.inputs)
        return values


RECORD_COLUMNS = (
    "id",
    "kind",
    "question",
    "measure",
    "label",
    "level",
    "specialty",
    "cluster",
    "status",
    "reason",
    "count",
    "base",
    "share",
    "low",
    "high",
    "method",
    "population",
    "detail",
    "inputs",
)

_ALL_FIELDS = attrgetter(*RECORD_COLUMNS)
