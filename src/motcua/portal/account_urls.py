"""Account pages under ``/tai-khoan/``: django-allauth's views at Vietnamese addresses.

The URL names are allauth's own (``account_login`` …) so that allauth's redirects and e-mails find them;
this module is included without a namespace for that reason.
"""

from allauth.account import views as account
from django.urls import include, path

urlpatterns = [
    path("dang-nhap/", account.login, name="account_login"),
    path("dang-xuat/", account.logout, name="account_logout"),
    path("dang-ky/to-chuc/", account.signup, name="account_signup"),
    path("xac-nhan-email/", account.email_verification_sent, name="account_email_verification_sent"),
    path("xac-nhan-email/<str:key>/", account.confirm_email, name="account_confirm_email"),
    path("quen-mat-khau/", account.password_reset, name="account_reset_password"),
    path("quen-mat-khau/da-gui/", account.password_reset_done, name="account_reset_password_done"),
    path(
        "quen-mat-khau/dat-lai/<uidb36>/<key>/",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "quen-mat-khau/hoan-tat/", account.password_reset_from_key_done, name="account_reset_password_from_key_done"
    ),
    path("doi-mat-khau/", account.password_change, name="account_change_password"),
    path("dat-mat-khau/", account.password_set, name="account_set_password"),
    path("tam-khoa/", account.account_inactive, name="account_inactive"),
    path("xac-thuc-lai/", account.reauthenticate, name="account_reauthenticate"),
    path("email/", account.email, name="account_email"),
    # Two-factor pages (officers' TOTP): allauth.mfa's own views and names.
    path("xac-thuc-hai-buoc/", include("allauth.mfa.urls")),
]
