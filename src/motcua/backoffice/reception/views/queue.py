"""The reception desk's two lists: online dossiers waiting for reception, and results waiting to be handed over.

Both are keyset-paginated by the selectors (``?sau=<cursor>`` is the next page); time is counted in working time of
each dossier's agency, one calendar per agency on the page.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.accounts.models import StaffRole
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import reception_queue_for_officer, results_to_return_for_officer
from motcua.workdays.calendar import Timeliness, timeliness, working_span_text, working_time_between
from motcua.workdays.selectors import CalendarCache

from ...access import role_required

QUEUE_PAGE = 50
ONLY_RECEPTION = _("Chỉ cán bộ tiếp nhận của Bộ phận Tiếp nhận và Trả kết quả mới xem được danh sách này.")
# Waiting longer than this (working time since submission) puts the dossier at risk of a late reception.
RISK_AFTER_WORKING_DAYS = 1


def working_span_label(amount: timedelta, *, day_length: timedelta) -> str:
    """``2 ngày 3 giờ``, ``5 giờ 30 phút``, ``45 phút`` (``workdays``' own words), or ``dưới 1 phút``."""
    return working_span_text(amount, day_length=day_length) or gettext("dưới 1 phút")


@dataclass(frozen=True)
class WaitingRow:
    dossier: Dossier
    waited: str  # working time since submission, as a clerk reads it
    at_risk: bool  # more than one working day: receive it now


@dataclass(frozen=True)
class ResultRow:
    dossier: Dossier
    timeliness: Timeliness | None


def waiting_rows(dossiers: list[Dossier], *, now: datetime) -> list[WaitingRow]:
    calendars = CalendarCache()
    rows = []
    for dossier in dossiers:
        calendar = calendars.of(dossier.agency)
        day = calendar.office_hours.day_length
        waited = working_time_between(start=dossier.submitted_at or now, end=now, calendar=calendar)
        rows.append(
            WaitingRow(dossier, working_span_label(waited, day_length=day), waited > day * RISK_AFTER_WORKING_DAYS)
        )
    return rows


def result_rows(dossiers: list[Dossier], *, now: datetime) -> list[ResultRow]:
    calendars = CalendarCache()
    return [
        ResultRow(d, timeliness(due=d.due_at, finished=d.finished_at, now=now, calendar=calendars.of(d.agency)))
        for d in dossiers
    ]


def _paging(request: HttpRequest, next_cursor: str) -> dict[str, str | bool]:
    return {
        "next_query": urlencode({"sau": next_cursor}) if next_cursor else "",
        "first_page": not request.GET.get("sau"),
    }


@require_GET
@role_required(StaffRole.RECEPTION, ONLY_RECEPTION)
def reception_queue(request: HttpRequest) -> HttpResponse:
    """ "Hồ sơ chờ tiếp nhận trực tuyến" at the officer's desks, the oldest first."""
    page = reception_queue_for_officer(officer=request.user, cursor=request.GET.get("sau", ""), limit=QUEUE_PAGE)
    context = {
        "tab": "reception",
        "rows": waiting_rows(page.rows, now=timezone.now()),
        "risk_days": RISK_AFTER_WORKING_DAYS,
        **_paging(request, page.next_cursor),
    }
    return render(request, "backoffice/reception/queue.html", context)


@require_GET
@role_required(StaffRole.RECEPTION, ONLY_RECEPTION)
def results_queue(request: HttpRequest) -> HttpResponse:
    """ "Hồ sơ chờ trả kết quả": results ready at the officer's desks, the longest waiting first."""
    page = results_to_return_for_officer(officer=request.user, cursor=request.GET.get("sau", ""), limit=QUEUE_PAGE)
    context = {
        "tab": "results",
        "rows": result_rows(page.rows, now=timezone.now()),
        **_paging(request, page.next_cursor),
    }
    return render(request, "backoffice/reception/results.html", context)
