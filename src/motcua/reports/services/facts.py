"""A dossier's statistical facts (``DossierFact``), computed from the dossier and what hangs off it.

One loader for both paths: the incremental rollup passes the ids of the dossiers that changed, the rebuild passes
one agency at a time. Rules and reasons: docs/indicators.md ("Hồ sơ được tính thế nào").
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q

from motcua.catalogue.models import Agency, ComponentRequirement
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierFile,
    DossierResult,
    SatisfactionSurvey,
    SupplementRequest,
)
from motcua.dossiers.workflow import Action, State
from motcua.payments.models import AttemptState, FeeOrder, OrderKind, PaymentAttempt, Via
from motcua.workdays.calendar import VIETNAM, shift_due, working_time_between
from motcua.workdays.selectors import CalendarCache

from .. import rules
from ..models import DossierFact

# The fact's fields, as stored (``DossierFact``'s columns, ``dossier_id`` first).
FACT_FIELDS: tuple[str, ...] = tuple(f.attname for f in DossierFact._meta.concrete_fields)
_DEFAULTS = {f.attname: f.get_default() for f in DossierFact._meta.concrete_fields}


class Fact:
    """A dossier's fact being computed: a plain object (a million model instances would cost a minute)."""

    __slots__ = FACT_FIELDS

    def __init__(self, **values) -> None:
        for name in FACT_FIELDS:
            setattr(self, name, values.get(name, _DEFAULTS[name]))

    def row(self) -> tuple:
        return tuple(getattr(self, name) for name in FACT_FIELDS)

    def model(self) -> DossierFact:
        return DossierFact(**{name: getattr(self, name) for name in FACT_FIELDS})


_OUTCOMES = {
    State.REFUSED: rules.REFUSED,
    State.WITHDRAWN: rules.WITHDRAWN,
    State.STOPPED: rules.STOPPED,
    State.RESULT_READY: rules.RESULT,
    State.RETURNED: rules.RESULT,
}
# Survey criteria on what was made public (transparency): procedure listed, components and fees as published.
PUBLIC_CRITERIA = ("procedure_public", "components", "fees")
_DOSSIER_FIELDS = (
    "id",
    "agency_id",
    "procedure_id",
    "case_id",
    "state",
    "received_at_counter",
    "post_pickup",
    "received_at",
    "finished_at",
    "returned_at",
    "due_at",
    "original_due_at",
    "apology_at",
    "fee_total",
    "verified_by_vneid",
)


@dataclass
class _Related:
    """Everything besides the dossier row that its fact reads, for a set of dossiers."""

    supplements: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = field(default_factory=dict)
    payment_requested: dict[int, dt.datetime] = field(default_factory=dict)
    files: dict[int, list[tuple[int | None, bool]]] = field(default_factory=dict)
    required: dict[int, set[int]] = field(default_factory=dict)
    e_results: set[int] = field(default_factory=set)
    surveys: dict[int, tuple[str, dict]] = field(default_factory=dict)
    fee_orders: set[int] = field(default_factory=set)
    paid_online: set[int] = field(default_factory=set)


def _related(scope: Q, case_ids: set[int]) -> _Related:
    """``scope``: a Q on the dossier (``dossier__…``) selecting the dossiers being computed."""
    r = _Related(supplements=defaultdict(list), files=defaultdict(list))
    for dossier_id, requested, answered in (
        SupplementRequest.objects.filter(scope)
        .order_by("requested_at", "id")
        .values_list("dossier_id", "requested_at", "answered_at")
    ):
        r.supplements[dossier_id].append((requested, answered))
    r.payment_requested = dict(
        DossierEvent.objects.filter(scope, action=Action.REQUEST_PAYMENT)
        .values("dossier_id")
        .annotate(first=Min("at"))
        .values_list("dossier_id", "first")
    )
    for dossier_id, component_id, reused_from in DossierFile.objects.filter(scope).values_list(
        "dossier_id", "component_id", "reused_from_id"
    ):
        r.files[dossier_id].append((component_id, reused_from is not None))
    required: dict[int, set[int]] = defaultdict(set)
    for case_id, component_id in ComponentRequirement.objects.filter(case_id__in=case_ids, required=True).values_list(
        "case_id", "id"
    ):
        required[case_id].add(component_id)
    r.required = required
    r.e_results = set(DossierResult.objects.filter(scope, signed_at__isnull=False).values_list("dossier_id", flat=True))
    r.surveys = {
        dossier_id: (overall, scores)
        for dossier_id, overall, scores in SatisfactionSurvey.objects.filter(scope).values_list(
            "dossier_id", "overall", "scores"
        )
    }
    r.fee_orders = set(
        FeeOrder.objects.filter(scope, kind=OrderKind.FEES, amount__gt=0).values_list("dossier_id", flat=True)
    )
    r.paid_online = set(
        PaymentAttempt.objects.filter(
            _prefixed(scope, "order__"), order__kind=OrderKind.FEES, state=AttemptState.SUCCEEDED, via=Via.ONLINE
        ).values_list("order__dossier_id", flat=True)
    )
    return r


