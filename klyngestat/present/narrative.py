"""Danish sentences of the fact sheet, generated from results (every figure computed)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from klyngestat.present.formatting import format_count_of, format_number, format_rate, format_share
from klyngestat.stats.compare import Comparison, DifferenceTest, Wording
from klyngestat.stats.shares import Share
from klyngestat.stats.spread import ClusterSpread
from klyngestat.stats.summary import SpecialtySummary

__all__ = [
    "attendance_sentence",
    "background_sentence",
    "certainty_sentence",
    "data_sentences",
    "engagement_sentence",
    "expectation_sentences",
    "focus_sentence",
    "format_pvalue",
    "improvement_sentence",
    "join_danish",
    "middle_sentence",
    "number_word",
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


_NUMBER_WORDS = ("nul", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv")


def number_word(n: int) -> str:
    """A small count in Danish words (common gender, as in "syv klynger"); digits from 13.

    Examples
    --------
    >>> number_word(7), number_word(2), number_word(14)
    ('syv', 'to', '14')
    """
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else format_number(n)


def join_danish(items: Sequence[str], last: str = "og") -> str:
    """Join with commas and a final "og".

    Examples
    --------
    >>> join_danish(["A", "B", "C"])
    'A, B og C'
    >>> join_danish(["A"])
    'A'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _pct(share: Share) -> str:
    return _share_text(share)


def background_sentence(practitioners: str, clusters: Sequence[tuple[str, int | None]]) -> str:
    """Who the sheet is about and how the specialty is organised.

    Examples
    --------
    >>> background_sentence("plastikkirurger", [("Øst", 11), ("Vest", 8)])
    'Dette faktaark præsenterer udvalgte resultater fra undersøgelsen blandt de praktiserende plastikkirurger. Specialet er organiseret i to klynger: Øst (11 medlemmer) og Vest (8 medlemmer).'
    """
    names = [
        name if members is None else f"{name} ({members} {'medlem' if members == 1 else 'medlemmer'})"
        for name, members in clusters
    ]
    count = len(names)
    organised = (
        f"Specialet er organiseret i {number_word(count)} {'klynge' if count == 1 else 'klynger'}: {join_danish(names)}"
    )
    return (
        f"Dette faktaark præsenterer udvalgte resultater fra undersøgelsen blandt de praktiserende "
        f"{practitioners}. {_sentence(organised)}"
    )


def _quantifier(fraction: Fraction) -> str | None:
    if fraction == 1:
        return "alle"
    if fraction >= Fraction(9, 10):
        return "nærmest alle"
    if fraction >= Fraction(3, 4):
        return "langt de fleste"
    if fraction > Fraction(1, 2):
        return "flertallet"
    return None


def attendance_sentence(share: Share) -> str:
    """Meeting attendance in words, with its figure.

    Quantifiers: all (100 pct.) "alle"; from 90 pct. "nærmest alle"; from 75
    pct. "langt de fleste"; above half "flertallet"; else the figure alone.

    Examples
    --------
    >>> from klyngestat import Share
    >>> attendance_sentence(Share("moededeltagelse", "top_box", "alle eller de fleste møder", "specialty",
    ...                           "X", None, 70, 74))
    'Der er en høj mødedeltagelse blandt respondenterne, og nærmest alle (95 pct.) har deltaget i alle eller de fleste møder siden klyngernes opstart.'
    """
    if share.fraction is None:
        raise ValueError(f"{share.question}: no one answered")
    quantifier = _quantifier(share.fraction)
    if quantifier == "alle":
        return f"Der er en høj mødedeltagelse blandt respondenterne, og alle har deltaget i {share.label} siden klyngernes opstart."
    if quantifier is not None and share.fraction >= Fraction(3, 4):
        return (
            f"Der er en høj mødedeltagelse blandt respondenterne, og {quantifier} ({_pct(share)}) har deltaget "
            f"i {share.label} siden klyngernes opstart."
        )
    who = f"{quantifier} ({_pct(share)})" if quantifier else _pct(share)
    return f"Blandt respondenterne har {who} deltaget i {share.label} siden klyngernes opstart."


def engagement_sentence(items: Sequence[tuple[str, Share]]) -> str:
    """Own engagement, judged by the median item's top box, with every item's figure.

    The level word is "højt" when the median item's share is at least 75
    pct., "overvejende højt" from 50 pct., else "blandet".

    Examples
    --------
    >>> from klyngestat import Share
    >>> mk = lambda k: Share("q", "top_box", "i høj eller meget høj grad", "specialty", "X", None, k, 100)
    >>> engagement_sentence([("Jeg er aktiv", mk(81)), ("Jeg deler erfaringer", mk(80)), ("Jeg foreslår emner", mk(59))])
    'Respondenterne vurderer eget engagement i klyngearbejdet som højt: i høj eller meget høj grad svarer 81 pct. »Jeg er aktiv«, 80 pct. »Jeg deler erfaringer« og 59 pct. »Jeg foreslår emner«.'
    """
    answered = [(text, share) for text, share in items if share.fraction is not None]
    if not answered:
        raise ValueError("no one answered the engagement items")
    ordered = sorted(share.fraction for _, share in answered if share.fraction is not None)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    level = "højt" if median >= Fraction(3, 4) else ("overvejende højt" if median >= Fraction(1, 2) else "blandet")
    parts = [f"{_pct(share)} »{text}«" for text, share in answered]
    return _sentence(
        f"Respondenterne vurderer eget engagement i klyngearbejdet som {level}: "
        f"{answered[0][1].label} svarer {join_danish(parts)}"
    )


