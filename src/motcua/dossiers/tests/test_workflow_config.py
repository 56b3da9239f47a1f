"""The agency administrator's internal processes: ``workflow_save`` / ``workflow_reset`` and their selectors."""

from decimal import Decimal

import pytest

from motcua.accounts.models import StaffRole
from motcua.audit.models import AuditEntry
from motcua.audit.selectors import audit_verify
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services
from motcua.dossiers.models import WorkflowStep
from motcua.dossiers.selectors.workflow_config import (
    case_get_for_workflow_admin,
    cases_for_workflow_admin,
    workflow_agencies,
)
from motcua.dossiers.services.processing import DEFAULT_WORKFLOW, workflow_for_case
from motcua.dossiers.services.workflow_config import StepInput, WorkflowError, workflow_reset, workflow_save

from .factories import ProcedureCaseFactory, ProcedureFactory, officer_of
from .office import office_world

pytestmark = pytest.mark.django_db

S, DH, AL, CL = StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER, StaffRole.CLERK


def step(name: str = "Thẩm định", role: str = S, hours: str = "8", *, agency_id=None, signs=False) -> StepInput:
    return StepInput(name=name, role=role, agency_id=agency_id, budget_hours=Decimal(hours), signs_result=signs)


def good_steps() -> list[StepInput]:
    return [
        step("Kiểm tra sơ bộ", S, "4"),
        step("Thẩm định thực địa", S, "24"),
        step("Lãnh đạo Sở ký duyệt", AL, "2.5", signs=True),
    ]


@pytest.fixture
def world():
    return office_world()


@pytest.fixture
def admin(world):
    return officer_of(world.department, StaffRole.AGENCY_ADMIN)


@pytest.fixture
def case(world):
    return world.procedure.cases.get()


def rows(case) -> list[tuple]:
    return list(
        WorkflowStep.objects.filter(case=case)
        .order_by("position")
        .values_list("position", "name", "role", "agency_id", "budget_hours", "signs_result")
    )


# --- Saving ----------------------------------------------------------------------------------------------------
def test_saving_replaces_the_steps_numbered_by_tens_and_writes_the_audit_entry(world, admin, case):
    workflow_save(case=case, officer=admin, steps=[step("Cũ", S), step("Ký", AL, signs=True)])
    saved = workflow_save(case=case, officer=admin, steps=good_steps())

    assert [s.position for s in saved] == [10, 20, 30]
    assert rows(case) == [
        (10, "Kiểm tra sơ bộ", S, None, Decimal("4.0"), False),
        (20, "Thẩm định thực địa", S, None, Decimal("24.0"), False),
        (30, "Lãnh đạo Sở ký duyệt", AL, None, Decimal("2.5"), True),
    ]
    assert [spec.name for spec in workflow_for_case(case)] == [
        "Kiểm tra sơ bộ",
        "Thẩm định thực địa",
        "Lãnh đạo Sở ký duyệt",
    ]

    entry = AuditEntry.objects.filter(action="workflow_save").order_by("id").last()
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (admin.pk, "workflow", str(case.pk))
    assert entry.data["steps"][2] == {
        "position": 30,
        "name": "Lãnh đạo Sở ký duyệt",
        "role": AL,
        "agency_id": None,
        "budget_hours": "2.5",
        "signs_result": True,
    }
    assert entry.data["steps"][1]["budget_hours"] == "24"
    assert [s["name"] for s in entry.data["before"]] == ["Cũ", "Ký"]
    assert "Kiểm tra sơ bộ → Thẩm định thực địa" in entry.note
    assert audit_verify().ok


def test_names_are_trimmed_and_the_settling_agency_chosen_by_name_is_stored_as_the_default(world, admin, case):
    steps = [step("  Thẩm định  ", S, agency_id=world.department.pk), step("Ký", AL, signs=True)]
    workflow_save(case=case, officer=admin, steps=steps)
    assert rows(case)[0][1:4] == ("Thẩm định", S, None)


def test_an_inter_agency_step_and_an_issuing_clerk_after_the_signature(world, admin, case):
    tax = AgencyFactory(name="Cục Thuế tỉnh")
    steps = [
        step("Thẩm định", S),
        step("Xác định nghĩa vụ tài chính", S, "40", agency_id=tax.pk),
        step("Lãnh đạo phòng ký", DH, signs=True),
        step("Văn thư phát hành", CL, "1"),
    ]
    workflow_save(case=case, officer=admin, steps=steps)
    assert [(r[2], r[3], r[5]) for r in rows(case)] == [
        (S, None, False),
        (S, tax.pk, False),
        (DH, None, True),
        (CL, None, False),
    ]


