from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "motcua.backoffice"
    label = "backoffice"
    verbose_name = "Một cửa điện tử"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from .signals import totp_activated

        authenticator_added.connect(totp_activated, dispatch_uid="backoffice_totp_activated")
