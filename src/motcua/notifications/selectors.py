from .models import Notification


def outbox_recent(*, limit: int = 100) -> list[Notification]:
    """The demo outbox: the latest messages of every channel. Shown only where the outbox is enabled."""
    return list(Notification.objects.order_by("-created_at", "-id")[:limit])
