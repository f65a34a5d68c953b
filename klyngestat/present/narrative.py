"""Danish sentences of the fact sheet, generated from results (every figure computed)."""

from __future__ import annotations

from klyngestat.present.formatting import format_count_of, format_rate, format_share
from klyngestat.stats.compare import Comparison, Wording
from klyngestat.stats.shares import Share
from klyngestat.stats.spread import ClusterSpread
from klyngestat.stats.summary import SpecialtySummary

__all__ = [
    "improvement_sentence",
    "middle_sentence",
    "participation_sentence",
    "quality_sentences",
]

_WORDING: dict[Wording, str] = {
    "på niveau med": "ligger på niveau med",
    "over": "ligger over",
    "under": "ligger under",
    "væsentligt over": "ligger væsentligt over",
    "væsentligt under": "ligger væsentligt under",
}


def _sentence(text: str) -> str:
    """End a sentence with one full stop ("… 48 pct." takes no second one)."""
    return text if text.endswith(".") else text + "."


def participation_sentence(summary: SpecialtySummary) -> str:
    """ "Inden for specialet … har 74 ud af 110 besvaret spørgeskemaet, …".

    Examples
    --------
    >>> from klyngestat import demo_survey, specialty_summary
    >>> participation_sentence(specialty_summary(demo_survey(), "Plastikkirurgi"))
    'Inden for specialet Plastikkirurgi har 14 ud af 20 besvaret spørgeskemaet, hvilket svarer til en svarprocent på 70 pct.'
    """
    rate = summary.rate
    if rate.fraction is None:
        raise ValueError(f"{summary.specialty}: no one was invited")
    return _sentence(
        f"Inden for specialet {summary.specialty} har {format_count_of(rate.respondents, rate.invited)} "
        f"besvaret spørgeskemaet, hvilket svarer til en svarprocent på {format_rate(rate.fraction)}"
    )


def _share_text(share: Share) -> str:
    if share.fraction is None:
        raise ValueError(f"{share.question}: no one answered")
    return format_share(share.fraction)


def _spread_clause(spread: ClusterSpread) -> str:
    low, high = spread.low, spread.high
    if low is None or high is None or len(spread.shown) < 2:
        return ""
    if low.fraction is None or high.fraction is None:
        return ""
    low_text, high_text = format_share(low.fraction), format_share(high.fraction)
    if low_text == high_text:
        return f", og det gælder i alle klynger ({low_text.removesuffix(' pct.')} pct.)"
    return f", men med variationer mellem klyngerne fra {low_text.removesuffix(' pct.')} til {high_text}"


def quality_sentences(summary: SpecialtySummary, question: str = "understoetter_kvalitet") -> list[str]:
    """Top box, cluster spread, national average and the middle category of the headline question.

    Examples
    --------
    >>> from klyngestat import demo_survey, specialty_summary
    >>> for s in quality_sentences(specialty_summary(demo_survey(), "Dermatologi")):
    ...     print(s)
    71 pct. af respondenterne vurderer, at klyngearbejdet i høj eller meget høj grad understøtter kvalitetsarbejdet i speciallægepraksis, men med variationer mellem klyngerne fra 58 til 88 pct.
    Landsgennemsnittet på tværs af alle specialer ligger på 65,7 pct.
    """
    share = summary.shares[question]
    sentences = [
        _sentence(
            f"{_share_text(share)} af respondenterne vurderer, at klyngearbejdet {share.label} "
            f"understøtter kvalitetsarbejdet i speciallægepraksis{_spread_clause(summary.spreads[question])}"
        )
    ]
    national = summary.national.get(question)
    if national is not None:
        sentences.append(
            _sentence(f"Landsgennemsnittet på tværs af alle specialer ligger på {format_rate(national.fraction)}")
        )
    return sentences


def middle_sentence(summary: SpecialtySummary, middle: Share) -> str:
    """ "23 pct. af respondenterne i dermatologi vurderer, at klyngearbejdet i nogen grad …"."""
    return _sentence(
        f"{_share_text(middle)} af respondenterne i {summary.specialty.lower()} vurderer, at klyngearbejdet "
        f"{middle.label} kan understøtte kvalitetsarbejdet"
    )


def improvement_sentence(comparison: Comparison) -> str:
    """The share who introduced improvements, against the national average in words.

    Examples
    --------
    >>> from klyngestat import demo_survey, specialty_summary
    >>> summary = specialty_summary(demo_survey(), "Dermatologi")
    >>> improvement_sentence(summary.comparisons["forbedringer"])
    '51 pct. af respondenterne har som følge af klyngemøderne indført konkrete forbedringer i deres klinik, hvilket ligger over landsgennemsnittet på tværs af alle specialer på 48 pct.'
    """
    return _sentence(
        f"{_share_text(comparison.share)} af respondenterne har som følge af klyngemøderne indført konkrete "
        f"forbedringer i deres klinik, hvilket {_WORDING[comparison.wording]} landsgennemsnittet på tværs af "
        f"alle specialer på {format_rate(comparison.national.fraction)}"
    )
