"""The fact-sheet charts written directly as SVG, without matplotlib: the same charts, a fraction of the cost.

:func:`likert_svg`, :func:`share_svg`, :func:`expectation_svg` and
:func:`ranking_svg` draw what :func:`~klyngestat.present.charts.likert_chart`,
:func:`~klyngestat.present.charts.share_chart`,
:func:`~klyngestat.present.charts.expectation_chart` and
:func:`~klyngestat.present.charts.ranking_chart` draw: the same layout decisions
(wrapped labels, dropped segment labels, label inside or outside a bar, legend
columns), measured with the same font metrics (:mod:`._svgtext`), the same
texts, numbers, colours and ids, and the same size in inches. The matplotlib
charts stay for notebooks and PNGs; fact sheets (HTML and PDF) use these.

The SVG is small on purpose, because WeasyPrint draws it node by node: one
``<path>`` per bar or segment (absolute coordinates, so a reader of the SVG
gets its box), one path per kind of axis line, one ``<text>`` per line of
text, presentation attributes only (no ``style``), and no groups except the
``<g id="likert-total-{i}">`` around each "I alt" figure. The document and
its coordinates are in :mod:`._svgdoc`, the frame every chart is drawn in
(title, labels, axes, legend, notes) in :mod:`._svgframe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from klyngestat.present.charts._base import (
    _EXPERIENCED_COLOUR,
    _NOTE_SIZE,
    _PRIORITY_COLOUR,
    _SHARE_COLOURS,
    _TEXT,
    _VALUE_SIZE,
    _hidden_text,
    _n_label,
    _shown,
)
from klyngestat.present.charts._svgdoc import _WHITE, _ZERO_LINE
from klyngestat.present.charts._svgframe import _frame, _grid, _hidden, _row_labels, _value_bar, _x_axis
from klyngestat.present.charts._svglikert import _likert_bar, _likert_side
from klyngestat.present.charts._svgtext import FontMeasure
from klyngestat.present.figures import Categories
from klyngestat.present.formatting import format_rate, format_share
from klyngestat.release import Record

if TYPE_CHECKING:
    from klyngestat.present.document import Chart

__all__ = ["chart_svg", "expectation_svg", "likert_svg", "ranking_svg", "share_svg"]


# ---------------------------------------------------------------------------
# Likert


def likert_svg(rows: Sequence[tuple[str, Categories | None]], *, title: str | None = None) -> str:
    """Diverging stacked bars of a Likert question as SVG: :func:`~klyngestat.present.charts.likert_chart`'s chart.

    Parameters
    ----------
    rows
        ``(label, categories)`` pairs as for ``likert_chart``; ``None`` marks a hidden row.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element; each "I alt" figure is in ``<g id="likert-total-{row}">``.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.figures import Released
    >>> d = Released(build_release(demo_survey()), "Dermatologi").categories("understoetter_kvalitet")
    >>> svg = likert_svg([("Dermatologi", d)])
    >>> "Dermatologi (n=73)" in svg, '<g id="likert-total-0"><text' in svg
    (True, True)
    """
    from klyngestat.present.charts.likert import _likert_text, _side_titles, _side_values  # shared with likert_chart

    decided = _likert_text(rows, "likert_svg")
    scale, shown, _, labels, notes, _, in_order, side_sources = decided
    measure = FontMeasure()
    side_titles, header = _side_titles(measure, decided)
    frame = _frame(
        measure,
        labels,
        row_height=0.3,
        title=title,
        header=header,
        legend=[(scale.colours[i], scale.labels[i]) for i in in_order],
        notes=notes,
        side_panels=len(side_sources),
        low=-100.0,
        high=100.0,
    )
    svg, ax = frame.svg, frame.main
    _grid(svg, ax, (-100, -50, 0, 50, 100))
    svg.lines([(ax.x(0), ax.top, ax.x(0), ax.bottom)], _ZERO_LINE, 0.8, cap="square")
    texts: list[tuple[float, float, str, str]] = []
    hidden: list[tuple[int, str]] = []
    for i, ((_, d), ok) in enumerate(zip(rows, shown, strict=True)):
        if ok and d is not None:
            texts += _likert_bar(frame, i, d, scale)
        else:
            hidden.append((i, _hidden_text(0 if d is None else d.base, d is not None)))
    _x_axis(svg, ax, (-100, -50, 0, 50, 100))
    _row_labels(frame)
    for x, y, text, colour in texts:
        svg.text(x, y, text, _VALUE_SIZE, colour, anchor="middle", valign="center")
    for i, text in hidden:
        _hidden(svg, ax, i, 0, text, anchor="middle")

    for side, source, side_title in zip(frame.sides, side_sources, side_titles, strict=True):
        _likert_side(frame, side, side_title, _side_values(rows, decided, source), scale, source)
    return svg.write()


# ---------------------------------------------------------------------------
# Bars


def share_svg(
    rows: Sequence[tuple[str, Record]],
    *,
    national: float | Fraction | None = None,
    national_label: str = "Landsgennemsnit",
    title: str | None = None,
) -> str:
    """Horizontal bars of a grouped share as SVG: :func:`~klyngestat.present.charts.share_chart`'s chart.

    Parameters
    ----------
    rows
        ``(label, record)`` pairs of released group records, as for ``share_chart``.
    national
        The national share (0..1), drawn as a dashed line with its value; None draws none.
    national_label
        The words before the national value.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> share = release.find("group", "top_box", question="forbedringer", specialty="Plastikkirurgi")
    >>> svg = share_svg([("Plastikkirurgi", share)], national=0.48)
    >>> "Plastikkirurgi (n=14)" in svg, "Landsgennemsnit 48 pct." in svg
    (True, True)
    """
    if not rows:
        raise ValueError("share_svg needs at least one row")
    measure = FontMeasure()
    shown = [_shown(s.base, s.shown) for _, s in rows]
    labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(rows, shown, strict=True)]
    frame = _frame(
        measure,
        labels,
        row_height=0.24,
        title=title,
        header=0.24 if national is not None else 0.06,
        legend=None,
        notes=[],
    )
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    bars: list[tuple[int, Record]] = []
    for i, ((_, s), ok) in enumerate(zip(rows, shown, strict=True)):
        if not ok or s.fraction is None:
            _hidden(svg, ax, i, 1, _hidden_text(s.base, s.shown), anchor="start")
        else:
            bars.append((i, s))
    labels_after: list[str] = []
    for i, s in bars:
        assert s.fraction is not None
        colour = _SHARE_COLOURS.get(s.level, _SHARE_COLOURS["cluster"])
        before = len(svg.parts)
        _value_bar(frame, ax, i, s.fraction, colour, label=format_share(s.fraction), height=0.6)
        # The bar now, its label after the national line (the label's white ground covers the line).
        labels_after += svg.parts[before + 1 :]
        del svg.parts[before + 1 :]
    if national is not None:
        x = ax.x(float(national) * 100)
        for colour, width in ((_WHITE, 2.6), (_TEXT, 1.0)):  # a white casing keeps the line visible on dark bars
            svg.lines([(x, ax.bottom, x, ax.top)], colour, width, dashes="4,2")
        value = float(national) * 100
        anchor = "start" if value < 20 else "end" if value > 80 else "middle"
        svg.text(
            x,
            ax.top - 4,
            f"{national_label} {format_rate(national)}",
            _VALUE_SIZE,
            _TEXT,
            anchor=anchor,
            valign="bottom",
        )
    svg.parts += labels_after
    return svg.write()


def expectation_svg(items: Sequence[tuple[str, Record, Record]], *, title: str | None = None) -> str:
    """Paired bars per element as SVG: :func:`~klyngestat.present.charts.expectation_chart`'s chart.

    Parameters
    ----------
    items
        ``(element, priority record, experienced record)``, drawn top to bottom.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.
    """
    if not items:
        raise ValueError("expectation_svg needs at least one item")
    from klyngestat.present.charts.bars import _n_range, _series_label  # labels shared with expectation_chart

    measure = FontMeasure()
    priority_label = _series_label("Prioriteret", [p for _, p, _ in items])
    experienced_label = _series_label("Oplevet", [e for _, _, e in items])
    note = (
        f"Antal svar (n): prioriteret {_n_range([p for _, p, _ in items])}, "
        f"oplevet {_n_range([e for _, _, e in items])}."
    )
    frame = _frame(
        measure,
        [label for label, _, _ in items],
        row_height=0.42,
        title=title,
        header=0.06,
        legend=[(_PRIORITY_COLOUR, priority_label), (_EXPERIENCED_COLOUR, experienced_label)],
        notes=[note],
    )
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    for i, (_, priority, experienced) in enumerate(items):
        for offset, share, colour in ((-0.19, priority, _PRIORITY_COLOUR), (0.19, experienced, _EXPERIENCED_COLOUR)):
            if _shown(share.base, share.shown) and share.fraction is not None:
                label = format_share(share.fraction)
                _value_bar(
                    frame, ax, i + offset, share.fraction, colour, label=label, height=0.36, label_size=_NOTE_SIZE
                )
            else:
                text = _hidden_text(share.base, share.shown)
                _hidden(svg, ax, i + offset, 1, text, anchor="start", size=_NOTE_SIZE)
    return svg.write()


def ranking_svg(items: Sequence[tuple[str, Record]], *, title: str | None = None) -> str:
    """Bars of a grouped share per element, highest first, as SVG: ``ranking_chart``'s chart.

    Parameters
    ----------
    items
        ``(element, record)`` pairs; drawn highest share first, equal shares
        in the given order, rows without a figure last.
    title
        Shown above the chart, wrapped to its width.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element.
    """
    if not items:
        raise ValueError("ranking_svg needs at least one item")

    def key(pair: tuple[int, tuple[str, Record]]) -> tuple[int, Fraction, int]:
        position, (_, share) = pair
        if _shown(share.base, share.shown) and share.fraction is not None:
            return (0, -share.fraction, position)
        return (1, Fraction(0), position)

    ordered = [item for _, item in sorted(enumerate(items), key=key)]
    measure = FontMeasure()
    shown = [_shown(s.base, s.shown) for _, s in ordered]
    labels = [_n_label(label, s.base or 0) if ok else label for (label, s), ok in zip(ordered, shown, strict=True)]
    frame = _frame(measure, labels, row_height=0.24, title=title, header=0.06, legend=None, notes=[])
    svg, ax = frame.svg, frame.main
    ticks = (0, 25, 50, 75, 100)
    _grid(svg, ax, ticks)
    _x_axis(svg, ax, ticks)
    _row_labels(frame)
    for i, ((_, s), ok) in enumerate(zip(ordered, shown, strict=True)):
        if ok and s.fraction is not None:
            colour = _SHARE_COLOURS["specialty"]
            _value_bar(frame, ax, i, s.fraction, colour, label=format_share(s.fraction), height=0.6)
        else:
            _hidden(svg, ax, i, 1, _hidden_text(s.base, s.shown), anchor="start")
    return svg.write()


def chart_svg(chart: Chart) -> str:
    """A fact sheet's chart block as SVG (the kinds and arguments of :func:`klyngestat.present.render.draw_chart`).

    Parameters
    ----------
    chart
        A chart block of a fact sheet.

    Returns
    -------
    str
        The ``<svg …>…</svg>`` element its kind draws.
    """
    if chart.kind == "likert":
        return likert_svg(chart.rows)  # type: ignore[arg-type]
    if chart.kind == "share":
        national = None if chart.national is None else chart.national.fraction
        return share_svg(chart.rows, national=national)  # type: ignore[arg-type]
    if chart.kind == "expectation":
        return expectation_svg(chart.rows)  # type: ignore[arg-type]
    if chart.kind == "trend":
        from klyngestat.present.charts.trend import trend_note, trend_svg

        return trend_svg(chart.rows, note=trend_note(chart.rows))  # type: ignore[arg-type]
    return ranking_svg(chart.rows)  # type: ignore[arg-type]
