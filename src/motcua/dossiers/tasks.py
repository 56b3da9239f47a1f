"""Background tasks of dossiers (Django's tasks API; the worker runs them)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

GC_EVERY = timedelta(hours=6)


@task()
def files_collect_garbage_task() -> int:
    """Delete stored files no row refers to (a crash between storing and committing), then run again later."""
    from .services import files_collect_garbage

    removed = files_collect_garbage(older_than=GC_EVERY)
    if files_collect_garbage_task.get_backend().supports_defer:
        files_collect_garbage_task.using(run_after=timezone.now() + GC_EVERY).enqueue()
    return removed


REMIND_EVERY = timedelta(minutes=30)


@task()
def deadline_reminders_task() -> int:
    """Remind officers of steps about to be due, then run again in half an hour."""
    from .services.reminders import deadline_reminders_send

    sent = deadline_reminders_send()
    if deadline_reminders_task.get_backend().supports_defer:
        deadline_reminders_task.using(run_after=timezone.now() + REMIND_EVERY).enqueue()
    return sent
