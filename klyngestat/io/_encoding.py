"""A CSV file's text encoding, told line by line when the file is not all of one encoding.

A file is UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252 (what
Danish Excel writes). When a whole file decodes as one of them, that is the
whole story and costs one decode. When it does not (a cp1252 line pasted into
a UTF-8 file, or the other way round), each line with non-ASCII bytes is
looked at on its own: the lines of the encoding most lines use are read as
such, the others in the encoding that reads them, and every such line is
reported with its number and bytes, so nothing is changed silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from klyngestat.models.problems import Problem

__all__ = ["OddLine", "SniffedEncoding", "decode_lines", "encoding_problems", "sniff_encoding"]

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A line with at least one non-ASCII byte; anchored, so that ASCII lines are skipped in one pass each.
_NON_ASCII_LINE = re.compile(rb"^[^\n]*[\x80-\xff][^\n]*", re.MULTILINE)
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")
_SHOWN_RUNS = 5
_CHUNK = 1 << 22
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
"""The bytes that Python's cp1252 codec does not decode: a file without them is cp1252 text."""

TextEncoding = Literal["utf-8", "cp1252"]


@dataclass(frozen=True)
class OddLine:
    """A line not in the file's encoding: its 1-based number, byte span, and the encoding that reads it."""

    number: int
    start: int
    end: int
    read_as: TextEncoding | None  # None: neither UTF-8 nor cp1252 reads it


@dataclass(frozen=True)
class SniffedEncoding:
    """The encoding of most of a file (a Python codec name) and the lines that are in another one."""

    encoding: str
    odd_lines: tuple[OddLine, ...] = ()


def sniff_encoding(data: bytes) -> SniffedEncoding:
    """The file's encoding, and every line that is not in it.

    Examples
    --------
    >>> sniff_encoding("navn,æble\\n".encode("utf-8"))
    SniffedEncoding(encoding='utf-8', odd_lines=())
    >>> sniff_encoding("navn,æble\\n".encode("cp1252"))
    SniffedEncoding(encoding='cp1252', odd_lines=())
    >>> sniff_encoding("a,ø\\n".encode("utf-8") + "b,ø\\n".encode("cp1252") + "c,å\\n".encode("utf-8"))
    SniffedEncoding(encoding='utf-8', odd_lines=(OddLine(number=2, start=5, end=8, read_as='cp1252'),))
    """
    if data.startswith(_UTF16_BOMS):
        return SniffedEncoding("utf-16")
    bom = data.startswith(_UTF8_BOM)
    body = memoryview(data)[len(_UTF8_BOM) if bom else 0 :]
    if _decodes_all(body, "utf-8"):
        return SniffedEncoding("utf-8-sig" if bom else "utf-8")
    # Not all UTF-8. Without a single valid multi-byte UTF-8 character it is cp1252 throughout (the common case,
    # told by a scan of the bytes); otherwise the lines are looked at one by one.
    if not bom and not _has_utf8_character(body) and not any(byte in data for byte in _CP1252_UNDEFINED):
        return SniffedEncoding("cp1252")
    return _sniff_lines(data, len(_UTF8_BOM) if bom else 0, bom)


