"""Free-text answers for manual coding: never in a fact sheet or JSON, only through this explicit export."""

from __future__ import annotations

import numpy as np
import pandas as pd

from klyngestat.stats.spread import DEFAULT_MIN_N
from klyngestat.survey import Survey

__all__ = ["POOLED_CLUSTER", "free_text_table"]

POOLED_CLUSTER = "Øvrige klynger (færre end {min_n} svar)"


def free_text_table(
    survey: Survey, question: str, *, specialty: str | None = None, min_n: int = DEFAULT_MIN_N, seed: int = 0
) -> pd.DataFrame:
    """A free-text question's answers for manual coding, without respondent ids.

    Answers are listed with their specialty and cluster; clusters with fewer
    than ``min_n`` answers to the question are pooled within their specialty
    (as "Øvrige klynger (færre end 5 svar)"), and if the pool itself has fewer
    than ``min_n`` answers its cluster is left blank. Rows are shuffled with a
    fixed seed, so the order does not follow the input's (and its ids).

    Parameters
    ----------
    survey
        The survey.
    question
        A free-text question id, e.g. ``"forbedringer_tekst"``.
    specialty
        Keep only this specialty.
    min_n
        Clusters with fewer answers are pooled.
    seed
        Seed of the shuffle.

    Returns
    -------
    pandas.DataFrame
        Columns ``specialty``, ``cluster``, ``answer``.

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> table = free_text_table(demo_survey(), "forbedringer_tekst", specialty="Plastikkirurgi")
    >>> list(table.columns), "respondent_id" in table.columns
    (['specialty', 'cluster', 'answer'], False)
    """
    survey.require_question(question)
    if survey.questionnaire.question(question).kind != "text":
        raise ValueError(f"{question!r} is a closed question; free_text_table takes a free-text question")
    frame = survey.frame
    keep = survey.respondent_mask & frame[question].notna().to_numpy()
    if specialty is not None:
        survey.require_specialty(specialty)
        keep &= (frame["specialty"] == specialty).to_numpy()
    table = pd.DataFrame(
        {
            "specialty": frame.loc[keep, "specialty"].astype(str).to_numpy(),
            "cluster": frame.loc[keep, "cluster"].astype(str).to_numpy(),
            "answer": frame.loc[keep, question].astype(str).to_numpy(),
        }
    )
    sizes = table.groupby(["specialty", "cluster"])["answer"].transform("size")
    pooled = POOLED_CLUSTER.format(min_n=min_n)
    table.loc[sizes < min_n, "cluster"] = pooled
    pool_sizes = table.groupby(["specialty", "cluster"])["answer"].transform("size")
    table.loc[(table["cluster"] == pooled) & (pool_sizes < min_n), "cluster"] = ""
    order = np.random.default_rng(seed).permutation(len(table))
    return table.iloc[order].reset_index(drop=True)
