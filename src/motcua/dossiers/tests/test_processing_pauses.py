"""Pauses and endings while the agency works: supplement, financial obligation, stop (form 05), withdrawal, refusal
(form 03) and the apology with a new date (form 04). Times as in ``test_processing``: received on Monday
23/11/2026 at 16:45, 3 working days → due on Friday 27/11/2026 at 16:45.
"""

from datetime import timedelta

import pytest

from motcua.audit.selectors import audit_entries_for
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, TaskOutcome
from motcua.notifications.models import InboxMessage

from .factories import pdf_upload
from .office import OfficeWorld, office_world
from .test_processing import assert_refused, local, open_task_of, result_ready, start_on_monday, version_of

FRIDAY_DUE = local(2026, 11, 27, 16, 45)


@pytest.fixture
def world(db) -> OfficeWorld:
    return office_world()


@pytest.fixture
def monday(clock, world):
    return start_on_monday(clock, world)


@pytest.fixture
def processing(monday, world):
    """At the division head's step since Wednesday 25/11 09:00 (its 4 working hours end at 15:00)."""
    dossier = world.received()
    monday.set(local(2026, 11, 25, 9, 0))
    return services.dossier_forward(dossier=dossier, officer=world.specialist)


def inbox(world) -> list[str]:
    return list(InboxMessage.objects.filter(user=world.applicant).order_by("id").values_list("subject", flat=True))


def walk_in(dossier: Dossier) -> Dossier:
    """Test setup: the dossier of a person without an account, entered at the counter."""
    Dossier.objects.filter(pk=dossier.pk).update(applicant=None, received_at_counter=True)
    dossier.refresh_from_db()
    return dossier


# --- Supplement: the clock stops for the dossier and for the step that asked ------------------------------------
def test_a_supplement_answered_two_working_days_later_moves_both_due_times(monday, world, processing):
    task = open_task_of(processing)
    assert (processing.due_at, task.due_at) == (FRIDAY_DUE, local(2026, 11, 25, 15, 0))
    monday.set(local(2026, 11, 25, 10, 0))
    services.dossier_request_supplement(
        dossier=processing, officer=world.division_head, reason="Thiếu giấy tờ", items=[{"name": "Bản sao sổ hộ khẩu"}]
    )
    processing.refresh_from_db()
    assert processing.state == "supplement_requested"
    assert open_task_of(processing) == task  # the step waits, it is not closed
    assert_refused(
        "illegal_transition",
        processing,
        lambda: services.dossier_forward(dossier=processing, officer=world.division_head),
    )

    monday.set(local(2026, 11, 27, 10, 0))  # Wednesday 10:00 → Friday 10:00: 16 working hours
    services.supplement_file_add(dossier=processing, actor=world.applicant, item_index=0, upload=pdf_upload("bs"))
    dossier = services.dossier_supplement(dossier=processing, actor=world.applicant)

    assert dossier.state == "processing"
    assert dossier.due_at == local(2026, 12, 1, 16, 45)  # Friday 16:45 + 16 h → Tuesday 16:45
    task.refresh_from_db()
    assert (task.due_at, task.finished_at) == (local(2026, 11, 27, 15, 0), None)  # Wednesday 15:00 + 16 h
    assert [e.action for e in dossier.events.order_by("id")][-2:] == ["request_supplement", "supplement"]


def test_a_supplement_asked_at_reception_step_returns_to_received(monday, world):
    dossier = world.received()
    monday.set(local(2026, 11, 25, 7, 0))
    services.dossier_request_supplement(
        dossier=dossier, officer=world.specialist, reason="Thiếu", items=[{"name": "Bản sao"}]
    )
    monday.set(local(2026, 11, 25, 11, 0))  # 4 working hours
    dossier.refresh_from_db()
    services.supplement_file_add(dossier=dossier, actor=world.applicant, item_index=0, upload=pdf_upload())
    dossier = services.dossier_supplement(dossier=dossier, actor=world.applicant)
    assert (dossier.state, dossier.due_at) == ("received", local(2026, 11, 30, 10, 45))  # Friday 16:45 + 4 h
    assert dossier.received_at == local(2026, 11, 23, 16, 45)  # back in "received", but received on Monday
    assert open_task_of(dossier).due_at == local(2026, 11, 27, 10, 45)  # Thursday 16:45 + 4 h


def test_a_supplement_before_reception_keeps_the_submission_time_and_the_place_in_the_queue(clock, world):
    dossier, later = world.submitted(), None
    submitted_at = dossier.submitted_at
    clock.set(submitted_at + timedelta(hours=1))
    later = world.submitted()
    services.dossier_request_supplement(
        dossier=dossier, officer=world.reception, reason="Thiếu", items=[{"name": "Bản sao"}]
    )
    dossier.refresh_from_db()
    clock.set(submitted_at + timedelta(hours=2))
    services.supplement_file_add(dossier=dossier, actor=world.applicant, item_index=0, upload=pdf_upload())
    dossier = services.dossier_supplement(dossier=dossier, actor=world.applicant)
    assert (dossier.state, dossier.submitted_at) == ("submitted", submitted_at)
    assert selectors.reception_queue_for_officer(officer=world.reception).rows == [dossier, later]


