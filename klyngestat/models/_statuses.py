"""The id columns and statuses of a response table, apart from the pydantic models (the checks need no model)."""

from __future__ import annotations

from typing import Literal

__all__ = ["ID_COLUMNS", "RESPONDENT_STATUSES", "STATUSES", "Status"]

Status = Literal["completed", "partial", "not_answered"]
STATUSES: tuple[Status, ...] = ("completed", "partial", "not_answered")
RESPONDENT_STATUSES: tuple[Status, ...] = ("completed", "partial")

#: The columns every response table has besides one column per question.
ID_COLUMNS = ("respondent_id", "specialty", "cluster", "status")
