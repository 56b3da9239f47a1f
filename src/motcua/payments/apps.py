from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    verbose_name = "Thanh toán phí, lệ phí"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the configuration check of every enabled provider)
        from .services import orders  # noqa: F401  (registers fee_orders_on_transition with dossiers.hooks)
