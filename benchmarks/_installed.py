"""Time klyngestat in fresh processes as it runs once installed: with its bytecode written.

``pip install`` compiles a package's modules to bytecode; an editable install
leaves that to the first import, which writes nothing when
PYTHONDONTWRITEBYTECODE is set (the project's build machine sets it). Every
fresh process would then compile klyngestat's ~60 modules again (about
0.13 s), which no installed copy does. The benchmarks that start processes
write the bytecode first, as the installer would, and say so.
"""

from __future__ import annotations

import compileall
import os
from importlib.util import find_spec
from pathlib import Path


def write_bytecode() -> str:
    """Compile klyngestat's modules to ``__pycache__`` (as pip does); a line saying what was done."""
    spec = find_spec("klyngestat")
    if spec is None or spec.origin is None:
        raise SystemExit("klyngestat is not importable: install it first (pip install -e .)")
    package = Path(spec.origin).parent
    ok = compileall.compile_dir(package, quiet=1)
    if not ok:
        raise SystemExit(f"could not write bytecode under {package}")
    env = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return f"klyngestat's bytecode written under {package} as pip install does (PYTHONDONTWRITEBYTECODE {env})"
