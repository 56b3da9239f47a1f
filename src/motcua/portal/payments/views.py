""" "Thanh toán phí/lệ phí" (seed 001): the fee details of a dossier, the choice of bank or e-wallet, the VietQR
page, the public result page the providers send the browser back to, and the e-receipt download.

The browser return never pays: the result page shows "Đã thanh toán" only once the provider's server-to-server
confirmation has been applied (``payments.services.confirm.notice_apply``). Until then it polls a small status
fragment (htmx, every 2 s); without JavaScript a "Cập nhật" link reloads it.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.errors import DomainError, NotFound
from motcua.core.money import amount_in_words, format_dong
from motcua.payments.base import provider_get, providers
from motcua.payments.contrib.vietqr.render import vietqr_svg
from motcua.payments.models import AttemptState, CollectionAccount, FeeOrder, OrderKind, PaymentAttempt
from motcua.payments.receipt_pdf import receipt_pdf
from motcua.payments.selectors.payer import (
    attempt_get_for_payer,
    attempt_get_public,
    collection_account_of,
    fee_order_get_for_applicant,
    fee_orders_for_applicant,
    receipt_get_for_applicant,
)

from ..personal.common import dossier_or_404, pdf_response
from .choice import payment_choose, started_references


@dataclass(frozen=True)
class OrderDetail:
    """One fee order as the payer reads it: its lines, the total in words, the account it is paid into."""

    order: FeeOrder
    account: CollectionAccount | None
    words: str


def _detail(order: FeeOrder) -> OrderDetail:
    return OrderDetail(order=order, account=collection_account_of(order), words=amount_in_words(order.amount))


@never_cache
@login_required
@require_GET
def dossier_payment(request: HttpRequest, code: str) -> HttpResponse:
    """ "Thanh toán phí/lệ phí": chi tiết phí, lệ phí and thông tin tài khoản nhận thanh toán of each order."""
    dossier = dossier_or_404(request, code)
    orders = fee_orders_for_applicant(user=request.user, dossier=dossier)
    return render(
        request,
        "portal/payments/dossier_payment.html",
        {"dossier": dossier, "details": [_detail(order) for order in orders]},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def order_choose(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    """ "Chọn Ngân hàng hoặc Ví điện tử" for one order of the signed-in person's dossier, then "Thanh toán"."""
    dossier = dossier_or_404(request, code)
    try:
        order = fee_order_get_for_applicant(user=request.user, dossier=dossier, reference=reference)
    except NotFound as error:
        raise Http404(error.message) from None
    return payment_choose(
        request,
        order=order,
        payer=request.user,
        template="portal/payments/choose.html",
        context={"dossier": dossier, "detail": _detail(order)},
    )


@never_cache
@login_required
@require_GET
def receipt_download(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    """ "Tải biên lai điện tử" of a paid order — the dossier's applicant only."""
    dossier = dossier_or_404(request, code)
    try:
        receipt = receipt_get_for_applicant(user=request.user, dossier=dossier, reference=reference)
        content = receipt_pdf(receipt)
    except DomainError as error:
        raise Http404(error.message) from None
    return pdf_response(content, filename=f"bien-lai-{receipt.series}-{receipt.number:07d}.pdf")


# --- Following an attempt: the QR page, the public result page and its status fragment ----------------------
_STATES = {
    AttemptState.PENDING: "pending",
    AttemptState.SUCCEEDED: "paid",
    AttemptState.CANCELLED: "cancelled",
    AttemptState.FAILED: "failed",
    AttemptState.EXPIRED: "failed",
}


def _provider_label(key: str) -> str:
    return str(provider_get(key).label) if key in providers else key


def _retry_url(order: FeeOrder) -> str:
    code = order.dossier.code or ""
    if order.kind == OrderKind.LAND:
        return reverse("portal:land_lookup") + "?" + urlencode({"ma_ho_so": code})
    return reverse("portal:dossier_payment", kwargs={"code": code})


def _status_context(request: HttpRequest, attempt: PaymentAttempt, *, page_url: str) -> dict:
    order = attempt.order
    status = _STATES.get(attempt.state, "failed")
    owner = request.user.is_authenticated and order.dossier.applicant_id == request.user.pk
    return {
        "attempt": attempt,
        "order": order,
        "dossier_code": order.dossier.code,
        "status": status,
        "expired": attempt.state == AttemptState.EXPIRED,
        "provider_label": _provider_label(attempt.provider),
        "status_url": reverse("portal:payment_status", kwargs={"reference": attempt.reference}),
        "page_url": page_url,
        "retry_url": _retry_url(order) if status not in ("pending", "paid") and order.payable else "",
        "dossier_url": reverse("portal:dossier_detail", kwargs={"code": order.dossier.code}) if owner else "",
    }


def _public_or_404(reference: str) -> PaymentAttempt:
    try:
        return attempt_get_public(reference=reference)
    except NotFound as error:
        raise Http404(error.message) from None


@never_cache
@require_GET
def payment_result(request: HttpRequest, reference: str) -> HttpResponse:
    """Where every provider returns the browser: the state as our server knows it (no personal data)."""
    attempt = _public_or_404(reference)
    context = _status_context(request, attempt, page_url=request.path)
    return render(request, "portal/payments/result.html", context)


@never_cache
@require_GET
def payment_status(request: HttpRequest, reference: str) -> HttpResponse:
    """The status fragment the result and QR pages poll; it stops polling once the state is final."""
    attempt = _public_or_404(reference)
    page_url = reverse("portal:payment_result", kwargs={"reference": attempt.reference})
    return render(request, "portal/payments/_status.html", _status_context(request, attempt, page_url=page_url))


def _qr_title(attempt: PaymentAttempt) -> str:
    return _("Mã VietQR thanh toán %(amount)s cho hồ sơ %(code)s") % {
        "amount": format_dong(attempt.amount),
        "code": attempt.order.dossier.code,
    }


@never_cache
@require_GET
def payment_qr(request: HttpRequest, reference: str) -> HttpResponse:
    """The VietQR code to scan with any banking app, for the person who started the attempt (or owns the dossier)."""
    try:
        attempt = attempt_get_for_payer(user=request.user, reference=reference, started=started_references(request))
    except NotFound as error:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404(error.message) from None
    payload = str((attempt.instructions or {}).get("qr_payload") or "")
    if not payload:
        raise Http404(_("Giao dịch này không thanh toán bằng mã QR."))
    data = (attempt.instructions or {}).get("data") or {}
    context = _status_context(request, attempt, page_url=request.path) | {
        # segno's SVG of our own payload (ASCII digits and letters): nothing the person typed.
        "qr_svg": mark_safe(vietqr_svg(payload, title=_qr_title(attempt))),
        "account": attempt.order.account,
        "words": amount_in_words(attempt.amount),
        "memo": str(data.get("memo") or attempt.reference),
    }
    return render(request, "portal/payments/qr.html", context)
