"""The officer's reads: reception queue, "việc của tôi" (keyset pages), one dossier and its files, results,
deadlines and the register (form 07)."""

import dataclasses
from datetime import timedelta

import pytest

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import MembershipFactory
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, DossierTask, WorkflowStep
from motcua.dossiers.selectors.office import deadline_of

from .factories import ComponentFactory, ProcedureFactory, officer_of, pdf_upload
from .office import OfficeWorld, office_world
from .test_processing import local, result_ready, signed_result

WEDNESDAY = local(2025, 3, 12, 9, 0)
MALFORMED = [
    "garbage",
    "_",
    "abc_1",
    "1.5_x",
    "inf_1",
    "nan_1",
    "1e300_1",
    "-1e12_1",
    "_99999999999999999999999",
    "1741744800.0_99999999999999999999999",
]


@pytest.fixture
def world(db) -> OfficeWorld:
    return office_world()


def all_pages(read, limit: int) -> list:
    """Every row reached by following ``next_cursor`` from the first page."""
    rows, cursor, pages = [], "", 0
    while True:
        page = read(cursor=cursor, limit=limit)
        rows += page.rows
        pages += 1
        assert len(page.rows) <= limit and pages < 100
        if not page.next_cursor:
            return rows
        cursor = page.next_cursor


# --- Reception queue ---------------------------------------------------------------------------------------------
def test_the_reception_queue_lists_the_served_agencies_submitted_dossiers_oldest_first(clock, world):
    clock.set(WEDNESDAY.replace(microsecond=999999))
    late = world.submitted()
    clock.set(WEDNESDAY.replace(microsecond=1))
    early = world.submitted()
    clock.set(WEDNESDAY + timedelta(hours=1))
    world.received()  # no longer waiting
    office_world().submitted()  # another centre's queue
    own_desk = officer_of(world.department, StaffRole.RECEPTION)
    assert selectors.reception_queue_for_officer(officer=world.reception).rows == [early, late]
    assert selectors.reception_queue_for_officer(officer=own_desk).rows == [early, late]
    assert selectors.reception_queue_for_officer(officer=world.specialist).rows == []


def test_queue_pages_cover_every_dossier_once_when_they_share_a_submission_time(clock, world):
    clock.set(WEDNESDAY.replace(microsecond=123457))
    same_time = [world.submitted() for _ in range(7)]
    clock.set(WEDNESDAY - timedelta(days=1))
    first = world.submitted()
    expected = [first, *sorted(same_time, key=lambda d: d.pk)]
    for limit in (1, 3, 8, 50):
        read = lambda **kw: selectors.reception_queue_for_officer(officer=world.reception, **kw)  # noqa: E731
        assert all_pages(read, limit) == expected


@pytest.mark.parametrize("cursor", MALFORMED)
def test_a_malformed_cursor_reads_as_the_first_page(world, cursor):
    dossiers = [world.submitted(), world.submitted()]
    page = selectors.reception_queue_for_officer(officer=world.reception, cursor=cursor, limit=1)
    assert (page.rows, bool(page.next_cursor)) == (dossiers[:1], True)
    assert selectors.tasks_for_officer(officer=world.specialist, cursor=cursor).rows == []
    assert selectors.results_to_return_for_officer(officer=world.reception, cursor=cursor).rows == []


def test_results_to_return_are_the_ready_dossiers_at_the_desk(world):
    ready = result_ready(world)
    world.received()
    assert selectors.results_to_return_for_officer(officer=world.reception).rows == [ready]
    assert selectors.results_to_return_for_officer(officer=office_world().reception).rows == []


