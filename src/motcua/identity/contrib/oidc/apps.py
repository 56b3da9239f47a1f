from django.apps import AppConfig
from django.core import checks


class OidcConfig(AppConfig):
    name = "motcua.identity.contrib.oidc"
    label = "identity_oidc"
    verbose_name = "Đăng nhập VNeID (OpenID Connect)"

    def ready(self) -> None:
        from motcua.identity.checks import check_identity_providers

        from . import provider  # noqa: F401 - registers the "vneid" identity provider

        # Registered here because this app brings the first provider; registering twice is harmless.
        checks.register(check_identity_providers, "motcua")
