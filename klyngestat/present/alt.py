"""Text alternatives of the fact-sheet charts, generated from the figures they draw.

A chart's text alternative says in words what the chart shows in shapes:
its title, every row with its n, and the very numbers the chart prints,
rounded as the chart and the text round them (whole percent half up; the
national figure with one decimal, dropped when it is zero). A row the
Release hides reads "vises ikke af hensyn til fortroligheden", as on the
chart. It goes into the HTML (``aria-label`` of the figure, ``<title>`` of
the inline SVG) and from the SVG's ``<title>`` into the tagged PDF's
structure tree (``/Alt`` of the Figure).

Nothing here imports matplotlib: the text comes from the records alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from klyngestat.models._html import Markup, html
from klyngestat.present.document import Chart
from klyngestat.present.figures import HIDDEN_TEXT, Categories
from klyngestat.present.formatting import format_number, format_rate, format_share
from klyngestat.release import Record

__all__ = ["chart_alt", "svg_with_title"]

NATIONAL_LABEL = "Landsgennemsnit"
"""The national line's label, as the share chart prints it."""

_HIDDEN = HIDDEN_TEXT[0].lower() + HIDDEN_TEXT[1:]
_NO_ANSWERS = "ingen svar"


def chart_alt(chart: Chart) -> str:
    """A short Danish text alternative of a chart, generated from the figures it draws.

    Parameters
    ----------
    chart
        A chart block of a fact sheet.

    Returns
    -------
    str
        The title, then one clause per row with its n and the figures the
        chart shows, rounded as on the chart; hidden rows say so, and a
        share chart's national line is named with its value.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.factsheet import build_factsheet
    >>> sheet = build_factsheet(build_release(demo_survey()), "Plastikkirurgi")
    >>> chart = next(c for c in sheet.charts if c.id == "forbedringer")
    >>> print(chart_alt(chart).replace("; ", ";\\n"))
    Har du på baggrund af et klyngemøde indført forbedringer i din klinik? Andel ja: Plastikkirurgi (n=14) 29 pct.;
    Plastikkir – Østdanmark (n=8) 38 pct.;
    Plastikkir – Vestdanmark (n=6) 17 pct. Lodret streg: Landsgennemsnit 48 pct.
    """
    if chart.kind == "likert":
        body = _likert(chart.rows)  # type: ignore[arg-type]
    elif chart.kind == "share":
        body = _share(chart.rows, chart.national)  # type: ignore[arg-type]
    elif chart.kind == "expectation":
        body = _expectation(chart.rows)  # type: ignore[arg-type]
    elif chart.kind == "trend":
        from klyngestat.present.charts.trend import trend_alt  # no matplotlib: the words of the records

        body = trend_alt(chart.rows)  # type: ignore[arg-type]
    else:
        body = _ranking(chart.rows)  # type: ignore[arg-type]
    return f"{_end(chart.title.strip())} {body}"


def svg_with_title(svg: str, text: str) -> str:
    """The SVG with ``text`` as its ``<title>``, the first child of the root (escaped).

    WeasyPrint takes a tagged Figure's ``/Alt`` from the ``<title>`` of an
    inline SVG; browsers show it as a tooltip.

    Parameters
    ----------
    svg
        An ``<svg …>…</svg>`` element the library drew (inserted as it is).
    text
        The chart's text alternative (:func:`chart_alt`), escaped.

    Examples
    --------
    >>> svg_with_title('<svg width="2pt">\\n<g/></svg>', "71 pct. & mere")
    '<svg width="2pt"><title>71 pct. &amp; mere</title>\\n<g/></svg>'
    """
    end = svg.index(">", svg.index("<svg")) + 1
    return str(html("{}<title>{}</title>{}", Markup(svg[:end]), text, Markup(svg[end:])))


# ---------------------------------------------------------------------------
# One kind of chart each


