"""Generate the bundled synthetic demo survey and its roster.

Run from the repository root::

    python -m klyngestat.data.make_demo

It writes ``demo_survey.csv`` (canonical format: one row per invited person) and
``demo_roster.csv`` (``specialty, cluster, members``) beside this file. The data
are synthetic. Dermatologi and Plastikkirurgi reproduce the published fact
sheets (``shared/seeds``) exactly; the other specialties are invented and are
tuned so the pooled national figures come out as the sheets quote them
(65,7 pct. and 48 pct.).

Every closed answer is built from an exact count table (per cluster, or per
specialty and then dealt out to clusters), and only the assignment of those
answers to persons is random. The targets therefore hold by construction. The
script checks them at the end against the written CSV with plain pandas, and it
uses no klyngestat code. Output is deterministic: the rng has a fixed seed, so
two runs give byte-identical files.

Only numpy, pandas, tomllib and the standard library are used. Option labels
come from the bundled questionnaire TOML.
"""

from __future__ import annotations

import hashlib
import itertools
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
QUESTIONNAIRE_TOML = HERE / "ekvis_klyngearbejde.toml"
SURVEY_CSV = HERE / "demo_survey.csv"
ROSTER_CSV = HERE / "demo_roster.csv"

SEED = 20250915  # the survey ran in September 2025

DERMA = "Dermatologi"
PLASTIK = "Plastikkirurgi"
SEEDED = (DERMA, PLASTIK)
LARGEST = "Oftalmologi"  # absorbs the adjustment that makes the national figures exact
KEY_Q = "understoetter_kvalitet"
FORB_Q = "forbedringer"
FORB_TEXT_Q = "forbedringer_tekst"
COMMENT_Q = "kommentarer"
RESPONDED = ("completed", "partial")

# Published national figures, as half-open windows of exact fractions.
NATIONAL_TOP = (Fraction(6565, 10000), Fraction(6575, 10000))  # displays 65,7 pct.
NATIONAL_JA = (Fraction(4795, 10000), Fraction(4805, 10000))  # displays 48 pct.

