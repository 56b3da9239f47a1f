"""Background work of reports: arguments are ids, bodies call services."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from .models import RollupState
from .services.exports import export_run
from .services.rebuild import rollup_rebuild
from .services.refresh import rollup_refresh

REFRESH_EVERY = timedelta(minutes=1)
# The nightly rebuild: once a day, after this local hour, the tables are recomputed from the dossiers (whatever a
# mark could have missed, e.g. an edit in the admin, is set right by morning).
REBUILD_AFTER_HOUR = 1


@task()
def rollup_refresh_task() -> int:
    """Fold the marked dossiers into the statistics, rebuild once a night; then run again in a minute."""
    today = timezone.localdate()
    changed = rollup_refresh(today=today)
    rebuilt = RollupState.objects.filter(key="main").values_list("rebuilt_at", flat=True).first()
    local_now = timezone.localtime()
    if local_now.hour >= REBUILD_AFTER_HOUR and (rebuilt is None or timezone.localtime(rebuilt).date() < today):
        rollup_rebuild(today=today)
    if rollup_refresh_task.get_backend().supports_defer:
        rollup_refresh_task.using(run_after=timezone.now() + REFRESH_EVERY).enqueue()
    return changed


@task()
def export_run_task(job_id: int) -> None:
    """Write the file of one export job (progress saved as it goes)."""
    export_run(job_id=job_id)
