"""Plain-text tables of released figures, in Danish number format."""

from __future__ import annotations

from fractions import Fraction

from klyngestat.models._text import terminal_text
from klyngestat.present.contract import summary_rows
from klyngestat.present.formatting import format_percent, format_rate
from klyngestat.release import Release

__all__ = ["summary_table"]


def _pct(value: Fraction | None) -> str:
    return "–" if value is None else format_percent(value, decimals=0)


def summary_table(release: Release, specialty: str) -> str:
    """A specialty's released figures as an aligned text table (hidden figures shown as "–").

    Names and words from the data are shown with their control and
    bidirectional characters escaped (``\\x1b``, ``\\u202e``), one line per row,
    so the table is safe to print and its columns stay aligned.

    Parameters
    ----------
    release
        The wave's Release.
    specialty
        The specialty's name.

    Returns
    -------
    str
        A heading line, then one line per question with a top box: share, n,
        the clusters' range, the national figure and the comparison's wording.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> print(summary_table(build_release(demo_survey()), "Plastikkirurgi").splitlines()[0])
    Plastikkirurgi: 14 af 20 inviterede har svaret (70 pct.)
    """
    rate = release.find("response", "response_rate", specialty=specialty)
    if rate is None:
        raise KeyError(f"no specialty {specialty!r} in the survey; specialties: {', '.join(release.specialties)}")
    lines = [
        f"{terminal_text(specialty)}: {rate.count} af {rate.base} inviterede har svaret "
        f"({format_rate(rate.fraction) if rate.fraction is not None else '–'})"
    ]
    header = ("spørgsmål", "andel", "n", "klynger fra", "til", "landsgns.", "sammenligning")
    rows = [header]
    for question, share, spread, comparison in summary_rows(release, specialty):
        top = share.measure
        national = release.find("national", f"national:{top}", question=question)
        low = release.get(str(spread.detail["min_id"])) if spread is not None and spread.detail.get("min_id") else None
        high = release.get(str(spread.detail["max_id"])) if spread is not None and spread.detail.get("max_id") else None
        national_fraction = None if national is None or not national.shown else national.fraction
        rows.append(
            (
                question,
                _pct(share.fraction if share.shown else None),
                str(share.base) if share.shown else "–",
                _pct(low.fraction if low is not None else None),
                _pct(high.fraction if high is not None else None),
                format_rate(national_fraction) if national_fraction is not None else "–",
                str(comparison.detail["wording"]) if comparison is not None and comparison.shown else "–",
            )
        )
    cells = [[terminal_text(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for row in cells:
        lines.append(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)
