"""Background work of integrations: arguments are ids, bodies call services (imported at call time: the services
enqueue these tasks)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

SWEEP_EVERY = timedelta(minutes=1)


@task()
def webhook_delivery_task(delivery_id: int) -> str:
    """Send one webhook delivery (if due); its outcome is recorded on the delivery."""
    from .services import webhook_delivery_attempt

    return webhook_delivery_attempt(delivery_id=delivery_id)


@task()
def national_sync_task(dossier_id: int) -> int:
    """Send one dossier's due national-portal messages, in order."""
    from .services import national_dossier_push

    return national_dossier_push(dossier_id=dossier_id)


@task()
def integrations_retry_task() -> int:
    """Enqueue what is overdue in both queues, then run again in a minute."""
    from .services import integrations_retry_due

    enqueued = integrations_retry_due()
    if integrations_retry_task.get_backend().supports_defer:
        integrations_retry_task.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return enqueued
