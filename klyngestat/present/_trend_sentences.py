"""The sentences of the fact sheet's section "Udvikling siden <år>", each from one change record.

"steget" or "faldet" only where the record's wording says so (the exact test
below alpha), otherwise "på niveau med sidste år", however large the
difference looks. The shares are rounded once, half up on their exact values;
the change in percentage points is the difference of the shares as they
print, so the reader's subtraction agrees with the text (the interval and the
test are the exact figures').
"""

# Doctests pin whole Danish sentences; they are longer than a code line.
# ruff: noqa: E501

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from klyngestat.present.formatting import format_number, format_percent, format_rate, format_share, round_half_up

if TYPE_CHECKING:
    from klyngestat.release import Record

INTERVAL_WORD = "konfidensinterval"
"""What the change's interval is called in running text."""

NEW_QUESTION = "spørgsmålet er nyt i denne runde"
"""The comparability reason of a question the earlier wave did not ask (:mod:`klyngestat.waves`)."""

_NOT_COMPARABLE = "ikke sammenlignelig: "
_NOUN = {"steget": "en stigning", "faldet": "et fald"}


def _last(before: int, after: int) -> str:
    return "sidste år" if after - before == 1 else str(before)


def _share(part: Mapping[str, object], decimals: int) -> str:
    fraction = Fraction(int(str(part["count"])), int(str(part["base"])))
    return format_rate(fraction) if decimals else format_share(fraction)


def _shown_size(detail: Mapping[str, object], decimals: int, exact: Fraction) -> str:
    """The change's size as the reader can check it: the difference of the two shares as they print.

    Where that is 0 although the change is not (two shares a hair apart either side of a rounding boundary
    never print alike, but two close shares may round alike), the exact change with one decimal more.
    """
    then, now = (_printed(detail[k], decimals) for k in ("then", "now"))  # type: ignore[arg-type]
    size = abs(now - then)
    if size == 0 and exact != 0:
        return format_number(abs(exact) * 100, decimals=decimals + 1, drop_zero_decimals=True)
    return format_number(Fraction(size), decimals=decimals, drop_zero_decimals=True)


def _printed(part: Mapping[str, object], decimals: int) -> Decimal:
    """A wave's share in percent as it prints (half up, 0 or 1 decimal)."""
    return round_half_up(Fraction(int(str(part["count"])), int(str(part["base"]))) * 100, decimals=decimals)


def _points(share: float, decimals: int) -> str:
    """A change given as a share (0.12) in percentage points ("12"), rounded half up on the decimal it prints as."""
    return format_percent(share, decimals=decimals).removesuffix(" pct.")


def change_sentence(change: Record, lead: str, *, confidence_level: float, decimals: int = 0) -> str:
    """One shown change in words: "… er steget fra 71 pct. i 2025 til 83 pct. i 2026 (…)" or "… er på niveau …".

    Parameters
    ----------
    change
        A shown cross-sectional change record (measure ``change:<group>``).
    lead
        The sentence up to its verb: "Andelen, der …, er" or "I hele landet er andelen".
    confidence_level
        The interval's confidence (the releases' option), named in the sentence.
    decimals
        Decimals of the shares and the change: 0 for a specialty, 1 for the nation (as its figures print).

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> detail = {"from": 2025, "to": 2026, "then": {"count": 52, "base": 73}, "now": {"count": 69, "base": 80},
    ...           "fraction": [4385, 29200], "wording": "steget"}
    >>> rise = Record("x", "change", "q", "change:top_box", "", "specialty", "A", None, "shown", "",
    ...               share=0.150, low=0.0777, high=0.2236, detail=detail)
    >>> change_sentence(rise, "Andelen er", confidence_level=0.95)
    'Andelen er steget fra 71 pct. i 2025 til 86 pct. i 2026 (en stigning på 15 procentpoint; 95 pct. konfidensinterval 8 til 22 procentpoint).'
    """
    detail = change.detail
    before, after = int(str(detail["from"])), int(str(detail["to"]))
    then, now = (_share(detail[k], decimals) for k in ("then", "now"))  # type: ignore[arg-type]
    if change.fraction is None:
        raise ValueError(f"{change.id}: a hidden change has no figures to write")
    size = _shown_size(detail, decimals, change.fraction)
    wording = str(detail["wording"])
    if wording in _NOUN and change.low is not None and change.high is not None:
        low, high = (change.low, change.high) if wording == "steget" else (-change.high, -change.low)
        interval = (
            f"{format_rate(confidence_level)} {INTERVAL_WORD} {_points(low, decimals)} til {_points(high, decimals)}"
        )
        return (
            f"{lead} {wording} fra {then} i {before} til {now} i {after} "
            f"({_NOUN[wording]} på {size} procentpoint; {interval} procentpoint)."
        )
    text = f"{lead} på niveau med {_last(before, after)}: {then} i {before} og {now} i {after}"
    if size.strip("0,"):
        text += f"; forskellen på {size} procentpoint kan skyldes tilfældigheder"
    return text + "."


_HIDDEN_REASON = re.compile(r"(skjult|intet tal) i (\d{4})")


def hidden_change_sentence(change: Record, subject: str, *, nation: bool = False) -> str:
    """Why a change is not shown, in plain Danish and without figures.

    Parameters
    ----------
    change
        A hidden change record (its reason: "skjult i 2025", "intet tal i 2025", …).
    subject
        What is not shown: "Udviklingen i andelen, der …," or "Udviklingen i hele landet".
    nation
        Whether the figure is the nation's (its own figure is "landstallet", not "specialets tal").
    """
    found = _HIDDEN_REASON.fullmatch(change.reason)
    if found is None:
        return f"{subject} vises ikke ({change.reason})."
    kind, year = found.groups()
    whose = "landstallet" if nation else "specialets tal"
    why = (
        f"{whose} for {year} ikke vises af hensyn til fortroligheden"
        if kind == "skjult"
        else f"der ikke er noget tal for {year} at sammenligne med"
    )
    return f"{subject} vises ikke, fordi {why}."


def not_comparable_sentence(change: Record, question_text: str) -> str:
    """The sentence that stands for a question that is not compared: changed since the earlier wave, or new.

    Parameters
    ----------
    change
        The question's hidden nation-level change record (reason "ikke sammenlignelig: …").
    question_text
        The question's wording in the later wave.
    """
    before, after = change.detail.get("from"), change.detail.get("to")
    reason = change.reason.removeprefix(_NOT_COMPARABLE)
    if reason == NEW_QUESTION:
        return f"Spørgsmålet »{question_text}« er nyt i {after}, så der er intet tal fra {before} at sammenligne med."
    return f"Spørgsmålet »{question_text}« er ændret siden {before} ({reason}), så tallene sammenlignes ikke."


def is_not_comparable(change: Record) -> bool:
    """Whether a hidden change record stands for a question that is not compared at all.

    Parameters
    ----------
    change
        A change record.
    """
    return not change.shown and change.reason.startswith(_NOT_COMPARABLE)


# ---------------------------------------------------------------------------
# The fact sheet's section
