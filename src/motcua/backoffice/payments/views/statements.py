"""Bank statement upload ("Nhập sao kê ngân hàng"): CSV/XLSX; every line kept, matched or queued for an officer."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.payments.services.reconciliation import statement_import

from ...http import status_for
from ..forms import StatementForm
from .common import accountant_required


@require_http_methods(["GET", "POST"])
@accountant_required
def statement_upload(request: HttpRequest) -> HttpResponse:
    form = StatementForm(request.POST, request.FILES) if request.method == "POST" else StatementForm()
    imported, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = statement_import(officer=request.user, file_name=upload.name, content=upload.read())
            except DomainError as error:
                form.add_domain_error(error)
                status = status_for(error)
            else:
                status, form = 200, StatementForm()
    unmatched = imported.lines_new - imported.lines_matched if imported else 0
    context = {"form": form, "imported": imported, "unmatched": unmatched}
    return render(request, "backoffice/payments/statement.html", context, status=status)
