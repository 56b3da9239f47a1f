"""Reads on identity, always for the person asking."""

from motcua.accounts.models import AccountKind, User

from .models import ExternalIdentity


def external_identities_for_user(*, user: User) -> list[ExternalIdentity]:
    """The signed-in person's own links to identity providers (newest sign-in first)."""
    if not user.is_authenticated:
        return []
    return list(ExternalIdentity.objects.filter(user=user).order_by("-last_login_at"))


def identity_level_missing(*, user: User, required_level: int, proven_level: int) -> bool:
    """Whether ``user`` must first prove ``required_level`` (through VNeID) before acting.

    Level 1 is any citizen account (VNeID, or registered at the counter). Level 2 must have been proven by this
    very sign-in (``proven_level``: the provider's returned acr). Organisations sign in with their own credentials.
    """
    return required_level >= 2 and user.kind == AccountKind.CITIZEN and proven_level < required_level
