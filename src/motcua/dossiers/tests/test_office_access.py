"""Who may act on a dossier inside the administration, and a case's configured internal process (liên thông)."""

from decimal import Decimal

import pytest

from motcua.accounts.models import StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.access import officer_dossier_filter
from motcua.dossiers.models import Dossier, WorkflowStep
from motcua.dossiers.services.processing import DEFAULT_WORKFLOW, workflow_for_case

from .factories import citizen, officer_of, pdf_upload
from .office import OfficeWorld, office_world
from .test_processing import assert_refused, open_task_of, signed_result


@pytest.fixture
def world(db) -> OfficeWorld:
    return office_world()


def visible_to(officer) -> list[Dossier]:
    return list(Dossier.objects.filter(officer_dossier_filter(officer=officer)))


# --- Reception ---------------------------------------------------------------------------------------------------
def test_the_centre_serving_the_department_receives_its_dossiers(world):
    dossier = services.dossier_receive(dossier=world.submitted(), officer=world.reception)
    assert dossier.state == "received"


def test_a_desk_of_the_department_itself_receives_too(world):
    own_desk = officer_of(world.department, StaffRole.RECEPTION)
    assert services.dossier_receive(dossier=world.submitted(), officer=own_desk).state == "received"


@pytest.mark.parametrize("who", ["specialist", "division_head", "leader"])
def test_officers_who_are_not_at_a_reception_desk_do_not_receive_or_refuse(world, who):
    dossier = world.submitted()
    officer = getattr(world, who)
    assert_refused("forbidden", dossier, lambda: services.dossier_receive(dossier=dossier, officer=officer))
    assert_refused(
        "forbidden", dossier, lambda: services.dossier_refuse(dossier=dossier, officer=officer, reason="Sai")
    )


def test_another_centre_neither_receives_nor_sees_the_dossier(world):
    other = office_world()
    dossier = world.submitted()
    assert_refused("forbidden", dossier, lambda: services.dossier_receive(dossier=dossier, officer=other.reception))
    with pytest.raises(NotFound):
        selectors.dossier_get_for_officer(officer=other.reception, code=dossier.code)
    assert visible_to(other.reception) == []


@pytest.mark.parametrize("role", [StaffRole.RECEPTION, StaffRole.SPECIALIST, StaffRole.AGENCY_LEADER])
def test_an_officer_of_another_agency_cannot_act_on_the_dossier(world, role):
    stranger = officer_of(AgencyFactory(), role)
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    calls = {
        "not_holder": [
            lambda: services.dossier_forward(dossier=dossier, officer=stranger),
            lambda: services.dossier_send_back(dossier=dossier, officer=stranger, note="x"),
            lambda: services.dossier_finish(dossier=dossier, officer=stranger),
        ],
        "forbidden": [
            lambda: services.dossier_stop(dossier=dossier, officer=stranger, reason="x"),
            lambda: services.dossier_request_payment(dossier=dossier, officer=stranger, note="x"),
            lambda: services.dossier_request_supplement(
                dossier=dossier, officer=stranger, reason="x", items=[{"name": "Bản sao"}]
            ),
            lambda: services.dossier_apologise(
                dossier=dossier, officer=stranger, reason="x", new_due_at=dossier.due_at.replace(year=2099)
            ),
            lambda: services.result_add(dossier=dossier, officer=stranger, title="KQ", upload=pdf_upload()),
        ],
    }
    for code, acts in calls.items():
        for act in acts:
            assert_refused(code, dossier, act)
    with pytest.raises(NotFound):
        selectors.dossier_get_for_officer(officer=stranger, code=dossier.code)


def test_a_citizen_or_a_disabled_officer_sees_and_does_nothing(world):
    dossier = world.received()
    disabled = world.specialist
    disabled.is_active = False
    disabled.save(update_fields=["is_active"])
    for person in (citizen(), disabled, world.applicant):
        assert visible_to(person) == []
        assert selectors.tasks_for_officer(officer=person).rows == []
        with pytest.raises(NotFound):
            selectors.dossier_get_for_officer(officer=person, code=dossier.code)
    assert_refused("not_holder", dossier, lambda: services.dossier_forward(dossier=dossier, officer=disabled))


# --- A configured process replaces the default one ---------------------------------------------------------------
@pytest.fixture
def tax(world):
    """The case's approved process: appraisal → the tax office (liên thông) → the leader signs; out of order."""
    case = world.procedure.cases.get()
    tax = AgencyFactory(name="Chi cục Thuế khu vực")
    WorkflowStep.objects.create(
        case=case, position=30, name="Ký duyệt", role=StaffRole.AGENCY_LEADER, budget_hours=4, signs_result=True
    )
    WorkflowStep.objects.create(case=case, position=10, name="Thẩm định", role=StaffRole.SPECIALIST, budget_hours=8)
    WorkflowStep.objects.create(
        case=case, position=20, name="Xác định nghĩa vụ thuế", role=StaffRole.SPECIALIST, agency=tax, budget_hours=12
    )
    return tax


def test_a_case_without_steps_follows_the_default_process(world):
    assert workflow_for_case(world.procedure.cases.get()) == list(DEFAULT_WORKFLOW)
    assert workflow_for_case(None) == list(DEFAULT_WORKFLOW)
    assert [(s.position, s.role, s.signs_result) for s in DEFAULT_WORKFLOW] == [
        (1, StaffRole.SPECIALIST, False),
        (2, StaffRole.DIVISION_HEAD, False),
        (3, StaffRole.AGENCY_LEADER, True),
    ]