def _decodes_all(data: memoryview, encoding: str) -> bool:
    """Whether the bytes are all text in the encoding, told a chunk at a time (never a copy of the whole file)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(data[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _has_utf8_character(data: memoryview) -> bool:
    """Whether a valid multi-byte UTF-8 character is anywhere in the bytes.

    Such a character starts with a lead byte directly followed by a
    continuation byte: a file without that pair (most cp1252 files) is told by
    a vectorised scan. Only one with it is decoded.
    """
    for start in range(0, len(data), _CHUNK):
        # One byte more, so that a pair across the chunks' boundary is seen.
        chunk = np.frombuffer(data[start : start + _CHUNK + 1], dtype=np.uint8)
        before_continuation = chunk[np.flatnonzero((chunk[1:] & 0xC0) == 0x80)]
        if np.any((before_continuation >= 0xC2) & (before_continuation <= 0xF4)):
            break
    else:
        return False
    decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
    for start in range(0, len(data), _CHUNK):
        if not decoder.decode(data[start : start + _CHUNK]).isascii():
            return True
    return not decoder.decode(b"", final=True).isascii()


def _sniff_lines(data: bytes, offset: int, bom: bool) -> SniffedEncoding:
    utf8: list[tuple[int, int, int]] = []
    other: list[tuple[int, int, int]] = []
    number, counted = 1, 0
    for match in _NON_ASCII_LINE.finditer(data):
        number += data.count(b"\n", counted, match.start())
        counted = match.start()
        line = (number, max(match.start(), offset), match.end())  # a BOM is not part of the first line's text
        try:
            data[line[1] : line[2]].decode("utf-8")
            utf8.append(line)
        except UnicodeDecodeError:
            other.append(line)
    # A BOM says UTF-8; otherwise the encoding most lines are in (UTF-8 on a tie) is the file's.
    if bom or len(utf8) >= len(other):
        odd = [OddLine(n, s, e, "cp1252" if _decodes(data[s:e], "cp1252") else None) for n, s, e in other]
        return SniffedEncoding("utf-8-sig" if bom else "utf-8", tuple(odd))
    odd = [OddLine(n, s, e, "utf-8") for n, s, e in utf8]
    odd += [OddLine(n, s, e, None) for n, s, e in other if not _decodes(data[s:e], "cp1252")]
    return SniffedEncoding("cp1252", tuple(sorted(odd, key=lambda line: line.number)))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def decode_lines(data: bytes, sniffed: SniffedEncoding) -> str:
    """The file's text, each odd line decoded as the encoding that reads it (U+FFFD where none does), BOM dropped."""
    base = "utf-8" if sniffed.encoding == "utf-8-sig" else sniffed.encoding
    pieces: list[str] = []
    position = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    for line in sniffed.odd_lines:
        pieces.append(data[position : line.start].decode(base))
        pieces.append(data[line.start : line.end].decode(line.read_as or "cp1252", errors="replace"))
        position = line.end
    pieces.append(data[position:].decode(base))
    return "".join(pieces)


def encoding_problems(data: bytes, sniffed: SniffedEncoding, source: str) -> list[Problem]:
    """One problem per odd line: a warning when another encoding reads it, an error when none does."""
    base = "UTF-8" if sniffed.encoding.startswith("utf-8") else sniffed.encoding
    problems: list[Problem] = []
    for line in sniffed.odd_lines:
        raw = data[line.start : line.end]
        text = raw.decode(line.read_as or "cp1252", errors="replace").rstrip("\r")
        if line.read_as is None:
            problems.append(
                Problem(
                    "error",
                    "undecodable_line",
                    f"the line is neither UTF-8 nor cp1252 text: bytes {_bytes_shown(raw, None)}",
                    file=source,
                    row=line.number,
                    value=text,
                    expected="text in one encoding; save the file as CSV UTF-8",
                )
            )
            continue
        problems.append(
            Problem(
                "warning",
                "mixed_encoding",
                f"the line is not {base} like the rest of the file; read as {line.read_as}: "
                f"bytes {_bytes_shown(raw, line.read_as)}",
                file=source,
                row=line.number,
                value=text,
                expected=f"{base} like the other lines; check the line, and save the file in one encoding (CSV UTF-8)",
            )
        )
    return problems


def _bytes_shown(raw: bytes, encoding: TextEncoding | None) -> str:
    """The line's distinct runs of non-ASCII bytes, each with what it reads as: ``f8 -> 'ø'``."""
    runs = list(dict.fromkeys(m.group() for m in _NON_ASCII_RUN.finditer(raw)))
    shown = [
        f"{run.hex(' ')}" + (f" -> {run.decode(encoding, errors='replace')!r}" if encoding else "")
        for run in runs[:_SHOWN_RUNS]
    ]
    return ", ".join(shown) + (f", … ({len(runs)} different)" if len(runs) > _SHOWN_RUNS else "")
