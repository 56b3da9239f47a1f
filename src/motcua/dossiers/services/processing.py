"""Inside the agency: the internal workflow a received dossier goes through, step by step.

Reception opens the first step (``task_open_first``). The officer holding a step hands the dossier on with a note
(``dossier_forward``), sends it back a step (``dossier_send_back``), or — at the last step, with a signed result —
finishes it (``dossier_finish``). Every step has its own due time: its budget in working hours from ``workdays``.
Pauses (supplement, financial obligation), stopping (form 05) and apologies (form 04) are here too.

Every service takes ``expected_version``: the dossier's version the officer's page was rendered with. Two officers
acting at once → the second gets a clear "already updated" error and nothing changes (``core.check_version``).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import StaffRole, User
from motcua.catalogue.models import Agency, ProcedureCase
from motcua.core.errors import DomainError
from motcua.workdays.calendar import Duration, due_at
from motcua.workdays.selectors import calendar_for

from ..models import Dossier, DossierTask, TaskOutcome, WorkflowStep
from ..workflow import Action, Role, State, transition_for
from .core import actor_role, apply, check_version, dossier_transition, lock, open_task, record
from .core import officer_roles as _officer_roles


@dataclass(frozen=True)
class StepSpec:
    """A step as the dossier will go through it: a configured ``WorkflowStep`` or one of the default process."""

    position: int
    name: str
    role: str
    budget_hours: Decimal
    agency_id: int | None = None  # None: the dossier's agency
    signs_result: bool = False
    step_id: int | None = None


# When a case has no approved internal process yet: the usual one of a Sở (domain.md §4).
DEFAULT_WORKFLOW: tuple[StepSpec, ...] = (
    StepSpec(1, "Thẩm định hồ sơ", StaffRole.SPECIALIST, Decimal(16)),
    StepSpec(2, "Lãnh đạo phòng xem xét", StaffRole.DIVISION_HEAD, Decimal(4)),
    StepSpec(3, "Lãnh đạo cơ quan ký duyệt kết quả", StaffRole.AGENCY_LEADER, Decimal(4), signs_result=True),
)


def workflow_for_case(case: ProcedureCase | None) -> list[StepSpec]:
    """The internal process of ``case``: its configured steps in order, or ``DEFAULT_WORKFLOW``."""
    steps = list(WorkflowStep.objects.filter(case=case).order_by("position")) if case is not None else []
    if not steps:
        return list(DEFAULT_WORKFLOW)
    return [
        StepSpec(i, s.name, s.role, s.budget_hours, s.agency_id, s.signs_result, s.pk) for i, s in enumerate(steps, 1)
    ]


def _place(task: DossierTask, steps: list[StepSpec]) -> int:
    """Where ``task`` stands in ``steps`` (index). By its configured step when it has one: administrators may add
    or remove steps while dossiers are in progress, which renumbers positions; a deleted step falls back to the
    position the task was opened at."""
    for index, spec in enumerate(steps):
        if task.step_id is not None and spec.step_id == task.step_id:
            return index
    for index, spec in enumerate(steps):
        if spec.position >= task.position:
            return index
    return len(steps) - 1


def _task_open(dossier: Dossier, spec: StepSpec, *, handed_by: User | None, note: str, at: datetime) -> DossierTask:
    agency = Agency.objects.get(pk=spec.agency_id) if spec.agency_id else dossier.agency
    budget = Duration.working_hours(spec.budget_hours) if spec.budget_hours else None
    return DossierTask.objects.create(
        dossier=dossier,
        step_id=spec.step_id,
        position=spec.position,
        name=spec.name,
        agency=agency,
        role=spec.role,
        signs_result=spec.signs_result,
        handed_by_label=str(handed_by) if handed_by is not None else "Hệ thống",
        handed_note=note,
        started_at=at,
        due_at=due_at(start=at, duration=budget, calendar=calendar_for(agency=agency)),
    )


def task_open_first(*, dossier: Dossier, officer: User, note: str, at: datetime) -> DossierTask:
    """Called by reception inside its transaction: the dossier goes to the first step of its process."""
    return _task_open(dossier, workflow_for_case(dossier.case)[0], handed_by=officer, note=note, at=at)


def _holding(dossier: Dossier, officer: User) -> DossierTask:
    """The open step of ``dossier``, which ``officer`` must hold (its agency and role)."""
    task = open_task(dossier)
    if task is None:
        raise DomainError("Hồ sơ hiện không ở bước xử lý nào.", code="no_task")
    if (task.agency_id, task.role) not in _officer_roles(officer=officer):
        raise DomainError(
            f"Hồ sơ đang ở bước “{task.name}” do {task.get_role_display().lower()} {task.agency} xử lý.",
            code="not_holder",
        )
    return task


def _close(task: DossierTask, *, officer: User, outcome: str, note: str, at: datetime) -> None:
    task.finished_at, task.finished_by, task.finished_by_label = at, officer, str(officer)
    task.outcome, task.note = outcome, note
    task.save(update_fields=["finished_at", "finished_by", "finished_by_label", "outcome", "note"])


def _start(dossier: Dossier, officer: User, *, expected_version: int | None) -> tuple[Dossier, DossierTask]:
    locked = lock(dossier)
    check_version(locked, expected_version)
    if locked.state not in (State.RECEIVED, State.PROCESSING):
        raise DomainError(
            f"Không thể xử lý khi hồ sơ đang ở trạng thái “{locked.get_state_display()}”.", code="illegal_transition"
        )
    return locked, _holding(locked, officer)


def dossier_forward(*, dossier: Dossier, officer: User, note: str = "", expected_version: int | None = None) -> Dossier:
    """Hand the dossier to the next step of its process ("Chuyển xử lý"), with the officer's opinion."""
    note = note.strip()[:2000]
    with transaction.atomic():
        locked, task = _start(dossier, officer, expected_version=expected_version)
        steps = workflow_for_case(locked.case)
        following = steps[_place(task, steps) + 1 :]
        if not following:
            raise DomainError("Đây là bước cuối của quy trình: hãy hoàn thành xử lý hồ sơ.", code="last_step")
        now = timezone.now()
        _close(task, officer=officer, outcome=TaskOutcome.FORWARDED, note=note, at=now)
        following_task = _task_open(locked, following[0], handed_by=officer, note=note, at=now)
        if locked.state == State.RECEIVED:
            apply(dossier=locked, transition=transition_for(action=Action.START_PROCESSING, state=locked.state),
                  actor=officer, note=note)  # fmt: skip
        record(dossier=locked, action=Action.FORWARD, actor=officer, note=f"{following_task.name}. {note}".strip())
        return locked


