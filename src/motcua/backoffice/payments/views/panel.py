"""The fee panel's actions on the dossier page: exempt a line ("Miễn"), create a counter VietQR code.

Both are posted from ``backoffice/payments/_fee_panel.html``; the services check who may collect. The exemption's
form has its own page too (GET, or sent back with its errors); a refused QR goes back to the dossier page with
the service's message.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.errors import DomainError
from motcua.payments.base import StartContext
from motcua.payments.selectors.counter import order_get_for_collector
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.orders import fee_line_exempt

from ...access import officer_required
from ...http import HttpResponseSeeOther, dossier_or_404, status_for
from ..forms import ExemptForm
from .common import found


def _panel_url(code: str) -> str:
    return reverse("backoffice:dossier", args=[code]) + "#phi-le-phi"


@require_http_methods(["GET", "POST"])
@officer_required
def exempt(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    order = found(lambda: order_get_for_collector(officer=request.user, dossier_code=code, reference=reference))
    form = ExemptForm(request.POST if request.method == "POST" else None, initial={"line": request.GET.get("dong", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                fee_line_exempt(order=order, line_id=data["line"], officer=request.user, reason=data["reason"])
            except DomainError as error:
                form.add_domain_error(error)
                status = status_for(error)
            else:
                messages.success(request, _("Đã miễn dòng phí, lệ phí; số tiền phải nộp được tính lại."))
                return HttpResponseSeeOther(_panel_url(code))
    lines = [line for line in order.lines.all() if not line.exempt]
    context = {"dossier": dossier, "order": order, "lines": lines, "form": form}
    return render(request, "backoffice/payments/exempt.html", context, status=status)


@require_POST
@officer_required
def qr_create(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    dossier_or_404(request, code)
    order = found(lambda: order_get_for_collector(officer=request.user, dossier_code=code, reference=reference))
    context = StartContext(return_url="", ipn_url="", client_ip=request.META.get("REMOTE_ADDR", ""))
    try:
        attempt, _start = payment_start(order=order, provider_key="vietqr", officer=request.user, context=context)
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseSeeOther(_panel_url(code))
    return HttpResponseSeeOther(reverse("backoffice:counter_qr", args=[attempt.reference]))
