"""A Release's records as JSON-able data, and as a table file (CSV or Parquet) with the provenance beside."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from klyngestat.models._files import atomic_write
from klyngestat.models._json import json_line
from klyngestat.release.records import Record

__all__ = ["clean", "record_data", "write_table"]


def clean(value: object) -> object:
    """A value as JSON-able data: NaN as None, in dicts, lists and tuples too (tuples as lists).

    Parameters
    ----------
    value
        The value.
    """
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def record_data(record: Record) -> dict[str, object]:
    """A record as JSON-able data, NaN as None (what ``clean(record.to_dict())`` gives, without its walk).

    Parameters
    ----------
    record
        The record.
    """
    data = record.to_dict()
    for name, value in data.items():
        if value.__class__ is float and value != value:  # NaN
            data[name] = None
    data["detail"] = clean(record.detail)
    return data


def write_table(frame: pd.DataFrame, data: Mapping[str, object], path: Path, fmt: str) -> Path:
    """Write the records as CSV or Parquet, atomically, and the rest of the release beside (``.provenance.json``).

    Parameters
    ----------
    frame
        One row per record (``Release.to_frame()``); its ``detail`` and ``inputs`` are written as JSON text.
    data
        The release as data (``Release.to_dict()``): all but its records go to the provenance file.
    path
        The file to write.
    fmt
        ``csv`` or ``parquet``.
    """
    frame["detail"] = [json_line(clean(d)) for d in frame["detail"]]
    frame["inputs"] = [json_line(list(d)) for d in frame["inputs"]]
    if fmt == "csv":
        from klyngestat.io.writers import formula_safe

        safe = pd.DataFrame({c: formula_safe(frame[c]) if frame[c].dtype == object else frame[c] for c in frame})
        # CRLF, as a spreadsheet expects: a lone CR inside a cell is then quoted, never a new row
        atomic_write(path, safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
    else:
        try:
            import pyarrow  # type: ignore[import-untyped]  # noqa: F401
        except ImportError:
            raise RuntimeError("writing Parquet needs pyarrow: pip install 'klyngestat[parquet]'") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            tmp = Path(handle.name)
        try:
            frame.to_parquet(tmp, index=False)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    meta = {k: v for k, v in data.items() if k != "records"}
    atomic_write(
        path.with_suffix(path.suffix + ".provenance.json"), json.dumps(meta, ensure_ascii=False, indent=1).encode()
    )
    return path