def _prefixed(q: Q, prefix: str) -> Q:
    """``q`` with every lookup prefixed (the same dossier scope seen from a table one join further)."""
    clone = Q(*[], _connector=q.connector, _negated=q.negated)
    for child in q.children:
        clone.children.append(_prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1]))
    return clone


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(VIETNAM).date() if moment is not None else None


def _channel(row: dict) -> str:
    if row["received_at_counter"]:
        return rules.COUNTER
    return rules.POST if row["post_pickup"] else rules.ONLINE


def _statistical_due(row: dict, pauses: list, calendars: CalendarCache) -> dt.datetime | None:
    """The due moment the 766 on-time rule judges by: the first appointment when an apology moved it (form 04 does
    not make a late dossier on time), moved by the citizen's supplement time like ``due_at`` is."""
    if row["apology_at"] is None or row["original_due_at"] is None:
        due = row["due_at"]
        after = None
    else:
        due, after = row["original_due_at"], row["apology_at"]
    if due is None:
        return None
    finished = row["finished_at"]
    for requested, answered in pauses:
        # Pauses answered after the apology moved only the new due date; a pause still open when the agency
        # stopped (withdrawn or stopped while waiting for the citizen) never moved any: count both here.
        if answered is not None and after is not None and requested >= after:
            end = answered
        elif answered is None and finished is not None and requested <= finished:
            end = finished
        else:
            continue
        calendar = calendars.of(Agency(pk=row["agency_id"]))
        paused = working_time_between(start=requested, end=end, calendar=calendar)
        due = shift_due(due=due, paused=paused, calendar=calendar)
    return due


def _timing(row: dict, due: dt.datetime | None, supplements: int) -> str:
    if supplements > 1:  # 766: more than one supplement request counts as late, whatever the dates
        return rules.LATE
    if due is None:  # a procedure without a time limit cannot be late
        return rules.ON_TIME
    finished = row["finished_at"]
    if finished > due:
        return rules.LATE
    return rules.EARLY if _day(finished) < _day(due) else rules.ON_TIME


def _digitised(files: list[tuple[int | None, bool]], required: set[int]) -> bool:
    """Every required component of the case has a file in the dossier (at least one file when none is required)."""
    return bool(files) and required <= {component for component, _ in files}


def fact_of(row: dict, r: _Related, calendars: CalendarCache) -> Fact | None:
    """The fact of one dossier row (``_DOSSIER_FIELDS``); None for a draft (not counted anywhere)."""
    if row["state"] == State.DRAFT:
        return None
    pk = row["id"]
    pauses = r.supplements.get(pk, [])
    outcome = _OUTCOMES.get(row["state"], "")
    received = row["received_at"]
    finished = row["finished_at"] if outcome else None
    fact = Fact(
        dossier_id=pk,
        agency_id=row["agency_id"],
        procedure_id=row["procedure_id"],
        channel=_channel(row),
        received_day=_day(received),
        finished_day=_day(finished),
        returned_day=_day(row["returned_at"]),
        supplement_day=_day(pauses[0][0]) if pauses else None,
        payment_day=_day(r.payment_requested.get(pk)),
        outcome=outcome,
        supplement_count=len(pauses),
        fee_due=row["fee_total"] > 0 or pk in r.fee_orders,
        paid_online=pk in r.paid_online,
        vneid=row["verified_by_vneid"],
        e_result=pk in r.e_results,
    )
    files = r.files.get(pk, [])
    fact.digitised = _digitised(files, r.required.get(row["case_id"], set()))
    fact.reused = any(reused for _, reused in files)
    survey = r.surveys.get(pk)
    if survey is not None:
        overall, scores = survey
        fact.surveyed = True
        fact.complaint = overall == SatisfactionSurvey.Rating.DISSATISFIED
        fact.survey_public_points = sum(int(scores.get(key, 0)) for key in PUBLIC_CRITERIA)
    if received is None:
        return fact  # refused, withdrawn before reception, or waiting at the desk: no clock has run
    due = _statistical_due(row, pauses, calendars)
    if finished is not None:
        fact.timing = _timing(row, due, len(pauses))
        fact.processing_minutes = max(0, int((finished - received).total_seconds() // 60))
    due_day = _day(due)
    paused_now = row["state"] == State.SUPPLEMENT_REQUESTED
    if due_day is not None and not paused_now and (fact.finished_day is None or fact.finished_day > due_day):
        fact.overdue_day = max(due_day + dt.timedelta(days=1), fact.received_day)
    return fact


def facts_compute(
    dossiers: Q, *, calendars: CalendarCache | None = None, related: Q | None = None
) -> dict[int, Fact | None]:
    """The facts of the dossiers selected by ``dossiers`` (a Q on Dossier), by dossier id (None: a draft).

    ``related``: a Q on the related tables' ``dossier`` covering at least those dossiers (default: ``dossiers``
    seen from them); an id range reads them by their ``dossier_id`` index, without a join.
    """
    calendars = calendars or CalendarCache()
    rows = list(Dossier.objects.filter(dossiers).values(*_DOSSIER_FIELDS))
    if not rows:
        return {}
    scope = related if related is not None else _prefixed(dossiers, "dossier__")
    related = _related(scope, {row["case_id"] for row in rows if row["case_id"] is not None})
    return {row["id"]: fact_of(row, related, calendars) for row in rows}
