from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
