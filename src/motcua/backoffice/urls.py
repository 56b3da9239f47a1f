from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
]
