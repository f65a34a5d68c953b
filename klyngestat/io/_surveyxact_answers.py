"""The answers of a SurveyXact export as canonical question columns: closed, multiple choice and free text.

Private to :mod:`klyngestat.io.surveyxact`. A closed answer goes code ->
the export's label (its Labels table) -> the questionnaire's option (label
or alias; codes are the export's own and deliberately not matched); a
multiple-choice question's answer is its one ticked choice; free text is
kept as written, line breaks as "\\n". A question mapped to a variable of
the other kind is a ``kind_mismatch`` error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from klyngestat.io._columns import clean_lines
from klyngestat.io._surveyxact_meta import Choice
from klyngestat.io._surveyxact_variables import Column, Variables, dummy, recode
from klyngestat.models.questionnaire import Questionnaire, Scale, normalise_token

__all__ = ["question"]


def question(variables: Variables, questionnaire: Questionnaire, question_id: str, mapped: str) -> Column | None:
    """A question's column from the variable (or multiple-choice question) it is mapped to; None when it fails.

    Parameters
    ----------
    variables
        The export's variables.
    questionnaire
        The questionnaire whose question it is.
    question_id
        The question.
    mapped
        The export variable, or multiple-choice question name, the mapping gives for it.
    """
    kind = questionnaire.question(question_id).kind
    if variables.find(mapped) is None and mapped in variables.meta.multiple:
        if kind == "text":
            choices = variables.meta.multiple[mapped]
            variables.used.update(v for c in choices if (v := variables.find(c.variable)) is not None)
            what = "a multiple-choice question of the export (one 0/1 variable per choice in its Structure table)"
            _kind_mismatch(variables, questionnaire, question_id, mapped, what)
            return None
        return _multiple_choice(variables, questionnaire, question_id, mapped)
    variable = variables.take(mapped, f"the mapping's question {question_id}")
    if variable is None:
        return None
    export_kind = variables.meta.kinds.get(variable, "").casefold()
    if kind == "text":
        if export_kind == "closed" or (not export_kind and variables.meta.labels.get(variable)):
            where = (
                "questionType 'Closed' in its Structure table"
                if export_kind
                else "not in its Structure table, but with value labels in its Labels table"
            )
            _kind_mismatch(
                variables, questionnaire, question_id, variable, f"a closed variable of the export ({where})"
            )
            return None
        return _free_text(variables, variable)
    if export_kind == "open":
        what = "an open-text variable of the export (questionType 'Open' in its Structure table)"
        _kind_mismatch(variables, questionnaire, question_id, variable, what)
        return None
    return _closed(variables, questionnaire.scale_of(question_id), question_id, variable)


def _kind_mismatch(
    variables: Variables, questionnaire: Questionnaire, question_id: str, mapped: str, what: str
) -> None:
    """A closed question mapped to an open-text variable, or a free-text question to a closed one."""
    text = questionnaire.question(question_id).kind == "text"
    variables.problem(
        "error",
        "kind_mismatch",
        f"the mapping's [questions] maps the {'free-text' if text else 'closed'} question {question_id} "
        f"to {mapped}, {what}",
        file=variables.mapping_source,
        column=mapped,
        value=f"{question_id} = {mapped!r}",
        expected=(
            f"an open-text variable (questionType Open) for {question_id}, or {mapped} mapped to a closed question"
            if text
            else f"a closed (single-choice) variable or a multiple-choice question name for {question_id}, "
            f"or {mapped} mapped to a free-text question"
        ),
    )


def _free_text(variables: Variables, variable: str) -> Column:
    """An open-text variable's cells as they are, line breaks kept as "\\n"."""
    column = variables.export.dataset[variable]
    texts = [clean_lines(c) for c in column.categories]
    return Column(recode(column, texts), variable, variables.location(variable))


def _closed(variables: Variables, scale: Scale, question_id: str, variable: str) -> Column:
    """A single-choice variable: code -> the export's label -> the questionnaire's option."""
    column = variables.export.dataset[variable]
    labels = variables.meta.labels.get(variable, {})
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
    variables.report_unlabelled(variable, unlabelled)
    codes = np.asarray(column.codes, dtype=np.int64)
    _report_unknown_labels(variables, scale, question_id, variable, codes, unknown)
    values = pd.Categorical.from_codes(
        lookup[np.where(codes >= 0, codes, len(column.categories))], categories=pd.Index(scale.labels), ordered=True
    )
    return Column(values, variable, variables.location(variable))


