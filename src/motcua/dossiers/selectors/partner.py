"""A partner system's reads (through the REST API): the dossiers of its one agency, nothing else.

Every read takes the partner's agency; a dossier of another agency — or a draft — is ``NotFound``, exactly like
one that does not exist (the API answers 404, never 403: it does not confirm that the code exists).
The list is keyset-paginated on (``updated_at``, id), oldest change first: a partner syncing "what changed since"
reads each page after the last row of the previous one; a dossier that changes meanwhile moves to the end and is
read again there, and rows that did not change are neither skipped nor repeated.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from motcua.catalogue.models import Agency
from motcua.core.errors import NotFound

from ..models import Dossier, DossierEvent, DossierFile, DossierResult
from ..workflow import State

_NOT_FOUND = "Không tìm thấy hồ sơ."
_CURSOR_FORMAT = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class PartnerPage:
    rows: list[Dossier]
    next_cursor: str  # empty on the last page


def _visible(agency: Agency) -> QuerySet[Dossier]:
    return Dossier.objects.filter(agency_id=agency.pk).exclude(state=State.DRAFT).exclude(code=None)


def partner_cursor(dossier: Dossier) -> str:
    return f"{dossier.updated_at.astimezone(UTC).strftime(_CURSOR_FORMAT)}_{dossier.pk}"


def partner_cursor_parse(cursor: str) -> tuple[datetime, int] | None:
    """The (updated_at, id) a cursor carries; None when it is not one we wrote."""
    try:
        stamp, pk = cursor.strip().split("_", 1)
        moment, number = datetime.strptime(stamp, _CURSOR_FORMAT).replace(tzinfo=UTC), int(pk)
    except ValueError:
        return None
    return (moment, number) if 0 < number < 2**63 else None


def dossier_list_for_partner(
    *, agency: Agency, state: str = "", updated_since: datetime | None = None, cursor: str = "", limit: int = 50
) -> PartnerPage:
    """One page of the agency's dossiers (``state``, changed at or after ``updated_since``), oldest change first.

    ``cursor`` must come from a previous page (``partner_cursor_parse``); the caller refuses any other.
    """
    dossiers = _visible(agency)
    if state:
        dossiers = dossiers.filter(state=state)
    if updated_since is not None:
        dossiers = dossiers.filter(updated_at__gte=updated_since)
    after = partner_cursor_parse(cursor) if cursor else None
    if after is not None:
        moment, pk = after
        dossiers = dossiers.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, pk__gt=pk))
    rows = list(dossiers.select_related("procedure", "case", "agency").order_by("updated_at", "pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return PartnerPage(rows=rows, next_cursor=partner_cursor(rows[-1]) if more else "")


def dossier_get_for_partner(*, agency: Agency, code: str) -> Dossier:
    """One dossier of the agency by its code; NotFound for anything else (another agency's, a draft, unknown)."""
    code = code.strip()
    dossier = _visible(agency).filter(code=code).select_related("procedure", "case", "agency").first() if code else None
    if dossier is None:
        raise NotFound(_NOT_FOUND)
    return dossier


def dossier_events_for_partner(*, agency: Agency, dossier: Dossier) -> QuerySet[DossierEvent]:
    """The whole history of one of the agency's dossiers, oldest first (the partner works inside the agency)."""
    return DossierEvent.objects.filter(dossier=dossier, dossier__agency_id=agency.pk).order_by("at", "id")


def dossier_files_for_partner(*, agency: Agency, dossier: Dossier) -> QuerySet[DossierFile]:
    return DossierFile.objects.filter(dossier=dossier, dossier__agency_id=agency.pk).order_by("created_at", "id")


def dossier_results_for_partner(*, agency: Agency, dossier: Dossier) -> QuerySet[DossierResult]:
    return DossierResult.objects.filter(dossier=dossier, dossier__agency_id=agency.pk).order_by("number")
