"""The derived figures of a Release, computed from released records with the hidden clusters pooled.

For every question with a top box: the national figure, then for each
specialty its spread over the shown clusters, its comparison with the
national figure, the heterogeneity test of its clusters (started while the
question's records were made, see :func:`start_heterogeneity_test`) and its
post-stratified share; last, the Holm-adjusted p-values of each specialty's
comparisons. No derived figure carries more than the released table does.
"""

from __future__ import annotations

from klyngestat.release._builder import POOLED, Builder, replace_record
from klyngestat.release._national import comparison_record, national_record
from klyngestat.release._weighted import weighted_record
from klyngestat.release.records import Record
from klyngestat.stats.significance import heterogeneity_from_counts, holm

__all__ = ["derived_figures", "extreme_shares", "start_heterogeneity_test"]

_KINDS = ("spread", "comparison", "heterogeneity", "weighted")


def derived_figures(b: Builder) -> None:
    """National, spread, comparison, heterogeneity and weighted figures of every top-box group.

    Parameters
    ----------
    b
        The release under construction, its counted records made and their intervals set.
    """
    index = {r.id: r for r in b.records}
    for question in b.patterns:
        scale = b.survey.questionnaire.scale_of(question)
        if scale.top_box is None:
            continue
        national = national_record(b, question, scale.top_box, index)
        for specialty in b.specialties:
            specialty_figures(b, question, scale.top_box, specialty, national, index)
    b.settle()
    _holm_adjusted(b)


def start_heterogeneity_test(b: Builder, question: str, group: str, specialty: str, index: dict[str, Record]) -> None:
    """Start the heterogeneity test of a shown specialty's clusters, the hidden ones pooled into one.

    Parameters
    ----------
    b
        The release under construction.
    question, group
        The question and its group (the top box).
    specialty
        The specialty.
    index
        The question's records by id.
    """
    spec = index[b.rid(specialty, question, group, "specialty", None)]
    if not spec.shown:
        return
    shown = [r for r in b.clusters(question, group, specialty, index) if r.shown]
    pool_count = (spec.count or 0) - sum(r.count or 0 for r in shown)
    pool_base = (spec.base or 0) - sum(r.base or 0 for r in shown)
    tested = [r for r in shown if r.base]
    names = [r.cluster or "" for r in tested] + ([POOLED] if pool_base > 0 else [])
    if len(names) < 2:
        return
    counts = [r.count or 0 for r in tested] + ([pool_count] if pool_base > 0 else [])
    bases = [r.base or 0 for r in tested] + ([pool_base] if pool_base > 0 else [])
    # The record takes the test's statistic, p-value and size, which depend on the counts and bases alone (every
    # test draws from the options' seed): a table already being tested is not drawn again.
    table = (tuple(counts), tuple(bases))
    test = b.tests_by_table.get(table)
    if test is None:
        test = b.tests_by_table[table] = b.tests.submit(
            heterogeneity_from_counts,
            question,
            group,
            specialty,
            names,
            counts,
            bases,
            method="permutation",
            n_resamples=b.options.n_resamples,
            seed=b.options.seed,
            ved_ikke=b.options.ved_ikke,
            confidence_level=b.options.confidence_level,
        )
    b.pending[(question, specialty)] = (test, pool_base > 0)


def specialty_figures(
    b: Builder, question: str, group: str, specialty: str, national: Record, index: dict[str, Record]
) -> None:
    """A specialty's derived records of a group: spread, comparison, heterogeneity, weighted (all hidden with it).

    Parameters
    ----------
    b
        The release under construction.
    question, group
        The question and its group (the top box).
    specialty
        The specialty.
    national
        The national record of the group.
    index
        The counted records by id.
    """
    label = b.survey.questionnaire.scale_of(question).group(group).label
    spec = index[b.rid(specialty, question, group, "specialty", None)]
    if not spec.shown:
        for kind in _KINDS:
            b.add(b.hidden(kind, question, f"{kind}:{group}", label, "specialty", specialty, None))
        return
    clusters = b.clusters(question, group, specialty, index)
    pool_count = (spec.count or 0) - sum(r.count or 0 for r in clusters if r.shown)
    pool_base = (spec.base or 0) - sum(r.base or 0 for r in clusters if r.shown)
    inputs = (spec.id, *(r.id for r in clusters if r.shown))
    _spread_record(b, question, group, label, specialty, clusters)
    comparison_record(b, question, group, label, spec, national)
    _heterogeneity_record(b, question, group, label, specialty, inputs)
    weighted_record(b, question, group, label, specialty, clusters, (pool_count, pool_base), inputs)