# --------------------------------------------------------------------------------------------------------------------
# Population: specialty -> clusters as (name, roster members, invited, respondents)
# --------------------------------------------------------------------------------------------------------------------
CLUSTERS: dict[str, list[tuple[str, int, int, int]]] = {
    DERMA: [
        ("Derma – Hovedstad – Kbh", 18, 18, 12),
        ("Derma – Hovedstad – Nord", 15, 15, 10),
        ("Derma – Hovedstad – Omegn", 18, 18, 12),
        ("Derma – Sjælland", 14, 14, 9),
        ("Derma – Syddanmark", 18, 17, 12),
        ("Derma – Midt", 19, 19, 11),
        ("Derma – Nord", 9, 9, 8),
    ],
    PLASTIK: [
        ("Plastikkir – Østdanmark", 11, 12, 8),
        ("Plastikkir – Vestdanmark", 8, 8, 6),
    ],
    "Oftalmologi": [
        ("Øjen – Hovedstaden – Kbh", 19, 19, 13),
        ("Øjen – Hovedstaden – Nord", 17, 17, 11),
        ("Øjen – Hovedstaden – Vest", 16, 16, 10),
        ("Øjen – Sjælland – Øst", 15, 15, 9),
        ("Øjen – Sjælland – Vest", 13, 13, 8),
        ("Øjen – Fyn", 14, 14, 10),
        ("Øjen – Sydjylland", 16, 16, 10),
        ("Øjen – Midt", 18, 18, 12),
        ("Øjen – Nord", 12, 12, 8),
    ],
    "Oto-rhino-laryngologi": [
        ("ØNH – Hovedstaden – Kbh", 18, 18, 12),
        ("ØNH – Hovedstaden – Nord", 15, 15, 9),
        ("ØNH – Hovedstaden – Syd", 14, 14, 8),
        ("ØNH – Sjælland", 16, 16, 10),
        ("ØNH – Fyn", 14, 13, 8),
        ("ØNH – Sydjylland", 13, 13, 9),
        ("ØNH – Midt", 17, 17, 11),
        ("ØNH – Nord", 11, 11, 7),
    ],
    "Psykiatri": [
        ("Psyk – Hovedstaden – Kbh", 19, 19, 11),
        ("Psyk – Hovedstaden – Nord", 16, 16, 9),
        ("Psyk – Hovedstaden – Syd", 17, 18, 10),
        ("Psyk – Sjælland", 14, 14, 8),
        ("Psyk – Syddanmark – Fyn", 12, 12, 7),
        ("Psyk – Syddanmark – Jylland", 13, 13, 8),
        ("Psyk – Midt – Øst", 18, 18, 11),
        ("Psyk – Midt – Vest", 12, 12, 7),
        ("Psyk – Nord", 10, 10, 6),
    ],
    "Gynækologi og obstetrik": [
        ("Gyn – Hovedstaden – Kbh", 17, 17, 12),
        ("Gyn – Hovedstaden – Nord", 14, 14, 9),
        ("Gyn – Sjælland", 13, 13, 8),
        ("Gyn – Fyn", 12, 12, 8),
        ("Gyn – Sydjylland", 16, 16, 11),
        ("Gyn – Midt – Øst", 15, 15, 10),
        ("Gyn – Midt – Vest", 10, 10, 7),
        ("Gyn – Nord", 11, 11, 7),
    ],
    "Ortopædisk kirurgi": [
        ("Ortopæd – Hovedstaden – Nord", 16, 16, 10),
        ("Ortopæd – Hovedstaden – Syd", 15, 15, 9),
        ("Ortopæd – Sjælland", 12, 12, 7),
        ("Ortopæd – Syddanmark", 14, 14, 9),
        ("Ortopæd – Midt", 15, 15, 10),
        ("Ortopæd – Nord", 9, 9, 6),
    ],
    "Intern medicin": [
        ("Intern med – Hovedstaden", 18, 18, 12),
        ("Intern med – Sjælland", 12, 12, 8),
        ("Intern med – Syddanmark", 13, 13, 8),
        ("Intern med – Midt", 14, 14, 9),
        ("Intern med – Nord", 8, 8, 5),
    ],
    "Reumatologi": [
        ("Reuma – Hovedstaden", 16, 16, 11),
        ("Reuma – Sjælland", 10, 10, 6),
        ("Reuma – Syddanmark", 12, 12, 8),
        ("Reuma – Midt-Nord", 13, 13, 9),
    ],
    "Neurologi": [
        ("Neuro – Hovedstaden", 15, 15, 9),
        ("Neuro – Sjælland", 9, 9, 5),
        ("Neuro – Syddanmark", 11, 11, 7),
        ("Neuro – Midt-Nord", 12, 12, 8),
    ],
    "Kirurgi": [
        ("Kirurgi – Hovedstaden", 17, 17, 10),
        ("Kirurgi – Sjælland", 11, 11, 7),
        ("Kirurgi – Syddanmark", 13, 13, 8),
        ("Kirurgi – Midt-Nord", 14, 14, 9),
    ],
    "Pædiatri": [
        ("Pæd – Hovedstaden", 16, 16, 11),
        ("Pæd – Sjælland", 10, 10, 6),
        ("Pæd – Syddanmark", 12, 12, 8),
        ("Pæd – Midt-Nord", 13, 13, 9),
    ],
    "Børne- og ungdomspsykiatri": [
        ("BUP – Østdanmark", 15, 15, 9),
        ("BUP – Syddanmark", 11, 11, 7),
        ("BUP – Midt-Nord", 12, 12, 8),
    ],
    "Anæstesiologi": [
        ("Anæst – Østdanmark", 14, 14, 9),
        ("Anæst – Syddanmark", 10, 10, 6),
        ("Anæst – Nordjylland", 8, 8, 3),  # the one cluster with only 3 answers (small-cell suppression)
    ],
    "Radiologi": [
        ("Radiologi – Østdanmark", 13, 13, 8),
        ("Radiologi – Vestdanmark", 11, 11, 7),
    ],
    "Urologi": [
        ("Uro – Østdanmark", 11, 11, 7),
        ("Uro – Vestdanmark", 10, 10, 6),
    ],
}
SMALL_CLUSTER = "Anæst – Nordjylland"

