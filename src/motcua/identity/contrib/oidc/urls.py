from django.urls import path

from . import views

app_name = "vneid"

urlpatterns = [
    path("dang-nhap/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
]
