"""The one way a provider's server-to-server callback is handled: store raw → verify → apply once.

Each provider's view calls ``callback_receive`` and turns the outcome into the answer its protocol expects
(VNPay ``RspCode``, MoMo HTTP 204 …). The browser return is verified for display only and never applied.
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from .base import Notice, SignatureInvalid, provider_get
from .models import CallbackRecord
from .services.confirm import callback_reject, callback_store, notice_apply

Outcome = CallbackRecord.Outcome


def _params(request: HttpRequest) -> dict[str, str]:
    source = request.GET if request.method == "GET" else request.POST
    return {key: source.get(key, "") for key in source}


def callback_receive(*, request: HttpRequest, provider_key: str, channel: str) -> tuple[CallbackRecord, str]:
    """Store what arrived, verify it with the provider, apply it; returns the record and the outcome."""
    record = callback_store(
        provider=provider_key,
        channel=channel,
        method=request.method or "",
        query=request.META.get("QUERY_STRING", ""),
        body=request.body,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    try:
        notice = provider_get(provider_key).verify(params=_params(request), body=request.body)
    except SignatureInvalid as error:
        callback_reject(record=record, reason=str(error) or "chữ ký không hợp lệ")
        return record, Outcome.BAD_SIGNATURE
    except ValueError:  # signed but unreadable (a provider's Malformed): kept raw, answered as an error
        record.outcome = Outcome.ERROR
        record.save(update_fields=["outcome"])
        return record, Outcome.ERROR
    return record, notice_apply(provider=provider_key, notice=notice, record=record)


def return_verify(*, request: HttpRequest, provider_key: str) -> Notice | None:
    """The browser return, for display only: the verified notice (None if forged), stored raw, never applied."""
    record = callback_store(
        provider=provider_key,
        channel=CallbackRecord.Channel.RETURN,
        method=request.method or "",
        query=request.META.get("QUERY_STRING", ""),
        body=b"",
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    try:
        notice = provider_get(provider_key).verify(params=_params(request), body=request.body)
    except SignatureInvalid:
        record.outcome = Outcome.BAD_SIGNATURE
        record.save(update_fields=["outcome"])
        return None
    record.outcome, record.reference = Outcome.DISPLAYED, notice.reference[:64]
    record.save(update_fields=["outcome", "reference"])
    return notice


def return_response(*, request: HttpRequest, provider_key: str) -> HttpResponse:
    """The payer's browser back from a provider: 303 to the portal's "Kết quả thanh toán" page of the attempt when
    the return verifies, else a 400 page. Shown only: what the page says comes from the server-to-server callback."""
    try:
        notice = return_verify(request=request, provider_key=provider_key)
        url = reverse("portal:payment_result", kwargs={"reference": notice.reference}) if notice else ""
    except (SuspiciousOperation, ValueError, NoReverseMatch):  # unreadable fields, a reference no URL can carry
        url = ""
    if not url:
        label = provider_get(provider_key).label
        return render(request, "payments/return_invalid.html", {"provider_label": label}, status=400)
    return HttpResponseRedirect(url, status=303)
