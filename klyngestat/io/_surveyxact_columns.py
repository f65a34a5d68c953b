"""Turn a SurveyXact export's variables into canonical columns: labels, status, choices, privacy checks.

Private to :mod:`klyngestat.io.surveyxact`. Work is column-wise: each
distinct cell of a variable is looked up once (codes through the Labels
table, labels against the questionnaire's scale); Python loops run over
categories, and over rows only to build a problem for a bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from klyngestat.io._columns import clean, clean_lines
from klyngestat.io._surveyxact_tables import RESPONDENT_ID_NAMES, Choice, Export, Meta
from klyngestat.models.mapping import STATUS_CODE_NAMES, MappedStatus
from klyngestat.models.problems import Problem, ProblemCode, Severity
from klyngestat.models.questionnaire import Questionnaire, Scale, normalise_token

#: Question names of the five status dummies, long then short.
STATUS_QUESTION_NAMES = ("statoverall", "stato")
#: Variables that name or reach a person; never mapped into a survey.
PERSONAL_VARIABLES = frozenset(
    {
        "email",
        "e-mail",
        "e_mail",
        "mail",
        "navn",
        "name",
        "fornavn",
        "efternavn",
        "firstname",
        "lastname",
        "fullname",
        "telefon",
        "phone",
        "mobil",
        "mobile",
        "cpr",
        "adresse",
        "address",
    }
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_WHOLE_FLOAT = re.compile(r"^(-?\d+)\.0+$")


@dataclass(frozen=True)
class Column:
    """One canonical column made from the export, and where its cells came from."""

    values: pd.Categorical[str]
    variable: str
    """The export variable (or question name) the column came from, as problems name it."""
    location: str
    """The table (file, or "file [sheet]") that holds it."""


@dataclass(frozen=True)
class Status:
    """Each row's status from the five status variables, and where they are."""

    statuses: np.ndarray
    """Each row's status as mapped (``not_invited`` included)."""
    broken: np.ndarray
    """Rows whose five status variables do not hold exactly one 1."""
    variable: str
    location: str


