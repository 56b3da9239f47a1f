"""MoMo's endpoints: the IPN (server to server, applied once) and the browser return (display only).

MoMo expects HTTP 204 to every IPN it sends; anything else makes it retry. So whatever the outcome — confirmed,
a replay, a wrong amount, a bad signature, garbage — the IPN is stored raw first and answered 204: the outcome
lives in the stored record and, when something is wrong, in the reconciliation queue. A body larger than the
server accepts cannot be read whole: its beginning is stored, flagged, and answered 400 (MoMo never sends one).
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.payments.callbacks import callback_receive, return_response
from motcua.payments.models import CallbackRecord
from motcua.payments.services.confirm import callback_reject, callback_store

PROVIDER = "momo"


def body_too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return limit is not None and length > limit


def store_oversized(request: HttpRequest, *, provider: str, channel: str) -> None:
    """Keep the first bytes of a body too large to read whole, flagged for reconciliation."""
    head = request.read(min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, 64 * 1024))
    record = callback_store(
        provider=provider,
        channel=channel,
        method=request.method or "",
        query=request.META.get("QUERY_STRING", ""),
        body=head,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    length = request.META.get("CONTENT_LENGTH", "")[:20]
    callback_reject(record=record, reason=f"Nội dung quá lớn ({length} byte), chỉ lưu phần đầu; không xử lý.")


@csrf_exempt
@never_cache
@require_POST
def ipn(request: HttpRequest) -> HttpResponse:
    if body_too_large(request):
        store_oversized(request, provider=PROVIDER, channel=CallbackRecord.Channel.IPN)
        return HttpResponse(status=400)
    try:
        callback_receive(request=request, provider_key=PROVIDER, channel=CallbackRecord.Channel.IPN)
    except SuspiciousOperation:  # stored raw, but its fields cannot be read (too many form fields …)
        return HttpResponse(status=400)
    return HttpResponse(status=204)


@never_cache
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    """The payer's browser back from MoMo: shown, never applied (the IPN is what counts)."""
    return return_response(request=request, provider_key=PROVIDER)
