"""The officer's reads: the reception queue, "việc của tôi", one dossier, its files, results, register and history.

Every read is given the officer and returns only what they may see (``dossiers.access``); anything else is
``NotFound`` — the page is a 404, never a hint that the dossier exists. Lists are keyset-paginated (no OFFSET, no
COUNT over the big tables): a page is ``limit`` rows after the last (sort key, id) of the previous page.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.workdays.calendar import TimeLeft, Timeliness, time_left, timeliness
from motcua.workdays.selectors import CalendarCache

from ..access import officer_dossier_filter, officer_roles, reception_agency_ids
from ..models import Dossier, DossierEvent, DossierFile, DossierResult, DossierTask
from ..workflow import FINISHED_STATES, State

_NOT_FOUND = "Không tìm thấy hồ sơ."
PAGE = 50


@dataclass(frozen=True)
class Page[T]:
    rows: list[T]
    next_cursor: str  # empty on the last page


def _cursor(moment: datetime | None, pk: int) -> str:
    return f"{moment.timestamp() if moment else ''}_{pk}"


def _parse_cursor(cursor: str) -> tuple[datetime | None, int] | None:
    """The (sort key, id) a cursor carries; None for anything we did not write (the first page is read then)."""
    try:
        stamp, pk = cursor.rsplit("_", 1)
        moment, number = (datetime.fromtimestamp(float(stamp), tz=UTC) if stamp else None), int(pk)
    except (ValueError, OverflowError, OSError):  # "inf", "1e300": out of the platform's time range
        return None
    return (moment, number) if 0 < number < 2**63 else None  # an id no row can have (nor the database compare)


def _keyset(
    queryset: QuerySet, field: str, cursor: str, limit: int, *, related: tuple[str, ...], nullable: bool = False
) -> tuple[list, str]:
    """One page of ``queryset`` (filtered; ordered here by ``field`` NULLS LAST, then id) after ``cursor``.

    The page's ids are chosen by a narrow query on the list's own index (index-only, no join), then only those
    rows are loaded with ``related``: the joins never run over the whole list, whatever the plan of the narrow
    part. The cursor is a range (``field >= moment AND (field > moment OR id > pk)``), so the index scan starts at
    the cursor instead of reading everything after it; an OR with ``field IS NULL`` would defeat that, so rows
    without the sort key (``nullable``) are a second narrow query, read once the dated ones run out.
    Measured at 1,000,000 dossiers on PostgreSQL: every page p95 13–16 ms (docs/benchmarks.md).
    """
    ordering = (F(field).asc(nulls_last=True), "id")
    ids = queryset.order_by(*ordering).values("id")
    undated = ids.filter(**{f"{field}__isnull": True})
    parsed = _parse_cursor(cursor) if cursor else None
    if parsed is None:
        chosen = [ids]
    elif parsed[0] is None:  # already among the rows without the sort key, which come last
        chosen = [undated.filter(id__gt=parsed[1])]
    else:
        moment, pk = parsed
        after = Q(**{f"{field}__gte": moment}) & (Q(**{f"{field}__gt": moment}) | Q(id__gt=pk))
        chosen = [ids.filter(after), undated] if nullable else [ids.filter(after)]
    rows: list = []
    for narrow in chosen:
        wanted = limit + 1 - len(rows)
        rows += queryset.model.objects.filter(id__in=narrow[:wanted]).select_related(*related).order_by(*ordering)
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_cursor(getattr(rows[-1], field), rows[-1].pk) if more else "")


def reception_queue_for_officer(*, officer: User, cursor: str = "", limit: int = PAGE) -> Page[Dossier]:
    """Online dossiers waiting for reception ("chờ tiếp nhận trực tuyến") at the officer's desks, oldest first."""
    queryset = Dossier.objects.filter(agency_id__in=reception_agency_ids(officer=officer), state=State.SUBMITTED)
    rows, following = _keyset(queryset, "submitted_at", cursor, limit, related=("procedure", "agency"))
    return Page(rows, following)


def results_to_return_for_officer(*, officer: User, cursor: str = "", limit: int = PAGE) -> Page[Dossier]:
    """Dossiers with a result ready ("Đã xử lý xong") at the officer's desks, to hand over ("Trả kết quả")."""
    queryset = Dossier.objects.filter(agency_id__in=reception_agency_ids(officer=officer), state=State.RESULT_READY)
    rows, following = _keyset(queryset, "finished_at", cursor, limit, related=("procedure", "agency"))
    return Page(rows, following)


