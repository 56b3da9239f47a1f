"""Reads on identity, always for the person asking."""

from motcua.accounts.models import User

from .models import ExternalIdentity


def external_identities_for_user(*, user: User) -> list[ExternalIdentity]:
    """The signed-in person's own links to identity providers (newest sign-in first)."""
    if not user.is_authenticated:
        return []
    return list(ExternalIdentity.objects.filter(user=user).order_by("-last_login_at"))
