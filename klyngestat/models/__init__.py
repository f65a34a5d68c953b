"""Typed models of the questionnaire, roster, responses and references."""

from __future__ import annotations

from typing import TYPE_CHECKING

from klyngestat._lazy import lazy_exports

if TYPE_CHECKING:
    from klyngestat.models.problems import Problem, SurveyValidationError, ValidationReport
    from klyngestat.models.questionnaire import (
        Option,
        Question,
        Questionnaire,
        QuestionnaireError,
        Scale,
        ScaleGroup,
        load_questionnaire,
    )
    from klyngestat.models.reference import NationalFigure, NationalReference
    from klyngestat.models.response import Response, Status
    from klyngestat.models.roster import Cluster, Roster

_WHERE = {
    "Problem": "klyngestat.models.problems",
    "SurveyValidationError": "klyngestat.models.problems",
    "ValidationReport": "klyngestat.models.problems",
    "Option": "klyngestat.models.questionnaire",
    "Question": "klyngestat.models.questionnaire",
    "Questionnaire": "klyngestat.models.questionnaire",
    "QuestionnaireError": "klyngestat.models.questionnaire",
    "Scale": "klyngestat.models.questionnaire",
    "ScaleGroup": "klyngestat.models.questionnaire",
    "load_questionnaire": "klyngestat.models.questionnaire",
    "NationalFigure": "klyngestat.models.reference",
    "NationalReference": "klyngestat.models.reference",
    "Response": "klyngestat.models.response",
    "Status": "klyngestat.models.response",
    "Cluster": "klyngestat.models.roster",
    "Roster": "klyngestat.models.roster",
}

__all__ = [
    "Cluster",
    "NationalFigure",
    "NationalReference",
    "Option",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Response",
    "Roster",
    "Scale",
    "ScaleGroup",
    "Status",
    "SurveyValidationError",
    "ValidationReport",
    "load_questionnaire",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
