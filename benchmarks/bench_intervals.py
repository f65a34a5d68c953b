"""Time intervals for every specialty, cluster and national top-box share of a 1,000,000 × 40 survey.

Run: python benchmarks/bench_intervals.py [--rows N] [--questions K] [--repeat R] [--no-svy]

Prints the time of ``share_table`` alone, then of ``share_table`` followed by
``share_intervals`` with the finite population correction (Wilson, and the
exact hypergeometric interval), and the ratio with/without (target: within 2×).

Then, in the same run and on the same data, the same cluster-level top-box
shares with Wilson intervals and the population size given, estimated by svy
(``svy.Sample(data, svy.Design(stratum="cluster", pop_size="N"))
.estimation.prop(y, by="cluster", ci_method="wilson")``) for a few questions,
scaled per question, against klyngestat's time per question; and a check on one
question that both give the same point estimates, with the largest difference of
the interval bounds (the two use different FPC conventions, printed below).

svy is an optional benchmark dependency: the comparison is skipped, with the
reason printed, when ``import svy`` fails or with ``--no-svy``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import best_of, synthetic_frame, synthetic_questionnaire

from klyngestat import Survey, share_table, survey_from_frame
from klyngestat.stats.intervals import IntervalMethod, Intervals, populations_of, share_intervals

TARGET = 2.0
"""Intervals for every share may at most double the time of the shares alone."""


def shares_with_intervals(survey: Survey, method: IntervalMethod) -> Intervals:
    """Every share of the survey, then its interval with the finite population correction."""
    shares = share_table(survey).shares
    return share_intervals(shares, method=method, populations=populations_of(survey, shares))


# ---------------------------------------------------------------------------------------------------------------------
# svy side


def svy_frame(survey: Survey, questions: list[str]) -> Any:
    """Respondents as a polars frame: specialty, cluster, N (invited to the cluster), a 0/1/null top box per question.

    ``cluster`` is "specialty / cluster" (clusters are named within their
    specialty). The indicator is 1 for a top-box answer, 0 for any other answer
    ("Ved ikke" included, as in ``share_table``'s default base) and null for a
    blank, so that the rows with a value are exactly klyngestat's base.
    """
    import polars as pl

    unit_codes, units = survey.units
    invited = np.bincount(unit_codes, minlength=len(units))
    mask = survey.respondent_mask
    codes = unit_codes[mask]
    labels = (units["specialty"] + " / " + units["cluster"]).to_numpy(dtype=object)
    columns: dict[str, Any] = {
        "specialty": pl.Series("specialty", units["specialty"].to_numpy(dtype=object)[codes], dtype=pl.String),
        "cluster": pl.Series("cluster", labels[codes], dtype=pl.String),
        "N": pl.Series("N", invited[codes], dtype=pl.Int64),
    }
    for question in questions:
        scale = survey.questionnaire.scale_of(question)
        answer = survey.frame[question].cat.codes.to_numpy(np.int64)[mask]
        top = np.isin(answer, scale.group_positions(scale.top_box or ""))
        answered = (answer >= 0) & (answer < len(scale.options))
        values = np.where(answered, top.astype(float), np.nan)
        columns[question] = pl.Series(question, values, nan_to_null=True).cast(pl.Int8)
    return pl.DataFrame(columns)


def svy_sample(frame: Any, question: str) -> Any:
    """A stratified (by cluster) design of the respondents who answered ``question``, with the cluster's size N.

    svy counts n_h for its FPC (N_h − n_h)/N_h from the rows of the stratum, so
    the rows are filtered to those who answered before the design is built
    (``drop_nulls=True`` in ``prop`` would count the blanks in n_h).
    """
    import polars as pl
    import svy

    data = frame.select("specialty", "cluster", "N", question).filter(pl.col(question).is_not_null())
    return svy.Sample(data, svy.Design(stratum="cluster", pop_size="N"))


def svy_prop(sample: Any, question: str) -> Any:
    """Top-box proportion by cluster with Wilson intervals, as a polars frame of the y = 1 rows."""
    import polars as pl

    estimate = sample.estimation.prop(question, by="cluster", ci_method="wilson")
    return estimate.to_polars().filter(pl.col(question) == 1)


def svy_convention_bounds(k: np.ndarray, n: np.ndarray, big_n: np.ndarray, confidence: float = 0.95) -> np.ndarray:
    """Wilson bounds as svy builds them for one stratum-domain: see ``compare_with_svy``'s printout."""
    from scipy.stats import t

    p = k / n
    var = (1 - n / big_n) * p * (1 - p) / (n - 1)
    n_eff = p * (1 - p) / var
    z = t.ppf(0.5 + confidence / 2, n - 1)
    z2 = z * z
    denom = 1 + z2 / n_eff
    centre = (p + z2 / (2 * n_eff)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff))
    return np.stack([np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)], axis=1)


