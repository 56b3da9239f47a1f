from datetime import date, datetime, time

import pytest
from django.apps import apps

from motcua.workdays.calendar import VIETNAM, Duration, due_at, is_working_day
from motcua.workdays.models import CalendarOverride, OfficeHours
from motcua.workdays.selectors import calendar_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def make_agency(code: str = "000.00.01.T01"):
    # Through the app registry: workdays does not import catalogue (independent siblings).
    return apps.get_model("catalogue", "Agency").objects.create(code=code, name="Sở thử nghiệm", level="department")


def test_province_calendar_has_public_holidays_and_make_up_days():
    calendar = calendar_for(today=TODAY)
    assert not is_working_day(day=date(2026, 2, 17), calendar=calendar)
    assert not is_working_day(day=date(2026, 11, 24), calendar=calendar)
    assert is_working_day(day=date(2026, 8, 22), calendar=calendar)
    assert calendar.first_year <= 2016 and calendar.last_year >= 2031


def test_overrides_province_then_agency():
    agency, other = make_agency(), make_agency("000.00.02.T01")
    CalendarOverride.objects.create(date=date(2026, 3, 12), kind="day_off", reason="Bầu cử")
    CalendarOverride.objects.create(date=date(2026, 3, 12), kind="working_day", reason="Trực", agency=agency)
    CalendarOverride.objects.create(date=date(2026, 3, 14), kind="working_day", reason="Làm bù", agency=other)

    province = calendar_for(today=TODAY)
    own = calendar_for(agency=agency, today=TODAY)
    assert not is_working_day(day=date(2026, 3, 12), calendar=province)
    assert is_working_day(day=date(2026, 3, 12), calendar=own)
    assert not is_working_day(day=date(2026, 3, 14), calendar=own)  # another agency's override
    assert is_working_day(day=date(2026, 3, 14), calendar=calendar_for(agency=other, today=TODAY))


def test_agency_office_hours():
    agency = make_agency()
    OfficeHours.objects.create(
        agency=agency, morning_opens=time(7, 30), afternoon_opens=time(13, 0), works_saturday=True
    )
    calendar = calendar_for(agency=agency, today=TODAY)
    assert calendar.office_hours.periods == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    assert is_working_day(day=date(2026, 3, 7), calendar=calendar)
    start = datetime(2026, 3, 10, 7, 30, tzinfo=VIETNAM)
    due = due_at(start=start, duration=Duration.working_hours(5), calendar=calendar)
    assert due == datetime(2026, 3, 10, 14, 0, tzinfo=VIETNAM)  # 4 h in the morning, 1 h from 13:00
    assert calendar_for(today=TODAY).office_hours.periods == ((time(7), time(11, 30)), (time(13, 30), time(17)))


def test_admin_pages(admin_client):
    from django.urls import reverse

    CalendarOverride.objects.create(date=date(2026, 3, 12), kind="day_off", reason="Bầu cử")
    OfficeHours.objects.create(agency=make_agency())
    for model in ("calendaroverride", "officehours"):
        assert admin_client.get(reverse(f"admin:workdays_{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:workdays_{model}_add")).status_code == 200
