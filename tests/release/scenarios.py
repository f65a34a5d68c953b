"""Small-cluster surveys for the attacker tests: named edge cases and seeded random ones.

Every scenario is a frame in the canonical input format (one row per invited
person: ``respondent_id``, ``specialty``, ``cluster``, ``status`` and one
column per question, answers as the bundled questionnaire's labels), an
optional roster with member counts, and the ``min_n`` of its releases. The
truth (answers per cluster and category, blanks included) is counted here from
the frame itself, not by klyngestat, so the attacker's tests can check their
equations against it.

Answers of a named cluster are written as a string, one character per
respondent: ``1``…``6`` is the scale's first…sixth option (the questionnaire's
order, so ``6`` is "Ved ikke" on a five-point scale with "Ved ikke" and ``3``
on "Ja/Nej/Ved ikke"), ``-`` a blank.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial

import numpy as np
import pandas as pd

from klyngestat import Roster, load_questionnaire, survey_from_frame
from klyngestat.models import Cluster
from klyngestat.survey import Survey

__all__ = [
    "ALL_QUESTIONS",
    "DEFAULT_QUESTIONS",
    "NAMED",
    "SCENARIOS",
    "Draft",
    "Scenario",
    "labels_of",
    "random_scenario",
    "scenario_from_sizes",
]

DEFAULT_QUESTIONS = ("understoetter_kvalitet", "moededeltagelse", "forbedringer", "data_barriere")
"""Four scales: five points and "Ved ikke" (top box of two), five points without "Ved ikke",
Ja/Nej/Ved ikke (top box of one) and a question without a top box (only specialty and nation publish it)."""

ALL_QUESTIONS = (*DEFAULT_QUESTIONS, "prioritet_data", "oplevet_data")
"""Besides: the importance and the frequency scales (top boxes of two, "Ved ikke")."""

RESPONDED = frozenset({"completed", "partial"})
WAVE = 2025


@cache
def labels_of(question: str) -> tuple[str, ...]:
    """The answer labels of a question, in the questionnaire's order."""
    return tuple(load_questionnaire().scale_of(question).labels)


@cache
def substantive_of(question: str) -> tuple[bool, ...]:
    """Which answer labels are on the scale proper (not "Ved ikke")."""
    return tuple(o.substantive for o in load_questionnaire().scale_of(question).options)


@dataclass(frozen=True)
class Scenario:
    """One survey: its frame, roster and threshold, and the truth counted from the frame."""

    name: str
    frame: pd.DataFrame = field(repr=False, compare=False)
    roster: Roster | None = field(repr=False, compare=False)
    questions: tuple[str, ...]
    min_n: int = 5

    def survey(self) -> Survey:
        """The validated klyngestat Survey of the frame (one wave)."""
        return survey_from_frame(self.frame, roster=self.roster, year=WAVE)

    def units(self) -> list[tuple[str, str]]:
        """Every (specialty, cluster) with invited people, in first-seen order."""
        return list(dict.fromkeys(zip(self.frame["specialty"], self.frame["cluster"], strict=True)))

    @cached_property
    def _truths(self) -> dict[str, dict[tuple[str, str], Counter[str | None]]]:
        return {}

    def truth(self, question: str) -> dict[tuple[str, str], Counter[str | None]]:
        """Respondents' answers per unit: label (or None for a blank) -> count."""
        if question not in self._truths:
            answered = self.frame[self.frame["status"].isin(RESPONDED)]
            out: dict[tuple[str, str], Counter[str | None]] = {u: Counter() for u in self.units()}
            for s, c, a in zip(answered["specialty"], answered["cluster"], answered[question], strict=True):
                out[(s, c)][None if a is None or (isinstance(a, float) and np.isnan(a)) else str(a)] += 1
            self._truths[question] = out
        return self._truths[question]

    def respondents(self) -> dict[tuple[str, str], int]:
        """Respondents per unit."""
        answered = self.frame[self.frame["status"].isin(RESPONDED)]
        counts = Counter(zip(answered["specialty"], answered["cluster"], strict=True))
        return {u: counts.get(u, 0) for u in self.units()}

    def scale_answers(self, question: str) -> dict[tuple[str, str], int]:
        """Answers on the scale proper ("Ved ikke" and blanks not counted) per unit."""
        on_scale = {label for label, sub in zip(labels_of(question), substantive_of(question), strict=True) if sub}
        return {u: sum(n for a, n in cnt.items() if a in on_scale) for u, cnt in self.truth(question).items()}


