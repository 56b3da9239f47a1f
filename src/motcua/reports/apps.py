from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = "Thống kê, báo cáo"