def test_only_the_agency_administrator_of_the_procedure_agency_may_save(world, case):
    other = AgencyFactory()
    for officer in (
        world.leader,
        world.specialist,
        officer_of(other, StaffRole.AGENCY_ADMIN),
        officer_of(world.centre, StaffRole.AGENCY_ADMIN),
    ):
        with pytest.raises(DomainError) as error:
            workflow_save(case=case, officer=officer, steps=good_steps())
        assert error.value.code == "forbidden"
        with pytest.raises(DomainError) as error:
            workflow_reset(case=case, officer=officer)
        assert error.value.code == "forbidden"
    assert rows(case) == [] and not AuditEntry.objects.filter(subject_type="workflow").exists()


def _refused(case, admin, steps) -> WorkflowError:
    before = (rows(case), AuditEntry.objects.count())
    with pytest.raises(WorkflowError) as error:
        workflow_save(case=case, officer=admin, steps=steps)
    assert (rows(case), AuditEntry.objects.count()) == before
    return error.value


@pytest.mark.parametrize(
    ("steps", "code", "index", "field"),
    [
        ([], "step_count", None, ""),
        ([step(f"Bước {n}") for n in range(20)] + [step("Ký", AL, signs=True)], "step_count", None, ""),
        ([step("   "), step("Ký", AL, signs=True)], "step_name", 0, "name"),
        ([step("x" * 201), step("Ký", AL, signs=True)], "step_name", 0, "name"),
        ([step("Tiếp nhận", StaffRole.RECEPTION), step("Ký", AL, signs=True)], "step_role", 0, "role"),
        ([step("Quản trị", StaffRole.AGENCY_ADMIN), step("Ký", AL, signs=True)], "step_role", 0, "role"),
        ([step("Thẩm định", "boss"), step("Ký", AL, signs=True)], "step_role", 0, "role"),
        ([step("Thẩm định", S, "0"), step("Ký", AL, signs=True)], "step_budget", 0, "budget_hours"),
        ([step("Thẩm định", S, "0.4"), step("Ký", AL, signs=True)], "step_budget", 0, "budget_hours"),
        ([step("Thẩm định"), step("Ký", AL, "400.5", signs=True)], "step_budget", 1, "budget_hours"),
        ([step("Thẩm định", S, "2.25"), step("Ký", AL, signs=True)], "step_budget", 0, "budget_hours"),
        ([step("Thẩm định", S, "NaN"), step("Ký", AL, signs=True)], "step_budget", 0, "budget_hours"),
        ([step("Thẩm định", S, "-8"), step("Ký", AL, signs=True)], "step_budget", 0, "budget_hours"),
        ([step("Thẩm định"), step("Ký", AL)], "no_signing_step", None, ""),
        ([step("Ký 1", DH, signs=True), step("Ký 2", AL, signs=True)], "several_signing_steps", 1, "signs_result"),
        ([step("Thẩm định", S, signs=True)], "signing_role", 0, "role"),
        ([step("Văn thư", CL, signs=True)], "signing_role", 0, "role"),
        ([step("Ký", AL, signs=True), step("Thẩm định lại", S)], "signing_not_last", 0, "signs_result"),
        (
            [step("Ký", AL, signs=True), step("Văn thư", CL), step("Văn thư 2", CL)],
            "signing_not_last",
            0,
            "signs_result",
        ),
    ],
)
def test_rules_of_a_workflow(admin, case, steps, code, index, field):
    error = _refused(case, admin, steps)
    assert (error.code, error.step, error.field) == (code, index, field)
    assert error.message and error.detail
    if index is not None:
        assert error.message.startswith(f"Bước {index + 1}: ")


def test_budget_bounds_are_inclusive(admin, case):
    workflow_save(case=case, officer=admin, steps=[step("Thẩm định", S, "0.5"), step("Ký", AL, "400", signs=True)])
    assert [r[4] for r in rows(case)] == [Decimal("0.5"), Decimal("400.0")]


