"""Writes on dossiers. The ONLY code that changes a dossier's state, always with its event, in one transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.accounts.models import AccountKind, CitizenProfile, Organisation, User
from motcua.accounts.selectors import officer_memberships
from motcua.catalogue.models import Agency, OnlineLevel, Procedure, ProcedureCase
from motcua.core.errors import DomainError

from .models import ApplicantKind, Dossier, DossierCodeCounter, DossierEvent
from .workflow import RESUME, Action, Role, State, Transition, transition_for

# Which timestamp a state stamps when the dossier enters it (the first time only for finished_at).
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


# --- Drafts ---------------------------------------------------------------------------------------
def _procedure_check_open(procedure: Procedure) -> None:
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


def _applicant_snapshot(user: User) -> dict:
    """Prefill from what the account already holds (e-ID data, organisation record): nothing to retype."""
    snapshot = {"applicant_name": user.full_name, "applicant_phone": user.phone, "applicant_email": user.email}
    if user.kind in (AccountKind.BUSINESS, AccountKind.ORGANISATION):
        snapshot["applicant_kind"] = ApplicantKind(user.kind)
        organisation = Organisation.objects.filter(user=user).first()
        if organisation is not None:
            snapshot |= {
                "applicant_name": organisation.name,
                "applicant_id_number": organisation.tax_code,
                "applicant_address": organisation.address,
            }
        return snapshot
    snapshot["applicant_kind"] = ApplicantKind.CITIZEN
    profile = CitizenProfile.objects.filter(user=user).first()
    if profile is not None:
        snapshot |= {
            "applicant_id_number": profile.id_number or "",
            "applicant_date_of_birth": profile.date_of_birth,
            "applicant_address": profile.address,
        }
    return snapshot


def dossier_draft_create(*, applicant: User, procedure: Procedure, case: ProcedureCase | None = None) -> Dossier:
    """A new draft for ``applicant``, prefilled from the account; refused for closed or offline procedures."""
    if applicant.kind == AccountKind.OFFICER:
        raise DomainError("Tài khoản cán bộ không thể nộp hồ sơ trực tuyến với tư cách người nộp.", code="forbidden")
    _procedure_check_open(procedure)
    if case is not None and case.procedure_id != procedure.pk:
        raise DomainError("Trường hợp đã chọn không thuộc thủ tục này.", code="case_mismatch")
    with transaction.atomic():
        return Dossier.objects.create(
            applicant=applicant,
            procedure=procedure,
            case=case,
            agency=procedure.agency,
            state=State.DRAFT,
            **_applicant_snapshot(applicant),
        )


# --- Transitions ----------------------------------------------------------------------------------
def _actor_role(*, dossier: Dossier, actor: User | None, transition: Transition) -> Role:
    """The role under which ``actor`` may take ``transition`` on ``dossier``; DomainError if none."""
    if actor is None:
        if Role.SYSTEM in transition.roles:
            return Role.SYSTEM
    elif Role.APPLICANT in transition.roles and actor.pk == dossier.applicant_id:
        return Role.APPLICANT
    elif Role.OFFICER in transition.roles and any(
        membership.agency_id == dossier.agency_id for membership in officer_memberships(officer=actor)
    ):
        return Role.OFFICER
    raise DomainError("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", code="forbidden")


def _resume_state(dossier: Dossier, transition: Transition) -> str:
    paused = dossier.events.filter(action=transition.resumes).order_by("-at", "-id").first()
    if paused is None:  # a pause always has its event; without one, received is the safe place to go back to
        return State.RECEIVED
    return paused.from_state


def _apply(*, dossier: Dossier, transition: Transition, actor: User | None, note: str) -> Dossier:
    """Move ``dossier`` (already locked, in a transaction) along ``transition`` and write its event."""
    from_state = dossier.state
    to_state = _resume_state(dossier, transition) if transition.to == RESUME else transition.to
    now = timezone.now()
    dossier.state = to_state
    changed = ["state", "updated_at"]
    stamp = _STAMPS.get(to_state)
    if stamp is not None and (stamp != "finished_at" or dossier.finished_at is None):
        setattr(dossier, stamp, now)
        changed.append(stamp)
    dossier.save(update_fields=changed)
    DossierEvent.objects.create(
        dossier=dossier,
        action=transition.action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_label=str(actor) if actor is not None else "Hệ thống",
        note=note,
        at=now,
    )
    return dossier


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def dossier_transition(*, dossier: Dossier, action: str, actor: User | None, note: str = "") -> Dossier:
    """Take ``action`` on ``dossier`` as ``actor`` (None: a verified system callback). Returns the fresh dossier.

    Submission has its own service (it allocates the code): use ``dossier_submit``.
    """
    if action == Action.SUBMIT:
        raise DomainError("Hồ sơ được nộp qua chức năng “Nộp hồ sơ”.", code="use_submit")
    with transaction.atomic():
        locked = _lock(dossier)
        transition = transition_for(action=action, state=locked.state)
        _actor_role(dossier=locked, actor=actor, transition=transition)
        return _apply(dossier=locked, transition=transition, actor=actor, note=note)


def dossier_submit(*, dossier: Dossier, actor: User, idempotency_key: str) -> Dossier:
    """Submit a draft: give it its code and state "Mới đăng ký". Same key again → the same dossier, no new code."""
    if not idempotency_key or len(idempotency_key) > 64:
        raise DomainError("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang.", code="bad_idempotency_key")
    with transaction.atomic():
        earlier = Dossier.objects.filter(applicant=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.pk != dossier.pk:
                raise DomainError("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang.", code="key_reused")
            return earlier
        locked = _lock(dossier)  # a concurrent submit of the same draft waits here, then sees it submitted
        if locked.idempotency_key == idempotency_key and locked.applicant_id == actor.pk:
            return locked
        transition = transition_for(action=Action.SUBMIT, state=locked.state)
        _actor_role(dossier=locked, actor=actor, transition=transition)
        _procedure_check_open(locked.procedure)
        if not locked.applicant_name.strip():
            raise DomainError("Vui lòng nhập họ tên hoặc tên tổ chức của chủ hồ sơ.", code="applicant_incomplete")
        citizen = CitizenProfile.objects.filter(user=actor).first()
        locked.verified_by_vneid = bool(citizen and citizen.verified_by_vneid)
        locked.code = dossier_code_allocate(agency=locked.agency, on=timezone.localdate())
        locked.idempotency_key = idempotency_key
        locked.save(update_fields=["code", "idempotency_key", "verified_by_vneid", "updated_at"])
        return _apply(dossier=locked, transition=transition, actor=actor, note="")
