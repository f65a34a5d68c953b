"""Compact HTML tables for Jupyter: what the results' ``_repr_html_`` methods show.

Result objects and the Survey call :func:`frame_html` from their
``_repr_html_`` (importing this module only then, so statistics do not import
presentation when they are loaded). Every text is escaped; shares print in
Danish as the fact sheets print them ("71 pct.", "67,3 pct."), counts with a
thousands dot, and missing or withheld figures as "–".
"""

from __future__ import annotations

import math
from html import escape
from numbers import Integral, Real

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.stats.suppression import complementary_hidden

__all__ = ["frame_html"]

_SHARE_COLUMNS = frozenset(
    {"share", "share_substantive", "share_of_respondents", "cluster_min", "cluster_max", "min", "max"}
)
"""Shown as whole percent, as the fact sheets print shares."""

_RATE_COLUMNS = frozenset({"response_rate", "national", "weighted_share"})
"""Shown with one decimal (dropped when zero), as rates and national figures are printed."""

_POINT_COLUMNS = frozenset({"difference_pp"})
"""Differences in percentage points, with one decimal."""

_WITHHELD_COLUMNS = frozenset({"count", "n", "missing"}) | _SHARE_COLUMNS
"""Figures blanked in a cluster row resting on fewer answers than ``min_n``."""

_DASH = "–"

_CSS = (
    "<style>table.klyngestat{border-collapse:collapse;font-size:0.85em;margin:0.25em 0}"
    "table.klyngestat caption{text-align:left;font-weight:bold;padding:0.2em 0}"
    "table.klyngestat th,table.klyngestat td{padding:0.15em 0.6em;text-align:left;border-bottom:1px solid #e3e3e3}"
    "table.klyngestat .n{text-align:right;font-variant-numeric:tabular-nums}</style>"
)
_FIGURE_COLUMNS = _WITHHELD_COLUMNS | _RATE_COLUMNS | _POINT_COLUMNS


def _cell(column: str, value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return _DASH
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nej"
    if isinstance(value, Integral):
        value = int(value)
    elif isinstance(value, Real):
        value = float(value)
    else:
        return str(value)
    if column in _SHARE_COLUMNS:
        return format_share(value)
    if column in _RATE_COLUMNS:
        return format_rate(value)
    if column in _POINT_COLUMNS:
        return format_number(value, 1, drop_zero_decimals=True)
    return format_number(value) if isinstance(value, int) else f"{value:.4g}".replace(".", ",")


def _withhold(frame: pd.DataFrame, min_n: int) -> tuple[pd.DataFrame, int]:
    """Blank the figures of cluster rows with fewer than ``min_n`` answers, and of those that would reveal them.

    Rows are cells of a table when they share question, group and specialty;
    with a ``count`` column the complementary cells are hidden as
    :func:`klyngestat.stats.suppression.complementary_hidden` does (from
    count and n alone: the survey's other categories are not in the frame).
    """
    if "cluster" not in frame.columns or "n" not in frame.columns:
        return frame, 0
    n = pd.to_numeric(frame["n"], errors="coerce").fillna(0).astype("int64")
    small = np.zeros(len(frame), dtype=bool)
    cells = np.flatnonzero(frame["cluster"].notna().to_numpy(bool))
    keys = [frame[k].astype(str).to_numpy()[cells] for k in ("question", "group", "specialty") if k in frame.columns]
    blocks = pd.Series(cells).groupby(keys).indices.values() if keys and len(cells) else [np.arange(len(cells))]
    for block in blocks:
        index = cells[block]
        bases = n.to_numpy()[index]
        if "count" in frame.columns:
            count = pd.to_numeric(frame["count"], errors="coerce").fillna(0).to_numpy("int64")[index]
            sizes = bases.tolist()
            small[index] = complementary_hidden(sizes, sizes, np.column_stack([count, bases - count]), min_n)
        else:
            small[index] = (bases < min_n) & (bases > 0)
    if not small.any():
        return frame, 0
    frame = frame.astype(object)
    frame.loc[small, [c for c in frame.columns if c in _WITHHELD_COLUMNS]] = None
    return frame, int(small.sum())


def frame_html(frame: pd.DataFrame, caption: str, *, min_n: int | None = None, max_rows: int = 40) -> str:
    """A compact, escaped HTML table of a result's frame, with Danish formatting.

    Parameters
    ----------
    frame
        A tidy frame, as a result's ``.to_frame()`` gives it.
    caption
        The table's caption (plain text; it is escaped).
    min_n
        When given, the figures (count, n, shares) of cluster rows whose ``n``
        is below it are withheld and shown as "–", and so are those of the
        clusters from which they could be worked out by subtraction
        (complementary suppression of the frame's count and n; the fact
        sheet's, which also protects every answer category, is
        :func:`klyngestat.stats.suppression.suppress_clusters`).
    max_rows
        Longer frames show their first and last rows and say how many are left out.

    Returns
    -------
    str
        A ``<style>`` and a ``<table>`` element, with notes below it where rows are withheld or left out.

    Examples
    --------
    Cluster C has 3 answers, so it is withheld, and so is D, the smallest
    other cluster, without which C could be worked out from the rest:

    >>> frame = pd.DataFrame({"cluster": ["A & B", "C", "D"], "count": [52, 1, 6], "n": [73, 3, 8]})
    >>> html = frame_html(frame.assign(share=frame["count"] / frame["n"]), "Top box <pr. klynge>", min_n=5)
    >>> "A &amp; B" in html, "&lt;pr. klynge&gt;" in html
    (True, True)
    >>> "71 pct." in html, "33 pct." in html, "75 pct." in html
    (True, False, False)
    """
    frame, withheld = _withhold(frame, min_n) if min_n is not None else (frame, 0)
    notes = [f"{_DASH}: færre end {min_n} svar, eller tal der ellers kunne regnes ud; vises ikke"] if withheld else []
    if len(frame) > max_rows:
        head, tail = frame.iloc[: max_rows // 2], frame.iloc[-(max_rows - max_rows // 2) :]
        notes.append(f"{len(frame) - len(head) - len(tail)} af {len(frame)} rækker er udeladt her")
    else:
        head, tail = frame, frame.iloc[:0]
    columns = [str(c) for c in frame.columns]
    numeric = [
        c in _FIGURE_COLUMNS or (is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c])) for c in frame.columns
    ]
    attrs = [' class="n"' if n else "" for n in numeric]
    lines = [_CSS, '<table class="klyngestat">', f"<caption>{escape(caption)}</caption>"]
    header = "".join(f"<th{a}>{escape(c)}</th>" for c, a in zip(columns, attrs, strict=True))
    lines.append(f"<thead><tr>{header}</tr></thead><tbody>")
    for part, gap in ((head, len(tail) > 0), (tail, False)):
        for row in part.itertuples(index=False, name=None):
            cells = (f"<td{a}>{escape(_cell(c, v))}</td>" for c, a, v in zip(columns, attrs, row, strict=True))
            lines.append(f"<tr>{''.join(cells)}</tr>")
        if gap:
            lines.append(f'<tr><td colspan="{len(columns)}">…</td></tr>')
    lines.append("</tbody></table>")
    lines += [f'<p style="font-size:0.8em;margin:0">{escape(note)}</p>' for note in notes]
    return "\n".join(lines)
