"""Reads on accounts, always for the person asking."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.catalogue.models import Agency
from motcua.core.errors import NotFound

from .models import AccountKind, CitizenProfile, CounterRegistration, EDataItem, Organisation, StaffMembership, User


@dataclass(frozen=True)
class AccountSummary:
    user: User
    citizen: CitizenProfile | None
    organisation: Organisation | None
    memberships: list[StaffMembership]

    @property
    def kind_label(self) -> str:
        return AccountKind(self.user.kind).label


def account_summary(*, user: User) -> AccountSummary:
    """The signed-in person's own account, profile and (for officers) memberships."""
    citizen = CitizenProfile.objects.filter(user=user).first()
    organisation = Organisation.objects.filter(user=user).first()
    memberships = list(StaffMembership.objects.filter(user=user).select_related("agency").order_by("agency__name"))
    return AccountSummary(user=user, citizen=citizen, organisation=organisation, memberships=memberships)


# --- Officers: memberships and roles ------------------------------------------------------------------------


def _is_active_officer(user: object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "kind", None) == AccountKind.OFFICER
    )


def officer_memberships(*, officer: User) -> list[StaffMembership]:
    """The officer's roles in active agencies, agency by agency; empty for anyone who is not an active officer."""
    if not _is_active_officer(officer):
        return []
    return list(
        StaffMembership.objects.filter(user=officer, agency__is_active=True)
        .select_related("agency")
        .order_by("agency__position", "agency__name", "role")
    )


def officer_can_sign_in(*, user: User) -> bool:
    """May this account use the back office at all: an active officer with at least one role."""
    return _is_active_officer(user) and StaffMembership.objects.filter(user=user, agency__is_active=True).exists()


def officer_has_role(*, officer: User, role: str, agency: Agency | None = None) -> bool:
    """Does the officer hold ``role`` (a ``StaffRole``) — in ``agency`` if given, in any active agency if not."""
    if not _is_active_officer(officer):
        return False
    memberships = StaffMembership.objects.filter(user=officer, role=role, agency__is_active=True)
    if agency is not None:
        memberships = memberships.filter(agency=agency)
    return memberships.exists()


def officers_holding(*, agency_id: int, roles: list[str]) -> list[User]:
    """The active officers holding any of ``roles`` in one agency (who to tell about a step's deadline)."""
    return list(
        User.objects.filter(
            kind=AccountKind.OFFICER,
            is_active=True,
            memberships__agency_id=agency_id,
            memberships__role__in=roles,
        ).distinct()
    )


def officer_agencies_with_role(*, officer: User, role: str) -> list[Agency]:
    """The active agencies where the officer holds ``role``, in the agency tree's order."""
    return [membership.agency for membership in officer_memberships(officer=officer) if membership.role == role]


def counter_registration_for_officer(*, officer: User, citizen_id: int) -> CounterRegistration:
    """A citizen account this officer opened at the counter (the confirmation page); NotFound for anything else."""
    registration = (
        CounterRegistration.objects.select_related("citizen", "citizen__citizen", "agency")
        .filter(officer=officer, citizen_id=citizen_id)
        .first()
    )
    if registration is None or not _is_active_officer(officer):
        raise NotFound(_("Không tìm thấy tài khoản công dân do bạn đăng ký."))
    return registration


def edata_items_for_owner(*, user) -> QuerySet[EDataItem]:
    """``user``'s "Kho dữ liệu cá nhân", newest first."""
    return EDataItem.objects.filter(owner_id=user.pk).order_by("-created_at", "-id")


def edata_item_get_for_owner(*, user, public_id: str) -> EDataItem:
    """One item of ``user``'s own data store; NotFound for anybody else's."""
    try:
        item = edata_items_for_owner(user=user).filter(public_id=public_id).first()
    except (ValueError, ValidationError):
        item = None
    if item is None:
        raise NotFound("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
    return item