def expectation_sentences(
    items: Sequence[tuple[str, Share, Share]], rarely: Sequence[tuple[str, Share]] = ()
) -> list[str]:
    """Where experience falls shortest of priority, and how many rarely or never experience each element.

    ``items`` are (element, priority share, experienced share); ``rarely``
    are (element, "sjældent eller aldrig" share).
    """
    sentences: list[str] = []
    gaps = [
        (p.fraction - e.fraction, text, p, e)
        for text, p, e in items
        if p.fraction is not None and e.fraction is not None
    ]
    if gaps:
        gap, text, p, e = max(gaps, key=lambda g: g[0])
        if gap > 0:
            sentences.append(
                f"Den største forskel mellem det, deltagerne prioriterer, og det, der faktisk bliver realiseret på "
                f"møderne, gælder {_lower_first(text)}: {_pct(p)} finder det {p.label}, mens {_pct(e)} oplever det "
                f"{e.label}."
            )
        else:
            sentences.append("Det, deltagerne prioriterer, bliver i mindst lige så høj grad realiseret på møderne.")
    shown = [(text, share) for text, share in rarely if share.fraction is not None]
    if shown:
        label = shown[0][1].label
        figures = join_danish(
            [format_share(s.fraction).removesuffix(" pct.") for _, s in shown if s.fraction is not None]
        )
        names = join_danish([_lower_first(text) for text, _ in shown], "samt")
        many = len(shown) > 1
        sentences.append(f"Andelen, der {label} oplever {names}, er {'henholdsvis ' if many else ''}{figures} pct.")
    return sentences


def data_sentences(wish: Share | None, used: Share | None, barrier: tuple[str, int, int] | None) -> list[str]:
    """The wish for more data, its use so far, and the barrier named most often.

    ``barrier`` is (label, count, base) of the most frequent answer.
    """
    sentences = []
    if wish is not None and wish.fraction is not None:
        text = f"{_pct(wish)} ønsker, at der inddrages mere data i klyngearbejdet"
        if used is not None and used.fraction is not None:
            text += f", mens {_pct(used)} svarer, at klyngen har anvendt data"
        sentences.append(_sentence(text))
    if barrier is not None and barrier[2]:
        label, count, base = barrier
        sentences.append(
            f"Den hyppigst nævnte barriere for at bruge data er {_lower_first(label)} "
            f"({format_share(Fraction(count, base))} af dem, der har svaret)."
        )
    return sentences


def focus_sentence(ranked: Sequence[tuple[str, Share]], top: int = 3) -> str:
    """The elements that motivate improvements most, highest first.

    Examples
    --------
    >>> from klyngestat import Share
    >>> mk = lambda k: Share("q", "top_box", "i høj eller meget høj grad", "specialty", "X", None, k, 100)
    >>> focus_sentence([("Erfaringsudveksling med kolleger", mk(88)), ("Data", mk(52)), ("Eksterne oplæg", mk(74))])
    'Det er særligt erfaringsudveksling med kolleger (88 pct.), eksterne oplæg (74 pct.) og data (52 pct.), der i høj eller meget høj grad motiverer til forbedringer i egen klinik.'
    """
    answered = [(t, s) for t, s in ranked if s.fraction is not None]
    best = sorted(answered, key=lambda item: -(item[1].fraction or 0))[:top]
    if not best:
        raise ValueError("no one answered the motivation items")
    names = join_danish([f"{_lower_first(text)} ({_pct(share)})" for text, share in best])
    return f"Det er særligt {names}, der {best[0][1].label} motiverer til forbedringer i egen klinik."


def format_pvalue(pvalue: float) -> str:
    """A p-value in Danish notation ("p = 0,18", "p < 0,001").

    Examples
    --------
    >>> format_pvalue(0.1802), format_pvalue(0.0004), format_pvalue(0.0123)
    ('p = 0,18', 'p < 0,001', 'p = 0,012')
    """
    if pvalue < 0.001:
        return "p < 0,001"
    decimals = 2 if pvalue >= 0.1 else 3
    return f"p = {format_number(pvalue, decimals)}"


def certainty_sentence(comparison: Comparison, test: DifferenceTest | None, alpha: float = 0.05) -> str | None:
    """How sure a difference from the national figure is; None when the shares are on a level.

    Examples
    --------
    >>> from klyngestat import demo_survey, group_share, national_average, compare_with_national
    >>> from klyngestat.stats.compare import difference_test
    >>> s = demo_survey()
    >>> c = compare_with_national(group_share(s, "forbedringer", specialty="Plastikkirurgi"),
    ...                           national_average(s, "forbedringer"))
    >>> certainty_sentence(c, difference_test(c))
    'Forskellen på 19 procentpoint bygger på 14 svar og er statistisk usikker (eksakt test mod resten af landet: p = 0,18).'
    """
    if comparison.wording == "på niveau med":
        return None
    size = format_number(abs(comparison.difference), 0, drop_zero_decimals=True)
    if test is None:
        return f"Forskellen er på {size} procentpoint; dens statistiske sikkerhed er ikke beregnet."
    how = "mod resten af landet" if test.method == "fisher_vs_rest" else "mod landsgennemsnittet"
    verdict = "er statistisk sikker" if test.pvalue < alpha else "er statistisk usikker"
    return (
        f"Forskellen på {size} procentpoint bygger på {format_number(test.n)} svar og {verdict} "
        f"(eksakt test {how}: {format_pvalue(test.pvalue)})."
    )
