"""Plain-text tables of results, in Danish number format."""

from __future__ import annotations

from klyngestat.present.formatting import format_percent, format_rate
from klyngestat.stats.summary import SpecialtySummary

__all__ = ["summary_table"]


def _pct(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else format_percent(value, decimals)


def summary_table(summary: SpecialtySummary) -> str:
    """A specialty's figures as an aligned text table (suppressed cells shown as "–").

    Examples
    --------
    >>> from klyngestat import demo_survey, specialty_summary
    >>> print(summary_table(specialty_summary(demo_survey(), "Plastikkirurgi")).splitlines()[0])
    Plastikkirurgi: 14 af 20 inviterede har svaret (70 pct.)
    """
    rate = summary.rate
    lines = [
        f"{summary.specialty}: {rate.respondents} af {rate.invited} inviterede har svaret "
        f"({format_rate(rate.fraction) if rate.fraction is not None else '–'})"
    ]
    header = ("spørgsmål", "andel", "n", "klynger fra", "til", "landsgns.", "sammenligning")
    rows = [header]
    for question, share in summary.shares.items():
        spread = summary.spreads[question]
        national = summary.national.get(question)
        comparison = summary.comparisons.get(question)
        rows.append(
            (
                question,
                _pct(share.share if share.base else None),
                str(share.base),
                _pct(spread.low.share if spread.low else None),
                _pct(spread.high.share if spread.high else None),
                format_rate(national.fraction) if national else "–",
                comparison.wording if comparison else "–",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)
