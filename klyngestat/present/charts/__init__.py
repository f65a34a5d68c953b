"""Charts for the fact sheets and the national overview.

Two renderers draw the same charts. :mod:`klyngestat.present.charts.svg` writes
the fact sheets' charts (diverging Likert bars, grouped shares, expectations,
rankings) as SVG directly, and :mod:`klyngestat.present.charts.overview` the
overview's (headline dots, heat map); pages (HTML and PDF) use these, and need
no matplotlib. The matplotlib charts (:func:`likert_chart`, :func:`share_chart`,
:func:`expectation_chart`, :func:`ranking_chart`) are
:class:`matplotlib.figure.Figure` objects made without pyplot (no global state,
Agg canvas), for notebooks and the Markdown sheets' PNGs. Both are 6,3 inches
wide (an A4 text column), in DejaVu Sans, with a layout computed from the
measured size of their texts so that long Danish labels are never clipped: long
row labels wrap at word boundaries, never truncate.

Conventions shared by all charts (see "Charts that analysts trust" in the design):

- every percent printed on a chart is rounded half up on the exact fraction, as
  the text of the fact sheet is (:mod:`klyngestat.present.formatting`);
- charts draw released figures only (records of a :class:`~klyngestat.release.Release`):
  n stands beside every bar label, and a row the Release hides is not drawn;
  it reads "Vises ikke af hensyn til fortroligheden" whichever rule hid it;
- axes are fixed (0 to 100 pct., or −100 to 100 pct. for Likert bars), so
  charts can be compared side by side across clusters and fact sheets;
- the palette is ColorBrewer's colour-blind-safe PuOr (purple for the positive
  side, orange for the negative side), a neutral grey in the middle, and white
  borders between segments so that the chart also reads in greyscale.

matplotlib is an optional dependency (``pip install klyngestat[plot]``), imported
only when a matplotlib chart is drawn; ``import klyngestat`` does not import it, and
this package loads each chart's module when its name is first used. The package:
``_base`` (sizes, palette, measuring, style), ``_layout`` (the matplotlib charts'
layout), ``_export`` (SVG and PNG of a figure), ``likert`` (diverging bars), ``bars``
(shares, expectations, rankings), ``svg`` with ``_svgdoc``, ``_svgframe``,
``_svglikert`` and ``_svgtext`` (the SVG charts, their frame and font metrics) and
``overview`` with ``_cells``, ``_headline`` and ``_heatmap`` (the overview's SVG
charts), and ``trend`` with ``_trend_png`` (the trend chart of "Udvikling siden <år>":
SVG, and the same plan with matplotlib for PNGs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klyngestat._lazy import lazy_exports

if TYPE_CHECKING:
    from klyngestat.present.charts._base import DIFFERENT_N_NOTE, FIGURE_WIDTH, MIN_LABEL_PERCENT, TOTAL_LABEL
    from klyngestat.present.charts._export import figure_to_png, figure_to_svg
    from klyngestat.present.charts._trend_png import trend_figure
    from klyngestat.present.charts.bars import expectation_chart, ranking_chart, share_chart
    from klyngestat.present.charts.likert import likert_chart
    from klyngestat.present.charts.overview import headline_chart, heatmap_chart
    from klyngestat.present.charts.trend import trend_svg

_WHERE = {
    "DIFFERENT_N_NOTE": "_base",
    "FIGURE_WIDTH": "_base",
    "MIN_LABEL_PERCENT": "_base",
    "TOTAL_LABEL": "_base",
    "figure_to_png": "_export",
    "figure_to_svg": "_export",
    "expectation_chart": "bars",
    "ranking_chart": "bars",
    "share_chart": "bars",
    "likert_chart": "likert",
    "headline_chart": "overview",  # the national overview's charts (SVG, no matplotlib)
    "heatmap_chart": "overview",
    "trend_figure": "_trend_png",  # the trend chart (matplotlib, for PNGs) and its SVG
    "trend_svg": "trend",
}

__all__ = [
    "DIFFERENT_N_NOTE",
    "FIGURE_WIDTH",
    "MIN_LABEL_PERCENT",
    "TOTAL_LABEL",
    "expectation_chart",
    "figure_to_png",
    "figure_to_svg",
    "headline_chart",
    "heatmap_chart",
    "likert_chart",
    "ranking_chart",
    "share_chart",
    "trend_figure",
    "trend_svg",
]

__getattr__, __dir__ = lazy_exports(
    __name__, {name: f"{__name__}.{module}" for name, module in _WHERE.items()}, __all__
)
