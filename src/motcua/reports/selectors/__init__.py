"""Reads on statistics, always given the actor: ``scope`` (who sees which agencies, filter checks) ·
``periodic`` (the periodic report, series, ranking) · ``drill`` (the dossiers behind a number) · ``indicators``
(Decision 766) · ``public`` (transparency dashboard, visit counter). Types in ``types``."""

from ..periods import PERIOD_KINDS, Period, ReportFilterError, period_parse
from .drill import report_dossiers
from .indicators import indicators_766
from .periodic import agencies_ranked, periodic_report, report_series
from .public import public_dashboard, visits_summary
from .scope import report_filter_build, report_scope, statistics_allowed
from .types import (
    DRILLABLE,
    GROUP_BY,
    METRICS,
    RATES,
    Indicator,
    IndicatorGroup,
    IndicatorReport,
    PeriodicReport,
    PublicAgencyRow,
    PublicDashboard,
    RankedAgency,
    ReportFilter,
    ReportRow,
    ReportScope,
    SeriesPoint,
    VisitSummary,
)

__all__ = [
    "DRILLABLE",
    "GROUP_BY",
    "METRICS",
    "PERIOD_KINDS",
    "RATES",
    "Indicator",
    "IndicatorGroup",
    "IndicatorReport",
    "Period",
    "PeriodicReport",
    "PublicAgencyRow",
    "PublicDashboard",
    "RankedAgency",
    "ReportFilter",
    "ReportFilterError",
    "ReportRow",
    "ReportScope",
    "SeriesPoint",
    "VisitSummary",
    "agencies_ranked",
    "indicators_766",
    "period_parse",
    "periodic_report",
    "public_dashboard",
    "report_dossiers",
    "report_filter_build",
    "report_scope",
    "report_series",
    "statistics_allowed",
    "visits_summary",
]
