"""Deadline reminders: the holder of a step and the division head are told once, in office time, before it is due."""

from datetime import datetime, timedelta

import pytest

from motcua.accounts.models import StaffRole
from motcua.dossiers.services.reminders import deadline_reminders_send
from motcua.notifications.models import InboxMessage
from motcua.workdays.calendar import VIETNAM

from .factories import officer_of
from .office import office_world

pytestmark = pytest.mark.django_db


def _inbox(user) -> list[str]:
    return list(InboxMessage.objects.filter(user=user).values_list("subject", flat=True))


def test_a_step_due_within_half_a_working_day_reminds_its_holders_and_the_division_head_once(clock):
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=VIETNAM))  # Wednesday; "Thẩm định" has 16 working hours
    world = office_world()
    dossier = world.received()
    task = dossier.tasks.get()
    assert task.due_at == datetime(2026, 11, 27, 8, 0, tzinfo=VIETNAM)
    other_specialist = officer_of(world.department, StaffRole.SPECIALIST)

    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=VIETNAM))  # 7 working hours left: not yet
    assert deadline_reminders_send() == 0
    clock.set(datetime(2026, 11, 26, 13, 30, tzinfo=VIETNAM))  # 3.5 h today + 1 h tomorrow: still 4.5 h
    assert deadline_reminders_send() == 0
    clock.set(datetime(2026, 11, 26, 14, 0, tzinfo=VIETNAM))  # 3 h + 1 h: half a working day left
    assert deadline_reminders_send() == 1
    for officer in (world.specialist, other_specialist, world.division_head):
        (subject,) = _inbox(officer)
        assert dossier.code in subject and "Thẩm định hồ sơ" in subject and "còn lại" in subject
    assert _inbox(world.leader) == [] and _inbox(world.reception) == []
    assert deadline_reminders_send() == 0  # once only
    task.refresh_from_db()
    assert task.reminded_at is not None


def test_an_overdue_step_never_reminded_is_reminded_as_overdue(clock):
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=VIETNAM))
    world = office_world()
    world.received()
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=VIETNAM))  # Monday after the Friday-morning due
    assert deadline_reminders_send() == 1
    (subject,) = _inbox(world.specialist)
    assert "quá hạn" in subject


def test_a_weekend_does_not_count_towards_soon(clock):
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=VIETNAM))  # Thursday 16:00 → due Monday 16:00 (16 h)
    world = office_world()
    world.received()
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=VIETNAM))  # Saturday: 1.5 calendar days, 15 working hours left
    assert deadline_reminders_send(within=timedelta(hours=4)) == 0
