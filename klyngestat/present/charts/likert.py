"""Diverging stacked bars for Likert questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: the SVG charts share the decisions below
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from klyngestat.present.charts._base import (
    _EDGE,
    _EDGE_WIDTH,
    _LINE_SPACING,
    _NEUTRAL,
    _NON_SUBSTANTIVE,
    _PUOR,
    _SIDE_GAP,
    _SIDE_WIDTH,
    _TEXT,
    _TICK_SIZE,
    _VALUE_SIZE,
    DIFFERENT_N_NOTE,
    MIN_LABEL_PERCENT,
    TOTAL_LABEL,
    _contrast,
    _hidden_text,
    _line_height,
    _Measure,
    _n_label,
    _n_lines,
    _new_figure,
    _percent,
    _shown,
    _style,
    _text_colour_on,
    _Wrapping,
)
from klyngestat.present.charts._layout import _hidden, _Layout, _percent_axis, _value_bar
from klyngestat.present.figures import Categories
from klyngestat.present.formatting import format_number

# ---------------------------------------------------------------------------
# Likert


@dataclass(frozen=True)
class _LikertScale:
    """Where each category of a Likert scale goes in a diverging bar."""

    labels: tuple[str, ...]
    positive: tuple[int, ...]
    """Positions of the positive categories, most positive first (scale order)."""
    neutral: int | None
    negative: tuple[int, ...]
    """Positions of the negative categories, least negative first (scale order)."""
    non_substantive: tuple[int, ...]
    colours: dict[int, str]

    @classmethod
    def of(cls, distribution: Categories) -> _LikertScale:
        """The scale's sides and colours: the bar's centre is the questionnaire's neutral category.

        Scales list options from the most positive to the most negative ("Ved
        ikke" last). Where the questionnaire names a neutral category
        (``Scale.neutral``, carried in ``distribution.neutral``), it is the
        centre: the categories before it are the positive side, those after it
        the negative side. Where it names none, the centre is computed from the
        scale proper: with an odd number of categories the middle one is
        neutral, with an even number the bar is centred between its halves.
        """
        proper = tuple(i for i, s in enumerate(distribution.substantive) if s)
        others = tuple(i for i, s in enumerate(distribution.substantive) if not s)
        if not proper:
            raise ValueError(f"{distribution.question!r}: the scale has no categories to draw")
        positive, neutral, negative = _sides(distribution, proper)
        side = max(len(positive), len(negative))
        pos_colours, neg_colours = _diverging_colours(side) if side else ((), ())
        colours = {i: pos_colours[k] for k, i in enumerate(positive)}
        colours |= {i: neg_colours[k] for k, i in enumerate(negative)}
        if neutral is not None:
            colours[neutral] = _NEUTRAL
        for k, i in enumerate(others):
            colours[i] = _NON_SUBSTANTIVE[k % len(_NON_SUBSTANTIVE)]
        return cls(distribution.labels, positive, neutral, negative, others, colours)


def _sides(distribution: Categories, proper: tuple[int, ...]) -> tuple[tuple[int, ...], int | None, tuple[int, ...]]:
    """(positive, neutral, negative) positions: around the questionnaire's neutral, else around the computed centre."""
    declared = distribution.neutral
    if declared is not None:
        if declared not in proper:
            raise ValueError(
                f"{distribution.question!r}: the neutral category {distribution.labels[declared]!r} is not on the "
                "scale proper (substantive = false); name a category of the scale as its neutral, or none"
            )
        at = proper.index(declared)
        return proper[:at], declared, proper[at + 1 :]
    half = len(proper) // 2
    if len(proper) == 1:
        return proper, None, ()
    if len(proper) % 2:
        return proper[:half], proper[half], proper[half + 1 :]
    return proper[:half], None, proper[half:]


def _diverging_colours(side: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if side in _PUOR:
        return _PUOR[side]
    # More categories a side than the fixed palettes have: interpolate along the five-colour sides
    # (darkest to lightest positive, lightest to darkest negative), then keep the contrast rule.
    from matplotlib.colors import LinearSegmentedColormap, to_hex

    steps = [k / (side - 1) for k in range(side)]
    positive = LinearSegmentedColormap.from_list("positive", _PUOR[5][0])
    negative = LinearSegmentedColormap.from_list("negative", _PUOR[5][1])
    return (
        tuple(_legible(to_hex(positive(x))) for x in steps),
        tuple(_legible(to_hex(negative(x))) for x in steps),
    )


def _legible(colour: str) -> str:
    """The colour, darkened until it has 3:1 against white and a label colour with 4.5:1 on it."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = to_rgb(colour)
    while not (_contrast("white", colour) >= 3 and _contrast(_text_colour_on(colour), colour) >= 4.5):
        rgb = (rgb[0] * 0.97, rgb[1] * 0.97, rgb[2] * 0.97)
        colour = to_hex(rgb)
    return colour


def _check_same_scale(rows: Sequence[tuple[str, Categories]]) -> None:
    first = rows[0][1]
    for label, d in rows[1:]:
        if d.labels != first.labels or d.substantive != first.substantive:
            raise ValueError(f"row {label!r} is on another scale than row {rows[0][0]!r}: {d.labels} vs {first.labels}")


class _LikertText(NamedTuple):
    """What both Likert renderers (matplotlib and direct SVG) print beside the bars, decided once."""

    scale: _LikertScale
    shown: list[bool]
    in_base: tuple[bool, ...]
    labels: list[str]
    notes: list[str]
    top_label: str
    in_order: list[int]
    """The scale's proper categories in legend order."""
    side_sources: list[int | None]
    """What each side panel shows: None for "I alt", else a non-substantive category."""


def _side_titles(measure: _Wrapping, decided: _LikertText) -> tuple[list[str], float]:
    """The side panels' wrapped titles and the header height (inches) they need."""
    titles = [
        measure.wrap(TOTAL_LABEL if i is None else decided.scale.labels[i], _TICK_SIZE, _SIDE_WIDTH + _SIDE_GAP)
        for i in decided.side_sources
    ]
    return titles, _line_height(_TICK_SIZE, max((_n_lines(t) for t in titles), default=1)) + 0.12


def _likert_text(rows: Sequence[tuple[str, Categories | None]], caller: str) -> _LikertText:
    """Row labels with their n, the notes under the chart, and the top box's name for the "I alt" column."""
    drawable = [(label, d) for label, d in rows if d is not None]
    if not drawable:
        raise ValueError(f"{caller} needs at least one row with a released distribution")
    _check_same_scale(drawable)
    scale = _LikertScale.of(drawable[0][1])
    shown = [d is not None and _shown(d.base) for _, d in rows]
    labels = [
        _n_label(label, d.base) if ok and d is not None else label for (label, d), ok in zip(rows, shown, strict=True)
    ]
    drawn = [d for (_, d), ok in zip(rows, shown, strict=True) if ok and d is not None]
    notes = [DIFFERENT_N_NOTE] if len({d.base for d in drawn}) > 1 else []
    side_names = [scale.labels[i] for i in scale.non_substantive]
    in_base = drawable[0][1].in_base or (True,) * len(scale.labels)
    outside = [scale.labels[i] for i in scale.non_substantive if not in_base[i]]
    top_label = drawable[0][1].top_label if any(drawable[0][1].top) else ""
    notes.append(
        "Søjlerne viser pct. af de n svar, som teksten bygger på"
        + ("" if outside or not side_names else f", inklusive »{'« og »'.join(side_names)}«")
        + (f"; {top_label} i alt står til højre" if top_label else "")
        + "."
        + (f" »{'« og »'.join(outside)}« indgår ikke i n og vises i pct. af alle, der har svaret." if outside else "")
    )
    proper = (*scale.positive, *((scale.neutral,) if scale.neutral is not None else ()), *scale.negative)
    side_sources: list[int | None] = ([None] if top_label else []) + list(scale.non_substantive)
    return _LikertText(scale, shown, tuple(in_base), labels, notes, top_label, sorted(proper), side_sources)


def _side_values(
    rows: Sequence[tuple[str, Categories | None]], decided: _LikertText, source: int | None
) -> list[tuple[int, str, Fraction | None]]:
    """What a side panel shows in each row it fills: ``(row, label, share)``.

    ``source`` None is the "I alt" column: the top box in all, rounded once
    (the text's figure), with no bar. Otherwise the share of that answer
    ("Ved ikke"), of the text's base where it counts in it, else of all who
    answered; a row with no such base shows nothing. Both renderers draw these.
    """
    values: list[tuple[int, str, Fraction | None]] = []
    for i, ((_, d), ok) in enumerate(zip(rows, decided.shown, strict=True)):
        if not ok or d is None:
            continue
        if source is None:
            total = format_number(Fraction(d.top_count, d.base) * 100, decimals=d.decimals, drop_zero_decimals=True)
            values.append((i, total, None))
            continue
        of = d.base if decided.in_base[source] else d.answered
        if of:
            share = Fraction(d.counts[source], of)
            values.append((i, _percent(share), share))
    return values


def likert_chart(
    rows: Sequence[tuple[str, Categories | None]],
    *,
    title: str | None = None,
) -> Figure:
    """Diverging stacked bars of a Likert question, one bar per group.

    The bars are centred between the negative and the positive categories; the
    questionnaire's neutral category (``neutral`` of its scale), such as "I
    nogen grad", is split across the centre. Where the scale names no neutral,
    the middle category of an odd number on the scale proper is taken as
    neutral, and an even number is centred between its halves. One base for
    chart and text: segment widths are shares of the base the fact sheet's
    sentences use (the bar's n, beside its label:
    answers, "Ved ikke" included unless the Release takes it out), so a bar
    spans 100 pct. less its "Ved ikke". "Ved ikke" is drawn apart in a small
    panel to the right, as a share of the same base; the "I alt" column
    prints each bar's top box in all, rounded once from its exact fraction
    (the text's figure, never a sum of rounded segments). Blanks are in no
    base and not drawn.

    Parameters
    ----------
    rows
        ``(label, categories)`` pairs of released distributions
        (:meth:`klyngestat.present.figures.Released.categories`), drawn top to
        bottom in this order, e.g. the specialty, then "Landsgennemsnit". All
        must be of the same scale, listed (as the questionnaire lists them)
        from the most positive category to the most negative. A row whose
        distribution the Release hides (``None``) reads "Vises ikke af hensyn
        til fortroligheden" and shows no n.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    matplotlib.figure.Figure
        The chart. The main axes has the label ``"likert"``; the side panels
        ``"total"`` (when the scale has a top box) and ``"non_substantive:<label>"``.

    Notes
    -----
    - The axis is always −100 to 100 pct. with ticks printed as positive
      percents, so charts can be laid side by side.
    - Segment labels are whole percents rounded half up, without "pct.";
      segments narrower than :data:`MIN_LABEL_PERCENT` or than their label
      get none.
    - Every category of the scale is in the legend, in scale order, whether
      or not anyone chose it.
    - When the drawn bars rest on different n, a note under the chart says so.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.figures import Released
    >>> d = Released(build_release(demo_survey()), "Dermatologi").categories("understoetter_kvalitet")
    >>> fig = likert_chart([("Dermatologi", d)])
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()], [t.get_text() for t in fig.axes[1].texts]
    (['Dermatologi (n=73)'], ['71'])
    """
    from matplotlib.patches import Patch

    decided = _likert_text(rows, "likert_chart")
    scale, shown, _, labels, notes, _, in_order, side_sources = decided
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        side_titles, header = _side_titles(measure, decided)
        handles = [Patch(facecolor=scale.colours[i], edgecolor=_EDGE, label=scale.labels[i]) for i in in_order]
        layout = _Layout(
            fig,
            measure,
            labels,
            row_height=0.3,
            title=title,
            header=header,
            legend=(handles, [scale.labels[i] for i in in_order]),
            notes=notes,
            side_panels=len(side_sources),
        )
        ax, sides = layout.build()
        ax.set_label("likert")
        ax.set_xlim(-100, 100)
        _percent_axis(ax, (-100, -50, 0, 50, 100))
        ax.axvline(0, color="#777777", linewidth=0.8, zorder=1.5)
        for i, ((_, d), ok) in enumerate(zip(rows, shown, strict=True)):
            if ok and d is not None:
                _likert_bar(ax, measure, layout.main_width, i, d, scale)
            else:
                _hidden(ax, i, 0, _hidden_text(0 if d is None else d.base, d is not None), ha="center")

        for side_ax, source, side_title in zip(sides, side_sources, side_titles, strict=True):
            side_ax.set_title(side_title, fontsize=_TICK_SIZE, color=_TEXT, pad=4, linespacing=_LINE_SPACING)
            side_ax.set_xlim(0, 100)
            if source is None:  # the top box in all, rounded once: the text's figure
                side_ax.set_label("total")
                side_ax.set_xticks([])
                for spine in side_ax.spines.values():
                    spine.set_visible(False)
                for i, text, _ in _side_values(rows, decided, None):
                    total = side_ax.text(
                        50, i, text, ha="center", va="center", fontsize=_VALUE_SIZE, fontweight="bold", color=_TEXT
                    )
                    total.set_gid(f"likert-total-{i}")  # an id in the SVG, so the figure can be read back
                continue
            name = scale.labels[source]
            side_ax.set_label(f"non_substantive:{name}")
            _percent_axis(side_ax, (0, 50, 100), labelled=(0, 100))
            colour = scale.colours[source]
            for i, text, share in _side_values(rows, decided, source):
                assert share is not None
                _value_bar(side_ax, measure, _SIDE_WIDTH, i, share, colour, label=text, height=0.55)
    return fig


def _likert_bar(ax: Axes, measure: _Measure, axes_width: float, row: int, d: Categories, scale: _LikertScale) -> None:
    from matplotlib.patches import Rectangle

    base = d.base
    height = 0.62
    segments: list[tuple[int, float, Fraction]] = []  # (position, left, share)
    half = Fraction(d.counts[scale.neutral], base) * 50 if scale.neutral is not None else Fraction(0)
    if scale.neutral is not None:
        segments.append((scale.neutral, float(-half), Fraction(d.counts[scale.neutral], base)))
    cursor = half
    for i in reversed(scale.positive):  # innermost (least positive) first
        share = Fraction(d.counts[i], base)
        segments.append((i, float(cursor), share))
        cursor += share * 100
    cursor = -half
    for i in scale.negative:  # innermost (least negative) first
        share = Fraction(d.counts[i], base)
        cursor -= share * 100
        segments.append((i, float(cursor), share))
    for position, left, share in segments:
        if share == 0:
            continue
        width = float(share * 100)
        colour = scale.colours[position]
        rect = Rectangle(
            (left, row - height / 2), width, height, facecolor=colour, edgecolor=_EDGE, linewidth=_EDGE_WIDTH, zorder=2
        )
        rect.set_label(scale.labels[position])
        ax.add_patch(rect)
        text = _percent(share)
        fits = measure.width(text, _VALUE_SIZE) + 1.5 / 72 <= width / 200 * axes_width
        if share * 100 >= MIN_LABEL_PERCENT and fits:
            ax.text(
                left + width / 2,
                row,
                text,
                ha="center",
                va="center",
                fontsize=_VALUE_SIZE,
                color=_text_colour_on(colour),
                zorder=3,
            )
