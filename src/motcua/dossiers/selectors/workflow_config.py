"""Reads for the agency administrator editing internal processes ("Quy trình nội bộ"): only their agencies' cases.

A case of another agency is ``NotFound`` (the page is a 404), never a hint that it exists.
"""

from collections.abc import Collection

from django.db.models import Count, Q

from motcua.accounts.models import StaffRole, User
from motcua.accounts.selectors import officer_agencies_with_role
from motcua.catalogue.models import Agency, ProcedureCase
from motcua.core.errors import NotFound


def _cases_administered(officer: User):
    agencies = officer_agencies_with_role(officer=officer, role=StaffRole.AGENCY_ADMIN)
    return (
        ProcedureCase.objects.filter(procedure__agency__in=agencies)
        .select_related("procedure", "procedure__agency")
        .annotate(workflow_step_count=Count("workflow_steps"))
    )


def cases_for_workflow_admin(*, officer: User) -> list[ProcedureCase]:
    """The cases of the procedures of every agency where ``officer`` is "Quản trị cơ quan", by procedure code.

    Each case carries ``workflow_step_count``: its configured steps (0: it follows the default process).
    """
    return list(_cases_administered(officer).order_by("procedure__code", "position", "id"))


def case_get_for_workflow_admin(*, officer: User, case_id: int) -> ProcedureCase:
    """One case whose process ``officer`` may edit; NotFound for any other."""
    case = _cases_administered(officer).filter(pk=case_id).first() if 0 < case_id < 2**63 else None
    if case is None:
        raise NotFound("Không tìm thấy trường hợp của thủ tục thuộc cơ quan bạn quản trị.")
    return case


def workflow_agencies(*, also: Collection[int] = ()) -> list[Agency]:
    """The agencies a step may be handed to (inter-agency steps): the active ones, plus ``also`` (the agencies of
    steps already configured, even if they stopped since, so the page shows them as they are)."""
    shown = Q(is_active=True) | Q(pk__in=list(also)) if also else Q(is_active=True)
    return list(Agency.objects.filter(shown).order_by("position", "name"))
