from django.tasks import task


@task()
def notification_deliver_task(notification_id: int) -> str:
    from .services import notification_deliver

    return notification_deliver(notification_id=notification_id)


@task()
def notifications_deliver_task(notification_ids: list[int]) -> list[str]:
    """Deliver queued messages one after the other (each as ``notification_deliver``: its own transaction, its
    failure recorded and retried alone) — one task for many, as a batch of notices enqueues them."""
    from .services import notification_deliver

    return [notification_deliver(notification_id=pk) for pk in notification_ids]
