"""One respondent's record, validated on its own."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from klyngestat.models._statuses import ID_COLUMNS, RESPONDENT_STATUSES, STATUSES, Status
from klyngestat.models.problems import Problem
from klyngestat.models.questionnaire import Questionnaire, normalise_token

__all__ = ["ID_COLUMNS", "RESPONDENT_STATUSES", "STATUSES", "Response", "Status"]


class Response(BaseModel):
    """One invited person's record: who, where, status and answers.

    Answers are given by question id as a code, a label or an alias (case and
    whitespace do not matter); ``None`` or a blank means not answered.

    Examples
    --------
    >>> from klyngestat import load_questionnaire
    >>> r = Response(respondent_id="1", specialty="Dermatologi", cluster="Derma – Nord",
    ...              status="completed", answers={"forbedringer": "ja"})
    >>> r.check(load_questionnaire())
    ()
    >>> [p.code for p in Response(respondent_id="2", specialty="X", cluster="Y",
    ...     status="completed", answers={"forbedringer": "måske"}).check(load_questionnaire())]
    ['unknown_answer']
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    respondent_id: str = Field(min_length=1)
    specialty: str = Field(min_length=1)
    cluster: str = Field(min_length=1)
    status: Status
    answers: dict[str, str | int | None] = Field(default_factory=dict)

    @property
    def is_respondent(self) -> bool:
        """Completed and partial records count as respondents."""
        return self.status in RESPONDENT_STATUSES

    def check(self, questionnaire: Questionnaire) -> tuple[Problem, ...]:
        """Problems of this record against a questionnaire (empty when valid).

        Parameters
        ----------
        questionnaire
            The questionnaire whose questions and scales the answers must match.
        """
        problems: list[Problem] = []
        known = set(questionnaire.question_ids)
        for qid, value in self.answers.items():
            if qid not in known:
                problems.append(
                    Problem(
                        "warning",
                        "unknown_column",
                        "not a question of the questionnaire",
                        row=None,
                        column=qid,
                        expected="a question id of the questionnaire",
                    )
                )
                continue
            if value is None or str(value).strip() == "":
                continue
            question = questionnaire.question(qid)
            if question.kind == "text":
                continue
            scale = questionnaire.scale_of(qid)
            if normalise_token(value) not in scale.token_map():
                problems.append(
                    Problem(
                        "error",
                        "unknown_answer",
                        f"answer not on scale {scale.id!r}",
                        column=qid,
                        value=str(value),
                        expected=scale.describe_options(),
                    )
                )
        if not self.is_respondent and any(v not in (None, "") for v in self.answers.values()):
            problems.append(
                Problem(
                    "warning",
                    "answer_from_non_respondent",
                    f"status {self.status!r} but answers given; they are not counted",
                    column="status",
                    value=self.status,
                    expected="completed or partial",
                )
            )
        return tuple(problems)
