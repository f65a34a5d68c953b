"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | Path, payload: bytes) -> Path:
    """Write bytes through a temporary file in the same folder, then rename: never a half-written file.

    A failure (a full disk, an unwritable folder) removes the temporary file
    and leaves whatever stood at ``path`` before untouched. A device or a pipe
    at ``path`` (``/dev/null``, ``/dev/stdout``, a FIFO) is written to as it is,
    never replaced.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     atomic_write(Path(folder) / "a.txt", b"hej").read_text()
    'hej'
    """
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        # a device or a pipe (/dev/null, /dev/stdout, a FIFO): written to, never replaced by a file
        with path.open("wb") as stream:
            stream.write(payload)
        return path
    try:
        return _write_then_rename(path, payload)
    except OSError as exc:  # named by the file asked for, not by the temporary one beside it
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path.parent)) from exc
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from exc


def _write_then_rename(path: Path, payload: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=f".{path.name}.", suffix=".tmp") as f:
        tmp = Path(f.name)
        try:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        except BaseException:
            f.close()
            tmp.unlink(missing_ok=True)
            raise
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # e.g. ``path`` is a folder: no temporary file is left beside it
        raise
    return path
