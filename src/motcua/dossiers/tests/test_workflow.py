import pytest

from motcua.core.errors import DomainError
from motcua.dossiers import workflow
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.core import dossier_transition
from motcua.dossiers.workflow import RESUME, TRANSITIONS, Action, State

from .factories import ProcedureFactory, citizen, officer_of

ACTIONS = [action for action in TRANSITIONS if action != Action.SUBMIT]


def test_national_status_codes_are_exact():
    assert {state: workflow.national_code(state) for state in State} == {
        "draft": None,
        "submitted": 1,
        "received": 2,
        "refused": 3,
        "processing": 4,
        "supplement_requested": 5,
        "awaiting_payment": 6,
        "withdrawn": 7,
        "stopped": 8,
        "result_ready": 9,
        "returned": 10,
    }
    assert workflow.state_label(State.SUBMITTED) == "Mới đăng ký"
    assert workflow.state_label(State.RETURNED) == "Đã trả kết quả"


def test_every_transition_is_well_formed():
    for transition in TRANSITIONS.values():
        assert transition.sources <= set(State)
        assert transition.to in set(State) | {RESUME}
        assert transition.roles
        assert (transition.to == RESUME) == (transition.resumes is not None)
    assert set(TRANSITIONS) | workflow.RECORDED_ACTIONS == set(Action)
    assert not set(TRANSITIONS) & workflow.RECORDED_ACTIONS


def _force_state(dossier: Dossier, state: str) -> Dossier:
    """Test setup only: put a submitted dossier straight into ``state``."""
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


def _actor_for(transition, dossier, officer):
    return dossier.applicant if workflow.Role.APPLICANT in transition.roles else officer


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", list(State))
def test_each_action_from_each_state(action, state, submitted, officer):
    transition = TRANSITIONS[action]
    actor = _actor_for(transition, submitted, officer)
    if state not in transition.sources:
        dossier = _force_state(submitted, state)
        with pytest.raises(DomainError) as error:
            dossier_transition(dossier=dossier, action=action, actor=actor)
        assert error.value.code == "illegal_transition"
        assert "Không thể thực hiện" in error.value.message
        assert State(state).label in error.value.message
        dossier.refresh_from_db()
        assert dossier.state == state
        assert not dossier.events.filter(action=action).exists()
        return

    if transition.to == RESUME:  # a pause is entered through its own action, from each of its sources
        pause = TRANSITIONS[transition.resumes]
        for before in sorted(pause.sources):
            dossier = _force_state(submitted, before)
            dossier = dossier_transition(dossier=dossier, action=pause.action, actor=officer, note="thiếu")
            dossier = dossier_transition(dossier=dossier, action=action, actor=actor)
            assert dossier.state == before
            event = dossier.events.order_by("-id").first()
            assert (event.action, event.from_state, event.to_state) == (action, state, before)
        return

    dossier = _force_state(submitted, state)
    dossier = dossier_transition(dossier=dossier, action=action, actor=actor, note="ghi chú")
    assert dossier.state == transition.to
    assert Dossier.objects.get(pk=dossier.pk).state == transition.to
    event = dossier.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == (action, state, transition.to)
    assert event.actor == actor
    assert event.actor_label == str(actor)
    assert event.note == "ghi chú"
    assert event.at.tzinfo is not None


def test_full_happy_path_stamps_times_and_keeps_history(submitted, officer):
    dossier = submitted
    for action in ("receive", "start_processing", "finish", "return_result"):
        dossier = dossier_transition(dossier=dossier, action=action, actor=officer)
    assert dossier.state == State.RETURNED
    assert dossier.submitted_at <= dossier.received_at <= dossier.finished_at <= dossier.returned_at
    assert list(dossier.events.values_list("action", flat=True)) == [
        "submit",
        "receive",
        "start_processing",
        "finish",
        "return_result",
    ]


def test_supplement_during_processing_goes_back_to_processing(submitted, officer):
    dossier = dossier_transition(dossier=submitted, action="receive", actor=officer)
    dossier = dossier_transition(dossier=dossier, action="start_processing", actor=officer)
    dossier = dossier_transition(dossier=dossier, action="request_supplement", actor=officer)
    assert workflow.national_code(dossier.state) == 5
    dossier = dossier_transition(dossier=dossier, action="supplement", actor=dossier.applicant)
    assert dossier.state == State.PROCESSING
    assert dossier.code == submitted.code  # supplementing never changes the code


def test_payment_confirmed_by_system_callback(submitted, officer):
    dossier = dossier_transition(dossier=submitted, action="receive", actor=officer)
    dossier = dossier_transition(dossier=dossier, action="request_payment", actor=officer)
    dossier = dossier_transition(dossier=dossier, action="pay", actor=None)
    assert dossier.state == State.RECEIVED
    assert dossier.events.order_by("-id").first().actor_label == "Hệ thống"


@pytest.mark.parametrize(
    ("action", "who"),
    [
        ("receive", "applicant"),
        ("receive", "stranger"),
        ("receive", "other_officer"),
        ("receive", None),
        ("withdraw", "officer"),
        ("withdraw", "stranger"),
    ],
)
def test_only_the_right_people_may_act(action, who, submitted, officer):
    other_agency_officer = officer_of(ProcedureFactory().agency)
    actor = {
        "applicant": submitted.applicant,
        "stranger": citizen(),
        "officer": officer,
        "other_officer": other_agency_officer,
        None: None,
    }[who]
    with pytest.raises(DomainError) as error:
        dossier_transition(dossier=submitted, action=action, actor=actor)
    assert error.value.code == "forbidden"
    assert "không có quyền" in error.value.message
    assert DossierEvent.objects.filter(dossier=submitted).count() == 1


def test_submit_is_not_a_plain_transition(draft):
    with pytest.raises(DomainError) as error:
        dossier_transition(dossier=draft, action="submit", actor=draft.applicant)
    assert error.value.code == "use_submit"


def test_unknown_action(submitted, officer):
    with pytest.raises(DomainError) as error:
        dossier_transition(dossier=submitted, action="approve_everything", actor=officer)
    assert error.value.code == "unknown_action"


def test_allowed_actions_for_buttons():
    assert workflow.allowed_actions(state=State.SUBMITTED, role=workflow.Role.APPLICANT) == ["withdraw"]
    assert set(workflow.allowed_actions(state=State.SUBMITTED, role=workflow.Role.OFFICER)) == {
        "receive",
        "refuse",
        "request_supplement",
    }
