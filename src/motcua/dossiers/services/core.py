"""The state machine's engine: the dossier code, the actor's role, applying a transition with its event and notice.

The ONLY code that changes a dossier's state, always with its event, in one transaction.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import audit_record
from motcua.catalogue.models import Agency, OnlineLevel, Procedure
from motcua.core.errors import DomainError

from ..access import officer_agency_ids, officer_roles, reception_agency_ids
from ..hooks import transition_notify
from ..models import Dossier, DossierCodeCounter, DossierEvent, DossierTask, TaskOutcome
from ..notices import event_notify
from ..selectors.office import dossier_open_task
from ..workflow import CLOSED_STATES, RESUME, Action, Role, State, Transition, transition_for

# Which timestamp a state stamps when the dossier enters it — the first time only: resuming "received" after a
# supplement does not make it received again (form 01, the register and the queue order read these).
_STAMPS: dict[str, str] = {
    State.SUBMITTED: "submitted_at",
    State.RECEIVED: "received_at",
    State.REFUSED: "finished_at",
    State.WITHDRAWN: "finished_at",
    State.STOPPED: "finished_at",
    State.RESULT_READY: "finished_at",
    State.RETURNED: "returned_at",
}


# --- Dossier code ---------------------------------------------------------------------------------
def dossier_code_allocate(*, agency: Agency, on: date) -> str:
    """The next code of ``agency`` for day ``on``: ``<unit code>-YYMMDD-NNNN`` (more digits past 9999).

    The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, so two first submissions of the day
    cannot collide), then incremented by one UPDATE in the database: on PostgreSQL the row stays locked until
    commit, on SQLite the IMMEDIATE transaction holds the write lock. A number is never given twice; a rolled
    back submission may leave a gap, which is allowed.
    """
    with transaction.atomic():
        DossierCodeCounter.objects.bulk_create(
            [DossierCodeCounter(unit_code=agency.code, day=on, last_number=0)], ignore_conflicts=True
        )
        counter = DossierCodeCounter.objects.filter(unit_code=agency.code, day=on)
        counter.update(last_number=F("last_number") + 1)
        number = counter.values_list("last_number", flat=True).get()
    return f"{agency.code}-{on:%y%m%d}-{number:04d}"


# --- Transitions ----------------------------------------------------------------------------------
def actor_role(*, dossier: Dossier, actor: User | None, transition: Transition) -> Role:
    """The role under which ``actor`` may take ``transition`` on ``dossier``; DomainError if none."""
    if actor is None:
        if Role.SYSTEM in transition.roles:
            return Role.SYSTEM
    elif Role.APPLICANT in transition.roles and actor.pk == dossier.applicant_id:
        return Role.APPLICANT
    elif Role.OFFICER in transition.roles and _officer_may_take(dossier, actor, transition):
        return Role.OFFICER
    raise DomainError("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", code="forbidden")


# Receiving a dossier (or refusing it, form 03) is the act of the Bộ phận Một cửa: a specialist or a leader of the
# agency works on received dossiers, they do not take them in at the desk.
_DESK_ACTIONS = frozenset({Action.RECEIVE, Action.REFUSE})


def _officer_may_take(dossier: Dossier, officer: User, transition: Transition) -> bool:
    if transition.action in _DESK_ACTIONS:
        return dossier.agency_id in reception_agency_ids(officer=officer)
    return officer_may_act(dossier=dossier, officer=officer)


def officer_may_act(*, dossier: Dossier, officer: User) -> bool:
    """The officer works for the dossier's agency (or receives for it), or holds the step it is at."""
    if dossier.agency_id in officer_agency_ids(officer=officer):
        return True
    task = open_task(dossier)
    return task is not None and (task.agency_id, task.role) in officer_roles(officer=officer)


def open_task(dossier: Dossier) -> DossierTask | None:
    """The step the dossier is at now (``selectors.dossier_open_task``), for the services' checks."""
    return dossier_open_task(dossier=dossier)


def check_version(dossier: Dossier, expected: int | None) -> None:
    """Refuse a decision taken on a page that is no longer current (another officer acted, or a replayed form)."""
    if expected is not None and expected != dossier.version:
        raise DomainError(
            f"Hồ sơ {dossier.code} vừa được cập nhật (trạng thái hiện tại: “{dossier.get_state_display()}”). "
            "Thao tác của bạn chưa được thực hiện; vui lòng xem lại hồ sơ rồi thao tác lại nếu vẫn cần.",
            code="stale",
        )


def _resume_state(dossier: Dossier, transition: Transition) -> str:
    paused = dossier.events.filter(action=transition.resumes).order_by("-at", "-id").first()
    if paused is None:  # a pause always has its event; without one, received is the safe place to go back to
        return State.RECEIVED
    return paused.from_state


