r"""Text from the data made safe to show: escaped for a terminal, stripped of bidirectional controls for a page.

A specialty, cluster or answer comes from a file someone else wrote. On a
terminal its control characters could retitle or clear the screen (``ESC``
sequences), overwrite a line (``\r``, ``\b``) or hide text, and its
bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
U+061C) could reverse the text around it. :func:`terminal_text` and
:func:`terminal_json` show every such character as an escape instead;
:func:`page_text` removes them from a published HTML or Markdown page.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "page_text", "terminal_json", "terminal_text"]

#: The bidirectional formatting characters: marks, embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Controls (C0, DEL, C1), invisible format characters (bidirectional controls, zero-width
# marks, the byte-order mark), lone surrogates and the line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _python_escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the basic plane JSON writes a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def terminal_text(text: str, *, keep: str = "") -> str:
    r"""The text with every control, format and separator character written as a Python-style escape.

    Escaped are the C0 and C1 controls (``ESC``, ``\r``, ``\b``, NUL …, and
    ``\n`` and ``\t`` unless kept), the invisible format characters (the
    bidirectional controls, zero-width marks, the byte-order mark), lone
    surrogates and the line and paragraph separators. Letters, digits,
    punctuation and spaces (the no-break space too) are left alone. Only the
    distinct characters are inspected, so long text costs one pass in C.

    Parameters
    ----------
    text
        Text that may carry characters from the data.
    keep
        Characters to leave as they are, e.g. ``"\n"`` for text whose own
        lines are its layout.

    Returns
    -------
    str
        The text, safe to write to a terminal.

    Examples
    --------
    >>> terminal_text("Derma \u202eNord\x1b]0;titel\x07")
    'Derma \\u202eNord\\x1b]0;titel\\x07'
    >>> terminal_text("to\nlinjer\tog 67,3\xa0pct.", keep="\n")
    'to\nlinjer\\x09og 67,3\xa0pct.'
    """
    table = {ord(c): _python_escape(c) for c in set(text) if c not in keep and _unsafe(c)}
    return text.translate(table) if table else text


def terminal_json(text: str) -> str:
    r"""JSON text (as :func:`json.dumps` writes it) with every unsafe character as a JSON ``\u`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes the C0 controls but writes
    DEL, the C1 controls, the bidirectional controls and the line separators
    as they are. Outside strings JSON text holds only ASCII punctuation, digits,
    letters, spaces and line feeds, so every other unsafe character is inside
    a string, where ``\uXXXX`` stands for it exactly: a program that parses the
    output gets the same values.

    Examples
    --------
    >>> import json
    >>> text = terminal_json(json.dumps({"klynge": "Derma \u202eNord\x85"}, ensure_ascii=False))
    >>> text, json.loads(text)["klynge"] == "Derma \u202eNord\x85"
    ('{"klynge": "Derma \\u202eNord\\u0085"}', True)
    """
    table = {ord(c): _json_escape(c) for c in set(text) if c != "\n" and _unsafe(c)}
    return text.translate(table) if table else text


_NOT_FOR_A_PAGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


def page_text(text: str) -> str:
    r"""A published page (HTML, SVG or Markdown) without bidirectional controls and control characters.

    The bidirectional controls (:data:`BIDI_CONTROLS`) are removed, so a name
    such as ``"Derma \u202eNord"`` cannot reverse the sentence, table or chart
    label it stands in, and the C0 and C1 controls other than tab, line feed
    and carriage return (which HTML does not allow and a reader cannot see)
    are removed too. A page's own markup never holds these characters, so the
    whole page can be passed through.

    Examples
    --------
    >>> page_text("<p>Klyngen Derma \u202eNord\u202c\x1b har 12 medlemmer.</p>\n")
    '<p>Klyngen Derma Nord har 12 medlemmer.</p>\n'
    """
    return _NOT_FOR_A_PAGE.sub("", text)
