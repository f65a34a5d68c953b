"""What the Release's small-cell protection costs: hidden cluster figures and answers, old rule against new.

Run: python benchmarks/bench_disclosure.py

The floor is the primary cells alone (clusters with fewer than 5 answers on
the scale: these must be hidden whatever the rule); the peer is the earlier
rule (``klyngestat.stats.suppression.suppress_clusters``: every hidden cell,
complementary ones too, kept undetermined in every column, chosen smallest
first). The Release is shown without its decoys (the cheapest protecting set,
which leaks to an attacker who knows the rule) and as published. For the
demo survey and for the review's scenario (Derma – Nord cut to three
respondents) it prints, over every question with a top box: cluster
figures hidden, answers behind them, questions where a whole specialty's
clusters are hidden, and the ratio of answers hidden to the floor. It also
prints the time to build and to audit the Release.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import klyngestat as ks
from klyngestat.release import build_release
from klyngestat.stats._counts import unit_counts
from klyngestat.stats.suppression import suppress_clusters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the scenarios live with the tests
from tests.release.cases import dermatologi_with_a_three_answer_cluster


def measure(name: str, survey: ks.Survey) -> None:
    start = time.perf_counter()
    release = build_release(survey)
    built = time.perf_counter() - start
    cheapest = build_release(survey, options=ks.ReleaseOptions(decoys=0))
    start = time.perf_counter()
    report = release.audit()
    audited = time.perf_counter() - start
    _, units = survey.units
    totals = {rule: [0, 0, 0] for rule in ("floor", "old", "cheapest", "new")}  # figures, answers, whole specialties
    for q in survey.closed_questions:
        scale = survey.questionnaire.scale_of(q)
        if scale.top_box is None:
            continue
        counts = unit_counts(survey, q)
        substantive = np.array([o.substantive for o in scale.options])
        answers = counts[:, :-1].sum(1)
        on_scale = counts[:, :-1][:, substantive].sum(1)
        for specialty in survey.specialties:
            mine = [i for i, s in enumerate(units.specialty) if s == specialty]
            names = [units.cluster[i] for i in mine]
            hidden = {
                "floor": {units.cluster[i] for i in mine if on_scale[i] < 5},
                "old": set(suppress_clusters(survey, q, specialty=specialty).hidden),
                "cheapest": {c for s, c in cheapest._patterns[q].clusters if s == specialty},
                "new": {c for s, c in release._patterns[q].clusters if s == specialty},
            }
            for rule, clusters in hidden.items():
                totals[rule][0] += len(clusters)
                totals[rule][1] += sum(int(answers[i]) for i in mine if units.cluster[i] in clusters)
                totals[rule][2] += len(names) > 1 and clusters >= set(names)
    floor = totals["floor"][1] or 1
    print(f"{name}: {int(survey.respondent_mask.sum())} respondents; build {built:.2f} s, audit {audited:.2f} s")
    print(f"  audit: {report.hidden_units} hidden units, {report.solves} programs, {len(report.leaks)} pinned")
    for rule, label in (
        ("floor", "primary cells only (floor)"),
        ("old", "earlier rule (peer)"),
        ("cheapest", "cheapest set (decoys=0)"),
        ("new", "Release (randomised)"),
    ):
        figures, hidden_answers, whole = totals[rule]
        print(
            f"  {label:<28} {figures:>4} cluster figures hidden, {hidden_answers:>5} answers "
            f"({hidden_answers / floor:.2f}× floor), all clusters of a specialty hidden in {whole} question(s)"
        )


def main() -> None:
    measure("demo survey", ks.demo_survey())
    measure("review scenario (Derma – Nord with 3 respondents)", dermatologi_with_a_three_answer_cluster())


if __name__ == "__main__":
    main()
