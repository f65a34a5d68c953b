"""The national overview's charts as SVG: headline shares per specialty as dots, a heat map of top-box shares.

Both draw released records only: a hidden record is a grey cell or row that
says it is not shown, never its value, and every printed percent is rounded
half up on the record's exact fraction (national figures with one decimal).

They are written directly, as the fact sheets' charts are (:mod:`.svg`, with
the font metrics of :mod:`._svgtext`), and import no matplotlib: sizes are
given in inches and drawn in points (72 to the inch, y downwards), one
``<text>`` per line of text, presentation attributes only.
"""

from __future__ import annotations

from klyngestat.present.charts._cells import HIDDEN_CELL_TEXT, NO_ANSWERS_TEXT, cell_text
from klyngestat.present.charts._headline import HeadlinePanel, headline_chart
from klyngestat.present.charts._heatmap import heatmap_chart

__all__ = ["HIDDEN_CELL_TEXT", "NO_ANSWERS_TEXT", "HeadlinePanel", "cell_text", "headline_chart", "heatmap_chart"]
