"""The demo survey's population: specialties, clusters, who was invited and who answered, and the fixed targets.

Part of the demo generator (:mod:`klyngestat.data.make_demo`): numbers only,
no code. Dermatologi and Plastikkirurgi are the published fact sheets'
(``shared/seeds``); the other specialties are invented.
"""

from __future__ import annotations

from fractions import Fraction

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
