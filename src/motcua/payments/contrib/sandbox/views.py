"""The sandbox bank page (``/thanh-toan/sandbox/ngan-hang/?<signed vnp_* params>``).

GET shows the verified pay request and the choices; POST records the payer's decision, schedules the IPN(s)
and sends the browser back to ``/thanh-toan/sandbox/return/`` with the signed result — as VNPay does.
The return and IPN endpoints are VNPay's views (``vnpay.views``), mounted with ``provider_key="sandbox"``.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.core.money import amount_in_words, format_dong

from .bank import config, ipn_params, pay_request_read, sandbox_transaction_decide
from .forms import BankForm


def _error(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "pay_sandbox/error.html", {"message": message}, status=400)


@require_http_methods(["GET", "POST"])
def bank(request: HttpRequest) -> HttpResponse:
    if not settings.MOTCUA_PAYMENT_SANDBOX:
        raise Http404
    try:
        pay = pay_request_read({key: request.GET.get(key, "") for key in request.GET})
    except DomainError as error:
        return _error(request, error.message)
    form = BankForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = sandbox_transaction_decide(
                request=pay,
                bank_code=data["bank"],
                outcome=data["outcome"],
                ipn_mode=data["ipn_mode"],
                ipn_delay=data["ipn_delay"] or 0,
            )
        except DomainError as error:
            return _error(request, error.message)
        return HttpResponseRedirect(f"{reverse('pay_sandbox:return')}?{urlencode(ipn_params(record))}", status=303)
    context = {
        "form": form,
        "pay": pay,
        "merchant": config()[0],
        "amount": format_dong(pay.amount),
        "amount_words": amount_in_words(pay.amount),
    }
    return render(request, "pay_sandbox/bank.html", context)
