"""The hashes of a Release's provenance: the validated data's, the decoys' secret key, the input files'."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from klyngestat.survey import Survey

__all__ = ["data_chunks", "data_digests", "file_hash"]


def data_digests(survey: Survey) -> tuple[str, bytes]:
    """SHA-256 of the validated data (published in the provenance), and the secret key of the decoy draws.

    The data are hashed column by column, row order kept: the column's name,
    then for a column of categories its distinct values in sorted order and
    each row's place among them (missing: -1), for any other column its rows'
    text and which rows are missing. The figures are the same whatever file
    the data came from and whatever order its categories were read in.

    The key is the hash of the same data under another prefix, never
    published: knowing the published data hash does not give it, and without
    the data (ids, every answer) no one can reproduce the draws.

    Parameters
    ----------
    survey
        The validated survey whose frame is hashed.
    """
    published = hashlib.sha256()
    secret = hashlib.sha256(b"klyngestat decoy key\0")
    for chunk in data_chunks(survey.frame):
        published.update(chunk)
        secret.update(chunk)
    return published.hexdigest(), secret.digest()


def data_chunks(frame: pd.DataFrame) -> Iterator[bytes]:
    """The bytes a frame is hashed from, column by column (see :func:`data_digests`).

    Parameters
    ----------
    frame
        The survey's frame.
    """
    for name in frame.columns:
        column = frame[name]
        yield f"\0{len(str(name))}:{name}".encode()
        if isinstance(column.dtype, pd.CategoricalDtype):
            codes = column.array.codes  # -1: missing
            n_categories = len(column.cat.categories)
            used = np.flatnonzero(np.bincount(codes.astype(np.intp) + 1, minlength=n_categories + 1)[1:])
            values = [str(v) for v in column.cat.categories[used]]
            order = sorted(range(len(values)), key=values.__getitem__)
            # one slot past the categories holds -1, which is where a missing code (-1) looks
            place = np.full(n_categories + 1, -1, dtype=np.int8 if len(values) < 128 else np.int32)
            place[used[order]] = np.arange(len(order))
            yield _texts([values[i] for i in order])
            yield place[codes].tobytes()
        else:
            missing = column.isna().to_numpy()
            yield np.packbits(missing).tobytes()
            yield _texts(list(map(str, np.where(missing, "", column.to_numpy(object)))))


def _texts(values: list[str]) -> bytes:
    """Texts as bytes that tell them apart, whatever they hold: their lengths (in characters), then their UTF-8."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return lengths.tobytes() + "".join(values).encode("utf-8", "surrogatepass")


def file_hash(path: Path) -> str:
    """SHA-256 of a file, read a megabyte at a time.

    Parameters
    ----------
    path
        The file.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
