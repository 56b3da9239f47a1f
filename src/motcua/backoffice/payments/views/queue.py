"""The reconciliation queue ("Sai lệch cần xử lý"), oldest first; one discrepancy with its raw callback; resolving."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError
from motcua.payments.selectors.finance import (
    accountant_agency_ids,
    discrepancies_for_officer,
    discrepancy_get_for_officer,
)
from motcua.payments.services.reconciliation import discrepancy_resolve

from ...access import forbidden
from ...http import HttpResponseSeeOther, status_for
from ..forms import ResolveForm
from .common import finance_required, found

PAGE_SIZE = 50


@require_GET
@finance_required
def discrepancies(request: HttpRequest) -> HttpResponse:
    resolved = request.GET.get("trang_thai") == "da-xu-ly"
    items = discrepancies_for_officer(officer=request.user, resolved=resolved)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = "trang_thai=da-xu-ly&" if resolved else ""
    return render(
        request, "backoffice/payments/discrepancies.html", {"page": page, "resolved": resolved, "query": query}
    )


@require_http_methods(["GET", "POST"])
@finance_required
def discrepancy(request: HttpRequest, pk: int) -> HttpResponse:
    item = found(lambda: discrepancy_get_for_officer(officer=request.user, pk=pk))
    may_resolve = bool(accountant_agency_ids(officer=request.user)) and item.resolved_at is None
    form = ResolveForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not may_resolve:
            return forbidden(request, _("Chỉ kế toán mới xử lý sai lệch, và chỉ sai lệch chưa xử lý."))
        status = 400
        if form.is_valid():
            try:
                discrepancy_resolve(discrepancy=item, officer=request.user, resolution=form.cleaned_data["resolution"])
            except DomainError as error:
                form.add_domain_error(error)
                status = status_for(error)
            else:
                messages.success(request, _("Đã ghi nhận cách xử lý sai lệch."))
                return HttpResponseSeeOther(reverse("backoffice:finance_discrepancies"))
    context = {"item": item, "form": form, "may_resolve": may_resolve}
    return render(request, "backoffice/payments/discrepancy.html", context, status=status)
