"""The demo survey's second wave (2026): the 2025 wave's invited doctors a year on, and its check.

Part of the demo generator (:mod:`klyngestat.data.make_demo_2026`). The 2026
wave is made from the committed 2025 files, one seeded generator drawn in a
fixed order: the population (a few retire, a few join, one cluster renamed,
two merged), who answers (response rates near 2025's per specialty, former
respondents likelier), the closed answers question by question (a former
respondent mostly keeps the answer or moves one category; others answer as
their specialty did in 2025), two deliberate shifts, and the free texts.
The check reads the written files back with plain pandas, numpy and scipy.
"""

from __future__ import annotations

import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

from klyngestat.data._demo_build import (
    Question,
    Questionnaire,
    _answered,
    _free_texts,
    _People,
    load_questionnaire,
    round_half_up,
)
from klyngestat.data._demo_population import DERMA, FORB_Q, KEY_Q, RESPONDED
from klyngestat.data._demo_verify import _check_table, check

SEED_2026 = 20260915  # the second wave ran in September 2026
YEAR_FROM, YEAR_TO = 2025, 2026
RETIRE_SHARE = Fraction(25, 1000)  # of each specialty's 2025 invited, at most one a cluster
NEW_SHARE = Fraction(3, 100)  # new members, of each specialty's 2025 invited, at most two a cluster
NEW_ID_FIRST = 2001  # new members are R2001, R2002, ... in random order
# Response rate 2026 = 2025's rate of the specialty + these points (some change of up to 5 points is realistic).
RATE_CHANGE: dict[str, int] = {
    DERMA: 5,
    "Plastikkirurgi": 0,
    "Oftalmologi": -2,
    "Oto-rhino-laryngologi": 1,
    "Psykiatri": -4,
    "Gynækologi og obstetrik": 2,
    "Ortopædisk kirurgi": 0,
    "Intern medicin": 5,
    "Reumatologi": -3,
    "Neurologi": 4,
    "Kirurgi": -5,
    "Pædiatri": 1,
    "Børne- og ungdomspsykiatri": 3,
    "Anæstesiologi": -2,
    "Radiologi": 0,
    "Urologi": 4,
}
RESPONSE_WEIGHT = {"completed": 4.0, "partial": 4.0, "not_answered": 1.0, "new": 2.0}  # by 2025 status
N_PARTIAL = 12  # respondents who stop early, at a random question after the first
CHANGE_P = 0.4  # a former respondent is offered a neighbouring category with this probability ...
# ... and takes it with probability min(1, p_new / p_old) under the specialty's 2025 answers (Metropolis),
# so each specialty's answers stay level in expectation. "Ved ikke" (code 9) is kept.
VED_IKKE = 9
NOMINAL_SCALES = {"barriere"}  # no order: a change is a fresh answer, as a specialty colleague gave in 2025

# Clusters, per specialty: 2026 name -> its 2025 clusters (a rename and a merger of two small clusters).
CLUSTER_LINKS: dict[str, dict[str, list[str]]] = {
    DERMA: {"Derma – Hovedstad – Vest": ["Derma – Hovedstad – Omegn"]},
    "Anæstesiologi": {"Anæst – Vestdanmark": ["Anæst – Syddanmark", "Anæst – Nordjylland"]},
}
CLUSTER_MAP = {old: new for links in CLUSTER_LINKS.values() for new, olds in links.items() for old in olds}

# The 2026 questionnaire: the 2025 one with a reworded question, a renamed one and one whose scale gained an option.
REWORDED_Q = "data_oenske"
REWORDED_REASON = (
    "Sproglig omformulering: spørgsmålet spørger stadig, om der skal inddrages mere data i klyngearbejdet, "
    "og svarmulighederne (Ja, Nej, Ved ikke) er de samme."
)
RENAMED_Q = {"motivation_praksisdata": "motivation_data"}  # 2026 id -> 2025 id
RESCALED_Q = "data_barriere"  # not comparable: the new option draws answers from every other one
NEW_OPTION = (6, "Manglende IT-understøttelse")
NEW_OPTION_SHARE = 0.12  # of the 2026 answers to RESCALED_Q, at random
# Deliberate changes, so that the demo has something real to report.
DERMA_RISE = Fraction(15, 100)  # Dermatologi's KEY_Q top box: 2025's share + 15 points ("I nogen grad" -> "I høj grad")
NATIONAL_RISE = Fraction(4, 100)  # FORB_Q "Ja" pooled over all specialties: 2025's share + 4 points (from "Nej")


