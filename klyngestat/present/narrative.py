"""Danish sentences of the fact sheet, generated from released records (every figure computed).

Every function takes :class:`~klyngestat.release.Record` objects; a hidden
record carries no figure and is left out of a sentence (or the sentence says
the figure is not shown), never guessed at.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from klyngestat.present.formatting import format_count_of, format_number, format_rate, format_share
from klyngestat.release import Record

__all__ = [
    "attendance_sentence",
    "background_sentence",
    "certainty_sentence",
    "comparison_note",
    "data_sentences",
    "engagement_sentence",
    "expectation_sentences",
    "focus_sentence",
    "format_pvalue",
    "hidden_sentence",
    "improvement_sentence",
    "join_danish",
    "middle_sentence",
    "number_word",
    "participation_sentence",
    "quality_sentences",
    "spread_clause",
]

_WORDING: dict[str, str] = {
    "på niveau med": "ligger på niveau med",
    "over": "ligger over",
    "under": "ligger under",
    "væsentligt over": "ligger væsentligt over",
    "væsentligt under": "ligger væsentligt under",
}


def _sentence(text: str) -> str:
    """End a sentence with one full stop ("… 48 pct." takes no second one)."""
    return text if text.endswith(".") else text + "."


def participation_sentence(specialty: str, response: Record) -> str:
    """ "Inden for specialet … har 74 ud af 110 besvaret spørgeskemaet, …".

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> r = build_release(demo_survey()).find("response", "response_rate", specialty="Plastikkirurgi")
    >>> participation_sentence("Plastikkirurgi", r)
    'Inden for specialet plastikkirurgi har 14 ud af 20 besvaret spørgeskemaet, hvilket svarer til en svarprocent på 70 pct.'
    """
    if not response.base or response.count is None or response.fraction is None:
        raise ValueError(f"{specialty}: no one was invited")
    return _sentence(
        f"Inden for specialet {in_text(specialty)} har {format_count_of(response.count, response.base)} "
        f"besvaret spørgeskemaet, hvilket svarer til en svarprocent på {format_rate(response.fraction)}"
    )


def in_text(name: str) -> str:
    """A specialty's name in running text: lower case, as Danish writes the names of specialties.

    Acronyms keep their capitals.

    Examples
    --------
    >>> in_text("Dermatologi"), in_text("Børne- og ungdomspsykiatri"), in_text("ØNH")
    ('dermatologi', 'børne- og ungdomspsykiatri', 'ØNH')
    """
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _share_text(share: Record) -> str:
    if share.fraction is None:
        raise ValueError(f"{share.id}: no figure to show")
    return format_share(share.fraction)


def hidden_sentence(min_n: int) -> str:
    """The sentence that stands where a specialty's own figure is hidden.

    Examples
    --------
    >>> hidden_sentence(5)
    'Specialets tal vises ikke af hensyn til fortroligheden: de bygger på færre end 5 svar, eller de ville sammen med de viste tal afsløre et sådant tal.'
    """
    return (
        f"Specialets tal vises ikke af hensyn til fortroligheden: de bygger på færre end {format_number(min_n)} "
        "svar, eller de ville sammen med de viste tal afsløre et sådant tal."
    )


def spread_clause(low: Record | None, high: Record | None, shown: int, hidden: int) -> str:
    """The clusters' range, over the clusters shown ("… i alle viste klynger" when some are hidden).

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> mk = lambda k, n: Record("x", "group", "q", "top_box", "", "cluster", "S", "C", "shown", "", k, n)
    >>> spread_clause(mk(7, 12), mk(7, 8), 3, 0)
    ', men med variationer mellem klyngerne fra 58 til 88 pct.'
    >>> spread_clause(mk(6, 6), mk(5, 5), 2, 1)
    ', og det gælder i alle viste klynger (100 pct.)'
    """
    if low is None or high is None or shown < 2 or low.fraction is None or high.fraction is None:
        return ""
    low_text, high_text = format_share(low.fraction), format_share(high.fraction)
    clusters = "viste klynger" if hidden else "klynger"
    if low_text == high_text:
        return f", og det gælder i alle {clusters} ({low_text.removesuffix(' pct.')} pct.)"
    between = "de viste klynger" if hidden else "klyngerne"
    return f", men med variationer mellem {between} fra {low_text.removesuffix(' pct.')} til {high_text}"


def quality_sentences(share: Record, national: Record | None, clause: str = "") -> list[str]:
    """Top box, cluster spread and national average of the headline question.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> from klyngestat.present.figures import Released
    >>> view = Released(build_release(demo_survey()), "Dermatologi")
    >>> spread = view.derived("spread", "understoetter_kvalitet")
    >>> low, high = (view.release.get(spread.detail[k]) for k in ("min_id", "max_id"))
    >>> for s in quality_sentences(view.share("understoetter_kvalitet"), view.national("understoetter_kvalitet"),
    ...                            spread_clause(low, high, 7, 0)):
    ...     print(s)
    71 pct. af respondenterne vurderer, at klyngearbejdet i høj eller meget høj grad understøtter kvalitetsarbejdet i speciallægepraksis, men med variationer mellem klyngerne fra 58 til 88 pct.
    Landsgennemsnittet på tværs af alle specialer ligger på 65,7 pct.
    """
    sentences = [
        _sentence(
            f"{_share_text(share)} af respondenterne vurderer, at klyngearbejdet {share.label} "
            f"understøtter kvalitetsarbejdet i speciallægepraksis{clause}"
        )
    ]
    if national is not None and national.fraction is not None:
        sentences.append(
            _sentence(f"Landsgennemsnittet på tværs af alle specialer ligger på {format_rate(national.fraction)}")
        )
    return sentences


def middle_sentence(specialty: str, middle: Record) -> str:
    """ "23 pct. af respondenterne i dermatologi vurderer, at klyngearbejdet i nogen grad …"."""
    return _sentence(
        f"{_share_text(middle)} af respondenterne i {in_text(specialty)} vurderer, at klyngearbejdet "
        f"{middle.label} kan understøtte kvalitetsarbejdet"
    )


def improvement_sentence(share: Record, comparison: Record, national: Record) -> str:
    """The share who introduced improvements, against the national average in words.

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
    return _sentence(
        f"{_share_text(share)} af respondenterne har som følge af klyngemøderne indført konkrete "
        f"forbedringer i deres klinik, hvilket {_WORDING[str(comparison.detail['wording'])]} landsgennemsnittet "
        f"på tværs af alle specialer på {format_rate(national.fraction)}"
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


def _pct(share: Record) -> str:
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
        return "næsten alle"
    if fraction >= Fraction(3, 4):
        return "langt de fleste"
    if fraction > Fraction(1, 2):
        return "flertallet"
    return None


def attendance_sentence(share: Record) -> str:
    """Meeting attendance in words, with its figure.

    Quantifiers: all (100 pct.) "alle"; from 90 pct. "nærmest alle"; from 75
    pct. "langt de fleste"; above half "flertallet"; else the figure alone.

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> attendance_sentence(Record("x", "group", "moededeltagelse", "top_box", "alle eller de fleste møder",
    ...                            "specialty", "X", None, "shown", "", 70, 74))
    'Der er en høj mødedeltagelse blandt respondenterne, og næsten alle (95 pct.) har deltaget i alle eller de fleste møder siden klyngernes opstart.'
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


def engagement_sentence(items: Sequence[tuple[str, Record]]) -> str:
    """Own engagement, judged by the median item's top box, with every item's figure.

    The level word is "højt" when the median item's share is at least 75
    pct., "overvejende højt" from 50 pct., else "blandet".

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> mk = lambda k: Record("x", "group", "q", "top_box", "i høj eller meget høj grad", "specialty", "X", None,
    ...                       "shown", "", k, 100)
    >>> engagement_sentence([("Jeg er aktiv", mk(81)), ("Jeg deler erfaringer", mk(80)), ("Jeg foreslår emner", mk(59))])
    'Respondenterne vurderer eget engagement i klyngearbejdet som højt: »Jeg er aktiv« gælder i høj eller meget høj grad for 81 pct., »Jeg deler erfaringer« for 80 pct. og »Jeg foreslår emner« for 59 pct.'
    """
    answered = [(text, share) for text, share in items if share.fraction is not None]
    if not answered:
        raise ValueError("no one answered the engagement items")
    ordered = sorted(share.fraction for _, share in answered if share.fraction is not None)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    level = "højt" if median >= Fraction(3, 4) else ("overvejende højt" if median >= Fraction(1, 2) else "blandet")
    first_text, first = answered[0]
    parts = [f"»{first_text}« gælder {first.label} for {_pct(first)}"]
    parts += [f"»{text}« for {_pct(share)}" for text, share in answered[1:]]
    return _sentence(f"Respondenterne vurderer eget engagement i klyngearbejdet som {level}: {join_danish(parts)}")


def expectation_sentences(
    items: Sequence[tuple[str, Record, Record]], rarely: Sequence[tuple[str, Record]] = ()
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
        parts = join_danish([f"{_pct(share)} {_lower_first(text)}" for text, share in shown])
        sentences.append(f"{label[:1].upper()}{label[1:]} oplever {parts}.")
    return sentences


def data_sentences(wish: Record | None, used: Record | None, barrier: tuple[str, int, int] | None) -> list[str]:
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


def focus_sentence(ranked: Sequence[tuple[str, Record]], top: int = 3) -> str:
    """The elements that motivate improvements most, highest first.

    Examples
    --------
    >>> from klyngestat.release import Record
    >>> mk = lambda k: Record("x", "group", "q", "top_box", "i høj eller meget høj grad", "specialty", "X", None,
    ...                       "shown", "", k, 100)
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
    """A p-value in Danish notation ("p = 0,18", "p < 0,001"), with no-break spaces so it never wraps.

    Examples
    --------
    >>> [p.replace("\xa0", " ") for p in (format_pvalue(0.1802), format_pvalue(0.0004), format_pvalue(0.0123))]
    ['p = 0,18', 'p < 0,001', 'p = 0,012']
    """
    if pvalue < 0.001:
        return "p\xa0<\xa00,001"
    decimals = 2 if pvalue >= 0.1 else 3
    return f"p\xa0=\xa0{format_number(pvalue, decimals=decimals)}"


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
