"""The periodic report (báo cáo định kỳ), its time series and the agencies ranked by on-time rate."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import Agency, Field, Procedure

from ..periods import ReportFilterError
from . import sums
from .scope import filter_check
from .types import GROUP_BY, PeriodicReport, RankedAgency, ReportFilter, ReportRow, SeriesPoint

NO_FIELD = gettext_lazy("Chưa phân lĩnh vực")
SERIES_BY_DAY_MAX = 62  # days: a period up to two months is drawn day by day, a longer one month by month


def pct(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 2) if denominator else None


def counts_of(t: sums.Totals) -> dict[str, int]:
    """The periodic report's columns (``METRICS``) from a group's totals."""
    return {
        "carried_over": t["carried_over"],
        "received": t["received"],
        "received_online": t["received_online"],
        "received_counter": t["received_counter"],
        "received_post": t["received_post"],
        "finished": t["finished"],
        "finished_early": t["finished_early"],
        "finished_on_time": t["finished_on_time"],
        "finished_late": t["finished_late"],
        "in_progress": t["in_progress"],
        "in_progress_within": t["in_progress"] - t["in_progress_overdue"],
        "in_progress_overdue": t["in_progress_overdue"],
        "supplement_requested": t["supplement_requested"],
        "refused": t["refused"],
        "returned": t["returned"],
        "stopped": t["stopped"],
        "withdrawn": t["withdrawn"],
        "awaiting_payment": t["awaiting_payment"],
    }


def satisfaction_766(t: sums.Totals) -> float | None:
    """Decision 766: 100% − (late rate + complaint rate), both over the dossiers finished in the period."""
    if not t["finished"]:
        return None
    return round(max(0.0, 100 - 100 * (t["finished_late"] + t["complaints"]) / t["finished"]), 2)


def rates_of(t: sums.Totals) -> dict[str, float | None]:
    finished = t["finished"]
    return {
        "on_time_rate": pct(t["finished_early"] + t["finished_on_time"], finished),
        "online_rate": pct(t["received_online"], t["received"]),
        "online_payment_rate": pct(t["paid_online"], t["fee_due"]),
        "digitisation_rate": pct(t["digitised"], t["received"]),
        "reuse_rate": pct(t["reused"], t["received"]),
        "satisfaction_rate": satisfaction_766(t),
        "avg_processing_days": round(t["processing_minutes"] / finished / 1440, 2) if finished else None,
    }


def _labels(group_by: str, keys) -> dict:
    ids = [key for key in keys if key is not None]
    if group_by == "agency":
        rows = Agency.objects.filter(pk__in=ids).order_by("position", "name").values_list("id", "name")
    elif group_by == "procedure":
        rows = Procedure.objects.filter(pk__in=ids).order_by("name").values_list("id", "name")
    else:
        rows = Field.objects.filter(pk__in=ids).order_by("name").values_list("id", "name")
    labels = dict(rows)
    if None in keys:
        labels[None] = str(NO_FIELD)
    return labels


def _row(key, label: str, t: sums.Totals) -> ReportRow:
    return ReportRow(key=key, label=label, counts=counts_of(t), rates=rates_of(t))


def _empty() -> sums.Totals:
    return dict.fromkeys((*sums.rules.COLUMNS, *sums.STOCKS), 0)


def _today() -> dt.date:
    return timezone.localdate()


def periodic_report(*, user, filters: ReportFilter, group_by: str = "agency") -> PeriodicReport:
    """One row per agency, field or procedure with any number in the period, and the total row."""
    if group_by not in GROUP_BY:
        raise ReportFilterError(_("Cách nhóm số liệu không hợp lệ."), field="group")
    filter_check(user=user, filters=filters)
    today = _today()
    grouped = sums.totals(filters, group_by=group_by, today=today)
    grouped = {key: t for key, t in grouped.items() if any(t.values())}
    labels = _labels(group_by, grouped)
    order = list(labels)  # in the labels' order (agency tree order, names)
    rows = [_row(key, labels[key], grouped[key]) for key in order if key in grouped]
    if group_by == "field":  # a procedure in two fields counts in both rows: the total is summed apart
        total = sums.totals(filters, group_by=None, today=today).get(None, _empty())
    else:
        total = _empty()
        for t in grouped.values():
            for name, value in t.items():
                total[name] += value
    return PeriodicReport(period=filters.period, group_by=group_by, rows=rows, total=_row(None, _("Tổng cộng"), total))


def report_series(*, user, filters: ReportFilter) -> list[SeriesPoint]:
    """Received, finished, on-time and online rates month by month (day by day for a period up to 62 days)."""
    filter_check(user=user, filters=filters)
    period = filters.period
    by_day = period.days <= SERIES_BY_DAY_MAX
    columns = ("received", "received_online", "finished", "finished_early", "finished_on_time")
    flows = sums.flows_by_time(filters, by_day=by_day, columns=columns)
    points = []
    at = period.start if by_day else period.start.replace(day=1)
    while at <= period.end:
        if by_day:
            start = end = at
            label = f"{at:%d/%m}"
            following = at + dt.timedelta(days=1)
        else:
            start, end = max(at, period.start), min(sums.month_end(at), period.end)
            label = f"{at:%m/%Y}"
            following = sums.month_end(at) + dt.timedelta(days=1)
        t = flows.get(at, {})
        received, finished = t.get("received", 0), t.get("finished", 0)
        points.append(
            SeriesPoint(
                label=label,
                start=start,
                end=end,
                received=received,
                finished=finished,
                on_time_rate=pct(t.get("finished_early", 0) + t.get("finished_on_time", 0), finished),
                online_rate=pct(t.get("received_online", 0), received),
            )
        )
        at = following
    return points


def agencies_ranked(*, user, filters: ReportFilter) -> list[RankedAgency]:
    """Agencies with dossiers finished or received in the period, best on-time rate first (none last)."""
    filter_check(user=user, filters=filters)
    columns = ("received", "finished", "finished_early", "finished_on_time")
    grouped = sums.totals(filters, group_by="agency", today=_today(), columns=columns)
    names = _labels("agency", grouped)
    ranked = [
        RankedAgency(
            agency_id=key,
            name=names.get(key, ""),
            received=t["received"],
            finished=t["finished"],
            on_time_rate=pct(t["finished_early"] + t["finished_on_time"], t["finished"]),
        )
        for key, t in grouped.items()
        if t["received"] or t["finished"]
    ]
    ranked.sort(key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.finished, r.name))
    return ranked
