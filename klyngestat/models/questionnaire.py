"""The questionnaire: scales, their options and named groups, and questions."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from klyngestat.models._toml import read_toml

__all__ = [
    "DEFAULT_QUESTIONNAIRE",
    "Option",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireError",
    "Scale",
    "ScaleGroup",
    "load_questionnaire",
    "normalise_token",
]

DEFAULT_QUESTIONNAIRE = "ekvis_klyngearbejde.toml"

QuestionKind = Literal["closed", "text"]


def normalise_token(value: object) -> str:
    """Fold an answer token for matching: strip whitespace, casefold, drop ``.0`` (or Danish ``,0``) and the
    leading zeros of a whole number (a code is a number, however a spreadsheet wrote it).

    Parameters
    ----------
    value
        An answer as read: a code (int, float or text), a label or an alias.

    Examples
    --------
    >>> normalise_token("  I Høj grad\\r\\n")
    'i høj grad'
    >>> normalise_token(2.0), normalise_token("2,0"), normalise_token("02"), normalise_token("0")
    ('2', '2', '2', '0')
    """
    text = " ".join(str(value).split()).casefold()
    if text[-2:] in (".0", ",0") and text[:-2].lstrip("-").isdigit():
        text = text[:-2]
    if text.isascii() and text.lstrip("-").isdigit():
        text = str(int(text))
    return text


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer category of a scale."""

    code: int
    label: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    substantive: bool = True
    """False for answers outside the scale proper, such as "Ved ikke"."""


class ScaleGroup(_Frozen):
    """A named grouping of a scale's codes, such as the top box."""

    label: str = Field(min_length=1)
    codes: tuple[int, ...] = Field(min_length=1)


