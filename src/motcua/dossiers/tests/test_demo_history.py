"""The demo's year of history (``dossiers_load_demo_history``) on the demo catalogue and accounts, after the four
live dossiers of the demo business — as ``motcua demo`` loads them."""

import re
from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from motcua.accounts.demo import (
    AGRICULTURE,
    DEMO_BUSINESS,
    DEMO_RECEPTION_OFFICER,
    DEMO_SPECIALIST,
    accounts_load_demo,
)
from motcua.accounts.models import User
from motcua.dossiers.demo import dossiers_load_demo
from motcua.dossiers.demo_history import KEY, dossiers_load_demo_history
from motcua.dossiers.models import Dossier, DossierEvent, DossierTask, SatisfactionSurvey, SupplementRequest
from motcua.dossiers.selectors import reception_queue_for_officer, tasks_for_officer
from motcua.dossiers.selectors.applicant import dossier_transactions_for_applicant
from motcua.dossiers.workflow import FINISHED_STATES, State
from motcua.workdays.calendar import VIETNAM, Duration, due_at, is_working_day, shift_due, working_time_between
from motcua.workdays.selectors import CalendarCache

pytestmark = pytest.mark.django_db
ENDED = {State.RETURNED, State.REFUSED, State.WITHDRAWN, State.STOPPED}


@pytest.fixture
def demo(demo_catalogue, settings, tmp_path) -> date:
    """The demo as loaded before the history: catalogue, accounts, the live dossiers. Returns today."""
    settings.VAR_DIR = tmp_path
    accounts_load_demo()
    dossiers_load_demo(
        applicant_username=DEMO_BUSINESS[1],
        reception_username=DEMO_RECEPTION_OFFICER,
        specialist_username=DEMO_SPECIALIST,
    )
    return timezone.localdate()


@pytest.fixture
def history(demo) -> date:
    assert dossiers_load_demo_history(today=demo) == 600
    return demo


def history_dossiers():
    return Dossier.objects.filter(idempotency_key__startswith=f"{KEY}-")


def test_a_second_load_adds_nothing_whatever_the_seed(history):
    before = {model: model.objects.count() for model in (Dossier, DossierTask, DossierEvent, SatisfactionSurvey)}
    assert dossiers_load_demo_history(today=history) == 0
    assert dossiers_load_demo_history(today=history, seed=1) == 0
    assert {model: model.objects.count() for model in before} == before


def test_the_history_is_finished_business_only_and_fills_no_queue(demo):
    reception = User.objects.get(username=DEMO_RECEPTION_OFFICER)
    specialist = User.objects.get(username=DEMO_SPECIALIST)
    queue = [d.code for d in reception_queue_for_officer(officer=reception, limit=50).rows]
    work = [t.pk for t in tasks_for_officer(officer=specialist, limit=50).rows]
    open_steps = DossierTask.objects.filter(finished_at__isnull=True).count()

    dossiers_load_demo_history(today=demo)

    assert set(history_dossiers().values_list("state", flat=True)) == ENDED
    assert not history_dossiers().filter(finished_at__isnull=True).exists()
    assert not DossierTask.objects.filter(dossier__in=history_dossiers(), finished_at__isnull=True).exists()
    assert DossierTask.objects.filter(finished_at__isnull=True).count() == open_steps
    assert [d.code for d in reception_queue_for_officer(officer=reception, limit=50).rows] == queue
    assert [t.pk for t in tasks_for_officer(officer=specialist, limit=50).rows] == work
    for dossier in history_dossiers().filter(state=State.RETURNED).prefetch_related("tasks"):
        steps = sorted(dossier.tasks.all(), key=lambda t: t.position)
        assert steps[-1].outcome == "finished" and steps[-1].finished_at == dossier.finished_at
        assert steps[0].started_at == dossier.received_at and dossier.returned_at >= dossier.finished_at


def test_codes_name_the_unit_and_day_and_continue_after_the_numbers_already_given(demo):
    dossiers_load_demo_history(today=demo)
    first = history_dossiers().order_by("id").first()
    unit, day, _ = first.code.rsplit("-", 2)
    procedure_id, agency_id = first.procedure_id, first.agency_id
    history_dossiers().delete()
    Dossier.objects.create(
        procedure_id=procedure_id, agency_id=agency_id, state=State.REFUSED, code=f"{unit}-{day}-0041"
    )

    dossiers_load_demo_history(today=demo)  # the same history again: its first dossier is on that unit and day

    rows = list(history_dossiers().values_list("code", "agency__code", "submitted_at"))
    assert len({code for code, _, _ in rows}) == len(rows) == 600
    for code, agency_code, submitted in rows:
        assert re.fullmatch(rf"{re.escape(agency_code)}-\d{{6}}-\d{{4}}", code)
        assert code.split("-")[1] == f"{submitted.astimezone(VIETNAM):%y%m%d}"
    numbers = [int(code[-4:]) for code, _, _ in rows if code.startswith(f"{unit}-{day}-")]
    assert numbers and min(numbers) == 42


