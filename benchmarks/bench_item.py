"""One item's top-box shares with Wilson-FPC intervals at every level, against numpy's floor and the survey peers.

Run: python benchmarks/bench_item.py [--rows N] [--repeat R]

On a 1,000,000-row survey (16 specialties × 12 clusters), times

- klyngestat: ``share_table`` of one question (nation, specialties, clusters)
  and ``share_intervals`` (Wilson with the finite population correction, the
  invited as population);
- the floor: a plain ``numpy.bincount`` of the same counts (answer × cluster
  among respondents, summed to specialties and the nation), no intervals;
  target: klyngestat at most 3× the floor;
- samplics (``TaylorEstimator`` of a proportion, stratum = by = cluster,
  FPC 1 − n/N; its default logit interval, it has no Wilson) and svy
  (``Sample(Design(stratum="cluster", pop_size="N")).estimation.prop(by=
  "cluster", ci_method="wilson")``): clusters only, so they do less than
  klyngestat; each ratio is theirs over klyngestat's. They are optional
  benchmark dependencies (``pip install '.[bench]'``): skipped, with the
  reason printed, when not importable.

Checks that klyngestat's cluster counts are the floor's, and the peers' cluster
point estimates klyngestat's.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_intervals import svy_frame, svy_prop, svy_sample
from synthetic import best_of, synthetic_frame, synthetic_questionnaire

from klyngestat import Survey, share_table, survey_from_frame
from klyngestat.stats.intervals import Intervals, populations_of, share_intervals

TARGET = 3.0
"""klyngestat's shares and intervals of one item may take at most three times the bincount floor."""

QUESTION = "q01"


def klyngestat_item(survey: Survey) -> Intervals:
    """Top-box shares of one question at every level, with Wilson-FPC intervals (population: the invited)."""
    shares = share_table(survey, questions=(QUESTION,)).shares
    return share_intervals(
        shares, method="wilson", populations=populations_of(survey, shares, fpc_population="invited")
    )


def bincount_floor(codes: np.ndarray, unit_codes: np.ndarray, unit_specialty: np.ndarray, mask: np.ndarray) -> tuple:
    """Top-box count and base per cluster, specialty and the nation from one bincount (top box: codes 0 and 1).

    The same inputs as klyngestat's: each row's answer code (-1 blank) and
    cluster, and which rows are respondents.
    """
    n_units = int(unit_specialty.size)
    table = np.bincount(unit_codes[mask] * 8 + codes[mask] + 1, minlength=n_units * 8).reshape(n_units, 8)
    top, base = table[:, 1:3].sum(axis=1), table[:, 1:].sum(axis=1)
    spec_top = np.bincount(unit_specialty, weights=top)
    spec_base = np.bincount(unit_specialty, weights=base)
    return top, base, spec_top, spec_base, int(top.sum()), int(base.sum())


def samplics_clusters(frame: Any) -> Any:
    """samplics' top-box proportion by cluster of the respondents who answered (``svy_frame``'s rows with a value)."""
    import polars as pl
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    answered = frame.filter(pl.col(QUESTION).is_not_null())
    cluster, big_n, top = (answered[c].to_numpy() for c in ("cluster", "N", QUESTION))
    clusters, first, n = np.unique(cluster, return_index=True, return_counts=True)
    fpc = dict(zip(clusters, 1 - n / big_n[first], strict=True))  # keys in the order samplics sorts strata
    estimator = TaylorEstimator(PopParam.prop)
    # by= (one estimation per cluster): domain= with the clusters as strata takes minutes
    estimator.estimate(y=top, stratum=cluster, by=cluster, fpc=fpc)
    return estimator


def svy_clusters(frame: Any) -> Any:
    """svy's top-box proportion by cluster with Wilson intervals, as ``bench_intervals.py`` estimates it."""
    return svy_prop(svy_sample(frame, QUESTION), QUESTION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    survey = survey_from_frame(synthetic_frame(args.rows, 1), questionnaire=synthetic_questionnaire(1))
    unit_codes, units = survey.units
    specialties = list(survey.specialties)
    unit_specialty = np.array([specialties.index(s) for s in units["specialty"]])
    mask = survey.respondent_mask
    print(
        f"{args.rows:,} invited, {int(mask.sum()):,} respondents; one question at every level: "
        f"nation, {len(specialties)} specialties, {len(units)} clusters (best of {args.repeat})"
    )

    t_mine, intervals = best_of(lambda: klyngestat_item(survey), args.repeat)
    codes = survey.frame[QUESTION].cat.codes.to_numpy(np.int64)
    t_floor, floor = best_of(lambda: bincount_floor(codes, unit_codes, unit_specialty, mask), args.repeat)
    ratio = t_mine / t_floor
    print(f"numpy.bincount floor (counts only):        {t_floor * 1000:8.2f} ms")
    print(
        f"klyngestat shares + Wilson-FPC intervals:  {t_mine * 1000:8.2f} ms   ratio to the floor: {ratio:4.1f}×   "
        f"target ≤ {TARGET:g}×: {'OK' if ratio <= TARGET else 'MISSED'}"
    )
    mine = intervals.to_frame()
    clusters = mine[mine["level"] == "cluster"]
    assert np.array_equal(clusters["count"].to_numpy(), floor[0]) and np.array_equal(
        clusters["base"].to_numpy(), floor[1]
    )
    assert mine[mine["level"] == "nation"][["count", "base"]].to_numpy().tolist() == [[floor[4], floor[5]]]
    print("check: klyngestat's counts and bases are the floor's at every level")
    by_label = dict(zip(clusters["specialty"] + " / " + clusters["cluster"], clusters["share"], strict=True))

    try:
        frame = svy_frame(survey, [QUESTION])  # respondents: cluster, its invited N, the 0/1/null top box (untimed)
    except ImportError as error:
        print(f"samplics, svy: skipped, polars is not importable ({error}); pip install '.[bench]'")
        return
    for name, run, estimates in (
        ("samplics", samplics_clusters, lambda e: {c: p[1] for c, p in e.point_est.items()}),
        ("svy", svy_clusters, lambda e: dict(zip(e["cluster"].to_list(), e["est"].to_list(), strict=True))),
    ):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # samplics announces it is archived
                t_peer, result = best_of(lambda r=run: r(frame), 1)
        except ImportError as error:
            print(f"{name}: skipped, not importable ({error}); pip install '.[bench]'")
            continue
        theirs = estimates(result)
        worst = max(abs(float(theirs[label]) - float(p)) for label, p in by_label.items())
        print(
            f"{name + ' (clusters only)':<26} {t_peer * 1000:10.1f} ms   ratio {name}/klyngestat: "
            f"{t_peer / t_mine:7.0f}×   cluster estimates agree to {worst:.1e}"
        )


if __name__ == "__main__":
    main()
