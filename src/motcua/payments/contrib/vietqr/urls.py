"""Protocol endpoints of the vietqr provider under /thanh-toan/vietqr/."""

from django.urls import path

from . import views

app_name = "pay_vietqr"
urlpatterns = [path("webhook/", views.webhook, name="webhook")]
