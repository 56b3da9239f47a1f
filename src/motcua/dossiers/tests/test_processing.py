"""The internal workflow inside the agency: receive → the steps of the case → finish → return the result.

Deadlines run on a week with a public holiday: received on Monday 23/11/2026 at 16:45 (24/11 "Ngày Văn hóa Việt
Nam" is a day off) with a 3-working-day procedure → due on Friday 27/11/2026 at 16:45. The helpers at the top are
shared with the other back-office test modules.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest

from motcua.accounts.models import EDataItem, StaffRole
from motcua.audit.models import AuditEntry
from motcua.audit.selectors import audit_entries_for, audit_verify
from motcua.catalogue.models import Channel
from motcua.core.errors import DomainError
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, DossierResult, DossierTask, ResultDelivery, TaskOutcome
from motcua.dossiers.workflow import RECORDED_ACTIONS
from motcua.workdays.calendar import VIETNAM

from .factories import pdf_upload
from .office import OfficeWorld, office_world

SIGNED = b"%PDF-1.7 signed by the agency"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM)


MONDAY = local(2026, 11, 23, 16, 45)


# --- Helpers shared by the back-office test modules -------------------------------------------------------------
def snapshot(dossier: Dossier) -> tuple:
    """Everything a refused move must leave exactly as it was."""
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.state,
        fresh.version,
        fresh.due_at,
        fresh.finished_at,
        fresh.return_note,
        list(fresh.tasks.order_by("id").values_list("id", "finished_at", "outcome", "due_at")),
        list(fresh.results.order_by("id").values_list("id", "signed_at", "sha256")),
        fresh.events.count(),
        AuditEntry.objects.count(),
    )


def assert_refused(code: str, dossier: Dossier, call: Callable[[], object]) -> DomainError:
    """``call`` raises DomainError ``code`` and changes nothing on ``dossier``."""
    before = snapshot(dossier)
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.code == code, error.value.message
    assert snapshot(dossier) == before
    return error.value


def open_task_of(dossier: Dossier) -> DossierTask:
    return DossierTask.objects.get(dossier=dossier, finished_at__isnull=True)


def version_of(dossier: Dossier) -> int:
    return Dossier.objects.values_list("version", flat=True).get(pk=dossier.pk)


def at_leader(world: OfficeWorld, dossier: Dossier | None = None) -> Dossier:
    """A received dossier handed by the specialist and the division head to the leader's signing step."""
    dossier = services.dossier_forward(dossier=dossier or world.received(), officer=world.specialist, note="Đủ")
    return services.dossier_forward(dossier=dossier, officer=world.division_head, note="Trình ký")


def signed_result(world: OfficeWorld, dossier: Dossier, signed: bytes = SIGNED) -> DossierResult:
    result = services.result_add(dossier=dossier, officer=world.leader, title="Giấy chứng nhận", upload=pdf_upload())
    return services.result_store_signed(result=result, officer=world.leader, signed_pdf=signed)


def result_ready(world: OfficeWorld, dossier: Dossier | None = None) -> Dossier:
    dossier = at_leader(world, dossier)
    signed_result(world, dossier)
    return services.dossier_finish(dossier=dossier, officer=world.leader)


@pytest.fixture
def world(db) -> OfficeWorld:
    return office_world()


def start_on_monday(clock, world: OfficeWorld):
    """The clock on Monday 23/11/2026 at 16:45; the procedure takes 3 working days."""
    Channel.objects.filter(case__procedure=world.procedure).update(duration_value=Decimal(3))
    clock.set(MONDAY)
    return clock


@pytest.fixture
def monday(clock, world):
    return start_on_monday(clock, world)


