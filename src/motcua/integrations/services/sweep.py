"""The safety net of both queues: whatever is due but was not sent (a lost task, a worker that died mid-send, a
task backend that cannot defer) is enqueued again. Normally each failure schedules its own retry."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from ..models import DeliveryState, MessageState, NationalMessage, WebhookDelivery
from ..models.national import STOPPED_STATES
from ..national.base import adapter_get
from ..tasks import national_sync_task, webhook_delivery_task

GRACE = timedelta(minutes=2)  # a retry this late has lost its own task
BATCH = 500


def integrations_retry_due() -> int:
    """Enqueue the deliveries and the dossiers whose sending is overdue; returns how many tasks were enqueued."""
    now = timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    deliveries = list(
        WebhookDelivery.objects.filter(free, state=DeliveryState.PENDING, next_try_at__lte=now - GRACE)
        .order_by("next_try_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    for pk in deliveries:
        webhook_delivery_task.enqueue(pk)
    if not adapter_get().enabled:  # the sync was turned off: what is queued waits for it to be on again
        return len(deliveries)
    stopped = NationalMessage.objects.filter(state__in=STOPPED_STATES).values("dossier_id")
    dossiers = list(
        NationalMessage.objects.filter(free, state=MessageState.PENDING, next_try_at__lte=now - GRACE)
        .exclude(dossier_id__in=stopped)
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()[:BATCH]
    )
    for dossier_id in dossiers:
        national_sync_task.enqueue(dossier_id)
    return len(deliveries) + len(dossiers)
