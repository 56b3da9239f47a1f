""" "Việc của tôi": the steps waiting for the officer, in every agency and role they hold, the most urgent first.

Each row says how much office time is left on the step (working hours only, from ``workdays``) and flags the step
"Sắp đến hạn" (at most ``DUE_SOON`` of office time left) or "Quá hạn"; the dossier's own appointment is shown too.
Pages are keyset pages (``?sau=<cursor>``): "Trang sau" never counts or skips rows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalogue.models import Agency
from motcua.dossiers.models import DossierTask
from motcua.dossiers.selectors import tasks_for_officer
from motcua.dossiers.services.reminders import REMIND_WITHIN
from motcua.workdays.calendar import TimeLeft, time_left
from motcua.workdays.selectors import CalendarCache

from ...access import officer_required

DUE_SOON = REMIND_WITHIN  # office time: the "Sắp đến hạn" flag and the reminder are one notion
PAGE_SIZE = 50


@dataclass(frozen=True)
class TaskRow:
    task: DossierTask
    step_left: TimeLeft | None
    dossier_left: TimeLeft | None

    @property
    def overdue(self) -> bool:
        return self.step_left is not None and self.step_left.overdue

    @property
    def due_soon(self) -> bool:
        return self.step_left is not None and not self.step_left.overdue and self.step_left.working <= DUE_SOON


def _left(calendars: CalendarCache, due: datetime | None, agency: Agency, now: datetime) -> TimeLeft | None:
    return None if due is None else time_left(due=due, now=now, calendar=calendars.of(agency))


@require_GET
@officer_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    cursor = request.GET.get("sau", "")[:100]
    page = tasks_for_officer(officer=request.user, cursor=cursor, limit=PAGE_SIZE)
    now, calendars = timezone.now(), CalendarCache()
    rows = [
        TaskRow(
            task,
            _left(calendars, task.due_at, task.agency, now),
            # the dossier's own agency is the step's but at an inter-agency step (liên thông)
            _left(
                calendars,
                task.dossier.due_at,
                task.agency if task.agency_id == task.dossier.agency_id else task.dossier.agency,
                now,
            ),
        )
        for task in page.rows
    ]
    context = {
        "rows": rows,
        "next_cursor": page.next_cursor,
        "paged": bool(cursor),
        "due_soon_hours": DUE_SOON // timedelta(hours=1),
    }
    return render(request, "backoffice/processing/my_tasks.html", context)