class Scale(_Frozen):
    """An ordered set of answer options with named groups.

    Options are listed from the most positive to the most negative; options
    with ``substantive = false`` ("Ved ikke") come last.
    """

    id: str
    options: tuple[Option, ...] = Field(min_length=1)
    groups: dict[str, ScaleGroup] = Field(default_factory=dict)
    top_box: str | None = None
    """Name of the group that is this scale's headline share."""
    neutral: int | None = None
    """Code of the middle category, where the scale has one."""

    @model_validator(mode="after")
    def _check(self) -> Scale:
        codes = [o.code for o in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError(f"scale {self.id!r}: option codes repeat: {codes}")
        tokens: dict[str, int] = {}
        for option in self.options:
            for token in (option.label, *option.aliases):
                key = normalise_token(token)
                if key in tokens and tokens[key] != option.code:
                    raise ValueError(f"scale {self.id!r}: label or alias {token!r} names two options")
                tokens[key] = option.code
        for name, group in self.groups.items():
            unknown = set(group.codes) - set(codes)
            if unknown:
                raise ValueError(f"scale {self.id!r}: group {name!r} names unknown codes {sorted(unknown)}")
        if self.top_box is not None and self.top_box not in self.groups:
            raise ValueError(f"scale {self.id!r}: top_box {self.top_box!r} is not one of its groups")
        if self.neutral is not None and self.neutral not in codes:
            raise ValueError(f"scale {self.id!r}: neutral code {self.neutral} is not an option")
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        """Option labels in scale order."""
        return tuple(o.label for o in self.options)

    @property
    def codes(self) -> tuple[int, ...]:
        """Option codes in scale order."""
        return tuple(o.code for o in self.options)

    @property
    def substantive_labels(self) -> tuple[str, ...]:
        """Labels of the options that are part of the scale proper."""
        return tuple(o.label for o in self.options if o.substantive)

    @property
    def non_substantive_labels(self) -> tuple[str, ...]:
        """Labels of options outside the scale proper, such as "Ved ikke"."""
        return tuple(o.label for o in self.options if not o.substantive)

    def token_map(self) -> dict[str, int]:
        """Map every accepted normalised token (code, label, alias) to its position."""
        mapping: dict[str, int] = {}
        for position, option in enumerate(self.options):
            mapping[normalise_token(option.code)] = position
            for token in (option.label, *option.aliases):
                mapping[normalise_token(token)] = position
        return mapping

    def describe_options(self) -> str:
        """The accepted answers in words, for error messages."""
        return "one of " + ", ".join(f"{o.code} ({o.label})" for o in self.options)

    def group(self, name: str) -> ScaleGroup:
        """Return the named group, with a clear error naming those that exist.

        Parameters
        ----------
        name
            The group's name in the scale's ``groups`` (such as ``"top_box"``).
        """
        try:
            return self.groups[name]
        except KeyError:
            known = ", ".join(sorted(self.groups)) or "none"
            raise KeyError(f"scale {self.id!r} has no group {name!r}; its groups: {known}") from None

    def group_positions(self, name: str) -> tuple[int, ...]:
        """Positions (0-based, in scale order) of the named group's codes.

        Parameters
        ----------
        name
            The group's name in the scale's ``groups``.
        """
        codes = set(self.group(name).codes)
        return tuple(i for i, o in enumerate(self.options) if o.code in codes)

    def option_by_code(self, code: int) -> Option:
        """Return the option with this code.

        Parameters
        ----------
        code
            The option's integer code on the scale.
        """
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(f"scale {self.id!r} has no option with code {code}")


class Question(_Frozen):
    """One question (or one item of a battery) of the questionnaire."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=1)
    kind: QuestionKind = "closed"
    scale: str | None = None
    section: str
    battery: str | None = None
    """Id of the battery (matrix question) this item belongs to."""
    item: str | None = None
    """The item's own short text within its battery."""

    @model_validator(mode="after")
    def _check(self) -> Question:
        if self.kind == "closed" and self.scale is None:
            raise ValueError(f"question {self.id!r}: a closed question needs a scale")
        if self.kind == "text" and self.scale is not None:
            raise ValueError(f"question {self.id!r}: a free-text question has no scale")
        return self


class Questionnaire(_Frozen):
    """Scales and questions of one questionnaire."""

    id: str
    title: str
    sections: dict[str, str] = Field(default_factory=dict)
    """Section id -> heading."""
    batteries: dict[str, str] = Field(default_factory=dict)
    """Battery id -> the battery's question text."""
    scales: dict[str, Scale]
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _check(self) -> Questionnaire:
        ids = [q.id for q in self.questions]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"question ids repeat: {repeated}")
        for q in self.questions:
            if q.scale is not None and q.scale not in self.scales:
                raise ValueError(f"question {q.id!r} uses unknown scale {q.scale!r}")
            if q.section not in self.sections:
                raise ValueError(f"question {q.id!r} is in unknown section {q.section!r}")
            if q.battery is not None and q.battery not in self.batteries:
                raise ValueError(f"question {q.id!r} is in unknown battery {q.battery!r}")
        return self

    @property
    def question_ids(self) -> tuple[str, ...]:
        """All question ids in questionnaire order."""
        return tuple(q.id for q in self.questions)

    def question(self, question_id: str) -> Question:
        """Return a question by id, with an error naming the known ids.

        Parameters
        ----------
        question_id
            The question's id in the questionnaire.
        """
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"unknown question {question_id!r}; known questions: {', '.join(self.question_ids)}")

    def scale_of(self, question_id: str) -> Scale:
        """Return the scale of a closed question.

        Parameters
        ----------
        question_id
            A closed question's id; a free-text question has no scale.
        """
        q = self.question(question_id)
        if q.scale is None:
            raise ValueError(f"question {question_id!r} is free text and has no scale")
        return self.scales[q.scale]

    def closed_questions(self) -> tuple[Question, ...]:
        """Closed questions in questionnaire order."""
        return tuple(q for q in self.questions if q.kind == "closed")

    def battery_items(self, battery: str) -> tuple[Question, ...]:
        """Items of a battery in questionnaire order.

        Parameters
        ----------
        battery
            The battery's id (a key of ``batteries``).
        """
        return tuple(q for q in self.questions if q.battery == battery)


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used, with the file named."""


def _from_mapping(data: Mapping[str, Any], source: str) -> Questionnaire:
    scales = {sid: {"id": sid, **body} for sid, body in dict(data.get("scales", {})).items()}
    try:
        return Questionnaire.model_validate({**data, "scales": scales})
    except ValidationError as exc:
        raise QuestionnaireError(f"{source}: not a valid questionnaire:\n{exc}") from None


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """Load a questionnaire from a TOML file; without a path, the bundled eKVIS one.

    Parameters
    ----------
    path
        A TOML file with ``[scales.<id>]`` tables and ``[[questions]]`` entries,
        or ``None`` for the bundled questionnaire.

    Returns
    -------
    Questionnaire

    Examples
    --------
    >>> q = load_questionnaire()
    >>> q.scale_of("understoetter_kvalitet").group("top_box").label
    'i høj eller meget høj grad'
    """
    data, source = read_toml(path, bundled=DEFAULT_QUESTIONNAIRE, what="questionnaire", error=QuestionnaireError)
    return _from_mapping(data, source)
