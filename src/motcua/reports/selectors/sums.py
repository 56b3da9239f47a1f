"""Sums over the summary tables: flows over a period and stocks at the end of a day, optionally grouped.

A period [start, end] is read as its whole months (``MonthBucket``) plus the days of the partial months at its
edges (``DayBucket``). A stock at the end of day D is the month's opening balance (``MonthBucket.open_start``)
plus the day flows of that month up to D. So a report reads at most (months + 62 days) × (agency, procedure)
rows, whatever the number of dossiers.
"""

import calendar
import datetime as dt
from collections import defaultdict

from django.db.models import F, Q, QuerySet, Sum

from .. import rules
from ..models import DayBucket, MonthBucket
from .types import ReportFilter

GROUP_FIELDS = {"agency": "agency_id", "procedure": "procedure_id", "field": "procedure__fields"}
STOCKS = ("carried_over", "in_progress", "in_progress_overdue")
Totals = dict[str, int]


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """[start, end] as (first and last whole month, or None) and the day ranges left at its edges."""
    first = start if start.day == 1 else month_end(start) + dt.timedelta(days=1)
    last = end.replace(day=1) if end == month_end(end) else end.replace(day=1) - dt.timedelta(days=1)
    last = last.replace(day=1)
    if first > end or last < first:  # no whole month inside: days only
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if end > month_end(last):
        edges.append((month_end(last) + dt.timedelta(days=1), end))
    return (first, last), edges


def scoped(model, filters: ReportFilter) -> QuerySet:
    q = Q()
    if filters.agency_ids is not None:
        q &= Q(agency_id__in=filters.agency_ids)
    if filters.procedure_id is not None:
        q &= Q(procedure_id=filters.procedure_id)
    if filters.field_id is not None:
        q &= Q(procedure__fields=filters.field_id)
    return model.objects.filter(q)


def _grouped(qs: QuerySet, group: str | None, sums: dict) -> dict:
    aliased = {f"s_{name}": Sum(expression) for name, expression in sums.items()}
    if group is None:
        rows = [{None: None, **qs.aggregate(**aliased)}]
        key = None
    else:
        rows = qs.values(group).annotate(**aliased).order_by()
        key = group
    out: dict = {}
    for row in rows:
        out[row[key]] = {name: row[f"s_{name}"] or 0 for name in sums}
    return out


def _merge(into: dict, part: dict) -> None:
    for key, values in part.items():
        target = into[key]
        for name, value in values.items():
            target[name] = target.get(name, 0) + value


def _flows(filters: ReportFilter, group: str | None, start: dt.date, end: dt.date, columns) -> dict:
    out: dict = defaultdict(dict)
    months, edges = split(start, end)
    sums = {column: F(column) for column in columns}
    if months is not None:
        _merge(out, _grouped(scoped(MonthBucket, filters).filter(month__range=months), group, sums))
    if edges:
        days = Q()
        for edge in edges:
            days |= Q(day__range=edge)
        _merge(out, _grouped(scoped(DayBucket, filters).filter(days), group, sums))
    return out


def _stocks(filters: ReportFilter, group: str | None, day: dt.date) -> dict:
    """{key: {"open": n, "overdue": n}} at the end of ``day``."""
    out: dict = defaultdict(dict)
    month = day.replace(day=1)
    months = scoped(MonthBucket, filters).filter(month=month)
    if day == month_end(day):
        sums = {
            "open": F("open_start") + F("received") - F("finished"),
            "overdue": F("overdue_start") + F("overdue_in") - F("overdue_out"),
        }
        _merge(out, _grouped(months, group, sums))
        return out
    _merge(out, _grouped(months, group, {"open": F("open_start"), "overdue": F("overdue_start")}))
    days = scoped(DayBucket, filters).filter(day__range=(month, day))
    sums = {"open": F("received") - F("finished"), "overdue": F("overdue_in") - F("overdue_out")}
    _merge(out, _grouped(days, group, sums))
    return out


def totals(filters: ReportFilter, *, group_by: str | None, today: dt.date, columns=rules.COLUMNS) -> dict:
    """{group key: Totals} for the filter's period: every flow column plus the three stocks (``STOCKS``).

    The stocks are taken at the end of the day before the period (carried over) and at the end of the period,
    or today when the period runs past it.
    """
    group = GROUP_FIELDS[group_by] if group_by else None
    period = filters.period
    result: dict = defaultdict(lambda: dict.fromkeys((*columns, *STOCKS), 0))
    _merge(result, _flows(filters, group, period.start, period.end, columns))
    before = _stocks(filters, group, period.start - dt.timedelta(days=1))
    after = _stocks(filters, group, min(period.end, today))
    for key, values in before.items():
        result[key]["carried_over"] = values.get("open", 0)
    for key, values in after.items():
        result[key]["in_progress"] = values.get("open", 0)
        result[key]["in_progress_overdue"] = values.get("overdue", 0)
    return dict(result)


def flows_by_time(filters: ReportFilter, *, by_day: bool, columns) -> dict[dt.date, Totals]:
    """{month or day: flows} over the filter's period (for the series)."""
    period = filters.period
    sums = {column: F(column) for column in columns}
    out: dict = defaultdict(dict)
    if by_day:
        qs = scoped(DayBucket, filters).filter(day__range=(period.start, period.end))
        _merge(out, _grouped(qs, "day", sums))
        return dict(out)
    months, edges = split(period.start, period.end)
    if months is not None:
        _merge(out, _grouped(scoped(MonthBucket, filters).filter(month__range=months), "month", sums))
    for edge in edges:
        qs = scoped(DayBucket, filters).filter(day__range=edge)
        _merge(out, _grouped(qs, "month", sums))
    return dict(out)
