from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    verbose_name = "Kết nối hệ thống khác"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (the national adapter's configuration check)
        from .services import outbox  # noqa: F401  (registers integrations_on_transition with dossiers.hooks)
