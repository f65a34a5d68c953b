"""Write tables for people to open: UTF-8 CSV that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from klyngestat.models._files import atomic_write

__all__ = ["FORMULA_STARTS", "NUL_REPLACEMENT", "formula_safe", "unsafe_cell", "write_canonical_csv"]

#: A cell starting with one of these is taken for a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

#: What a NUL character in a cell is written as: U+FFFD, the replacement character (a NUL byte is never written).
NUL_REPLACEMENT = "\ufffd"


def unsafe_cell(text: str) -> bool:
    r"""Whether a spreadsheet could run the cell, or an invisible first character hides how it starts.

    True for a formula start (:data:`FORMULA_STARTS`: ``= + - @``, tab,
    carriage return, line feed), any other control character (NUL and the rest
    of C0 and C1) and an invisible format character (a byte-order mark, a
    bidirectional control such as U+202E, a zero-width mark), which could hide
    a formula start behind it or reorder what the reader sees. Only the first
    character decides.

    Parameters
    ----------
    text
        One cell's text.

    Examples
    --------
    >>> [unsafe_cell(t) for t in ["=1+1", "I høj grad", "\ufeff=1+1", "\u202e=1+1", "\x00x", "\nTekst", ""]]
    [True, False, True, True, True, True, False]
    """
    if not text:
        return False
    return text.startswith(FORMULA_STARTS) or unicodedata.category(text[0]) in ("Cc", "Cf")


def _safe_cell(text: str) -> str:
    """One cell as written: a leading quote when :func:`unsafe_cell`, NUL as :data:`NUL_REPLACEMENT`."""
    safe = "'" + text if unsafe_cell(text) else text
    return safe.replace("\x00", NUL_REPLACEMENT)


def formula_safe(values: pd.Series) -> pd.Series:
    r"""Text cells that a spreadsheet would run as a formula, prefixed with a single quote; no NUL characters.

    A cell is unsafe when :func:`unsafe_cell` says so: a formula start, or a
    control or invisible format character in front. Every NUL character, in
    front or anywhere else, is replaced by U+FFFD (:data:`NUL_REPLACEMENT`,
    the replacement character), so no NUL byte is ever written; a cell that
    started with NUL is still quoted.

    Only the distinct values are inspected, so a long categorical column costs
    no more than its categories. Blank cells stay blank; the series is not
    modified.

    Parameters
    ----------
    values
        A column of cells (any dtype; each cell is written as its text).

    Returns
    -------
    pd.Series
        The cells as written, an object series with the same index and name.

    Examples
    --------
    >>> formula_safe(pd.Series(["=1+1", "I høj grad", None, "-2", "@SUM(A1)"])).tolist()
    ["'=1+1", 'I høj grad', None, "'-2", "'@SUM(A1)"]
    >>> formula_safe(pd.Series(["\ufeff=HYPERLINK(0)", "\x00=1", "a\x00b"])).tolist()
    ["'\ufeff=HYPERLINK(0)", "'\ufffd=1", 'a\ufffdb']
    """
    cells = values.astype(object).to_numpy(dtype=object, copy=True)
    present = values.notna().to_numpy()
    cells[~present] = None
    distinct = ((v, str(v)) for v in pd.unique(cells[present]))
    changed = {v: safe for v, text in distinct if (safe := _safe_cell(text)) != text}
    if changed:
        hit = pd.Series(cells).isin(list(changed)).to_numpy() & present
        cells[hit] = [changed[v] for v in cells[hit]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def write_canonical_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a response table as UTF-8, comma-separated CSV that is safe to open in a spreadsheet.

    Every cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
    return or a line feed (or another control or invisible format character
    such as NUL, a byte-order mark or a bidirectional control) gets a leading
    single quote (OWASP's advice against CSV injection), so free text such as
    ``=HYPERLINK(…)`` is shown, not run; NUL characters are written as U+FFFD
    (see :func:`formula_safe`). Lines end in CR LF, and a cell holding a line
    break of either kind is quoted. Blank cells are written empty. The frame is
    not modified.

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
    # CRLF line ends (RFC 4180): the csv module quotes a cell holding any character of the line end, and with
    # "\n" alone a carriage return inside a cell was written bare, so a spreadsheet broke the row there and a
    # "=..." after it became a new row's unquoted first cell.
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return atomic_write(path, text.encode("utf-8"))
