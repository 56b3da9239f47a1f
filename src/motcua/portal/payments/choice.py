"""Choosing a bank or e-wallet and starting the payment — one helper for dossier fees and land obligations.

``payment_choose`` renders the page that carries ``portal/payments/_provider_choice.html`` and, on POST, reads
only the provider the person chose: the amount, the order and the payer come from the server, never from the
form. A provider that sends the payer away answers with its URL (303); a QR provider leads to our QR page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.payments.base import Start, StartContext, provider_get, providers
from motcua.payments.models import FeeOrder, OrderState, PaymentAttempt
from motcua.payments.services.attempts import payment_start

from .forms import ProviderChoiceForm

# The providers that answer with a code to scan: any banking app reads a VietQR code (NAPAS 247).
SCAN_PROVIDERS = frozenset({"vietqr"})
# The attempts started in this browser session: their QR page opens without signing in (land obligations).
SESSION_STARTED = "payments_started"
_KEEP_STARTED = 20
# Errors that mean "this order cannot be paid now" rather than "choose again".
_CLOSED_CODES = frozenset({"already_paid", "not_payable", "forbidden"})


@dataclass(frozen=True)
class ProviderOption:
    key: str
    label: str
    description: str
    scan: bool  # a code to scan with any banking app


def provider_options() -> list[ProviderOption]:
    """The banks and e-wallets a payer may choose, in the configured order (counter-only ones left out)."""
    options = []
    for key in settings.MOTCUA_PAYMENT_PROVIDERS:
        if key not in providers:
            continue
        provider = provider_get(key)
        if provider.online:
            options.append(ProviderOption(key, str(provider.label), str(provider.description), key in SCAN_PROVIDERS))
    return options


def start_context(request: HttpRequest, provider_key: str) -> StartContext:
    """Where the provider sends the browser back and where its server confirms, on this site's public address."""
    base = (settings.MOTCUA_PUBLIC_URL or request.build_absolute_uri("/")).rstrip("/")
    return StartContext(
        return_url=f"{base}/thanh-toan/{provider_key}/return/",
        ipn_url=f"{base}/thanh-toan/{provider_key}/ipn/",
        client_ip=request.META.get("REMOTE_ADDR", ""),
        locale="en" if (get_language() or "").startswith("en") else "vn",
    )


def started_references(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_STARTED, []))


def _remember(request: HttpRequest, attempt: PaymentAttempt) -> None:
    started = [ref for ref in started_references(request) if ref != attempt.reference]
    request.session[SESSION_STARTED] = [*started, attempt.reference][-_KEEP_STARTED:]


def _see_other(url: str) -> HttpResponse:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def next_step(attempt: PaymentAttempt, start: Start) -> HttpResponse:
    """Off to the provider's page, or to our page with the code to scan."""
    if start.redirect_url:
        return _see_other(start.redirect_url)
    if start.qr_payload:
        return _see_other(reverse("portal:payment_qr", kwargs={"reference": attempt.reference}))
    return _see_other(reverse("portal:payment_result", kwargs={"reference": attempt.reference}))


def closed_message(order: FeeOrder) -> str:
    if order.state == OrderState.PAID:
        return _("Khoản này đã được thanh toán.")
    if order.state == OrderState.EXEMPT:
        return _("Khoản này được miễn, không phải thanh toán.")
    return _("Khoản này không còn phải thanh toán.")


def payment_choose(
    request: HttpRequest,
    *,
    order: FeeOrder,
    payer: User | None,
    template: str,
    context: dict,
) -> HttpResponse:
    """GET: the choice; POST: start paying ``order`` with the chosen provider (nothing else is read)."""
    options = provider_options()
    posted = request.method == "POST"
    form = ProviderChoiceForm(
        request.POST if posted else None, choices=[(option.key, option.label) for option in options]
    )
    errors: list[str] = []
    status = 200
    closed = not order.payable
    if closed:
        errors, status = [closed_message(order)], 409
    elif posted:
        if not form.is_valid():
            status = 400
        else:
            provider_key = form.cleaned_data["provider"]
            try:
                attempt, start = payment_start(
                    order=order, provider_key=provider_key, context=start_context(request, provider_key), payer=payer
                )
            except DomainError as error:
                closed = error.code in _CLOSED_CODES
                errors, status = [error.message], 409 if closed else 400
            else:
                _remember(request, attempt)
                return next_step(attempt, start)
    page = context | {
        "order": order,
        "form": form,
        "options": options,
        "errors": errors,
        "closed": closed,
        "choice_action": request.path,
    }
    return render(request, template, page, status=status)
