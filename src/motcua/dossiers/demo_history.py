"""A year of finished demo business, so the statistics pages show real figures from the first start.

``dossiers_load_demo_history`` adds ~600 dossiers for the demo catalogue's procedures in force, each at the agency
that takes it, on the working days and office hours (``workdays``, the agency's calendar) of the 12 full months
before today and this month so far — more in busy months, on Mondays, at the communes and the demo leader's Sở.
All were finished before today (returned, refused, withdrawn, stopped): no open step, nothing in any queue. The
appointment date is computed as reception computes it, from the channel's duration; a supplement request moves it
by the office time the applicant took, as answering one does; the result comes before, on or after it. The
statistics judge early / on time / late from those dates, as for any dossier.

Applicants: people with no account here (walk-ins at the counter; online ones with the e-ID data they gave), and a
few online dossiers of the demo business (``BUSINESS_DOSSIERS``: its live ones stay on top of its list). A third of
the returned dossiers have a survey. Rows are built like the benchmark generator's (``generate``: codes, closed
steps) plus events, supplement requests, surveys. Not written: files, results, payments, audit entries.

Idempotent: the dossiers carry the idempotency keys ``demo-history-NNNN``; once one exists nothing is added. One
transaction, announced to the ``hooks.on_bulk_write`` listeners (the statistics mark the dossiers for refresh).
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.db import transaction
from django.utils import timezone

from motcua.accounts.demo import AGRICULTURE, DEMO_BUSINESS
from motcua.accounts.models import StaffMembership, StaffRole, User
from motcua.catalogue.models import Agency, Channel, OnlineLevel, Procedure
from motcua.workdays.calendar import (
    VIETNAM,
    Duration,
    WorkCalendar,
    due_at,
    is_working_day,
    shift_due,
    working_time_between,
)
from motcua.workdays.selectors import CalendarCache

from .generate.dossiers import _closed_steps, _code_counters, _code_next, _own_timestamps
from .generate.province import _Person, _person, _rng, _walk_in
from .hooks import bulk_write_notify
from .models import Dossier, DossierEvent, DossierTask, ResultDelivery, SatisfactionSurvey, SupplementRequest
from .services import SURVEY_CRITERIA, StepSpec, online_channel, workflow_for_case
from .services.counter import _counter_channel
from .services.drafts import _account_snapshot
from .workflow import Action, State

KEY = "demo-history"  # idempotency keys "demo-history-0001" …: the marker that the history is there
COUNT = 600
BUSINESS_DOSSIERS = 8
MONTH_WEIGHTS = (1.15, 0.7, 1.05, 1.0, 1.0, 0.95, 1.05, 1.0, 0.9, 1.05, 1.1, 1.2)  # Jan … Dec: Tết quiet, year end busy
WEEKDAY_WEIGHTS = (1.25, 1.05, 1.0, 1.0, 0.85, 0.5, 0.5)  # Monday … Sunday (a make-up Saturday is quiet)
LEVEL_WEIGHTS = {Agency.Level.COMMUNE: 5.0, Agency.Level.DISTRICT: 3.0, Agency.Level.DEPARTMENT: 1.0}
LEADER_WEIGHT = 6.0  # the demo leader's Sở (giamdoc, AGRICULTURE): its own statistics are full too
ONLINE, COUNTER, POST = "online", "counter", "post"
CHANNELS = {ONLINE: 0.60, COUNTER: 0.32, POST: 0.08}
ENDINGS = {State.RETURNED: 0.93, State.REFUSED: 0.03, State.WITHDRAWN: 0.025, State.STOPPED: 0.015}
EARLY, ON_TIME, LATE = "early", "on_time", "late"
AIMS = {EARLY: 0.25, ON_TIME: 0.655, LATE: 0.095}  # where the result is placed; the rollup judges the dates
SUPPLEMENTS = {0: 0.88, 1: 0.11, 2: 0.01}  # two requests count as late (Decision 766), whatever the dates
SURVEYED = 0.30
DESK = "Bộ phận Tiếp nhận và Trả kết quả"
SUBMIT_NOTES = {COUNTER: f"Nộp trực tiếp tại {DESK}", POST: "Nộp hồ sơ tại nhà qua dịch vụ bưu chính công ích"}
RETURNS = {  # office hours from the result to its hand-over, and the note of the hand-over
    ResultDelivery.ONLINE: (0.05, 1, "Kết quả điện tử gửi vào tài khoản"),
    ResultDelivery.POST: (4, 24, "Bưu gửi EMS số E{number}VN"),
    ResultDelivery.COUNTER: (0.5, 24, "Nhận trực tiếp tại quầy"),
}
DELIVERY = {  # how the result is collected, by channel of submission
    COUNTER: {ResultDelivery.COUNTER: 7, ResultDelivery.POST: 2, ResultDelivery.ONLINE: 1},
    ONLINE: {ResultDelivery.ONLINE: 6, ResultDelivery.COUNTER: 3, ResultDelivery.POST: 1},
    POST: {ResultDelivery.POST: 7, ResultDelivery.COUNTER: 2, ResultDelivery.ONLINE: 1},
}
SUPPLEMENT_REASONS = ("Bản sao giấy tờ chưa rõ nét, không đọc được số và ngày cấp.", "Tờ khai thiếu chữ ký.")
REFUSALS = ("Không thuộc thẩm quyền giải quyết của cơ quan.", "Tờ khai không khớp với giấy tờ kèm theo.")
WITHDRAWALS = ("Nộp nhầm thủ tục, sẽ nộp lại hồ sơ khác.", "Không còn nhu cầu giải quyết.")
STOPS = ("Có văn bản đề nghị dừng giải quyết của cơ quan có thẩm quyền.", "Người yêu cầu đã qua đời.")
COMMENTS = {
    SatisfactionSurvey.Rating.VERY_SATISFIED: ("Cán bộ hướng dẫn tận tình, nhận kết quả sớm.", ""),
    SatisfactionSurvey.Rating.SATISFIED: ("", "Thủ tục nhanh gọn."),
    SatisfactionSurvey.Rating.DISSATISFIED: ("Phải chờ lâu hơn ngày hẹn.", "Phải đi lại nhiều lần."),
}


@dataclass(frozen=True)
class _Offer:
    """A procedure in force, as the history uses it: its first case, the channels' terms, its process."""

    procedure_id: int
    case_id: int
    online: bool  # offers online submission (and so postal pick-up through the portal)
    channels: dict[str, Channel | None]  # by ONLINE / COUNTER / POST: the channel whose time and fees apply
    steps: tuple[StepSpec, ...]
    components: tuple[tuple[int, str], ...]


