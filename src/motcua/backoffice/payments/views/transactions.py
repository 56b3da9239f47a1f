"""The transactions page ("Giao dịch"): payment attempts and statement lines of the officer's agencies, filtered."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.payments.selectors.finance import (
    attempts_for_officer,
    provider_choices,
    provider_label,
    statement_lines_for_officer,
)

from ..forms import TransactionFilterForm
from .common import finance_required

PAGE_SIZE = 50


@require_GET
@finance_required
def transactions(request: HttpRequest) -> HttpResponse:
    form = TransactionFilterForm(request.GET or None, providers=provider_choices())
    filters = form.filters() if request.GET else {"view": "giao-dich", "day": None, "provider": "", "state": ""}
    if filters["view"] == "sao-ke":
        rows = statement_lines_for_officer(officer=request.user, day=filters["day"], state=filters["state"])
    else:
        rows = attempts_for_officer(
            officer=request.user, day=filters["day"], provider=filters["provider"], state=filters["state"]
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = {k: v for k, v in request.GET.items() if k != "trang" and v}
    context = {
        "form": form,
        "view": filters["view"],
        "page": page,
        "labels": dict(provider_choices()),
        "query": urlencode(query),
        "provider_label": provider_label,
    }
    return render(request, "backoffice/payments/transactions.html", context)
