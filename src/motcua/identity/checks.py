"""Every registered identity provider's ``check_config()`` as a Django system check (``manage.py check``)."""

from django.core import checks

from .base import identity_provider, identity_providers


def check_identity_providers(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(f"{key}: {problem}", hint="See docs/configuration.md (MOTCUA_VNEID_*).", id="motcua.identity.E001")
        for key in identity_providers
        for problem in identity_provider(key).check_config()
    ]
