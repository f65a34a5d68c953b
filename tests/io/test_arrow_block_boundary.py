"""A line break inside a quoted field that falls on the column-wise reader's block boundary loses nothing.

pyarrow's CSV reader splits a file into blocks (1 MiB here) and, with line breaks allowed in values, must
not split inside a quoted field; a report (apache/arrow#51368) says a CRLF there could lose a byte. The
file below puts the CRLF of a free-text answer at the boundary and one to two bytes around it.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pv
import pytest

from klyngestat import read_survey
from klyngestat.io import _csv_read

HEADER = "respondent_id,specialty,cluster,status,understoetter_kvalitet,kommentarer\r\n"


def _file(tmp_path: Path, shift: int) -> tuple[Path, str]:
    """A file whose row 'X' has a quoted comment with a CRLF at byte ``block size + shift``; and that comment."""
    filler = [f"R{i:06d},Dermatologi,Derma – Nord,completed,I høj grad,en kommentar\r\n" for i in range(20_000)]
    head = HEADER + "".join(filler[:14_000])
    start = len(head.encode()) + len("X,Dermatologi,Derma – Nord,completed,I høj grad,".encode()) + 1
    pad = _csv_read._BLOCK_SIZE + shift - start
    assert pad > 0
    comment = "x" * pad + "\r\nanden linje"
    text = head + f'X,Dermatologi,Derma – Nord,completed,I høj grad,"{comment}"\r\n' + "".join(filler[14_000:])
    data = text.encode("utf-8")
    assert data[_csv_read._BLOCK_SIZE + shift : _csv_read._BLOCK_SIZE + shift + 2] == b"\r\n"
    path = tmp_path / f"svar_{shift}.csv"
    path.write_bytes(data)
    return path, comment


@pytest.mark.parametrize("shift", [-2, -1, 0, 1, 2])
def test_a_crlf_in_a_quoted_field_on_a_block_boundary_is_read_whole(tmp_path: Path, shift: int, monkeypatch):
    path, comment = _file(tmp_path, shift)
    sizes = []

    def spy(*args, **kwargs):
        sizes.append(kwargs["read_options"].block_size)
        return read_csv(*args, **kwargs)

    read_csv = pv.read_csv
    monkeypatch.setattr(pv, "read_csv", spy)
    survey = read_survey(path)
    assert sizes == [_csv_read._BLOCK_SIZE]  # the column-wise reader read it, in blocks
    frame = survey.frame.set_index("respondent_id")
    assert len(frame) == 20_001
    # free text keeps its line breaks as "\n" (docs/input.md), every other character as written
    assert frame.loc["X", "kommentarer"] == comment.replace("\r\n", "\n")
    assert (frame["kommentarer"].drop("X") == "en kommentar").all()