class Draft:
    """Builds a scenario cluster by cluster; random answers come from the draft's seed."""

    def __init__(
        self,
        name: str,
        seed: int = 0,
        *,
        questions: Sequence[str] = DEFAULT_QUESTIONS,
        min_n: int = 5,
        roster: bool = True,
        ved_ikke: float = 0.1,
        blank: float = 0.05,
    ) -> None:
        self.name = name
        self.rng = np.random.default_rng(seed)
        self.questions = tuple(questions)
        self.min_n = min_n
        self.with_roster = roster
        self.ved_ikke = ved_ikke
        self.blank = blank
        self.rows: list[dict[str, object]] = []
        self.members: dict[tuple[str, str], int] = {}

    def _random_answer(self, question: str, weights: np.ndarray) -> str | None:
        if self.rng.random() < self.blank:
            return None
        labels = labels_of(question)
        return labels[int(self.rng.choice(len(labels), p=weights))]

    def _weights(self, question: str, alpha: float) -> np.ndarray:
        subs = np.array(substantive_of(question))
        weights = self.rng.dirichlet(np.full(len(subs), alpha))
        weights[~subs] = 0.0
        weights = weights / weights.sum() * (1 - self.ved_ikke * (~subs).any())
        weights[~subs] = self.ved_ikke / max(1, int((~subs).sum()))
        out: np.ndarray = weights / weights.sum()
        return out

    def cluster(
        self,
        specialty: str,
        cluster: str,
        respondents: int,
        *,
        fixed: Mapping[str, str] | None = None,
        nonrespondents: int = 1,
        members: int | None = None,
        alpha: float = 1.0,
    ) -> Draft:
        """Add a cluster: ``respondents`` who answered (``fixed`` answer strings per question, else random)."""
        fixed = dict(fixed or {})
        weights = {q: self._weights(q, alpha) for q in self.questions}
        for i in range(respondents):
            answers: dict[str, str | None] = {}
            for q in self.questions:
                if q in fixed:
                    code = fixed[q][i]
                    answers[q] = None if code == "-" else labels_of(q)[int(code) - 1]
                else:
                    answers[q] = self._random_answer(q, weights[q])
            status = "completed" if all(a is not None for a in answers.values()) else "partial"
            self.rows.append({"specialty": specialty, "cluster": cluster, "status": status, **answers})
        for _ in range(nonrespondents):
            self.rows.append(
                {"specialty": specialty, "cluster": cluster, "status": "not_answered", **dict.fromkeys(self.questions)}
            )
        invited = respondents + nonrespondents
        self.members[(specialty, cluster)] = invited + int(self.rng.integers(0, 3)) if members is None else members
        return self

    def scenario(self) -> Scenario:
        """The finished scenario."""
        frame = pd.DataFrame(self.rows, columns=["specialty", "cluster", "status", *self.questions])
        frame.insert(0, "respondent_id", [f"r{i:04d}" for i in range(len(frame))])
        frame = frame.astype(object).where(frame.notna(), None)
        roster = (
            Roster(clusters=tuple(Cluster(specialty=s, cluster=c, members=m) for (s, c), m in self.members.items()))
            if self.with_roster
            else None
        )
        return Scenario(self.name, frame, roster, self.questions, self.min_n)


# -- named scenarios ----------------------------------------------------------------------------------------------

Q, M, F, B = DEFAULT_QUESTIONS  # understoetter_kvalitet, moededeltagelse, forbedringer, data_barriere
DERMA, KAR, PLASTIK, ANAEST, OJEN = "Dermatologi", "Karkirurgi", "Plastikkirurgi", "Anæstesiologi", "Øjenlæger"


def _background(draft: Draft, specialty: str, sizes: Sequence[int], prefix: str | None = None) -> Draft:
    """Random clusters of the given sizes in a specialty."""
    short = prefix or specialty[:5]
    for i, n in enumerate(sizes):
        draft.cluster(specialty, f"{short} – K{i + 1}", n)
    return draft


def _two_big(draft: Draft) -> Draft:
    """Two further specialties of ordinary size, so the nation is never one specialty."""
    _background(draft, ANAEST, [9, 11, 7])
    return _background(draft, OJEN, [12, 8])


