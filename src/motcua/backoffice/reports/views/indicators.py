"""``/mot-cua/thong-ke/chi-so-766/``: the indicators of Decision 766/QĐ-TTg for an agency (or all the officer's
agencies) and a period — each group with its points, each indicator with numerator, denominator, value, target and
points, the total out of 100."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from motcua.reports.selectors import ReportScope, indicators_766

from .common import filter_from, statistics_required


@require_GET
@statistics_required
def indicators(request: HttpRequest, scope: ReportScope) -> HttpResponse:
    filtered = filter_from(request, scope, request.GET, with_group=False, with_subject=False)
    form = filtered.form
    context = {"form": form, "scope": scope, "result": None}
    if not filtered.ok:
        return render(request, "backoffice/reports/indicators.html", context, status=400)
    context.update(
        result=indicators_766(user=request.user, filters=filtered.filters),
        statistics_url=f"{reverse('backoffice:statistics')}?{form.query()}",
    )
    return render(request, "backoffice/reports/indicators.html", context)