def _end(text: str) -> str:
    """The text as a sentence: a full stop unless it ends with one ("pct.") or with ? or !."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _n(label: str, base: int) -> str:
    return f"{label} (n={format_number(base)})"


def _likert(rows: Sequence[tuple[str, Categories | None]]) -> str:
    drawn = [d for _, d in rows if d is not None and d.base]
    first = drawn[0] if drawn else None
    if first is None:
        return _end("; ".join(f"{label}: {_NO_ANSWERS if d is not None else _HIDDEN}" for label, d in rows))
    in_base = first.in_base or (True,) * len(first.labels)
    intro = "Fordelingen af svarene i pct. af n"
    if not all(in_base):
        outside = " og ".join(f"»{label}«" for label, b in zip(first.labels, in_base, strict=True) if not b)
        intro += f"; {outside} i pct. af alle, der har svaret"
    clauses = []
    for label, d in rows:
        if d is None:
            clauses.append(f"{label}: {_HIDDEN}")
        elif not d.base:
            clauses.append(f"{label}: {_NO_ANSWERS}")
        else:
            clauses.append(_likert_row(label, d))
    return f"{intro}. " + _end("; ".join(clauses))


def _likert_row(label: str, d: Categories) -> str:
    in_base = d.in_base or (True,) * len(d.labels)
    # The order the chart's legend and side panels have: the scale, then "Ved ikke" and the like.
    order = [i for i, s in enumerate(d.substantive) if s] + [i for i, s in enumerate(d.substantive) if not s]
    parts = []
    for i in order:
        of = d.base if in_base[i] else d.answered
        parts.append(f"{d.labels[i]} {format_number(Fraction(d.counts[i], of) * 100) if of else '0'}")
    text = f"{_n(label, d.base)}: " + ", ".join(parts)
    if any(d.top) and d.top_label:
        total = format_number(Fraction(d.top_count, d.base) * 100, decimals=d.decimals, drop_zero_decimals=True)
        text += f"; {d.top_label} i alt {total} pct."
    return text


def _share_figure(label: str, record: Record) -> str:
    if not record.shown:
        return f"{label}: {_HIDDEN}"
    if not record.base or record.fraction is None:
        return f"{label}: {_NO_ANSWERS}"
    return f"{_n(label, record.base)} {format_share(record.fraction)}"


def _share(rows: Sequence[tuple[str, Record]], national: Record | None) -> str:
    labels = {r.label for _, r in rows if r.label}
    intro = f"Andel {labels.pop()}" if len(labels) == 1 else "Andele"
    text = _end(f"{intro}: " + "; ".join(_share_figure(label, r) for label, r in rows))
    if national is not None and national.shown and national.fraction is not None:
        text += f" Lodret streg: {NATIONAL_LABEL} {_end(format_rate(national.fraction))}"
    return text


def _series(name: str, shares: Sequence[Record]) -> str:
    groups = {s.label for s in shares}
    return f"{name} ({groups.pop()})" if len(groups) == 1 else name


def _n_range(shares: Sequence[Record]) -> str:
    bases = sorted(s.base for s in shares if s.shown and s.base)
    if not bases:
        return "–"
    low, high = bases[0], bases[-1]
    return format_number(low) if low == high else f"{format_number(low)}–{format_number(high)}"


def _value(record: Record) -> str:
    if not record.shown:
        return _HIDDEN
    if not record.base or record.fraction is None:
        return _NO_ANSWERS
    return format_share(record.fraction)


def _expectation(items: Sequence[tuple[str, Record, Record]]) -> str:
    priorities = [p for _, p, _ in items]
    experienced = [e for _, _, e in items]
    intro = f"Andel pr. element: {_series('prioriteret', priorities)} og {_series('oplevet', experienced)}"
    rows = "; ".join(f"{label}: prioriteret {_value(p)}, oplevet {_value(e)}" for label, p, e in items)
    return f"{intro}. {_end(rows)} Antal svar (n): prioriteret {_n_range(priorities)}, oplevet {_n_range(experienced)}."


def _ranking(items: Sequence[tuple[str, Record]]) -> str:
    # The chart's order: highest share first, equal shares as given, rows without a figure last.
    def key(pair: tuple[int, tuple[str, Record]]) -> tuple[int, Fraction, int]:
        position, (_, share) = pair
        if share.shown and share.base and share.fraction is not None:
            return (0, -share.fraction, position)
        return (1, Fraction(0), position)

    ordered = [item for _, item in sorted(enumerate(items), key=key)]
    labels = {r.label for _, r in items if r.label}
    intro = f"Andel {labels.pop()}, højeste først" if len(labels) == 1 else "Højeste andel først"
    return _end(f"{intro}: " + "; ".join(_share_figure(label, r) for label, r in ordered))