def dossier_send_back(*, dossier: Dossier, officer: User, note: str, expected_version: int | None = None) -> Dossier:
    """Return the dossier to the previous step ("Trả lại bước trước"), saying why."""
    note = note.strip()[:2000]
    if not note:
        raise DomainError("Vui lòng ghi rõ lý do trả lại.", code="reason_required")
    with transaction.atomic():
        locked, task = _start(dossier, officer, expected_version=expected_version)
        steps = workflow_for_case(locked.case)
        earlier = steps[: _place(task, steps)]
        if not earlier:
            raise DomainError("Đây là bước đầu của quy trình, không có bước trước để trả lại.", code="first_step")
        now = timezone.now()
        _close(task, officer=officer, outcome=TaskOutcome.SENT_BACK, note=note, at=now)
        previous = _task_open(locked, earlier[-1], handed_by=officer, note=note, at=now)
        record(dossier=locked, action=Action.SEND_BACK, actor=officer, note=f"{previous.name}. {note}")
        return locked


def dossier_finish(*, dossier: Dossier, officer: User, note: str = "", expected_version: int | None = None) -> Dossier:
    """The last step is done: the result (at least one, every one signed) is ready to be returned."""
    note = note.strip()[:2000]
    with transaction.atomic():
        locked, task = _start(dossier, officer, expected_version=expected_version)
        steps = workflow_for_case(locked.case)
        if _place(task, steps) != len(steps) - 1:
            raise DomainError("Hồ sơ chưa qua đủ các bước của quy trình.", code="not_last_step")
        results = list(locked.results.all())
        if not results:
            raise DomainError("Chưa có văn bản kết quả: hãy tải lên kết quả giải quyết trước.", code="no_result")
        if any(r.signed_at is None for r in results):
            raise DomainError("Văn bản kết quả chưa được ký số.", code="unsigned")
        transition = transition_for(action=Action.FINISH, state=locked.state)
        # Before closing the step: an officer of another agency (an inter-agency last step) may act only while
        # they hold it.
        actor_role(dossier=locked, actor=officer, transition=transition)
        _close(task, officer=officer, outcome=TaskOutcome.FINISHED, note=note, at=timezone.now())
        return apply(dossier=locked, transition=transition, actor=officer, note=note)


def _officer_action(dossier: Dossier, officer: User, action: str, note: str, expected_version: int | None) -> Dossier:
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        transition = transition_for(action=action, state=locked.state)
        # PAY also lists the applicant (a verified payment of their own): these services are the officer's acts.
        if actor_role(dossier=locked, actor=officer, transition=transition) != Role.OFFICER:
            raise DomainError("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", code="forbidden")
        return apply(dossier=locked, transition=transition, actor=officer, note=note)


