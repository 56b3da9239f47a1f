"""Statistics: rollups of the dossiers into summary tables, the periodic report, the indicators of Decision 766,
exports, the public dashboard's figures and the portal's visit counter."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        from .services import refresh  # noqa: F401  (registers dossier_mark_on_transition with dossiers.hooks)
