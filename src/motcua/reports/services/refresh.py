"""What changes the statistics, and the periodic refresh that folds those changes into the summary tables.

- Every dossier transition marks the dossier (``dossier_mark_on_transition``, registered with ``dossiers.hooks``:
  it runs inside the transition's transaction, so the mark commits or rolls back with it); so does a bulk write of
  dossiers outside the transitions (``dossiers_mark_on_bulk_write``: the demo's history).
- A satisfaction survey and a settled online payment change a dossier without a transition: the refresh reads
  their tables past a watermark and marks those dossiers too.
- ``rollup_refresh`` (the periodic task's body) recomputes the marked dossiers' facts in batches, then makes
  sure every (agency, procedure) pair with something open has its month rows through next month.
  The stocks need no daily recomputation: a dossier's ``overdue_day`` is written ahead, on the day it becomes
  overdue, so "overdue at the end of day D" changes with D without any transition.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from motcua.dossiers.hooks import on_bulk_write, on_transition
from motcua.dossiers.models import Dossier, SatisfactionSurvey
from motcua.payments.models import AttemptState, PaymentAttempt
from motcua.workdays.selectors import CalendarCache

from ..models import MonthBucket, RollupMark
from .rollup import balances_walk, facts_refresh, month_after, month_of, state_lock

BATCH = 500


@on_transition
def dossier_mark_on_transition(*, dossier: Dossier, action: str, from_state: str, to_state: str) -> None:
    """Runs inside every dossier transition: the dossier's statistics must be recomputed."""
    RollupMark.objects.create(dossier_id=dossier.pk)


@on_bulk_write
def dossiers_mark_on_bulk_write(*, dossier_ids: list[int]) -> None:
    """Runs inside the transaction that wrote dossiers in bulk: their statistics must be computed."""
    RollupMark.objects.bulk_create([RollupMark(dossier_id=pk) for pk in dossier_ids])


def _watermarks_read(state) -> list[int]:
    """Dossiers changed by surveys and settled payments since the last refresh (advances the watermarks)."""
    marked: list[int] = []
    surveys = list(
        SatisfactionSurvey.objects.filter(id__gt=state.survey_seen).order_by("id").values_list("id", "dossier_id")
    )
    if surveys:
        marked += [dossier_id for _, dossier_id in surveys]
        state.survey_seen = surveys[-1][0]
    attempts = list(
        PaymentAttempt.objects.filter(id__gt=state.attempt_seen)
        .order_by("id")
        .values_list("id", "state", "order__dossier_id")
    )
    pending = [pk for pk, attempt_state, _ in attempts if attempt_state == AttemptState.PENDING]
    marked += [dossier_id for _, attempt_state, dossier_id in attempts if attempt_state == AttemptState.SUCCEEDED]
    if attempts:
        # Stop before the oldest attempt still pending: it is read again until it settles (or expires).
        state.attempt_seen = (min(pending) - 1) if pending else attempts[-1][0]
    return marked


def _months_extend(state, today: dt.date) -> None:
    """At a month change: pairs whose month rows stop before next month while something is open get their rows."""
    through = month_after(month_of(today))
    if state.months_through is not None and state.months_through >= through:
        return
    lagging = (
        MonthBucket.objects.values("agency_id", "procedure_id")
        .annotate(last=Max("month"))
        .filter(last__lt=through)
        .values_list("agency_id", "procedure_id", "last")
    )
    pairs = []
    for agency_id, procedure_id, last in lagging:
        ends = (
            MonthBucket.objects.filter(agency_id=agency_id, procedure_id=procedure_id, month=last)
            .annotate(open_end=F("open_start") + F("received") - F("finished"))
            .annotate(overdue_end=F("overdue_start") + F("overdue_in") - F("overdue_out"))
            .values_list("open_end", "overdue_end")
            .first()
        )
        if ends and any(ends):
            pairs.append((agency_id, procedure_id))
    balances_walk(pairs, today=today)
    state.months_through = through


def rollup_refresh(*, today: dt.date) -> int:
    """Fold every pending change into the summary tables; the number of dossiers whose fact changed."""
    calendars = CalendarCache()
    changed = 0
    with transaction.atomic():
        state = state_lock()
        marks = _watermarks_read(state)
        RollupMark.objects.bulk_create([RollupMark(dossier_id=pk) for pk in marks])
        state.save(update_fields=["survey_seen", "attempt_seen"])
    while True:
        with transaction.atomic():
            state = state_lock()
            batch = list(RollupMark.objects.order_by("id").values_list("id", "dossier_id")[: BATCH * 4])
            if not batch:
                _months_extend(state, today)
                state.refreshed_at = timezone.now()
                state.save(update_fields=["refreshed_at", "months_through"])
                return changed
            ids = {dossier_id for _, dossier_id in batch}
            ids = set(sorted(ids)[:BATCH])
            changed += facts_refresh(ids, today=today, calendars=calendars)
            # Exactly the marks read: one committed meanwhile (even with a smaller id) waits for the next batch.
            RollupMark.objects.filter(id__in=[pk for pk, dossier_id in batch if dossier_id in ids]).delete()
