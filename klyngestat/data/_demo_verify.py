"""Check the written demo files against every target, with plain pandas and no klyngestat statistics.

Part of the demo generator (:mod:`klyngestat.data.make_demo`). The files are
read back as text and counted directly: the table's shape, the population,
the two seeded specialties' published figures cluster by cluster, the
national figures, and what the fact sheets' texts say. A target that does
not hold raises :class:`AssertionError` naming it.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import pandas as pd

from klyngestat.data._demo_build import Questionnaire, shown
from klyngestat.data._demo_population import (
    CLUSTERS,
    DERMA,
    FORB_Q,
    KEY_Q,
    NATIONAL_JA,
    NATIONAL_TOP,
    PLASTIK,
    RESPONDED,
    SEEDED,
    SMALL_CLUSTER,
)

#: Each seeded cluster's understoetter_kvalitet: (base, top box, percent shown), as the fact sheets print them.
CLUSTER_FIGURES = {
    "Derma – Hovedstad – Kbh": (12, 7, 58),
    "Derma – Hovedstad – Nord": (10, 7, 70),
    "Derma – Hovedstad – Omegn": (12, 9, 75),
    "Derma – Sjælland": (9, 6, 67),
    "Derma – Syddanmark": (11, 7, 64),
    "Derma – Midt": (11, 9, 82),
    "Derma – Nord": (8, 7, 88),
    "Plastikkir – Østdanmark": (8, 6, 75),
    "Plastikkir – Vestdanmark": (6, 1, 17),
}


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def answers(frame: pd.DataFrame, q: str) -> pd.Series:
    """The non-blank answers to a question."""
    return frame.loc[frame[q] != "", q]


def count_base(frame: pd.DataFrame, q: str, labels: list[str]) -> tuple[int, int]:
    """How many answers are among ``labels``, and how many answers there are."""
    a = answers(frame, q)
    return int(a.isin(labels).sum()), len(a)


def share(frame: pd.DataFrame, q: str, labels: list[str]) -> Fraction:
    return Fraction(*count_base(frame, q, labels))


def verify(qn: Questionnaire, survey_csv: Path, roster_csv: Path) -> dict[str, int]:
    """Every target, checked on the written files; the national totals."""
    df = pd.read_csv(survey_csv, dtype=str, keep_default_na=False, encoding="utf-8")
    roster = pd.read_csv(roster_csv, dtype={"members": int}, keep_default_na=False, encoding="utf-8")
    resp = df[df["status"].isin(RESPONDED)]
    _check_table(qn, df, resp)
    _check_population(qn, df, roster, resp)
    _check_dermatologi(qn, df, roster, resp)
    _check_plastikkirurgi(qn, df, roster, resp)
    totals = _check_national(qn, df, resp)
    _check_seed_texts(qn, resp)
    return totals


def _check_table(qn: Questionnaire, df: pd.DataFrame, resp: pd.DataFrame) -> None:
    """The header, ids, statuses and labels; non-respondents blank, partials a prefix."""
    qids = [q.id for q in qn.questions]
    check(list(df.columns) == ["respondent_id", "specialty", "cluster", "status", *qids], "header")
    check(df["respondent_id"].is_unique, "respondent ids unique")
    check(set(df["status"]) == {"completed", "partial", "not_answered"}, "status values")
    for q in qn.questions:
        if q.scale is not None:
            check(set(df[q.id]) <= {"", *qn.labels[q.scale]}, f"labels of {q.id}")
    non = df[df["status"] == "not_answered"]
    check(bool((non[qids] == "").all().all()), "non-respondents answer nothing")
    check(bool((resp["moededeltagelse"] != "").all()), "every respondent answered the first question")
    closed = [q.id for q in qn.questions if q.scale is not None]
    for _, row in df[df["status"] == "partial"].iterrows():
        filled = [row[q] != "" for q in qids]
        last = max(i for i, f in enumerate(filled) if f)
        check(all(row[q] != "" for q in qids[: last + 1] if q in closed), f"partial {row['respondent_id']}: prefix")
        check(not filled[-1], f"partial {row['respondent_id']} stops before the end")


def _check_population(qn: Questionnaire, df: pd.DataFrame, roster: pd.DataFrame, resp: pd.DataFrame) -> None:
    """Roster members, invited and respondents of every cluster; the seeded clusters' top box."""
    for specialty, clusters in CLUSTERS.items():
        for name, members, invited, n_resp in clusters:
            got = roster.loc[(roster["specialty"] == specialty) & (roster["cluster"] == name), "members"]
            check(got.tolist() == [members], f"roster {name}")
            rows = df[(df["specialty"] == specialty) & (df["cluster"] == name)]
            check(len(rows) == invited, f"invited {name}")
            check(int(rows["status"].isin(RESPONDED).sum()) == n_resp, f"respondents {name}")
    grad_top = qn.group_labels("grad", "top_box")
    for name, (base, top, pct) in CLUSTER_FIGURES.items():
        got_top, got_base = count_base(resp[resp["cluster"] == name], KEY_Q, grad_top)
        check((got_base, got_top) == (base, top), f"{name}: {got_top}/{got_base}")
        check(shown(top, base) == pct, f"{name}: {pct} pct.")


