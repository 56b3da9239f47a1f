"""The sandbox national portal, mounted at /sandbox/cong-dvc-quoc-gia/ when MOTCUA_NATIONAL_SANDBOX is on."""

from django.urls import path

from . import views

app_name = "national_sandbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("ho-so/<str:code>/", views.dossier, name="dossier"),
    path("che-do/", views.behaviour, name="behaviour"),
    path("api/dong-bo/", views.receive, name="receive"),
]
