"""Protocol endpoints of the paygov provider under /thanh-toan/paygov/."""

from django.urls import path

from . import views

app_name = "pay_paygov"
urlpatterns = [
    path("callback/", views.callback, name="callback"),
    path("ipn/", views.callback, name="ipn"),
    path("return/", views.payment_return, name="return"),
]
