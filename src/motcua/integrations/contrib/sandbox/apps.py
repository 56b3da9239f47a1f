from django.apps import AppConfig


class Config(AppConfig):
    name = "motcua.integrations.contrib.sandbox"
    label = "integrations_sandbox"
    verbose_name = "Cổng DVC quốc gia thử nghiệm"

    def ready(self) -> None:
        from . import adapter  # noqa: F401  (registers the "sandbox" national adapter)
