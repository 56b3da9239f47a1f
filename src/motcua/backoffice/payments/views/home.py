"""The finance officer's start page ("Kế toán"): the sections, and how many discrepancies wait."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.payments.selectors.finance import accountant_agency_ids, discrepancies_for_officer

from .common import finance_required


@require_GET
@finance_required
def finance_home(request: HttpRequest) -> HttpResponse:
    context = {
        "open_count": discrepancies_for_officer(officer=request.user).count(),
        "is_accountant": bool(accountant_agency_ids(officer=request.user)),
    }
    return render(request, "backoffice/payments/finance_home.html", context)
