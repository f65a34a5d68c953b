"""Statistics: pure functions of a Survey returning frozen results with ``.to_dict()`` and ``.to_frame()``.

Every function takes its data positionally (``survey, question``; or counts,
shares) and everything else by keyword; every result is a :class:`Result`.
The names are one per concept: docs/vocabulary.md.
"""

from klyngestat.stats._result import Result
from klyngestat.stats.change import (
    Change,
    PairedChange,
    WaveChange,
    change_from_counts,
    paired_change_from_counts,
    wave_change,
)
from klyngestat.stats.compare import (
    Comparison,
    ComparisonThresholds,
    DifferenceTest,
    Wording,
    compare_with_national,
    difference_test,
)
from klyngestat.stats.intervals import Interval, Intervals, population_of, proportion_interval, share_intervals
from klyngestat.stats.national import NationalAverage, NationalMethod, national_average
from klyngestat.stats.rates import ResponseRate, ResponseRates, response_rate, response_rates
from klyngestat.stats.shares import (
    Distribution,
    Share,
    Shares,
    VedIkke,
    distribution,
    distributions,
    group_share,
    group_shares,
    share_table,
)
from klyngestat.stats.significance import (
    Heterogeneity,
    ReferenceTest,
    RestComparison,
    cluster_heterogeneity,
    holm,
    specialty_vs_rest,
    versus_reference,
)
from klyngestat.stats.spread import DEFAULT_MIN_N, ClusterSpread, cluster_spread
from klyngestat.stats.summary import SpecialtySummary, specialty_summary
from klyngestat.stats.suppression import ClusterSuppression, suppress_clusters
from klyngestat.stats.uncertainty import SpecialtyUncertainty
from klyngestat.stats.weights import WeightedShare, Weights, poststratify, weighted_share

__all__ = [
    "DEFAULT_MIN_N",
    "Change",
    "ClusterSpread",
    "ClusterSuppression",
    "Comparison",
    "ComparisonThresholds",
    "DifferenceTest",
    "Distribution",
    "Heterogeneity",
    "Interval",
    "Intervals",
    "NationalAverage",
    "NationalMethod",
    "PairedChange",
    "ReferenceTest",
    "ResponseRate",
    "ResponseRates",
    "RestComparison",
    "Result",
    "Share",
    "Shares",
    "SpecialtySummary",
    "SpecialtyUncertainty",
    "VedIkke",
    "WaveChange",
    "WeightedShare",
    "Weights",
    "Wording",
    "change_from_counts",
    "cluster_heterogeneity",
    "cluster_spread",
    "compare_with_national",
    "difference_test",
    "distribution",
    "distributions",
    "group_share",
    "group_shares",
    "holm",
    "national_average",
    "paired_change_from_counts",
    "population_of",
    "poststratify",
    "proportion_interval",
    "response_rate",
    "response_rates",
    "share_intervals",
    "share_table",
    "specialty_summary",
    "specialty_vs_rest",
    "suppress_clusters",
    "versus_reference",
    "wave_change",
    "weighted_share",
]
