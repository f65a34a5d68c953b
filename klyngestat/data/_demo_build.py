"""Build the demo survey from its targets: who answered what, dealt out at random from exact count tables.

Part of the demo generator (:mod:`klyngestat.data.make_demo`). The steps run
in a fixed order and draw from one seeded generator, so the files come out
byte for byte the same each run: the population, who skipped which question,
the national adjustment (exact top-box and "Ja" counts per specialty), the
closed answers question by question, the free texts, and the shuffled rows.
Only numpy, pandas, tomllib and the standard library are used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from klyngestat.data._demo_counts import (
    CLUSTER_TOP,
    COMMENT_SHARE,
    COMMENT_TEXTS,
    FORB_REST_P,
    FORB_TEXT_SHARE,
    FORB_TEXTS,
    GENERIC_COMMENT_TEXTS,
    GENERIC_FORB_TEXTS,
    ITEM_SKIP_RATE,
    KEY_REST_P,
    KEY_SPLIT,
    KEY_TOP_SPLIT_P,
    NO_SKIP,
    OTHER_SHARES,
    PROFILE_CONCENTRATION,
    PROFILES,
    SEEDED_COUNTS,
)
from klyngestat.data._demo_population import (
    CLUSTERS,
    COMMENT_Q,
    FORB_Q,
    FORB_TEXT_Q,
    KEY_Q,
    LARGEST,
    NATIONAL_JA,
    NATIONAL_TOP,
    PARTIALS,
    SEEDED,
)

QUESTIONNAIRE_TOML = Path(__file__).resolve().parent / "ekvis_klyngearbejde.toml"


@dataclass(frozen=True)
class Question:
    id: str
    scale: str | None  # None for free text


@dataclass(frozen=True)
class Questionnaire:
    questions: list[Question]
    labels: dict[str, list[str]]  # scale -> labels in option order
    codes: dict[str, list[int]]  # scale -> codes in option order
    groups: dict[str, dict[str, list[int]]]  # scale -> group name -> codes

    def label(self, scale: str, code: int) -> str:
        return self.labels[scale][self.codes[scale].index(code)]

    def group_labels(self, scale: str, group: str) -> list[str]:
        return [self.label(scale, c) for c in self.groups[scale][group]]

    def index(self, qid: str) -> int:
        return [q.id for q in self.questions].index(qid)


def load_questionnaire(path: Path = QUESTIONNAIRE_TOML) -> Questionnaire:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    labels = {name: [str(o["label"]) for o in s["options"]] for name, s in raw["scales"].items()}
    codes = {name: [int(o["code"]) for o in s["options"]] for name, s in raw["scales"].items()}
    groups = {
        name: {g: [int(c) for c in spec["codes"]] for g, spec in s.get("groups", {}).items()}
        for name, s in raw["scales"].items()
    }
    questions = [Question(str(q["id"]), q.get("scale")) for q in raw["questions"]]
    return Questionnaire(questions, labels, codes, groups)


# ---------------------------------------------------------------- exact arithmetic and dealing


def round_half_up(value: Fraction) -> int:
    """Nearest integer, halves rounded up (exact, no binary floating point)."""
    return int((2 * value.numerator + value.denominator) // (2 * value.denominator))


def shown(count: int, base: int, decimals: int = 0) -> Fraction:
    """The percentage as displayed: rounded half up to ``decimals`` decimals."""
    scale = 10**decimals
    return Fraction(round_half_up(Fraction(100 * scale * count, base)), scale)


def apportion(probs: np.ndarray, n: int) -> np.ndarray:
    """Integer counts summing to ``n`` closest to ``probs * n`` (largest remainder; ties to the first)."""
    p = np.asarray(probs, dtype=float)
    p = p / p.sum()
    exact = p * n
    counts = np.floor(exact).astype(np.int64)
    short = n - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    result: np.ndarray = counts
    return result


def perturb(probs: tuple[float, ...], rng: np.random.Generator) -> np.ndarray:
    """A specialty's own version of a profile: Dirichlet around it; zero categories stay zero."""
    p = np.asarray(probs, dtype=float)
    out = np.zeros_like(p)
    mask = p > 0
    out[mask] = rng.dirichlet(PROFILE_CONCENTRATION * p[mask] / p[mask].sum())
    return out


def deal(counts: np.ndarray, sizes: list[int], rng: np.random.Generator) -> np.ndarray:
    """Deal a specialty's answers at random to clusters of the given sizes: a cluster x category count table."""
    counts = np.asarray(counts, dtype=np.int64)
    assert int(counts.sum()) == sum(sizes), (counts, sizes)
    pool = rng.permutation(np.repeat(np.arange(len(counts)), counts))
    table = np.zeros((len(sizes), len(counts)), dtype=np.int64)
    start = 0
    for c, size in enumerate(sizes):
        table[c] = np.bincount(pool[start : start + size], minlength=len(counts))
        start += size
    return table