# Partial respondents: cluster -> the question each one stopped at (that question and all after it are blank).
PARTIALS: dict[str, list[str]] = {
    "Derma – Syddanmark": [KEY_Q],
    "Øjen – Hovedstaden – Vest": ["prioritet_faglige_droeftelser"],
    "Øjen – Midt": [KEY_Q],
    "ØNH – Sjælland": ["data_anvendt"],
    "ØNH – Midt": ["motivation_erfaringsudveksling"],
    "Psyk – Hovedstaden – Kbh": ["engagement_emner"],
    "Psyk – Midt – Øst": [FORB_Q],
    "Gyn – Sydjylland": ["oplevet_faglige_droeftelser"],
    "Ortopæd – Syddanmark": [KEY_Q],
    "Kirurgi – Hovedstaden": [KEY_Q],
    "Reuma – Hovedstaden": ["data_barriere"],
    "Pæd – Midt-Nord": [FORB_TEXT_Q],
}

# --------------------------------------------------------------------------------------------------------------------
# Seeded specialties: exact count tables, in the scale's option order (as in the TOML)
# --------------------------------------------------------------------------------------------------------------------
# understoetter_kvalitet: top-box count per cluster (exact, from the fact sheet) ...
CLUSTER_TOP: dict[str, int] = {
    "Derma – Hovedstad – Kbh": 7,
    "Derma – Hovedstad – Nord": 7,
    "Derma – Hovedstad – Omegn": 9,
    "Derma – Sjælland": 6,
    "Derma – Syddanmark": 7,
    "Derma – Midt": 9,
    "Derma – Nord": 7,
    "Plastikkir – Østdanmark": 6,
    "Plastikkir – Vestdanmark": 1,
}
# ... and, per specialty, how the top box splits (I meget høj grad, I høj grad) and how the rest splits
# (I nogen grad, I mindre grad, Slet ikke, Ved ikke).
KEY_SPLIT: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    DERMA: ((18, 34), (17, 2, 1, 1)),
    PLASTIK: ((2, 5), (4, 2, 0, 1)),
}
SEEDED_COUNTS: dict[str, dict[str, tuple[int, ...]]] = {
    DERMA: {  # 74 respondents; the one partial stops before understoetter_kvalitet, so later bases are 73
        "moededeltagelse": (52, 18, 4, 0, 0),
        "engagement_aktiv": (24, 36, 12, 2, 0, 0),
        "engagement_erfaringer": (22, 37, 13, 2, 0, 0),
        "engagement_emner": (14, 30, 22, 7, 1, 0),
        "prioritet_faglige_droeftelser": (45, 25, 3, 0, 0, 0),
        "prioritet_faelles_motivation": (30, 33, 8, 2, 0, 0),
        "prioritet_tillidsfuldt_rum": (42, 26, 4, 1, 0, 0),
        "prioritet_data": (18, 32, 17, 4, 0, 2),
        "prioritet_erfaringsudveksling": (50, 21, 2, 0, 0, 0),
        "oplevet_faglige_droeftelser": (28, 36, 7, 2, 0, 0),
        "oplevet_faelles_motivation": (16, 35, 16, 4, 1, 1),
        "oplevet_tillidsfuldt_rum": (35, 30, 5, 2, 0, 1),
        "oplevet_data": (2, 7, 22, 28, 12, 2),
        "oplevet_erfaringsudveksling": (30, 34, 8, 1, 0, 0),
        "data_anvendt": (14, 56, 3),
        "data_oenske": (48, 17, 8),
        "data_barriere": (30, 18, 11, 6, 3, 5),
        "forbedringer": (37, 34, 2),
        "motivation_erfaringsudveksling": (30, 34, 8, 1, 0, 0),
        "motivation_retningslinjer": (22, 36, 12, 2, 0, 1),
        "motivation_eksterne_oplaeg": (20, 34, 15, 3, 0, 1),
        "motivation_patientcases": (17, 32, 19, 4, 0, 1),
        "motivation_data": (10, 28, 23, 7, 2, 3),
    },
    PLASTIK: {  # 14 respondents, all completed
        "moededeltagelse": (9, 5, 0, 0, 0),
        "engagement_aktiv": (5, 7, 2, 0, 0, 0),
        "engagement_erfaringer": (4, 7, 3, 0, 0, 0),
        "engagement_emner": (2, 4, 5, 3, 0, 0),
        "prioritet_faglige_droeftelser": (9, 4, 1, 0, 0, 0),
        "prioritet_faelles_motivation": (6, 6, 2, 0, 0, 0),
        "prioritet_tillidsfuldt_rum": (8, 5, 1, 0, 0, 0),
        "prioritet_data": (6, 5, 2, 1, 0, 0),
        "prioritet_erfaringsudveksling": (10, 4, 0, 0, 0, 0),
        "oplevet_faglige_droeftelser": (2, 6, 3, 2, 1, 0),
        "oplevet_faelles_motivation": (1, 5, 4, 3, 1, 0),
        "oplevet_tillidsfuldt_rum": (4, 7, 2, 1, 0, 0),
        "oplevet_data": (0, 2, 4, 5, 3, 0),
        "oplevet_erfaringsudveksling": (4, 7, 2, 1, 0, 0),
        "data_anvendt": (3, 10, 1),
        "data_oenske": (10, 3, 1),
        "data_barriere": (6, 4, 2, 1, 0, 1),
        "forbedringer": (4, 9, 1),
        "motivation_erfaringsudveksling": (5, 7, 2, 0, 0, 0),
        "motivation_retningslinjer": (2, 6, 5, 1, 0, 0),
        "motivation_eksterne_oplaeg": (3, 6, 4, 1, 0, 0),
        "motivation_patientcases": (2, 6, 4, 1, 0, 1),
        "motivation_data": (4, 6, 3, 1, 0, 0),
    },
}

