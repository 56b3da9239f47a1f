"""What integrations keeps: partners' webhook endpoints and their delivery log, the national portal's sync queue."""

from .national import MessageState, NationalMessage
from .webhooks import DeliveryState, EventType, WebhookDelivery, WebhookEndpoint

__all__ = ["DeliveryState", "EventType", "MessageState", "NationalMessage", "WebhookDelivery", "WebhookEndpoint"]
