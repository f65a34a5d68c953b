"""Free-text answers for manual coding: never in a fact sheet or JSON, only through this explicit export.

The export carries nothing that links a text to a person: no respondent id,
clusters with fewer than ``min_n`` answers pooled within their specialty, and
the rows in a fresh random order on every call (drawn from the operating
system's entropy, so no seed can undo it back to the input's order). Written
with :func:`write_free_text`, the file is formula-safe and written whole or
not at all.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from klyngestat.io.writers import formula_safe
from klyngestat.models._files import atomic_write
from klyngestat.release.options import DEFAULT_MIN_N
from klyngestat.survey import Survey

__all__ = ["FREE_TEXT_COLUMNS", "POOLED_CLUSTER", "free_text_table", "write_free_text"]

POOLED_CLUSTER = "Øvrige klynger (færre end {min_n} svar)"
"""The cluster of answers pooled from a specialty's small clusters."""

FREE_TEXT_COLUMNS = ("specialty", "cluster", "answer")
"""The columns of the export: nothing else about the respondent."""


def free_text_table(
    survey: Survey, question: str, *, specialty: str | None = None, min_n: int = DEFAULT_MIN_N
) -> pd.DataFrame:
    """A free-text question's answers for manual coding, without ids and in a fresh random order.

    Answers are listed with their specialty and cluster; clusters with fewer
    than ``min_n`` answers to the question are pooled within their specialty
    (as "Øvrige klynger (færre end 5 svar)"), and if the pool itself has fewer
    than ``min_n`` answers its cluster is left blank. The rows are shuffled
    anew on every call, from the operating system's entropy (no seed), so the
    order says nothing of the input's rows or ids.

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

    Returns
    -------
    pandas.DataFrame
        Columns ``specialty``, ``cluster``, ``answer`` (:data:`FREE_TEXT_COLUMNS`).

    Examples
    --------
    >>> from klyngestat import demo_survey
    >>> table = free_text_table(demo_survey(), "forbedringer_tekst", specialty="Plastikkirurgi")
    >>> list(table.columns), "respondent_id" in table.columns
    (['specialty', 'cluster', 'answer'], False)
    """
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, not {min_n}")
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
        },
        columns=list(FREE_TEXT_COLUMNS),
    )
    sizes = table.groupby(["specialty", "cluster"])["answer"].transform("size")
    pooled = POOLED_CLUSTER.format(min_n=min_n)
    table.loc[sizes < min_n, "cluster"] = pooled
    pool_sizes = table.groupby(["specialty", "cluster"])["answer"].transform("size")
    table.loc[(table["cluster"] == pooled) & (pool_sizes < min_n), "cluster"] = ""
    # A fresh generator seeded from the OS: a fixed or published seed would let the order be undone.
    order = np.random.default_rng().permutation(len(table))
    return table.iloc[order].reset_index(drop=True)


def write_free_text(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a free-text export as CSV for Danish Excel: UTF-8 with BOM, ``;``-separated, formula-safe, atomic.

    Every cell a spreadsheet could run (starting with ``=``, ``+``, ``-``,
    ``@``, a tab, a carriage return, or a control or invisible character in
    front) gets a leading single quote, as
    :func:`klyngestat.io.writers.formula_safe` does for ``klyngestat
    convert``. Line breaks inside an answer stay inside its quoted cell. The
    file is written through a temporary file and renamed, so a failure leaves
    no half-written file.

    Parameters
    ----------
    table
        The export, as :func:`free_text_table` gives it. A table with a
        respondent id column is refused.
    path
        Where to write it (the folder is created when missing).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        The table has a respondent id column.
    OSError
        The file could not be written (e.g. a read-only folder); nothing was written.

    Examples
    --------
    >>> import tempfile
    >>> table = pd.DataFrame({"specialty": ["Dermatologi"], "cluster": [""], "answer": ["=1+1\\nog mere"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     raw = write_free_text(table, Path(folder) / "fritekst.csv").read_bytes()
    >>> raw.startswith(b"\\xef\\xbb\\xbf"), raw.decode("utf-8-sig").splitlines()
    (True, ['specialty;cluster;answer', 'Dermatologi;;"\\'=1+1', 'og mere"'])
    """
    if "respondent_id" in table.columns:
        raise ValueError("the free-text export must not carry respondent_id: drop it, or use free_text_table")
    out = Path(path)
    safe = pd.DataFrame({name: formula_safe(table[name]) for name in table.columns}, columns=table.columns)
    text = safe.to_csv(index=False, sep=";", lineterminator="\r\n")
    try:
        return atomic_write(out, text.encode("utf-8-sig"))
    except OSError as error:
        message = f"could not write the free-text export ({error.strerror or error}); nothing was written"
        if error.errno is None:
            raise type(error)(f"{message}: {out}") from error
        raise type(error)(error.errno, message, str(out)) from error
