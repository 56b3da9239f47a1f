"""``/mot-cua/thong-ke/ho-so/``: the dossiers behind one number of the report table, page by page.

The query is the report's filter plus ``metric`` (the column) and ``key`` (the row: an agency, field or procedure
id; none for the total row). The list has exactly as many dossiers as the number it comes from.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.reports.selectors import METRICS, ReportFilterError, ReportScope, report_dossiers

from ..forms import GROUP_LABELS, DrillForm
from .common import filter_from, form_errors, statistics_required

PAGE_SIZE = 50


def _row_label(scope: ReportScope, group_by: str, key: int | None, page: object) -> str:
    if key is None:
        return _("Tổng cộng")
    known = {"agency": dict(scope.agencies), "field": dict(scope.fields)}.get(group_by, {})
    if key in known:
        return known[key]
    first = next(iter(getattr(page, "object_list", [])), None)
    if group_by == "procedure" and first is not None:
        return first.procedure.name
    return _("%(group)s đã chọn") % {"group": GROUP_LABELS.get(group_by, group_by)}


@require_GET
@statistics_required
def dossiers(request: HttpRequest, scope: ReportScope) -> HttpResponse:
    filtered = filter_from(request, scope, request.GET)
    form, drill = filtered.form, DrillForm(request.GET)
    back_url = reverse("backoffice:statistics")
    context = {"form": form, "drill": drill, "page": None, "back_url": back_url}
    drill_ok = drill.is_valid()
    if filtered.ok and drill_ok:
        metric, key = drill.cleaned_data["metric"], drill.cleaned_data["key"]
        group_by = form.group_by
        if group_by == "agency" and key is not None and key not in dict(scope.agencies):
            drill.add_error("key", _("Cơ quan này không thuộc phạm vi thống kê của bạn."))
        else:
            try:
                queryset = report_dossiers(
                    user=request.user, filters=filtered.filters, metric=metric, group_by=group_by, key=key
                )
            except ReportFilterError as error:
                drill.add_error("key" if error.field == "key" else "metric", error.message)
            else:
                page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))
                context.update(
                    page=page,
                    period=filtered.filters.period,
                    metric_label=METRICS[metric],
                    row_label=_row_label(scope, group_by, key, page),
                    group_label=GROUP_LABELS.get(group_by, group_by),
                    query=form.query(metric=metric, key=key),
                    back_url=f"{back_url}?{form.query()}",
                    export_items=[*form.items(), ("metric", metric), *([("key", str(key))] if key else [])],
                )
                return render(request, "backoffice/reports/dossiers.html", context)
    context["errors"] = form_errors(form, drill)
    if filtered.ok:
        context["back_url"] = f"{back_url}?{form.query()}"
    return render(request, "backoffice/reports/dossiers.html", context, status=400)
