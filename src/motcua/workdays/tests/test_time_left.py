"""Time left, timeliness and due-soon on real dates (pure core, no database).

The dates rely on the installed ``holidays`` VN calendar (0.109 when written): 24/11/2026 "Ngày Văn hóa Việt Nam"
is a day off, and Tết Nguyên Đán 2027 is off from Thursday 04/02 ("29 Tết") to Wednesday 10/02 ("Mùng năm"),
with no make-up Saturday.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import translation

from motcua.workdays.calendar import (
    OfficeHours,
    TimeLeft,
    Timeliness,
    WorkCalendar,
    due_at,
    due_soon,
    is_working_day,
    time_left,
    timeliness,
    working_time_between,
)
from motcua.workdays.tests.test_calendar import CALENDAR, WD, vn


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def label(due: datetime, now: datetime, calendar: WorkCalendar = CALENDAR) -> str:
    return time_left(due=due, now=now, calendar=calendar).label


# A 3-working-day procedure received on Monday 23/11/2026 at 16:45, the eve of Ngày Văn hóa Việt Nam.
RECEIVED = vn("23/11/2026", "16:45")
DUE = vn("27/11/2026", "16:45")


def test_received_late_afternoon_before_the_culture_day_the_last_quarter_hour_counts():
    """16:45 is still inside office hours (13:30–17:00), so counting starts at once: only a reception after the
    close (or after a procedure's own cut-off) moves the start to the next working morning. 15 minutes are used
    on 23/11, Tuesday 24/11 is a day off, then 8 h on 25/11, 8 h on 26/11 and 7 h 45 min on 27/11, which end at
    16:45 — 3 × 8 h of office time in all."""
    assert not is_working_day(day=date(2026, 11, 24), calendar=CALENDAR)
    assert due_at(start=RECEIVED, duration=WD(3), calendar=CALENDAR) == DUE
    assert working_time_between(start=RECEIVED, end=DUE, calendar=CALENDAR) == timedelta(hours=24)


def test_received_after_the_close_on_the_same_evening_starts_on_the_next_working_morning():
    """By contrast, at 17:05 the office is closed: counting starts on Wednesday 25/11 at 07:00 (the 24th is off)."""
    assert due_at(start=vn("23/11/2026", "17:05"), duration=WD(3), calendar=CALENDAR) == vn("27/11/2026", "17:00")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (RECEIVED, "3 ngày còn lại"),
        (vn("23/11/2026", "16:50"), "2 ngày 7 giờ còn lại"),  # 2 days 7 h 55 min: minutes hidden beside days
        (vn("24/11/2026", "10:00"), "2 ngày 7 giờ còn lại"),  # the holiday costs nothing
        (vn("25/11/2026", "16:45"), "2 ngày còn lại"),  # one working day after reception
        (vn("27/11/2026", "14:00"), "2 giờ 45 phút còn lại"),
        (vn("27/11/2026", "16:15"), "30 phút còn lại"),
        (DUE - timedelta(seconds=30), "còn dưới 1 phút"),
        (DUE, "còn dưới 1 phút"),  # the due moment itself is not overdue yet
        (vn("27/11/2026", "17:00"), "quá hạn 15 phút"),
        (vn("28/11/2026", "10:00"), "quá hạn 15 phút"),  # Saturday: no office time lost over the weekend
        (vn("30/11/2026", "09:00"), "quá hạn 2 giờ 15 phút"),
        (vn("01/12/2026", "09:15"), "quá hạn 1 ngày 2 giờ"),  # 1 day 2 h 30 min
    ],
)
def test_time_left_over_the_life_of_the_culture_day_dossier(now, expected):
    assert label(DUE, now) == expected


def test_time_left_breaks_down_in_working_days_and_counts_office_time_only():
    left = time_left(due=DUE, now=vn("24/11/2026", "10:00"), calendar=CALENDAR)
    assert left == TimeLeft(overdue=False, working=timedelta(hours=23, minutes=45), days=2, hours=7, minutes=45)
    late = time_left(due=DUE, now=vn("01/12/2026", "09:15"), calendar=CALENDAR)
    assert late == TimeLeft(overdue=True, working=timedelta(hours=10, minutes=30), days=1, hours=2, minutes=30)
    assert str(late) == "quá hạn 1 ngày 2 giờ"


# Five working days received on Tuesday 02/02/2027 at 09:00, two days before the Tết 2027 break (04–10/02).
TET_RECEIVED = vn("02/02/2027", "09:00")
TET_DUE = vn("16/02/2027", "09:00")


def test_a_dossier_received_just_before_tet_2027_is_due_after_the_break():
    """6 h on 02/02, 8 h on 03/02, nothing from 04/02 to 10/02, then 11, 12 and 15/02, and 2 h on 16/02."""
    tet = [date(2027, 2, 4) + timedelta(days=n) for n in range(7)]
    assert not any(is_working_day(day=day, calendar=CALENDAR) for day in tet)
    assert due_at(start=TET_RECEIVED, duration=WD(5), calendar=CALENDAR) == TET_DUE
    assert working_time_between(start=TET_RECEIVED, end=TET_DUE, calendar=CALENDAR) == timedelta(hours=40)


def test_no_office_time_passes_during_tet_2027():
    before, after = vn("03/02/2027", "17:00"), vn("11/02/2027", "07:00")
    assert working_time_between(start=before, end=after, calendar=CALENDAR) == timedelta()
    assert working_time_between(start=vn("03/02/2027", "15:00"), end=vn("11/02/2027", "09:00"), calendar=CALENDAR) == (
        timedelta(hours=4)
    )
    assert label(TET_DUE, before) == label(TET_DUE, vn("08/02/2027", "10:00")) == "3 ngày 2 giờ còn lại"


def made(*, days=0, hours=0, minutes=0, seconds=0, overdue=False) -> TimeLeft:
    working = timedelta(hours=8 * days + hours, minutes=minutes, seconds=seconds)
    return TimeLeft(overdue=overdue, working=working, days=days, hours=hours, minutes=minutes)


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (made(days=2, hours=3), "2 ngày 3 giờ còn lại"),
        (made(days=2, hours=3, minutes=59), "2 ngày 3 giờ còn lại"),
        (made(days=2, minutes=5), "2 ngày còn lại"),
        (made(hours=5, minutes=30), "5 giờ 30 phút còn lại"),
        (made(hours=5), "5 giờ còn lại"),
        (made(minutes=45), "45 phút còn lại"),
        (made(seconds=59), "còn dưới 1 phút"),
        (made(), "còn dưới 1 phút"),
        (made(days=1, hours=2, overdue=True), "quá hạn 1 ngày 2 giờ"),
        (made(days=3, overdue=True), "quá hạn 3 ngày"),
        (made(hours=1, minutes=1, overdue=True), "quá hạn 1 giờ 1 phút"),
        (made(minutes=7, overdue=True), "quá hạn 7 phút"),
        (made(seconds=20, overdue=True), "quá hạn"),
    ],
)
def test_label_leaves_out_zero_parts_and_shows_minutes_only_within_the_last_working_day(left, expected):
    assert left.label == expected


def test_label_parts_are_truncated_never_rounded_up():
    due = vn("10/03/2026", "17:00")
    assert label(due, vn("10/03/2026", "14:00") + timedelta(seconds=1)) == "2 giờ 59 phút còn lại"
    assert label(due, vn("10/03/2026", "16:59") + timedelta(seconds=1)) == "còn dưới 1 phút"
    assert label(vn("10/03/2026", "09:00"), due - timedelta(seconds=1)) == "quá hạn 5 giờ 59 phút"


def test_a_working_day_is_the_calendar_s_own_day_length():
    short_days = WorkCalendar(
        first_year=2026,
        last_year=2026,
        office_hours=OfficeHours(periods=((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))),
    )
    left = time_left(due=vn("11/03/2026", "08:00"), now=vn("10/03/2026", "08:00"), calendar=short_days)
    assert (left.working, left.days, left.hours, left.minutes) == (timedelta(hours=7, minutes=30), 1, 0, 0)
    assert left.label == "1 ngày còn lại"


def test_time_left_takes_any_time_zone_and_refuses_naive_datetimes():
    assert label(vn("10/03/2026", "17:00"), datetime(2026, 3, 10, 3, 0, tzinfo=UTC)) == "5 giờ còn lại"
    with pytest.raises(ValueError, match="Naive"):
        time_left(due=vn("10/03/2026", "17:00"), now=datetime(2026, 3, 10, 10), calendar=CALENDAR)  # noqa: DTZ001


FINISHED_CASES = [
    # (finished, now, expected, why) — DUE is Friday 27/11/2026 16:45
    (vn("26/11/2026", "16:59"), vn("30/11/2026", "08:00"), Timeliness.EARLY, "finished the day before the due day"),
    (vn("27/11/2026", "07:00"), vn("30/11/2026", "08:00"), Timeliness.ON_TIME, "finished on the due day, before"),
    (DUE, vn("30/11/2026", "08:00"), Timeliness.ON_TIME, "finished at the due moment: no later than due"),
    (vn("27/11/2026", "16:46"), vn("30/11/2026", "08:00"), Timeliness.LATE, "one minute after the due moment"),
    (vn("28/11/2026", "09:00"), vn("30/11/2026", "08:00"), Timeliness.LATE, "on the Saturday after"),
    (None, vn("26/11/2026", "09:00"), Timeliness.EARLY, "open, the due day is still ahead"),
    (None, vn("27/11/2026", "07:00"), Timeliness.ON_TIME, "open and due today"),
    (None, DUE, Timeliness.ON_TIME, "open at the due moment"),
    (None, vn("27/11/2026", "16:46"), Timeliness.LATE, "open after the due moment: overdue"),
]


@pytest.mark.parametrize(("finished", "now", "expected", "why"), FINISHED_CASES, ids=[c[3] for c in FINISHED_CASES])
def test_timeliness(finished, now, expected, why):
    assert timeliness(due=DUE, finished=finished, now=now, calendar=CALENDAR) is expected


def test_no_due_date_has_no_timeliness():
    assert timeliness(due=None, finished=None, now=DUE, calendar=CALENDAR) is None
    assert timeliness(due=None, finished=DUE, now=DUE, calendar=CALENDAR) is None


def test_the_due_day_is_the_local_day():
    """23:30 UTC on 26/11 is already 06:30 on 27/11 in Hà Nội: the due day, not the day before."""
    finished = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert timeliness(due=DUE, finished=finished, now=DUE, calendar=CALENDAR) is Timeliness.ON_TIME


def test_timeliness_labels():
    assert [(item.value, item.label) for item in Timeliness] == [
        ("early", "Trước hạn"),
        ("on_time", "Đúng hạn"),
        ("late", "Quá hạn"),
    ]


@pytest.mark.parametrize(
    ("now", "within", "expected"),
    [
        (vn("26/11/2026", "16:45"), timedelta(hours=8), True),  # exactly one working day left
        (vn("26/11/2026", "16:44"), timedelta(hours=8), False),
        (vn("27/11/2026", "16:00"), timedelta(hours=1), True),
        (DUE, timedelta(), True),  # the due moment itself: nothing left, not overdue yet
        (vn("27/11/2026", "16:46"), timedelta(hours=8), False),  # overdue is no longer "soon"
    ],
)
def test_due_soon(now, within, expected):
    assert due_soon(due=DUE, now=now, calendar=CALENDAR, within=within) is expected


def test_due_soon_counts_office_time_over_a_weekend():
    monday = vn("30/11/2026", "10:00")
    assert due_soon(due=monday, now=vn("27/11/2026", "10:00"), calendar=CALENDAR, within=timedelta(hours=8))
    assert not due_soon(due=monday, now=vn("27/11/2026", "09:59"), calendar=CALENDAR, within=timedelta(hours=8))


def test_due_soon_without_a_due_date_or_with_a_negative_window():
    assert not due_soon(due=None, now=DUE, calendar=CALENDAR, within=timedelta(hours=8))
    with pytest.raises(ValueError, match="negative"):
        due_soon(due=DUE, now=DUE, calendar=CALENDAR, within=timedelta(hours=-1))