def _spread_record(b: Builder, question: str, group: str, label: str, specialty: str, clusters: list[Record]) -> None:
    """The lowest and highest share among the shown clusters (with a base)."""
    shown = [r for r in clusters if r.shown and r.base]
    low, high = extreme_shares(shown)
    b.add(
        b.specialty_figure(
            "spread",
            question,
            group,
            label,
            specialty,
            low=None if low is None else low.share,
            high=None if high is None else high.share,
            inputs=tuple(r.id for r in shown),
            detail={
                "min_cluster": None if low is None else low.cluster,
                "max_cluster": None if high is None else high.cluster,
                "min_id": None if low is None else low.id,
                "max_id": None if high is None else high.id,
                "clusters_shown": len(shown),
                "clusters_hidden": sum(not r.shown for r in clusters),
            },
        )
    )


def _heterogeneity_record(
    b: Builder, question: str, group: str, label: str, specialty: str, inputs: tuple[str, ...]
) -> None:
    """The heterogeneity test's record, in its place once the test (started by
    :func:`start_heterogeneity_test`) is done; nothing when none was started."""
    if (question, specialty) not in b.pending:
        return
    test, pooled = b.pending.pop((question, specialty))

    def heterogeneity() -> Record:
        h = test.result()
        return b.specialty_figure(
            "heterogeneity",
            question,
            group,
            label,
            specialty,
            share=h.pvalue,
            method="permutation_chi_square",
            inputs=inputs,
            detail={
                "statistic": h.statistic,
                "df": h.df,
                "pvalue": h.pvalue,
                "n_resamples": h.n_resamples,
                "seed": h.seed,
                "clusters_tested": len(h.clusters),
                "hidden_clusters_pooled": pooled,
            },
        )

    b.defer(heterogeneity)


def extreme_shares(records: list[Record]) -> tuple[Record | None, Record | None]:
    """The records of the lowest and the highest exact share (count of base), the first of equals; None when none.

    What ``min`` and ``max`` keyed by ``Fraction(count, base)`` give, by comparing the exact
    cross products of counts and bases instead of making a fraction per record.

    Parameters
    ----------
    records
        Records with a count and a base of at least one.

    Examples
    --------
    >>> from klyngestat.release.records import Record
    >>> def made(cluster, count, base):
    ...     return Record(cluster, "group", "q", "top_box", "", "cluster", "S", cluster, "shown", "", count, base)
    >>> low, high = extreme_shares([made("a", 1, 3), made("b", 2, 6), made("c", 3, 4), made("d", 6, 8)])
    >>> low.cluster, high.cluster
    ('a', 'c')
    >>> extreme_shares([])
    (None, None)
    """
    low = high = None
    low_count = low_base = high_count = high_base = 0
    for r in records:
        count, base = r.count or 0, r.base or 1
        if low is None or count * low_base < low_count * base:
            low, low_count, low_base = r, count, base
        if high is None or count * high_base > high_count * base:
            high, high_count, high_base = r, count, base
    return low, high


def _holm_adjusted(b: Builder) -> None:
    """Holm-adjusted p-values over each specialty's comparisons."""
    comparisons: dict[str | None, list[int]] = {}
    for i, r in enumerate(b.records):
        if r.kind == "comparison" and r.shown and r.detail.get("test"):
            comparisons.setdefault(r.specialty, []).append(i)
    for specialty in b.specialties:
        at = comparisons.get(specialty, [])
        pvalues = [float(b.records[i].detail["test"]["pvalue"]) for i in at]  # type: ignore[index]
        for i, adjusted in zip(at, holm(pvalues) if pvalues else (), strict=True):
            record = b.records[i]
            test = dict(record.detail["test"])  # type: ignore[call-overload]
            test["pvalue_holm"] = adjusted
            b.records[i] = replace_record(record, detail={**record.detail, "test": test})