# --- "Việc của tôi" ------------------------------------------------------------------------------------------------
@pytest.fixture
def tasks(clock, world) -> list[DossierTask]:
    """The specialist's open tasks in due order: two due at the same time, then later ones, then three without a
    due time (a configured step with no budget); the division head's and closed ones are not theirs."""
    untimed = ProcedureFactory(agency=world.department)
    ComponentFactory(procedure=untimed)
    WorkflowStep.objects.create(
        case=untimed.cases.get(), position=1, name="Thẩm định", role=StaffRole.SPECIALIST, budget_hours=0
    )
    without_due = dataclasses.replace(world, procedure=untimed)
    received = []
    for moment, source in [
        (WEDNESDAY + timedelta(days=1), world),
        (WEDNESDAY, without_due),
        (WEDNESDAY.replace(microsecond=500001), world),
        (WEDNESDAY.replace(microsecond=500001), world),
        (WEDNESDAY + timedelta(days=6), world),
        (WEDNESDAY + timedelta(days=2), without_due),
        (WEDNESDAY + timedelta(days=3), without_due),
    ]:
        clock.set(moment)
        received.append(source.received())
    services.dossier_forward(dossier=received[0], officer=world.specialist)  # now the division head's
    services.dossier_stop(dossier=received[4], officer=world.specialist, reason="Dừng")  # closed
    open_tasks = DossierTask.objects.filter(role=StaffRole.SPECIALIST, finished_at__isnull=True)
    timed = sorted(open_tasks.exclude(due_at=None), key=lambda t: (t.due_at, t.pk))
    return timed + sorted(open_tasks.filter(due_at=None), key=lambda t: t.pk)


def test_my_tasks_are_the_most_urgent_first_and_those_without_a_due_time_last(world, tasks):
    assert len(tasks) == 5 and [t.due_at is None for t in tasks] == [False, False, True, True, True]
    assert tasks[0].due_at == tasks[1].due_at
    assert selectors.tasks_for_officer(officer=world.specialist).rows == tasks
    assert selectors.tasks_for_officer(officer=world.reception).rows == []
    assert [t.role for t in selectors.tasks_for_officer(officer=world.division_head).rows] == [StaffRole.DIVISION_HEAD]


@pytest.mark.parametrize("limit", [1, 2, 3, 4])
def test_my_task_pages_reach_deep_into_the_list_exactly_once(world, tasks, limit):
    read = lambda **kw: selectors.tasks_for_officer(officer=world.specialist, **kw)  # noqa: E731
    assert all_pages(read, limit) == tasks


def test_an_officer_with_several_roles_sees_the_tasks_of_each(world, tasks):
    both = world.specialist
    MembershipFactory(user=both, agency=world.department, role=StaffRole.DIVISION_HEAD)
    rows = selectors.tasks_for_officer(officer=both).rows
    assert {t.role for t in rows} == {StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD}
    assert len(rows) == len(tasks) + 1


# --- One dossier, its files and results --------------------------------------------------------------------------
def test_an_officer_opens_a_dossier_of_their_agency_by_its_code(world):
    dossier = world.received()
    for officer in (world.reception, world.specialist, world.leader):
        assert selectors.dossier_get_for_officer(officer=officer, code=dossier.code) == dossier
    for code in ("", "   ", "000.00.00.X00-250312-0001", f"{dossier.code}x"):
        with pytest.raises(NotFound):
            selectors.dossier_get_for_officer(officer=world.specialist, code=code)


def test_a_dossier_of_another_agency_or_a_draft_is_not_found(world):
    dossier = world.submitted()
    with pytest.raises(NotFound):
        selectors.dossier_get_for_officer(officer=officer_of(AgencyFactory(), StaffRole.SPECIALIST), code=dossier.code)
    Dossier.objects.filter(pk=dossier.pk).update(state="draft")  # e.g. a counter draft that already has a code
    with pytest.raises(NotFound):
        selectors.dossier_get_for_officer(officer=world.reception, code=dossier.code)


