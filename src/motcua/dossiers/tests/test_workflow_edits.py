"""Administrators may edit a case's internal process while dossiers are in progress: those keep their place."""

from decimal import Decimal

import pytest

from motcua.accounts.models import StaffRole
from motcua.dossiers import services
from motcua.dossiers.models import WorkflowStep

from .office import office_world

pytestmark = pytest.mark.django_db


def _step(case, position, name, role, **extra):
    return WorkflowStep.objects.create(
        case=case, position=position, name=name, role=role, budget_hours=Decimal(8), **extra
    )


def test_a_step_added_before_the_current_one_does_not_send_the_dossier_back_to_it():
    world = office_world()
    case = world.procedure.cases.get()
    _step(case, 10, "Thẩm định", StaffRole.SPECIALIST)
    _step(case, 20, "Lãnh đạo phòng", StaffRole.DIVISION_HEAD)
    _step(case, 30, "Lãnh đạo Sở ký", StaffRole.AGENCY_LEADER, signs_result=True)
    dossier = world.received()
    assert dossier.tasks.get().name == "Thẩm định"

    _step(case, 5, "Kiểm tra sơ bộ", StaffRole.SPECIALIST)  # now first: every position shifts by one
    dossier = services.dossier_forward(dossier=dossier, officer=world.specialist, note="Đạt")
    assert dossier.tasks.get(finished_at__isnull=True).name == "Lãnh đạo phòng"

    WorkflowStep.objects.filter(case=case, name="Lãnh đạo phòng").update(name="Lãnh đạo phòng chuyên môn")
    dossier = services.dossier_send_back(dossier=dossier, officer=world.division_head, note="Bổ sung ý kiến")
    assert dossier.tasks.get(finished_at__isnull=True).name == "Thẩm định"