# --- The whole life -------------------------------------------------------------------------------------------------
def test_a_dossier_goes_from_submission_through_every_step_to_the_returned_result(monday, world):
    submitted = world.submitted()
    versions = [submitted.version]

    received = services.dossier_receive(
        dossier=submitted, officer=world.reception, note="Đủ thành phần", expected_version=submitted.version
    )
    versions.append(received.version)
    assert (received.state, received.received_at) == ("received", MONDAY)
    assert received.due_at == local(2026, 11, 27, 16, 45)  # Mon 15 min + Wed + Thu + Fri until 16:45
    first = open_task_of(received)
    assert (first.position, first.name, first.agency, first.role, first.signs_result) == (
        1,
        "Thẩm định hồ sơ",
        world.department,
        StaffRole.SPECIALIST,
        False,
    )
    assert (first.started_at, first.due_at) == (MONDAY, local(2026, 11, 26, 16, 45))  # 16 working hours
    assert (first.handed_by_label, first.handed_note) == (str(world.reception), "Đủ thành phần")

    monday.set(local(2026, 11, 25, 9, 0))
    processing = services.dossier_forward(
        dossier=received, officer=world.specialist, note="Đủ điều kiện", expected_version=received.version
    )
    versions.append(processing.version)
    assert processing.state == "processing"
    first.refresh_from_db()
    assert (first.outcome, first.finished_by, first.note) == (TaskOutcome.FORWARDED, world.specialist, "Đủ điều kiện")
    assert first.finished_at == local(2026, 11, 25, 9, 0)
    second = open_task_of(processing)
    assert (second.position, second.role, second.agency) == (2, StaffRole.DIVISION_HEAD, world.department)
    assert second.due_at == local(2026, 11, 25, 15, 0)  # 4 working hours: 2.5 before lunch, 1.5 after
    assert second.handed_note == "Đủ điều kiện"

    monday.set(local(2026, 11, 25, 14, 0))
    at_signing = services.dossier_forward(
        dossier=processing, officer=world.division_head, expected_version=processing.version
    )
    versions.append(at_signing.version)
    third = open_task_of(at_signing)
    assert (third.position, third.role, third.signs_result) == (3, StaffRole.AGENCY_LEADER, True)
    assert third.due_at == local(2026, 11, 26, 8, 0)  # 3 hours on Wednesday, 1 on Thursday morning

    monday.set(local(2026, 11, 26, 9, 0))
    result = services.result_add(dossier=at_signing, officer=world.leader, title="Giấy chứng nhận", upload=pdf_upload())
    versions.append(version_of(at_signing))
    assert (result.code, result.number, result.signed_at) == (f"{at_signing.code}-KQ1", 1, None)
    result = services.result_store_signed(result=result, officer=world.leader, signed_pdf=SIGNED)
    versions.append(version_of(at_signing))
    assert result.sha256 == hashlib.sha256(SIGNED).hexdigest()
    assert (result.signed_by, result.signed_at, result.size) == (world.leader, local(2026, 11, 26, 9, 0), len(SIGNED))

    finished = services.dossier_finish(
        dossier=at_signing, officer=world.leader, note="Đã ký", expected_version=version_of(at_signing)
    )
    versions.append(finished.version)
    assert (finished.state, finished.finished_at) == ("result_ready", local(2026, 11, 26, 9, 0))
    assert not finished.tasks.filter(finished_at__isnull=True).exists()
    assert selectors.dossier_deadline(dossier=finished).timeliness == "early"

    monday.set(local(2026, 11, 27, 8, 0))
    assert not selectors.dossier_results_for_applicant(user=world.applicant, dossier=finished).exists()
    returned = services.dossier_return_result(
        dossier=finished, officer=world.reception, method=ResultDelivery.ONLINE, expected_version=finished.version
    )
    versions.append(returned.version)
    assert (returned.state, returned.returned_at) == ("returned", local(2026, 11, 27, 8, 0))
    assert returned.return_note == "Nhận kết quả trực tuyến"
    item = EDataItem.objects.get(owner=world.applicant, source=EDataItem.Source.RESULT)
    assert (item.source_code, item.sha256, item.file.name, item.title) == (
        returned.code,
        result.sha256,
        DossierResult.objects.get().file.name,
        "Giấy chứng nhận",
    )
    assert item.file.read() == SIGNED
    assert list(selectors.dossier_results_for_applicant(user=world.applicant, dossier=returned)) == [result]

    # Every change bumped the version, wrote a history row and the same act in the audit log.
    assert versions == sorted(set(versions))
    assert version_of(returned) == versions[-1]
    acts = [
        "submit",
        "receive",
        "start_processing",
        "forward",
        "forward",
        "add_result",
        "sign_result",
        "finish",
        "return_result",
    ]
    assert [event.action for event in returned.events.order_by("id")] == acts
    assert versions[-1] - versions[0] == len(acts) - 1  # one version per act after the submission
    in_state = {e.action for e in returned.events.all() if e.from_state == e.to_state}
    assert in_state == {"forward", "add_result", "sign_result"} and in_state <= RECORDED_ACTIONS
    audit = audit_entries_for(subject_type="dossier", subject_id=returned.code)
    assert [entry.action for entry in audit] == acts
    assert [(e.from_state, e.to_state) for e in audit][-2:] == [
        ("processing", "result_ready"),
        ("result_ready", "returned"),
    ]
    assert {entry.actor_id for entry in audit[1:]} == {
        world.reception.pk,
        world.specialist.pk,
        world.division_head.pk,
        world.leader.pk,
    }
    assert audit_verify().ok
    outcomes = list(returned.tasks.order_by("position").values_list("outcome", flat=True))
    assert outcomes == [TaskOutcome.FORWARDED, TaskOutcome.FORWARDED, TaskOutcome.FINISHED]