def national_target(base: int, window: tuple[Fraction, Fraction]) -> int:
    """The count k with lo <= k / base < hi (there must be exactly one)."""
    lo, hi = window
    k = -(-lo.numerator * base // lo.denominator)  # ceil(lo * base)
    if not Fraction(k, base) < hi:
        raise SystemExit(f"no count out of {base} lies in [{float(lo)}, {float(hi)}); adjust the partials")
    return k


# ---------------------------------------------------------------- the steps


def build(qn: Questionnaire, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The survey (one row per invited person, rows shuffled, ids in the new order) and the roster.

    Every step draws from ``rng`` in turn; the files depend on that order.
    """
    people = _population(qn)
    answered = _answered(qn, people, rng)
    key_top, forb_ja = _national_counts(qn, people, answered)
    answers = {q.id: np.full(people.n, "", dtype=object) for q in qn.questions}
    for s in CLUSTERS:
        for qi, q in enumerate(qn.questions):
            if q.scale is not None:
                _deal_question(qn, people, answered[:, qi], s, q, key_top, forb_ja, rng, answers[q.id])
    for s in CLUSTERS:
        _free_texts(qn, people, s, answers, rng)
    frame = pd.DataFrame({"specialty": people.specialty, "cluster": people.cluster, "status": people.status, **answers})
    frame = frame.iloc[rng.permutation(people.n)].reset_index(drop=True)
    frame.insert(0, "respondent_id", [f"R{i:04d}" for i in range(1, people.n + 1)])
    roster = pd.DataFrame(people.roster, columns=["specialty", "cluster", "members"])
    return frame, roster


@dataclass(frozen=True)
class _People:
    """Every invited person's specialty, cluster and status, and where they stopped; the roster's rows."""

    specialty: np.ndarray
    cluster: np.ndarray
    status: list[str]
    stop: np.ndarray
    """Persons answer questions [0, stop); partials stop early, non-respondents at 0."""
    roster: list[tuple[str, str, int]]

    @property
    def n(self) -> int:
        return len(self.status)


def _population(qn: Questionnaire) -> _People:
    specialty: list[str] = []
    cluster: list[str] = []
    status: list[str] = []
    stop: list[int] = []
    roster = []
    for s, clusters in CLUSTERS.items():
        for name, members, invited, respondents in clusters:
            roster.append((s, name, members))
            stops = [qn.index(q) for q in PARTIALS.get(name, [])]
            for i in range(invited):
                specialty.append(s)
                cluster.append(name)
                if i < len(stops):
                    status.append("partial")
                    stop.append(stops[i])
                elif i < respondents:
                    status.append("completed")
                    stop.append(len(qn.questions))
                else:
                    status.append("not_answered")
                    stop.append(0)
    return _People(np.array(specialty, dtype=object), np.array(cluster, dtype=object), status, np.array(stop), roster)


def _answered(qn: Questionnaire, people: _People, rng: np.random.Generator) -> np.ndarray:
    """Who answered which question: a prefix for partials, the odd skipped item for completed others."""
    n_q = len(qn.questions)
    answered = np.arange(n_q)[None, :] < people.stop[:, None]
    skippable = np.array([q.scale is not None and q.id not in NO_SKIP for q in qn.questions])
    others = ~np.isin(people.specialty, SEEDED)
    completed = np.array([s == "completed" for s in people.status])
    skip = rng.random((people.n, n_q)) < ITEM_SKIP_RATE
    answered &= ~(skip & skippable[None, :] & (others & completed)[:, None])
    return answered


def _national_counts(qn: Questionnaire, people: _People, answered: np.ndarray) -> tuple[dict[str, int], dict[str, int]]:
    """Exact top-box and "Ja" counts per specialty; the largest absorbs what makes the national figures exact."""
    key_i, forb_i = qn.index(KEY_Q), qn.index(FORB_Q)
    key_base = {s: int(answered[people.specialty == s, key_i].sum()) for s in CLUSTERS}
    forb_base = {s: int(answered[people.specialty == s, forb_i].sum()) for s in CLUSTERS}
    key_top = {s: sum(CLUSTER_TOP[c[0]] for c in CLUSTERS[s]) for s in SEEDED}
    forb_ja = {s: SEEDED_COUNTS[s][FORB_Q][0] for s in SEEDED}
    for s, (top_share, ja_share) in OTHER_SHARES.items():
        key_top[s] = round_half_up(Fraction(top_share) * key_base[s])
        forb_ja[s] = round_half_up(Fraction(ja_share) * forb_base[s])
    total_top = national_target(sum(key_base.values()), NATIONAL_TOP)
    total_ja = national_target(sum(forb_base.values()), NATIONAL_JA)
    key_top[LARGEST] = total_top - sum(key_top.values())
    forb_ja[LARGEST] = total_ja - sum(forb_ja.values())
    return key_top, forb_ja


def _deal_question(
    qn: Questionnaire,
    people: _People,
    answered: np.ndarray,
    s: str,
    q: Question,
    key_top: dict[str, int],
    forb_ja: dict[str, int],
    rng: np.random.Generator,
    out: np.ndarray,
) -> None:
    """One closed question of one specialty: its cluster x category table, each cluster's answers shuffled in."""
    assert q.scale is not None
    names = [c[0] for c in CLUSTERS[s]]
    who = answered & (people.specialty == s)
    groups = [np.flatnonzero(who & (people.cluster == c)) for c in names]
    sizes = [len(g) for g in groups]
    if q.id == KEY_Q:
        table = _key_table(qn, s, names, sizes, key_top[s], rng)
    elif s in SEEDED:
        table = deal(np.array(SEEDED_COUNTS[s][q.id]), sizes, rng)
    elif q.id == FORB_Q:
        rest = apportion(perturb(FORB_REST_P, rng), sum(sizes) - forb_ja[s])
        table = deal(np.concatenate([[forb_ja[s]], rest]), sizes, rng)
    else:
        table = deal(apportion(perturb(PROFILES[q.id], rng), sum(sizes)), sizes, rng)
    labels = np.array(qn.labels[q.scale], dtype=object)
    for g, row in zip(groups, table, strict=True):
        out[g] = rng.permutation(np.repeat(labels, row))


def _key_table(
    qn: Questionnaire, s: str, names: list[str], sizes: list[int], top: int, rng: np.random.Generator
) -> np.ndarray:
    """understoetter_kvalitet: the seeded specialties' exact top box per cluster, the others' exact in total."""
    grad = qn.questions[qn.index(KEY_Q)].scale
    assert grad is not None
    top_pos = [qn.codes[grad].index(c) for c in qn.groups[grad]["top_box"]]
    rest_pos = [i for i in range(len(qn.codes[grad])) if i not in top_pos]
    k = len(qn.labels[grad])
    if s not in SEEDED:
        counts = np.zeros(k, dtype=np.int64)
        counts[top_pos] = apportion(perturb(KEY_TOP_SPLIT_P, rng), top)
        counts[rest_pos] = apportion(perturb(KEY_REST_P, rng), sum(sizes) - top)
        return deal(counts, sizes, rng)
    # exact top box per cluster; the split within top and within rest is dealt at random
    tops = [CLUSTER_TOP[c] for c in names]
    top_split, rest_split = (np.array(x) for x in KEY_SPLIT[s])
    table = np.zeros((len(names), k), dtype=np.int64)
    table[:, top_pos] = deal(top_split, tops, rng)
    table[:, rest_pos] = deal(rest_split, [b - t for b, t in zip(sizes, tops, strict=True)], rng)
    return table


def _free_texts(
    qn: Questionnaire, people: _People, s: str, answers: dict[str, np.ndarray], rng: np.random.Generator
) -> None:
    """One specialty's free texts: improvements from some who answered "Ja", comments from some who got that far."""
    ja = qn.label("ja_nej", 1)
    text_i, comment_i = qn.index(FORB_TEXT_Q), qn.index(COMMENT_Q)
    in_spec = people.specialty == s
    cand = np.flatnonzero(in_spec & (people.stop > text_i) & (answers[FORB_Q] == ja))
    chosen = np.sort(rng.choice(cand, size=round_half_up(FORB_TEXT_SHARE * len(cand)), replace=False))
    pool = FORB_TEXTS.get(s, []) if s in SEEDED else FORB_TEXTS.get(s, []) + GENERIC_FORB_TEXTS
    answers[FORB_TEXT_Q][chosen] = [pool[i] for i in rng.integers(0, len(pool), size=len(chosen))]
    cand = np.flatnonzero(in_spec & (people.stop > comment_i))
    chosen = np.sort(rng.choice(cand, size=round_half_up(COMMENT_SHARE * len(cand)), replace=False))
    pool = COMMENT_TEXTS.get(s, []) + GENERIC_COMMENT_TEXTS
    answers[COMMENT_Q][chosen] = [pool[i] for i in rng.integers(0, len(pool), size=len(chosen))]
