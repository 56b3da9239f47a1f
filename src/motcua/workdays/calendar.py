"""The working-time calendar: pure functions, no database.

Every computation takes a ``WorkCalendar`` (built by ``selectors.calendar_for``) and aware datetimes; results are
aware datetimes in the calendar's time zone (Asia/Ho_Chi_Minh). Office time is a set of half-open periods
``[opens, closes)`` per working day; a due moment may equal a period's close (11:30, 17:00).

Reading a due moment (``time_left``, ``timeliness``, ``due_soon``): overdue is never stored, it is derived from the
due moment and the clock. ``due`` is always the *current* due moment, already moved by ``shift_due`` for the time
the clock was paused during a supplement request.
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
from django.utils.translation import gettext, ngettext

from motcua.core.errors import DomainError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})
DEFAULT_PERIODS = ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
ONE_HOUR = timedelta(hours=1)
ONE_MINUTE = timedelta(minutes=1)


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


def _span_text(days: int, hours: int, minutes: int) -> str:
    parts = []
    if days:
        parts.append(ngettext("%(count)d ngày", "%(count)d ngày", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d giờ", "%(count)d giờ", hours) % {"count": hours})
    if minutes and not days:
        parts.append(ngettext("%(count)d phút", "%(count)d phút", minutes) % {"count": minutes})
    return " ".join(parts)


def working_span_text(amount: timedelta, *, day_length: timedelta) -> str:
    """``2 ngày 3 giờ``, ``5 giờ 30 phút``, ``45 phút``: office time in working days of ``day_length`` (minutes only
    under a day, every part truncated); empty under a minute. The same words as ``TimeLeft.label``."""
    days, rest = divmod(amount, day_length)
    return _span_text(days, rest // timedelta(hours=1), rest % timedelta(hours=1) // timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class TimeLeft:
    """How much office time is left before the due moment (or has gone by since it, when ``overdue``).

    ``working`` is office time only (nights, lunch breaks, weekends and days off do not count) and is never
    negative. ``days`` / ``hours`` / ``minutes`` break it down in WORKING days of the calendar's
    ``office_hours.day_length`` (8 hours by default), so "1 ngày" means one full office day, not 24 hours.

    ``label`` is what a clerk reads in a list of dossiers, short and in the same units as the legal time limits:

    - ``"2 ngày 3 giờ còn lại"``, ``"1 ngày còn lại"`` — minutes are shown only when the amount is under one working
      day, where they start to matter (``"5 giờ 30 phút còn lại"``, ``"45 phút còn lại"``);
    - ``"còn dưới 1 phút"`` when under a minute (or nothing) is left but the due moment has not passed;
    - ``"quá hạn 1 ngày 2 giờ"``, ``"quá hạn 40 phút"`` once the due moment has passed;
    - ``"quá hạn"`` alone when it has passed but less than a minute of office time has gone by since (e.g. on
      Saturday for a dossier due on Friday at 17:00: it is late, but no office time has been lost).

    Zero parts are left out and every part is truncated, never rounded up: the time left is never overstated and
    the delay reads in completed units. At the due moment itself the item is not overdue yet.
    """

    overdue: bool
    working: timedelta
    days: int
    hours: int
    minutes: int

    @property
    def label(self) -> str:
        amount = _span_text(self.days, self.hours, self.minutes)
        if self.overdue:
            return gettext("quá hạn %(amount)s") % {"amount": amount} if amount else gettext("quá hạn")
        return gettext("%(amount)s còn lại") % {"amount": amount} if amount else gettext("còn dưới 1 phút")

    def __str__(self) -> str:
        return self.label


def time_left(*, due: datetime, now: datetime, calendar: WorkCalendar) -> TimeLeft:
    """The office time from ``now`` to ``due``, or since ``due`` when ``now`` is after it (overdue)."""
    due, now = _local(due, calendar), _local(now, calendar)
    overdue = now > due
    working = (
        working_time_between(start=due, end=now, calendar=calendar)
        if overdue
        else working_time_between(start=now, end=due, calendar=calendar)
    )
    day_length = calendar.office_hours.day_length
    days, rest = divmod(working, day_length)
    return TimeLeft(
        overdue=overdue, working=working, days=days, hours=rest // ONE_HOUR, minutes=rest % ONE_HOUR // ONE_MINUTE
    )


class Timeliness(enum.StrEnum):
    """Trước hạn / đúng hạn / quá hạn, as the back office shows it per dossier and per workflow step."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {
            Timeliness.EARLY: gettext("Trước hạn"),
            Timeliness.ON_TIME: gettext("Đúng hạn"),
            Timeliness.LATE: gettext("Quá hạn"),
        }[self]


def timeliness(
    *, due: datetime | None, finished: datetime | None, now: datetime, calendar: WorkCalendar
) -> Timeliness | None:
    """Early, on time or late, judged on the local (calendar time zone) day of the due moment.

    - No due date (a procedure without a time limit) → ``None``.
    - Finished (result ready, returned, stopped, refused or withdrawn): after the due moment → ``LATE``; on the
      due moment's day and not after it → ``ON_TIME``; on an earlier day → ``EARLY``. This is what the 766
      indicators and the periodic report count (finished: early / on time / late).
    - Still open: judged as if it were finished ``now`` — ``LATE`` once the due moment has passed (overdue),
      ``ON_TIME`` on the due day itself ("due today"), ``EARLY`` before it. The report's "in progress" columns
      read ``LATE`` as overdue and the other two as within time.

    The due moment itself is on time: "no later than the due date" (``finished == due`` → ``ON_TIME``).
    """
    if due is None:
        return None
    due = _local(due, calendar)
    moment = _local(finished if finished is not None else now, calendar)
    if moment > due:
        return Timeliness.LATE
    if moment.date() < due.date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def due_soon(*, due: datetime | None, now: datetime, calendar: WorkCalendar, within: timedelta) -> bool:
    """Not overdue yet and at most ``within`` office time left (reminders, overdue-risk flags).

    ``within`` is office time, like the time limits: ``timedelta(hours=8)`` means "one working day left", so a
    dossier due on Monday at 10:00 is due soon from Friday at 10:00 on. Call it for open items only; an item
    without a due date is never due soon, and an overdue one is no longer "soon" (see ``time_left``).
    """
    if within < timedelta():
        raise ValueError("The warning window cannot be negative.")
    if due is None:
        return False
    left = time_left(due=due, now=now, calendar=calendar)
    return not left.overdue and left.working <= within
