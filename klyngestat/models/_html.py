"""The one HTML builder of klyngestat: every value is escaped unless it is marked as markup.

Every page and display (fact sheets, the national overview, the demo's index,
notebook tables) is assembled with :func:`html`: a literal pattern whose
``{}`` fields are filled with escaped values (``&``, ``<``, ``>``, ``"`` and
``'``, as :func:`html.escape` escapes them). Markup goes in as it is only when
it is :class:`Markup`, a ``str`` that says "this is HTML already": what
:func:`html`, :func:`join` and :func:`attributes` return, and the few
literals a caller marks itself (a style sheet, an SVG chart drawn by the
library). A name from the data is never Markup, so it cannot open a tag or
leave an attribute, whatever it holds.

This module imports nothing of klyngestat, so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape_text
from string import Formatter
from typing import Any

__all__ = ["Markup", "attributes", "escape", "html", "join"]


class Markup(str):
    """Text that is HTML already, inserted as it is: mark only markup the library itself wrote.

    Concatenating Markup with a plain ``str`` gives a plain ``str``, which the
    builder then escapes: build with :func:`html` and :func:`join` instead.
    """

    __slots__ = ()


def escape(value: object) -> Markup:
    """``value`` as HTML text, ``& < > " '`` escaped; Markup is returned as it is.

    Parameters
    ----------
    value
        Any value; it is shown as its ``str``.

    Examples
    --------
    >>> escape('R&D "<klynge>"')
    'R&amp;D &quot;&lt;klynge&gt;&quot;'
    >>> escape(Markup("<b>fed</b>"))
    '<b>fed</b>'
    """
    if isinstance(value, Markup):
        return value
    return Markup(_escape_text(str(value)))


class _Escaping(Formatter):
    """``str.format`` that escapes every field's value unless it is Markup."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Markup) and not format_spec:
            return value
        return escape(format(value, format_spec))


_FORMATTER = _Escaping()


def html(pattern: str, /, *args: object, **kwargs: object) -> Markup:
    """The markup of a literal ``pattern`` with its ``{}`` fields filled by escaped values.

    Parameters
    ----------
    pattern
        A literal piece of HTML with ``str.format`` fields; never text from
        the data (a value goes into a field, where it is escaped).
    *args, **kwargs
        The fields' values: escaped, unless they are :class:`Markup`.

    Examples
    --------
    >>> html('<td class="{}">{}</td>', "n", "<b>A & B</b>")
    '<td class="n">&lt;b&gt;A &amp; B&lt;/b&gt;</td>'
    >>> html("<p>{}{mark}</p>", "71 pct.", mark=html("<sup>{}</sup>", 1))
    '<p>71 pct.<sup>1</sup></p>'
    """
    return Markup(_FORMATTER.vformat(pattern, args, kwargs))


def join(parts: Iterable[object], separator: str = "") -> Markup:
    """The parts one after another (each escaped unless it is Markup), ``separator`` (markup) between them.

    Parameters
    ----------
    parts
        Markup or values to escape.
    separator
        Literal markup between two parts, such as ``"\\n"`` or ``" · "``.

    Examples
    --------
    >>> join([html("<li>{}</li>", "a"), "<b>"], "\\n")
    '<li>a</li>\\n&lt;b&gt;'
    """
    return Markup(separator.join(escape(part) for part in parts))


def attributes(**values: object) -> Markup:
    """Attributes to put in a tag, each as `` name="value"`` (escaped); a None value leaves its attribute out.

    An underscore in a name is a hyphen (``data_records`` is ``data-records``),
    and a trailing one is dropped (``class_`` is ``class``).

    Parameters
    ----------
    **values
        The attributes in the order they are written.

    Examples
    --------
    >>> html("<p{}>", attributes(class_="n", data_records="a b", title=None))
    '<p class="n" data-records="a b">'
    """
    return join(
        html(' {}="{}"', Markup(name.rstrip("_").replace("_", "-")), value)
        for name, value in values.items()
        if value is not None
    )
