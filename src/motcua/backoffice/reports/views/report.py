"""``/mot-cua/thong-ke/``: the filter, the periodic report table (every count links to its dossiers) and the
charts (on-time rate over time, online share over time, agencies ranked), each with its numbers as a table."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.reports.selectors import ReportScope, agencies_ranked, periodic_report, report_series

from .. import charts
from ..forms import GROUP_LABELS
from ..table import report_columns, row_cells
from .common import filter_from, statistics_required


@require_GET
@statistics_required
def statistics(request: HttpRequest, scope: ReportScope) -> HttpResponse:
    filtered = filter_from(request, scope, request.GET)
    form = filtered.form
    context = {"form": form, "scope": scope, "report": None}
    if not filtered.ok:
        return render(request, "backoffice/reports/statistics.html", context, status=400)
    filters = filtered.filters
    report = periodic_report(user=request.user, filters=filters, group_by=form.group_by)
    series = report_series(user=request.user, filters=filters)
    ranking = agencies_ranked(user=request.user, filters=filters)
    groups = report_columns()
    on_time_title = _("Tỷ lệ hồ sơ giải quyết đúng hạn")
    online_title = _("Tỷ lệ hồ sơ tiếp nhận trực tuyến")
    rank_title = _("Xếp hạng cơ quan theo tỷ lệ đúng hạn")
    context.update(
        report=report,
        groups=groups,
        rows=[(row, row_cells(row, groups)) for row in report.rows],
        total=(report.total, row_cells(report.total, groups)),
        group_label=GROUP_LABELS.get(form.group_by, form.group_by),
        drill_url=f"{reverse('backoffice:statistics_dossiers')}?{form.query()}",
        # A row's label narrows the report to that agency / field / procedure (the parameter is the group's name).
        row_filter_url=f"{reverse('backoffice:statistics')}?{form.query(**{form.group_by: None})}",
        procedure_label=report.rows[0].label if form.group_by == "procedure" and len(report.rows) == 1 else "",
        indicators_query=form.query(group=None, field=None, procedure=None),
        agency_label=form.choice_label("agency"),
        field_label=form.choice_label("field"),
        export_items=form.items(),
        column_count=1 + sum(len(group.columns) for group in groups),
        series_rows=[
            {
                "label": point.label,
                "received": charts.count(point.received),
                "finished": charts.count(point.finished),
                "on_time_rate": charts.percent(point.on_time_rate),
                "online_rate": charts.percent(point.online_rate),
            }
            for point in series
        ],
        ranking_rows=[
            {
                "name": agency.name,
                "received": charts.count(agency.received),
                "finished": charts.count(agency.finished),
                "on_time_rate": charts.percent(agency.on_time_rate),
            }
            for agency in ranking
        ],
        on_time_chart=charts.rate_line([(p.label, p.on_time_rate) for p in series], title=on_time_title),
        online_chart=charts.rate_columns([(p.label, p.online_rate) for p in series], title=online_title),
        rank_chart=charts.ranked([(a.name, a.on_time_rate) for a in ranking], title=rank_title),
        titles={"on_time": on_time_title, "online": online_title, "rank": rank_title},
    )
    return render(request, "backoffice/reports/statistics.html", context)