# ---------------------------------------------------------------- the steps


def build_wave(
    qn: Questionnaire, old: pd.DataFrame, roster_old: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2026 survey (one row per invited person, in id order) and roster, from the 2025 files read as text.

    Every step draws from ``rng`` in turn; the files depend on that order.
    """
    frame, roster = _population(old, roster_old, rng)
    status, stop = _statuses(frame, old, len(qn.questions), rng)
    people = _People(frame["specialty"].to_numpy(object), frame["cluster"].to_numpy(object), status, stop, [])
    answered = _answered(qn, people, rng)
    prev = old.set_index("respondent_id").reindex(frame["respondent_id"]).fillna("")
    old_resp = old[old["status"].isin(RESPONDED)]
    answers = {q.id: np.full(len(frame), "", dtype=object) for q in qn.questions}
    for qi, q in enumerate(qn.questions):
        if q.scale is not None:
            before = prev[RENAMED_Q.get(q.id, q.id)].to_numpy(object)
            answers[q.id] = _answer_question(qn, q, before, people.specialty, answered[:, qi], old_resp, rng)
    _shift_key(qn, people, answers[KEY_Q], prev[KEY_Q].to_numpy(object), old_resp, rng)
    _shift_national(qn, answers[FORB_Q], old_resp, rng)
    for s in RATE_CHANGE:
        _free_texts(qn, people, s, answers, rng)
    columns = {"specialty": people.specialty, "cluster": people.cluster, "status": status, **answers}
    out = pd.DataFrame({"respondent_id": frame["respondent_id"], **columns})
    return out.sort_values("respondent_id", ignore_index=True), roster


def _population(
    old: pd.DataFrame, roster_old: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who is invited in 2026 (``respondent_id, specialty, cluster, was``: the 2025 status or "new") and the roster."""
    people = old[["respondent_id", "specialty", "cluster", "status"]].rename(columns={"status": "was"})
    people["cluster"] = people["cluster"].replace(CLUSTER_MAP)
    roster = roster_old.assign(cluster=roster_old["cluster"].replace(CLUSTER_MAP))
    roster = roster.groupby(["specialty", "cluster"], sort=False)["members"].sum().reset_index()
    retired: list[int] = []
    joined: list[tuple[str, str]] = []
    for s in RATE_CHANGE:
        mine = people[people["specialty"] == s]
        sizes = mine.groupby("cluster", sort=False).size()
        n_old = len(mine)
        clusters = rng.choice(
            sizes.index.to_numpy(object), round_half_up(RETIRE_SHARE * n_old), replace=False, p=sizes.to_numpy() / n_old
        )
        retired += [int(rng.choice(mine.index[mine["cluster"] == c])) for c in clusters]
        members = roster.loc[roster["specialty"] == s].set_index("cluster")["members"]
        pool = np.repeat(members.index.to_numpy(object), 2)  # each cluster twice: at most two new members
        weights = np.repeat(members.to_numpy(float), 2)
        clusters = rng.choice(pool, round_half_up(NEW_SHARE * n_old), replace=False, p=weights / weights.sum())
        joined += [(s, c) for c in clusters]
    new = pd.DataFrame(joined, columns=["specialty", "cluster"]).assign(was="new")
    new.insert(0, "respondent_id", [f"R{NEW_ID_FIRST + i}" for i in rng.permutation(len(new))])
    change = new.groupby("cluster").size().sub(people.loc[retired].groupby("cluster").size(), fill_value=0)
    roster["members"] += roster["cluster"].map(change).fillna(0).astype(int)
    return pd.concat([people.drop(index=retired), new], ignore_index=True), roster


def _statuses(
    people: pd.DataFrame, old: pd.DataFrame, n_questions: int, rng: np.random.Generator
) -> tuple[list[str], np.ndarray]:
    """Each person's 2026 status and where they stopped (as :class:`_People` keeps them)."""
    status = np.full(len(people), "not_answered", dtype=object)
    for s, points in RATE_CHANGE.items():
        mine = np.flatnonzero(people["specialty"] == s)
        was = old.loc[old["specialty"] == s, "status"]
        rate = Fraction(int(was.isin(RESPONDED).sum()), len(was)) + Fraction(points, 100)
        weights = people["was"].iloc[mine].map(RESPONSE_WEIGHT).to_numpy(float)
        chosen = rng.choice(mine, round_half_up(rate * len(mine)), replace=False, p=weights / weights.sum())
        status[chosen] = "completed"
    stop = np.where(status == "completed", n_questions, 0)
    partial = rng.choice(np.flatnonzero(status == "completed"), N_PARTIAL, replace=False)
    status[partial] = "partial"
    stop[partial] = rng.integers(1, n_questions, size=N_PARTIAL)
    return status.tolist(), stop


def _answer_question(
    qn: Questionnaire,
    q: Question,
    before: np.ndarray,
    specialty: np.ndarray,
    answered: np.ndarray,
    old_resp: pd.DataFrame,
    rng: np.random.Generator,
) -> np.ndarray:
    """One closed question: former respondents mostly keep their answer, others answer as their specialty did."""
    assert q.scale is not None
    labels = qn.labels[q.scale]
    n_sub = sum(c != VED_IKKE for c in qn.codes[q.scale])  # "Ved ikke" is the scale's last option
    position = {label: i for i, label in enumerate(labels)}
    prev_pos = pd.Series(before).map(position).fillna(-1).to_numpy(int)
    out = np.full(len(before), "", dtype=object)
    for s in RATE_CHANGE:
        who = np.flatnonzero(answered & (specialty == s))
        pool = old_resp.loc[old_resp["specialty"] == s, RENAMED_Q.get(q.id, q.id)].map(position).dropna()
        pos = _next_answers(prev_pos[who], pool.to_numpy(int), n_sub, q.scale in NOMINAL_SCALES, rng)
        if q.id == RESCALED_Q:
            pos[rng.random(len(who)) < NEW_OPTION_SHARE] = labels.index(NEW_OPTION[1])
        out[who] = np.array(labels, dtype=object)[pos]
    return out


def _next_answers(
    prev_pos: np.ndarray, pool: np.ndarray, n_sub: int, nominal: bool, rng: np.random.Generator
) -> np.ndarray:
    """Answer positions: the 2025 answer, moved one step at times (see CHANGE_P), or, without one, a fresh answer.

    Fresh answers are dealt from ``pool`` (the specialty's 2025 answers, as positions) shuffled, as a deck.
    """
    n = len(prev_pos)
    fresh = np.resize(rng.permutation(pool), n)
    profile = np.bincount(pool, minlength=n_sub) / len(pool)
    change = (rng.random(n) < CHANGE_P) & (prev_pos >= 0)
    target = prev_pos + rng.choice((-1, 1), size=n)
    accept = rng.random(n)
    pos = np.where(prev_pos >= 0, prev_pos, fresh)
    if nominal:
        pos[change] = fresh[change]
        return pos
    inside = (prev_pos < n_sub) & (target >= 0) & (target < n_sub)
    ratio = profile[np.clip(target, 0, n_sub - 1)] / np.maximum(profile[np.clip(prev_pos, 0, n_sub - 1)], 1e-12)
    move = change & inside & (accept < ratio)
    pos[move] = target[move]
    return pos


def _shift(answers: np.ndarray, candidates: np.ndarray, to: str, count: int, rng: np.random.Generator) -> None:
    """Change ``count`` answers, chosen at random among ``candidates``, to ``to``."""
    if not 0 <= count <= len(candidates):
        raise SystemExit(f"cannot move {count} answers to {to!r} among {len(candidates)}; adjust the shift")
    answers[rng.choice(candidates, count, replace=False)] = to


def _shift_key(
    qn: Questionnaire,
    people: _People,
    answers: np.ndarray,
    before: np.ndarray,
    old_resp: pd.DataFrame,
    rng: np.random.Generator,
) -> None:
    """Dermatologi's top box on KEY_Q up by DERMA_RISE: "I nogen grad" -> "I høj grad", one category for everyone."""
    top = qn.group_labels("grad", "top_box")
    old = old_resp.loc[(old_resp["specialty"] == DERMA) & (old_resp[KEY_Q] != ""), KEY_Q]
    mine = (people.specialty == DERMA) & (answers != "")
    target = round_half_up((Fraction(int(old.isin(top).sum()), len(old)) + DERMA_RISE) * int(mine.sum()))
    nogen, hoej = qn.label("grad", 3), qn.label("grad", 2)
    # not someone who answered below "I nogen grad" in 2025: "I høj grad" would be two categories away
    near = np.isin(before, ["", *top, nogen])
    candidates = np.flatnonzero(mine & (answers == nogen) & near)
    _shift(answers, candidates, hoej, target - int(np.isin(answers[mine], top).sum()), rng)


def _shift_national(qn: Questionnaire, answers: np.ndarray, old_resp: pd.DataFrame, rng: np.random.Generator) -> None:
    """FORB_Q's "Ja", pooled over all specialties, up by NATIONAL_RISE: "Nej" -> "Ja" at random."""
    ja, nej = qn.label("ja_nej", 1), qn.label("ja_nej", 2)
    old = old_resp.loc[old_resp[FORB_Q] != "", FORB_Q]
    target = round_half_up((Fraction(int((old == ja).sum()), len(old)) + NATIONAL_RISE) * int((answers != "").sum()))
    _shift(answers, np.flatnonzero(answers == nej), ja, target - int((answers == ja).sum()), rng)


# ---------------------------------------------------------------- the check


def verify_wave(paths: dict[str, Path]) -> dict[str, Any]:
    """Every intended property of the 2026 wave, checked on the written files; the figures to report.

    ``paths`` names the files: ``survey`` and ``roster`` of each year (``survey_2025``, ...), the two
    questionnaires (``questionnaire_2025``, ``questionnaire_2026``) and ``waves``.
    """
    old, new, roster_old, roster_new = (
        pd.read_csv(paths[k], dtype={"members": int} if "roster" in k else str, keep_default_na=False, encoding="utf-8")
        for k in ("survey_2025", "survey_2026", "roster_2025", "roster_2026")
    )
    tomls = {
        k: tomllib.loads(paths[k].read_text("utf-8")) for k in ("questionnaire_2025", "questionnaire_2026", "waves")
    }
    qn = load_questionnaire(paths["questionnaire_2026"])
    resp_old, resp_new = old[old["status"].isin(RESPONDED)], new[new["status"].isin(RESPONDED)]
    _check_table(qn, new, resp_new)  # header, ids, statuses, every answer a label of its 2026 scale, partials
    _check_questionnaire(tomls)
    figures = _check_people(old, new, tomls["waves"])
    _check_roster(roster_old, new, roster_new, tomls["waves"])
    figures |= _check_rates(old, new)
    figures |= _check_answers(qn, resp_old, resp_new, tomls["waves"])
    return figures


def _check_questionnaire(tomls: dict[str, dict[str, Any]]) -> None:
    """One question reworded and one renamed, both declared; one rescaled and left undeclared; the rest the same."""
    q_old = {q["id"]: q for q in tomls["questionnaire_2025"]["questions"]}
    q_new = {q["id"]: q for q in tomls["questionnaire_2026"]["questions"]}
    waves = tomls["waves"]
    declared = waves.get("questions", {})
    check((waves["from"], waves["to"]) == (YEAR_FROM, YEAR_TO), "waves: from 2025 to 2026")
    previous = {i: declared.get(i, {}).get("previous", i) for i in q_new}
    check(list(previous.values()) == list(q_old), "each 2025 question has one 2026 successor, in the same order")
    check({i for i in q_new if previous[i] != i} == set(RENAMED_Q), "the renamed question")

    def scale(year: int, q: dict[str, Any]) -> Any:
        return tomls[f"questionnaire_{year}"]["scales"].get(q.get("scale"))

    reworded = {i for i in q_new if q_new[i]["text"] != q_old[previous[i]]["text"]}
    rescaled = {i for i in q_new if scale(YEAR_TO, q_new[i]) != scale(YEAR_FROM, q_old[previous[i]])}
    check((reworded, rescaled) == ({REWORDED_Q}, {RESCALED_Q}), f"changed: texts {reworded}, scales {rescaled}")
    check(set(declared) == {REWORDED_Q, *RENAMED_Q} and bool(declared[REWORDED_Q].get("reason")), "declared")
    labels = [o["label"] for o in scale(YEAR_TO, q_new[RESCALED_Q])["options"]]
    before = [o["label"] for o in scale(YEAR_FROM, q_old[RESCALED_Q])["options"]]
    check(labels == [*before[:4], NEW_OPTION[1], *before[4:]], f"{RESCALED_Q}: one option added")


def _cluster_map(waves: dict[str, Any]) -> dict[str, str]:
    return {old: new for links in waves["clusters"].values() for new, olds in links.items() for old in olds}


def _check_people(old: pd.DataFrame, new: pd.DataFrame, waves: dict[str, Any]) -> dict[str, Any]:
    """Ids kept, dropped (2-3 pct.) and added (about 3 pct., R2xxx, every specialty); the kept stay where they were."""
    ids_old, ids_new = set(old["respondent_id"]), set(new["respondent_id"])
    kept, dropped, added = sorted(ids_old & ids_new), ids_old - ids_new, ids_new - ids_old
    check(Fraction(2, 100) <= Fraction(len(dropped), len(old)) <= Fraction(3, 100), f"{len(dropped)} retired")
    check(Fraction(25, 1000) <= Fraction(len(added), len(old)) <= Fraction(35, 1000), f"{len(added)} new")
    joined = new[new["respondent_id"].isin(added)]
    check(bool(joined["respondent_id"].str.fullmatch(r"R2\d{3}").all()), "new ids are R2xxx")
    check(set(joined["specialty"]) == set(old["specialty"]), "new members in every specialty")
    before = old.set_index("respondent_id").loc[kept]
    after = new.set_index("respondent_id").loc[kept]
    check(before["specialty"].equals(after["specialty"]), "the kept keep their specialty")
    check(before["cluster"].replace(_cluster_map(waves)).equals(after["cluster"]), "the kept keep their cluster")
    return {"kept": len(kept), "dropped": len(dropped), "added": len(added)}


def _check_roster(roster_old: pd.DataFrame, new: pd.DataFrame, roster_new: pd.DataFrame, waves: dict[str, Any]) -> None:
    """The 2026 clusters are 2025's renamed and merged as declared; members move by 0-2 a cluster."""
    links = waves["clusters"]
    check(sorted(len(olds) for ls in links.values() for olds in ls.values()) == [1, 2], "one rename, one merger")
    check(set(links[DERMA]) <= set(roster_new["cluster"]), "Dermatologi's renamed cluster")
    for specialty, named in links.items():
        for name, olds in named.items():
            check(name not in set(roster_old["cluster"]), f"{name} is new in 2026")
            check(not set(olds) & set(roster_new["cluster"]) and set(olds) <= set(roster_old["cluster"]), f"{olds}")
            check(set(roster_old.loc[roster_old["cluster"].isin(olds), "specialty"]) == {specialty}, specialty)
    mapped = roster_old.assign(cluster=roster_old["cluster"].replace(_cluster_map(waves)))
    members_old = mapped.groupby(["specialty", "cluster"])["members"].sum()
    members_new = roster_new.set_index(["specialty", "cluster"])["members"]
    check(set(members_new.index) == set(members_old.index), "the 2026 roster's clusters")
    check(set(members_new.index) == set(zip(new["specialty"], new["cluster"], strict=True)), "roster = survey")
    moves = (members_new - members_old.reindex(members_new.index)).abs()
    check(int(moves.max()) <= 2 and int((moves > 0).sum()) >= 10, "members move by 0-2 a cluster")


def _check_rates(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, Any]:
    """Response rates per specialty within 5 points (and rounding) of 2025's; Plastikkirurgi as small as it was."""
    rows = []
    for s in RATE_CHANGE:
        a, b = old[old["specialty"] == s], new[new["specialty"] == s]
        rows.append((s, len(a), int(a["status"].isin(RESPONDED).sum()), len(b), int(b["status"].isin(RESPONDED).sum())))
        rate_old, rate_new = Fraction(rows[-1][2], rows[-1][1]), Fraction(rows[-1][4], rows[-1][3])
        check(abs(rate_new - rate_old) <= Fraction(6, 100), f"{s}: response rate {rate_old} -> {rate_new}")
    table = pd.DataFrame(
        rows, columns=["specialty", "invited_2025", "respondents_2025", "invited_2026", "respondents_2026"]
    )
    check(int(table.loc[table["specialty"] == "Plastikkirurgi", "invited_2026"].iloc[0]) <= 22, "Plastikkirurgi small")
    check(int((new["status"] == "partial").sum()) >= 5, "a few partials")
    return {"rates": table}


def _check_answers(
    qn: Questionnaire, resp_old: pd.DataFrame, resp_new: pd.DataFrame, waves: dict[str, Any]
) -> dict[str, Any]:
    """The Dermatologi rise (Fisher p < 0.05), the national shift, the rest level, former respondents' stability."""
    previous = {q.id: waves.get("questions", {}).get(q.id, {}).get("previous", q.id) for q in qn.questions}
    comparable = [q for q in qn.questions if q.scale is not None and q.id != RESCALED_Q]
    top = {q.id: qn.group_labels(q.scale, "top_box") for q in comparable if q.scale and "top_box" in qn.groups[q.scale]}

    def count(frame: pd.DataFrame, q: str, labels: list[str]) -> tuple[int, int]:
        return int(frame[q].isin(labels).sum()), int((frame[q] != "").sum())

    derma_old = count(resp_old[resp_old["specialty"] == DERMA], KEY_Q, top[KEY_Q])
    derma_new = count(resp_new[resp_new["specialty"] == DERMA], KEY_Q, top[KEY_Q])
    rise = Fraction(*derma_new) - Fraction(*derma_old)
    p = float(fisher_exact(np.array([[k, n - k] for k, n in (derma_old, derma_new)])).pvalue)
    check(Fraction(12, 100) <= rise <= Fraction(18, 100) and p < 0.05, f"Derma {derma_old} -> {derma_new}, p {p}")
    national = {q: (count(resp_old, previous[q], labels), count(resp_new, q, labels)) for q, labels in top.items()}
    shift = {q: Fraction(*b) - Fraction(*a) for q, (a, b) in national.items()}
    check(Fraction(3, 100) <= shift[FORB_Q] <= Fraction(5, 100), f"national {FORB_Q} {national[FORB_Q]}")
    level = {q: float(d) for q, d in shift.items() if q != FORB_Q and abs(d) > Fraction(3, 100)}
    check(not level, f"national top-box shares stay within 3 points: {level}")
    both = resp_old.set_index("respondent_id").add_suffix("_old")
    both = both.join(resp_new.set_index("respondent_id").add_suffix("_new"), how="inner")
    same = total = 0
    for q in comparable:
        assert q.scale is not None
        a, b = both[f"{previous[q.id]}_old"], both[f"{q.id}_new"]
        pairs = (a != "") & (b != "")
        same, total = same + int((a[pairs] == b[pairs]).sum()), total + int(pairs.sum())
        moved = pairs & (a != b)
        sub = {label: i for i, label in enumerate(qn.labels[q.scale]) if qn.codes[q.scale][i] != VED_IKKE}
        steps = (a[moved].map(sub) - b[moved].map(sub)).abs()
        check(bool((steps == 1).all()), f"{q.id}: former respondents move one category at most")
    check(0.75 <= same / total <= 0.85, f"former respondents keep {same} of {total} answers")
    return {"derma": (derma_old, derma_new, p), "national": national[FORB_Q], "kept_answers": (same, total)}
