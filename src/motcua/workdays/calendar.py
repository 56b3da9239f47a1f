"""The working-time calendar: pure functions, no database.

Every computation takes a ``WorkCalendar`` (built by ``selectors.calendar_for``) and aware datetimes; results are
aware datetimes in the calendar's time zone (Asia/Ho_Chi_Minh). Office time is a set of half-open periods
``[opens, closes)`` per working day; a due moment may equal a period's close (11:30, 17:00).
"""

import enum
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays

from motcua.core.errors import DomainError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})
DEFAULT_PERIODS = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))


class DurationUnit(enum.StrEnum):
    """Same values as ``catalogue.Channel.DurationUnit``."""

    WORKING_DAYS = "working_days"
    DAYS = "days"
    WORKING_HOURS = "working_hours"


@dataclass(frozen=True, slots=True)
class Duration:
    value: Decimal
    unit: DurationUnit = DurationUnit.WORKING_DAYS

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", Decimal(self.value))
        object.__setattr__(self, "unit", DurationUnit(self.unit))
        if self.value < 0:
            raise ValueError("A duration cannot be negative.")

    @classmethod
    def working_days(cls, value: Decimal | int | str) -> "Duration":
        return cls(Decimal(value), DurationUnit.WORKING_DAYS)

    @classmethod
    def working_hours(cls, value: Decimal | int | str) -> "Duration":
        return cls(Decimal(value), DurationUnit.WORKING_HOURS)

    @classmethod
    def days(cls, value: Decimal | int | str) -> "Duration":
        return cls(Decimal(value), DurationUnit.DAYS)


