"""Background work of payments: arguments are ids, bodies call services (imported at call time: the services
enqueue these tasks)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

SWEEP_EVERY = timedelta(minutes=5)


@task()
def attempts_expire_task() -> int:
    """Query, then expire, attempts past their time; then run again in five minutes."""
    from .services import attempts_expire

    closed = attempts_expire()
    if attempts_expire_task.get_backend().supports_defer:
        attempts_expire_task.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return closed


@task()
def paid_orders_receipts_task(attempt_ids: list[int]) -> int:
    """The receipts and payers' notices of orders a bank statement's chunk paid (once, however often it runs)."""
    from .services.credit import paid_orders_receipts_issue

    return paid_orders_receipts_issue(attempt_ids=attempt_ids)