def test_files_and_results_are_found_only_by_their_own_public_id(world):
    dossier = world.received()
    other = world.received()
    own_file, other_file = dossier.files.get(), other.files.get()
    assert (
        selectors.dossier_file_get_for_officer(
            officer=world.specialist, code=dossier.code, public_id=str(own_file.public_id)
        )
        == own_file
    )
    for public_id in ("", "not-a-uuid", "1", str(other_file.public_id), "0" * 33, "{" * 40):
        with pytest.raises(NotFound):
            selectors.dossier_file_get_for_officer(officer=world.specialist, code=dossier.code, public_id=public_id)
    result = services.result_add(dossier=dossier, officer=world.specialist, title="KQ", upload=pdf_upload())
    assert (
        selectors.dossier_result_get_for_officer(
            officer=world.specialist, code=dossier.code, public_id=str(result.public_id)
        )
        == result
    )
    for public_id in ("", "xyz", str(own_file.public_id)):
        with pytest.raises(NotFound):
            selectors.dossier_result_get_for_officer(officer=world.specialist, code=dossier.code, public_id=public_id)
    with pytest.raises(NotFound):  # the right id through a dossier the officer cannot see
        selectors.dossier_result_get_for_officer(
            officer=office_world().specialist, code=dossier.code, public_id=str(result.public_id)
        )


def test_the_public_verification_finds_signed_results_only(world):
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    dossier = services.dossier_forward(dossier=dossier, officer=world.division_head)
    unsigned = services.result_add(dossier=dossier, officer=world.leader, title="Nháp", upload=pdf_upload("Nhap"))
    signed = signed_result(world, dossier)
    assert selectors.result_get_public(code=signed.code) == signed
    for code in (unsigned.code, "", f"{dossier.code}-KQ9"):
        with pytest.raises(NotFound):
            selectors.result_get_public(code=code)


# --- Deadlines -----------------------------------------------------------------------------------------------------
def test_deadline_labels_time_left_overdue_and_finished(world):
    agency = world.department
    due = local(2025, 3, 14, 17, 0)  # Friday at the close of office
    ahead = deadline_of(due=due, finished=None, agency=agency, now=local(2025, 3, 12, 15, 0))
    assert (ahead.left.label, ahead.timeliness) == ("2 ngày 2 giờ còn lại", "early")
    today = deadline_of(due=due, finished=None, agency=agency, now=local(2025, 3, 14, 16, 15))
    assert (today.left.label, today.timeliness) == ("45 phút còn lại", "on_time")
    late = deadline_of(due=due, finished=None, agency=agency, now=local(2025, 3, 17, 9, 0))
    assert (late.left.label, late.left.overdue, late.timeliness) == ("quá hạn 2 giờ", True, "late")
    done = deadline_of(due=due, finished=local(2025, 3, 18, 9, 0), agency=agency, now=local(2025, 3, 20, 9, 0))
    assert (done.left, done.timeliness, done.timeliness.label) == (None, "late", "Quá hạn")
    assert deadline_of(due=None, finished=None, agency=agency) == selectors.Deadline(None, None)


def test_a_dossier_deadline_counts_only_a_finished_dossier_as_finished(clock, world):
    dossier = world.received()  # Wednesday 12/03/2025 09:00 + 5 working days
    assert dossier.due_at == local(2025, 3, 19, 9, 0)
    assert selectors.dossier_deadline(dossier=dossier, now=local(2025, 3, 20, 9, 0)).timeliness == "late"
    clock.set(local(2025, 3, 13, 9, 0))
    ready = result_ready(world, dossier)
    assert selectors.dossier_deadline(dossier=ready, now=local(2025, 3, 20, 9, 0)) == selectors.Deadline(None, "early")


# --- Register (form 07) ------------------------------------------------------------------------------------------
def test_the_register_lists_the_agencys_dossiers_received_in_the_period(clock, world):
    first = world.received()
    clock.set(local(2025, 3, 13, 9, 0))
    second = world.received()
    world.submitted()  # not received
    clock.set(local(2025, 3, 20, 9, 0))
    world.received()  # after the period
    period = {"start": local(2025, 3, 12), "end": local(2025, 3, 14)}
    for officer in (world.reception, world.specialist):
        rows = selectors.register_for_officer(officer=officer, agency_id=world.department.pk, **period)
        assert rows == [first, second]


def test_the_register_of_an_agency_the_officer_has_no_role_in_is_not_found(world):
    other = office_world()
    for agency in (other.department, other.centre):
        with pytest.raises(NotFound):
            selectors.register_for_officer(
                officer=world.specialist, agency_id=agency.pk, start=local(2025, 1, 1), end=local(2026, 1, 1)
            )
