"""Deadline reminders: before a step is due, the officers holding it and the division head are told — once.

Run by a periodic task (``tasks.deadline_reminders_task``). "Soon" is counted in office time with ``workdays``
(``due_soon``: at most ``within`` of working time left), so a Friday-evening reminder is not wasted on a weekend.
Overdue is still derived, never stored: ``reminded_at`` only records that the reminder was sent.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.accounts.selectors import officers_holding
from motcua.notifications.services import notify_person
from motcua.workdays.calendar import due_soon, time_left
from motcua.workdays.selectors import CalendarCache

from ..models import DossierTask

REMIND_WITHIN = timedelta(hours=4)  # of working time: half a working day before the step is due


def deadline_reminders_send(*, now: datetime | None = None, within: timedelta = REMIND_WITHIN) -> int:
    """Remind about every open step due within ``within`` (or already overdue) not reminded yet; returns how many."""
    now = now or timezone.now()
    # A cheap upper bound in calendar time (working time is never longer); the exact test is in office time.
    candidates = (
        DossierTask.objects.filter(finished_at__isnull=True, reminded_at__isnull=True, due_at__isnull=False)
        .filter(due_at__lte=now + timedelta(days=14))
        .select_related("dossier", "agency")
        .order_by("due_at", "id")
    )
    calendars = CalendarCache()
    sent = 0
    for task in candidates.iterator(chunk_size=500):
        calendar = calendars.of(task.agency)
        overdue = now > task.due_at
        if not overdue and not due_soon(due=task.due_at, now=now, calendar=calendar, within=within):
            continue
        with transaction.atomic():
            claimed = DossierTask.objects.filter(pk=task.pk, reminded_at__isnull=True).update(reminded_at=now)
            if not claimed:  # another worker sent it
                continue
            _remind(task, label=time_left(due=task.due_at, now=now, calendar=calendar).label)
        sent += 1
    return sent


def _remind(task: DossierTask, *, label: str) -> None:
    dossier = task.dossier
    link = reverse("backoffice:dossier", args=[dossier.code])
    due = timezone.localtime(task.due_at).strftime("%H:%M ngày %d/%m/%Y")
    subject = f"Hồ sơ {dossier.code}: bước “{task.name}” {label}"
    body = (
        f"Hồ sơ {dossier.code} ({dossier.procedure.name}) đang ở bước “{task.name}”, hạn xử lý bước {due} "
        f"({label}). Vui lòng xử lý hoặc báo cáo lãnh đạo; nếu hồ sơ sẽ trễ hạn trả kết quả, cơ quan phải ban "
        "hành Văn bản xin lỗi và đề nghị gia hạn (Mẫu số 04) trước ngày hẹn."
    )
    roles = sorted({task.role, StaffRole.DIVISION_HEAD})
    for officer in officers_holding(agency_id=task.agency_id, roles=roles):
        notify_person(user=officer, subject=subject, body=body, link=link)
