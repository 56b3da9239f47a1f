"""Reads on accounts, always for the person asking."""

from dataclasses import dataclass

from .models import AccountKind, CitizenProfile, Organisation, StaffMembership, User


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
