"""Table-driven cases on real 2026 dates (pure core, no database)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from motcua.workdays.calendar import (
    VIETNAM,
    CalendarOutOfRange,
    Duration,
    OfficeHours,
    WorkCalendar,
    due_at,
    is_working_day,
    next_working_day,
    next_working_moment,
    public_calendar,
    shift_due,
    working_time_between,
)


def vn(day: str, hm: str = "00:00") -> datetime:
    return datetime.strptime(f"{day} {hm}", "%d/%m/%Y %H:%M").replace(tzinfo=VIETNAM)


def make_calendar(*, days_off=(), working_days=(), office_hours: OfficeHours | None = None) -> WorkCalendar:
    public_off, public_working = public_calendar(first_year=2016, last_year=2031)
    return WorkCalendar(
        first_year=2016,
        last_year=2031,
        days_off=public_off | frozenset(days_off),
        working_days=(public_working | frozenset(working_days)) - frozenset(days_off),
        office_hours=office_hours or OfficeHours(),
    )


CALENDAR = make_calendar()
WD, WH, D = Duration.working_days, Duration.working_hours, Duration.days

DUE_CASES = [
    # (start, duration, cutoff, expected due, why)
    (vn("13/02/2026", "09:00"), WD(1), None, vn("23/02/2026", "09:00"), "Tết 16–20/02 and the weekend skipped"),
    (vn("29/04/2026", "14:00"), WD(1), None, vn("04/05/2026", "14:00"), "30/4 and 1/5 skipped"),
    (vn("28/08/2026", "08:00"), WD(2), None, vn("04/09/2026", "08:00"), "31/8 (swapped), 1–2/9 skipped"),
    (vn("21/08/2026", "07:00"), WD("1.5"), None, vn("22/08/2026", "11:00"), "make-up Saturday 22/08 counted"),
    (vn("23/11/2026", "13:30"), WD(1), None, vn("25/11/2026", "11:30"), "24/11 Ngày Văn hóa Việt Nam skipped"),
    (vn("06/03/2026", "15:00"), WH(4), None, vn("09/03/2026", "09:00"), "Friday afternoon → Monday"),
    (vn("10/03/2026", "12:00"), WH(2), None, vn("10/03/2026", "15:30"), "lunch-time start counts from 13:30"),
    (vn("10/03/2026", "18:30"), WD(1), None, vn("11/03/2026", "17:00"), "after hours → next working morning"),
    (vn("10/03/2026", "06:00"), WH(3), None, vn("10/03/2026", "10:00"), "before opening → 07:00"),
    (vn("07/03/2026", "10:00"), WH(1), None, vn("09/03/2026", "08:00"), "Saturday → Monday morning"),
    (vn("09/03/2026", "07:00"), WD(1), None, vn("09/03/2026", "17:00"), "ends at the close, not next morning"),
    (vn("09/03/2026", "07:00"), WH("4.5"), None, vn("09/03/2026", "11:30"), "ends at the lunch break"),
    (vn("10/03/2026", "15:30"), WD(1), None, vn("11/03/2026", "15:30"), "no cut-off: counted from 15:30"),
    (vn("10/03/2026", "15:30"), WD(1), time(15), vn("11/03/2026", "17:00"), "cut-off 15:00 → next working day"),
    (vn("10/03/2026", "14:59"), WH(1), time(15), vn("10/03/2026", "15:59"), "before the cut-off: same day"),
    (vn("13/03/2026", "16:00"), WH(4), time(15), vn("16/03/2026", "11:00"), "cut-off on Friday → Monday"),
    (vn("09/03/2026", "09:00"), WD("0.5"), None, vn("09/03/2026", "15:00"), "half a working day = 4 hours"),
    (vn("23/04/2026", "10:00"), D(3), None, vn("28/04/2026", "17:00"), "calendar days end on 26/4, moved past 27/4"),
    (vn("06/03/2026", "10:00"), D(1), None, vn("09/03/2026", "17:00"), "calendar day ending Saturday → Monday"),
    (vn("10/03/2026", "09:00"), D(2), None, vn("12/03/2026", "17:00"), "calendar days"),
]


@pytest.mark.parametrize(("start", "duration", "cutoff", "expected", "why"), DUE_CASES, ids=[c[4] for c in DUE_CASES])
def test_due_at(start, duration, cutoff, expected, why):
    due = due_at(start=start, duration=duration, calendar=CALENDAR, cutoff=cutoff)
    assert due == expected
    assert due.tzinfo == VIETNAM


def test_no_duration_has_no_due_date():
    assert due_at(start=vn("10/03/2026", "09:00"), duration=None, calendar=CALENDAR) is None


def test_aware_utc_in_local_out():
    due = due_at(start=datetime(2026, 3, 10, 2, 0, tzinfo=UTC), duration=WH(1), calendar=CALENDAR)
    assert due == vn("10/03/2026", "10:00")
    assert due.utcoffset() == timedelta(hours=7)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="Naive"):
        due_at(start=datetime(2026, 3, 10, 9), duration=WH(1), calendar=CALENDAR)  # noqa: DTZ001


def test_day_off_override():
    calendar = make_calendar(days_off={date(2026, 3, 12)})
    due = due_at(start=vn("11/03/2026", "07:00"), duration=WD(2), calendar=calendar)
    assert due == vn("13/03/2026", "17:00")


def test_make_up_working_day_override():
    calendar = make_calendar(working_days={date(2026, 3, 14)})
    assert is_working_day(day=date(2026, 3, 14), calendar=calendar)
    assert due_at(start=vn("13/03/2026", "16:00"), duration=WH(2), calendar=calendar) == vn("14/03/2026", "08:00")


def test_saturday_office_hours():
    calendar = make_calendar(office_hours=OfficeHours(weekdays=frozenset(range(6))))
    assert is_working_day(day=date(2026, 3, 7), calendar=calendar)
    assert not is_working_day(day=date(2026, 3, 8), calendar=calendar)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 23), True),
        (date(2026, 4, 27), False),  # Giỗ Tổ (nghỉ bù)
        (date(2026, 8, 22), True),  # make-up Saturday
        (date(2026, 8, 31), False),  # swapped for 22/08
        (date(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam
        (date(2026, 11, 25), True),
        (date(2026, 3, 8), False),  # Sunday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day=day, calendar=CALENDAR) is working


def test_next_working_day_and_moment():
    assert next_working_day(after=date(2026, 2, 13), calendar=CALENDAR) == date(2026, 2, 23)
    assert next_working_moment(at=vn("10/03/2026", "11:30"), calendar=CALENDAR) == vn("10/03/2026", "13:30")
    assert next_working_moment(at=vn("10/03/2026", "10:00"), calendar=CALENDAR) == vn("10/03/2026", "10:00")
    assert next_working_moment(at=vn("10/03/2026", "17:00"), calendar=CALENDAR) == vn("11/03/2026", "07:00")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (vn("10/03/2026", "10:00"), vn("12/03/2026", "10:00"), timedelta(hours=16)),
        (vn("10/03/2026", "12:00"), vn("10/03/2026", "13:00"), timedelta()),  # lunch
        (vn("13/02/2026", "16:00"), vn("23/02/2026", "08:00"), timedelta(hours=2)),  # across Tết
        (vn("10/03/2026", "18:00"), vn("10/03/2026", "09:00"), timedelta()),  # end before start
        (vn("07/03/2026", "08:00"), vn("08/03/2026", "16:00"), timedelta()),  # weekend
    ],
)
def test_working_time_between(start, end, expected):
    assert working_time_between(start=start, end=end, calendar=CALENDAR) == expected


def test_shift_due_by_the_paused_time():
    paused = working_time_between(start=vn("10/03/2026", "10:00"), end=vn("12/03/2026", "10:00"), calendar=CALENDAR)
    assert shift_due(due=vn("13/03/2026", "17:00"), paused=paused, calendar=CALENDAR) == vn("17/03/2026", "17:00")
    assert shift_due(due=vn("13/03/2026", "17:00"), paused=timedelta(), calendar=CALENDAR) == vn("13/03/2026", "17:00")
    with pytest.raises(ValueError, match="negative"):
        shift_due(due=vn("13/03/2026", "17:00"), paused=timedelta(hours=-1), calendar=CALENDAR)


def test_out_of_range_is_a_domain_error():
    with pytest.raises(CalendarOutOfRange):
        due_at(start=vn("30/12/2031", "09:00"), duration=WD(10), calendar=CALENDAR)


def test_bad_inputs():
    with pytest.raises(ValueError, match="negative"):
        WD(-1)
    with pytest.raises(ValueError, match="ordered"):
        OfficeHours(periods=((time(13), time(17)), (time(7), time(11))))
