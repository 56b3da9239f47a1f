"""Public transparency figures and the portal's visit counter: no actor, counts only, no personal data."""

import datetime as dt

from django.db.models import Sum
from django.utils.translation import gettext as _

from motcua.catalogue.models import Agency

from ..models import RollupState, VisitDay
from ..periods import Period
from ..services.visits import visits_pending
from . import sums
from .periodic import pct, satisfaction_766
from .types import PublicAgencyRow, PublicDashboard, ReportFilter, VisitSummary

_COLUMNS = ("received", "received_online", "finished", "finished_early", "finished_on_time", "finished_late")
_COLUMNS += ("complaints",)


def _row(agency_id: int, name: str, month: sums.Totals, year: sums.Totals) -> PublicAgencyRow:
    return PublicAgencyRow(
        agency_id=agency_id,
        name=name,
        received_month=month["received"],
        received_year=year["received"],
        on_time_rate_month=pct(month["finished_early"] + month["finished_on_time"], month["finished"]),
        on_time_rate_year=pct(year["finished_early"] + year["finished_on_time"], year["finished"]),
        online_rate_year=pct(year["received_online"], year["received"]),
        satisfaction_rate_year=satisfaction_766(year),
    )


def public_dashboard(*, today: dt.date) -> PublicDashboard:
    """This month's and this year's figures (to ``today``) of every active agency that received or finished any."""
    empty = dict.fromkeys((*_COLUMNS, *sums.STOCKS), 0)
    figures = {}
    for key, start in (("month", today.replace(day=1)), ("year", today.replace(month=1, day=1))):
        filters = ReportFilter(period=Period(start, today), agency_ids=None)
        figures[key] = sums.totals(filters, group_by="agency", today=today, columns=_COLUMNS)
    active = Agency.objects.filter(is_active=True).order_by("position", "name").values_list("id", "name")
    rows = []
    total_month, total_year = dict(empty), dict(empty)
    for agency_id, name in active:
        month, year = figures["month"].get(agency_id, empty), figures["year"].get(agency_id, empty)
        if not (year["received"] or year["finished"]):
            continue
        rows.append(_row(agency_id, name, month, year))
        for total, part in ((total_month, month), (total_year, year)):
            for column in _COLUMNS:
                total[column] += part[column]
    total = _row(0, _("Toàn tỉnh"), total_month, total_year)
    updated_at = RollupState.objects.filter(key="main").values_list("refreshed_at", flat=True).first()
    return PublicDashboard(today=today, rows=rows, total=total, updated_at=updated_at)


def visits_summary(*, today: dt.date) -> VisitSummary:
    """Portal visits today, yesterday, this and last month, this year (this process's pending counts included)."""
    pending = visits_pending(site="portal")
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - dt.timedelta(days=1)
    portal = VisitDay.objects.filter(site="portal")

    def total(start: dt.date, end: dt.date) -> int:
        stored = portal.filter(day__range=(start, end)).aggregate(n=Sum("count"))["n"] or 0
        return stored + sum(count for day, count in pending.items() if start <= day <= end)

    return VisitSummary(
        today=total(today, today),
        yesterday=total(today - dt.timedelta(days=1), today - dt.timedelta(days=1)),
        this_month=total(first_of_month, today),
        last_month=total(last_month_end.replace(day=1), last_month_end),
        this_year=total(today.replace(month=1, day=1), today),
    )
