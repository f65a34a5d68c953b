"""Typed models of the questionnaire, roster, responses and references."""

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
