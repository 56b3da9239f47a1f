from django.tasks import task


@task()
def notification_deliver_task(notification_id: int) -> str:
    from .services import notification_deliver

    return notification_deliver(notification_id=notification_id)
