"""Build a ``WorkCalendar`` from the ``holidays`` package, the administrators' overrides and office hours."""

from datetime import date

from django.db.models import Model, Q
from django.utils import timezone

from .calendar import MONDAY_TO_FRIDAY, OfficeHours, WorkCalendar, public_calendar
from .models import CalendarOverride
from .models import OfficeHours as OfficeHoursRow

YEARS_BACK = 10  # old dossiers still need their elapsed working time
YEARS_AHEAD = 5


def _office_hours(agency_id: int | None) -> OfficeHours:
    row = OfficeHoursRow.objects.filter(agency_id=agency_id).first() if agency_id is not None else None
    if row is None:
        return OfficeHours()
    weekdays = MONDAY_TO_FRIDAY | {5} if row.works_saturday else MONDAY_TO_FRIDAY
    periods = ((row.morning_opens, row.morning_closes), (row.afternoon_opens, row.afternoon_closes))
    return OfficeHours(periods=periods, weekdays=frozenset(weekdays))


def calendar_for(*, agency: Model | None = None, today: date | None = None) -> WorkCalendar:
    """The calendar of ``agency`` (province-wide when None). Loaded per call: two small queries."""
    agency_id = agency.pk if agency is not None else None
    this_year = (today or timezone.localdate()).year
    first_year, last_year = this_year - YEARS_BACK, this_year + YEARS_AHEAD
    public_off, public_working = public_calendar(first_year=first_year, last_year=last_year)
    days_off, working = set(public_off), set(public_working)
    scope = Q(agency__isnull=True) | Q(agency_id=agency_id) if agency_id is not None else Q(agency__isnull=True)
    overrides = CalendarOverride.objects.filter(
        scope, date__year__gte=first_year, date__year__lte=last_year
    ).values_list("date", "kind", "agency_id")
    # The agency's own override wins over a province-wide one on the same date.
    for day, kind, _ in sorted(overrides, key=lambda row: row[2] is not None):
        if kind == CalendarOverride.Kind.WORKING_DAY:
            working.add(day)
            days_off.discard(day)
        else:
            days_off.add(day)
            working.discard(day)
    return WorkCalendar(
        first_year=first_year,
        last_year=last_year,
        days_off=frozenset(days_off),
        working_days=frozenset(working),
        office_hours=_office_hours(agency_id),
    )


class CalendarCache:
    """One calendar per agency for the length of a page or a task run: ``calendar_for`` reads the database (the
    agency's overrides and office hours), so a list of rows builds each agency's calendar once."""

    def __init__(self) -> None:
        self._by_agency: dict[int | None, WorkCalendar] = {}

    def of(self, agency: Model | None) -> WorkCalendar:
        key = agency.pk if agency is not None else None
        if key not in self._by_agency:
            self._by_agency[key] = calendar_for(agency=agency)
        return self._by_agency[key]