@dataclass
class _Row:
    agency: Agency
    dossier: Dossier
    tasks: list[DossierTask] = field(default_factory=list)
    events: list[DossierEvent] = field(default_factory=list)
    supplements: list[SupplementRequest] = field(default_factory=list)
    survey: SatisfactionSurvey | None = None
    state: str = State.DRAFT

    def add(self, action: str, to_state: str, at: datetime, label: str, note: str = "") -> None:
        """An event of the history, from the state the dossier was in to ``to_state``."""
        event = DossierEvent(action=action, from_state=self.state, to_state=to_state, actor_label=label, at=at)
        event.note, self.state = note, to_state
        self.events.append(event)


def _pick(rng, shares: dict):
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _later(moment: datetime, hours: float, calendar: WorkCalendar) -> datetime:
    """``hours`` of office time after ``moment`` (nights, weekends and holidays skipped), to the minute."""
    return shift_due(due=moment, paused=timedelta(hours=hours), calendar=calendar).replace(second=0, microsecond=0)


def _share(start: datetime, end: datetime, low: float, high: float, rng, calendar: WorkCalendar) -> datetime:
    """A moment after ``start``: between ``low`` and ``high`` of the office time from ``start`` to ``end``."""
    room = working_time_between(start=start, end=end, calendar=calendar).total_seconds() / 3600
    return _later(start, room * rng.uniform(low, high), calendar)


