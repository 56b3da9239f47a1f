from datetime import datetime, timedelta

import pytest

from motcua.catalogue.models import Channel
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services
from motcua.dossiers.models import DossierFile, SupplementRequest
from motcua.dossiers.services.core import dossier_transition
from motcua.dossiers.workflow import State
from motcua.workdays.calendar import VIETNAM, Duration, due_at, shift_due, working_time_between
from motcua.workdays.selectors import calendar_for

from .factories import ComponentFactory, ProcedureCaseFactory, ProcedureFactory, citizen, officer_of, pdf_upload


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=VIETNAM)


@pytest.fixture
def received(clock, submitted, officer):
    """Received on Wednesday 12/03/2025 at 09:00: 5 working days → due Wednesday 19/03/2025 at 09:00."""
    return services.dossier_receive(dossier=submitted, officer=officer)


def _to(state, dossier, officer):
    """Bring a received dossier to ``state`` through the real services."""
    if state == State.PROCESSING:
        return dossier_transition(dossier=dossier, action="start_processing", actor=officer)
    if state == State.SUPPLEMENT_REQUESTED:
        services.dossier_request_supplement(
            dossier=dossier, officer=officer, reason="Thiếu giấy tờ", items=[{"name": "Bản sao sổ hộ khẩu"}]
        )
        dossier.refresh_from_db()
    if state in (State.RESULT_READY, State.RETURNED):
        dossier = dossier_transition(dossier=dossier, action="finish", actor=officer)
    if state == State.RETURNED:
        dossier = dossier_transition(dossier=dossier, action="return_result", actor=officer)
    return dossier


# --- Reception and the appointment date -----------------------------------------------------------------
def test_receive_sets_the_due_date_in_working_time(received):
    calendar = calendar_for(agency=received.agency)
    assert received.state == State.RECEIVED
    assert received.received_at == local(2025, 3, 12, 9, 0)
    assert received.due_at == due_at(start=received.received_at, duration=Duration.working_days(5), calendar=calendar)
    assert received.due_at == local(2025, 3, 19, 9, 0)
    assert received.due_at == type(received).objects.get(pk=received.pk).due_at


def test_receive_after_office_hours_counts_from_the_next_working_morning(clock, submitted, officer):
    clock.set(local(2025, 3, 12, 17, 30))
    dossier = services.dossier_receive(dossier=submitted, officer=officer)
    # Thursday 07:00 + 40 working hours = Wednesday 19/03 at the close of office.
    assert dossier.due_at == local(2025, 3, 19, 17, 0)


def test_receive_over_a_holiday_skips_it(clock, submitted, officer):
    clock.set(local(2025, 4, 28, 9, 0))  # Monday; 30/04, 01/05 (and the 02/05 bridge) are days off
    dossier = services.dossier_receive(dossier=submitted, officer=officer)
    calendar = calendar_for(agency=dossier.agency)
    assert dossier.due_at == due_at(start=dossier.received_at, duration=Duration.working_days(5), calendar=calendar)
    assert dossier.due_at > local(2025, 5, 5, 9, 0)


def test_a_procedure_without_a_duration_has_no_due_date(clock, applicant, submit, officer):
    procedure = ProcedureFactory(agency=officer.memberships.get().agency)
    Channel.objects.filter(case__procedure=procedure).update(duration_value=None)
    dossier = submit(services.dossier_draft_create(applicant=applicant, procedure=procedure))
    assert dossier.duration_value is None
    dossier = services.dossier_receive(dossier=dossier, officer=officer)
    assert (dossier.state, dossier.due_at) == (State.RECEIVED, None)


@pytest.mark.parametrize("who", ["officer_of_another_agency", "applicant", "stranger"])
def test_only_officers_of_the_agency_receive(submitted, who):
    actor = {
        "officer_of_another_agency": officer_of(ProcedureFactory().agency),
        "applicant": submitted.applicant,
        "stranger": citizen(),
    }[who]
    with pytest.raises(DomainError) as error:
        services.dossier_receive(dossier=submitted, officer=actor)
    assert error.value.code == "forbidden"
    submitted.refresh_from_db()
    assert (submitted.state, submitted.due_at, submitted.received_at) == (State.SUBMITTED, None, None)


def test_receive_twice_is_refused(received, officer):
    with pytest.raises(DomainError) as error:
        services.dossier_receive(dossier=received, officer=officer)
    assert error.value.code == "illegal_transition"


# --- The ONE supplement request ----------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_supplement_request_needs_a_reason(received, officer, reason):
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(
            dossier=received, officer=officer, reason=reason, items=[{"name": "Bản sao sổ hộ khẩu"}]
        )
    assert error.value.code == "reason_required"
    assert not SupplementRequest.objects.exists()