def test_an_inter_agency_step_needs_an_active_agency(world, admin, case):
    closed = AgencyFactory(is_active=False)
    for agency_id in (closed.pk, 10**9):
        error = _refused(case, admin, [step("Liên thông", S, agency_id=agency_id), step("Ký", AL, signs=True)])
        assert (error.code, error.step, error.field) == ("step_agency", 0, "agency_id")


def test_a_refused_save_keeps_the_previous_configuration(admin, case):
    workflow_save(case=case, officer=admin, steps=good_steps())
    before = rows(case)
    _refused(case, admin, [step("Thẩm định"), step("Ký", AL)])
    assert rows(case) == before


# --- Dossiers in progress and new dossiers -----------------------------------------------------------------------
def test_a_dossier_in_progress_keeps_its_place_when_its_step_is_deleted(world, admin, case):
    workflow_save(
        case=case, officer=admin, steps=[step("Thẩm định"), step("Lãnh đạo phòng", DH), step("Ký", AL, signs=True)]
    )
    dossier = world.received()
    dossier = services.dossier_forward(dossier=dossier, officer=world.specialist, note="Đạt")
    task = dossier.tasks.get(finished_at__isnull=True)
    assert (task.name, task.position) == ("Lãnh đạo phòng", 2)

    workflow_save(
        case=case,
        officer=admin,
        steps=[step("Thẩm định mới"), step("Lãnh đạo phòng duyệt", DH), step("Lãnh đạo Sở ký", AL, signs=True)],
    )
    task.refresh_from_db()
    assert task.step_id is None  # its step was replaced: the task keeps its position

    dossier = services.dossier_forward(dossier=dossier, officer=world.division_head, note="Trình ký")
    assert dossier.tasks.get(finished_at__isnull=True).name == "Lãnh đạo Sở ký"
    assert world.received().tasks.get().name == "Thẩm định mới"


# --- Reset -----------------------------------------------------------------------------------------------------
def test_reset_goes_back_to_the_default_workflow(world, admin, case):
    assert workflow_reset(case=case, officer=admin) == 0
    assert not AuditEntry.objects.filter(action="workflow_reset").exists()  # nothing was configured: nothing to log

    workflow_save(case=case, officer=admin, steps=good_steps())
    assert workflow_reset(case=case, officer=admin) == 3
    assert rows(case) == [] and workflow_for_case(case) == list(DEFAULT_WORKFLOW)
    entry = AuditEntry.objects.get(action="workflow_reset")
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (admin.pk, "workflow", str(case.pk))
    assert [s["name"] for s in entry.data["before"]] == ["Kiểm tra sơ bộ", "Thẩm định thực địa", "Lãnh đạo Sở ký duyệt"]
    assert world.received().tasks.get().name == DEFAULT_WORKFLOW[0].name


# --- Selectors ---------------------------------------------------------------------------------------------------
def test_the_administrator_sees_the_cases_of_their_agencies_only(world, admin, case):
    second = ProcedureCaseFactory(procedure=world.procedure, name="Cấp lại", position=1)
    early = ProcedureFactory(agency=world.department, code="1.000001")
    ProcedureFactory(agency=AgencyFactory())  # another agency's procedure
    workflow_save(case=case, officer=admin, steps=good_steps())

    cases = cases_for_workflow_admin(officer=admin)
    assert [c.pk for c in cases] == [early.cases.get().pk, case.pk, second.pk]
    assert [c.workflow_step_count for c in cases] == [0, 3, 0]
    assert cases_for_workflow_admin(officer=world.specialist) == []
    assert cases_for_workflow_admin(officer=world.applicant) == []

    assert case_get_for_workflow_admin(officer=admin, case_id=second.pk) == second
    foreign = ProcedureFactory(agency=AgencyFactory()).cases.get()
    for officer, case_id in ((admin, foreign.pk), (admin, 10**9), (admin, 0), (world.leader, case.pk)):
        with pytest.raises(NotFound):
            case_get_for_workflow_admin(officer=officer, case_id=case_id)


def test_an_administrator_of_an_inactive_agency_sees_nothing(world, admin):
    world.department.is_active = False
    world.department.save(update_fields=["is_active"])
    assert cases_for_workflow_admin(officer=admin) == []


def test_agencies_offered_for_inter_agency_steps(world):
    closed = AgencyFactory(is_active=False)
    offered = workflow_agencies()
    assert world.centre in offered and world.department in offered and closed not in offered
    assert closed in workflow_agencies(also={closed.pk})
