"""Danish words of the fact sheet's sentences: names in running text, small numbers, lists, shares, p-values.

The public names (:func:`number_word`, :func:`join_danish`,
:func:`format_pvalue`) are exported by :mod:`klyngestat.present.narrative`.
"""

from __future__ import annotations

from collections.abc import Sequence

from klyngestat.present.formatting import format_number, format_share
from klyngestat.release import Record

__all__ = ["end_sentence", "format_pvalue", "in_text", "join_danish", "lower_first", "number_word", "share_text"]


def end_sentence(text: str) -> str:
    """End a sentence with one full stop ("… 48 pct." takes no second one)."""
    return text if text.endswith(".") else text + "."


def in_text(name: str) -> str:
    """A specialty's name in running text: lower case, as Danish writes the names of specialties.

    Acronyms keep their capitals.

    Parameters
    ----------
    name
        The name as the data spells it.

    Examples
    --------
    >>> in_text("Dermatologi"), in_text("Børne- og ungdomspsykiatri"), in_text("ØNH")
    ('dermatologi', 'børne- og ungdomspsykiatri', 'ØNH')
    """
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def share_text(share: Record) -> str:
    if share.fraction is None:
        raise ValueError(f"{share.id}: no figure to show")
    return format_share(share.fraction)


_NUMBER_WORDS = ("nul", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv")


def number_word(n: int) -> str:
    """A small count in Danish words (common gender, as in "syv klynger"); digits from 13.

    Parameters
    ----------
    n
        The count.

    Examples
    --------
    >>> number_word(7), number_word(2), number_word(14)
    ('syv', 'to', '14')
    """
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else format_number(n)


def join_danish(items: Sequence[str], last: str = "og") -> str:
    """Join with commas and a final "og".

    Parameters
    ----------
    items
        The texts to join.
    last
        The word before the last item.

    Examples
    --------
    >>> join_danish(["A", "B", "C"])
    'A, B og C'
    >>> join_danish(["A"])
    'A'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def format_pvalue(pvalue: float) -> str:
    """A p-value in Danish notation ("p = 0,18", "p < 0,001"), with no-break spaces so it never wraps.

    Parameters
    ----------
    pvalue
        The p-value; two decimals from 0.1, three below, "< 0,001" below that.

    Examples
    --------
    >>> [p.replace("\xa0", " ") for p in (format_pvalue(0.1802), format_pvalue(0.0004), format_pvalue(0.0123))]
    ['p = 0,18', 'p < 0,001', 'p = 0,012']
    """
    if pvalue < 0.001:
        return "p\xa0<\xa00,001"
    decimals = 2 if pvalue >= 0.1 else 3
    return f"p\xa0=\xa0{format_number(pvalue, decimals=decimals)}"
