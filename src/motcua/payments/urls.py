"""``/thanh-toan/<provider>/…``: each provider owns its protocol endpoints (return, ipn, webhook)."""

from django.urls import include, path

CONTRIB = ("sandbox", "vnpay", "momo", "vietqr", "paygov")

urlpatterns = [
    path(f"{key}/", include(f"motcua.payments.contrib.{key}.urls", namespace=f"pay_{key}")) for key in CONTRIB
]
