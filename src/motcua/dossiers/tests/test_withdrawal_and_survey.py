from datetime import datetime

import pytest

from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent, SatisfactionSurvey
from motcua.dossiers.services.core import dossier_transition
from motcua.dossiers.workflow import State
from motcua.workdays.calendar import VIETNAM

from .factories import citizen


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


# --- Withdrawal -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "  "])
def test_withdrawal_needs_a_reason(submitted, reason):
    with pytest.raises(DomainError) as error:
        services.dossier_withdraw(dossier=submitted, actor=submitted.applicant, reason=reason)
    assert error.value.code == "reason_required"
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.SUBMITTED, State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED])
def test_the_applicant_withdraws_an_open_dossier(clock, submitted, officer, state):
    dossier = submitted
    if state != State.SUBMITTED:
        dossier = _to(state, services.dossier_receive(dossier=submitted, officer=officer), officer)
    assert dossier.state == state
    dossier = services.dossier_withdraw(dossier=dossier, actor=dossier.applicant, reason="  Đã nộp nhầm thủ tục ")
    assert dossier.state == State.WITHDRAWN
    assert dossier.finished_at is not None
    event = dossier.events.order_by("-id").first()
    assert (event.action, event.from_state, event.note, event.actor) == (
        "withdraw",
        state,
        "Đã nộp nhầm thủ tục",
        dossier.applicant,
    )


@pytest.mark.parametrize("state", [State.RESULT_READY, State.RETURNED])
def test_withdrawal_is_refused_once_the_dossier_is_finished(received, officer, state):
    dossier = _to(state, received, officer)
    with pytest.raises(DomainError) as error:
        services.dossier_withdraw(dossier=dossier, actor=dossier.applicant, reason="Không cần nữa")
    assert error.value.code == "illegal_transition"
    dossier.refresh_from_db()
    assert dossier.state == state


def test_only_the_applicant_withdraws(submitted, officer):
    for actor in (officer, citizen()):
        with pytest.raises(DomainError) as error:
            services.dossier_withdraw(dossier=submitted, actor=actor, reason="Không cần nữa")
        assert error.value.code == "forbidden"
    assert not DossierEvent.objects.filter(action="withdraw").exists()


# --- Satisfaction survey ----------------------------------------------------------------------------------
ALL_GOOD = {key: 2 for key, _ in services.SURVEY_CRITERIA}


def _survey(dossier, actor=None, scores=ALL_GOOD, convenience="satisfied", overall="very_satisfied", comment=""):
    return services.dossier_survey_submit(
        dossier=dossier,
        actor=actor or dossier.applicant,
        scores=scores,
        convenience=convenience,
        overall=overall,
        comment=comment,
    )


def test_the_survey_has_nine_criteria_scored_two_one_zero():
    assert len(services.SURVEY_CRITERIA) == 9
    assert len({key for key, _ in services.SURVEY_CRITERIA}) == 9
    assert set(services.SURVEY_SCORES) == {0, 1, 2}


@pytest.mark.parametrize("state", [State.RESULT_READY, State.RETURNED])
def test_the_applicant_rates_a_dossier_with_a_result_once(received, officer, state):
    dossier = _to(state, received, officer)
    scores = ALL_GOOD | {"trips": 0, "attitude": 1}
    survey = _survey(dossier, scores=scores, comment="  Cán bộ hướng dẫn nhiệt tình  ")
    assert SatisfactionSurvey.objects.get() == survey
    assert (survey.scores, survey.convenience, survey.overall, survey.comment) == (
        scores,
        "satisfied",
        "very_satisfied",
        "Cán bộ hướng dẫn nhiệt tình",
    )
    assert list(survey.scores) == [key for key, _ in services.SURVEY_CRITERIA]
    with pytest.raises(DomainError) as error:
        _survey(dossier, scores={key: 0 for key in ALL_GOOD}, overall="dissatisfied")
    assert error.value.code == "already"
    assert SatisfactionSurvey.objects.get().overall == "very_satisfied"


@pytest.mark.parametrize("state", [State.RECEIVED, State.PROCESSING, State.SUPPLEMENT_REQUESTED])
def test_the_survey_is_refused_before_the_result(received, officer, state):
    dossier = _to(state, received, officer)
    with pytest.raises(DomainError) as error:
        _survey(dossier)
    assert error.value.code == "too_early"
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize(
    "scores",
    [
        {key: 2 for key in list(ALL_GOOD)[:8]},
        ALL_GOOD | {"extra": 2},
        ALL_GOOD | {"fees": 3},
        ALL_GOOD | {"fees": -1},
        ALL_GOOD | {"fees": "2"},
        ALL_GOOD | {"fees": None},
        {},
    ],
    ids=["eight_criteria", "unknown_criterion", "score_3", "score_negative", "score_text", "score_none", "empty"],
)
def test_the_survey_needs_every_criterion_scored_two_one_or_zero(received, officer, scores):
    dossier = _to(State.RESULT_READY, received, officer)
    with pytest.raises(DomainError) as error:
        _survey(dossier, scores=scores)
    assert error.value.code == "scores"
    assert not SatisfactionSurvey.objects.exists()


@pytest.mark.parametrize(("convenience", "overall"), [("great", "satisfied"), ("satisfied", ""), ("", "")])
def test_the_survey_needs_known_ratings(received, officer, convenience, overall):
    dossier = _to(State.RESULT_READY, received, officer)
    with pytest.raises(DomainError) as error:
        _survey(dossier, convenience=convenience, overall=overall)
    assert error.value.code == "rating"
    assert not SatisfactionSurvey.objects.exists()


def test_only_the_applicant_rates(received, officer):
    dossier = _to(State.RESULT_READY, received, officer)
    for actor in (citizen(), officer):
        with pytest.raises(DomainError) as error:
            _survey(dossier, actor=actor)
        assert error.value.code == "forbidden"
    assert not SatisfactionSurvey.objects.exists()
