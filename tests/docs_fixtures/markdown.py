"""Code blocks of a Markdown file, as tests/test_docs_run.py runs them.

A block is a fence (```` ```python ````, ```` ```console ```` …) or, in README.md, an indented block; an HTML
comment ``<!-- docs-run: … -->`` on the line before it (blank lines aside) is its marker. A shell block's
lines are commands; in a block with ``$ `` prompts, the lines after a command are its output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SHELL = {"", "bash", "sh", "console"}
SHOWN = {"text", "json", "toml"}
"""Fences that show data, output or a grammar: not run (a ``file`` marker writes them)."""

MARKER = re.compile(r"<!--\s*docs-run:\s*(.*?)\s*-->")
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+)\s*(?P<info>[^\s`]*)\s*$")


@dataclass(frozen=True)
class Block:
    """One code block of a Markdown file."""

    file: str
    line: int  # of the opening fence, or of an indented block's first line
    info: str  # the fence's language, "" for none, "indented" for an indented block
    text: str
    marker: str  # what a docs-run comment right before it says, "" without one

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def kind(self) -> str:
        if self.info == "python":
            return "python"
        if self.info in SHELL or (self.info == "indented" and self.file == "README.md"):
            return "shell"
        return "shown"


@dataclass(frozen=True)
class Command:
    """One line of a shell block, and in a console block the output shown after it."""

    line: int
    text: str
    output: str | None


def read_blocks(name: str) -> list[Block]:
    """The fenced blocks of a Markdown file, and its indented blocks (after a blank line, outside lists)."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        indented = lines[i].startswith("    ") and (i == 0 or not lines[i - 1].strip()) and _outside_list(lines, i)
        if not fence and not indented:
            i += 1
            continue
        start, body = i, []
        if fence:
            indent, ticks = len(fence["indent"]), fence["fence"]
            i += 1
            while i < len(lines) and lines[i].strip() != ticks:
                body.append(lines[i][indent:])
                i += 1
            i += 1
        else:
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
        before = next((s.strip() for s in reversed(lines[:start]) if s.strip()), "")
        marker = MARKER.fullmatch(before)
        info = fence["info"] if fence else "indented"
        text = "\n".join(body).strip("\n") + "\n"
        blocks.append(Block(name, start + 1, info, text, marker[1] if marker else ""))
    return blocks


def _outside_list(lines: list[str], i: int) -> bool:
    """An indented line is a code block unless it continues a list item above it."""
    for previous in reversed(lines[:i]):
        if previous.strip() and not previous.startswith("    "):
            return not re.match(r"\s*([-*+]|\d+\.)\s", previous)
    return True


def commands(block: Block) -> list[Command]:
    """A shell block's command lines: ``$ `` lines and their output in a console block, else every line."""
    lines = block.text.splitlines()
    if not any(line.startswith("$ ") for line in lines):
        return [Command(block.line + 1 + n, line.strip(), None) for n, line in enumerate(lines) if line.strip()]
    found: list[Command] = []
    for n, line in enumerate(lines):
        if line.startswith("$ "):
            found.append(Command(block.line + 1 + n, line[2:].strip(), None))
        elif not found:
            raise AssertionError(f"{block.where}: a console block starts with a command line ('$ …'): {line!r}")
        else:
            last = found[-1]
            output = line if last.output is None else f"{last.output}\n{line}"
            found[-1] = Command(last.line, last.text, output)
    return found
