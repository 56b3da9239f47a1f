from django.urls import path

from . import views

app_name = "certificate"

urlpatterns = [
    path("", views.start, name="start"),
    path("challenge.txt", views.challenge_file, name="challenge_file"),
]
