from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.payments.contrib.paygov"
    label = "payments_paygov"

    def ready(self) -> None:
        from . import provider  # noqa: F401  (registers the provider)
