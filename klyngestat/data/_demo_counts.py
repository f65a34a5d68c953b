"""The demo survey's answers as targets: exact count tables, answer profiles and free texts.

Part of the demo generator (:mod:`klyngestat.data.make_demo`): numbers and
sentences only, no code. Each closed answer of a seeded specialty comes from
an exact count table, in the scale's option order (as in the TOML); the other
specialties' from a profile perturbed per specialty.
"""

from __future__ import annotations

from fractions import Fraction

from klyngestat.data._demo_population import DERMA, FORB_Q, KEY_Q, PLASTIK

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
