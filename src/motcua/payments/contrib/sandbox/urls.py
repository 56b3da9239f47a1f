"""Protocol endpoints of the sandbox provider under /thanh-toan/sandbox/: the bank page, and VNPay's return and
IPN views mounted for the key "sandbox"."""

from django.urls import path

from ..vnpay import views as vnpay_views
from . import views

app_name = "pay_sandbox"
urlpatterns = [
    path("ngan-hang/", views.bank, name="bank"),
    path("ipn/", vnpay_views.ipn, {"provider_key": "sandbox"}, name="ipn"),
    path("return/", vnpay_views.payment_return, {"provider_key": "sandbox"}, name="return"),
]
