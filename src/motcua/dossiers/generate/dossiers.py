"""The synthetic dossiers themselves, in batches (see ``generate``)."""

import random
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import reset_queries, transaction
from django.db.models import DateTimeField
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.catalogue.models import Agency
from motcua.workdays.calendar import CalendarOutOfRange, is_working_day
from motcua.workdays.selectors import calendar_for

from ..models import Dossier, DossierTask, ResultDelivery, TaskOutcome
from ..services.processing import DEFAULT_WORKFLOW, StepSpec
from ..workflow import State
from .province import (
    DAYS_BACK,
    DEPARTMENT_SHARE,
    STATE_SHARES,
    WITH_OPEN_TASK,
    GenerateReport,
    _applicants,
    _officers,
    _Person,
    _Procedure,
    _procedures,
    _Province,
    _province,
    _rng,
    _walk_in,
    officer_username,
)


# --- Time ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Clock:
    midnight: datetime  # today 00:00 local: every generated moment is before it
    due_days: list[date]  # the 10 working days before today and today with the 10 after: open steps fall due then

    def before(self, moment: datetime) -> datetime:
        return min(moment, self.midnight - timedelta(minutes=1))


def _clock() -> _Clock:
    today = timezone.localdate()
    calendar = calendar_for()

    def working(day: date) -> bool:
        try:
            return is_working_day(day=day, calendar=calendar)
        except CalendarOutOfRange:
            return day.weekday() < 5

    around = [today + timedelta(days=d) for d in range(-30, 31)]
    past = [d for d in around if d < today and working(d)][-10:]
    ahead = [d for d in around if d >= today and working(d)][:11]
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    return _Clock(midnight=midnight, due_days=past + ahead)


def _office_moment(day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    return local + timedelta(hours=7.5 + rng.random() * 9.5)


# --- Codes -----------------------------------------------------------------------------------------------------
def _code_counters() -> dict[tuple[str, str], int]:
    """The highest number already given per (unit code, day), from the codes in the database."""
    counters: dict[tuple[str, str], int] = {}
    for code in Dossier.objects.filter(code__isnull=False).values_list("code", flat=True).iterator(chunk_size=20000):
        unit, day, number = [*code.rsplit("-", 2), "", ""][:3]
        if number.isdigit():
            key = (unit, day)
            counters[key] = max(counters.get(key, 0), int(number))
    return counters


def _code_next(counters: dict[tuple[str, str], int], unit: str, day: date) -> str:
    """The next code of ``unit`` on ``day`` after the numbers in ``counters`` (which it advances)."""
    key = (unit, f"{day:%y%m%d}")
    number = counters.get(key, 0) + 1
    counters[key] = number
    return f"{unit}-{key[1]}-{number:04d}"


# --- Dossiers --------------------------------------------------------------------------------------------------
@contextmanager
def _own_timestamps(*fields: DateTimeField) -> Iterator[None]:
    """Let ``bulk_create`` keep the generated ``created_at`` / ``updated_at`` instead of stamping "now" on both.

    Flips the fields' auto flags for the duration of the insert (single-threaded command; restored afterwards).
    ``fields``: other auto-stamped fields to keep (default: the dossier's two).
    """
    fields = fields or (Dossier._meta.get_field("created_at"), Dossier._meta.get_field("updated_at"))
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=low + rng.random() * (high - low))


def _duration_days(procedure: _Procedure) -> float:
    value = float(procedure.duration)
    if procedure.unit == "working_hours":
        return value / 8 * 1.4
    return value * (1.4 if procedure.unit == "working_days" else 1.0)


def _closed_steps(
    specs: Sequence[StepSpec], *, agency: Agency, state: str, start: datetime, end: datetime
) -> list[DossierTask]:
    """The closed steps ``specs`` between ``start`` and ``end``, each given its share of the time."""
    budget = sum(float(spec.budget_hours) for spec in specs)
    tasks, at = [], start
    for spec in specs:
        last = spec is specs[-1]
        finished = end if last else at + (end - start) * (float(spec.budget_hours) / budget)
        if not last:
            outcome = TaskOutcome.FORWARDED
        elif state in (State.RESULT_READY, State.RETURNED):
            outcome = TaskOutcome.FINISHED
        elif state in WITH_OPEN_TASK:
            outcome = TaskOutcome.FORWARDED
        else:
            outcome = TaskOutcome.CLOSED
        tasks.append(
            DossierTask(
                step_id=spec.step_id,
                position=spec.position,
                name=spec.name,
                agency_id=spec.agency_id or agency.pk,
                role=spec.role,
                signs_result=spec.signs_result,
                handed_by_label="Cán bộ tiếp nhận" if spec.position == 1 else "Chuyên viên xử lý",
                started_at=at,
                due_at=at + timedelta(days=float(spec.budget_hours) / 8 * 1.4),
                finished_at=finished,
                finished_by_label=StaffRole(spec.role).label,
                outcome=outcome,
            )
        )
        at = finished
    return tasks