def compare_with_svy(survey: Survey, wilson: Intervals, t_klynge: float, args: argparse.Namespace) -> None:
    """The svy side of the benchmark; prints why when it cannot be run."""
    print()
    print("— svy comparison —")
    if args.no_svy:
        print("skipped: --no-svy")
        return
    try:
        import polars as pl
        import svy
    except ImportError as error:
        print(f"skipped: svy is not importable ({error}); install it to compare (optional benchmark dependency)")
        return
    print(f"svy {svy.__version__}, polars {pl.__version__}")

    questions = [q for q in survey.closed_questions if survey.questionnaire.scale_of(q).top_box is not None]
    sample_questions = questions[: args.svy_questions]
    t0 = time.perf_counter()
    frame = svy_frame(survey, sample_questions)
    print(
        f"polars frame for svy ({frame.height:,} respondents × {len(sample_questions)} questions), "
        f"untimed: {time.perf_counter() - t0:.2f} s"
    )

    try:
        t_build = t_prop = 0.0
        results = {}
        for question in sample_questions:
            tb, sample = best_of(lambda q=question: svy_sample(frame, q), args.repeat)
            tp, result = best_of(lambda s=sample, q=question: svy_prop(s, q), args.repeat)
            t_build, t_prop = t_build + tb, t_prop + tp
            results[question] = result
    except Exception as error:  # svy's API or behaviour may change: report, keep klyngestat's figures
        print(f"svy could not do it: {type(error).__name__}: {error}")
        return

    mine_all = wilson.to_frame()
    per_k = t_klynge / len(questions)
    per_svy = (t_build + t_prop) / len(sample_questions)
    per_prop = t_prop / len(sample_questions)
    n_clusters = int(((mine_all["level"] == "cluster") & (mine_all["question"] == questions[0])).sum())
    print(
        f"per question, klyngestat (all levels: nation, {len(survey.specialties)} specialties, {n_clusters} clusters;"
        f" Wilson-FPC intervals included): {per_k * 1000:8.1f} ms"
    )
    print(
        f"per question, svy ({n_clusters} clusters only; mean of {len(sample_questions)} questions, "
        f"best of {args.repeat}):  {per_svy * 1000:8.1f} ms   ratio svy/klyngestat: {per_svy / per_k:6.1f}×"
    )
    print(
        f"  of which svy filter + Sample/Design: {(per_svy - per_prop) * 1000:8.1f} ms, "
        f"estimation.prop(by='cluster', ci_method='wilson'): {per_prop * 1000:8.1f} ms "
        f"(ratio {per_prop / per_k:5.1f}×)"
    )
    print(
        f"scaled to all {len(questions)} questions: klyngestat {t_klynge:6.2f} s, "
        f"svy ≈ {per_svy * len(questions):6.1f} s"
    )

    # Agreement on one question's clusters.
    question = sample_questions[0]
    mine = mine_all[(mine_all["level"] == "cluster") & (mine_all["question"] == question)]
    mine = mine.assign(key=mine["specialty"] + " / " + mine["cluster"]).set_index("key")
    theirs = results[question].to_pandas().set_index("cluster").loc[mine.index]
    assert len(theirs) == len(mine), "svy and klyngestat list different clusters"
    assert np.array_equal(theirs["n"].to_numpy(), mine["base"].to_numpy()), "bases differ"
    estimate_diff = np.abs(theirs["est"].to_numpy() - mine["share"].to_numpy()).max()
    assert estimate_diff < 1e-12, f"cluster point estimates differ by {estimate_diff}"
    low_diff = np.abs(theirs["lci"].to_numpy() - mine["low"].to_numpy())
    high_diff = np.abs(theirs["uci"].to_numpy() - mine["high"].to_numpy())
    print(
        f"check {question}: {len(mine)} clusters, same bases n, point estimates agree "
        f"(max |diff| {estimate_diff:.1e}); "
        f"largest |diff| of bounds: low {low_diff.max():.2e}, high {high_diff.max():.2e} "
        f"(klyngestat's half-width {(mine['high'] - mine['low']).median() / 2:.4f}, median)"
    )
    rebuilt = svy_convention_bounds(
        mine["count"].to_numpy(float), mine["base"].to_numpy(float), mine["population"].to_numpy(float)
    )
    rebuilt_diff = np.abs(rebuilt - theirs[["lci", "uci"]].to_numpy()).max()
    print(
        "FPC conventions: klyngestat Var = (N−n)/(N−1)·p(1−p)/n with the normal z; "
        "svy (Taylor, stratum = cluster) Var = (1 − n/N)·p(1−p)/(n−1), i.e. FPC (N−n)/N on s² with n − 1, "
        "Wilson on n_eff = p(1−p)/Var with the t quantile on n − 1 df"
    )
    print(f"  that svy formula rebuilt from the counts reproduces svy's bounds to {rebuilt_diff:.1e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-svy", action="store_true", help="skip the comparison with svy")
    parser.add_argument("--svy-questions", type=int, default=3, help="questions estimated by svy (scaled per question)")
    args = parser.parse_args()

    questionnaire = synthetic_questionnaire(args.questions)
    t0 = time.perf_counter()
    frame = synthetic_frame(args.rows, args.questions)
    print(f"generated {args.rows:,} × {args.questions} in {time.perf_counter() - t0:.2f} s")
    t_build, survey = best_of(lambda: survey_from_frame(frame, questionnaire=questionnaire), 1)
    print(f"validate + build Survey (no roster): {t_build:8.3f} s")

    t_shares, table = best_of(lambda: share_table(survey), args.repeat)
    print(f"share_table alone ({len(table):,} shares, best of {args.repeat}): {t_shares:8.3f} s")
    timed: dict[str, tuple[float, Intervals]] = {}
    methods: tuple[IntervalMethod, ...] = ("wilson", "hypergeometric")
    for method in methods:
        t_method, intervals = best_of(lambda m=method: shares_with_intervals(survey, m), args.repeat)
        timed[method] = (t_method, intervals)
        ratio = t_method / t_shares
        print(
            f"share_table + populations_of + share_intervals({method!r}, FPC): {t_method:8.3f} s   "
            f"ratio with/without: {ratio:5.2f}×   target ≤ {TARGET:g}×: {'OK' if ratio <= TARGET else 'MISSED'}"
        )
    for method, (_, intervals) in timed.items():
        result = intervals.to_frame()
        assert len(result) == len(table) and result["fpc_applied"].all(), f"{method}: every share gets an FPC interval"
        assert ((result["low"] <= result["share"]) & (result["share"] <= result["high"])).all(), method

    compare_with_svy(survey, timed["wilson"][1], timed["wilson"][0], args)


if __name__ == "__main__":
    main()
