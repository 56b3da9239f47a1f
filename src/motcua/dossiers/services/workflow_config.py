"""Writes on a case's internal process ("Quy trình nội bộ"), edited by the agency's administrator without code.

``workflow_save`` replaces the case's ``WorkflowStep`` rows with the steps the administrator entered, in the order
given (positions 10, 20, 30 …); ``workflow_reset`` deletes them, so the case follows ``DEFAULT_WORKFLOW`` again.
Dossiers in progress keep their place: a task whose step is deleted keeps the position it was opened at
(``processing._place``). Both write an audit entry inside their transaction.

A refused save raises ``WorkflowError``: a ``DomainError`` that also says which step (index in ``steps``) and which
field it is about, so the page shows the message beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import StaffRole, User
from motcua.accounts.selectors import officer_has_role
from motcua.audit.services import audit_record
from motcua.catalogue.models import Agency, ProcedureCase
from motcua.core.errors import DomainError

from ..models import WorkflowStep

MAX_STEPS = 20
MAX_NAME = 200
MIN_BUDGET = Decimal("0.5")
MAX_BUDGET = Decimal(400)
POSITION_GAP = 10
# Who may hold a step: the people who process a dossier (reception and administrators do not).
STEP_ROLES = (StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER, StaffRole.CLERK)
SIGNING_ROLES = (StaffRole.AGENCY_LEADER, StaffRole.DIVISION_HEAD)


@dataclass(frozen=True)
class StepInput:
    """One step as the administrator entered it. ``agency_id`` None: the agency that settles the dossier."""

    name: str
    role: str
    agency_id: int | None
    budget_hours: Decimal
    signs_result: bool = False


class WorkflowError(DomainError):
    """A refused workflow: ``step`` is the index in the steps given (None: the whole process), ``field`` the
    ``StepInput`` field the message is about ("" when none), ``detail`` the message without "Bước n:"."""

    def __init__(self, message: str, *, code: str, step: int | None = None, field: str = "", detail: str = "") -> None:
        super().__init__(message, code=code)
        self.step = step
        self.field = field
        self.detail = detail or message


def _step_error(index: int, detail: str, *, code: str, field: str) -> WorkflowError:
    message = _("Bước %(n)d: %(detail)s") % {"n": index + 1, "detail": detail}
    return WorkflowError(message, code=code, step=index, field=field, detail=detail)


def _check_admin(case: ProcedureCase, officer: User) -> None:
    if not officer_has_role(officer=officer, role=StaffRole.AGENCY_ADMIN, agency=case.procedure.agency):
        raise DomainError(
            _("Chỉ quản trị của cơ quan giải quyết thủ tục mới sửa được quy trình nội bộ."), code="forbidden"
        )


def _hours(value: Decimal) -> str:
    """``16`` for 16.0, ``2.5`` for 2.50: how hours are written in the audit data (never a float)."""
    return f"{value.normalize():f}"


def _check_step(index: int, step: StepInput) -> None:
    name = step.name.strip()
    if not name:
        raise _step_error(index, _("nhập tên bước."), code="step_name", field="name")
    if len(name) > MAX_NAME:
        detail = _("tên bước dài tối đa %(limit)d ký tự.") % {"limit": MAX_NAME}
        raise _step_error(index, detail, code="step_name", field="name")
    if step.role not in STEP_ROLES:
        detail = _("chọn vai trò xử lý: chuyên viên, lãnh đạo phòng, lãnh đạo cơ quan hoặc văn thư.")
        raise _step_error(index, detail, code="step_role", field="role")
    budget = step.budget_hours
    if (
        not isinstance(budget, Decimal)
        or not budget.is_finite()
        or not MIN_BUDGET <= budget <= MAX_BUDGET
        or budget != budget.quantize(Decimal("0.1"))
    ):
        detail = _("thời gian xử lý từ 0,5 đến 400 giờ làm việc, lẻ đến một chữ số thập phân (ví dụ 16 hoặc 2,5).")
        raise _step_error(index, detail, code="step_budget", field="budget_hours")


def _check_signing(steps: Sequence[StepInput]) -> None:
    signing = [index for index, step in enumerate(steps) if step.signs_result]
    if not signing:
        raise WorkflowError(
            _("Quy trình cần đúng một bước ký số kết quả: đánh dấu bước của người ký văn bản kết quả."),
            code="no_signing_step",
        )
    if len(signing) > 1:
        detail = _("chỉ một bước của quy trình được đánh dấu là bước ký số kết quả.")
        raise _step_error(signing[1], detail, code="several_signing_steps", field="signs_result")
    index = signing[0]
    if steps[index].role not in SIGNING_ROLES:
        detail = _("bước ký số kết quả do lãnh đạo cơ quan hoặc lãnh đạo phòng thực hiện.")
        raise _step_error(index, detail, code="signing_role", field="role")
    after = steps[index + 1 :]
    if len(after) > 1 or any(step.role != StaffRole.CLERK for step in after):
        detail = _(
            "bước ký số kết quả phải là bước cuối của quy trình, hoặc chỉ còn một bước của văn thư (phát hành kết quả)"
            " sau nó."
        )
        raise _step_error(index, detail, code="signing_not_last", field="signs_result")


def _agency_ids(case: ProcedureCase, steps: Sequence[StepInput]) -> list[int | None]:
    """Each step's agency: None for the agency settling the dossier (also when chosen by name), else an active one."""
    own = case.procedure.agency_id
    wanted = {step.agency_id for step in steps if step.agency_id is not None and step.agency_id != own}
    active = set(Agency.objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    result: list[int | None] = []
    for index, step in enumerate(steps):
        if step.agency_id is None or step.agency_id == own:
            result.append(None)
        elif step.agency_id in active:
            result.append(step.agency_id)
        else:
            detail = _("cơ quan liên thông không tồn tại hoặc đã ngừng hoạt động; chọn cơ quan khác.")
            raise _step_error(index, detail, code="step_agency", field="agency_id")
    return result


def _snapshot(steps: Sequence[WorkflowStep]) -> list[dict]:
    return [
        {
            "position": step.position,
            "name": step.name,
            "role": step.role,
            "agency_id": step.agency_id,
            "budget_hours": _hours(step.budget_hours),
            "signs_result": step.signs_result,
        }
        for step in steps
    ]


def _lock(case: ProcedureCase) -> list[WorkflowStep]:
    """Two administrators saving at once: the second waits here, then replaces what the first saved."""
    ProcedureCase.objects.select_for_update().filter(pk=case.pk).first()
    return list(WorkflowStep.objects.filter(case=case).order_by("position"))


def workflow_save(*, case: ProcedureCase, officer: User, steps: list[StepInput]) -> list[WorkflowStep]:
    """Replace the internal process of ``case`` with ``steps`` (in this order) and return the new rows."""
    _check_admin(case, officer)
    if not 1 <= len(steps) <= MAX_STEPS:
        raise WorkflowError(
            _("Quy trình có từ 1 đến %(limit)d bước (đang có %(count)d bước).")
            % {"limit": MAX_STEPS, "count": len(steps)},
            code="step_count",
        )
    for index, step in enumerate(steps):
        _check_step(index, step)
    _check_signing(steps)
    with transaction.atomic():
        agency_ids = _agency_ids(case, steps)
        before = _lock(case)
        WorkflowStep.objects.filter(case=case).delete()  # open tasks keep their position (step → NULL)
        WorkflowStep.objects.bulk_create(
            WorkflowStep(
                case=case,
                position=(index + 1) * POSITION_GAP,
                name=step.name.strip(),
                role=step.role,
                agency_id=agency_id,
                budget_hours=step.budget_hours,
                signs_result=step.signs_result,
            )
            for index, (step, agency_id) in enumerate(zip(steps, agency_ids, strict=True))
        )
        saved = list(WorkflowStep.objects.filter(case=case).order_by("position"))  # with their ids on every database
        audit_record(
            actor=officer,
            subject_type="workflow",
            subject_id=str(case.pk),
            action="workflow_save",
            note=" → ".join(step.name for step in saved)[:2000],
            data={"steps": _snapshot(saved), "before": _snapshot(before)},
        )
    return saved


def workflow_reset(*, case: ProcedureCase, officer: User) -> int:
    """Delete the configured steps of ``case``: it follows the default process again. Returns how many went."""
    _check_admin(case, officer)
    with transaction.atomic():
        before = _lock(case)
        if not before:
            return 0
        WorkflowStep.objects.filter(case=case).delete()
        audit_record(
            actor=officer,
            subject_type="workflow",
            subject_id=str(case.pk),
            action="workflow_reset",
            note="Khôi phục quy trình mặc định",  # the log is in Vietnamese, whatever the UI language
            data={"steps": [], "before": _snapshot(before)},
        )
    return len(before)
