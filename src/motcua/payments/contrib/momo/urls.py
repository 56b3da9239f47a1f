"""Protocol endpoints of the momo provider under /thanh-toan/momo/."""

from django.urls import path

from . import views

app_name = "pay_momo"
urlpatterns = [
    path("ipn/", views.ipn, name="ipn"),
    path("return/", views.payment_return, name="return"),
]