# --------------------------------------------------------------------------------------------------------------------
# Other specialties: shares and answer profiles (probabilities in option order), perturbed per specialty
# --------------------------------------------------------------------------------------------------------------------
# (understoetter_kvalitet top-box share, forbedringer "Ja" share).
# LARGEST is left out: it gets whatever makes the national figures exact.
OTHER_SHARES: dict[str, tuple[str, str]] = {
    "Oto-rhino-laryngologi": ("0.68", "0.50"),
    "Psykiatri": ("0.60", "0.42"),
    "Gynækologi og obstetrik": ("0.70", "0.52"),
    "Ortopædisk kirurgi": ("0.62", "0.45"),
    "Intern medicin": ("0.66", "0.50"),
    "Reumatologi": ("0.72", "0.55"),
    "Neurologi": ("0.64", "0.44"),
    "Kirurgi": ("0.58", "0.40"),
    "Pædiatri": ("0.70", "0.52"),
    "Børne- og ungdomspsykiatri": ("0.62", "0.46"),
    "Anæstesiologi": ("0.55", "0.40"),
    "Radiologi": ("0.60", "0.47"),
    "Urologi": ("0.63", "0.46"),
}
KEY_TOP_SPLIT_P = (0.34, 0.66)  # I meget høj grad, I høj grad
KEY_REST_P = (0.74, 0.14, 0.04, 0.08)  # I nogen grad, I mindre grad, Slet ikke, Ved ikke
FORB_REST_P = (0.88, 0.12)  # Nej, Ved ikke
PROFILES: dict[str, tuple[float, ...]] = {
    "moededeltagelse": (0.62, 0.28, 0.07, 0.02, 0.01),
    "engagement_aktiv": (0.30, 0.45, 0.19, 0.05, 0.01, 0.0),
    "engagement_erfaringer": (0.27, 0.46, 0.21, 0.05, 0.01, 0.0),
    "engagement_emner": (0.17, 0.36, 0.31, 0.12, 0.03, 0.01),
    "prioritet_faglige_droeftelser": (0.58, 0.34, 0.06, 0.01, 0.0, 0.01),
    "prioritet_faelles_motivation": (0.38, 0.42, 0.15, 0.03, 0.01, 0.01),
    "prioritet_tillidsfuldt_rum": (0.55, 0.35, 0.08, 0.01, 0.0, 0.01),
    "prioritet_data": (0.26, 0.40, 0.22, 0.07, 0.02, 0.03),
    "prioritet_erfaringsudveksling": (0.64, 0.31, 0.04, 0.01, 0.0, 0.0),
    "oplevet_faglige_droeftelser": (0.32, 0.46, 0.16, 0.04, 0.01, 0.01),
    "oplevet_faelles_motivation": (0.20, 0.44, 0.25, 0.07, 0.02, 0.02),
    "oplevet_tillidsfuldt_rum": (0.42, 0.40, 0.12, 0.03, 0.01, 0.02),
    "oplevet_data": (0.04, 0.14, 0.32, 0.30, 0.16, 0.04),
    "oplevet_erfaringsudveksling": (0.38, 0.44, 0.14, 0.03, 0.0, 0.01),
    "data_anvendt": (0.24, 0.68, 0.08),
    "data_oenske": (0.63, 0.24, 0.13),
    "data_barriere": (0.36, 0.23, 0.18, 0.09, 0.06, 0.08),
    "motivation_erfaringsudveksling": (0.38, 0.42, 0.15, 0.03, 0.01, 0.01),
    "motivation_retningslinjer": (0.28, 0.44, 0.21, 0.04, 0.01, 0.02),
    "motivation_eksterne_oplaeg": (0.27, 0.43, 0.22, 0.05, 0.01, 0.02),
    "motivation_patientcases": (0.25, 0.42, 0.24, 0.06, 0.01, 0.02),
    "motivation_data": (0.16, 0.36, 0.30, 0.10, 0.03, 0.05),
}
PROFILE_CONCENTRATION = 80.0  # Dirichlet concentration of the per-specialty perturbation
ITEM_SKIP_RATE = 0.01  # completed respondents of the other specialties skip the odd non-key item
NO_SKIP = {"moededeltagelse", KEY_Q, FORB_Q}

