"""The JSON contract of ``klyngestat stats`` (docs/json.md), rendered from a Release's records only."""

from __future__ import annotations

from klyngestat.release import Record, Release

__all__ = ["HEADLINE_QUESTION", "SCHEMA_VERSION", "release_json", "specialty_json", "summary_rows"]

SCHEMA_VERSION = 2
"""2: figures come from a Release; every figure carries its record ``id``; ``provenance`` and ``disclosure``."""

HEADLINE_QUESTION = "understoetter_kvalitet"


def _interval(record: Record) -> dict[str, object] | None:
    if record.low is None or record.high is None:
        return None
    return {
        "method": record.method,
        "fpc": record.detail.get("fpc"),
        "population": record.population,
        "confidence": record.detail.get("confidence"),
        "low": record.low,
        "high": record.high,
    }


def _share(record: Record, *, extras: bool = True) -> dict[str, object]:
    data: dict[str, object] = {
        "id": record.id,
        "group": record.measure,
        "label": record.label,
        "n": record.base,
        "count": record.count,
        "share": record.share,
        "suppressed": not record.shown,
    }
    if record.shown and extras:
        interval = _interval(record)
        if interval is not None:
            data["interval"] = interval
        exact = record.detail.get("interval_exact")
        if isinstance(exact, dict):
            data["interval_exact"] = {
                **exact,
                "fpc": True,
                "population": record.population,
                "confidence": record.detail.get("confidence"),
            }
    return data


def _top_boxes(release: Release) -> dict[str, str]:
    return {q: str(m["top_box"]) for q, m in release.questions.items() if m.get("top_box")}


def specialty_json(release: Release, specialty: str) -> dict[str, object]:
    """One specialty's figures in the documented JSON contract (schema version 2).

    Parameters
    ----------
    release
        The wave's Release; hidden figures come out as ``"suppressed": true`` with no figure.
    specialty
        The specialty's name, as the Release spells it.

    Returns
    -------
    dict
        The object docs/json.md describes: response rate, per question the
        specialty's top box (and its weighted share), the clusters, spreads,
        national figures, comparisons, heterogeneity tests and the provenance.

    Examples
    --------
    >>> from klyngestat import build_release, demo_survey
    >>> data = specialty_json(build_release(demo_survey()), "Dermatologi")
    >>> data["respondents"], data["invited"], data["questions"]["understoetter_kvalitet"]["count"]
    (74, 110, 52)
    """
    if specialty not in release.specialties:
        raise KeyError(f"no specialty {specialty!r} in the survey; specialties: {', '.join(release.specialties)}")
    rate = release.find("response", "response_rate", specialty=specialty)
    assert rate is not None
    tops = _top_boxes(release)
    questions = _questions(release, specialty, tops)
    spreads, national, comparison, heterogeneity = _derived(release, specialty, tops, questions)
    return {
        "schema_version": SCHEMA_VERSION,
        "specialty": specialty,
        "year": release.provenance.get("year"),
        "invited": rate.base,
        "respondents": rate.count,
        "members": rate.population,
        "response_rate": rate.share,
        "options": {
            "ved_ikke": release.options.ved_ikke,
            "min_n": release.options.min_n,
            "confidence": release.options.confidence_level,
            "national_method": release.options.national_method,
            "population": release.options.fpc_population,
        },
        "questions": questions,
        "clusters": _clusters(release, specialty, tops),
        "cluster_spread": spreads,
        "national": national,
        "comparison": comparison,
        "heterogeneity": heterogeneity,
        "absent_questions": list(release.provenance.get("absent_questions", [])),
        "provenance": release.provenance,
    }


def _questions(release: Release, specialty: str, tops: dict[str, str]) -> dict[str, dict[str, object]]:
    """The specialty's top box of each question, with its weighted (post-stratified) share where it is shown."""
    questions: dict[str, dict[str, object]] = {}
    for q, top in tops.items():
        record = release.find("group", top, question=q, specialty=specialty)
        if record is None:
            continue
        questions[q] = _share(record)
        w = release.find("weighted", f"weighted:{top}", question=q, specialty=specialty)
        if w is not None and w.shown and w.share is not None:
            questions[q]["weighted"] = {
                "id": w.id,
                "share": w.share,
                "efficiency": w.detail.get("efficiency"),
                "effective_n": w.detail.get("effective_n"),
                "standard_error": w.detail.get("standard_error"),
                "low": w.low,
                "high": w.high,
                "uncovered": w.detail.get("uncovered"),
                "hidden_clusters_pooled": w.detail.get("hidden_clusters_pooled"),
            }
    return questions


