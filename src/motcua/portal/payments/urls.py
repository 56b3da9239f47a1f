"""URLs of portal/payments ("Thanh toán phí/lệ phí"); names live in the ``portal:`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("ca-nhan/ho-so/<str:code>/thanh-toan/", views.dossier_payment, name="dossier_payment"),
    path("ca-nhan/ho-so/<str:code>/thanh-toan/<str:reference>/", views.order_choose, name="order_choose"),
    path("ca-nhan/ho-so/<str:code>/bien-lai/<str:reference>.pdf", views.receipt_download, name="receipt_download"),
    path("ca-nhan/thanh-toan/<str:reference>/ma-qr/", views.payment_qr, name="payment_qr"),
    path("ket-qua-thanh-toan/<str:reference>/", views.payment_result, name="payment_result"),
    path("ket-qua-thanh-toan/<str:reference>/trang-thai/", views.payment_status, name="payment_status"),
]
