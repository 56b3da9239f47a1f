"""What both queues share: retry times with backoff and jitter, the worker's lease on a row, deferred retries."""

import secrets
from datetime import datetime, timedelta

from django.db.models import Model, Q
from django.tasks import Task

_random = secrets.SystemRandom()
JITTER = 0.1  # each wait is its scheduled length ± 10 %, so receivers that failed together are not retried together
LEASE_MARGIN = timedelta(seconds=30)


def retry_at(*, attempts: int, schedule: list[int], now: datetime) -> datetime | None:
    """When to try again after ``attempts`` failed tries (None: the schedule is used up — give up)."""
    if attempts > len(schedule):
        return None
    seconds = schedule[attempts - 1] * 60 * _random.uniform(1 - JITTER, 1 + JITTER)
    return now + timedelta(seconds=seconds)


def claim(model: type[Model], pk: int, *, now: datetime, timeout: float) -> bool:
    """Take the pending, due row ``pk`` for one send (one conditional UPDATE: two workers never both get it).

    The lease outlives the send's timeout; a worker that dies mid-send leaves a lease that simply runs out.
    """
    lease = now + timedelta(seconds=timeout) + LEASE_MARGIN
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    return (
        model._default_manager.filter(free, pk=pk, state="pending", next_try_at__lte=now).update(locked_until=lease)
        == 1
    )


def enqueue_at(task: Task, when: datetime, *args: object) -> None:
    """Run ``task`` again at ``when`` when the backend can defer; otherwise the periodic sweep picks it up."""
    if task.get_backend().supports_defer:
        task.using(run_after=when).enqueue(*args)
