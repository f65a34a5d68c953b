"""The one protocol of every statistics result: a frozen record with a dict, a frame and a notebook display.

Every result class of :mod:`klyngestat.stats` derives from :class:`Result`:

- ``to_dict()`` is JSON-able data (missing values are None, never NaN);
- ``to_frame()`` is a tidy pandas DataFrame;
- ``_repr_html_()`` shows ``to_frame()`` in a notebook, captioned as unreleased
  analysis (:func:`klyngestat.models._display.analysis_html`); ``repr()`` is the
  dataclass's.

How the dict and the frame relate is one of two shapes. A *one-row* result
(``ROWS is None``) has a one-row frame whose columns are the dict's keys, in
order; a list value in the dict is one text cell in the frame, its items
joined by "; ". A *table* result names in ``ROWS`` the key of the dict that
holds the frame's rows: ``to_dict()[ROWS]`` is a list of dicts, one per frame
row, whose keys are the frame's columns; the dict's other keys describe the
table as a whole. :class:`klyngestat.stats.SpecialtySummary` alone is a
nested document: its ``to_dict()[ROWS]`` is a mapping from question id to a
share object, and its frame has one row per entry, in the same order, the
key in the column ``question`` (see its docstring).

Results are immutable through and through: the dataclasses are frozen, and
:meth:`Result.__post_init__` turns every dict field into a read-only
:class:`FrozenMap`, every list into a tuple and every set into a frozenset,
however deep they are nested.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from klyngestat.models._display import analysis_html

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FrozenMap", "Result", "freeze", "json_value"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping: a copy of the one it is made from, hashable and picklable, equal to a dict of its items.

    Examples
    --------
    >>> m = FrozenMap({"a": 1})
    >>> m["a"], m == {"a": 1}, dict(m)
    (1, True, {'a': 1})
    >>> m["a"] = 2
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMap' object does not support item assignment
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items: dict[K, V] = dict(items or {})

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._items,))


def freeze(value: Any) -> Any:
    """``value`` with every dict, list and set in it (however deep) made read-only: FrozenMap, tuple, frozenset.

    Parameters
    ----------
    value
        Any value; a tuple whose items need no change, and anything that is
        not a container, is returned as it is.

    Examples
    --------
    >>> freeze({"a": [1, {"b": {2}}]})
    FrozenMap({'a': (1, FrozenMap({'b': frozenset({2})}))})
    """
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        frozen = tuple(freeze(v) for v in value)
        return value if isinstance(value, tuple) and all(a is b for a, b in zip(frozen, value, strict=True)) else frozen
    if isinstance(value, set):
        return frozenset(value)
    return value


def json_value(value: object) -> object:
    """A float NaN as None (JSON has no NaN); every other value as it is.

    Parameters
    ----------
    value
        A value of a result's dict.

    Examples
    --------
    >>> json_value(float("nan")), json_value(0.5)
    (None, 0.5)
    """
    return None if isinstance(value, float) and math.isnan(value) else value


class Result:
    """Base class of every statistics result: ``to_dict()``, ``to_frame()`` and a notebook display.

    Subclasses are frozen dataclasses; they implement :meth:`to_dict` and
    :meth:`_caption`, and set :attr:`ROWS` when they are tables. See the
    module docstring for how the dict and the frame relate.
    """

    ROWS: ClassVar[str | None] = None
    """The key of ``to_dict()`` holding the frame's rows; None for a one-row result."""

    def __post_init__(self) -> None:
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if value.__class__ in _SCALARS:
                continue  # most fields: nothing to freeze, and a Share is made thousands of times
            frozen = freeze(value)
            if frozen is not value:
                object.__setattr__(self, name, frozen)

    def to_dict(self) -> dict[str, object]:
        """The result as JSON-able data."""
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy DataFrame: one row, or one row per entry of ``to_dict()[ROWS]``."""
        import pandas as pd

        data = self.to_dict()
        if self.ROWS is None:
            return pd.DataFrame([{k: _cell(v) for k, v in data.items()}], columns=list(data))
        rows = data[self.ROWS]
        assert isinstance(rows, list)
        return pd.DataFrame(rows, columns=self._columns(rows))

    def _columns(self, rows: list[dict[str, object]]) -> list[str]:
        """The frame's columns (a table's own list, so that an empty table keeps them)."""
        return list(rows[0]) if rows else []

    def _caption(self) -> str:
        """What the notebook display's table shows (Danish, plain text)."""
        return type(self).__name__

    def _repr_html_(self) -> str:
        return analysis_html(self.to_frame(), self._caption())


_SCALARS = frozenset({int, float, str, bool, type(None), Fraction})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in fields(cls))
    return names


def _cell(value: object) -> object:
    """A dict value as one frame cell: a list's items joined by "; "."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value
