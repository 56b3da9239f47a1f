"""Payments in the back office: the fee panel's actions, the counter QR screens, the finance pages ("Kế toán")."""

from django.urls import path

from .views import counter, home, orders, panel, queue, report, statements, transactions

FINANCE = "ke-toan/"

urlpatterns = [
    # From the fee panel of the dossier page
    path("ho-so/<str:code>/phi/<str:reference>/mien/", panel.exempt, name="fee_exempt"),
    path("ho-so/<str:code>/phi/<str:reference>/ma-qr/", panel.qr_create, name="fee_qr_create"),
    # Counter VietQR: the officer's screen and the citizen-facing display (signed link, no login)
    path("thanh-toan/<str:reference>/ma-qr/", counter.counter_qr, name="counter_qr"),
    path("thanh-toan/<str:reference>/trang-thai/", counter.counter_status_fragment, name="counter_status"),
    path("man-hinh-thanh-toan/<str:token>/", counter.display, name="payment_display"),
    path("man-hinh-thanh-toan/<str:token>/trang-thai/", counter.display_status_fragment, name="payment_display_status"),
    # Finance officers
    path(FINANCE, home.finance_home, name="finance_home"),
    path(f"{FINANCE}sai-lech/", queue.discrepancies, name="finance_discrepancies"),
    path(f"{FINANCE}sai-lech/<int:pk>/", queue.discrepancy, name="finance_discrepancy"),
    path(f"{FINANCE}nhap-sao-ke/", statements.statement_upload, name="finance_statement"),
    path(f"{FINANCE}giao-dich/", transactions.transactions, name="finance_transactions"),
    path(f"{FINANCE}khoan-thu/<str:reference>/", orders.order_page, name="finance_order"),
    path(f"{FINANCE}bao-cao-ngay/", report.daily, name="finance_report"),
]
