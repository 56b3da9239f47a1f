"""A fee order seen by finance ("Khoản thu"): its lines, attempts, ledger and refunds, and the refund form."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.core.money import format_dong
from motcua.payments.selectors.finance import order_get_for_finance, provider_label
from motcua.payments.services.refunds import officer_may_refund, refund_create

from ...http import HttpResponseSeeOther, status_for
from ..forms import RefundForm
from .common import finance_required, found


@require_http_methods(["GET", "POST"])
@finance_required
def order_page(request: HttpRequest, reference: str) -> HttpResponse:
    order = found(lambda: order_get_for_finance(officer=request.user, reference=reference))
    form = RefundForm(request.POST if request.method == "POST" else None, auto_id="refund_%s")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                refund = refund_create(order=order, officer=request.user, amount=data["amount"], reason=data["reason"])
            except DomainError as error:
                form.add_domain_error(error)
                status = status_for(error)
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận hoàn %(amount)s cho khoản %(order)s.")
                    % {"amount": format_dong(refund.amount), "order": order.reference},
                )
                return HttpResponseSeeOther(reverse("backoffice:finance_order", args=[order.reference]))
    attempts = [(attempt, provider_label(attempt.provider)) for attempt in order.attempts.all()]
    context = {
        "order": order,
        "dossier": order.dossier,
        "receipt": getattr(order, "receipt", None),
        "attempts": attempts,
        "refundable": order.paid_amount - order.refunded_amount,
        "may_refund": officer_may_refund(order=order, officer=request.user),
        "form": form,
    }
    return render(request, "backoffice/payments/order.html", context, status=status)
