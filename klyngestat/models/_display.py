"""Plain, escaped HTML tables for Jupyter's ``_repr_html_``, saying what kind of figures they show.

The statistics' working results, the Survey and the validation report show
:func:`analysis_html`: their figures are analysis for the analyst, who holds
the data anyway, so they are shown in full (no suppression) under a caption
saying they are not released figures. Only a Release publishes; it shows
:func:`table_html` with its own caption. Numbers print plainly (the Danish
rounding of published figures belongs to presentation, from a Release),
missing values as "–", and every text, caption and column name is escaped.

This module imports nothing of klyngestat but its HTML builder (:mod:`klyngestat.models._html`), so
every layer may use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from klyngestat.models._html import Markup, attributes, html, join

__all__ = ["DASH", "RELEASE_HINT", "UNRELEASED", "analysis_html", "table_html"]

UNRELEASED = "Analyse – ikke frigivne tal"
"""The first caption line of every working result: these figures are not for publication."""

RELEASE_HINT = "Frigiv med klyngestat.build_release"
"""How figures become publishable: the Release applies the disclosure rules."""

DASH = "–"
"""What a missing value shows."""

_MAX_CELL = 200
"""Longer cell texts are cut (a record's ``detail`` can be long)."""

_CSS = Markup(
    "<style>table.klyngestat{border-collapse:collapse;font-size:0.85em;margin:0.25em 0}"
    "table.klyngestat caption{text-align:left;padding:0.2em 0}"
    "table.klyngestat th,table.klyngestat td{padding:0.15em 0.6em;text-align:left;border-bottom:1px solid #e3e3e3}"
    "table.klyngestat .n{text-align:right;font-variant-numeric:tabular-nums}</style>"
)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 0.001:
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def _cell(value: object) -> str:
    """A value as plain text (not yet escaped)."""
    if _is_missing(value):
        return DASH
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nej"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        return _number(float(value))
    if isinstance(value, dict | list | tuple) and not value:
        return ""
    text = str(value)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def table_html(
    frame: pd.DataFrame,
    caption: str | Sequence[str],
    *,
    notes: Sequence[str] = (),
    kind: str = "table",
    max_rows: int = 40,
) -> str:
    """A compact, escaped HTML table of a tidy frame, with a caption of one or more lines.

    Parameters
    ----------
    frame
        A tidy frame (its index is not shown).
    caption
        The caption; with several lines the first is set in bold. Plain text, escaped.
    notes
        Lines shown small below the caption (plain text, escaped).
    kind
        A class of the ``<table>`` (``klyngestat-<kind>``), so a reader or a test can tell displays apart.
    max_rows
        Longer frames show their first and last rows and say how many are left out.

    Returns
    -------
    str
        A ``<style>`` and one ``<table>`` element.

    Examples
    --------
    >>> html = table_html(pd.DataFrame({"klynge": ["A & B"], "n": [12]}), ["Frigivne tal", "<2025>"])
    >>> "A &amp; B" in html, "&lt;2025&gt;" in html, "<b>Frigivne tal</b>" in html
    (True, True, True)
    """
    lines_of_caption = [caption] if isinstance(caption, str) else list(caption)
    caption_html = join(
        [html("<b>{}</b>", line) for line in lines_of_caption[:1]]
        + lines_of_caption[1:]
        + [html('<small style="font-weight:normal">{}</small>', note) for note in notes],
        "<br>",
    )
    if len(frame) > max_rows:
        head, tail = frame.iloc[: max_rows // 2], frame.iloc[-(max_rows - max_rows // 2) :]
        left_out = len(frame) - len(head) - len(tail)
    else:
        head, tail, left_out = frame, frame.iloc[:0], 0
    columns = [str(c) for c in frame.columns]
    attrs = [
        attributes(class_="n" if is_numeric_dtype(frame[c]) and not is_bool_dtype(frame[c]) else None)
        for c in frame.columns
    ]
    lines = [
        _CSS,
        html('<table class="klyngestat klyngestat-{}">', kind),
        html("<caption>{}</caption>", caption_html),
        html("<thead><tr>{}</tr>", join(html("<th{}>{}</th>", a, c) for c, a in zip(columns, attrs, strict=True))),
        Markup("</thead><tbody>"),
    ]
    for part, gap in ((head, left_out > 0), (tail, False)):
        for row in part.itertuples(index=False, name=None):
            cells = (html("<td{}>{}</td>", a, _cell(v)) for a, v in zip(attrs, row, strict=True))
            lines.append(html("<tr>{}</tr>", join(cells)))
        if gap:
            lines.append(
                html(
                    '<tr><td colspan="{}">… {} af {} rækker udeladt her</td></tr>',
                    max(len(columns), 1),
                    left_out,
                    len(frame),
                )
            )
    lines.append(Markup("</tbody></table>"))
    return str(join(lines, "\n"))


def analysis_html(frame: pd.DataFrame, title: str, *, max_rows: int = 40) -> str:
    """A working result's table, captioned as unreleased analysis with a hint how to release.

    Parameters
    ----------
    frame
        What the result shows, usually its ``.to_frame()``; shown in full.
    title
        What the table is (plain text, escaped), after the line :data:`UNRELEASED`.
    max_rows
        Longer frames show their first and last rows.

    Examples
    --------
    >>> html = analysis_html(pd.DataFrame({"cluster": ["<b>Nord</b>"], "count": [3], "share": [1 / 3]}), "Top box")
    >>> "Analyse – ikke frigivne tal" in html, "build_release" in html
    (True, True)
    >>> "&lt;b&gt;Nord&lt;/b&gt;" in html, ">0.3333<" in html, ">3<" in html
    (True, True, True)
    """
    return table_html(frame, [UNRELEASED, title], notes=[RELEASE_HINT], kind="analysis", max_rows=max_rows)
