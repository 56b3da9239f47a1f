"""The synthetic dossiers of the back-office benchmark (``dossiers.generate``), on a small province."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import StaffMembership, StaffRole, User
from motcua.catalogue.models import Agency
from motcua.dossiers import selectors
from motcua.dossiers.generate import PREFIX, WITH_OPEN_TASK, dossiers_generate, officer_for_bench
from motcua.dossiers.models import Dossier, DossierTask
from motcua.dossiers.workflow import State

SMALL = {"departments": 3, "communes": 5, "applicants": 40}


@pytest.fixture
def generated(db):
    return dossiers_generate(count=500, seed=7, batch=200, **SMALL)


def test_codes_are_unique_and_name_the_agency_and_day(generated):
    rows = list(Dossier.objects.values_list("code", "agency__code", "submitted_at"))
    assert len(rows) == generated.total == 500
    assert len({code for code, _, _ in rows}) == 500
    for code, agency_code, submitted in rows:
        assert re.fullmatch(rf"{re.escape(agency_code)}-\d{{6}}-\d{{4}}", code)
        assert code.split("-")[-2] == f"{timezone.localtime(submitted):%y%m%d}"


def test_states_are_mixed_like_a_real_year(generated):
    states = Counter(Dossier.objects.values_list("state", flat=True))
    assert states == Counter(generated.by_state) - Counter()  # the report counts what was written
    assert states[State.RETURNED] > 350
    assert 3 <= states[State.SUBMITTED] <= 25
    assert 20 <= sum(states[s] for s in WITH_OPEN_TASK) <= 80
    assert states[State.RESULT_READY] > 0
    assert State.DRAFT not in states


def test_every_dossier_past_reception_and_still_open_holds_exactly_one_open_step(generated):
    open_steps = Counter(DossierTask.objects.filter(finished_at__isnull=True).values_list("dossier_id", flat=True))
    assert set(open_steps.values()) == {1}
    for pk, state in Dossier.objects.values_list("pk", "state"):
        assert open_steps[pk] == (1 if state in WITH_OPEN_TASK else 0), state
    assert generated.open_tasks == len(open_steps)


def test_times_are_consistent_and_in_the_past(generated):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for dossier in Dossier.objects.all():
        assert midnight - timedelta(days=731) < dossier.submitted_at < midnight
        assert dossier.applicant_name and dossier.applicant_id_number and dossier.applicant_address
        assert (dossier.received_at is None) == (dossier.state in {State.SUBMITTED, State.REFUSED})
        moments = [dossier.submitted_at, dossier.received_at, dossier.finished_at, dossier.returned_at]
        present = [m for m in moments if m is not None]
        assert present == sorted(present), dossier.code
    for task in DossierTask.objects.select_related("dossier"):
        assert task.dossier.received_at <= task.started_at < midnight
        if task.finished_at is None:
            assert abs(task.due_at - timezone.now()) < timedelta(days=30)  # ±10 working days (Tết included)
        else:
            assert task.started_at <= task.finished_at <= (task.dossier.finished_at or midnight)


def test_finished_dossiers_went_through_every_step(generated):
    for dossier in Dossier.objects.filter(state__in=[State.RETURNED, State.RESULT_READY]).prefetch_related("tasks"):
        steps = sorted(dossier.tasks.all(), key=lambda t: t.position)
        assert [(t.position, t.outcome) for t in steps] == [(1, "forwarded"), (2, "forwarded"), (3, "finished")]
        assert steps[0].started_at == dossier.received_at and steps[-1].finished_at == dossier.finished_at


def test_the_queues_of_the_generated_officers_have_rows(generated):
    reception = officer_for_bench(StaffRole.RECEPTION)
    assert reception.username == generated.reception_username
    first = selectors.reception_queue_for_officer(officer=reception, limit=3)
    assert len(first.rows) == 3 and first.next_cursor
    assert {d.state for d in first.rows} == {State.SUBMITTED}
    following = selectors.reception_queue_for_officer(officer=reception, cursor=first.next_cursor, limit=3)
    assert following.rows and not {d.pk for d in following.rows} & {d.pk for d in first.rows}
    assert [d.submitted_at for d in first.rows + following.rows] == sorted(
        d.submitted_at for d in first.rows + following.rows
    )

    specialist = officer_for_bench(StaffRole.SPECIALIST)
    tasks = selectors.tasks_for_officer(officer=specialist, limit=500).rows
    assert tasks and all(t.finished_at is None and t.role == StaffRole.SPECIALIST for t in tasks)
    assert [t.due_at for t in tasks] == sorted(t.due_at for t in tasks)

    desks = User.objects.filter(username__startswith=f"{PREFIX}{StaffRole.RECEPTION}.")
    assert sum(len(selectors.results_to_return_for_officer(officer=o).rows) for o in desks) > 0


def test_a_second_run_adds_to_the_same_province(generated):
    agencies, officers = Agency.objects.count(), StaffMembership.objects.count()
    again = dossiers_generate(count=120, seed=7, batch=50, **SMALL)
    assert (again.created, again.total) == (120, 620)
    assert (Agency.objects.count(), StaffMembership.objects.count()) == (agencies, officers)
    assert Dossier.objects.values("code").distinct().count() == 620


def test_the_loaded_catalogue_is_used_and_completed(demo_catalogue):
    report = dossiers_generate(count=200, seed=1, **SMALL)
    centre = Agency.objects.get(code="000.00.33.H34")  # Trung tâm Phục vụ hành chính công tỉnh (demo)
    departments = Agency.objects.filter(level=Agency.Level.DEPARTMENT)
    assert departments.count() == 13  # the demo's Sở and Ban, more than asked: none added
    assert set(departments.values_list("served_by", flat=True)) == {centre.pk}
    assert Agency.objects.filter(level__in=[Agency.Level.COMMUNE, Agency.Level.DISTRICT]).count() == 5
    assert report.reception_username == f"{PREFIX}reception.000.00.33.H34"
    assert Dossier.objects.filter(procedure__code__startswith="1.").exists()  # the demo's real procedures
