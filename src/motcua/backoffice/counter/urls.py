"""Counter intake ("Tiếp nhận hồ sơ trực tiếp"): a walk-in dossier entered, scanned and received at the desk."""

from django.urls import path

from . import views

DRAFT = "tiep-nhan-truc-tiep/<uuid:public_id>/"

urlpatterns = [
    path("tiep-nhan-truc-tiep/", views.counter_start, name="counter_start"),
    path(DRAFT, views.counter_draft, name="counter_draft"),
    path(f"{DRAFT}thanh-phan/<int:component_id>/", views.counter_upload, name="counter_upload"),
    path(f"{DRAFT}tiep-nhan/", views.counter_receive, name="counter_receive"),
]