def test_confirming_an_obligation_asked_at_reception_step_returns_to_received(clock, world):
    dossier = world.received()
    received_at = dossier.received_at
    clock.set(received_at + timedelta(hours=1))
    services.dossier_request_payment(dossier=dossier, officer=world.specialist, note="Lệ phí")
    back = services.dossier_payment_confirm(dossier=dossier, officer=world.reception)
    assert (back.state, back.received_at) == ("received", received_at)


# --- Financial obligation ------------------------------------------------------------------------------------------
def test_a_financial_obligation_pauses_processing_until_it_is_confirmed(world, processing):
    assert_refused(
        "note",
        processing,
        lambda: services.dossier_request_payment(dossier=processing, officer=world.division_head, note=" "),
    )
    task = open_task_of(processing)
    waiting = services.dossier_request_payment(
        dossier=processing, officer=world.division_head, note="Lệ phí trước bạ 500.000 đồng"
    )
    assert waiting.state == "awaiting_payment"
    assert open_task_of(waiting) == task
    assert "nghĩa vụ tài chính" in inbox(world)[-1]
    assert_refused(
        "illegal_transition", waiting, lambda: services.dossier_forward(dossier=waiting, officer=world.division_head)
    )

    back = services.dossier_payment_confirm(dossier=waiting, officer=world.reception, expected_version=waiting.version)
    assert back.state == "processing"
    assert open_task_of(back) == task
    event = back.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == ("pay", "awaiting_payment", "processing")
    assert audit_entries_for(subject_type="dossier", subject_id=back.code).last().action == "pay"


def test_the_applicant_cannot_confirm_their_own_obligation_as_an_officer(world, processing):
    waiting = services.dossier_request_payment(dossier=processing, officer=world.division_head, note="Thuế")
    assert_refused(
        "forbidden", waiting, lambda: services.dossier_payment_confirm(dossier=waiting, officer=world.applicant)
    )


# --- Stop (form 05), withdrawal, refusal (form 03) -----------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "  \n "])
def test_stopping_and_refusing_need_a_reason(world, processing, reason):
    assert_refused(
        "reason_required",
        processing,
        lambda: services.dossier_stop(dossier=processing, officer=world.division_head, reason=reason),
    )
    submitted = world.submitted()
    assert_refused(
        "reason_required",
        submitted,
        lambda: services.dossier_refuse(dossier=submitted, officer=world.reception, reason=reason),
    )


def test_stopping_closes_the_open_step(monday, world, processing):
    task = open_task_of(processing)
    monday.set(local(2026, 11, 25, 10, 0))
    stopped = services.dossier_stop(
        dossier=processing, officer=world.division_head, reason=" Trùng hồ sơ đã giải quyết "
    )
    assert (stopped.state, stopped.finished_at) == ("stopped", local(2026, 11, 25, 10, 0))
    task.refresh_from_db()
    assert (task.outcome, task.finished_by, task.note) == (
        TaskOutcome.CLOSED,
        world.division_head,
        "Trùng hồ sơ đã giải quyết",
    )
    assert not stopped.tasks.filter(finished_at__isnull=True).exists()
    assert selectors.tasks_for_officer(officer=world.division_head).rows == []
    assert inbox(world)[-1] == f"Hồ sơ {stopped.code} bị dừng xử lý"
    assert_refused(
        "illegal_transition",
        stopped,
        lambda: services.dossier_stop(dossier=stopped, officer=world.division_head, reason="x"),
    )


def test_a_dossier_waiting_for_a_supplement_can_be_stopped(world, processing):
    services.dossier_request_supplement(
        dossier=processing, officer=world.division_head, reason="Thiếu", items=[{"name": "Bản sao"}]
    )
    stopped = services.dossier_stop(dossier=processing, officer=world.division_head, reason="Quá hạn bổ sung")
    assert stopped.state == "stopped"
    assert stopped.tasks.order_by("-id").first().outcome == TaskOutcome.CLOSED
    assert not stopped.tasks.filter(finished_at__isnull=True).exists()


def test_a_submitted_dossier_cannot_be_stopped(world):
    dossier = world.submitted()
    assert_refused(
        "illegal_transition",
        dossier,
        lambda: services.dossier_stop(dossier=dossier, officer=world.reception, reason="x"),
    )


def test_withdrawal_by_the_applicant_closes_the_open_step(world, processing):
    task = open_task_of(processing)
    withdrawn = services.dossier_withdraw(dossier=processing, actor=world.applicant, reason="Không còn nhu cầu")
    assert withdrawn.state == "withdrawn"
    task.refresh_from_db()
    assert (task.outcome, task.finished_by, task.finished_by_label) == (
        TaskOutcome.CLOSED,
        world.applicant,
        str(world.applicant),
    )