# --------------------------------------------------------------------------------------------------------------------
# Free text: short synthetic sentences (no names, no identifying details)
# --------------------------------------------------------------------------------------------------------------------
FORB_TEXTS: dict[str, list[str]] = {
    DERMA: [
        "Ændret valg af præparat ved behandling af psoriasis.",
        "Ændret valg af præparat ved akne efter drøftelse af ny retningslinje.",
        "Justeret udredningspraksis ved mistanke om kontakteksem.",
        "Fast opfølgning på igangsat systemisk behandling.",
        "Bedre opfølgning på igangsatte behandlinger.",
        "Bedre henvisningspraksis til hospitalsafdeling.",
        "Mere ensartet diagnosekodning i klinikken.",
        "Forbedret journalføring af behandlingsplanen.",
    ],
    PLASTIK: [
        "Indført ny kirurgisk teknik efter oplæg på klyngemøde.",
        "Ændret håndtering af patologisvar med fast tilbagemelding til patienten.",
        "Ændret tilgang til kontrolforløb, så der sendes færre vævsprøver.",
        "Mere systematisk opfølgning efter operation.",
    ],
    "Oftalmologi": [
        "Ændret kontrolinterval ved grøn stær.",
        "Fast procedure for opfølgning efter injektionsbehandling.",
    ],
    "Oto-rhino-laryngologi": ["Ændret valg af præparat ved bihulebetændelse.", "Justeret udredning ved svimmelhed."],
    "Psykiatri": ["Systematisk brug af vurderingsskalaer ved opstart af behandling."],
    "Gynækologi og obstetrik": ["Opdateret procedure for opfølgning på celleprøver."],
    "Reumatologi": ["Fast monitorering af blodprøver ved biologisk behandling."],
    "Børne- og ungdomspsykiatri": ["Bedre samarbejde med kommunen om opfølgning."],
}
GENERIC_FORB_TEXTS = [
    "Justeret behandlingspraksis efter drøftelse af ny retningslinje.",
    "Indført fast procedure for opfølgning på prøvesvar.",
    "Bedre henvisningspraksis.",
    "Mere ensartet diagnosekodning.",
    "Forbedret journalføring.",
    "Ændret udredningspraksis efter erfaringsudveksling med kolleger.",
    "Indført tjekliste ved opstart af ny behandling.",
]
COMMENT_TEXTS: dict[str, list[str]] = {
    PLASTIK: [
        "Vi er et lille speciale, og et tættere samarbejde med dermatologi kunne give mere faglig motivation.",
        "Savner mere klyngemateriale til vores speciale.",
    ],
}
GENERIC_COMMENT_TEXTS = [
    "Møderne skal være fagligt relevante, praksisnære og direkte anvendelige.",
    "En klar dagsorden med tydelige mål gør møderne bedre.",
    "Værdien afhænger af, at alle deltager aktivt.",
    "God og tryg stemning i klyngen.",
    "Savner data fra egen praksis at drøfte.",
    "Gerne flere oplæg fra eksterne oplægsholdere.",
    "Opsamling og opfølgning fra gang til gang kunne være bedre.",
    "En åben tone og respekt for hinandens erfaringer er afgørende.",
]
FORB_TEXT_SHARE = Fraction(3, 5)  # of those answering "Ja" to forbedringer
COMMENT_SHARE = Fraction(1, 5)  # of completed respondents


# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------
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


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