def _check_dermatologi(qn: Questionnaire, df: pd.DataFrame, roster: pd.DataFrame, resp: pd.DataFrame) -> None:
    """Dermatologi's fact sheet: 74 of 110, 71 pct. (52 of 73), clusters 58-88 pct., and the rest."""
    qids = [q.id for q in qn.questions]
    grad_top, nogen = qn.group_labels("grad", "top_box"), qn.label("grad", 3)
    derma = df[df["specialty"] == DERMA]
    derma_resp = resp[resp["specialty"] == DERMA]
    check((len(derma), len(derma_resp)) == (110, 74), "Derma 74 of 110")
    check(shown(74, 110, 1) == Fraction(673, 10), "Derma 67,3 pct.")
    check(int(roster.loc[roster["specialty"] == DERMA, "members"].sum()) == 111, "Derma roster 111")
    partial = derma[derma["status"] == "partial"]
    check(len(partial) == 1 and partial["cluster"].iloc[0] == "Derma – Syddanmark", "Derma: one partial")
    check(bool((partial[qids[qn.index(KEY_Q) :]] == "").all().all()), "Derma partial blank from key question on")
    check(count_base(derma_resp, KEY_Q, grad_top) == (52, 73), "Derma top 52/73")
    check(shown(52, 73) == 71, "Derma 71 pct.")
    check(count_base(derma_resp, KEY_Q, [nogen]) == (17, 73) and shown(17, 73) == 23, "Derma nogen grad 17/73")
    rest = answers(derma_resp, KEY_Q)
    rest = rest[~rest.isin([*grad_top, nogen])]
    check(len(rest) == 4 and (rest == qn.label("grad", 9)).sum() >= 1, "Derma: 4 remaining incl. Ved ikke")
    derma_names = [c[0] for c in CLUSTERS[DERMA]]
    shares = [shown(*count_base(derma_resp[derma_resp["cluster"] == c], KEY_Q, grad_top)) for c in derma_names]
    check((int(min(shares)), int(max(shares))) == (58, 88), "Derma cluster spread 58-88")
    ja = qn.label("ja_nej", 1)
    check(count_base(derma_resp, FORB_Q, [ja]) == (37, 73) and shown(37, 73) == 51, "Derma forbedringer 37/73")
    check(int((answers(derma_resp, FORB_Q) == qn.label("ja_nej", 9)).sum()) >= 2, "Derma forbedringer Ved ikke")
    mde = count_base(derma_resp, "moededeltagelse", qn.group_labels("deltagelse", "top_box"))
    check(mde == (70, 74), f"Derma moededeltagelse {mde}")


def _check_plastikkirurgi(qn: Questionnaire, df: pd.DataFrame, roster: pd.DataFrame, resp: pd.DataFrame) -> None:
    """Plastikkirurgi's fact sheet: 14 of 20, all completed, 50 pct. top box (7 of 14), and the rest."""
    grad_top, nogen, ja = qn.group_labels("grad", "top_box"), qn.label("grad", 3), qn.label("ja_nej", 1)
    plast = df[df["specialty"] == PLASTIK]
    plast_resp = resp[resp["specialty"] == PLASTIK]
    check((len(plast), len(plast_resp)) == (20, 14) and shown(14, 20, 1) == 70, "Plastik 14 of 20")
    check(bool((plast_resp["status"] == "completed").all()), "Plastik all completed")
    check(int(roster.loc[roster["specialty"] == PLASTIK, "members"].sum()) == 19, "Plastik roster 19")
    check(count_base(plast_resp, KEY_Q, grad_top) == (7, 14) and shown(7, 14) == 50, "Plastik top 7/14")
    check(count_base(plast_resp, KEY_Q, [nogen]) == (4, 14) and shown(4, 14) == 29, "Plastik nogen 4/14")
    check(count_base(plast_resp, FORB_Q, [ja]) == (4, 14) and shown(4, 14) == 29, "Plastik forbedringer 4/14")
    mde = count_base(plast_resp, "moededeltagelse", qn.group_labels("deltagelse", "top_box"))
    check(mde == (14, 14), "Plastik moededeltagelse all")


