from django.db.models import QuerySet

from .models import InboxMessage, Notification


def outbox_recent(*, limit: int = 100) -> list[Notification]:
    """The demo outbox: the latest messages of every channel. Shown only where the outbox is enabled."""
    return list(Notification.objects.order_by("-created_at", "-id")[:limit])


def inbox_for_user(*, user) -> QuerySet[InboxMessage]:
    """``user``'s own notices, newest first."""
    return InboxMessage.objects.filter(user=user).order_by("-created_at", "-id")


def inbox_unread_count(*, user) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).count()
