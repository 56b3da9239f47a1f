"""Statistics ("Thống kê") under /mot-cua/thong-ke/."""

from django.urls import path

from .views import drill, exports, indicators, report

STATISTICS = "thong-ke/"

urlpatterns = [
    path(STATISTICS, report.statistics, name="statistics"),
    path(f"{STATISTICS}ho-so/", drill.dossiers, name="statistics_dossiers"),
    path(f"{STATISTICS}chi-so-766/", indicators.indicators, name="statistics_766"),
    path(f"{STATISTICS}xuat/", exports.export_create, name="statistics_export"),
    path(f"{STATISTICS}xuat/<uuid:public_id>/", exports.export_job, name="statistics_export_job"),
    path(f"{STATISTICS}xuat/<uuid:public_id>/trang-thai/", exports.export_status, name="statistics_export_status"),
    path(f"{STATISTICS}xuat/<uuid:public_id>/tai-ve/", exports.export_download, name="statistics_export_download"),
]
