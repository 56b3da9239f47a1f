"""Webhook endpoints (created, disabled, secret renewed — each audited) and the delivery of one event to one.

A delivery is a POST of the stored payload, signed with the endpoint's secret (``signing``). 2xx: succeeded.
Anything else — a timeout, a refused connection, a 500, a 404 — is retried on MOTCUA_WEBHOOK_RETRY_MINUTES
(with jitter), then given up. A disabled endpoint or an address that is no longer allowed fails at once.
"""

import json
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import audit_record
from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError, NotFound

from .. import http
from ..addresses import url_check
from ..models import DeliveryState, EventType, WebhookDelivery, WebhookEndpoint
from ..signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature_header
from ..tasks import webhook_delivery_task
from .queueing import claim, enqueue_at, retry_at

SECRET_PREFIX = "whsec_"  # noqa: S105  (a label, not a secret)


def _secret_new() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _event_types_clean(values: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    unknown = [value for value in chosen if value not in EventType.values]
    if unknown:
        raise DomainError(
            f"Loại sự kiện không tồn tại: {', '.join(unknown)}. Các loại có thể chọn: {', '.join(EventType.values)}.",
            code="bad_event_type",
        )
    return chosen


def _audit(endpoint: WebhookEndpoint, action: str, actor: User | None) -> None:
    audit_record(
        actor=actor,
        subject_type="webhook_endpoint",
        subject_id=str(endpoint.pk),
        action=action,
        data={
            "name": endpoint.name,
            "url": endpoint.url,
            "agency": endpoint.agency.code if endpoint.agency_id else None,
            "event_types": endpoint.event_types,
            "is_active": endpoint.is_active,
        },
    )


def webhook_endpoint_save(*, endpoint: WebhookEndpoint, actor: User | None) -> str | None:
    """Check and save ``endpoint`` (new or edited); a new one gets its secret, returned here once (else None)."""
    endpoint.name = endpoint.name.strip()
    endpoint.url = endpoint.url.strip()
    if not endpoint.name:
        raise DomainError("Hãy nhập tên hệ thống nhận webhook.", code="name_required")
    url_check(endpoint.url)
    endpoint.event_types = _event_types_clean(endpoint.event_types or [])
    with transaction.atomic():
        secret = None
        if endpoint.pk is None:
            endpoint.secret = secret = _secret_new()
        endpoint.save()
        _audit(endpoint, "create" if secret else "update", actor)
    return secret


def webhook_endpoint_create(
    *,
    name: str,
    url: str,
    agency_code: str = "",
    event_types: Iterable[str] = (),
    actor: User | None = None,
) -> tuple[WebhookEndpoint, str]:
    """A new, active endpoint (for the agency ``agency_code``, or every agency) and its secret — shown once."""
    agency = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code.strip()).first()
        if agency is None:
            raise NotFound(f"Không có cơ quan nào mang mã định danh “{agency_code}”.")
    endpoint = WebhookEndpoint(name=name, url=url, agency=agency, event_types=list(event_types))
    webhook_endpoint_save(endpoint=endpoint, actor=actor)
    return endpoint, endpoint.secret


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_related("agency").filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFound(f"Không có điểm nhận webhook số {endpoint_id}.")
    return endpoint


def webhook_endpoint_disable(*, endpoint_id: int, actor: User | None = None) -> WebhookEndpoint:
    """Stop sending to the endpoint: new events skip it, its pending deliveries fail when their turn comes."""
    with transaction.atomic():
        endpoint = _endpoint(endpoint_id)
        if endpoint.is_active:
            endpoint.is_active = False
            endpoint.save(update_fields=["is_active", "updated_at"])
            _audit(endpoint, "disable", actor)
    return endpoint


def webhook_secret_renew(*, endpoint_id: int, actor: User | None = None) -> str:
    """A new secret for the endpoint (the old one stops working at once); returned here once."""
    with transaction.atomic():
        endpoint = _endpoint(endpoint_id)
        endpoint.secret = _secret_new()
        endpoint.save(update_fields=["secret", "updated_at"])
        _audit(endpoint, "renew_secret", actor)
    return endpoint.secret


def _finish(delivery: WebhookDelivery, state: str, *, error: str = "", status: int | None = None, body: str = ""):
    now = timezone.now()
    fields = {
        "state": state,
        "attempts": delivery.attempts,
        "locked_until": None,
        "last_error": error[:2000],
        "last_status_code": status,
        "response_excerpt": body,
        "last_attempt_at": now,
    }
    if state != DeliveryState.PENDING:
        fields["finished_at"] = now
    else:
        fields["next_try_at"] = delivery.next_try_at
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    return state


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """Send delivery ``delivery_id`` once if it is pending and due; returns its state afterwards."""
    now = timezone.now()
    timeout = settings.MOTCUA_WEBHOOK_TIMEOUT_SECONDS
    if not claim(WebhookDelivery, delivery_id, now=now, timeout=timeout):
        state = WebhookDelivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first()
        return state or ""
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return _finish(delivery, DeliveryState.FAILED, error="Điểm nhận đã bị tắt; sự kiện không được gửi.")
    try:
        url_check(endpoint.url)
    except DomainError as refused:
        return _finish(delivery, DeliveryState.FAILED, error=refused.message)
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        SIGNATURE_HEADER: signature_header(secret=endpoint.secret, body=body),
        EVENT_HEADER: delivery.event_type,
        DELIVERY_HEADER: str(delivery.event_id),
    }
    answer = http.post(endpoint.url, body=body, headers=headers, timeout=timeout)
    delivery.attempts += 1
    if answer.ok:
        return _finish(delivery, DeliveryState.SUCCEEDED, status=answer.status, body=answer.body)
    error = answer.error or f"Máy chủ nhận trả lời HTTP {answer.status}."
    later = retry_at(attempts=delivery.attempts, schedule=settings.MOTCUA_WEBHOOK_RETRY_MINUTES, now=timezone.now())
    if later is None:
        return _finish(delivery, DeliveryState.GAVE_UP, error=error, status=answer.status, body=answer.body)
    delivery.next_try_at = later
    state = _finish(delivery, DeliveryState.PENDING, error=error, status=answer.status, body=answer.body)
    enqueue_at(webhook_delivery_task, later, delivery.pk)
    return state