def _in_office(tasks: list[DossierTask], steps: tuple[StepSpec, ...], calendar: WorkCalendar) -> None:
    """The hand-overs moved into office hours (each step keeps its share of the time), each step due after its
    working hours as the services set it."""
    start, end = tasks[0].started_at, tasks[-1].finished_at
    room, span = working_time_between(start=start, end=end, calendar=calendar), (end - start) or timedelta(1)
    for task, following in pairwise(tasks):
        moved = shift_due(due=start, paused=room * ((task.finished_at - start) / span), calendar=calendar)
        task.finished_at = following.started_at = moved.replace(second=0, microsecond=0)
    for task, step in zip(tasks, steps, strict=False):
        task.due_at = due_at(
            start=task.started_at, duration=Duration.working_hours(step.budget_hours), calendar=calendar
        )


def _offers(start: date, today: date) -> dict[int, list[_Offer]]:
    """The procedures in force over the whole history, by the agency that takes them."""
    procedures = (
        Procedure.objects.filter(is_active=True, agency__is_active=True)
        .exclude(effective_from__gt=start)
        .exclude(effective_to__lt=today)
        .prefetch_related("cases__channels__fee_items", "cases__components")
        .order_by("agency_id", "code")
    )
    offers: dict[int, list[_Offer]] = defaultdict(list)
    for procedure in procedures:
        case = next(iter(procedure.cases.all()), None)
        if case is not None:
            online = online_channel(case)
            channels = {ONLINE: online, POST: online, COUNTER: _counter_channel(case)}
            components = tuple((c.pk, c.name) for c in case.components.all())
            takes_online = procedure.online_level in (OnlineLevel.PARTIAL, OnlineLevel.FULL)
            steps = tuple(workflow_for_case(case))
            offers[procedure.agency_id].append(_Offer(procedure.pk, case.pk, takes_online, channels, steps, components))
    return offers


def _desks(agencies: list[Agency]) -> dict[int, str]:
    """Who receives for each agency (a reception officer of its Bộ phận Một cửa), by name."""
    desk_of = {a.pk: a.served_by_id or a.pk for a in agencies}
    officers = StaffMembership.objects.filter(role=StaffRole.RECEPTION, agency_id__in=set(desk_of.values()))
    names = dict(officers.order_by("-id").values_list("agency_id", "user__full_name"))  # the first one wins
    return {pk: names.get(desk) or DESK for pk, desk in desk_of.items()}


