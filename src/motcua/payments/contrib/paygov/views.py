"""The hub's endpoints: the signed callback (``callback/`` and ``ipn/``, applied once) and the browser return.

The callback is stored raw first, verified, applied, and answered ``{"MaLoi": …, "MoTa": …}`` (codes in
``protocol.ANSWERS``: 00 confirmed, 01 not found, 02 already confirmed, 04 wrong amount, 97 bad signature). A
callback that is confirmed (or replayed) and carries the hub's e-receipt address has it kept on the attempt.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from motcua.payments.callbacks import callback_receive, return_response
from motcua.payments.models import AttemptState, CallbackRecord
from motcua.payments.services.confirm import callback_reject, callback_store

from . import protocol
from .provider import receipt_link
from .services import attempt_receipt_link_record

PROVIDER = "paygov"
Outcome = CallbackRecord.Outcome


def _too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return limit is not None and length > limit


def _store_head(request: HttpRequest) -> None:
    """A body too large to read whole: its beginning is kept and flagged for reconciliation."""
    record = callback_store(
        provider=PROVIDER,
        channel=CallbackRecord.Channel.IPN,
        method=request.method or "",
        query=request.META.get("QUERY_STRING", ""),
        body=request.read(min(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, 64 * 1024)),
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    length = request.META.get("CONTENT_LENGTH", "")[:20]
    callback_reject(record=record, reason=f"Nội dung quá lớn ({length} byte), chỉ lưu phần đầu; không xử lý.")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest) -> HttpResponse:
    if _too_large(request):
        _store_head(request)
        return JsonResponse(protocol.answer(Outcome.BAD_SIGNATURE), status=400)
    try:
        record, outcome = callback_receive(request=request, provider_key=PROVIDER, channel=CallbackRecord.Channel.IPN)
    except SuspiciousOperation:  # stored raw, but its fields cannot be read (too many form fields …)
        return JsonResponse(protocol.answer(Outcome.BAD_SIGNATURE), status=400)
    attempt = record.attempt if outcome in (Outcome.CONFIRMED, Outcome.REPLAY) else None
    if attempt is not None and attempt.state == AttemptState.SUCCEEDED:
        source = request.GET if request.method == "GET" else request.POST
        url = receipt_link(params={key: source.get(key, "") for key in source}, body=request.body)
        if url:
            attempt_receipt_link_record(reference=record.reference, url=url)
    return JsonResponse(protocol.answer(outcome))


@never_cache
@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    """The payer's browser back from the hub: shown, never applied (the signed callback is what counts)."""
    return return_response(request=request, provider_key=PROVIDER)
