"""Write tables for people to open: UTF-8 CSV that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_STARTS", "formula_safe", "write_canonical_csv"]

#: A cell starting with one of these is taken for a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(values: pd.Series) -> pd.Series:
    """Text cells that a spreadsheet would run as a formula, prefixed with a single quote.

    Only the distinct values are inspected, so a long categorical column costs
    no more than its categories. Blank cells stay blank; the series is not
    modified.

    Examples
    --------
    >>> formula_safe(pd.Series(["=1+1", "I høj grad", None, "-2", "@SUM(A1)"])).tolist()
    ["'=1+1", 'I høj grad', None, "'-2", "'@SUM(A1)"]
    """
    cells = values.astype(object).to_numpy(dtype=object, copy=True)
    present = values.notna().to_numpy()
    cells[~present] = None
    unsafe = [v for v in pd.unique(cells[present]) if str(v).startswith(FORMULA_STARTS)]
    if unsafe:
        hit = pd.Series(cells).isin(unsafe).to_numpy() & present
        cells[hit] = ["'" + str(v) for v in cells[hit]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def write_canonical_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a response table as UTF-8, comma-separated CSV that is safe to open in a spreadsheet.

    Every cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading single quote (OWASP's advice against CSV injection),
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
    out = Path(path)
    safe = pd.DataFrame({name: formula_safe(frame[name]) for name in frame.columns}, index=frame.index)
    safe.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return out