class _History:
    def __init__(self, *, start: date, today: date, seed: int, offers: dict[int, list[_Offer]]) -> None:
        self.rng = _rng(f"demo-history:{seed}")
        self.cutoff = datetime.combine(today, time.min, tzinfo=VIETNAM)  # everything happened before today
        self.offers = offers
        self.agencies = list(Agency.objects.filter(pk__in=list(offers)).order_by("position", "id"))
        self.agency_weights = [
            LEADER_WEIGHT if a.code == AGRICULTURE else LEVEL_WEIGHTS.get(a.level, 1.0) for a in self.agencies
        ]
        # The business's own Sở, as its live dossiers (and none where another demo checks for its dossiers).
        self.business_agency = next((a for a in self.agencies if a.code == AGRICULTURE), None)
        places = [a for a in self.agencies if a.level in (Agency.Level.DISTRICT, Agency.Level.COMMUNE)]
        self.places = places or self.agencies  # addresses in the province's own communes
        self.people = [_person(n, self.places) for n in range(400) if n % 10 != 9]  # citizens, IDs never real
        self.desks = _desks(self.agencies)
        self.calendars = CalendarCache()
        self.days: dict[int, tuple[list[date], list[float]]] = {}
        for agency in self.agencies:
            calendar = self.calendars.of(agency)
            days = [start + timedelta(days=d) for d in range((today - start).days)]
            days = [d for d in days if is_working_day(day=d, calendar=calendar)]
            self.days[agency.pk] = (days, [MONTH_WEIGHTS[d.month - 1] * WEEKDAY_WEIGHTS[d.weekday()] for d in days])

    def row(self, business: _Person | None) -> _Row | None:
        """One finished dossier, or None when what was drawn would not be over before today."""
        rng = self.rng
        agency = self.business_agency if business else rng.choices(self.agencies, weights=self.agency_weights)[0]
        channel = ONLINE if business else _pick(rng, CHANNELS)
        offers = [o for o in self.offers[agency.pk] if o.online or channel == COUNTER]
        if not offers:
            return None
        offer, calendar = rng.choice(offers), self.calendars.of(agency)
        day = rng.choices(*self.days[agency.pk])[0]
        state = _pick(rng, ENDINGS)
        if channel == COUNTER and state == State.REFUSED:
            state = State.RETURNED  # a counter refuses before entering anything: no dossier
        person = business or (_walk_in(rng, self.places) if channel == COUNTER else rng.choice(self.people))
        terms = offer.channels[channel]
        opens = datetime.combine(day, calendar.office_hours.periods[0][0], tzinfo=calendar.tz)
        submitted = _share(opens, datetime.combine(day, time.max, tzinfo=calendar.tz), 0, 0.97, rng, calendar)
        row = _Row(agency=agency, dossier=self.dossier(offer, agency, channel, person, terms))
        desk = self.desks[agency.pk]
        submitter = desk if channel == COUNTER else person.name
        row.add(Action.SUBMIT, State.SUBMITTED, submitted, submitter, SUBMIT_NOTES.get(channel, ""))
        if state == State.REFUSED or (state == State.WITHDRAWN and channel != COUNTER and rng.random() < 0.5):
            received = due = None  # ended before reception: no clock ran
            finished = _later(submitted, rng.uniform(0.5, 12), calendar)
            if state == State.REFUSED:
                row.add(Action.REFUSE, state, finished, desk, rng.choice(REFUSALS))
            else:
                row.add(Action.WITHDRAW, state, finished, submitter, rng.choice(WITHDRAWALS))
        else:
            received = submitted if channel == COUNTER else _later(submitted, rng.uniform(0.2, 10), calendar)
            row.add(Action.RECEIVE, State.RECEIVED, received, desk)
            duration = None
            if terms is not None and terms.duration_value is not None:
                duration = Duration(terms.duration_value, terms.duration_unit or "working_days")
            due = due_at(start=received, duration=duration, calendar=calendar)  # as reception computes it
            base, due = self.supplements(row, offer, received, due, calendar, desk)
            finished = self.finish(base, due, calendar, _pick(rng, AIMS) if state == State.RETURNED else EARLY)
            steps = offer.steps if state == State.RETURNED else offer.steps[: rng.randint(1, len(offer.steps))]
            row.tasks = _closed_steps(steps, agency=agency, state=state, start=base, end=finished)
            _in_office(row.tasks, steps, calendar)
            row.tasks[0].started_at = received  # the first step held it through the supplement requests
            self.processing(row, state, finished, person.name)
        returned = self.returned(row, finished, calendar) if state == State.RETURNED else None
        last = returned or finished
        if last >= self.cutoff:
            return None
        dossier = row.dossier
        dossier.state, dossier.submitted_at, dossier.received_at = state, submitted, received
        dossier.due_at, dossier.finished_at, dossier.returned_at = due, finished, returned
        ahead = timedelta(minutes=rng.uniform(3, 20)) if channel == COUNTER else timedelta(hours=rng.uniform(0.2, 50))
        dossier.created_at, dossier.updated_at, dossier.version = submitted - ahead, last, len(row.events)
        if state == State.RETURNED and rng.random() < SURVEYED:
            self.survey(row, returned, late=due is not None and finished > due)
        return row

    def dossier(self, offer: _Offer, agency: Agency, channel: str, person: _Person, terms) -> Dossier:
        delivery = _pick(self.rng, DELIVERY[channel])
        return Dossier(
            public_id=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            procedure_id=offer.procedure_id,
            case_id=offer.case_id,
            agency_id=agency.pk,
            **person.applicant_fields(),
            result_delivery=delivery,
            result_address=person.address if delivery == ResultDelivery.POST else "",
            post_pickup=channel == POST,
            pickup_address=person.address if channel == POST else "",
            fee_total=terms.total_fee if terms is not None else 0,
            duration_value=terms.duration_value if terms is not None else None,
            duration_unit=terms.duration_unit if terms is not None else "",
            verified_by_vneid=channel != COUNTER and person.vneid,
            received_at_counter=channel == COUNTER,
        )

    def supplements(self, row: _Row, offer: _Offer, received: datetime, due, calendar: WorkCalendar, desk: str):
        """The supplement requests (each answered): the moment the work resumed, and the due moment they moved."""
        rng, base = self.rng, received
        for _ in range(_pick(rng, SUPPLEMENTS)):
            requested = _share(base, due or _later(base, 8, calendar), 0.1, 0.5, rng, calendar)
            answered = _later(requested, rng.uniform(3, 40), calendar)
            if due is not None:  # the clock stood still while the applicant completed the dossier
                paused = working_time_between(start=requested, end=answered, calendar=calendar)
                due = shift_due(due=due, paused=paused, calendar=calendar)
            component_id, name = rng.choice(offer.components) if offer.components else (None, "Giấy tờ kèm theo")
            reason, items = rng.choice(SUPPLEMENT_REASONS), [{"component_id": component_id, "name": name, "note": ""}]
            request = SupplementRequest(items=items, reason=reason, requested_by_label=desk, contact=f"{desk} — {DESK}")
            request.requested_at, request.answered_at = requested, answered
            row.supplements.append(request)
            row.add(Action.REQUEST_SUPPLEMENT, State.SUPPLEMENT_REQUESTED, requested, desk, reason)
            row.add(Action.SUPPLEMENT, State.RECEIVED, answered, row.dossier.applicant_name)
            base = answered
        return base, due

    def finish(self, base: datetime, due: datetime | None, calendar: WorkCalendar, aim: str) -> datetime:
        """When the work ended, from ``base`` (reception or the last answer): before the due day, on it, or after."""
        rng = self.rng
        if due is None:  # no time limit: never late
            return _later(base, rng.uniform(2, 40), calendar)
        due_day = due.astimezone(calendar.tz).date()
        eve = datetime.combine(due_day, time.min, tzinfo=calendar.tz)
        if aim == EARLY and working_time_between(start=base, end=eve, calendar=calendar) > timedelta(hours=1):
            return _share(base, eve, 0.35, 1.0, rng, calendar)
        if aim in (EARLY, ON_TIME):  # on the due day, by the due moment
            opens = datetime.combine(due_day, calendar.office_hours.periods[0][0], tzinfo=calendar.tz)
            return _share(max(opens, base), due, 0.1, 1.0, rng, calendar)
        return _later(due, rng.uniform(1, 40), calendar)

    def processing(self, row: _Row, state: str, finished: datetime, applicant: str) -> None:
        """The hand-overs between the closed steps, then how the work ended."""
        for task, following in pairwise(row.tasks):
            if row.state == State.RECEIVED:
                row.add(Action.START_PROCESSING, State.PROCESSING, task.finished_at, task.finished_by_label)
            row.add(Action.FORWARD, State.PROCESSING, task.finished_at, task.finished_by_label, following.name)
        last = row.tasks[-1].finished_by_label
        if state == State.RETURNED:
            row.add(Action.FINISH, State.RESULT_READY, finished, last)
        elif state == State.WITHDRAWN:
            row.add(Action.WITHDRAW, state, finished, applicant, self.rng.choice(WITHDRAWALS))
        else:
            row.add(Action.STOP, state, finished, last, self.rng.choice(STOPS))

    def returned(self, row: _Row, finished: datetime, calendar: WorkCalendar) -> datetime:
        """The result handed over: online within the hour, at the counter when collected, by post within days."""
        rng, dossier = self.rng, row.dossier
        low, high, note = RETURNS[dossier.result_delivery]
        at = _later(finished, rng.uniform(low, high), calendar)
        dossier.return_note = note.format(number=rng.randint(10**8, 10**9 - 1))
        row.add(Action.RETURN_RESULT, State.RETURNED, at, self.desks[row.agency.pk], dossier.return_note)
        return at

    def survey(self, row: _Row, returned: datetime, *, late: bool) -> None:
        rng, rating = self.rng, SatisfactionSurvey.Rating
        ratings = {rating.VERY_SATISFIED: 5, rating.SATISFIED: 4, rating.DISSATISFIED: 4 if late else 0.4}
        overall = _pick(rng, ratings)
        low = {rating.VERY_SATISFIED: 0.02, rating.SATISFIED: 0.15, rating.DISSATISFIED: 0.5}[overall]
        scores = {key: (1 if rng.random() < low else 2) for key, _label in SURVEY_CRITERIA}
        if late:
            scores["on_time"] = 0
        at = returned + timedelta(minutes=rng.uniform(2, 600))
        if at < self.cutoff:
            comment = rng.choice(COMMENTS[overall])
            convenience = overall if rng.random() < 0.8 else rating.SATISFIED
            row.survey = SatisfactionSurvey(scores=scores, convenience=convenience, overall=overall, comment=comment)
            row.survey.created_at = at