def test_sending_back_reopens_the_previous_step_with_the_reason(monday, world):
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    monday.set(local(2026, 11, 25, 9, 0))
    assert_refused(
        "reason_required",
        dossier,
        lambda: services.dossier_send_back(dossier=dossier, officer=world.division_head, note="  "),
    )
    back = services.dossier_send_back(dossier=dossier, officer=world.division_head, note="Thiếu ý kiến thẩm định")
    assert back.state == "processing"
    assert back.tasks.get(position=2).outcome == TaskOutcome.SENT_BACK
    reopened = open_task_of(back)
    assert (reopened.position, reopened.role, reopened.handed_note) == (
        1,
        StaffRole.SPECIALIST,
        "Thiếu ý kiến thẩm định",
    )
    assert reopened.due_at == local(2026, 11, 27, 9, 0)  # a fresh 16-hour budget from Wednesday 09:00
    event = back.events.order_by("-id").first()
    assert (event.action, event.note) == ("send_back", "Thẩm định hồ sơ. Thiếu ý kiến thẩm định")
    assert audit_entries_for(subject_type="dossier", subject_id=back.code).last().action == "send_back"


# --- Illegal moves change nothing -----------------------------------------------------------------------------------
def test_finishing_before_the_last_step_is_refused(world):
    dossier = world.received()
    assert_refused("not_last_step", dossier, lambda: services.dossier_finish(dossier=dossier, officer=world.specialist))


def test_forwarding_from_the_last_step_is_refused(world):
    dossier = at_leader(world)
    assert_refused("last_step", dossier, lambda: services.dossier_forward(dossier=dossier, officer=world.leader))


def test_sending_back_from_the_first_step_is_refused(world):
    dossier = world.received()
    assert_refused(
        "first_step",
        dossier,
        lambda: services.dossier_send_back(dossier=dossier, officer=world.specialist, note="Xem lại"),
    )


def test_receiving_twice_is_refused(world):
    dossier = world.received()
    assert_refused(
        "illegal_transition", dossier, lambda: services.dossier_receive(dossier=dossier, officer=world.reception)
    )


def test_refusing_a_received_dossier_is_refused(world):
    dossier = world.received()
    assert_refused(
        "illegal_transition",
        dossier,
        lambda: services.dossier_refuse(dossier=dossier, officer=world.reception, reason="Sai thủ tục"),
    )


def test_nobody_processes_a_dossier_before_reception(world):
    dossier = world.submitted()
    assert_refused(
        "illegal_transition", dossier, lambda: services.dossier_forward(dossier=dossier, officer=world.specialist)
    )


def test_only_the_holder_of_the_step_hands_it_on(world):
    dossier = world.received()
    for officer in (world.division_head, world.leader, world.reception):
        assert_refused("not_holder", dossier, lambda o=officer: services.dossier_forward(dossier=dossier, officer=o))


def test_a_finished_dossier_is_no_longer_processed(world):
    dossier = result_ready(world)
    for call in (
        lambda: services.dossier_forward(dossier=dossier, officer=world.leader),
        lambda: services.dossier_send_back(dossier=dossier, officer=world.leader, note="Xem lại"),
        lambda: services.dossier_finish(dossier=dossier, officer=world.leader),
    ):
        assert_refused("illegal_transition", dossier, call)


# --- Stale pages: two officers, a double submit ------------------------------------------------------------------
def test_a_second_reception_with_the_same_page_is_stale(world):
    dossier = world.submitted()
    seen = dossier.version
    services.dossier_receive(dossier=dossier, officer=world.reception, expected_version=seen)
    error = assert_refused(
        "stale",
        dossier,
        lambda: services.dossier_receive(dossier=dossier, officer=world.reception, expected_version=seen),
    )
    assert "vừa được cập nhật" in error.message


def test_a_double_submitted_forward_is_stale_for_the_next_holder_too(world):
    dossier = world.received()
    seen = dossier.version
    services.dossier_forward(dossier=dossier, officer=world.specialist, expected_version=seen)
    assert_refused(
        "stale",
        dossier,
        lambda: services.dossier_forward(dossier=dossier, officer=world.division_head, expected_version=seen),
    )


@pytest.mark.parametrize(
    "act",
    [
        lambda w, d, v: services.dossier_send_back(dossier=d, officer=w.division_head, note="x", expected_version=v),
        lambda w, d, v: services.dossier_stop(dossier=d, officer=w.division_head, reason="x", expected_version=v),
        lambda w, d, v: services.dossier_request_payment(
            dossier=d, officer=w.division_head, note="x", expected_version=v
        ),
        lambda w, d, v: services.dossier_request_supplement(
            dossier=d, officer=w.division_head, reason="x", items=[{"name": "Bản sao"}], expected_version=v
        ),
        lambda w, d, v: services.dossier_apologise(
            dossier=d, officer=w.division_head, reason="x", new_due_at=local(2099, 1, 1), expected_version=v
        ),
    ],
    ids=["send_back", "stop", "request_payment", "request_supplement", "apologise"],
)
def test_every_decision_on_a_stale_page_is_refused(world, act):
    dossier = services.dossier_forward(dossier=world.received(), officer=world.specialist)
    assert_refused("stale", dossier, lambda: act(world, dossier, dossier.version - 1))
    act(world, dossier, dossier.version)  # the current page is accepted
    assert version_of(dossier) > dossier.version
