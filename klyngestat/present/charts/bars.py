"""Bar charts: grouped shares with the national line, expectations, rankings."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn: the SVG charts share the labels below
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from klyngestat.present.charts._base import (
    _EXPERIENCED_COLOUR,
    _NOTE_SIZE,
    _PRIORITY_COLOUR,
    _SHARE_COLOURS,
    _TEXT,
    _VALUE_SIZE,
    _hidden_text,
    _Measure,
    _n_label,
    _new_figure,
    _shown,
    _style,
)
from klyngestat.present.charts._layout import _hidden, _Layout, _percent_axis, _value_bar
from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.release import Record

# ---------------------------------------------------------------------------
# Records


def share_chart(
    rows: Sequence[tuple[str, Record]],
    *,
    national: float | Fraction | None = None,
    national_label: str = "Landsgennemsnit",
    title: str | None = None,
) -> Figure:
    """Horizontal bars of a grouped share for the specialty and its clusters.

    Parameters
    ----------
    rows
        ``(label, record)`` pairs of released group records, drawn top to
        bottom in this order. Bars of a specialty are dark, of a cluster
        light, of the nation grey; a hidden record's row says it is not shown.
    national
        The national share (0..1), drawn as a dashed vertical line labelled
        with its value ("Landsgennemsnit 48 pct."; one decimal, dropped when
        it is zero). A Fraction keeps the rounding exact.
    national_label
        The words before the national value.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"shares"``.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> rows = release.select(kind="group", question="understoetter_kvalitet", measure="top_box",
    ...                       specialty="Plastikkirurgi", level="cluster")
    >>> fig = share_chart([(r.cluster or "", r) for r in rows], national=0.657)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['75 pct.', '17 pct.', 'Landsgennemsnit 65,7 pct.']
    """
    if not rows:
        raise ValueError("share_chart needs at least one row")
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        shown = [_shown(s.base, s.shown) for _, s in rows]
        labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(rows, shown, strict=True)]
        layout = _Layout(
            fig,
            measure,
            labels,
            row_height=0.24,
            title=title,
            header=0.24 if national is not None else 0.06,
            legend=None,
            notes=[],
        )
        ax, _ = layout.build()
        ax.set_label("shares")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, ((_, s), ok) in enumerate(zip(rows, shown, strict=True)):
            if not ok or s.fraction is None:
                _hidden(ax, i, 1, _hidden_text(s.base, s.shown), ha="left")
                continue
            colour = _SHARE_COLOURS.get(s.level, _SHARE_COLOURS["cluster"])
            _value_bar(
                ax, measure, layout.main_width, i, s.fraction, colour, label=format_share(s.fraction), height=0.6
            )
        if national is not None:
            _national_line(ax, national, national_label)
    return fig


def _national_line(ax: Axes, national: float | Fraction, label: str) -> None:
    from matplotlib import patheffects

    x = float(national) * 100
    line = ax.axvline(x, color=_TEXT, linewidth=1.0, linestyle=(0, (4, 2)), zorder=4)
    # A white casing keeps the dark line visible (3:1) where it crosses a dark bar.
    line.set_path_effects([patheffects.Stroke(linewidth=2.6, foreground="white"), patheffects.Normal()])
    line.set_label(label)
    ha = "left" if x < 20 else "right" if x > 80 else "center"
    ax.annotate(
        f"{label} {format_rate(national)}",
        xy=(x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 4),
        textcoords="offset points",
        ha=ha,
        va="bottom",
        fontsize=_VALUE_SIZE,
        color=_TEXT,
    )


def expectation_chart(
    items: Sequence[tuple[str, Record, Record]],
    *,
    title: str | None = None,
) -> Figure:
    """Paired bars per element: how many prioritise it and how many experience it.

    Parameters
    ----------
    items
        ``(element, priority share, experienced share)`` triples, drawn top
        to bottom, e.g. ("Faglige drøftelser", share "vigtigt eller meget
        vigtigt", share "altid eller ofte").
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"expectations"``. The legend
        reads "Prioriteret" and "Oplevet", each followed by its group in
        brackets when all items share it ("Prioriteret (vigtigt eller meget
        vigtigt)"); a note under the chart gives the n.
    """
    if not items:
        raise ValueError("expectation_chart needs at least one item")
    from matplotlib.patches import Patch

    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        priority_label = _series_label("Prioriteret", [p for _, p, _ in items])
        experienced_label = _series_label("Oplevet", [e for _, _, e in items])
        handles = [
            Patch(facecolor=_PRIORITY_COLOUR, edgecolor="none", label=priority_label),
            Patch(facecolor=_EXPERIENCED_COLOUR, edgecolor="none", label=experienced_label),
        ]
        note = (
            f"Antal svar (n): prioriteret {_n_range([p for _, p, _ in items])}, "
            f"oplevet {_n_range([e for _, _, e in items])}."
        )
        layout = _Layout(
            fig,
            measure,
            [label for label, _, _ in items],
            row_height=0.42,
            title=title,
            header=0.06,
            legend=(handles, [priority_label, experienced_label]),
            notes=[note],
        )
        ax, _ = layout.build()
        ax.set_label("expectations")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, (_, priority, experienced) in enumerate(items):
            for offset, share, colour in (
                (-0.19, priority, _PRIORITY_COLOUR),
                (0.19, experienced, _EXPERIENCED_COLOUR),
            ):
                if _shown(share.base, share.shown) and share.fraction is not None:
                    _value_bar(
                        ax,
                        measure,
                        layout.main_width,
                        i + offset,
                        share.fraction,
                        colour,
                        label=format_share(share.fraction),
                        height=0.36,
                        label_size=_NOTE_SIZE,
                    )
                else:
                    _hidden(ax, i + offset, 1, _hidden_text(share.base, share.shown), ha="left", size=_NOTE_SIZE)
    return fig


def _series_label(name: str, shares: Sequence[Record]) -> str:
    groups = {s.label for s in shares}
    return f"{name} ({groups.pop()})" if len(groups) == 1 else name


def _n_range(shares: Sequence[Record]) -> str:
    bases = sorted(s.base for s in shares if s.base and _shown(s.base, s.shown))
    if not bases:
        return "–"
    low, high = bases[0], bases[-1]
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def ranking_chart(
    items: Sequence[tuple[str, Record]],
    *,
    title: str | None = None,
) -> Figure:
    """Bars of a grouped share per element, highest first.

    Parameters
    ----------
    items
        ``(element, share)`` pairs. They are sorted by share, highest on top;
        equal shares keep the order given. Elements not drawn (hidden, or
        nobody answered) come last, in the order given.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    matplotlib.figure.Figure
        The chart; its axes has the label ``"ranking"``.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> questions = ("motivation_data", "motivation_patientcases")
    >>> items = [(q, release.find("group", "top_box", question=q, specialty="Dermatologi")) for q in questions]
    >>> fig = ranking_chart(items)
    >>> len(fig.axes[0].get_yticklabels())
    2
    """
    if not items:
        raise ValueError("ranking_chart needs at least one item")

    def key(pair: tuple[int, tuple[str, Record]]) -> tuple[int, Fraction, int]:
        position, (_, share) = pair
        if _shown(share.base, share.shown) and share.fraction is not None:
            return (0, -share.fraction, position)
        return (1, Fraction(0), position)

    ordered = [item for _, item in sorted(enumerate(items), key=key)]
    with _style():
        fig = _new_figure()
        measure = _Measure(fig)
        shown = [_shown(s.base, s.shown) for _, s in ordered]
        labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(ordered, shown, strict=True)]
        layout = _Layout(fig, measure, labels, row_height=0.24, title=title, header=0.06, legend=None, notes=[])
        ax, _ = layout.build()
        ax.set_label("ranking")
        ax.set_xlim(0, 100)
        _percent_axis(ax, (0, 25, 50, 75, 100))
        for i, ((_, s), ok) in enumerate(zip(ordered, shown, strict=True)):
            if ok and s.fraction is not None:
                _value_bar(
                    ax,
                    measure,
                    layout.main_width,
                    i,
                    s.fraction,
                    _SHARE_COLOURS["specialty"],
                    label=format_share(s.fraction),
                    height=0.6,
                )
            else:
                _hidden(ax, i, 1, _hidden_text(s.base, s.shown), ha="left")
    return fig