def _named() -> dict[str, Callable[[], Scenario]]:
    named: dict[str, Callable[[], Scenario]] = {}

    def scenario(fn: Callable[[], Draft]) -> Callable[[], Draft]:
        named[fn.__name__] = lambda: fn().scenario()
        return fn

    @scenario
    def one_small_cluster() -> Draft:
        d = Draft("one_small_cluster", 1)
        _background(d, DERMA, [12, 9, 8])
        d.cluster(DERMA, "Derma – Nord", 3)
        return _two_big(d)

    @scenario
    def one_answer_cluster() -> Draft:
        d = Draft("one_answer_cluster", 2)
        _background(d, DERMA, [10, 7, 6])
        d.cluster(DERMA, "Derma – Ene", 1, fixed={Q: "1", M: "5", F: "2", B: "3"})
        return _two_big(d)

    @scenario
    def clusters_of_one_to_four() -> Draft:
        d = Draft("clusters_of_one_to_four", 3)
        for n in (1, 2, 3, 4):
            d.cluster(DERMA, f"Derma – {n}", n)
        d.cluster(DERMA, "Derma – Stor", 14)
        return _two_big(d)

    @scenario
    def all_clusters_small_specialty_shown() -> Draft:
        d = Draft("all_clusters_small_specialty_shown", 4)
        for i in range(3):
            d.cluster(DERMA, f"Derma – {i}", 3)
        return _two_big(d)

    @scenario
    def one_cluster_specialty_of_four() -> Draft:
        d = Draft("one_cluster_specialty_of_four", 5)
        _background(d, DERMA, [10, 8, 12])
        d.cluster(KAR, "Kar – Danmark", 4, nonrespondents=1)
        return _two_big(d)

    @scenario
    def one_cluster_specialty_of_four_alone() -> Draft:
        """A specialty of four beside only one other specialty: the nation gives it away unless both hide."""
        d = Draft("one_cluster_specialty_of_four_alone", 6)
        _background(d, DERMA, [10, 8, 12])
        d.cluster(KAR, "Kar – Danmark", 4, fixed={Q: "1125", M: "1111", F: "1112", B: "1234"})
        return d

    @scenario
    def specialty_under_min_n_in_two_clusters() -> Draft:
        d = Draft("specialty_under_min_n_in_two_clusters", 7)
        d.cluster(PLASTIK, "Plastik – Øst", 2)
        d.cluster(PLASTIK, "Plastik – Vest", 2)
        _background(d, DERMA, [9, 7])
        return _two_big(d)

    @scenario
    def two_small_specialties() -> Draft:
        d = Draft("two_small_specialties", 8)
        d.cluster(KAR, "Kar – Danmark", 3)
        d.cluster(PLASTIK, "Plastik – Øst", 4)
        return _two_big(d)

    @scenario
    def three_small_specialties_only() -> Draft:
        d = Draft("three_small_specialties_only", 9)
        d.cluster(KAR, "Kar – Danmark", 3)
        d.cluster(PLASTIK, "Plastik – Øst", 4)
        d.cluster(OJEN, "Øjen – Syd", 2)
        return d

    @scenario
    def nation_under_min_n() -> Draft:
        d = Draft("nation_under_min_n", 10)
        d.cluster(KAR, "Kar – Danmark", 2)
        d.cluster(PLASTIK, "Plastik – Øst", 2)
        return d

    @scenario
    def base_zero_small_cluster() -> Draft:
        """Three respondents who all left one question blank (base 0)."""
        d = Draft("base_zero_small_cluster", 11)
        _background(d, DERMA, [9, 12, 6])
        d.cluster(DERMA, "Derma – Tom", 3, fixed={F: "---", Q: "12-"})
        return _two_big(d)

    @scenario
    def base_zero_large_cluster() -> Draft:
        """Seven respondents, nobody answered one question: small on that question alone."""
        d = Draft("base_zero_large_cluster", 12)
        _background(d, DERMA, [9, 12, 6])
        d.cluster(DERMA, "Derma – Tom", 7, fixed={Q: "-------"})
        return _two_big(d)

    @scenario
    def ved_ikke_makes_small() -> Draft:
        """Six answers, two "Ved ikke": four on the scale, small for one question but not for the next."""
        d = Draft("ved_ikke_makes_small", 13)
        _background(d, DERMA, [9, 12, 8])
        d.cluster(DERMA, "Derma – Vi", 6, fixed={Q: "126613", F: "121133", M: "123451"})
        return _two_big(d)

    @scenario
    def ved_ikke_switches_two_clusters() -> Draft:
        """Two clusters of six: "Ved ikke" makes one small for Q and the other for F."""
        d = Draft("ved_ikke_switches_two_clusters", 14)
        _background(d, DERMA, [10, 9, 8])
        d.cluster(DERMA, "Derma – A", 6, fixed={Q: "661234", F: "121212"})
        d.cluster(DERMA, "Derma – B", 6, fixed={Q: "123412", F: "331212"})
        return _two_big(d)

    @scenario
    def all_ved_ikke_cluster() -> Draft:
        d = Draft("all_ved_ikke_cluster", 15)
        _background(d, DERMA, [10, 9, 8])
        d.cluster(DERMA, "Derma – VI", 5, fixed={Q: "66666", F: "33333"})
        return _two_big(d)

    @scenario
    def ved_ikke_only_in_small_cluster() -> Draft:
        d = Draft("ved_ikke_only_in_small_cluster", 16, ved_ikke=0.0)
        _background(d, DERMA, [10, 9, 8])
        d.cluster(DERMA, "Derma – VI", 3, fixed={Q: "613", F: "312"})
        return _two_big(d)

    @scenario
    def nobody_in_specialty_says_no() -> Draft:
        """A category at 0 in the whole specialty: stated for everyone, not a disclosure."""
        d = Draft("nobody_in_specialty_says_no", 17)
        d.cluster(DERMA, "Derma – A", 8, fixed={F: "11111111", Q: "11221122"})
        d.cluster(DERMA, "Derma – B", 6, fixed={F: "111111", Q: "121212"})
        d.cluster(DERMA, "Derma – C", 3, fixed={F: "111", Q: "112"})
        return _two_big(d)

    @scenario
    def small_cluster_all_top() -> Draft:
        d = Draft("small_cluster_all_top", 18)
        d.cluster(DERMA, "Derma – A", 8, fixed={F: "12121212", Q: "13451234"})
        d.cluster(DERMA, "Derma – B", 7, fixed={F: "1212122", Q: "3453451"})
        d.cluster(DERMA, "Derma – C", 3, fixed={F: "111", Q: "122"})
        return _two_big(d)

    @scenario
    def small_cluster_no_top() -> Draft:
        d = Draft("small_cluster_no_top", 19)
        d.cluster(DERMA, "Derma – A", 8, fixed={F: "11111112", Q: "11221123"})
        d.cluster(DERMA, "Derma – B", 7, fixed={F: "1111121", Q: "1212124"})
        d.cluster(DERMA, "Derma – C", 3, fixed={F: "222", Q: "345"})
        return _two_big(d)

    @scenario
    def small_cluster_holds_a_whole_category() -> Draft:
        """The only "Slet ikke" and "Nej" answers of the specialty sit in the small cluster."""
        d = Draft("small_cluster_holds_a_whole_category", 20)
        d.cluster(DERMA, "Derma – A", 9, fixed={F: "111111111", Q: "112233441"})
        d.cluster(DERMA, "Derma – B", 7, fixed={F: "1111111", Q: "1234123"})
        d.cluster(DERMA, "Derma – C", 2, fixed={F: "22", Q: "55"})
        return _two_big(d)

    @scenario
    def everyone_answers_alike() -> Draft:
        d = Draft("everyone_answers_alike", 21)
        d.cluster(DERMA, "Derma – A", 9, fixed={F: "1" * 9, Q: "2" * 9, M: "1" * 9})
        d.cluster(DERMA, "Derma – B", 6, fixed={F: "1" * 6, Q: "2" * 6, M: "1" * 6})
        d.cluster(DERMA, "Derma – C", 2, fixed={F: "11", Q: "22", M: "11"})
        return _two_big(d)

    @scenario
    def two_identical_small_clusters() -> Draft:
        d = Draft("two_identical_small_clusters", 22)
        _background(d, DERMA, [11, 8])
        d.cluster(DERMA, "Derma – X", 2, fixed={F: "12", Q: "15", M: "13", B: "12"})
        d.cluster(DERMA, "Derma – Y", 2, fixed={F: "12", Q: "15", M: "13", B: "12"})
        return _two_big(d)

    @scenario
    def small_and_one_big_cluster() -> Draft:
        """Only one other cluster to hide with: the whole specialty's clusters go."""
        d = Draft("small_and_one_big_cluster", 23)
        d.cluster(DERMA, "Derma – Stor", 20)
        d.cluster(DERMA, "Derma – Lille", 3)
        return _two_big(d)

    @scenario
    def others_exactly_at_min_n() -> Draft:
        d = Draft("others_exactly_at_min_n", 24, blank=0.0, ved_ikke=0.0)
        _background(d, DERMA, [5, 5, 5])
        d.cluster(DERMA, "Derma – Lille", 4)
        return _two_big(d)

    @scenario
    def many_small_clusters() -> Draft:
        d = Draft("many_small_clusters", 25)
        for i, n in enumerate((1, 4, 2, 3, 2, 4)):
            d.cluster(DERMA, f"Derma – {i}", n)
        d.cluster(DERMA, "Derma – Stor", 9)
        return _two_big(d)

    @scenario
    def cluster_without_respondents() -> Draft:
        d = Draft("cluster_without_respondents", 26)
        _background(d, DERMA, [10, 9])
        d.cluster(DERMA, "Derma – Ingen", 0, nonrespondents=4)
        d.cluster(DERMA, "Derma – Lille", 2)
        return _two_big(d)

    @scenario
    def small_cluster_with_blanks() -> Draft:
        d = Draft("small_cluster_with_blanks", 27)
        _background(d, DERMA, [10, 9, 7])
        d.cluster(DERMA, "Derma – Huller", 4, fixed={Q: "1-5-", F: "-2-1", M: "3---", B: "----"})
        return _two_big(d)

    @scenario
    def no_roster() -> Draft:
        d = Draft("no_roster", 28, roster=False)
        _background(d, DERMA, [12, 9, 8])
        d.cluster(DERMA, "Derma – Nord", 3)
        d.cluster(KAR, "Kar – Danmark", 4)
        return _two_big(d)

    @scenario
    def roster_members_all_answered() -> Draft:
        """Every member answered (sampling fraction 1, no finite-population variance)."""
        d = Draft("roster_members_all_answered", 29)
        d.cluster(DERMA, "Derma – A", 10, nonrespondents=0, members=10)
        d.cluster(DERMA, "Derma – B", 9)
        d.cluster(DERMA, "Derma – C", 3, nonrespondents=0, members=3)
        d.cluster(DERMA, "Derma – D", 7, nonrespondents=0, members=7)
        return _two_big(d)

    @scenario
    def roster_cluster_nobody_invited() -> Draft:
        d = Draft("roster_cluster_nobody_invited", 30)
        _background(d, DERMA, [10, 9, 7])
        d.cluster(DERMA, "Derma – Lille", 3)
        d.members[(DERMA, "Derma – Uden")] = 6
        return _two_big(d)

    @scenario
    def five_specialties_mixed() -> Draft:
        d = Draft("five_specialties_mixed", 31)
        _background(d, DERMA, [12, 3, 9, 1])
        _background(d, KAR, [4])
        _background(d, PLASTIK, [2, 2, 6])
        _background(d, ANAEST, [9, 11, 4, 7])
        _background(d, OJEN, [12, 8, 3])
        return d

    @scenario
    def six_questions_two_small() -> Draft:
        d = Draft("six_questions_two_small", 32, questions=ALL_QUESTIONS)
        _background(d, DERMA, [12, 9, 8])
        d.cluster(DERMA, "Derma – Nord", 3)
        d.cluster(DERMA, "Derma – Syd", 4)
        return _two_big(d)

    @scenario
    def no_top_box_question_small() -> Draft:
        d = Draft("no_top_box_question_small", 33, questions=(B, "prioritet_data"))
        _background(d, DERMA, [12, 9, 8])
        d.cluster(DERMA, "Derma – Nord", 2, fixed={B: "55", "prioritet_data": "16"})
        d.cluster(KAR, "Kar – Danmark", 3)
        return _two_big(d)

    @scenario
    def scale_without_ved_ikke() -> Draft:
        d = Draft("scale_without_ved_ikke", 34, questions=(M, "oplevet_data"))
        _background(d, DERMA, [10, 9, 8])
        d.cluster(DERMA, "Derma – Nord", 4, fixed={M: "5555", "oplevet_data": "1116"})
        return _two_big(d)

    @scenario
    def min_n_three() -> Draft:
        d = Draft("min_n_three", 35, min_n=3)
        _background(d, DERMA, [6, 2, 4, 1])
        _background(d, KAR, [2])
        return _two_big(d)

    @scenario
    def min_n_ten() -> Draft:
        d = Draft("min_n_ten", 36, min_n=10)
        _background(d, DERMA, [12, 9, 14, 6])
        _background(d, KAR, [8])
        return _two_big(d)

    @scenario
    def small_specialty_beside_small_clusters() -> Draft:
        d = Draft("small_specialty_beside_small_clusters", 37)
        _background(d, DERMA, [12, 2, 9, 3])
        d.cluster(KAR, "Kar – Danmark", 4)
        _background(d, PLASTIK, [7, 3, 8])
        return _two_big(d)

    @scenario
    def skewed_answers() -> Draft:
        d = Draft("skewed_answers", 38, ved_ikke=0.25, blank=0.15)
        for i, n in enumerate((8, 3, 11, 2, 6)):
            d.cluster(DERMA, f"Derma – {i}", n, alpha=0.2)
        _background(d, KAR, [4, 5])
        return _two_big(d)

    @scenario
    def small_specialty_all_blank() -> Draft:
        """A specialty of three where nobody answered one question."""
        d = Draft("small_specialty_all_blank", 39)
        _background(d, DERMA, [12, 9, 8])
        d.cluster(KAR, "Kar – Danmark", 3, fixed={F: "---"})
        return _two_big(d)

    @scenario
    def single_specialty_survey() -> Draft:
        d = Draft("single_specialty_survey", 40)
        _background(d, DERMA, [12, 9, 3, 8, 2])
        return d

    return named


