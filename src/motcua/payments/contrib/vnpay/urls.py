"""Protocol endpoints of the vnpay provider under /thanh-toan/vnpay/ (register ``ipn/`` with VNPay)."""

from django.urls import path

from . import views

app_name = "pay_vnpay"
urlpatterns = [
    path("ipn/", views.ipn, {"provider_key": "vnpay"}, name="ipn"),
    path("return/", views.payment_return, {"provider_key": "vnpay"}, name="return"),
]