def apply(*, dossier: Dossier, transition: Transition, actor: User | None, note: str) -> Dossier:
    """Move ``dossier`` (already locked, in a transaction) along ``transition`` and write its event."""
    from_state = dossier.state
    to_state = _resume_state(dossier, transition) if transition.to == RESUME else transition.to
    now = timezone.now()
    dossier.state = to_state
    dossier.version += 1
    changed = ["state", "version", "updated_at"]
    stamp = _STAMPS.get(to_state)
    if stamp is not None and getattr(dossier, stamp) is None:
        setattr(dossier, stamp, now)
        changed.append(stamp)
    dossier.save(update_fields=changed)
    if to_state in CLOSED_STATES:  # refused, withdrawn, stopped, returned: no step holds the dossier any more
        _tasks_close(dossier, actor=actor, note=note, at=now)
    event = _event(dossier, transition.action, from_state, to_state, actor, note, now)
    event_notify(dossier=dossier, event=event)
    transition_notify(dossier=dossier, action=transition.action, from_state=from_state, to_state=to_state)
    return dossier


def record(*, dossier: Dossier, action: str, actor: User | None, note: str = "", data: dict | None = None) -> None:
    """An act inside the agency that does not change the state (a hand-over, a signature): history + version."""
    dossier.version += 1
    dossier.save(update_fields=["version", "updated_at"])
    event = _event(dossier, action, dossier.state, dossier.state, actor, note, timezone.now(), data)
    event_notify(dossier=dossier, event=event)


def _event(
    dossier: Dossier,
    action: str,
    from_state: str,
    to_state: str,
    actor: User | None,
    note: str,
    at: datetime,
    data: dict | None = None,
) -> DossierEvent:
    label = str(actor) if actor is not None else "Hệ thống"
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_label=label,
        note=note,
        at=at,
    )
    audit_record(
        actor=actor,
        subject_type="dossier",
        subject_id=dossier.code or str(dossier.public_id),
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
        at=at,
    )
    return event


def _tasks_close(dossier: Dossier, *, actor: User | None, note: str, at: datetime) -> None:
    DossierTask.objects.filter(dossier=dossier, finished_at__isnull=True).update(
        finished_at=at,
        finished_by=actor,
        finished_by_label=str(actor) if actor is not None else "Hệ thống",
        outcome=TaskOutcome.CLOSED,
        note=note[:2000],
    )


def procedure_check_open(procedure: Procedure) -> None:
    """DomainError unless ``procedure`` is in force and offers online submission."""
    today = timezone.localdate()
    if not procedure.is_active or (procedure.effective_to is not None and procedure.effective_to < today):
        raise DomainError("Thủ tục này hiện không còn áp dụng.", code="procedure_inactive")
    if procedure.effective_from is not None and procedure.effective_from > today:
        raise DomainError("Thủ tục này chưa có hiệu lực.", code="procedure_inactive")
    if procedure.online_level not in (OnlineLevel.PARTIAL, OnlineLevel.FULL):
        raise DomainError(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp hồ sơ trực tiếp hoặc qua bưu chính.",
            code="procedure_not_online",
        )


def lock(dossier: Dossier) -> Dossier:
    """The dossier's row, locked until the end of the surrounding transaction (concurrent writers wait)."""
    # of=("self",): lock the dossier row only (PostgreSQL refuses FOR UPDATE on the nullable side of a join).
    return (
        Dossier.objects.select_for_update(of=("self",)).select_related("procedure", "agency", "case").get(pk=dossier.pk)
    )


def draft_lock(*, dossier: Dossier, actor: User) -> Dossier:
    """The draft locked for an edit by its applicant; DomainError once it is submitted (or not theirs)."""
    locked = lock(dossier)
    if locked.applicant_id != actor.pk:
        raise DomainError("Bạn không có quyền sửa hồ sơ này.", code="forbidden")
    if locked.state != State.DRAFT:
        raise DomainError("Hồ sơ đã được nộp, không thể sửa bản nháp.", code="not_draft")
    return locked


def dossier_transition(*, dossier: Dossier, action: str, actor: User | None, note: str = "") -> Dossier:
    """The bare state machine: take ``action`` on ``dossier`` as ``actor`` (None: a verified system callback).

    Not exported by ``services``: every action a person takes has its own service with its rules (a reason, the
    appointment date, the first step, a signed result …), which this skips. Used by the machine-level tests of
    ``workflow`` and, later, by verified system callbacks (a payment confirmation).
    Submission allocates the code: use ``dossier_submit``.
    """
    if action == Action.SUBMIT:
        raise DomainError("Hồ sơ được nộp qua chức năng “Nộp hồ sơ”.", code="use_submit")
    with transaction.atomic():
        locked = lock(dossier)
        transition = transition_for(action=action, state=locked.state)
        actor_role(dossier=locked, actor=actor, transition=transition)
        return apply(dossier=locked, transition=transition, actor=actor, note=note)
