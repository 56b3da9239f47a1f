"""Background work of payments: arguments are ids, bodies call services."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from .services import attempts_expire

SWEEP_EVERY = timedelta(minutes=5)


@task()
def attempts_expire_task() -> int:
    """Query, then expire, attempts past their time; then run again in five minutes."""
    closed = attempts_expire()
    if attempts_expire_task.get_backend().supports_defer:
        attempts_expire_task.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return closed
