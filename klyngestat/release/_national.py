"""The national figure of a question's top box, and each specialty's comparison with it.

The national figure is made the way the options say: the pooled share of
everyone, a reference figure from outside, or the mean of the specialties'
shares (the hidden specialties entering as one pooled unit, whose sum the
published figures give anyway). A comparison states the difference in
percentage points, its wording, and a test fit for how the national figure
was made.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from klyngestat.release._builder import Builder, share_of
from klyngestat.release.records import Record
from klyngestat.stats.compare import compare_with_national, evidence_wording
from klyngestat.stats.national import NationalAverage
from klyngestat.stats.shares import Share
from klyngestat.stats.significance import newcombe_difference, rest_pvalue
from klyngestat.stats.significance import versus_reference as binomial_vs_reference

__all__ = ["comparison_record", "national_record"]


def national_record(b: Builder, question: str, group: str, index: dict[str, Record]) -> Record:
    """Add the national record of a question's group (hidden when the nation is, or when there is no figure).

    Parameters
    ----------
    b
        The release under construction.
    question, group
        The question and its group (the top box).
    index
        The counted records by id.
    """
    label = b.survey.questionnaire.scale_of(question).group(group).label
    measure = f"national:{group}"
    rid = b.rid(None, question, measure, "nation", None)
    nation = index[b.rid(None, question, group, "nation", None)]
    figures = _national_figures(b, question, group, nation, index) if nation.shown else None
    if figures is None:
        return b.add(b.hidden("national", question, measure, label, "nation", None, None))
    return b.add(Record(rid, "national", question, measure, label, "nation", None, None, "shown", "", **figures))


def _national_figures(
    b: Builder, question: str, group: str, nation: Record, index: dict[str, Record]
) -> dict[str, Any] | None:
    """The fields of the national record by the options' method; None when it has no figure."""
    method = b.options.national_method
    if method == "pooled":
        if not nation.base:
            return None
        return {
            "count": nation.count,
            "base": nation.base,
            "share": nation.share,
            "low": nation.low,
            "high": nation.high,
            "method": "pooled",
            "population": nation.population,
            "inputs": (nation.id,),
            # the interval is the nation's own (Wilson): its correction and level travel with it
            "detail": {
                "fraction": [nation.count, nation.base],
                **{k: nation.detail[k] for k in ("fpc", "confidence") if k in nation.detail},
            },
        }
    if method == "reference":
        assert b.options.reference is not None
        figure = b.options.reference.get(question, group)
        if figure is None:
            return None
        fraction = Fraction(repr(figure.share))
        return {
            "base": figure.n,
            "share": figure.share,
            "method": "reference",
            "detail": {"source": figure.source, "fraction": [fraction.numerator, fraction.denominator]},
        }
    return _mean_of_specialties(b, question, group, nation, index)


def _mean_of_specialties(
    b: Builder, question: str, group: str, nation: Record, index: dict[str, Record]
) -> dict[str, Any] | None:
    """The mean of the specialties' shares: hidden specialties enter as one pooled unit (their sum is published
    by subtraction)."""
    shown = [index[b.rid(s, question, group, "specialty", None)] for s in b.specialties]
    parts = [Fraction(r.count or 0, r.base) for r in shown if r.shown and r.base]
    hidden_count = (nation.count or 0) - sum(r.count or 0 for r in shown if r.shown)
    hidden_base = (nation.base or 0) - sum(r.base or 0 for r in shown if r.shown)
    if hidden_base:
        parts.append(Fraction(hidden_count, hidden_base))
    if not parts:
        return None
    mean = sum(parts, Fraction(0)) / len(parts)
    return {
        "share": float(mean),
        "method": "mean_of_specialties",
        "inputs": (*tuple(r.id for r in shown if r.shown), nation.id),
        "detail": {
            "fraction": [mean.numerator, mean.denominator],
            "units": len(parts),
            "hidden_specialties_pooled": bool(hidden_base),
        },
    }


def comparison_record(b: Builder, question: str, group: str, label: str, spec: Record, national: Record) -> None:
    """Add a shown specialty's comparison with the national figure (nothing when either has no figure).

    Parameters
    ----------
    b
        The release under construction.
    question, group, label
        The question, its group (the top box) and the group's label.
    spec
        The specialty's record of the group (shown).
    national
        The national record of the group.
    """
    rid = b.rid(spec.specialty, question, f"comparison:{group}", "specialty", None)
    if not national.shown or not spec.base or national.share is None:
        return
    share = share_of(spec)
    fraction = national.fraction
    if fraction is None:
        return
    average = NationalAverage(
        question,
        group,
        national.method or "pooled",  # type: ignore[arg-type]
        fraction,
        count=national.count,
        base=national.base,
    )
    c = compare_with_national(share, average, thresholds=b.options.thresholds)
    test = _comparison_test(share, national, b.options.confidence_level)
    pvalue = None if test is None else float(test["pvalue"])  # type: ignore[arg-type]
    b.add(
        Record(
            rid,
            "comparison",
            question,
            f"comparison:{group}",
            label,
            "specialty",
            spec.specialty,
            None,
            "shown",
            "",
            share=c.difference_pp,
            method=national.method,
            inputs=(spec.id, national.id),
            detail={
                "wording": evidence_wording(c.wording, pvalue, b.options.thresholds.alpha),
                "size_wording": c.wording,
                "difference": [c.difference.numerator, c.difference.denominator],
                "thresholds": b.options.thresholds.model_dump(),
                "test": test,
            },
        )
    )


def _comparison_test(share: Share, national: Record, confidence_level: float) -> dict[str, object] | None:
    """The test of a specialty against the national figure: Fisher's against the rest of the nation when that is
    pooled, binomial against a reference figure; None for a mean of specialties (or an empty rest)."""
    if national.method == "pooled" and national.count is not None and national.base is not None:
        rest_count, rest_n = national.count - share.count, national.base - share.base
        if rest_n <= 0:
            return None
        d, lo, hi = newcombe_difference(share.count, share.base, rest_count, rest_n, confidence_level=confidence_level)
        return {
            "method": "fisher_vs_rest",
            "pvalue": rest_pvalue(share.count, share.base, rest_count, rest_n),
            "rest_count": rest_count,
            "rest_n": rest_n,
            "difference_pp": 100 * d,
            "low_pp": 100 * lo,
            "high_pp": 100 * hi,
            "interval_method": "newcombe_hybrid_score",
            "n": share.base,
        }
    if national.method == "reference":
        assert national.share is not None
        t = binomial_vs_reference(
            share.count, share.base, reference_share=float(national.share), confidence_level=confidence_level
        )
        return {
            "method": "binomial_vs_reference",
            "pvalue": t.pvalue,
            "difference_pp": t.difference_pp,
            "low": t.low,
            "high": t.high,
            "interval_method": t.interval_method,
            "n": share.base,
        }
    return None
