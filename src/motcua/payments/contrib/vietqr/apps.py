from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.payments.contrib.vietqr"
    label = "payments_vietqr"

    def ready(self) -> None:
        from . import provider  # noqa: F401  (registers the provider)
