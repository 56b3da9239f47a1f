"""Properties of the working-time arithmetic (hypothesis, pure core)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.workdays.calendar import (
    VIETNAM,
    Duration,
    DurationUnit,
    Timeliness,
    WorkCalendar,
    due_at,
    due_soon,
    is_working_day,
    public_calendar,
    shift_due,
    time_left,
    timeliness,
    working_time_between,
)

PUBLIC_OFF, PUBLIC_WORKING = public_calendar(first_year=2016, last_year=2031)
CALENDAR = WorkCalendar(
    first_year=2016,
    last_year=2031,
    days_off=PUBLIC_OFF | {date(2026, 3, 12)},
    working_days=PUBLIC_WORKING | {date(2026, 3, 14)},
)

starts = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 — hypothesis wants naive bounds; timezones= makes them aware
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(VIETNAM),
).map(lambda moment: moment.replace(microsecond=0))
halves = st.integers(min_value=0, max_value=60).map(lambda n: Decimal(n) / 2)
working_durations = st.one_of(
    halves.map(Duration.working_days),
    st.integers(min_value=0, max_value=400).map(Duration.working_hours),
)


def inside_office_hours(moment: datetime) -> bool:
    local = moment.astimezone(VIETNAM)
    if not is_working_day(day=local.date(), calendar=CALENDAR):
        return False
    return any(opens <= local.time() <= closes for opens, closes in CALENDAR.office_hours.periods)


def as_time(duration: Duration) -> timedelta:
    hours = duration.value * 8 if duration.unit == DurationUnit.WORKING_DAYS else duration.value
    return timedelta(hours=float(hours))


@given(start=starts, duration=st.one_of(working_durations, st.integers(0, 60).map(Duration.days)))
def test_due_is_on_a_working_day_inside_office_hours(start, duration):
    assert inside_office_hours(due_at(start=start, duration=duration, calendar=CALENDAR))


@given(start=starts, first=halves, second=halves, unit=st.sampled_from(DurationUnit))
def test_due_is_monotonic_in_the_duration(start, first, second, unit):
    shorter, longer = sorted((first, second))
    assert due_at(start=start, duration=Duration(shorter, unit), calendar=CALENDAR) <= due_at(
        start=start, duration=Duration(longer, unit), calendar=CALENDAR
    )


@given(start=starts, duration=working_durations)
def test_elapsed_working_time_until_due_is_the_duration(start, duration):
    due = due_at(start=start, duration=duration, calendar=CALENDAR)
    assert working_time_between(start=start, end=due, calendar=CALENDAR) == as_time(duration)


@given(start=starts, first=st.integers(0, 200), second=st.integers(0, 200))
def test_shifting_a_due_date_adds_working_time(start, first, second):
    due = due_at(start=start, duration=Duration.working_hours(first), calendar=CALENDAR)
    shifted = shift_due(due=due, paused=timedelta(hours=second), calendar=CALENDAR)
    assert shifted == due_at(start=start, duration=Duration.working_hours(first + second), calendar=CALENDAR)


# (due, now) pairs, equal now and then: the due moment itself is the edge between "left" and "overdue".
moments = st.one_of(st.tuples(starts, starts), starts.map(lambda moment: (moment, moment)))


@given(pair=moments)
def test_time_left_is_the_working_time_between_now_and_due(pair):
    due, now = pair
    left = time_left(due=due, now=now, calendar=CALENDAR)
    assert left.overdue is (now > due)
    if left.overdue:
        assert left.working == working_time_between(start=due, end=now, calendar=CALENDAR)
    else:
        assert left.working == working_time_between(start=now, end=due, calendar=CALENDAR)
    assert left.working >= timedelta()


@given(pair=moments)
def test_time_left_breakdown_is_in_working_days_and_truncated(pair):
    due, now = pair
    left = time_left(due=due, now=now, calendar=CALENDAR)
    shown = left.days * CALENDAR.office_hours.day_length + timedelta(hours=left.hours, minutes=left.minutes)
    assert shown <= left.working < shown + timedelta(minutes=1)
    assert 0 <= left.hours < 8
    assert 0 <= left.minutes < 60
    assert left.label.strip()
    assert ("quá hạn" in left.label) is left.overdue


@given(pair=moments)
def test_a_finished_item_is_late_iff_it_finished_after_the_due_moment(pair):
    due, finished = pair
    result = timeliness(due=due, finished=finished, now=finished + timedelta(days=30), calendar=CALENDAR)
    assert (result is Timeliness.LATE) is (finished > due)
    assert timeliness(due=due, finished=None, now=finished, calendar=CALENDAR) is result


@given(pair=moments, hours=st.integers(0, 48))
def test_due_soon_means_not_overdue_and_within_the_window(pair, hours):
    due, now = pair
    left = time_left(due=due, now=now, calendar=CALENDAR)
    within = timedelta(hours=hours)
    assert due_soon(due=due, now=now, calendar=CALENDAR, within=within) is (not left.overdue and left.working <= within)
