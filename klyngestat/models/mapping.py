"""The mapping file that says which SurveyXact export variables are which."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from klyngestat.models._toml import read_toml

__all__ = [
    "DEFAULT_STATUS_CODES",
    "STATUS_CODE_NAMES",
    "MappedStatus",
    "MappingError",
    "SurveyXactMapping",
    "example_mapping_path",
    "load_mapping",
    "mapping_from_dict",
]

MappedStatus = Literal["completed", "partial", "not_answered", "not_invited"]

#: SurveyXact's "Samlet status" codes and their Danish names.
STATUS_CODE_NAMES: dict[int, str] = {
    1: "Ny",
    2: "Distribueret",
    3: "Nogen svar",
    4: "Gennemført",
    5: "Frafaldet",
}

#: What each status code means unless the mapping's ``[status]`` table says otherwise.
DEFAULT_STATUS_CODES: dict[int, MappedStatus] = {
    1: "not_invited",
    2: "not_answered",
    3: "partial",
    4: "completed",
    5: "not_answered",
}

_VARIABLE = r"^\S(.*\S)?$"


class SurveyXactMapping(BaseModel):
    """Which export variables hold the specialty, the cluster and each question.

    Attributes
    ----------
    specialty, cluster
        The background variables holding the specialty and the cluster
        (closed with value labels, or open text).
    respondent_id
        The respondent id variable; by default SurveyXact's own
        ``respondentid`` (short name ``responde``).
    status_question
        The question name of the five status dummies (``<name>_1`` …
        ``<name>_5``); by default ``statoverall`` (short name ``stato``).
    questions
        klyngestat question id -> export variable: a single-choice or
        open-text variable (``s_1``), or the question name of a
        multiple-choice question (``s_4``) whose dummies ``s_4_k`` are read
        through the Structure table.
    status
        SurveyXact status code (1–5) -> ``completed``, ``partial``,
        ``not_answered`` or ``not_invited``; codes left out keep their
        defaults (:data:`DEFAULT_STATUS_CODES`).

    Examples
    --------
    >>> m = SurveyXactMapping(specialty="speciale", cluster="klynge",
    ...                       questions={"understoetter_kvalitet": "s_2"}, status={5: "not_invited"})
    >>> m.status_codes[1], m.status_codes[5], m.status_codes[4]
    ('not_invited', 'not_invited', 'completed')
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    specialty: str = Field(pattern=_VARIABLE)
    cluster: str = Field(pattern=_VARIABLE)
    respondent_id: str | None = Field(default=None, pattern=_VARIABLE)
    status_question: str | None = Field(default=None, pattern=_VARIABLE)
    questions: dict[str, str] = Field(default_factory=dict)
    status: dict[int, MappedStatus] = Field(default_factory=dict)

    @field_validator("questions")
    @classmethod
    def _check_questions(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k, v in value.items() if not v.strip() or v != v.strip()]
        if bad:
            raise ValueError(f"blank or padded variable name for question(s) {', '.join(bad)}")
        return value

    @field_validator("status")
    @classmethod
    def _check_status(cls, value: dict[int, MappedStatus]) -> dict[int, MappedStatus]:
        bad = sorted(k for k in value if k not in STATUS_CODE_NAMES)
        if bad:
            raise ValueError(f"status codes are 1 to 5, not {', '.join(map(str, bad))}")
        return value

    @model_validator(mode="after")
    def _check_repeats(self) -> SurveyXactMapping:
        used: dict[str, list[str]] = {}
        for key, variable in (("specialty", self.specialty), ("cluster", self.cluster), *self.questions.items()):
            used.setdefault(variable, []).append(key)
        repeated = {v: keys for v, keys in used.items() if len(keys) > 1}
        if repeated:
            raise ValueError(
                "a variable may be mapped only once: "
                + "; ".join(f"{v!r} is mapped to {', '.join(keys)}" for v, keys in repeated.items())
            )
        return self

    @property
    def status_codes(self) -> dict[int, MappedStatus]:
        """Every status code 1–5 with what it means: the defaults updated by ``[status]``."""
        return {**DEFAULT_STATUS_CODES, **self.status}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and every wrong key."""


_ALLOWED = ", ".join(SurveyXactMapping.model_fields)


def _describe(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            lines.append(f"  - {key}: unknown key (allowed: {_ALLOWED}; questions go under [questions])")
        elif error["type"] == "missing":
            lines.append(f"  - {key}: required key is missing")
        elif error["type"] == "literal_error":
            lines.append(f"  - {key}: {error['input']!r} is not completed, partial, not_answered or not_invited")
        elif error["type"] == "string_pattern_mismatch":
            lines.append(f"  - {key}: {error['input']!r} is not a variable name (blank or padded with spaces)")
        else:
            lines.append(f"  - {key}: {error['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


def mapping_from_dict(data: Mapping[str, Any], source: str = "<mapping>") -> SurveyXactMapping:
    """Validate a mapping given as a dict, raising :class:`MappingError` naming every wrong key.

    Parameters
    ----------
    data
        The mapping's keys and values, as :func:`load_mapping` reads them from TOML.
    source
        Where the mapping came from, named in the error.
    """
    try:
        return SurveyXactMapping.model_validate(dict(data))
    except ValidationError as exc:
        raise MappingError(f"{source}: not a valid SurveyXact mapping:\n{_describe(exc)}") from None


def load_mapping(path: str | Path) -> SurveyXactMapping:
    """Load a SurveyXact mapping from a TOML file.

    Parameters
    ----------
    path
        A TOML file with top-level ``specialty`` and ``cluster`` (and
        optionally ``respondent_id``, ``status_question``), a ``[questions]``
        table and an optional ``[status]`` table.

    Returns
    -------
    SurveyXactMapping

    Raises
    ------
    MappingError
        When the file cannot be read, is not TOML, or has wrong keys or values
        (all of them are named at once).

    Examples
    --------
    >>> mapping = load_mapping(example_mapping_path())
    >>> mapping.specialty, mapping.questions["understoetter_kvalitet"]
    ('speciale', 's_2')
    """
    data, source = read_toml(path, bundled="", what="mapping", error=MappingError)
    return mapping_from_dict(data, source)


def example_mapping_path() -> Path:
    """Path of the bundled, documented example mapping for the eKVIS questionnaire."""
    return Path(str(resources.files("klyngestat.data").joinpath("surveyxact_mapping_example.toml")))
