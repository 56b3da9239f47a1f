from django.urls import path

from . import views

urlpatterns = [
    path("thong-ke/", views.dashboard, name="statistics"),
]