def dossier_refuse(*, dossier: Dossier, officer: User, reason: str, expected_version: int | None = None) -> Dossier:
    """ "Từ chối tiếp nhận" (form 03): the dossier is not accepted, with the reason."""
    reason = reason.strip()[:2000]
    if not reason:
        raise DomainError("Vui lòng ghi rõ lý do từ chối tiếp nhận.", code="reason_required")
    return _officer_action(dossier, officer, Action.REFUSE, reason, expected_version)


def dossier_stop(*, dossier: Dossier, officer: User, reason: str, expected_version: int | None = None) -> Dossier:
    """ "Dừng giải quyết hồ sơ" (form 05): processing stops for a reason the law allows."""
    reason = reason.strip()[:2000]
    if not reason:
        raise DomainError("Vui lòng ghi rõ lý do dừng giải quyết hồ sơ.", code="reason_required")
    return _officer_action(dossier, officer, Action.STOP, reason, expected_version)


def dossier_request_payment(
    *, dossier: Dossier, officer: User, note: str, expected_version: int | None = None
) -> Dossier:
    """ "Yêu cầu thực hiện nghĩa vụ tài chính": the applicant must pay taxes/fees notified by the tax authority."""
    note = note.strip()[:2000]
    if not note:
        raise DomainError("Vui lòng ghi rõ nghĩa vụ tài chính cần thực hiện (khoản, số tiền, nơi nộp).", code="note")
    return _officer_action(dossier, officer, Action.REQUEST_PAYMENT, note, expected_version)


def dossier_payment_confirm(
    *, dossier: Dossier, officer: User, note: str = "", expected_version: int | None = None
) -> Dossier:
    """The officer confirms the obligation was met outside the system (paid at the treasury, a voucher brought in).

    Payments made through the system confirm themselves (``payments`` calls ``dossier_obligation_met``).
    """
    return _officer_action(dossier, officer, Action.PAY, note.strip()[:2000], expected_version)


def dossier_obligation_met(*, dossier: Dossier, note: str) -> Dossier:
    """A verified payment confirmation (no person) settles the financial obligation: the dossier resumes."""
    with transaction.atomic():
        locked = lock(dossier)
        if locked.state != State.AWAITING_PAYMENT:
            return locked  # already resumed (an officer confirmed it, or a replayed confirmation)
        return dossier_transition(dossier=locked, action=Action.PAY, actor=None, note=note[:2000])


def dossier_apologise(
    *, dossier: Dossier, officer: User, reason: str, new_due_at: datetime, expected_version: int | None = None
) -> Dossier:
    """Form 04: the agency will be late — an apology with a new appointment, once, issued before the due date."""
    reason = reason.strip()[:2000]
    if not reason:
        raise DomainError("Vui lòng ghi rõ lý do chậm trả kết quả.", code="reason_required")
    if timezone.is_naive(new_due_at):  # comparing it with the stored (aware) due date would crash
        raise DomainError("Ngày hẹn mới không hợp lệ (thiếu múi giờ).", code="new_due")
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        if locked.state not in (State.RECEIVED, State.PROCESSING, State.AWAITING_PAYMENT):
            raise DomainError("Chỉ xin lỗi, gia hạn được khi hồ sơ đang được giải quyết.", code="illegal_transition")
        if not officer_may_apologise(locked, officer):
            raise DomainError("Bạn không có quyền thực hiện thao tác này trên hồ sơ.", code="forbidden")
        if locked.apology_at is not None:
            raise DomainError("Hồ sơ này đã có văn bản xin lỗi và gia hạn; chỉ được gia hạn một lần.", code="once")
        now = timezone.now()
        if locked.due_at is None or now >= locked.due_at:
            raise DomainError(
                "Văn bản xin lỗi và đề nghị gia hạn phải được ban hành trước ngày hẹn trả kết quả.", code="too_late"
            )
        if new_due_at <= locked.due_at:
            raise DomainError("Ngày hẹn mới phải sau ngày hẹn hiện tại.", code="new_due")
        locked.original_due_at, locked.due_at = locked.due_at, new_due_at
        locked.apology_at, locked.apology_reason = now, reason
        locked.save(update_fields=["original_due_at", "due_at", "apology_at", "apology_reason", "updated_at"])
        record(dossier=locked, action=Action.APOLOGISE, actor=officer, note=reason)
        return locked


def officer_may_apologise(dossier: Dossier, officer: User) -> bool:
    task = open_task(dossier)
    roles = _officer_roles(officer=officer)
    leaders = {(dossier.agency_id, StaffRole.AGENCY_LEADER), (dossier.agency_id, StaffRole.DIVISION_HEAD)}
    return bool(roles & leaders) or (task is not None and (task.agency_id, task.role) in roles)