def test_a_supplement_request_needs_at_least_one_item(received, officer):
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(dossier=received, officer=officer, reason="Thiếu", items=[])
    assert error.value.code == "items_required"
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(dossier=received, officer=officer, reason="Thiếu", items=[{"name": " "}])
    assert error.value.code == "item_name"
    received.refresh_from_db()
    assert received.state == State.RECEIVED
    assert not SupplementRequest.objects.exists()


@pytest.mark.parametrize("where", ["another_procedure", "another_case_of_the_procedure"])
def test_a_supplement_item_naming_a_component_of_another_case_is_refused(received, officer, procedure, where):
    if where == "another_procedure":
        foreign = ComponentFactory(procedure=ProcedureFactory())
    else:
        foreign = ComponentFactory(case=ProcedureCaseFactory(procedure=procedure))
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(
            dossier=received, officer=officer, reason="Thiếu", items=[{"component_id": foreign.pk, "note": "x"}]
        )
    assert error.value.code == "component"
    assert not SupplementRequest.objects.exists()


def test_a_supplement_request_is_one_request_listing_everything(clock, received, officer, component):
    clock.set(local(2025, 3, 13, 9, 0))
    request = services.dossier_request_supplement(
        dossier=received,
        officer=officer,
        reason="Hồ sơ còn thiếu giấy tờ",
        items=[
            {"component_id": component.pk, "name": "tên bị bỏ qua", "note": "Bản chụp bị mờ"},
            {"name": " Bản sao sổ hộ khẩu ", "note": "Chưa nộp"},
        ],
        contact=" Chị Lan, 0260 3812345 ",
    )
    assert SupplementRequest.objects.get() == request
    assert request.items == [
        {"component_id": component.pk, "name": component.name, "note": "Bản chụp bị mờ"},
        {"component_id": None, "name": "Bản sao sổ hộ khẩu", "note": "Chưa nộp"},
    ]
    assert (request.reason, request.contact, request.requested_by) == (
        "Hồ sơ còn thiếu giấy tờ",
        "Chị Lan, 0260 3812345",
        officer,
    )
    assert request.requested_at == local(2025, 3, 13, 9, 0)
    assert request.answered_at is None
    received.refresh_from_db()
    assert received.state == State.SUPPLEMENT_REQUESTED
    event = received.events.order_by("-id").first()
    assert (event.action, event.note) == ("request_supplement", "Hồ sơ còn thiếu giấy tờ")


def test_only_officers_of_the_agency_request_a_supplement(received):
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(
            dossier=received,
            officer=officer_of(ProcedureFactory().agency),
            reason="Thiếu",
            items=[{"name": "Bản sao sổ hộ khẩu"}],
        )
    assert error.value.code == "forbidden"
    assert not SupplementRequest.objects.exists()


@pytest.mark.parametrize("before", [State.RECEIVED, State.PROCESSING])
def test_supplying_goes_back_to_the_previous_state_and_moves_the_due_date(clock, received, officer, component, before):
    dossier = _to(before, received, officer)
    code, due = dossier.code, dossier.due_at
    assert due == local(2025, 3, 19, 9, 0)

    clock.set(local(2025, 3, 13, 9, 0))  # Thursday morning
    request = services.dossier_request_supplement(
        dossier=dossier,
        officer=officer,
        reason="Thiếu giấy tờ",
        items=[{"component_id": component.pk}, {"name": "Bản sao sổ hộ khẩu"}],
    )
    dossier.refresh_from_db()
    clock.set(local(2025, 3, 13, 14, 0))  # Thursday afternoon: 2.5 h + 0.5 h of office time later
    for index in (0, 1):
        services.supplement_file_add(
            dossier=dossier, actor=dossier.applicant, item_index=index, upload=pdf_upload(f"bo sung {index}")
        )
    dossier = services.dossier_supplement(dossier=dossier, actor=dossier.applicant, note=" Đã bổ sung đủ ")

    assert dossier.state == before
    assert dossier.code == code
    request.refresh_from_db()
    assert (request.answered_at, request.answer_note) == (local(2025, 3, 13, 14, 0), "Đã bổ sung đủ")
    calendar = calendar_for(agency=dossier.agency)
    paused = working_time_between(start=request.requested_at, end=request.answered_at, calendar=calendar)
    assert paused == timedelta(hours=3)
    assert dossier.due_at == shift_due(due=due, paused=paused, calendar=calendar) == local(2025, 3, 19, 14, 0)
    files = DossierFile.objects.filter(supplement=request).order_by("id")
    assert [f.component_name for f in files] == [component.name, "Bản sao sổ hộ khẩu"]
    assert [f.component for f in files] == [component, None]
    event = dossier.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "supplement",
        State.SUPPLEMENT_REQUESTED,
        before,
        "Đã bổ sung đủ",
    )


