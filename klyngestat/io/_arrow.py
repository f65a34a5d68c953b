"""numpy arrays to and from pyarrow arrays through their buffers, so that pyarrow does not import pandas.

pyarrow imports pandas (when it is installed) the first time an array is
made from Python objects (``pa.array``) or converted with ``to_numpy``; that
import costs more than reading and validating a survey's CSV file. These
helpers move the few arrays the readers need through the arrays' buffers
instead. They take and give arrays without nulls.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = ["empty", "from_ints", "from_mask", "from_texts", "ints", "mask", "texts"]


def ints(array: pa.Array) -> np.ndarray:
    """An integer array's values (a view of its buffer)."""
    import pyarrow as pa

    kind = "i" if pa.types.is_signed_integer(array.type) else "u"
    dtype = np.dtype(f"{kind}{array.type.bit_width // 8}")
    if not len(array):
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize)


def mask(array: pa.Array) -> np.ndarray:
    """A boolean array as a numpy array of bool."""
    if not len(array):
        return np.zeros(0, dtype=bool)
    bits = np.unpackbits(np.frombuffer(array.buffers()[1], dtype=np.uint8), bitorder="little")
    return bits[array.offset : array.offset + len(array)].astype(bool)


def texts(array: pa.Array) -> np.ndarray:
    """A string array's values as an object array of str."""
    if "pandas" in sys.modules:  # nothing left to spare: pyarrow's own conversion is the quicker
        values: np.ndarray = array.to_numpy(zero_copy_only=False).astype(object, copy=False)
        return values
    out = np.empty(len(array), dtype=object)
    out[:] = array.to_pylist()
    return out


def empty(array: pa.Array) -> np.ndarray:
    """Where a string array's values are the empty text (from its offsets)."""
    import pyarrow as pa

    if not len(array):
        return np.zeros(0, dtype=bool)
    dtype = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array) + 1, offset=array.offset * np.dtype(dtype).itemsize
    )
    blank: np.ndarray = np.diff(offsets) == 0
    return blank


def from_ints(values: np.ndarray) -> pa.Array:
    """Positions (any integer array) as a pyarrow int64 array."""
    import pyarrow as pa

    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def from_mask(values: np.ndarray) -> pa.Array:
    """A numpy array of bool as a pyarrow boolean array."""
    import pyarrow as pa

    bits = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def from_texts(values: Sequence[str]) -> pa.Array:
    """Python strings as a pyarrow string array."""
    import pyarrow as pa

    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    offsets[1:] = np.cumsum([len(e) for e in encoded], dtype=np.int64)
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )
