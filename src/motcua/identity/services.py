"""Writes on identity: signing a citizen in with what an identity provider vouched for."""

import logging

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.services import citizen_upsert_from_identity

from .base import IdentityClaims
from .models import ExternalIdentity

logger = logging.getLogger(__name__)


@transaction.atomic
def identity_sign_in(*, provider: str, claims: IdentityClaims) -> User:
    """The citizen account for this identity: linked on the first sign-in, found again (and refreshed) after.

    Raises ``DomainError`` (nothing created, nothing linked) for an officer, an organisation, a locked account
    or an ID number already held by another account. The caller signs the returned user in.
    """
    now = timezone.now()
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=claims.subject)
        .first()
    )
    user = citizen_upsert_from_identity(
        user=link.user if link else None,
        id_number=claims.id_number,
        identity_level=claims.identity_level,
        verified_at=now,
        full_name=claims.full_name,
        date_of_birth=claims.date_of_birth,
        sex=claims.sex,
        nationality=claims.nationality,
        address=claims.address,
        email=claims.email,
        phone=claims.phone,
    )
    if link is None:
        # The account may be linked under an older subject (the provider re-issued it): the provider vouched
        # for the same ID number, so the link moves to the new subject rather than a second link being made.
        link = ExternalIdentity.objects.select_for_update().filter(provider=provider, user=user).first()
        if link is not None:
            logger.warning("Identity link of user %s at %s moved to a new subject", user.pk, provider)
            link.subject = claims.subject
        else:
            link = ExternalIdentity(provider=provider, subject=claims.subject, user=user)
    link.last_acr = claims.acr
    link.last_claims = claims.raw
    link.last_login_at = now
    link.save()
    return user
