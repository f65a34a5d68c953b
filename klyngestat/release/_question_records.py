"""The counted records of a Release: response rates, and each question's categories, blanks and groups.

A question's suppression pattern is drawn first (:func:`question_records`),
from the published columns of each level (:func:`column_specs`); the records
at the nation, each specialty and each cluster then follow it, and the
heterogeneity tests of the question's top box start at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from klyngestat.models.questionnaire import Scale
from klyngestat.release._builder import Builder
from klyngestat.release._derived import start_heterogeneity_test
from klyngestat.release.disclosure import ColumnSpec, question_pattern
from klyngestat.release.records import Level
from klyngestat.stats._counts import unit_counts
from klyngestat.stats.shares import VedIkke

__all__ = ["ShareColumns", "column_specs", "group_record", "question_records", "response_records", "share_columns"]


def column_specs(scale: Scale) -> tuple[ColumnSpec, ColumnSpec]:
    """The published columns of a cluster and of a specialty (or the nation) for a scale.

    Parameters
    ----------
    scale
        The question's answer scale.

    Examples
    --------
    >>> from klyngestat.models.questionnaire import load_questionnaire
    >>> cluster, specialty = column_specs(load_questionnaire().scale_of("forbedringer"))
    >>> cluster.names, specialty.names
    (('top_box', 'other_on_scale', 'Ved ikke', 'blank'), ('Ja', 'Nej', 'Ved ikke', 'blank', 'top_box'))
    """
    k = len(scale.options)
    substantive = np.array([o.substantive for o in scale.options] + [False])
    nonsub_cols = ~substantive
    blank = np.zeros(k + 1, dtype=bool)
    blank[k] = True

    def one_hot(positions: Sequence[int]) -> np.ndarray:
        row = np.zeros(k + 1, dtype=bool)
        row[list(positions)] = True
        return row

    cluster_rows: list[np.ndarray] = []
    cluster_names: list[str] = []
    if scale.top_box is not None:
        top = one_hot(scale.group_positions(scale.top_box))
        cluster_rows += [top, substantive & ~top]
        cluster_names += ["top_box", "other_on_scale"]
    else:
        cluster_rows.append(substantive.copy())
        cluster_names.append("on_scale")
    for i, option in enumerate(scale.options):
        if not option.substantive:
            cluster_rows.append(one_hot([i]))
            cluster_names.append(option.label)
    cluster_rows.append(blank)
    cluster_names.append("blank")
    cluster_protected = np.array([name != "blank" for name in cluster_names])
    if scale.top_box is None:
        cluster_protected[:] = False  # nothing of such a question is published per cluster
    spec_rows = [one_hot([i]) for i in range(k)] + [blank]
    spec_names = [*scale.labels, "blank"]
    for name in scale.groups:
        spec_rows.append(one_hot(scale.group_positions(name)))
        spec_names.append(name)
    spec_protected = np.array([name != "blank" for name in spec_names])
    return (
        ColumnSpec(tuple(cluster_names), np.array(cluster_rows, dtype=np.int64), cluster_protected, nonsub_cols),
        ColumnSpec(tuple(spec_names), np.array(spec_rows, dtype=np.int64), spec_protected, nonsub_cols),
    )


def response_records(b: Builder) -> None:
    """The response rate of the nation, each specialty and each cluster (never hidden).

    Parameters
    ----------
    b
        The release under construction.
    """
    levels: list[tuple[Level, str | None, str | None, int, int]] = [
        ("nation", None, None, int(b.invited.sum()), int(b.respondents.sum()))
    ]
    for i, name in enumerate(b.specialties):
        mask = b.spec_of_unit == i
        levels.append(("specialty", name, None, int(b.invited[mask].sum()), int(b.respondents[mask].sum())))
    for spec, cname, n, r in zip(b.unit_specialty, b.unit_cluster, b.invited, b.respondents, strict=True):
        levels.append(("cluster", spec, cname, int(n), int(r)))
    for level, s, c, invited, respondents in levels:
        members = b.members(s, c) if level != "nation" else None
        b.add(
            b.shown(
                "response",
                None,
                "response_rate",
                "svarprocent",
                level,
                s,
                c,
                respondents,
                invited,
                population=members,
                detail={"invited": invited, "respondents": respondents, "members": members},
            )
        )


def question_records(b: Builder, question: str) -> None:
    """A question's pattern and records: every level's distribution, each cluster's top box; tests started.

    Parameters
    ----------
    b
        The release under construction.
    question
        The closed question's id.
    """
    start = len(b.records)
    scale = b.survey.questionnaire.scale_of(question)
    counts = unit_counts(b.survey, question)[b.order]
    k = len(scale.options)
    substantive = np.array([o.substantive for o in scale.options] + [False])
    cluster_spec, specialty_spec = column_specs(scale)
    pattern = question_pattern(
        question,
        b.unit_specialty,
        b.unit_cluster,
        b.specialties,
        counts,
        substantive,
        cluster_spec,
        specialty_spec,
        b.options.min_n,
        b.key,
        b.options.decoys,
    )
    b.patterns[question] = pattern
    columns = share_columns(scale, b.options.ved_ikke)
    spec_counts = np.zeros((len(b.specialties), k + 1), dtype=np.int64)
    np.add.at(spec_counts, b.spec_of_unit, counts)
    invited_spec = np.zeros(len(b.specialties), dtype=np.int64)
    np.add.at(invited_spec, b.spec_of_unit, b.invited)
    rows: list[tuple[Level, str | None, str | None, list[int], bool, int]] = [
        ("nation", None, None, counts.sum(axis=0).tolist(), pattern.nation_hidden, int(b.invited.sum()))
    ]
    rows += [
        ("specialty", s, None, spec_row, s in pattern.specialties, invited)
        for s, spec_row, invited in zip(b.specialties, spec_counts.tolist(), invited_spec.tolist(), strict=True)
    ]
    for level, s, c, row, hidden, invited in rows:
        distribution_records(b, question, scale, level, s, c, row, hidden, columns, invited)
    if scale.top_box is not None:
        top_box = scale.top_box
        units = zip(b.unit_specialty, b.unit_cluster, counts.tolist(), b.invited.tolist(), strict=True)
        for s, c, row, invited in units:
            group_record(b, question, top_box, "cluster", s, c, row, (s, c) in pattern.clusters, columns, invited)
        index = {r.id: r for r in b.records[start:]}
        for specialty in b.specialties:
            start_heterogeneity_test(b, question, scale.top_box, specialty, index)


def distribution_records(
    b: Builder,
    question: str,
    scale: Scale,
    level: Level,
    specialty: str | None,
    cluster: str | None,
    row: Sequence[int],
    hidden: bool,
    columns: ShareColumns,
    invited: int,
) -> None:
    """A unit's records of each answer category (of those who answered), the blanks and each named group.

    Parameters
    ----------
    b
        The release under construction.
    question, scale
        The question and its scale.
    level, specialty, cluster
        The unit.
    row
        The unit's counts: one per answer category, then the blanks.
    hidden
        Whether the pattern hides the unit.
    columns
        The count columns of each group's share and of its base (:func:`share_columns`).
    invited
        The unit's invited (the population of its intervals when the options ask for it).
    """
    answered = sum(row[: len(scale.options)])
    for i, option in enumerate(scale.options):
        measure = f"category:{option.label}"
        if hidden:
            b.add(b.hidden("category", question, measure, option.label, level, specialty, cluster))
            continue
        label, count, detail = option.label, row[i], {"code": option.code, "substantive": option.substantive}
        b.add(b.shown("category", question, measure, label, level, specialty, cluster, count, answered, detail=detail))
    respondents = sum(row)
    if hidden:
        b.add(b.hidden("blank", question, "blank", "ikke besvaret", level, specialty, cluster))
    else:
        blank = row[-1]
        b.add(b.shown("blank", question, "blank", "ikke besvaret", level, specialty, cluster, blank, respondents))
    for name in scale.groups:
        group_record(b, question, name, level, specialty, cluster, row, hidden, columns, invited)


class ShareColumns(NamedTuple):
    """The count columns of a question's group shares: each group's label and counted columns, and the base's."""

    groups: dict[str, tuple[str, tuple[int, ...]]]
    base: tuple[int, ...]


