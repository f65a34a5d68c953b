"""JSON text for files: indented at the top, every deeper value on one line.

Python's :func:`json.dumps` with ``indent`` runs its pure-Python encoder,
about ten times slower than the C encoder it uses without ``indent``; for a
release of a million answers that is most of the time it takes to write. A
release is a few sections over one long list of records, so :func:`json_text`
indents the outer levels and hands each value below them, a record, whole to
the C encoder: one record a line, which also keeps a file readable and its
differences line by line.
"""

from __future__ import annotations

import json

__all__ = ["json_line", "json_text"]

json_line = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)``, without making a new encoder each call."""


def json_text(data: object, *, indent: int = 1, levels: int = 2) -> str:
    """``data`` as JSON text: objects and arrays of the outer ``levels`` indented, each deeper value on one line.

    The text parses to the same values as ``json.dumps(data, indent=indent,
    ensure_ascii=False)`` and is that text exactly when nothing lies deeper
    than ``levels``; deeper values are written as ``json.dumps`` writes them
    without ``indent`` (``", "`` between items, ``": "`` after keys).

    Parameters
    ----------
    data
        JSON-able data (dicts with string keys, lists, tuples, strings,
        numbers, booleans, None).
    indent
        Spaces per level.
    levels
        How many levels of objects and arrays are spread over lines.

    Returns
    -------
    str
        The JSON text, without a final line feed.

    Examples
    --------
    >>> print(json_text({"records": [{"id": "a", "count": 3}, {"id": "b", "count": None}]}))
    {
     "records": [
      {"id": "a", "count": 3},
      {"id": "b", "count": null}
     ]
    }
    """
    parts: list[str] = []
    _write(data, indent, levels, 0, parts)
    return "".join(parts)


def _write(value: object, indent: int, levels: int, depth: int, parts: list[str]) -> None:
    if depth >= levels or not isinstance(value, dict | list | tuple) or not value:
        parts.append(json_line(value))
        return
    inner = "\n" + " " * (indent * (depth + 1))
    if isinstance(value, dict):
        parts.append("{")
        for i, (key, item) in enumerate(value.items()):
            name = key if isinstance(key, str) else json.dumps(key)  # 1, True, None as json.dumps names them
            parts.append(("," if i else "") + inner + json_line(name) + ": ")
            _write(item, indent, levels, depth + 1, parts)
        parts.append("\n" + " " * (indent * depth) + "}")
    else:
        parts.append("[")
        for i, item in enumerate(value):
            parts.append(("," if i else "") + inner)
            _write(item, indent, levels, depth + 1, parts)
        parts.append("\n" + " " * (indent * depth) + "]")