NAMED: dict[str, Callable[[], Scenario]] = _named()


# -- seeded random scenarios --------------------------------------------------------------------------------------

SPECIALTIES = (DERMA, KAR, PLASTIK, ANAEST, OJEN, "Reumatologi")
SMALL_HEAVY_SIZES = (0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 11, 14)


def random_scenario(seed: int) -> Scenario:
    """A random small-cluster survey: 1–5 specialties of 1–6 clusters, most clusters small."""
    rng = np.random.default_rng(10_000 + seed)
    n_spec = int(rng.integers(1, 6))
    sizes = [[int(rng.choice(SMALL_HEAVY_SIZES)) for _ in range(int(rng.integers(1, 7)))] for _ in range(n_spec)]
    return scenario_from_sizes(f"random_{seed}", seed, sizes)


def scenario_from_sizes(
    name: str, seed: int, sizes: Sequence[Sequence[int]], *, questions: Sequence[str] | None = None
) -> Scenario:
    """A scenario with these respondents per cluster (one list per specialty); answers, "Ved ikke",
    blanks, roster and min_n drawn from the seed."""
    rng = np.random.default_rng(seed)
    if questions is None:
        extra = [q for q in ALL_QUESTIONS if q not in DEFAULT_QUESTIONS]
        questions = (*DEFAULT_QUESTIONS[:3], str(rng.choice([DEFAULT_QUESTIONS[3], *extra])))
    d = Draft(
        name,
        seed,
        questions=questions,
        min_n=int(rng.choice([5, 5, 5, 3, 4, 6])),
        roster=bool(rng.random() < 0.75),
        ved_ikke=float(rng.choice([0.0, 0.1, 0.3])),
        blank=float(rng.choice([0.0, 0.05, 0.2])),
    )
    for s, clusters in enumerate(sizes):
        specialty = SPECIALTIES[s % len(SPECIALTIES)]
        for c, n in enumerate(clusters):
            fixed = {}
            if n and rng.random() < 0.1:  # nobody answered one question in this cluster (base 0)
                fixed[str(rng.choice(list(questions)))] = "-" * n
            if n and rng.random() < 0.1:  # everyone alike
                q = str(rng.choice(list(questions)))
                fixed.setdefault(q, str(int(rng.integers(1, len(labels_of(q)) + 1))) * n)
            d.cluster(
                specialty,
                f"{specialty[:5]} – {c + 1}",
                n,
                fixed=fixed,
                nonrespondents=int(rng.integers(0 if n else 1, 3)),
                alpha=float(rng.choice([0.2, 0.5, 1.0, 3.0])),
            )
    return d.scenario()


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    **NAMED,
    **{f"random_{seed}": partial(random_scenario, seed) for seed in range(14)},
}
"""Every named and seeded scenario, by name (built on demand)."""
