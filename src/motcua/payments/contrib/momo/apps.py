from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.payments.contrib.momo"
    label = "payments_momo"

    def ready(self) -> None:
        from . import provider  # noqa: F401  (registers the provider)
