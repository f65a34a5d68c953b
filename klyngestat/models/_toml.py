"""Read a TOML configuration file (or a bundled one) with errors that name the file."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


def read_toml(
    path: str | Path | None, *, bundled: str, what: str, error: type[Exception]
) -> tuple[dict[str, Any], str]:
    """The parsed file and its name for messages; ``path=None`` reads ``klyngestat/data/<bundled>``.

    Raises ``error`` naming the file when it cannot be read, is not UTF-8, or is not TOML.
    """
    if path is None:
        text = resources.files("klyngestat.data").joinpath(bundled).read_text("utf-8")
        source = f"<bundled {bundled}>"
    else:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise error(f"{source}: cannot read {what}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise error(f"{source}: a {what} file must be UTF-8 text") from None
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{source}: not valid TOML: {exc}") from None