def tasks_for_officer(*, officer: User, cursor: str = "", limit: int = PAGE) -> Page[DossierTask]:
    """ "Việc của tôi": the open steps of every (agency, role) the officer holds, the most urgent first
    (steps without a due time last)."""
    pairs = officer_roles(officer=officer)
    if not pairs:
        return Page([], "")
    held = Q()
    for agency_id, role in pairs:
        held |= Q(agency_id=agency_id, role=role)
    queryset = DossierTask.objects.filter(held, finished_at__isnull=True)
    related = ("dossier", "dossier__procedure", "dossier__agency", "agency")
    rows, following = _keyset(queryset, "due_at", cursor, limit, related=related, nullable=True)
    return Page(rows, following)


def dossier_get_for_officer(*, officer: User, code: str) -> Dossier:
    """One dossier the officer may see, by its code; ``NotFound`` otherwise."""
    dossier = (
        Dossier.objects.filter(officer_dossier_filter(officer=officer), code=code)
        .exclude(state=State.DRAFT)
        .select_related("procedure", "agency", "case", "agency__served_by")
        .first()
    )
    if dossier is None:
        raise NotFound(_NOT_FOUND)
    return dossier


def dossier_file_get_for_officer(*, officer: User, code: str, public_id: str) -> DossierFile:
    dossier = dossier_get_for_officer(officer=officer, code=code)
    found = DossierFile.objects.filter(dossier=dossier, public_id=_uuid_or_none(public_id)).first()
    if found is None:
        raise NotFound("Không tìm thấy tệp.")
    return found


def dossier_result_get_for_officer(*, officer: User, code: str, public_id: str) -> DossierResult:
    dossier = dossier_get_for_officer(officer=officer, code=code)
    result = DossierResult.objects.filter(dossier=dossier, public_id=_uuid_or_none(public_id)).first()
    if result is None:
        raise NotFound("Không tìm thấy kết quả.")
    return result


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def result_get_public(*, code: str) -> DossierResult:
    """A SIGNED result by its code, for the public verification page (the QR code); no personal data is read."""
    result = (
        DossierResult.objects.filter(code=code, signed_at__isnull=False)
        .select_related("dossier__agency", "dossier__procedure")
        .first()
    )
    if result is None:
        raise NotFound("Không tìm thấy văn bản kết quả với mã này.")
    return result


def dossier_history(*, dossier: Dossier) -> tuple[list[DossierEvent], list[DossierTask]]:
    """The events and the hand-overs of a dossier the caller already reached through a scoped selector."""
    return list(dossier.events.all()), list(dossier.tasks.select_related("agency").order_by("started_at", "id"))


@dataclass(frozen=True)
class Deadline:
    left: TimeLeft | None
    timeliness: Timeliness | None


def deadline_of(
    *,
    due: datetime | None,
    finished: datetime | None,
    agency,
    now: datetime | None = None,
    calendars: CalendarCache | None = None,
) -> Deadline:
    """Time left (or overdue) and trước hạn / đúng hạn / quá hạn, derived from the due and finishing times.
    ``calendars``: share one per page when many rows are judged (each agency's calendar is read once)."""
    if due is None:
        return Deadline(None, None)
    now = now or timezone.now()
    calendar = (calendars or CalendarCache()).of(agency)
    left = None if finished is not None else time_left(due=due, now=now, calendar=calendar)
    return Deadline(left, timeliness(due=due, finished=finished, now=now, calendar=calendar))


def dossier_deadline(
    *, dossier: Dossier, now: datetime | None = None, calendars: CalendarCache | None = None
) -> Deadline:
    finished = dossier.finished_at if dossier.state in FINISHED_STATES else None
    return deadline_of(due=dossier.due_at, finished=finished, agency=dossier.agency, now=now, calendars=calendars)


def dossier_open_task(*, dossier: Dossier) -> DossierTask | None:
    """The step the dossier is at now (at most one is open), or None (not yet received, or finished). The caller
    reached ``dossier`` through a scoped selector (or holds its lock, in a service)."""
    return DossierTask.objects.filter(dossier=dossier, finished_at__isnull=True).select_related("agency").first()


def register_for_officer(*, officer: User, agency_id: int, start: datetime, end: datetime) -> list[Dossier]:
    """Form 07 "Sổ theo dõi hồ sơ": the dossiers received by one agency the officer works for, in a period."""
    if agency_id not in {pair[0] for pair in officer_roles(officer=officer)} | reception_agency_ids(officer=officer):
        raise NotFound("Không tìm thấy cơ quan.")
    return list(
        Dossier.objects.filter(agency_id=agency_id, received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "agency")
        .prefetch_related("tasks", "events")
        .order_by("received_at", "id")
    )
