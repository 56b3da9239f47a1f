"""Writes on accounts in general."""

from django.db import transaction

from ..models import User


@transaction.atomic
def user_ensure(*, username: str, password: str, full_name: str, email: str = "", superuser: bool = False) -> User:
    """Create the account if it does not exist; never overwrite what a person changed since."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "email": email, "is_staff": superuser, "is_superuser": superuser},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
