"""Writes of integrations: the outbox written with each transition, webhook endpoints and deliveries, the
national portal's queue. Deliveries run in the worker (``tasks``), never in a request or a transition."""

from .national import national_dossier_push, national_sync_retry, national_sync_retry_all
from .outbox import integrations_on_transition
from .sweep import integrations_retry_due
from .webhooks import (
    webhook_delivery_attempt,
    webhook_endpoint_create,
    webhook_endpoint_disable,
    webhook_endpoint_save,
    webhook_secret_renew,
)

__all__ = [
    "integrations_on_transition",
    "integrations_retry_due",
    "national_dossier_push",
    "national_sync_retry",
    "national_sync_retry_all",
    "webhook_delivery_attempt",
    "webhook_endpoint_create",
    "webhook_endpoint_disable",
    "webhook_endpoint_save",
    "webhook_secret_renew",
]
