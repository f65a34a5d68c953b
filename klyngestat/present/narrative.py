"""Danish sentences of the fact sheet, generated from released records (every figure computed).

Every function takes :class:`~klyngestat.release.Record` objects; a hidden
record carries no figure and is left out of a sentence (or the sentence says
the figure is not shown), never guessed at. The sentences that compare with
the national average are written in :mod:`klyngestat.present._comparison_text`,
the Danish words they share (names in running text, numbers in words, lists,
p-values) in :mod:`klyngestat.present._danish`; all are exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from klyngestat.present._comparison_text import certainty_sentence, comparison_note, improvement_sentence
from klyngestat.present._danish import (
    end_sentence,
    format_pvalue,
    in_text,
    join_danish,
    lower_first,
    number_word,
    share_text,
)
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


def participation_sentence(specialty: str, response: Record) -> str:
    """ "Inden for specialet … har 74 ud af 110 besvaret spørgeskemaet, …".

    Parameters
    ----------
    specialty
        The specialty's name (lower case in the sentence, see :func:`in_text`).
    response
        The specialty's response-rate record.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> r = build_release(demo_survey()).find("response", "response_rate", specialty="Plastikkirurgi")
    >>> participation_sentence("Plastikkirurgi", r)
    'Inden for specialet plastikkirurgi har 14 ud af 20 besvaret spørgeskemaet, hvilket svarer til en svarprocent på 70 pct.'
    """
    if not response.base or response.count is None or response.fraction is None:
        raise ValueError(f"{specialty}: no one was invited")
    return end_sentence(
        f"Inden for specialet {in_text(specialty)} har {format_count_of(response.count, response.base)} "
        f"besvaret spørgeskemaet, hvilket svarer til en svarprocent på {format_rate(response.fraction)}"
    )


def hidden_sentence(min_n: int) -> str:
    """The sentence that stands where a specialty's own figure is hidden.

    Parameters
    ----------
    min_n
        The Release's threshold: figures on fewer answers are hidden.

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

    Parameters
    ----------
    low, high
        The clusters' lowest and highest shown top-box records (None: no clause).
    shown, hidden
        How many clusters are shown and hidden; fewer than two shown gives no clause.

    Returns
    -------
    str
        A clause to end :func:`quality_sentences`' first sentence, or ``""``.

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

    Parameters
    ----------
    share
        The specialty's top-box record of the headline question.
    national
        The national average's record; None (or one without a figure) leaves its sentence out.
    clause
        The clusters' spread (:func:`spread_clause`), put at the end of the first sentence.

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
        end_sentence(
            f"{share_text(share)} af respondenterne vurderer, at klyngearbejdet {share.label} "
            f"understøtter kvalitetsarbejdet i speciallægepraksis{clause}"
        )
    ]
    if national is not None and national.fraction is not None:
        sentences.append(
            end_sentence(f"Landsgennemsnittet på tværs af alle specialer ligger på {format_rate(national.fraction)}")
        )
    return sentences


def middle_sentence(specialty: str, middle: Record) -> str:
    """ "23 pct. af respondenterne i dermatologi vurderer, at klyngearbejdet i nogen grad …".

    Parameters
    ----------
    specialty
        The specialty's name.
    middle
        The specialty's record of the scale's middle group ("i nogen grad").
    """
    return end_sentence(
        f"{share_text(middle)} af respondenterne i {in_text(specialty)} vurderer, at klyngearbejdet "
        f"{middle.label} kan understøtte kvalitetsarbejdet"
    )


