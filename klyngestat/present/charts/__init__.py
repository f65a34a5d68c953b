"""Charts for the fact sheets: diverging Likert bars, grouped shares, expectations, rankings.

Every chart is a :class:`matplotlib.figure.Figure` made without pyplot (no global
state, Agg canvas), 6,3 inches wide (an A4 text column), in DejaVu Sans, with a
layout computed from the measured size of its texts so that long Danish labels
are never clipped: long row labels wrap at word boundaries, never truncate.

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

matplotlib is an optional dependency (``pip install klyngestat[plot]``); it is
imported by this package only, and ``import klyngestat`` does not import it. The package:
``_base`` (measuring, layout, style), ``likert`` (diverging bars) and ``bars`` (shares,
expectations, rankings).
"""

from klyngestat.present.charts._base import (
    DIFFERENT_N_NOTE,
    FIGURE_WIDTH,
    MIN_LABEL_PERCENT,
    TOTAL_LABEL,
    figure_to_png,
    figure_to_svg,
)
from klyngestat.present.charts.bars import expectation_chart, ranking_chart, share_chart
from klyngestat.present.charts.likert import likert_chart

__all__ = [
    "DIFFERENT_N_NOTE",
    "FIGURE_WIDTH",
    "MIN_LABEL_PERCENT",
    "TOTAL_LABEL",
    "expectation_chart",
    "figure_to_png",
    "figure_to_svg",
    "likert_chart",
    "ranking_chart",
    "share_chart",
]

# The national overview's charts (klyngestat.present.overview).
from klyngestat.present.charts.overview import headline_chart, heatmap_chart

__all__ += ["headline_chart", "heatmap_chart"]