# --------------------------------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------------------------------
def build(qn: Questionnaire, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_q = len(qn.questions)
    spec_of: list[str] = []
    cluster_of: list[str] = []
    status_of: list[str] = []
    stop_of: list[int] = []  # persons answer questions [0, stop); partials stop early, non-respondents at 0
    roster_rows = []
    for specialty, clusters in CLUSTERS.items():
        for name, members, invited, respondents in clusters:
            roster_rows.append((specialty, name, members))
            stops = [qn.index(q) for q in PARTIALS.get(name, [])]
            for i in range(invited):
                spec_of.append(specialty)
                cluster_of.append(name)
                if i < len(stops):
                    status_of.append("partial")
                    stop_of.append(stops[i])
                elif i < respondents:
                    status_of.append("completed")
                    stop_of.append(n_q)
                else:
                    status_of.append("not_answered")
                    stop_of.append(0)
    n = len(spec_of)
    spec_arr = np.array(spec_of, dtype=object)
    cluster_arr = np.array(cluster_of, dtype=object)
    stop = np.array(stop_of)
    completed = np.array([s == "completed" for s in status_of])

    # who answered which question: a prefix for partials, the odd skipped item for completed others
    answered = np.arange(n_q)[None, :] < stop[:, None]
    skippable = np.array([q.scale is not None and q.id not in NO_SKIP for q in qn.questions])
    others = ~np.isin(spec_arr, SEEDED)
    skip = rng.random((n, n_q)) < ITEM_SKIP_RATE
    answered &= ~(skip & skippable[None, :] & (others & completed)[:, None])

    answers = {q.id: np.full(n, "", dtype=object) for q in qn.questions}

    # national adjustment: exact top-box and "Ja" counts per specialty
    key_i, forb_i = qn.index(KEY_Q), qn.index(FORB_Q)
    specialties = list(CLUSTERS)
    key_base = {s: int(answered[spec_arr == s, key_i].sum()) for s in specialties}
    forb_base = {s: int(answered[spec_arr == s, forb_i].sum()) for s in specialties}
    key_top = {s: sum(CLUSTER_TOP[c[0]] for c in CLUSTERS[s]) for s in SEEDED}
    forb_ja = {s: SEEDED_COUNTS[s][FORB_Q][0] for s in SEEDED}
    for s, (top_share, ja_share) in OTHER_SHARES.items():
        key_top[s] = round_half_up(Fraction(top_share) * key_base[s])
        forb_ja[s] = round_half_up(Fraction(ja_share) * forb_base[s])
    total_top = national_target(sum(key_base.values()), NATIONAL_TOP)
    total_ja = national_target(sum(forb_base.values()), NATIONAL_JA)
    key_top[LARGEST] = total_top - sum(key_top.values())
    forb_ja[LARGEST] = total_ja - sum(forb_ja.values())

    grad = qn.questions[key_i].scale
    assert grad is not None
    top_codes = qn.groups[grad]["top_box"]
    top_pos = [qn.codes[grad].index(c) for c in top_codes]
    rest_pos = [i for i in range(len(qn.codes[grad])) if i not in top_pos]

    for s in specialties:
        in_spec = spec_arr == s
        names = [c[0] for c in CLUSTERS[s]]
        for qi, q in enumerate(qn.questions):
            if q.scale is None:
                continue
            who = answered[:, qi] & in_spec
            groups = [np.flatnonzero(who & (cluster_arr == c)) for c in names]
            sizes = [len(g) for g in groups]
            base = sum(sizes)
            k = len(qn.labels[q.scale])
            if q.id == KEY_Q:
                if s in SEEDED:
                    tops = [CLUSTER_TOP[c] for c in names]
                    top_split, rest_split = (np.array(x) for x in KEY_SPLIT[s])
                else:
                    tops = None
                    top_split = apportion(perturb(KEY_TOP_SPLIT_P, rng), key_top[s])
                    rest_split = apportion(perturb(KEY_REST_P, rng), base - key_top[s])
                if tops is None:
                    counts = np.zeros(k, dtype=np.int64)
                    counts[top_pos] = top_split
                    counts[rest_pos] = rest_split
                    table = deal(counts, sizes, rng)
                else:  # exact top box per cluster; the split within top and within rest is dealt at random
                    table = np.zeros((len(names), k), dtype=np.int64)
                    table[:, top_pos] = deal(top_split, tops, rng)
                    table[:, rest_pos] = deal(rest_split, [b - t for b, t in zip(sizes, tops, strict=True)], rng)
            elif s in SEEDED:
                table = deal(np.array(SEEDED_COUNTS[s][q.id]), sizes, rng)
            elif q.id == FORB_Q:
                counts = np.concatenate([[forb_ja[s]], apportion(perturb(FORB_REST_P, rng), base - forb_ja[s])])
                table = deal(counts, sizes, rng)
            else:
                table = deal(apportion(perturb(PROFILES[q.id], rng), base), sizes, rng)
            labels = np.array(qn.labels[q.scale], dtype=object)
            for g, row in zip(groups, table, strict=True):
                answers[q.id][g] = rng.permutation(np.repeat(labels, row))

    # free text
    ja = qn.label("ja_nej", 1)
    text_i, comment_i = qn.index(FORB_TEXT_Q), qn.index(COMMENT_Q)
    for s in specialties:
        in_spec = spec_arr == s
        cand = np.flatnonzero(in_spec & (stop > text_i) & (answers[FORB_Q] == ja))
        chosen = np.sort(rng.choice(cand, size=round_half_up(FORB_TEXT_SHARE * len(cand)), replace=False))
        pool = FORB_TEXTS.get(s, []) if s in SEEDED else FORB_TEXTS.get(s, []) + GENERIC_FORB_TEXTS
        answers[FORB_TEXT_Q][chosen] = [pool[i] for i in rng.integers(0, len(pool), size=len(chosen))]
        cand = np.flatnonzero(in_spec & (stop > comment_i))
        chosen = np.sort(rng.choice(cand, size=round_half_up(COMMENT_SHARE * len(cand)), replace=False))
        pool = COMMENT_TEXTS.get(s, []) + GENERIC_COMMENT_TEXTS
        answers[COMMENT_Q][chosen] = [pool[i] for i in rng.integers(0, len(pool), size=len(chosen))]

    frame = pd.DataFrame({"specialty": spec_arr, "cluster": cluster_arr, "status": status_of, **answers})
    frame = frame.iloc[rng.permutation(n)].reset_index(drop=True)
    frame.insert(0, "respondent_id", [f"R{i:04d}" for i in range(1, n + 1)])
    roster = pd.DataFrame(roster_rows, columns=["specialty", "cluster", "members"])
    return frame, roster


# --------------------------------------------------------------------------------------------------------------------
# Verification: plain pandas on the written files
# --------------------------------------------------------------------------------------------------------------------
def verify(qn: Questionnaire) -> dict[str, int]:
    df = pd.read_csv(SURVEY_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    roster = pd.read_csv(ROSTER_CSV, dtype={"members": int}, keep_default_na=False, encoding="utf-8")
    qids = [q.id for q in qn.questions]
    check(list(df.columns) == ["respondent_id", "specialty", "cluster", "status", *qids], "header")
    check(df["respondent_id"].is_unique, "respondent ids unique")
    check(set(df["status"]) == {"completed", "partial", "not_answered"}, "status values")
    for q in qn.questions:
        if q.scale is not None:
            check(set(df[q.id]) <= {"", *qn.labels[q.scale]}, f"labels of {q.id}")

    resp = df[df["status"].isin(RESPONDED)]
    non = df[df["status"] == "not_answered"]
    check(bool((non[qids] == "").all().all()), "non-respondents answer nothing")
    check(bool((resp["moededeltagelse"] != "").all()), "every respondent answered the first question")
    closed = [q.id for q in qn.questions if q.scale is not None]
    for _, row in df[df["status"] == "partial"].iterrows():
        filled = [row[q] != "" for q in qids]
        last = max(i for i, f in enumerate(filled) if f)
        check(all(row[q] != "" for q in qids[: last + 1] if q in closed), f"partial {row['respondent_id']}: prefix")
        check(not filled[-1], f"partial {row['respondent_id']} stops before the end")

    grad_top = qn.group_labels("grad", "top_box")
    nogen = qn.label("grad", 3)
    ved_ikke = qn.label("grad", 9)
    ja = qn.label("ja_nej", 1)
    nej = qn.label("ja_nej", 2)

    def answers(frame: pd.DataFrame, q: str) -> pd.Series:
        return frame.loc[frame[q] != "", q]

    def count_base(frame: pd.DataFrame, q: str, labels: list[str]) -> tuple[int, int]:
        a = answers(frame, q)
        return int(a.isin(labels).sum()), len(a)

    def share(frame: pd.DataFrame, q: str, labels: list[str]) -> Fraction:
        return Fraction(*count_base(frame, q, labels))

    # ---- Dermatologi and Plastikkirurgi, cluster by cluster ----
    for specialty, clusters in CLUSTERS.items():
        for name, members, invited, n_resp in clusters:
            got = roster.loc[(roster["specialty"] == specialty) & (roster["cluster"] == name), "members"]
            check(got.tolist() == [members], f"roster {name}")
            rows = df[(df["specialty"] == specialty) & (df["cluster"] == name)]
            check(len(rows) == invited, f"invited {name}")
            check(int(rows["status"].isin(RESPONDED).sum()) == n_resp, f"respondents {name}")
    expected = {
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
    for name, (base, top, pct) in expected.items():
        got_top, got_base = count_base(resp[resp["cluster"] == name], KEY_Q, grad_top)
        check((got_base, got_top) == (base, top), f"{name}: {got_top}/{got_base}")
        check(shown(top, base) == pct, f"{name}: {pct} pct.")

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
    check(len(rest) == 4 and (rest == ved_ikke).sum() >= 1, "Derma: 4 remaining incl. Ved ikke")
    derma_names = [c[0] for c in CLUSTERS[DERMA]]
    shares = [shown(*count_base(derma_resp[derma_resp["cluster"] == c], KEY_Q, grad_top)) for c in derma_names]
    check((int(min(shares)), int(max(shares))) == (58, 88), "Derma cluster spread 58-88")
    check(count_base(derma_resp, FORB_Q, [ja]) == (37, 73) and shown(37, 73) == 51, "Derma forbedringer 37/73")
    check(int((answers(derma_resp, FORB_Q) == qn.label("ja_nej", 9)).sum()) >= 2, "Derma forbedringer Ved ikke")
    mde = count_base(derma_resp, "moededeltagelse", qn.group_labels("deltagelse", "top_box"))
    check(mde == (70, 74), f"Derma moededeltagelse {mde}")

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

    # ---- national ----
    top, top_base = count_base(resp, KEY_Q, grad_top)
    ja_n, ja_base = count_base(resp, FORB_Q, [ja])
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

    # ---- consistency with the seed texts ----
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
    for frame, what in ((derma_resp, DERMA), (plast_resp, PLASTIK), (resp, "national")):
        check(share(frame, "data_oenske", [ja]) > Fraction(1, 2), f"{what}: data_oenske majority Ja")
        check(share(frame, "data_anvendt", [nej]) > Fraction(1, 2), f"{what}: data_anvendt mostly Nej")
        order = answers(frame, "data_barriere").value_counts()
        check(order.index[:2].tolist() == qn.labels["barriere"][:2], f"{what}: data_barriere order")
        check(order.iloc[0] > order.iloc[1] > order.iloc[2], f"{what}: data_barriere strict order")
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
    return {
        "invited": len(df),
        "respondents": len(resp),
        "top": top,
        "top_base": top_base,
        "ja": ja_n,
        "ja_base": ja_base,
    }


def main() -> None:
    qn = load_questionnaire()
    frame, roster = build(qn, np.random.default_rng(SEED))
    frame.to_csv(SURVEY_CSV, index=False, encoding="utf-8", lineterminator="\n")
    roster.to_csv(ROSTER_CSV, index=False, encoding="utf-8", lineterminator="\n")
    totals = verify(qn)
    print(f"wrote {SURVEY_CSV.name} ({len(frame)} rows) and {ROSTER_CSV.name} ({len(roster)} clusters)")
    print(
        f"  invited {totals['invited']}, respondents {totals['respondents']} "
        f"({float(shown(totals['respondents'], totals['invited'], 1))} pct.)"
    )
    print(
        f"  national {KEY_Q} top box {totals['top']}/{totals['top_base']} "
        f"({float(shown(totals['top'], totals['top_base'], 1))} pct.)"
    )
    print(
        f"  national {FORB_Q} Ja {totals['ja']}/{totals['ja_base']} "
        f"({float(shown(totals['ja'], totals['ja_base'], 1))} pct.)"
    )
    for path in (SURVEY_CSV, ROSTER_CSV):
        print(f"  sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    print("all targets hold")


if __name__ == "__main__":
    main()
