"""The counter VietQR screens: the officer's (signed in) and the citizen-facing display (a signed link, no login).

Both show the same status fragment, which htmx polls every 2 seconds until the payment is final (paid, expired,
cancelled); without JavaScript the "Cập nhật" link reloads the page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.money import amount_in_words, format_dong
from motcua.payments.contrib.vietqr.render import vietqr_svg
from motcua.payments.models import PaymentAttempt
from motcua.payments.selectors.counter import (
    DISPLAY_MAX_AGE,
    counter_attempt_get,
    counter_status,
    display_attempt_get,
    display_token,
)

from ...access import officer_required
from .common import found


def _qr(attempt: PaymentAttempt) -> str:
    payload = (attempt.instructions or {}).get("qr_payload", "")
    if not payload:
        return ""
    title = gettext("Mã QR chuyển khoản %(amount)s cho hồ sơ %(code)s") % {
        "amount": format_dong(attempt.amount),
        "code": attempt.order.dossier.code,
    }
    # The SVG is built by our own renderer (segno escapes the title) from our own payload: markup, no script.
    return mark_safe(vietqr_svg(payload, title=title))


def _screen(attempt: PaymentAttempt, status_url: str) -> dict:
    data = (attempt.instructions or {}).get("data") or {}
    return {
        "attempt": attempt,
        "order": attempt.order,
        "dossier": attempt.order.dossier,
        "account": attempt.order.account,
        "qr_svg": _qr(attempt),
        "amount_words": amount_in_words(attempt.amount),
        "memo": data.get("memo") or attempt.reference,
        "status": counter_status(attempt=attempt),
        "status_url": status_url,
    }


@require_GET
@officer_required
def counter_qr(request: HttpRequest, reference: str) -> HttpResponse:
    attempt = found(lambda: counter_attempt_get(officer=request.user, reference=reference))
    context = _screen(attempt, reverse("backoffice:counter_status", args=[reference]))
    token = display_token(attempt=attempt)
    context["display_url"] = reverse("backoffice:payment_display", args=[token])
    context["display_minutes"] = DISPLAY_MAX_AGE // 60
    return render(request, "backoffice/payments/counter_qr.html", context)


@require_GET
@officer_required
def counter_status_fragment(request: HttpRequest, reference: str) -> HttpResponse:
    attempt = found(lambda: counter_attempt_get(officer=request.user, reference=reference))
    context = {"status": counter_status(attempt=attempt), "status_url": request.path, "attempt": attempt}
    return render(request, "backoffice/payments/_counter_status.html", context)


@require_GET
@never_cache
def display(request: HttpRequest, token: str) -> HttpResponse:
    attempt = found(lambda: display_attempt_get(token=token))
    context = _screen(attempt, reverse("backoffice:payment_display_status", args=[token]))
    return render(request, "backoffice/payments/display.html", context)


@require_GET
@never_cache
def display_status_fragment(request: HttpRequest, token: str) -> HttpResponse:
    attempt = found(lambda: display_attempt_get(token=token))
    context = {"status": counter_status(attempt=attempt), "status_url": request.path, "citizen_screen": True}
    return render(request, "backoffice/payments/_counter_status.html", context)