def _business() -> _Person | None:
    """The demo business as its online dossiers name it (its account's organisation record)."""
    user = User.objects.filter(username=DEMO_BUSINESS[1], is_active=True).first()
    if user is None:
        return None
    values = _account_snapshot(user).values
    fields = {name: values.get(f"applicant_{name}", "") for name in ("kind", "name", "id_number", "address")}
    return _Person(user.pk, **fields, born=None, phone=values["applicant_phone"], email=user.email, vneid=False)


def dossiers_load_demo_history(*, today: date | None = None, seed: int = 766) -> int:
    """Add the year of finished demo dossiers (see the module docstring); how many were added (0 when there)."""
    today = today or timezone.localdate()
    start = date(today.year - 1, today.month, 1)  # the 12 full months before this one
    with transaction.atomic():
        if Dossier.objects.filter(idempotency_key__startswith=f"{KEY}-").exists():
            return 0
        offers = _offers(start, today)
        if not offers:
            return 0
        history = _History(start=start, today=today, seed=seed, offers=offers)
        business, rows, mine = _business(), [], 0
        for _ in range(COUNT * 4):
            row = history.row(business if mine < BUSINESS_DOSSIERS and history.business_agency else None)
            if row is not None:
                rows.append(row)
                mine += row.dossier.applicant_id is not None
                if len(rows) == COUNT:
                    break
        rows.sort(key=lambda r: r.dossier.submitted_at)  # codes numbered and rows inserted in time order
        counters = _code_counters()
        for n, row in enumerate(rows, 1):
            day = row.dossier.submitted_at.astimezone(VIETNAM).date()
            row.dossier.code, row.dossier.idempotency_key = _code_next(counters, row.agency.code, day), f"{KEY}-{n:04d}"
        stamps = [m._meta.get_field(f) for m, f in ((Dossier, "created_at"), (Dossier, "updated_at"))]
        with _own_timestamps(*stamps, SatisfactionSurvey._meta.get_field("created_at")):
            dossiers = Dossier.objects.bulk_create([row.dossier for row in rows])
            for dossier, row in zip(dossiers, rows, strict=True):
                for child in (*row.tasks, *row.events, *row.supplements, *([row.survey] if row.survey else [])):
                    child.dossier = dossier
            DossierTask.objects.bulk_create([task for row in rows for task in row.tasks])
            DossierEvent.objects.bulk_create([event for row in rows for event in row.events])
            SupplementRequest.objects.bulk_create([request for row in rows for request in row.supplements])
            SatisfactionSurvey.objects.bulk_create([row.survey for row in rows if row.survey])
        bulk_write_notify(dossier_ids=[dossier.pk for dossier in dossiers])
    return len(rows)