@dataclass(frozen=True, slots=True)
class OfficeHours:
    periods: tuple[tuple[time, time], ...] = DEFAULT_PERIODS
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY  # 0 = Monday

    def __post_init__(self) -> None:
        bounds = [moment for period in self.periods for moment in period]
        if not self.periods or bounds != sorted(bounds) or any(opens == closes for opens, closes in self.periods):
            raise ValueError("Office periods must be non-empty, ordered and non-overlapping.")

    @property
    def day_length(self) -> timedelta:
        """One working day: the office time of one full day (8 hours with the default hours)."""
        return sum((_span(opens, closes) for opens, closes in self.periods), timedelta())


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Which days are worked, and the office hours of a working day.

    ``days_off`` and ``working_days`` are already resolved (public holidays, then province-wide overrides, then
    the agency's); a date in ``working_days`` is worked even on a weekend (make-up Saturday). The calendar knows
    the years ``first_year``..``last_year``; a computation that leaves them raises ``CalendarOutOfRange``.
    """

    first_year: int
    last_year: int
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    office_hours: OfficeHours = field(default_factory=OfficeHours)
    tz: ZoneInfo = VIETNAM


class CalendarOutOfRange(DomainError):
    def __init__(self, day: date) -> None:
        super().__init__(f"Lịch làm việc chưa có dữ liệu cho ngày {day:%d/%m/%Y}.", code="calendar_out_of_range")


@functools.cache
def public_calendar(*, first_year: int, last_year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Vietnamese public days off (holidays, Tết, compensatory days) and official make-up working Saturdays."""
    vietnam = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
    days_off = frozenset(vietnam)
    working = frozenset(day for day in vietnam.weekend_workdays if first_year <= day.year <= last_year)
    return days_off, working


def _span(opens: time, closes: time) -> timedelta:
    return datetime.combine(date.min, closes) - datetime.combine(date.min, opens)


def _local(moment: datetime, calendar: WorkCalendar) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Naive datetimes are not accepted; pass an aware datetime.")
    return moment.astimezone(calendar.tz)


def _check_range(day: date, calendar: WorkCalendar) -> None:
    if not calendar.first_year <= day.year <= calendar.last_year:
        raise CalendarOutOfRange(day)


def is_working_day(*, day: date, calendar: WorkCalendar) -> bool:
    _check_range(day, calendar)
    if day in calendar.working_days:
        return True
    if day in calendar.days_off:
        return False
    return day.weekday() in calendar.office_hours.weekdays


def next_working_day(*, after: date, calendar: WorkCalendar) -> date:
    """The first working day strictly after ``after``."""
    day = after + timedelta(days=1)
    while not is_working_day(day=day, calendar=calendar):
        day += timedelta(days=1)
    return day


def _periods_of(day: date, calendar: WorkCalendar) -> list[tuple[datetime, datetime]]:
    if not is_working_day(day=day, calendar=calendar):
        return []
    return [
        (datetime.combine(day, opens, tzinfo=calendar.tz), datetime.combine(day, closes, tzinfo=calendar.tz))
        for opens, closes in calendar.office_hours.periods
    ]


def _periods_from(moment: datetime, calendar: WorkCalendar) -> Iterator[tuple[datetime, datetime]]:
    """Office periods from ``moment`` on, the first one clipped to start at ``moment``."""
    day = moment.date()
    while True:
        for opens, closes in _periods_of(day, calendar):
            if closes > moment:
                yield max(opens, moment), closes
        day += timedelta(days=1)


def next_working_moment(*, at: datetime, calendar: WorkCalendar) -> datetime:
    """The earliest moment at or after ``at`` inside office hours (after hours → next working morning,
    lunch → afternoon opening)."""
    opens, _ = next(_periods_from(_local(at, calendar), calendar))
    return opens


def _counting_start(start: datetime, cutoff: time | None, calendar: WorkCalendar) -> datetime:
    local = _local(start, calendar)
    if cutoff is not None and local.time() >= cutoff:
        day = next_working_day(after=local.date(), calendar=calendar)
        return datetime.combine(day, time.min, tzinfo=calendar.tz)
    return local


def _add_working_time(start: datetime, amount: timedelta, calendar: WorkCalendar) -> datetime:
    remaining = amount
    for opens, closes in _periods_from(start, calendar):
        if remaining <= closes - opens:
            return opens + remaining
        remaining -= closes - opens
    raise AssertionError("unreachable: _periods_from is endless or raises CalendarOutOfRange")


def _working_amount(duration: Duration, calendar: WorkCalendar) -> timedelta:
    hours = (
        duration.value * Decimal(calendar.office_hours.day_length.total_seconds()) / 3600
        if duration.unit == DurationUnit.WORKING_DAYS
        else duration.value
    )
    return timedelta(seconds=int((hours * 3600).to_integral_value()))


def due_at(
    *,
    start: datetime,
    duration: Duration | None,
    calendar: WorkCalendar,
    cutoff: time | None = None,
) -> datetime | None:
    """The due moment of ``duration`` counted from ``start`` (None when the procedure has no time limit).

    Working days (one full office day each, 8 hours by default) and working hours are counted in office time
    only, from the next working moment. Calendar days end at the close of office on the last day, moved to the
    next working day when it is not one. ``cutoff``: received at or after it (local time) → counting starts on
    the next working day.
    """
    if duration is None:
        return None
    begin = _counting_start(start, cutoff, calendar)
    if duration.unit == DurationUnit.DAYS:
        last = begin.date() + timedelta(days=math.ceil(duration.value))
        if not is_working_day(day=last, calendar=calendar):
            last = next_working_day(after=last, calendar=calendar)
        return datetime.combine(last, calendar.office_hours.periods[-1][1], tzinfo=calendar.tz)
    return _add_working_time(begin, _working_amount(duration, calendar), calendar)


def working_time_between(*, start: datetime, end: datetime, calendar: WorkCalendar) -> timedelta:
    """Office time elapsed from ``start`` to ``end`` (zero when ``end`` is not after ``start``)."""
    start, end = _local(start, calendar), _local(end, calendar)
    total = timedelta()
    if end <= start:
        return total
    for opens, closes in _periods_from(start, calendar):
        if opens >= end:
            break
        total += min(closes, end) - opens
    return total


def shift_due(*, due: datetime, paused: timedelta, calendar: WorkCalendar) -> datetime:
    """Move a due moment by ``paused`` office time (the clock was stopped during a supplement request)."""
    if paused < timedelta():
        raise ValueError("The paused time cannot be negative.")
    local = _local(due, calendar)
    if not paused:
        return local
    return _add_working_time(local, paused, calendar)