@dataclass
class _Batch:
    rng: random.Random
    province: _Province
    clock: _Clock
    people: list[_Person]
    counters: dict[tuple[str, str], int]
    agencies: list[Agency]
    cum_weights: list[float]
    states: list[str]
    state_weights: list[float]
    history: bool

    def rows(self, n: int) -> list[tuple[Dossier, list[DossierTask]]]:
        rng = self.rng
        agencies = rng.choices(self.agencies, cum_weights=self.cum_weights, k=n)
        states = rng.choices(self.states, cum_weights=self.state_weights, k=n)
        return [self.row(agency, state) for agency, state in zip(agencies, states, strict=True)]

    def row(self, agency: Agency, state: str) -> tuple[Dossier, list[DossierTask]]:
        rng, clock = self.rng, self.clock
        procedure = rng.choice(self.province.procedures[agency.pk])
        span = _duration_days(procedure)
        at_counter = state != State.SUBMITTED and rng.random() < 0.12  # walk-ins are received at once
        person = _walk_in(rng, self.province.communes) if at_counter else rng.choice(self.people)
        received = finished = returned = due = None
        task = None
        steps = 0  # steps of the internal process done (closed), before the open one if any
        version = 1
        if state == State.SUBMITTED:
            submitted = clock.midnight - _days(rng, 0.01, 14)
        elif state in WITH_OPEN_TASK:
            task = self.task(agency, state)
            received = task.started_at - (timedelta(0) if task.position == 1 else _days(rng, 0.1, span / 2 + 0.5))
            submitted = received - _days(rng, 0.02, 2)
            due = received + _days(rng, span * 0.9, span * 1.1)  # the appointment date may be ahead
            version = 2 + task.position + (1 if state != State.RECEIVED else 0)
            steps = task.position - 1
        elif state == State.RESULT_READY:
            finished = clock.midnight - _days(rng, 0.01, 20)
            received = finished - _days(rng, span * 0.3, span * 1.2)
            submitted = received - _days(rng, 0.02, 2)
            due = received + timedelta(days=span)
            version = 6
            steps = len(DEFAULT_WORKFLOW)
        else:
            submitted = clock.midnight - _days(rng, 20, DAYS_BACK)
            if state == State.REFUSED:
                finished = submitted + _days(rng, 0.05, 2)
                version = 2
            else:
                received = submitted + _days(rng, 0.02, 2)
                due = received + timedelta(days=span)
                finished = received + _days(rng, span * 0.2, span * 1.15)
                version = 3 if state != State.RETURNED else 7
                steps = len(DEFAULT_WORKFLOW) if state == State.RETURNED else rng.randint(1, len(DEFAULT_WORKFLOW))
                if state == State.RETURNED:
                    returned = finished + _days(rng, 0.05, 6)
        submitted = clock.before(submitted)
        received, finished, returned = (clock.before(m) if m else None for m in (received, finished, returned))
        last = returned or finished or (task.started_at if task else None) or received or submitted
        delivery = rng.choices([ResultDelivery.ONLINE, ResultDelivery.COUNTER, ResultDelivery.POST], [6, 3, 1])[0]
        dossier = Dossier(
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            code=self.code(agency, submitted),
            procedure_id=procedure.id,
            case_id=procedure.case_id,
            agency_id=agency.pk,
            **person.applicant_fields(),
            result_delivery=delivery,
            result_address=person.address if delivery == ResultDelivery.POST else "",
            fee_total=procedure.fee,
            duration_value=procedure.duration,
            duration_unit=procedure.unit,
            state=state,
            submitted_at=submitted,
            received_at=received,
            due_at=due,
            finished_at=finished,
            returned_at=returned,
            verified_by_vneid=person.vneid and not at_counter,
            version=version,
            received_at_counter=at_counter,
            entered_by_id=self.province.desk[agency.pk] if at_counter else None,
            return_note="Nhận trực tiếp tại quầy" if returned and delivery == ResultDelivery.COUNTER else "",
            created_at=submitted - _days(rng, 0.001, 0.1 if at_counter else 3),
            updated_at=last,
        )
        tasks = []
        if steps and self.history:
            until = task.started_at if task is not None else finished
            tasks = self.done(agency, state, steps, received, until)
        if task is not None:
            tasks.append(task)
        return dossier, tasks

    def done(self, agency: Agency, state: str, steps: int, start: datetime, end: datetime) -> list[DossierTask]:
        return _closed_steps(DEFAULT_WORKFLOW[:steps], agency=agency, state=state, start=start, end=end)

    def task(self, agency: Agency, state: str) -> DossierTask:
        rng = self.rng
        # Received, waiting for a supplement or a payment: at the first step; in processing: anywhere.
        spec = rng.choices(DEFAULT_WORKFLOW, [60, 25, 15])[0] if state == State.PROCESSING else DEFAULT_WORKFLOW[0]
        at = agency
        if spec.position == 1 and agency.level == Agency.Level.DEPARTMENT and rng.random() < 0.03:
            at = rng.choice(self.province.departments)  # an inter-agency step (liên thông)
        due = _office_moment(rng.choice(self.clock.due_days), rng)
        started = self.clock.before(
            due - _days(rng, float(spec.budget_hours) / 8 * 1.4, float(spec.budget_hours) / 4 + 1)
        )
        return DossierTask(
            position=spec.position,
            name=spec.name,
            agency=at,
            role=spec.role,
            signs_result=spec.signs_result,
            handed_by_label="Cán bộ tiếp nhận" if spec.position == 1 else "Chuyên viên xử lý",
            started_at=started,
            due_at=due,
        )

    def code(self, agency: Agency, submitted: datetime) -> str:
        return _code_next(self.counters, agency.code, submitted.astimezone(self.clock.midnight.tzinfo).date())