def test_the_demo_business_gets_a_few_of_its_own_and_its_live_dossiers_stay_on_top(history):
    business = User.objects.get(username=DEMO_BUSINESS[1])
    mine = history_dossiers().filter(applicant__isnull=False)
    assert 1 <= mine.count() <= 10 and set(mine.values_list("applicant_id", flat=True)) == {business.pk}
    assert set(mine.values_list("applicant_name", flat=True)) == {DEMO_BUSINESS[2]}
    # At its own Sở, as its live dossiers: not on the land procedure the payments demo adds for it.
    assert set(mine.values_list("agency__code", flat=True)) == {AGRICULTURE}
    listed = list(dossier_transactions_for_applicant(user=business)[:4])
    assert [d.idempotency_key for d in listed] == ["demo-4", "demo-3", "demo-2", "demo-1"]


def test_every_moment_is_on_a_working_day_in_office_hours_within_the_year(history):
    start, calendars = date(history.year - 1, history.month, 1), CalendarCache()
    months = Counter()
    for dossier in history_dossiers().select_related("agency").prefetch_related("events", "tasks"):
        calendar = calendars.of(dossier.agency)
        moments = [dossier.submitted_at, dossier.received_at, dossier.finished_at, dossier.returned_at]
        moments += [event.at for event in dossier.events.all()]
        moments += [m for task in dossier.tasks.all() for m in (task.started_at, task.finished_at)]
        for moment in filter(None, moments):
            local = moment.astimezone(VIETNAM)
            assert start <= local.date() < history, dossier.code
            assert is_working_day(day=local.date(), calendar=calendar), dossier.code
            periods = calendar.office_hours.periods
            assert any(opens <= local.time() <= closes for opens, closes in periods), (dossier.code, local)
        months[f"{dossier.submitted_at.astimezone(VIETNAM):%Y-%m}"] += 1
    assert len(months) >= 12 and min(months[m] for m in sorted(months)[:12]) >= 15  # every full month has some


def test_the_due_date_is_reception_s_and_moves_by_the_supplement_time_the_applicant_took(history):
    calendars = CalendarCache()
    received = history_dossiers().filter(received_at__isnull=False).select_related("agency")
    moved = 0
    for dossier in received.prefetch_related("supplement_requests"):
        calendar = calendars.of(dossier.agency)
        duration = Duration(dossier.duration_value, dossier.duration_unit)
        expected = due_at(start=dossier.received_at, duration=duration, calendar=calendar)
        for request in dossier.supplement_requests.all():
            paused = working_time_between(start=request.requested_at, end=request.answered_at, calendar=calendar)
            expected = shift_due(due=expected, paused=paused, calendar=calendar)
            moved += 1
        assert dossier.due_at == expected, dossier.code
    assert moved >= 20


def test_the_mix_looks_like_a_year_of_a_province(history):
    dossiers = history_dossiers()
    states = Counter(dossiers.values_list("state", flat=True))
    assert states[State.RETURNED] >= 500 and all(states[s] > 0 for s in ENDED)
    assert set(states) <= FINISHED_STATES
    online = dossiers.filter(received_at_counter=False, post_pickup=False).count()
    assert 0.5 <= online / 600 <= 0.7 and dossiers.filter(post_pickup=True).exists()
    walk_ins = dossiers.filter(received_at_counter=True)
    assert walk_ins.count() > 100 and not walk_ins.filter(applicant__isnull=False).exists()
    assert all(name.strip() for name in dossiers.values_list("applicant_name", flat=True))
    assert dossiers.values("applicant_name").distinct().count() > 200
    surveys = SatisfactionSurvey.objects.filter(dossier__in=dossiers)
    assert 0.2 <= surveys.count() / states[State.RETURNED] <= 0.4
    ratings = Counter(surveys.values_list("overall", flat=True))
    assert ratings["dissatisfied"] > 0 and ratings["dissatisfied"] < ratings["very_satisfied"] + ratings["satisfied"]
    assert SupplementRequest.objects.filter(dossier__in=dossiers, answered_at__isnull=True).count() == 0
