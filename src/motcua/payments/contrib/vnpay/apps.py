from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.payments.contrib.vnpay"
    label = "payments_vnpay"

    def ready(self) -> None:
        from . import provider  # noqa: F401  (registers the provider)
