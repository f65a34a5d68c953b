"""The sentences that set a specialty against the national average, and the note that names the test behind them.

The wording ("ligger over", "på niveau med", …) is the comparison record's:
it follows the exact test, so a difference the test does not support is
never called "over" or "under". Public as
:func:`klyngestat.present.narrative.improvement_sentence`,
:func:`~klyngestat.present.narrative.certainty_sentence` and
:func:`~klyngestat.present.narrative.comparison_note`.
"""

# Doctests pin whole Danish sentences; they are longer than a code line.
# ruff: noqa: E501

from __future__ import annotations

from fractions import Fraction

from klyngestat.present._danish import end_sentence, format_pvalue, share_text
from klyngestat.present.formatting import format_number, format_rate
from klyngestat.release import Record

__all__ = ["certainty_sentence", "comparison_note", "improvement_sentence"]

_WORDING: dict[str, str] = {
    "på niveau med": "ligger på niveau med",
    "over": "ligger over",
    "under": "ligger under",
    "væsentligt over": "ligger væsentligt over",
    "væsentligt under": "ligger væsentligt under",
}


def improvement_sentence(share: Record, comparison: Record, national: Record) -> str:
    """The share who introduced improvements, against the national average in words.

    Parameters
    ----------
    share
        The specialty's top-box record of "forbedringer".
    comparison
        Its comparison record; its wording ("ligger over", …) follows the evidence.
    national
        The national average's record.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.figures import Released
    >>> view = Released(build_release(demo_survey()), "Dermatologi")
    >>> q = "forbedringer"
    >>> improvement_sentence(view.share(q), view.derived("comparison", q), view.national(q))
    '51 pct. af respondenterne har som følge af klyngemøderne indført konkrete forbedringer i deres klinik, hvilket ligger på niveau med landsgennemsnittet på tværs af alle specialer på 48 pct.'
    """
    if national.fraction is None:
        raise ValueError(f"{national.id}: no figure to show")
    return end_sentence(
        f"{share_text(share)} af respondenterne har som følge af klyngemøderne indført konkrete "
        f"forbedringer i deres klinik, hvilket {_WORDING[str(comparison.detail['wording'])]} landsgennemsnittet "
        f"på tværs af alle specialer på {format_rate(national.fraction)}"
    )


def certainty_sentence(comparison: Record) -> str | None:
    """What the reader may make of a difference from the national figure, in plain words (no p-value).

    The comparison record's wording already follows the evidence ("over",
    "under" and "væsentligt" only when the exact test supports them). When
    it does, the difference "næppe skyldes tilfældigheder"; when a
    difference of at least the "over"/"under" size is worded "på niveau
    med" because the test does not support it, the sentence says how large
    it is and that it may be chance, with the answers it rests on. None for
    a difference too small to name. The test and its p-value go to the notes
    (:func:`comparison_note`).

    Parameters
    ----------
    comparison
        The specialty's comparison record with the national figure.

    Returns
    -------
    str or None
        One sentence, or None when there is nothing to say.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> c = release.find("comparison", "comparison:top_box", question="forbedringer", specialty="Plastikkirurgi")
    >>> certainty_sentence(c)
    'Forskellen på 19 procentpoint kan skyldes tilfældigheder; specialets tal bygger på 14 svar.'
    """
    difference = comparison.detail.get("difference")
    size_wording = comparison.detail.get("size_wording", comparison.detail.get("wording"))
    if size_wording == "på niveau med" or not isinstance(difference, list | tuple):
        return None
    size = format_number(abs(Fraction(int(difference[0]), int(difference[1]))), decimals=0, drop_zero_decimals=True)
    test = comparison.detail.get("test")
    if comparison.detail.get("wording") != "på niveau med":
        return "Forskellen er så stor, at den næppe skyldes tilfældigheder."
    if not isinstance(test, dict):
        return f"Forskellen på {size} procentpoint er ikke testet og kan skyldes tilfældigheder."
    answers = format_number(int(test["n"]))
    return f"Forskellen på {size} procentpoint kan skyldes tilfældigheder; specialets tal bygger på {answers} svar."


def comparison_note(comparison: Record) -> str | None:
    """The note that names the test behind a comparison's wording, with its p-value.

    Parameters
    ----------
    comparison
        The specialty's comparison record; None is returned when it carries no test.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> release = build_release(demo_survey())
    >>> c = release.find("comparison", "comparison:top_box", question="forbedringer", specialty="Plastikkirurgi")
    >>> comparison_note(c)
    'Forskellen til landsgennemsnittet er vurderet med en eksakt test af specialet mod resten af landet (Fishers test, tosidet): p\xa0=\xa00,18. »Over« og »under« bruges kun, når p er under 0,05.'
    """
    test = comparison.detail.get("test")
    if not isinstance(test, dict):
        return None
    how = (
        "en eksakt test af specialet mod resten af landet (Fishers test, tosidet)"
        if test["method"] == "fisher_vs_rest"
        else "en eksakt binomialtest mod det offentliggjorte landstal (tosidet)"
    )
    thresholds = comparison.detail.get("thresholds")
    alpha = float(thresholds.get("alpha", 0.05)) if isinstance(thresholds, dict) else 0.05
    return (
        f"Forskellen til landsgennemsnittet er vurderet med {how}: {format_pvalue(float(test['pvalue']))}. "
        f"»Over« og »under« bruges kun, når p er under {format_number(alpha, decimals=2)}."
    )
