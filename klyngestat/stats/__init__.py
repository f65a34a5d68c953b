"""Statistics: pure functions of a Survey returning frozen results with ``.to_frame()``."""

from klyngestat.stats.compare import Comparison, ComparisonThresholds, Wording, compare_with_national
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
from klyngestat.stats.spread import DEFAULT_MIN_N, ClusterSpread, cluster_spread
from klyngestat.stats.summary import SpecialtySummary, specialty_summary

__all__ = [
    "DEFAULT_MIN_N",
    "ClusterSpread",
    "Comparison",
    "ComparisonThresholds",
    "Distribution",
    "NationalAverage",
    "NationalMethod",
    "ResponseRate",
    "ResponseRates",
    "Share",
    "Shares",
    "SpecialtySummary",
    "VedIkke",
    "Wording",
    "cluster_spread",
    "compare_with_national",
    "distribution",
    "distributions",
    "group_share",
    "group_shares",
    "national_average",
    "response_rate",
    "response_rates",
    "share_table",
    "specialty_summary",
]
