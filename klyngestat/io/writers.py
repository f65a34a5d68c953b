"""Write tables for people to open: UTF-8 CSV that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from klyngestat.models._files import atomic_write

__all__ = ["FORMULA_STARTS", "formula_safe", "unsafe_cell", "write_canonical_csv"]

#: A cell starting with one of these is taken for a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unsafe_cell(text: str) -> bool:
    r"""Whether a spreadsheet could run the cell, or an invisible first character hides how it starts.

    True for a formula start (:data:`FORMULA_STARTS`), a control character
    (NUL and the other C0/C1 controls except a line feed) and an invisible
    format character (a byte-order mark, a bidirectional or zero-width mark),
    which could hide a formula start behind it or reorder what the reader sees.

    Examples
    --------
    >>> [unsafe_cell(t) for t in ["=1+1", "I høj grad", "\ufeff=1+1", "\u202e=1+1", "\x00x", "\nTekst", ""]]
    [True, False, True, True, True, False, False]
    """
    if not text:
        return False
    if text.startswith(FORMULA_STARTS):
        return True
    first = text[0]
    return first != "\n" and unicodedata.category(first) in ("Cc", "Cf")


def formula_safe(values: pd.Series) -> pd.Series:
    r"""Text cells that a spreadsheet would run as a formula, prefixed with a single quote.

    A cell is unsafe when :func:`unsafe_cell` says so: a formula start, or a
    control or invisible format character in front.

    Only the distinct values are inspected, so a long categorical column costs
    no more than its categories. Blank cells stay blank; the series is not
    modified.

    Examples
    --------
    >>> formula_safe(pd.Series(["=1+1", "I høj grad", None, "-2", "@SUM(A1)"])).tolist()
    ["'=1+1", 'I høj grad', None, "'-2", "'@SUM(A1)"]
    >>> formula_safe(pd.Series(["\ufeff=HYPERLINK(0)"])).tolist()
    ["'\ufeff=HYPERLINK(0)"]
    """
    cells = values.astype(object).to_numpy(dtype=object, copy=True)
    present = values.notna().to_numpy()
    cells[~present] = None
    unsafe = [v for v in pd.unique(cells[present]) if unsafe_cell(str(v))]
    if unsafe:
        hit = pd.Series(cells).isin(unsafe).to_numpy() & present
        cells[hit] = ["'" + str(v) for v in cells[hit]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def write_canonical_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a response table as UTF-8, comma-separated CSV that is safe to open in a spreadsheet.

    Every cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (or a control or invisible format character such as a byte-order
    mark or a bidirectional mark) gets a leading single quote (OWASP's advice against CSV injection),
    so free text such as ``=HYPERLINK(…)`` is shown, not run. Blank cells are
    written empty. The frame is not modified.

    Parameters
    ----------
    frame
        A table in the canonical format (``respondent_id, specialty, cluster,
        status`` and one column per question), e.g. from
        :func:`klyngestat.io.surveyxact.surveyxact_to_canonical`.
    path
        Where to write it.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> frame = pd.DataFrame({"respondent_id": ["1"], "specialty": ["Dermatologi"], "cluster": ["Nord"],
    ...                       "status": ["completed"], "kommentarer": ["=1+1"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_canonical_csv(frame, Path(folder) / "svar.csv")
    ...     print(out.read_text("utf-8"), end="")
    respondent_id,specialty,cluster,status,kommentarer
    1,Dermatologi,Nord,completed,'=1+1
    """
    safe = pd.DataFrame({name: formula_safe(frame[name]) for name in frame.columns}, index=frame.index)
    text = safe.to_csv(index=False, lineterminator="\n")
    return atomic_write(path, text.encode("utf-8"))