def share_columns(scale: Scale, ved_ikke: VedIkke) -> ShareColumns:
    """Each group's label and the count columns its share counts, and those of the base the options choose.

    The base holds every answer category ("Ved ikke" and the like only when
    ``ved_ikke`` is ``"include"``), never the blanks; a group counts its
    categories that are in the base.

    Parameters
    ----------
    scale
        The question's scale.
    ved_ikke
        ``"include"`` or ``"exclude"`` the non-substantive answers from the base.

    Examples
    --------
    >>> from klyngestat.models.questionnaire import load_questionnaire
    >>> scale = load_questionnaire().scale_of("forbedringer")  # Ja, Nej, Ved ikke (then the blank)
    >>> share_columns(scale, "include")
    ShareColumns(groups={'top_box': ('ja', (0,))}, base=(0, 1, 2))
    >>> share_columns(scale, "exclude").base
    (0, 1)
    """
    base = tuple(i for i, o in enumerate(scale.options) if ved_ikke == "include" or o.substantive)
    groups = {
        name: (group.label, tuple(i for i in scale.group_positions(name) if i in base))
        for name, group in scale.groups.items()
    }
    return ShareColumns(groups, base)


def group_record(
    b: Builder,
    question: str,
    group: str,
    level: Level,
    specialty: str | None,
    cluster: str | None,
    row: Sequence[int],
    hidden: bool,
    columns: ShareColumns,
    invited: int,
) -> None:
    """A unit's record of a named group of the scale: its count of the base the options choose.

    Parameters
    ----------
    b
        The release under construction.
    question, group
        The question and the group's name.
    level, specialty, cluster
        The unit.
    row
        The unit's counts: one per answer category, then the blanks.
    hidden
        Whether the pattern hides the unit.
    columns
        The count columns of each group's share and of its base (:func:`share_columns`).
    invited
        The unit's invited (the population of its intervals when the options ask for it).
    """
    label, counted = columns.groups[group]
    if hidden:
        b.add(b.hidden("group", question, group, label, level, specialty, cluster))
        return
    count, base = sum(row[i] for i in counted), sum(row[i] for i in columns.base)
    b.add(
        b.shown(
            "group",
            question,
            group,
            label,
            level,
            specialty,
            cluster,
            count,
            base,
            population=b.population(level, specialty, cluster, invited),
            detail={"ved_ikke": b.options.ved_ikke},
        )
    )