def _clusters(release: Release, specialty: str, tops: dict[str, str]) -> list[dict[str, object]]:
    """Each cluster's response rate, its headline question's share and its top box of every question."""
    clusters = []
    for cluster in release.clusters_of(specialty):
        crate = release.find("response", "response_rate", specialty=specialty, cluster=cluster)
        assert crate is not None
        per_q = {}
        for q, top in tops.items():
            record = release.find("group", top, question=q, specialty=specialty, cluster=cluster)
            if record is not None:
                per_q[q] = _share(record)
        head = per_q.get(HEADLINE_QUESTION, {"n": None, "share": None, "suppressed": False})
        clusters.append(
            {
                "cluster": cluster,
                "members": crate.population,
                "invited": crate.base,
                "respondents": crate.count,
                "response_rate": crate.share,
                "question": HEADLINE_QUESTION,
                "n": head["n"],
                "share": head["share"],
                "suppressed": head["suppressed"],
                "questions": per_q,
            }
        )
    return clusters


_Derived = dict[str, dict[str, object]]


def _derived(
    release: Release, specialty: str, tops: dict[str, str], questions: dict[str, dict[str, object]]
) -> tuple[_Derived, _Derived, _Derived, _Derived]:
    """Per question: the clusters' spread, the national figure, the comparison with it and the heterogeneity test."""
    spreads: _Derived = {}
    national: _Derived = {}
    comparison: _Derived = {}
    heterogeneity: _Derived = {}
    for q, top in tops.items():
        spread = release.find("spread", f"spread:{top}", question=q, specialty=specialty)
        if spread is not None:
            spreads[q] = _spread(release, spread, q, top, specialty)
        nat = release.find("national", f"national:{top}", question=q)
        if nat is not None and nat.shown:
            national[q] = _national(nat, q, top)
        comp = release.find("comparison", f"comparison:{top}", question=q, specialty=specialty)
        if comp is not None and comp.shown and comp.share is not None:
            comparison[q] = {
                "id": comp.id,
                "question": q,
                "group": top,
                "share": questions[q]["share"],
                "national": nat.share if nat is not None else None,
                "national_method": comp.method,
                "difference_pp": comp.share,
                "wording": comp.detail.get("wording"),
                "size_wording": comp.detail.get("size_wording"),
                "thresholds": comp.detail.get("thresholds"),
                "test": comp.detail.get("test"),
            }
        het = release.find("heterogeneity", f"heterogeneity:{top}", question=q, specialty=specialty)
        if het is not None and het.shown:
            heterogeneity[q] = {"id": het.id, "method": "permutation", **het.detail}
    return spreads, national, comparison, heterogeneity


def _spread(release: Release, spread: Record, question: str, top: str, specialty: str) -> dict[str, object]:
    """The clusters' lowest and highest shown top box of one question."""
    return {
        "id": spread.id,
        "question": question,
        "group": top,
        "specialty": specialty,
        "min_n": release.options.min_n,
        "min": spread.low,
        "max": spread.high,
        "min_cluster": spread.detail.get("min_cluster"),
        "max_cluster": spread.detail.get("max_cluster"),
        "clusters_shown": spread.detail.get("clusters_shown"),
        "clusters_hidden": spread.detail.get("clusters_hidden"),
        "suppressed": not spread.shown,
    }


def _national(nat: Record, question: str, top: str) -> dict[str, object]:
    """The national figure of one question, with its method (and its interval where it has one)."""
    data: dict[str, object] = {
        "id": nat.id,
        "share": nat.share,
        "question": question,
        "group": top,
        "method": nat.method,
        "count": nat.count,
        "n_specialties": nat.detail.get("units") if nat.method == "mean_of_specialties" else None,
        "source": nat.detail.get("source"),
        "n": nat.base,
    }
    if nat.low is not None:
        data["interval"] = {**(_interval(nat) or {}), "method": "wilson"}  # the pooled figure is the nation's share
    return data


def release_json(release: Release, specialties: list[str] | None = None) -> dict[str, object]:
    """Every (or the named) specialty's figures, with the provenance and the disclosure summary.

    Parameters
    ----------
    release
        The wave's Release.
    specialties
        The specialties to include, in this order; every specialty of the Release when None (or empty).

    Returns
    -------
    dict
        ``schema_version``, ``year``, ``provenance``, ``disclosure`` and one
        :func:`specialty_json` object per specialty in ``specialties``.
    """
    names = specialties or list(release.specialties)
    return {
        "schema_version": SCHEMA_VERSION,
        "year": release.provenance.get("year"),
        "provenance": release.provenance,
        "disclosure": release.disclosure_summary(),
        "specialties": [specialty_json(release, s) for s in names],
    }


def summary_rows(release: Release, specialty: str) -> list[tuple[str, Record, Record | None, Record | None]]:
    """(question, specialty top box, spread, comparison) of each question with a top box.

    Parameters
    ----------
    release
        The wave's Release.
    specialty
        The specialty's name.

    Returns
    -------
    list of tuple
        One ``(question, top-box record, spread record or None, comparison
        record or None)`` per question the specialty has a top-box record of,
        in questionnaire order.
    """
    rows = []
    for q, top in _top_boxes(release).items():
        record = release.find("group", top, question=q, specialty=specialty)
        if record is None:
            continue
        rows.append(
            (
                q,
                record,
                release.find("spread", f"spread:{top}", question=q, specialty=specialty),
                release.find("comparison", f"comparison:{top}", question=q, specialty=specialty),
            )
        )
    return rows