class Converter:
    """Turns the export's variables into canonical columns, collecting problems."""

    def __init__(self, export: Export, meta: Meta, questionnaire: Questionnaire, mapping_source: str) -> None:
        self.export = export
        self.meta = meta
        self.questionnaire = questionnaire
        self.mapping_source = mapping_source
        self.problems: list[Problem] = []
        self.used: set[str] = set()
        self.n = len(next(iter(export.dataset.values())))
        self.folded = {name.casefold(): name for name in reversed(list(export.dataset))}

    # -- helpers

    def find(self, variable: str) -> str | None:
        """The dataset's name of a variable, matched exactly or else case-insensitively."""
        if variable in self.export.dataset:
            return variable
        return self.folded.get(variable.casefold())

    @property
    def dataset_location(self) -> str:
        """The (first) table holding the dataset."""
        return next(iter(self.export.rows), self.export.source)

    def location(self, variable: str) -> str:
        return self.export.where.get(variable, self.export.source)

    def row(self, variable: str, position: int | np.integer) -> int:
        return int(self.export.rows[self.location(variable)][int(position)])

    def problem(
        self,
        severity: Severity,
        code: ProblemCode,
        message: str,
        *,
        variable: str | None = None,
        position: int | np.integer | None = None,
        column: str | None = None,
        value: str | None = None,
        expected: str | None = None,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        """Record a problem; a dataset cell is given by its variable and position."""
        if row is None and variable is not None and position is not None:
            row = self.row(variable, position)
        self.problems.append(
            Problem(
                severity,
                code,
                message,
                file=file or (self.location(variable) if variable else self.export.source),
                row=row,
                column=column or variable,
                value=value,
                expected=expected,
            )
        )

    def missing(self, variable: str, what: str) -> None:
        self.problem(
            "error",
            "missing_variable",
            f"{what} names variable {variable!r}, which the export does not have",
            file=self.dataset_location,
            column=variable,
            value=variable,
            expected="a variable of the dataset (its header row), or a multiple-choice question name of Structure",
        )

    def take(self, variable: str, what: str) -> str | None:
        """The dataset's variable for a mapped name, unless it is missing or personal (both reported)."""
        found = self.find(variable)
        if found is None:
            self.missing(variable, what)
            return None
        self.used.add(found)
        if found.casefold() in PERSONAL_VARIABLES:
            self.problem(
                "error",
                "personal_data",
                f"{what} names {found!r}, a personal variable; e-mail addresses, names and phone numbers "
                "never go into a survey",
                variable=found,
                expected="a variable that holds no personal data",
            )
            return None
        return found

    def refuse_email(self, column: Column, what: str) -> None:
        """Report a column whose cells hold e-mail addresses (without repeating them)."""
        hits = np.flatnonzero([bool(_EMAIL.search(str(c))) for c in column.values.categories])
        if len(hits):
            mask = np.isin(column.values.codes, hits)
            self.problem(
                "error",
                "personal_data",
                f"{what}: {int(mask.sum())} cell(s) hold an e-mail address, which must never reach a result "
                "(the addresses are not repeated here)",
                variable=column.variable,
                position=int(np.flatnonzero(mask)[0]),
                expected="a variable that holds no personal data",
            )

    def report_unlabelled(self, variable: str, unlabelled: list[int]) -> None:
        if not unlabelled:
            return
        column = self.export.dataset[variable]
        labels = self.meta.labels.get(variable, {})
        known = ", ".join(f"{code} ({label.text})" for code, label in labels.items()) or "none"
        for pos in np.flatnonzero(np.isin(column.codes, unlabelled)):
            self.problem(
                "error",
                "unlabelled_code",
                f"the code has no label in the Labels table for {variable}",
                variable=variable,
                position=pos,
                value=str(column[pos]),
                expected=f"a code the Labels table lists for {variable}: {known}",
            )

    def decoded(self, variable: str) -> Column:
        """A variable's cells as text: through the Labels table when it has labels, else as they are."""
        column = self.export.dataset[variable]
        labels = self.meta.labels.get(variable)
        texts: list[str | None] = []
        unlabelled: list[int] = []
        for i, category in enumerate(column.categories):
            if not labels:
                texts.append(clean(category))
                continue
            token = normalise_token(category)
            label = labels.get(token)
            if token and label is None:
                unlabelled.append(i)
            texts.append(label.text if label else None)
        self.report_unlabelled(variable, unlabelled)
        return Column(_recode(column, texts), variable, self.location(variable))

    # -- columns

    def respondent_ids(self, mapped: str | None) -> Column | None:
        if mapped is None:
            found = next((v for name in RESPONDENT_ID_NAMES if (v := self.find(name)) is not None), None)
            if found is None:
                self.problem(
                    "error",
                    "missing_variable",
                    "the export has no respondent id variable",
                    file=self.dataset_location,
                    value=" or ".join(RESPONDENT_ID_NAMES),
                    expected="SurveyXact's respondentid (short name responde), or respondent_id in the mapping",
                )
                return None
            mapped = found
        variable = self.take(mapped, "the mapping's respondent_id")
        if variable is None:
            return None
        raw = self.export.dataset[variable]
        texts = [_WHOLE_FLOAT.sub(r"\1", clean(c)) for c in raw.categories]  # 1234.0 is id 1234
        column = Column(_recode(raw, texts), variable, self.location(variable))
        self.refuse_email(column, "respondent_id")
        return column

    def background(self, key: str, mapped: str) -> Column | None:
        variable = self.take(mapped, f"the mapping's {key}")
        if variable is None:
            return None
        column = self.decoded(variable)
        self.refuse_email(column, key)
        return column

    def status(self, mapped: str | None, codes: dict[int, MappedStatus]) -> Status | None:
        """Each row's status from the five 0/1 status variables."""
        prefixes = (mapped,) if mapped else STATUS_QUESTION_NAMES
        for prefix in prefixes:
            found = [self.find(f"{prefix}_{k}") for k in STATUS_CODE_NAMES]
            names = [v for v in found if v is not None]
            if len(names) == len(STATUS_CODE_NAMES):
                break
        else:
            lacking = [f"{prefixes[0]}_{k}" for k in STATUS_CODE_NAMES if self.find(f"{prefixes[0]}_{k}") is None]
            self.problem(
                "error",
                "missing_variable",
                "the export lacks the five status variables of the question 'Samlet status'",
                file=self.dataset_location,
                value=", ".join(lacking),
                expected="statoverall_1 … statoverall_5 (short names stato_1 … stato_5), "
                "or status_question in the mapping",
            )
            return None
        self.used.update(names)
        ones = np.zeros((self.n, len(names)), dtype=bool)
        odd = np.zeros(self.n, dtype=bool)
        for k, name in enumerate(names):
            one, bad = _dummy(self.export.dataset[name])
            ones[:, k] = one
            odd |= bad
        count = ones.sum(axis=1)
        broken = odd | (count != 1)
        label = f"{names[0]}…{names[-1]}"
        for pos in np.flatnonzero(broken):
            cells = ",".join(clean(self.export.dataset[name][pos]) for name in names)
            self.problem(
                "error",
                "invalid_status",
                "the five status variables must hold exactly one 1"
                + (" (they hold none)" if count[pos] == 0 and not odd[pos] else ""),
                variable=names[0],
                position=pos,
                column=label,
                value=cells,
                expected="one 1 and four 0 (or blank): 1 Ny, 2 Distribueret, 3 Nogen svar, 4 Gennemført, 5 Frafaldet",
            )
        table = np.array([codes[k] for k in STATUS_CODE_NAMES], dtype=object)
        return Status(table[np.argmax(ones, axis=1)], broken, label, self.location(names[0]))

    def question(self, question_id: str, mapped: str) -> Column | None:
        question = self.questionnaire.question(question_id)
        if self.find(mapped) is None and mapped in self.meta.multiple:
            if question.kind == "text":
                self.used.update(v for c in self.meta.multiple[mapped] if (v := self.find(c.variable)) is not None)
                what = "a multiple-choice question of the export (one 0/1 variable per choice in its Structure table)"
                self.kind_mismatch(question_id, mapped, what)
                return None
            return self.multiple_choice(question_id, mapped)
        variable = self.take(mapped, f"the mapping's question {question_id}")
        if variable is None:
            return None
        kind = self.meta.kinds.get(variable, "").casefold()
        if question.kind == "text":
            if kind == "closed" or (not kind and self.meta.labels.get(variable)):
                where = (
                    "questionType 'Closed' in its Structure table"
                    if kind
                    else "not in its Structure table, but with value labels in its Labels table"
                )
                self.kind_mismatch(question_id, variable, f"a closed variable of the export ({where})")
                return None
            return self.free_text(variable)
        if kind == "open":
            self.kind_mismatch(
                question_id,
                variable,
                "an open-text variable of the export (questionType 'Open' in its Structure table)",
            )
            return None
        return self.closed(question_id, variable)

    def kind_mismatch(self, question_id: str, mapped: str, what: str) -> None:
        """A closed question mapped to an open-text variable, or a free-text question to a closed one."""
        text = self.questionnaire.question(question_id).kind == "text"
        self.problem(
            "error",
            "kind_mismatch",
            f"the mapping's [questions] maps the {'free-text' if text else 'closed'} question {question_id} "
            f"to {mapped}, {what}",
            file=self.mapping_source,
            column=mapped,
            value=f"{question_id} = {mapped!r}",
            expected=(
                f"an open-text variable (questionType Open) for {question_id}, or {mapped} mapped to a closed question"
                if text
                else f"a closed (single-choice) variable or a multiple-choice question name for {question_id}, "
                f"or {mapped} mapped to a free-text question"
            ),
        )

    def free_text(self, variable: str) -> Column:
        """An open-text variable's cells as they are, line breaks kept as "\\n"."""
        column = self.export.dataset[variable]
        texts = [clean_lines(c) for c in column.categories]
        return Column(_recode(column, texts), variable, self.location(variable))

    def closed(self, question_id: str, variable: str) -> Column:
        """A single-choice variable: code -> the export's label -> the questionnaire's option."""
        scale = self.questionnaire.scale_of(question_id)
        column = self.export.dataset[variable]
        labels = self.meta.labels.get(variable, {})
        positions = _label_positions(scale)
        lookup = np.full(len(column.categories) + 1, -1, dtype=np.int64)
        unlabelled: list[int] = []
        unknown: dict[str, int] = {}
        for i, category in enumerate(column.categories):
            token = normalise_token(category)
            label = labels.get(token)
            if not token:
                continue
            if label is None:
                unlabelled.append(i)
            elif (position := positions.get(normalise_token(label.text))) is None:
                unknown[token] = i
            else:
                lookup[i] = position
        self.report_unlabelled(variable, unlabelled)
        codes = np.asarray(column.codes, dtype=np.int64)
        for token, label in labels.items():
            if normalise_token(label.text) in positions:
                continue
            used = np.flatnonzero(codes == unknown[token]) if token in unknown else np.array([], dtype=np.int64)
            chose = (
                f"{len(used)} row(s) of the dataset chose it, the first at row {self.row(variable, used[0])}"
                if len(used)
                else "no row chose it"
            )
            self.problem(
                "error" if len(used) else "warning",
                "unknown_label",
                f"the label of code {token} of {variable} is not an option of scale {scale.id!r} "
                f"({question_id}); {chose}",
                file=self.export.labels.location if self.export.labels else None,
                row=label.row,
                column=variable,
                value=label.text,
                expected=f"{scale.describe_options()}, or an alias added to the questionnaire",
            )
        values = pd.Categorical.from_codes(
            lookup[np.where(codes >= 0, codes, len(column.categories))], categories=pd.Index(scale.labels), ordered=True
        )
        return Column(values, variable, self.location(variable))

    def multiple_choice(self, question_id: str, name: str) -> Column | None:
        """A multiple-choice question: the one ticked dummy's choice, through Structure's choiceValue."""
        question = self.questionnaire.question(question_id)
        scale = self.questionnaire.scale_of(question_id) if question.kind == "closed" else None
        positions = _label_positions(scale) if scale else {}
        own_labels = self.meta.labels.get(name, {})
        structure = self.export.structure.location if self.export.structure else None
        chosen = np.full(self.n, -1, dtype=np.int64)
        count = np.zeros(self.n, dtype=np.int64)
        texts: list[str] = []
        ticked: list[tuple[Choice, str, np.ndarray]] = []
        for choice in self.meta.multiple[name]:
            variable = self.take(choice.variable, f"the Structure table's choice {choice.value} of {name}")
            if variable is None:
                continue
            one, bad = _dummy(self.export.dataset[variable])
            for pos in np.flatnonzero(bad):
                self.problem(
                    "error",
                    "unlabelled_code",
                    f"a choice variable of the multiple-choice question {name} holds neither 0 nor 1",
                    variable=variable,
                    position=pos,
                    value=str(self.export.dataset[variable][pos]),
                    expected="1 (ticked), 0 or blank (not ticked)",
                )
            # The choice's label: the Labels table's, where it lists the question's choice values, else choiceText.
            label = own_labels[choice.value].text if choice.value in own_labels else choice.text
            position = positions.get(normalise_token(label)) if scale else len(texts)
            if position is None and scale is not None:
                self.problem(
                    "error" if one.any() else "warning",
                    "unknown_label",
                    f"choice {choice.value} of {name} is not an option of scale {scale.id!r} ({question_id}); "
                    f"{int(one.sum())} row(s) ticked it",
                    file=structure,
                    row=choice.row,
                    column=variable,
                    value=label,
                    expected=scale.describe_options(),
                )
                continue
            texts.append(label)
            chosen[one] = len(texts) - 1 if position is None else position
            count += one
            ticked.append((choice, variable, one))
        if not ticked:
            return None
        first = ticked[0][1]
        for pos in np.flatnonzero(count > 1):
            self.problem(
                "error",
                "multiple_choices",
                f"{count[pos]} choices of {name} are ticked, but {question_id} takes one answer",
                variable=first,
                position=pos,
                column=name,
                value=" + ".join(c.text for c, _, one in ticked if one[pos]),
                expected="at most one ticked choice per respondent",
            )
        chosen[count > 1] = -1
        categories = pd.Index(scale.labels if scale else list(dict.fromkeys(texts)))
        values = pd.Categorical.from_codes(chosen, categories=categories, ordered=scale is not None)
        return Column(values, name, self.location(first))


def _dummy(column: pd.Categorical[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 0/1 variable as (ones, cells that are neither 0, 1 nor blank)."""
    tokens = [normalise_token(c) for c in column.categories]
    one = np.array([t == "1" for t in tokens] + [False])
    bad = np.array([t not in {"", "0", "1"} for t in tokens] + [False])
    codes = np.asarray(column.codes, dtype=np.int64)
    index = np.where(codes >= 0, codes, len(tokens))
    return one[index], bad[index]


def _recode(column: pd.Categorical[str], texts: Sequence[str | None]) -> pd.Categorical[str]:
    """Rename a categorical's categories (blank or None become missing, equal names merge)."""
    categories = list(dict.fromkeys(t for t in texts if t))
    position = {t: i for i, t in enumerate(categories)}
    lookup = np.array([position[t] if t else -1 for t in texts] + [-1], dtype=np.int64)
    codes = np.asarray(column.codes, dtype=np.int64)
    return pd.Categorical.from_codes(
        lookup[np.where(codes >= 0, codes, len(texts))], categories=pd.Index(categories, dtype=object)
    )


def _label_positions(scale: Scale) -> dict[str, int]:
    """Normalised label or alias -> position; codes are deliberately not accepted (they are the export's own)."""
    return {
        normalise_token(token): position
        for position, option in enumerate(scale.options)
        for token in (option.label, *option.aliases)
    }
