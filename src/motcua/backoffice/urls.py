from django.urls import include, path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("dang-ky-tai-khoan/", views.citizen_register, name="citizen_register"),
    path("dang-ky-tai-khoan/<int:citizen_id>/da-gui/", views.citizen_register_done, name="citizen_register_done"),
    path("", include("motcua.backoffice.reception.urls")),
    path("", include("motcua.backoffice.processing.urls")),
    path("", include("motcua.backoffice.counter.urls")),
    path("", include("motcua.backoffice.workflow.urls")),
    path("", include("motcua.backoffice.payments.urls")),
    path("", include("motcua.backoffice.land.urls")),
    path("", include("motcua.backoffice.national_sync")),
    path("", include("motcua.backoffice.reports.urls")),
]
