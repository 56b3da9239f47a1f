"""VNPay's two protocol endpoints, parameterised by provider key: the sandbox bank speaks the same protocol and
mounts these same views (``contrib/sandbox/urls.py``).

- IPN (server to server, GET): ``callback_receive`` stores the raw request, verifies, applies once; the answer is
  VNPay's JSON ``{"RspCode", "Message"}``. Never a 500: anything unreadable answers ``97`` or ``99``.
- Return (the payer's browser, GET): verified for display only, then a 303 to the portal's result page.
"""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from motcua.core.errors import DomainError

from ...callbacks import Outcome, callback_receive, return_response
from ...models import CallbackRecord
from .protocol import Malformed

# Outcome of notice_apply → VNPay's RspCode and its (English, machine-read) message.
ANSWERS = {
    Outcome.CONFIRMED: ("00", "Confirm Success"),
    Outcome.REPLAY: ("02", "Order already confirmed"),
    Outcome.NOT_FOUND: ("01", "Order not found"),
    Outcome.BAD_AMOUNT: ("04", "Invalid amount"),
    Outcome.BAD_SIGNATURE: ("97", "Invalid signature"),
}
UNKNOWN = ("99", "Unknown error")


def _answer(code: str, message: str) -> JsonResponse:
    return JsonResponse({"RspCode": code, "Message": message})


@csrf_exempt
@require_GET
def ipn(request: HttpRequest, provider_key: str) -> JsonResponse:
    try:
        _record, outcome = callback_receive(
            request=request, provider_key=provider_key, channel=CallbackRecord.Channel.IPN
        )
    except (Malformed, SuspiciousOperation, DomainError):
        return _answer(*UNKNOWN)  # stored raw by callback_receive before it failed; VNPay will retry
    return _answer(*ANSWERS.get(outcome, UNKNOWN))


@csrf_exempt
@require_GET
def payment_return(request: HttpRequest, provider_key: str) -> HttpResponse:
    return return_response(request=request, provider_key=provider_key)
