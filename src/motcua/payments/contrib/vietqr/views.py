"""``POST /thanh-toan/vietqr/webhook/``: a bank pushes one incoming credit to a collection account.

Request: ``Content-Type: application/json``, the body one object, UTF-8::

    {"account_number": "113000123456",          # the credited account (1–19 letters or digits)
     "bank_reference": "FT26002123456789",       # the bank's transaction number (unique per account)
     "amount": 70000,                           # whole đồng, > 0 (a number or a string of digits)
     "memo": "GD7K3M9P2Q4R5S6T 000.00.16.H34-260102-0001",   # the transfer memo as the payer's bank sent it
     "booked_at": "2026-01-02T10:15:00+07:00"}  # ISO 8601; without a zone it is Vietnam time

Header ``X-Signature``: HMAC-SHA256 of the raw body bytes with the shared secret
(``MOTCUA_VIETQR_WEBHOOK_SECRET``), in hex.

The push is stored raw first, then verified and matched exactly like an imported statement line. Answers (JSON):
``200 {"status": "ok"}`` matched and applied · ``200 {"status": "duplicate"}`` this bank reference was already
received (a retry) · ``200 {"status": "unmatched"}`` stored and queued for a finance officer ·
``401 {"status": "bad_signature"}`` · ``400 {"status": "invalid", "message": …}`` signed but unreadable.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ...base import SignatureInvalid, provider_get
from ...models import CallbackRecord
from ...services.confirm import callback_reject, callback_store
from ...services.reconciliation import statement_line_receive
from .provider import SIGNATURE_HEADER, WebhookInvalid


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    record = callback_store(
        provider="vietqr",
        channel=CallbackRecord.Channel.WEBHOOK,
        method=request.method or "",
        query=request.META.get("QUERY_STRING", ""),
        body=request.body,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    try:
        credit = provider_get("vietqr").credit_verify(
            body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
    except SignatureInvalid as error:
        callback_reject(record=record, reason=str(error))
        return JsonResponse({"status": "bad_signature"}, status=401)
    except WebhookInvalid as error:
        record.outcome = CallbackRecord.Outcome.ERROR
        record.save(update_fields=["outcome"])
        return JsonResponse({"status": "invalid", "message": str(error)}, status=400)
    status = statement_line_receive(credit=credit, record=record)
    return JsonResponse({"status": status})