def test_configured_steps_replace_the_default_in_the_order_of_their_positions(world, tax):
    steps = workflow_for_case(world.procedure.cases.get())
    assert [(s.position, s.name, s.role, s.agency_id, s.signs_result, s.budget_hours) for s in steps] == [
        (1, "Thẩm định", StaffRole.SPECIALIST, None, False, Decimal(8)),
        (2, "Xác định nghĩa vụ thuế", StaffRole.SPECIALIST, tax.pk, False, Decimal(12)),
        (3, "Ký duyệt", StaffRole.AGENCY_LEADER, None, True, Decimal(4)),
    ]
    assert [s.step_id for s in steps] == list(
        WorkflowStep.objects.filter(case=world.procedure.cases.get()).order_by("position").values_list("pk", flat=True)
    )
    first = open_task_of(world.received())
    assert (first.name, first.step_id, first.agency, first.position) == (
        "Thẩm định",
        steps[0].step_id,
        world.department,
        1,
    )


def test_the_other_agency_holds_its_step_and_keeps_seeing_the_dossier_afterwards(world, tax):
    tax_officer = officer_of(tax, StaffRole.SPECIALIST)
    dossier = world.received()
    # Before the dossier reaches the tax office: invisible, and nothing to act on.
    assert visible_to(tax_officer) == []
    with pytest.raises(NotFound):
        selectors.dossier_get_for_officer(officer=tax_officer, code=dossier.code)
    assert_refused("not_holder", dossier, lambda: services.dossier_forward(dossier=dossier, officer=tax_officer))

    dossier = services.dossier_forward(dossier=dossier, officer=world.specialist, note="Chuyển cơ quan thuế")
    task = open_task_of(dossier)
    assert (task.agency, task.role, task.name) == (tax, StaffRole.SPECIALIST, "Xác định nghĩa vụ thuế")
    assert [t.pk for t in selectors.tasks_for_officer(officer=tax_officer).rows] == [task.pk]
    assert selectors.dossier_get_for_officer(officer=tax_officer, code=dossier.code) == dossier
    assert visible_to(tax_officer) == [dossier]
    # The department's specialist no longer holds it.
    assert_refused("not_holder", dossier, lambda: services.dossier_forward(dossier=dossier, officer=world.specialist))

    dossier = services.dossier_forward(dossier=dossier, officer=tax_officer, note="Đã xác định nghĩa vụ thuế")
    assert open_task_of(dossier).role == StaffRole.AGENCY_LEADER
    # After it left: still visible (the history of their step), once, but no longer theirs to act on.
    assert selectors.dossier_get_for_officer(officer=tax_officer, code=dossier.code) == dossier
    assert visible_to(tax_officer) == [dossier]
    assert selectors.tasks_for_officer(officer=tax_officer).rows == []
    assert_refused("not_holder", dossier, lambda: services.dossier_forward(dossier=dossier, officer=tax_officer))
    assert_refused(
        "forbidden", dossier, lambda: services.dossier_stop(dossier=dossier, officer=tax_officer, reason="x")
    )


def test_a_middle_step_may_be_the_signing_one_and_the_last_step_finishes(world):
    case = world.procedure.cases.get()
    clerk = officer_of(world.department, StaffRole.CLERK)
    WorkflowStep.objects.create(case=case, position=1, name="Thẩm định", role=StaffRole.SPECIALIST, budget_hours=8)
    WorkflowStep.objects.create(
        case=case, position=2, name="Ký", role=StaffRole.AGENCY_LEADER, budget_hours=4, signs_result=True
    )
    WorkflowStep.objects.create(case=case, position=3, name="Phát hành", role=StaffRole.CLERK, budget_hours=0)
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    result = signed_result(world, dossier)
    dossier = services.dossier_forward(dossier=dossier, officer=world.leader)
    last = open_task_of(dossier)
    assert (last.role, last.signs_result, last.due_at) == (StaffRole.CLERK, False, None)  # no budget, no due time
    assert result.signed_at is not None
    finished = services.dossier_finish(dossier=dossier, officer=clerk)
    assert finished.state == "result_ready"


def test_a_one_step_process_finishes_straight_from_reception(world):
    WorkflowStep.objects.create(
        case=world.procedure.cases.get(),
        position=1,
        name="Xử lý và ký",
        role=StaffRole.AGENCY_LEADER,
        budget_hours=8,
        signs_result=True,
    )
    dossier = world.received()
    signed_result(world, dossier)
    finished = services.dossier_finish(dossier=dossier, officer=world.leader)
    assert [e.action for e in finished.events.order_by("id")][-4:] == ["receive", "add_result", "sign_result", "finish"]
    assert (finished.state, finished.received_at is not None) == ("result_ready", True)


def test_a_leader_of_another_agency_signs_and_finishes_at_an_inter_agency_last_step(world):
    province = AgencyFactory(name="Ủy ban nhân dân tỉnh")
    chairman = officer_of(province, StaffRole.AGENCY_LEADER)
    case = world.procedure.cases.get()
    WorkflowStep.objects.create(case=case, position=1, name="Thẩm định", role=StaffRole.SPECIALIST, budget_hours=8)
    WorkflowStep.objects.create(
        case=case,
        position=2,
        name="Lãnh đạo UBND tỉnh ký",
        role=StaffRole.AGENCY_LEADER,
        agency=province,
        budget_hours=8,
        signs_result=True,
    )
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    result = services.result_add(dossier=dossier, officer=world.specialist, title="Quyết định", upload=pdf_upload())
    assert_refused(
        "forbidden",
        dossier,
        lambda: services.result_store_signed(result=result, officer=world.leader, signed_pdf=b"%PDF"),
    )
    services.result_store_signed(result=result, officer=chairman, signed_pdf=b"%PDF")
    finished = services.dossier_finish(dossier=dossier, officer=chairman)
    assert finished.state == "result_ready"
    assert selectors.dossier_get_for_officer(officer=chairman, code=finished.code) == finished