def _report_unknown_labels(
    variables: Variables, scale: Scale, question_id: str, variable: str, codes: np.ndarray, unknown: dict[str, int]
) -> None:
    """Each label of the variable that is no option of the scale: an error when a row chose it, else a warning."""
    labels = variables.meta.labels.get(variable, {})
    positions = _label_positions(scale)
    for token, label in labels.items():
        if normalise_token(label.text) in positions:
            continue
        used = np.flatnonzero(codes == unknown[token]) if token in unknown else np.array([], dtype=np.int64)
        chose = (
            f"{len(used)} row(s) of the dataset chose it, the first at row {variables.row(variable, used[0])}"
            if len(used)
            else "no row chose it"
        )
        variables.problem(
            "error" if len(used) else "warning",
            "unknown_label",
            f"the label of code {token} of {variable} is not an option of scale {scale.id!r} ({question_id}); {chose}",
            file=variables.export.labels.location if variables.export.labels else None,
            row=label.row,
            column=variable,
            value=label.text,
            expected=f"{scale.describe_options()}, or an alias added to the questionnaire",
        )


@dataclass(frozen=True)
class _Ticked:
    """A choice of a multiple-choice question that can be used: its variable, and who ticked it."""

    choice: Choice
    variable: str
    ones: np.ndarray


def _multiple_choice(variables: Variables, questionnaire: Questionnaire, question_id: str, name: str) -> Column | None:
    """A multiple-choice question: the one ticked dummy's choice, through Structure's choiceValue."""
    scale = questionnaire.scale_of(question_id) if questionnaire.question(question_id).kind == "closed" else None
    positions = _label_positions(scale) if scale else {}
    chosen = np.full(variables.n, -1, dtype=np.int64)
    count = np.zeros(variables.n, dtype=np.int64)
    texts: list[str] = []
    ticked: list[_Ticked] = []
    for choice in variables.meta.multiple[name]:
        found = _choice(variables, scale, question_id, name, choice)
        if found is None:
            continue
        label, tick = found
        position = positions.get(normalise_token(label)) if scale else len(texts)
        texts.append(label)
        chosen[tick.ones] = len(texts) - 1 if position is None else position
        count += tick.ones
        ticked.append(tick)
    if not ticked:
        return None
    _report_several_ticked(variables, question_id, name, ticked, count)
    chosen[count > 1] = -1
    categories = pd.Index(scale.labels if scale else list(dict.fromkeys(texts)))
    values = pd.Categorical.from_codes(chosen, categories=categories, ordered=scale is not None)
    return Column(values, name, variables.location(ticked[0].variable))


def _choice(
    variables: Variables, scale: Scale | None, question_id: str, name: str, choice: Choice
) -> tuple[str, _Ticked] | None:
    """A choice's label and who ticked it; None (reported) when its variable or its label cannot be used."""
    variable = variables.take(choice.variable, f"the Structure table's choice {choice.value} of {name}")
    if variable is None:
        return None
    one, bad = dummy(variables.export.dataset[variable])
    for pos in np.flatnonzero(bad):
        variables.problem(
            "error",
            "unlabelled_code",
            f"a choice variable of the multiple-choice question {name} holds neither 0 nor 1",
            variable=variable,
            position=pos,
            value=str(variables.export.dataset[variable][pos]),
            expected="1 (ticked), 0 or blank (not ticked)",
        )
    # The choice's label: the Labels table's, where it lists the question's choice values, else choiceText.
    own_labels = variables.meta.labels.get(name, {})
    label = own_labels[choice.value].text if choice.value in own_labels else choice.text
    if scale is not None and _label_positions(scale).get(normalise_token(label)) is None:
        variables.problem(
            "error" if one.any() else "warning",
            "unknown_label",
            f"choice {choice.value} of {name} is not an option of scale {scale.id!r} ({question_id}); "
            f"{int(one.sum())} row(s) ticked it",
            file=variables.export.structure.location if variables.export.structure else None,
            row=choice.row,
            column=variable,
            value=label,
            expected=scale.describe_options(),
        )
        return None
    return label, _Ticked(choice, variable, one)


def _report_several_ticked(
    variables: Variables, question_id: str, name: str, ticked: list[_Ticked], count: np.ndarray
) -> None:
    """Each row with more than one ticked choice, for a question that takes one answer."""
    for pos in np.flatnonzero(count > 1):
        variables.problem(
            "error",
            "multiple_choices",
            f"{count[pos]} choices of {name} are ticked, but {question_id} takes one answer",
            variable=ticked[0].variable,
            position=pos,
            column=name,
            value=" + ".join(t.choice.text for t in ticked if t.ones[pos]),
            expected="at most one ticked choice per respondent",
        )


def _label_positions(scale: Scale) -> dict[str, int]:
    """Normalised label or alias -> position; codes are deliberately not accepted (they are the export's own)."""
    return {
        normalise_token(token): position
        for position, option in enumerate(scale.options)
        for token in (option.label, *option.aliases)
    }
