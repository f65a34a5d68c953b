"""klyngestat: statistics and Danish fact sheets for the eKVIS survey on cluster work.

>>> import klyngestat as ks
>>> survey = ks.demo_survey()
>>> rate = ks.response_rate(survey, "Dermatologi")
>>> ks.format_rate(rate.fraction)
'67,3 pct.'
"""

from klyngestat.io import (
    demo_survey,
    load_reference,
    load_roster,
    read_reference,
    read_roster,
    read_survey,
    survey_from_frame,
    survey_from_responses,
    validate_file,
    validate_frame,
)
from klyngestat.models import (
    Cluster,
    NationalFigure,
    NationalReference,
    Problem,
    Question,
    Questionnaire,
    QuestionnaireError,
    Response,
    Roster,
    Scale,
    SurveyValidationError,
    ValidationReport,
    load_questionnaire,
)
from klyngestat.present.formatting import format_percent, format_rate, format_share, round_half_up
from klyngestat.stats import (
    ClusterSpread,
    Comparison,
    ComparisonThresholds,
    Distribution,
    NationalAverage,
    ResponseRate,
    Share,
    SpecialtySummary,
    cluster_spread,
    compare_with_national,
    distribution,
    distributions,
    group_share,
    group_shares,
    national_average,
    response_rate,
    response_rates,
    share_table,
    specialty_summary,
)
from klyngestat.survey import Survey

__version__ = "0.1.0"

__all__ = [
    "Cluster",
    "ClusterSpread",
    "Comparison",
    "ComparisonThresholds",
    "Distribution",
    "NationalAverage",
    "NationalFigure",
    "NationalReference",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Response",
    "ResponseRate",
    "Roster",
    "Scale",
    "Share",
    "SpecialtySummary",
    "Survey",
    "SurveyValidationError",
    "ValidationReport",
    "__version__",
    "cluster_spread",
    "compare_with_national",
    "demo_survey",
    "distribution",
    "distributions",
    "format_percent",
    "format_rate",
    "format_share",
    "group_share",
    "group_shares",
    "load_questionnaire",
    "load_reference",
    "load_roster",
    "national_average",
    "read_reference",
    "read_roster",
    "read_survey",
    "response_rate",
    "response_rates",
    "round_half_up",
    "share_table",
    "specialty_summary",
    "survey_from_frame",
    "survey_from_responses",
    "validate_file",
    "validate_frame",
]
