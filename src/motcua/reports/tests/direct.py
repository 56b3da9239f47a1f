"""The periodic report counted straight from the dossiers, written apart from the rollup (no code shared with it):
what the incremental rollup and the rebuild must both equal. Definitions as in docs/indicators.md."""

import datetime as dt
from collections import defaultdict

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workdays.calendar import VIETNAM

FINISHING = {"refused", "withdrawn", "stopped", "result_ready", "returned"}


def day(moment):
    return moment.astimezone(VIETNAM).date() if moment else None


def _timing(d: Dossier, supplements: int) -> str:
    if supplements > 1:
        return "late"
    due = d.original_due_at if d.apology_at else d.due_at
    if due is None:
        return "on_time"
    if d.finished_at > due:
        return "late"
    return "early" if day(d.finished_at) < day(due) else "on_time"


def metrics_of(d: Dossier, start: dt.date, end: dt.date, today: dt.date) -> set[str]:
    """The periodic report's columns that count dossier ``d`` for [start, end]."""
    inside = lambda value: value is not None and start <= value <= end  # noqa: E731
    found: set[str] = set()
    received, finished = day(d.received_at), day(d.finished_at) if d.state in FINISHING else None
    requests = list(d.supplement_requests.order_by("requested_at"))
    if inside(received):
        channel = "counter" if d.received_at_counter else "post" if d.post_pickup else "online"
        found |= {"received", f"received_{channel}"}
    if received is not None and inside(finished):
        found |= {"finished", f"finished_{_timing(d, len(requests))}"}
    if inside(finished) and d.state in ("refused", "stopped", "withdrawn"):
        found.add(d.state)
    if inside(day(d.returned_at)):
        found.add("returned")
    if requests and inside(day(requests[0].requested_at)):
        found.add("supplement_requested")
    payment = DossierEvent.objects.filter(dossier=d, action="request_payment").order_by("at").first()
    if payment is not None and inside(day(payment.at)):
        found.add("awaiting_payment")

    def open_at(at: dt.date) -> bool:
        return received is not None and received <= at and (finished is None or finished > at)

    if open_at(start - dt.timedelta(days=1)):
        found.add("carried_over")
    at = min(end, today)
    if open_at(at):
        found.add("in_progress")
        due = d.original_due_at if d.apology_at else d.due_at
        paused = d.state == "supplement_requested"
        overdue = due is not None and not paused and day(due) < at
        found.add("in_progress_overdue" if overdue else "in_progress_within")
    return found


def report(start: dt.date, end: dt.date, today: dt.date, group_by: str, **only) -> dict:
    """{group key (None: total): {metric: set of dossier codes}}; ``only``: agency / field / procedure ids."""
    rows: dict = defaultdict(lambda: defaultdict(set))
    dossiers = Dossier.objects.exclude(state="draft").prefetch_related("procedure__fields")
    for d in dossiers:
        fields = {f.pk for f in d.procedure.fields.all()}
        if "agency" in only and d.agency_id != only["agency"]:
            continue
        if "field" in only and only["field"] not in fields:
            continue
        if "procedure" in only and d.procedure_id != only["procedure"]:
            continue
        found = metrics_of(d, start, end, today)
        if "field" in only:  # filtered on one field, grouped by field: that field's row only
            fields = {only["field"]}
        keys = {"agency": [d.agency_id], "procedure": [d.procedure_id], "field": sorted(fields) or [None]}[group_by]
        for metric in found:
            rows[None][metric].add(d.code)
            for key in keys:
                rows[key][metric].add(d.code)
    return rows
