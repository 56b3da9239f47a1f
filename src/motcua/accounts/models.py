from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Every person who signs in: citizens, organisations' representatives and officers.

    Profiles (citizen identity, organisation, staff memberships) hang off this model in their own tables.
    """

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.get_username()
