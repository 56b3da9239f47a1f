"""Reads on land obligations (tax notices), each given who asks.

``tax_notices_for_officer``: what an officer's agencies received (the back-office page).
``tax_notice_for_partner``: one notice by its number, for a partner system authenticated with the right scope
(the tax authority reads back the notices it sent). Citizens find theirs by their keys:
``services.land.tax_notices_lookup``.
"""

from motcua.accounts.models import StaffRole, User
from motcua.accounts.selectors import officer_has_role
from motcua.core.errors import NotFound
from motcua.dossiers.access import officer_agency_ids

from ..models import TaxNotice

IMPORTING_ROLES = (StaffRole.RECEPTION, StaffRole.SPECIALIST)


def officer_may_import_tax_notices(*, officer: User) -> bool:
    """Reception officers and specialists take in tax notices for their agencies' dossiers."""
    return any(officer_has_role(officer=officer, role=role) for role in IMPORTING_ROLES)


def tax_notices_for_officer(*, officer: User, limit: int = 50, paid: bool | None = None) -> list[TaxNotice]:
    """The latest notices of dossiers ``officer`` may open, newest first (``paid``: only paid / unpaid ones)."""
    agency_ids = officer_agency_ids(officer=officer)
    if not agency_ids:
        return []
    notices = TaxNotice.objects.filter(order__dossier__agency_id__in=agency_ids)
    if paid is not None:
        notices = notices.filter(order__state="paid") if paid else notices.exclude(order__state="paid")
    notices = notices.select_related("order", "order__dossier").order_by("-received_at", "-id")
    return list(notices[: max(1, min(limit, 500))])


def tax_notice_for_partner(*, notice_number: str) -> TaxNotice:
    """The notice numbered ``notice_number`` (spaces and case ignored), or NotFound."""
    number = "".join((notice_number or "").split()).upper()
    notice = (
        TaxNotice.objects.filter(notice_number=number).select_related("order", "order__dossier").first()
        if number
        else None
    )
    if notice is None:
        raise NotFound("Không tìm thấy thông báo có số này.")
    return notice