def test_refusing_a_submitted_dossier_tells_the_applicant_why(world):
    refused = services.dossier_refuse(
        dossier=world.submitted(), officer=world.reception, reason="Không thuộc thẩm quyền"
    )
    assert (refused.state, refused.tasks.exists(), refused.finished_at is not None) == ("refused", False, True)
    message = InboxMessage.objects.filter(user=world.applicant).order_by("-id").first()
    assert "không được tiếp nhận" in message.subject and "Không thuộc thẩm quyền" in message.body


def test_a_walk_in_dossier_without_an_account_gets_no_notice(world, processing):
    dossier = walk_in(processing)
    before = InboxMessage.objects.count()
    services.dossier_apologise(
        dossier=dossier, officer=world.division_head, reason="Chờ ý kiến", new_due_at=local(2026, 12, 3, 16, 45)
    )
    services.dossier_stop(dossier=dossier, officer=world.division_head, reason="Dừng")
    assert InboxMessage.objects.count() == before
    assert [e.action for e in dossier.events.order_by("id")][-2:] == ["apologise", "stop"]


# --- Apology and new date (form 04) ---------------------------------------------------------------------------------
def test_an_apology_before_the_due_date_sets_a_later_one_and_tells_the_applicant(monday, world, processing):
    monday.set(local(2026, 11, 25, 10, 0))
    version = processing.version
    apologised = services.dossier_apologise(
        dossier=processing,
        officer=world.division_head,
        reason=" Chờ ý kiến của cơ quan thuế ",
        new_due_at=local(2026, 12, 3, 16, 45),
        expected_version=version,
    )
    assert (apologised.due_at, apologised.original_due_at) == (local(2026, 12, 3, 16, 45), FRIDAY_DUE)
    assert (apologised.apology_at, apologised.apology_reason) == (
        local(2026, 11, 25, 10, 0),
        "Chờ ý kiến của cơ quan thuế",
    )
    assert version_of(apologised) == version + 1
    assert apologised.state == "processing"
    event = apologised.events.order_by("-id").first()
    assert (event.action, event.note) == ("apologise", "Chờ ý kiến của cơ quan thuế")
    assert audit_entries_for(subject_type="dossier", subject_id=apologised.code).last().action == "apologise"
    message = InboxMessage.objects.filter(user=world.applicant).order_by("-id").first()
    assert message.subject == f"Hồ sơ {apologised.code}: xin lỗi và hẹn lại ngày trả kết quả"
    assert "16 giờ 45 phút, ngày 03/12/2026" in message.body and "Chờ ý kiến của cơ quan thuế" in message.body


def test_an_apology_is_given_only_once(world, processing):
    services.dossier_apologise(
        dossier=processing, officer=world.division_head, reason="Chậm", new_due_at=local(2026, 12, 3, 16, 45)
    )
    assert_refused(
        "once",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing, officer=world.division_head, reason="Chậm nữa", new_due_at=local(2026, 12, 10, 16, 45)
        ),
    )


@pytest.mark.parametrize("now", [FRIDAY_DUE, local(2026, 11, 30, 8, 0)], ids=["at_the_due_time", "after_it"])
def test_an_apology_after_the_due_time_is_too_late(monday, world, processing, now):
    monday.set(now)
    assert_refused(
        "too_late",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing, officer=world.division_head, reason="Chậm", new_due_at=local(2026, 12, 3, 16, 45)
        ),
    )


@pytest.mark.parametrize("new_due", [FRIDAY_DUE, local(2026, 11, 26, 9, 0)], ids=["same", "earlier"])
def test_the_new_date_must_be_later_than_the_current_one(world, processing, new_due):
    assert_refused(
        "new_due",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing, officer=world.division_head, reason="Chậm", new_due_at=new_due
        ),
    )


def test_an_apology_needs_a_reason_and_an_aware_date(world, processing):
    assert_refused(
        "reason_required",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing, officer=world.division_head, reason=" ", new_due_at=local(2026, 12, 3)
        ),
    )
    assert_refused(
        "new_due",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing,
            officer=world.division_head,
            reason="Chậm",
            new_due_at=local(2026, 12, 3, 16, 45).replace(tzinfo=None),
        ),
    )


def test_who_may_apologise_the_holder_or_a_leader_not_the_desk(world, processing):
    assert_refused(
        "forbidden",
        processing,
        lambda: services.dossier_apologise(
            dossier=processing, officer=world.reception, reason="Chậm", new_due_at=local(2026, 12, 3, 16, 45)
        ),
    )
    apologised = services.dossier_apologise(
        dossier=processing, officer=world.leader, reason="Chậm", new_due_at=local(2026, 12, 3, 16, 45)
    )
    assert apologised.apology_at is not None


def test_an_apology_only_while_the_dossier_is_being_resolved(world):
    submitted = world.submitted()
    ready = result_ready(world)
    for dossier in (submitted, ready):
        assert_refused(
            "illegal_transition",
            dossier,
            lambda d=dossier: services.dossier_apologise(
                dossier=d, officer=world.leader, reason="Chậm", new_due_at=local(2099, 1, 1)
            ),
        )
