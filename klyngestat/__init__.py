"""klyngestat: statistics and Danish fact sheets for the eKVIS survey on cluster work.

The flow is read, analyse, release, present: a Survey, the statistics' working
results, the Release (the one door out for published figures) and the fact
sheets rendered from it. Every function takes its data positionally and the
rest by keyword, with one name per concept (docs/vocabulary.md).

>>> import klyngestat as ks
>>> survey = ks.demo_survey()
>>> rate = ks.response_rate(survey, specialty="Dermatologi")
>>> ks.format_rate(rate.fraction)
'67,3 pct.'
>>> sheet = ks.build_factsheet(ks.build_release(survey), "Dermatologi")
>>> sheet.specialty
'Dermatologi'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klyngestat._lazy import lazy_exports

if TYPE_CHECKING:
    from klyngestat.io import (
        demo_survey,
        load_mapping,
        load_reference,
        load_roster,
        read_reference,
        read_roster,
        read_survey,
        read_surveyxact,
        survey_from_frame,
        survey_from_responses,
        validate_file,
        validate_frame,
    )
    from klyngestat.io.waves import WavesError, read_waves
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
    from klyngestat.models.wave_mapping import WaveMapping, WaveMappingError, load_wave_mapping
    from klyngestat.present.document import Factsheet
    from klyngestat.present.factsheet import build_factsheet
    from klyngestat.present.formatting import format_percent, format_rate, format_share, round_half_up
    from klyngestat.present.overview import Overview, build_overview, overview_html
    from klyngestat.present.render import write_factsheet
    from klyngestat.release import (
        AuditReport,
        DisclosureError,
        Record,
        Release,
        ReleaseOptions,
        audit_releases,
        build_release,
        load_release,
    )
    from klyngestat.stats import (
        ClusterSpread,
        Comparison,
        ComparisonThresholds,
        Distribution,
        NationalAverage,
        ResponseRate,
        ResponseRates,
        Result,
        Share,
        Shares,
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
    from klyngestat.waves import Waves, compare_questionnaires, follow_clusters, make_waves

__version__ = "0.1.0"

# Where each name of the API lives: a module is imported when one of its names is first used, so
# ``import klyngestat`` (and the command line's start) costs nothing until the work begins.
_WHERE = {
    "demo_survey": "klyngestat.io",
    "load_mapping": "klyngestat.io",
    "load_reference": "klyngestat.io",
    "load_roster": "klyngestat.io",
    "read_reference": "klyngestat.io",
    "read_roster": "klyngestat.io",
    "read_survey": "klyngestat.io",
    "read_surveyxact": "klyngestat.io",
    "survey_from_frame": "klyngestat.io",
    "survey_from_responses": "klyngestat.io",
    "validate_file": "klyngestat.io",
    "validate_frame": "klyngestat.io",
    "Cluster": "klyngestat.models",
    "NationalFigure": "klyngestat.models",
    "NationalReference": "klyngestat.models",
    "Problem": "klyngestat.models",
    "Question": "klyngestat.models",
    "Questionnaire": "klyngestat.models",
    "QuestionnaireError": "klyngestat.models",
    "Response": "klyngestat.models",
    "Roster": "klyngestat.models",
    "Scale": "klyngestat.models",
    "SurveyValidationError": "klyngestat.models",
    "ValidationReport": "klyngestat.models",
    "load_questionnaire": "klyngestat.models",
    "Factsheet": "klyngestat.present.document",
    "build_factsheet": "klyngestat.present.factsheet",
    "format_percent": "klyngestat.present.formatting",
    "format_rate": "klyngestat.present.formatting",
    "format_share": "klyngestat.present.formatting",
    "round_half_up": "klyngestat.present.formatting",
    "Overview": "klyngestat.present.overview",
    "build_overview": "klyngestat.present.overview",
    "overview_html": "klyngestat.present.overview",
    "write_factsheet": "klyngestat.present.render",
    "AuditReport": "klyngestat.release",
    "DisclosureError": "klyngestat.release",
    "Record": "klyngestat.release",
    "Release": "klyngestat.release",
    "ReleaseOptions": "klyngestat.release",
    "audit_releases": "klyngestat.release",
    "build_release": "klyngestat.release",
    "load_release": "klyngestat.release",
    "ClusterSpread": "klyngestat.stats",
    "Comparison": "klyngestat.stats",
    "ComparisonThresholds": "klyngestat.stats",
    "Distribution": "klyngestat.stats",
    "NationalAverage": "klyngestat.stats",
    "ResponseRate": "klyngestat.stats",
    "ResponseRates": "klyngestat.stats",
    "Result": "klyngestat.stats",
    "Share": "klyngestat.stats",
    "Shares": "klyngestat.stats",
    "SpecialtySummary": "klyngestat.stats",
    "cluster_spread": "klyngestat.stats",
    "compare_with_national": "klyngestat.stats",
    "distribution": "klyngestat.stats",
    "distributions": "klyngestat.stats",
    "group_share": "klyngestat.stats",
    "group_shares": "klyngestat.stats",
    "national_average": "klyngestat.stats",
    "response_rate": "klyngestat.stats",
    "response_rates": "klyngestat.stats",
    "share_table": "klyngestat.stats",
    "specialty_summary": "klyngestat.stats",
    "Survey": "klyngestat.survey",
    "WaveMapping": "klyngestat.models.wave_mapping",
    "WaveMappingError": "klyngestat.models.wave_mapping",
    "Waves": "klyngestat.waves",
    "WavesError": "klyngestat.io.waves",
    "compare_questionnaires": "klyngestat.waves",
    "follow_clusters": "klyngestat.waves",
    "load_wave_mapping": "klyngestat.models.wave_mapping",
    "make_waves": "klyngestat.waves",
    "read_waves": "klyngestat.io.waves",
}

__all__ = [
    "AuditReport",
    "Cluster",
    "ClusterSpread",
    "Comparison",
    "ComparisonThresholds",
    "DisclosureError",
    "Distribution",
    "Factsheet",
    "NationalAverage",
    "NationalFigure",
    "NationalReference",
    "Overview",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Record",
    "Release",
    "ReleaseOptions",
    "Response",
    "ResponseRate",
    "ResponseRates",
    "Result",
    "Roster",
    "Scale",
    "Share",
    "Shares",
    "SpecialtySummary",
    "Survey",
    "SurveyValidationError",
    "ValidationReport",
    "WaveMapping",
    "WaveMappingError",
    "Waves",
    "WavesError",
    "__version__",
    "audit_releases",
    "build_factsheet",
    "build_overview",
    "build_release",
    "cluster_spread",
    "compare_questionnaires",
    "compare_with_national",
    "demo_survey",
    "distribution",
    "distributions",
    "follow_clusters",
    "format_percent",
    "format_rate",
    "format_share",
    "group_share",
    "group_shares",
    "load_mapping",
    "load_questionnaire",
    "load_reference",
    "load_release",
    "load_roster",
    "load_wave_mapping",
    "make_waves",
    "national_average",
    "overview_html",
    "read_reference",
    "read_roster",
    "read_survey",
    "read_surveyxact",
    "read_waves",
    "response_rate",
    "response_rates",
    "round_half_up",
    "share_table",
    "specialty_summary",
    "survey_from_frame",
    "survey_from_responses",
    "validate_file",
    "validate_frame",
    "write_factsheet",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