def _agency_weights(province: _Province) -> list[float]:
    """Cumulative weights: a few busy Sở and communes, a long tail (Zipf-like), departments 35 % in all."""
    departments = [1 / (rank + 1) ** 0.8 for rank in range(len(province.departments))]
    communes = [1 / (rank + 1) ** 0.5 for rank in range(len(province.communes))]
    scale_d = DEPARTMENT_SHARE / sum(departments) if departments else 0
    scale_c = (1 - DEPARTMENT_SHARE) / sum(communes) if communes else 0
    weights = [w * scale_d for w in departments] + [w * scale_c for w in communes]
    total, cumulative = 0.0, []
    for w in weights:
        total += w
        cumulative.append(total)
    return cumulative


def dossiers_generate(
    *,
    count: int,
    seed: int = 1,
    batch: int = 5000,
    progress: Callable[[int, int], None] | None = None,
    departments: int = 20,
    communes: int = 100,
    applicants: int = 1000,
    history: bool = True,
) -> GenerateReport:
    """Add ``count`` synthetic dossiers (see the module docstring); ``progress(done, count)`` after each batch.

    ``history``: also write the closed steps before the current one (finished dossiers went through all three),
    as a real task table holds them (~3 rows per dossier, outside the open-task index but in the table).
    """
    started = time.perf_counter()
    rng = _rng(f"province:{seed}")
    province = _province(departments=departments, communes=communes)
    _procedures(province, rng)
    _officers(province)
    people = _applicants(province, applicants)
    clock = _clock()
    counters = _code_counters()
    before = Dossier.objects.count()
    states = [str(state) for state in STATE_SHARES]
    cum_states, total = [], 0.0
    for state in states:
        total += STATE_SHARES[state]
        cum_states.append(total)
    batch_rows = _Batch(
        rng=rng,
        province=province,
        clock=clock,
        people=people,
        counters=counters,
        agencies=province.receiving,
        cum_weights=_agency_weights(province),
        states=states,
        state_weights=cum_states,
        history=history,
    )
    by_state = dict.fromkeys(states, 0)
    done = open_tasks = all_tasks = 0
    while done < count:
        size = min(batch, count - done)
        batch_rows.rng = _rng(f"dossiers:{seed}:{before + done}")
        rows = batch_rows.rows(size)
        with transaction.atomic(), _own_timestamps():
            dossiers = Dossier.objects.bulk_create([dossier for dossier, _ in rows], batch_size=size)
            tasks = []
            for dossier, (_, steps) in zip(dossiers, rows, strict=True):
                by_state[dossier.state] += 1
                for task in steps:
                    task.dossier = dossier
                    tasks.append(task)
            DossierTask.objects.bulk_create(tasks, batch_size=size)
        open_tasks += sum(1 for task in tasks if task.finished_at is None)
        all_tasks += len(tasks)
        done += size
        del rows, dossiers, tasks
        reset_queries()  # with DEBUG on, the query log would keep every INSERT
        if progress is not None:
            progress(done, count)
    busiest = province.departments[0] if province.departments else province.communes[0]
    return GenerateReport(
        created=count,
        total=before + count,
        open_tasks=open_tasks,
        tasks=all_tasks,
        by_state=by_state,
        seconds=time.perf_counter() - started,
        agencies=len(province.receiving),
        reception_username=officer_username(StaffRole.RECEPTION, province.centre),
        specialist_username=officer_username(StaffRole.SPECIALIST, busiest),
    )
