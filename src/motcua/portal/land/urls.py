"""URLs of portal/land ("Nghĩa vụ tài chính đất đai"); names live in the ``portal:`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("nghia-vu-tai-chinh/", views.land_lookup, name="land_lookup"),
    path("nghia-vu-tai-chinh/<int:notice_id>/thanh-toan/", views.land_pay, name="land_pay"),
    path("nghia-vu-tai-chinh/<int:notice_id>/chung-tu.pdf", views.land_voucher, name="land_voucher"),
]