def background_sentence(practitioners: str, clusters: Sequence[tuple[str, int | None]]) -> str:
    """Who the sheet is about and how the specialty is organised.

    Parameters
    ----------
    practitioners
        What the specialty's doctors are called, indefinite plural ("plastikkirurger").
    clusters
        ``(name, members)`` of each cluster; members None leaves the count out.

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
        f"{practitioners}. {end_sentence(organised)}"
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

    Parameters
    ----------
    share
        The specialty's top-box record of "moededeltagelse".

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
            f"Der er en høj mødedeltagelse blandt respondenterne, og {quantifier} ({share_text(share)}) har deltaget "
            f"i {share.label} siden klyngernes opstart."
        )
    who = f"{quantifier} ({share_text(share)})" if quantifier else share_text(share)
    return f"Blandt respondenterne har {who} deltaget i {share.label} siden klyngernes opstart."


def engagement_sentence(items: Sequence[tuple[str, Record]]) -> str:
    """Own engagement, judged by the median item's top box, with every item's figure.

    The level word is "højt" when the median item's share is at least 75
    pct., "overvejende højt" from 50 pct., else "blandet".

    Parameters
    ----------
    items
        ``(statement, top-box record)`` per engagement item, in questionnaire order.

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
    parts = [f"»{first_text}« gælder {first.label} for {share_text(first)}"]
    parts += [f"»{text}« for {share_text(share)}" for text, share in answered[1:]]
    return end_sentence(f"Respondenterne vurderer eget engagement i klyngearbejdet som {level}: {join_danish(parts)}")


def expectation_sentences(
    items: Sequence[tuple[str, Record, Record]], rarely: Sequence[tuple[str, Record]] = ()
) -> list[str]:
    """Where experience falls shortest of priority, and how many rarely or never experience each element.

    Parameters
    ----------
    items
        ``(element, priority share, experienced share)`` per element.
    rarely
        ``(element, "sjældent eller aldrig" share)`` per element to name.

    Returns
    -------
    list of str
        Up to two sentences: the largest gap, then the "rarely or never" shares.
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
                f"møderne, gælder {lower_first(text)}: {share_text(p)} finder det {p.label}, mens {share_text(e)} oplever det "
                f"{e.label}."
            )
        else:
            sentences.append("Det, deltagerne prioriterer, bliver i mindst lige så høj grad realiseret på møderne.")
    shown = [(text, share) for text, share in rarely if share.fraction is not None]
    if shown:
        label = shown[0][1].label
        parts = join_danish([f"{share_text(share)} {lower_first(text)}" for text, share in shown])
        sentences.append(f"{label[:1].upper()}{label[1:]} oplever {parts}.")
    return sentences


def data_sentences(wish: Record | None, used: Record | None, barrier: tuple[str, int, int] | None) -> list[str]:
    """The wish for more data, its use so far, and the barrier named most often.

    Parameters
    ----------
    wish
        The top-box record of "data_oenske" (None: no sentence).
    used
        The top-box record of "data_anvendt" (None: not mentioned).
    barrier
        ``(label, count, base)`` of the most frequent barrier (None: no sentence).

    Returns
    -------
    list of str
        The sentences there are figures for.
    """
    sentences = []
    if wish is not None and wish.fraction is not None:
        text = f"{share_text(wish)} ønsker, at der inddrages mere data i klyngearbejdet"
        if used is not None and used.fraction is not None:
            text += f", mens {share_text(used)} svarer, at klyngen har anvendt data"
        sentences.append(end_sentence(text))
    if barrier is not None and barrier[2]:
        label, count, base = barrier
        sentences.append(
            f"Den hyppigst nævnte barriere for at bruge data er {lower_first(label)} "
            f"({format_share(Fraction(count, base))} af dem, der har svaret)."
        )
    return sentences


def focus_sentence(ranked: Sequence[tuple[str, Record]], top: int = 3) -> str:
    """The elements that motivate improvements most, highest first.

    Parameters
    ----------
    ranked
        ``(element, top-box record)`` per element, in any order.
    top
        How many elements to name.

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
    names = join_danish([f"{lower_first(text)} ({share_text(share)})" for text, share in best])
    return f"Det er særligt {names}, der {best[0][1].label} motiverer til forbedringer i egen klinik."
