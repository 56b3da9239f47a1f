"""The national portal's queue: each dossier's messages sent in order, retried with backoff, stopped on refusal.

A dossier's *head* is its first message the portal has not accepted. Only the head is ever sent, so a later status
never overtakes an earlier one. Accepted → the next becomes the head and is sent at once. Transient failure → the
head waits for its retry time (MOTCUA_NATIONAL_RETRY_MINUTES, with jitter); when the schedule is used up it gives
up. Rejected or given up → the dossier's queue stops (officers see "Đồng bộ lỗi" and the reason) until
``national_sync_retry`` — the officer's "Đồng bộ lại", or ``motcua national-sync retry`` — sends it again.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import audit_record
from motcua.core.errors import DomainError
from motcua.dossiers.access import officer_agency_ids
from motcua.dossiers.models import Dossier

from ..models import MessageState, NationalMessage
from ..models.national import STOPPED_STATES
from ..national.base import ACCEPTED, REJECTED, OutgoingMessage, PushResult, adapter_get
from ..tasks import national_sync_task
from .queueing import claim, enqueue_at, retry_at


def head_of(dossier_id: int) -> NationalMessage | None:
    """The dossier's first message not yet accepted by the portal (None: everything is synced)."""
    return (
        NationalMessage.objects.filter(dossier_id=dossier_id)
        .exclude(state=MessageState.ACCEPTED)
        .order_by("sequence")
        .first()
    )


def _record(message: NationalMessage, result: PushResult) -> None:
    now = timezone.now()
    message.attempts += 1
    fields = {
        "attempts": message.attempts,
        "locked_until": None,
        "last_attempt_at": now,
        "response": result.response,
        "last_error": "" if result.outcome == ACCEPTED else result.reason[:2000],
    }
    if result.outcome == ACCEPTED:
        fields |= {"state": MessageState.ACCEPTED, "accepted_at": now}
    elif result.outcome == REJECTED:
        fields["state"] = MessageState.REJECTED
    else:
        later = retry_at(attempts=message.attempts, schedule=settings.MOTCUA_NATIONAL_RETRY_MINUTES, now=now)
        if later is None:
            fields["state"] = MessageState.GAVE_UP
        else:
            fields["next_try_at"] = later
            enqueue_at(national_sync_task, later, message.dossier_id)
    NationalMessage.objects.filter(pk=message.pk).update(**fields)
    message.state = fields.get("state", message.state)


def national_dossier_push(*, dossier_id: int, limit: int = 100) -> int:
    """Send the dossier's due messages in order, until one is not accepted; returns how many were accepted."""
    adapter = adapter_get()
    if not adapter.enabled:
        return 0
    timeout = float(settings.MOTCUA_NATIONAL.get("TIMEOUT_SECONDS", 10))
    accepted = 0
    while accepted < limit:
        head = head_of(dossier_id)
        if head is None or not claim(NationalMessage, head.pk, now=timezone.now(), timeout=timeout):
            break  # all synced, stopped, not due yet, or another worker is sending it
        dossier_code = head.payload.get("dossier", {}).get("dossier_code") or str(head.dossier_id)
        result = adapter.push(
            OutgoingMessage(head.message_id, dossier_code, head.sequence, head.status_code, head.payload)
        )
        _record(head, result)
        if result.outcome != ACCEPTED:
            break
        accepted += 1
    return accepted


def _restart(message: NationalMessage, *, actor: User | None, via: str) -> None:
    NationalMessage.objects.filter(pk=message.pk).update(
        state=MessageState.PENDING, attempts=0, next_try_at=timezone.now(), locked_until=None
    )
    audit_record(
        actor=actor,
        subject_type="national_message",
        subject_id=str(message.message_id),
        action="retry",
        from_state=message.state,
        to_state=MessageState.PENDING,
        data={"dossier": message.dossier.code, "sequence": message.sequence, "via": via},
    )
    transaction.on_commit(lambda: national_sync_task.enqueue(message.dossier_id), robust=True)


def national_sync_retry(*, dossier: Dossier, actor: User) -> NationalMessage:
    """ "Đồng bộ lại": send the dossier's stopped (or waiting-to-retry) message now, by an officer of its agency."""
    if dossier.agency_id not in officer_agency_ids(officer=actor):
        raise DomainError("Chỉ cán bộ của cơ quan giải quyết hồ sơ mới được đồng bộ lại.", code="forbidden")
    with transaction.atomic():
        head = head_of(dossier.pk)
        failing = head is not None and (head.state in STOPPED_STATES or head.attempts > 0)
        if not failing:
            raise DomainError(
                "Hồ sơ không có bản tin đồng bộ nào đang lỗi; không cần đồng bộ lại.", code="nothing_to_retry"
            )
        _restart(head, actor=actor, via="officer")
    return head


def national_sync_retry_all(*, dossier_code: str = "") -> int:
    """Restart every stopped queue (or only the dossier ``dossier_code``); returns how many were restarted."""
    stopped = NationalMessage.objects.filter(state__in=STOPPED_STATES)
    if dossier_code:
        stopped = stopped.filter(dossier__code=dossier_code)
    restarted = 0
    for dossier_id in stopped.values_list("dossier_id", flat=True).distinct():
        with transaction.atomic():
            head = head_of(dossier_id)
            if head is not None and head.state in STOPPED_STATES:
                _restart(head, actor=None, via="cli")
                restarted += 1
    return restarted