def _check_national(qn: Questionnaire, df: pd.DataFrame, resp: pd.DataFrame) -> dict[str, int]:
    """The national figures (65,7 pct. and 48 pct.), the population's size and shape; the totals."""
    top, top_base = count_base(resp, KEY_Q, qn.group_labels("grad", "top_box"))
    ja_n, ja_base = count_base(resp, FORB_Q, [qn.label("ja_nej", 1)])
    check(NATIONAL_TOP[0] <= Fraction(top, top_base) < NATIONAL_TOP[1], f"national top {top}/{top_base}")
    check(shown(top, top_base, 1) == Fraction(657, 10), "national 65,7 pct.")
    check(NATIONAL_JA[0] <= Fraction(ja_n, ja_base) < NATIONAL_JA[1], f"national ja {ja_n}/{ja_base}")
    check(shown(ja_n, ja_base, 1) == 48, "national 48 pct.")
    check(1000 <= len(df) <= 1200, "about 1,100 invited")
    check(Fraction(6, 10) <= Fraction(len(resp), len(df)) <= Fraction(7, 10), "response rate 60-70 pct.")
    per_cluster = resp.groupby("cluster").size()
    check(per_cluster[per_cluster == 3].index.tolist() == [SMALL_CLUSTER], "exactly one cluster with 3 answers")
    check(int(per_cluster.drop(SMALL_CLUSTER).min()) >= 5, "every other cluster has at least 5 answers")
    check(int((df["status"] == "partial").sum()) >= 5, "a few partials")
    check(set(df["specialty"]) == set(CLUSTERS) and 12 <= len(CLUSTERS) - 2 <= 14, "12-14 other specialties")
    for specialty, clusters in CLUSTERS.items():
        check(2 <= len(clusters) <= 9 or specialty in SEEDED, f"{specialty}: 2-9 clusters")
        check(all(8 <= c[1] <= 19 for c in clusters), f"{specialty}: members 8-19")
    return {
        "invited": len(df),
        "respondents": len(resp),
        "top": top,
        "top_base": top_base,
        "ja": ja_n,
        "ja_base": ja_base,
    }


def _check_seed_texts(qn: Questionnaire, resp: pd.DataFrame) -> None:
    """What the fact sheets' sentences say: few "rarely or never", data the largest gap, the motivation rankings."""
    derma_resp = resp[resp["specialty"] == DERMA]
    plast_resp = resp[resp["specialty"] == PLASTIK]
    sj_al = qn.group_labels("hyppighed", "bottom_box")
    prio_top = qn.group_labels("vigtighed", "top_box")
    hyp_top = qn.group_labels("hyppighed", "top_box")
    items = ["faglige_droeftelser", "faelles_motivation", "tillidsfuldt_rum", "data", "erfaringsudveksling"]
    for item in items[:3]:
        check(share(derma_resp, f"oplevet_{item}", sj_al) <= Fraction(1, 10), f"Derma few rarely/never: {item}")
    for item in items[:2]:
        s = share(plast_resp, f"oplevet_{item}", sj_al)
        check(Fraction(1, 5) <= s <= Fraction(35, 100), f"Plastik minority rarely/never: {item}")
    gaps = {
        i: share(derma_resp, f"prioritet_{i}", prio_top) - share(derma_resp, f"oplevet_{i}", hyp_top) for i in items
    }
    check(max(gaps, key=gaps.__getitem__) == "data", "Derma largest gap on data")
    _check_data_questions(qn, ((derma_resp, DERMA), (plast_resp, PLASTIK), (resp, "national")))
    grad_top = qn.group_labels("grad", "top_box")
    for qid in ("engagement_aktiv", "engagement_erfaringer"):
        check(share(resp, qid, grad_top) >= Fraction(2, 3), f"engagement high: {qid}")
    for item in items:
        check(share(resp, f"prioritet_{item}", prio_top) >= Fraction(3, 5), f"priority mostly important: {item}")
    mot = ["erfaringsudveksling", "retningslinjer", "eksterne_oplaeg", "patientcases", "data"]
    d = [share(derma_resp, f"motivation_{m}", grad_top) for m in mot]
    check(all(a > b for a, b in itertools.pairwise(d)), f"Derma motivation ranking {d}")
    p = {m: share(plast_resp, f"motivation_{m}", grad_top) for m in mot}
    ranked = sorted(p, key=p.__getitem__, reverse=True)
    check(ranked[:2] == ["erfaringsudveksling", "data"] and p["data"] > sorted(p.values())[-3], "Plastik motivation")
    with_ved_ikke = {
        q.id
        for q in qn.questions
        if q.scale is not None and 9 in qn.codes[q.scale] and (answers(resp, q.id) == qn.label(q.scale, 9)).any()
    }
    must = {KEY_Q, FORB_Q, "data_anvendt", "data_oenske", "data_barriere"}
    check(must <= with_ved_ikke and len(with_ved_ikke) >= 15, "Ved ikke scattered over the questionnaire")


def _check_data_questions(qn: Questionnaire, frames: tuple[tuple[pd.DataFrame, str], ...]) -> None:
    """Data wanted by most, used by few, and the barriers in the questionnaire's order, for each frame."""
    ja, nej = qn.label("ja_nej", 1), qn.label("ja_nej", 2)
    for frame, what in frames:
        check(share(frame, "data_oenske", [ja]) > Fraction(1, 2), f"{what}: data_oenske majority Ja")
        check(share(frame, "data_anvendt", [nej]) > Fraction(1, 2), f"{what}: data_anvendt mostly Nej")
        order = answers(frame, "data_barriere").value_counts()
        check(order.index[:2].tolist() == qn.labels["barriere"][:2], f"{what}: data_barriere order")
        check(order.iloc[0] > order.iloc[1] > order.iloc[2], f"{what}: data_barriere strict order")
