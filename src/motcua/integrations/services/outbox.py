"""The transactional outbox: every transition writes its webhook deliveries and national message, then commits.

``integrations_on_transition`` runs inside the transition's transaction with the dossier row locked
(``dossiers.hooks``): the rows commit or roll back with the change, and the per-dossier sequence cannot race.
Nothing is sent here — the worker's tasks are enqueued once the transaction has committed.
"""

import uuid
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from motcua.dossiers.hooks import on_transition
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Action, national_code

from ..models import EventType, NationalMessage, WebhookDelivery, WebhookEndpoint
from ..national.base import adapter_get
from ..payloads import national_payload, webhook_payload
from ..tasks import national_sync_task, webhook_delivery_task


def _webhook_deliveries(
    dossier: Dossier, *, action: str, from_state: str, to_state: str, event_id: uuid.UUID, at: datetime
) -> list[int]:
    event_type = EventType.for_state(to_state)
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            Q(agency__isnull=True) | Q(agency_id=dossier.agency_id), is_active=True
        )
        if endpoint.wants(event_type)
    ]
    if not endpoints:
        return []
    payload = webhook_payload(
        event_id=event_id, event_type=event_type, dossier=dossier, action=action, from_state=from_state, at=at
    )
    made = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event_id=event_id,
            event_type=event_type,
            dossier=dossier,
            payload=payload,
            next_try_at=at,
        )
        for endpoint in endpoints
    )
    return [delivery.pk for delivery in made]


def _national_message(dossier: Dossier, *, action: str, to_state: str, event_id: uuid.UUID, at: datetime) -> bool:
    """Queue the status for the national portal; False when nothing is to be sent.

    A dossier entered at the counter is submitted and received in one act: the portal learns it as received
    (code 2), never as waiting for reception (code 1).
    """
    adapter = adapter_get()
    code = national_code(to_state)
    if not adapter.enabled or code is None or (action == Action.SUBMIT and dossier.received_at_counter):
        return False
    last = NationalMessage.objects.filter(dossier=dossier).aggregate(last=Max("sequence"))["last"] or 0
    NationalMessage.objects.create(
        message_id=event_id,
        dossier=dossier,
        sequence=last + 1,
        action=action,
        status_code=code,
        adapter=adapter.key,
        payload=national_payload(message_id=event_id, sequence=last + 1, dossier=dossier, action=action, at=at),
        next_try_at=at,
    )
    return True


@on_transition
def integrations_on_transition(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> None:
    """Write what others must be told of this transition; enqueue its delivery after commit."""
    at = timezone.now()
    event_id = uuid.uuid4()
    deliveries = _webhook_deliveries(
        dossier, action=action, from_state=from_state, to_state=to_state, event_id=event_id, at=at
    )
    for delivery_id in deliveries:
        transaction.on_commit(lambda pk=delivery_id: webhook_delivery_task.enqueue(pk), robust=True)
    if _national_message(dossier, action=action, to_state=to_state, event_id=event_id, at=at):
        transaction.on_commit(lambda pk=dossier.pk: national_sync_task.enqueue(pk), robust=True)