def test_a_pause_over_a_weekend_counts_only_office_time(clock, received, officer):
    clock.set(local(2025, 3, 14, 16, 0))  # Friday 16:00
    services.dossier_request_supplement(
        dossier=received, officer=officer, reason="Thiếu", items=[{"name": "Bản sao sổ hộ khẩu"}]
    )
    received.refresh_from_db()
    clock.set(local(2025, 3, 17, 8, 0))  # Monday 08:00: 1 h on Friday + 1 h on Monday
    services.supplement_file_add(dossier=received, actor=received.applicant, item_index=0, upload=pdf_upload())
    dossier = services.dossier_supplement(dossier=received, actor=received.applicant)
    assert dossier.due_at == local(2025, 3, 19, 11, 0)


def test_supplying_without_a_due_date_keeps_none(clock, applicant, submit, officer):
    procedure = ProcedureFactory(agency=officer.memberships.get().agency)
    Channel.objects.filter(case__procedure=procedure).update(duration_value=None)
    dossier = submit(services.dossier_draft_create(applicant=applicant, procedure=procedure))
    dossier = _to(State.SUPPLEMENT_REQUESTED, services.dossier_receive(dossier=dossier, officer=officer), officer)
    services.supplement_file_add(dossier=dossier, actor=applicant, item_index=0, upload=pdf_upload())
    dossier = services.dossier_supplement(dossier=dossier, actor=applicant)
    assert (dossier.state, dossier.due_at) == (State.RECEIVED, None)


def test_supplying_with_an_item_unanswered_is_refused_and_names_it(received, officer, component):
    services.dossier_request_supplement(
        dossier=received,
        officer=officer,
        reason="Thiếu",
        items=[{"component_id": component.pk}, {"name": "Bản sao sổ hộ khẩu"}, {"name": "Ảnh 3x4"}],
    )
    received.refresh_from_db()
    services.supplement_file_add(dossier=received, actor=received.applicant, item_index=1, upload=pdf_upload())
    with pytest.raises(DomainError) as error:
        services.dossier_supplement(dossier=received, actor=received.applicant)
    assert error.value.code == "incomplete"
    assert error.value.message == f"Chưa đính kèm: {component.name}; Ảnh 3x4"
    received.refresh_from_db()
    assert received.state == State.SUPPLEMENT_REQUESTED
    assert SupplementRequest.objects.get().answered_at is None


def test_two_items_with_the_same_name_are_refused_so_each_file_answers_one_item(received, officer):
    with pytest.raises(DomainError) as error:
        services.dossier_request_supplement(
            dossier=received,
            officer=officer,
            reason="Thiếu giấy tờ",
            items=[
                {"name": "Bản sao căn cước", "note": "Của người chồng"},
                {"name": "bản sao căn cước", "note": "Của người vợ"},
            ],
        )
    assert error.value.code == "item_name"
    assert not SupplementRequest.objects.exists()


@pytest.mark.parametrize("index", [-1, 1, 7])
def test_a_file_for_a_supplement_row_that_does_not_exist_is_not_found(received, officer, index, media_files):
    dossier = _to(State.SUPPLEMENT_REQUESTED, received, officer)
    with pytest.raises(NotFound):
        services.supplement_file_add(dossier=dossier, actor=dossier.applicant, item_index=index, upload=pdf_upload())
    assert media_files() == []


def test_only_the_applicant_supplies_and_only_while_a_request_is_open(received, officer):
    with pytest.raises(DomainError) as error:
        services.supplement_file_add(dossier=received, actor=received.applicant, item_index=0, upload=pdf_upload())
    assert error.value.code == "no_supplement"
    dossier = _to(State.SUPPLEMENT_REQUESTED, received, officer)
    with pytest.raises(DomainError) as error:
        services.supplement_file_add(dossier=dossier, actor=citizen(), item_index=0, upload=pdf_upload())
    assert error.value.code == "forbidden"
    services.supplement_file_add(dossier=dossier, actor=dossier.applicant, item_index=0, upload=pdf_upload())
    with pytest.raises(DomainError) as error:
        services.dossier_supplement(dossier=dossier, actor=citizen())
    assert error.value.code == "forbidden"


def test_an_answered_supplement_file_can_no_longer_be_removed(received, officer):
    dossier = _to(State.SUPPLEMENT_REQUESTED, received, officer)
    row = services.supplement_file_add(dossier=dossier, actor=dossier.applicant, item_index=0, upload=pdf_upload())
    dossier = services.dossier_supplement(dossier=dossier, actor=dossier.applicant)
    with pytest.raises(DomainError) as error:
        services.dossier_file_remove(dossier_file=row, actor=dossier.applicant)
    assert error.value.code == "no_supplement"
    assert DossierFile.objects.filter(pk=row.pk).exists()
