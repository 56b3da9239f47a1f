from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("thu-tuc/", views.procedure_search, name="procedure_search"),
    path("thu-tuc/goi-y/", views.procedure_suggest, name="procedure_suggest"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<str:code>/nop-ho-so/", views.procedure_submit, name="procedure_submit"),
    path("tra-cuu-ho-so/", views.dossier_lookup, name="dossier_lookup"),
    path("huong-dan/", views.guides, name="guides"),
    path("hop-thu/", views.outbox, name="outbox"),
    path("hien-thi/", views.display_settings, name="display_settings"),
    path("tai-khoan/dang-ky/", views.register, name="register"),
    path("tai-khoan/dang-ky/vneid/", views.register_vneid, name="register_vneid"),
    path("ca-nhan/", views.profile, name="profile"),
]
