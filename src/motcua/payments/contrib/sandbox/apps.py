from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.payments.contrib.sandbox"
    label = "payments_sandbox"

    def ready(self) -> None:
        from . import provider  # noqa: F401  (registers the provider)
