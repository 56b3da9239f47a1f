"""Account pages under ``/tai-khoan/``: django-allauth's views at Vietnamese addresses.

The URL names are allauth's own (``account_login`` …) so that allauth's redirects and e-mails find them;
this module is included without a namespace for that reason. The few subclasses below only wire our forms in,
keep a sign-up in one transaction, and turn allauth's 404 on a spent confirmation link into a clear page.
"""

from allauth.account import views as account
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import include, path, re_path

from motcua.core.errors import DomainError

from .account_forms import OrganisationSignupForm, PortalLoginForm, PortalPasswordResetForm


class OrganisationSignupView(account.SignupView):
    """The account, its organisation and the confirmation e-mail are created together, or not at all."""

    form_class = OrganisationSignupForm

    def form_valid(self, form: OrganisationSignupForm) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except DomainError as error:
            form.add_error(form.error_field_for(error.code), error.message)
            return self.form_invalid(form)


class PortalConfirmEmailView(account.ConfirmEmailView):
    """A link used twice or too late says so (allauth answers the second POST with a bare 404)."""

    def post(self, *args, **kwargs) -> HttpResponse:
        try:
            return super().post(*args, **kwargs)
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data(), status=400)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if not self.object:
            context["link_state"] = get_adapter(self.request).email_confirmation_link_state(self.kwargs["key"])
        return context


class PortalVerificationSentView(account.EmailVerificationSentView):
    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(
            days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS, show_outbox=settings.MOTCUA_OUTBOX_PAGE, **kwargs
        )


urlpatterns = [
    path("dang-nhap/", account.LoginView.as_view(form_class=PortalLoginForm), name="account_login"),
    path("dang-xuat/", account.logout, name="account_logout"),
    path("dang-ky/to-chuc/", OrganisationSignupView.as_view(), name="account_signup"),
    path("xac-nhan-email/", PortalVerificationSentView.as_view(), name="account_email_verification_sent"),
    path("xac-nhan-email/<str:key>/", PortalConfirmEmailView.as_view(), name="account_confirm_email"),
    path(
        "quen-mat-khau/",
        account.PasswordResetView.as_view(form_class=PortalPasswordResetForm),
        name="account_reset_password",
    ),
    path("quen-mat-khau/da-gui/", account.password_reset_done, name="account_reset_password_done"),
    # One path segment "<uidb36>-<key>", as allauth builds the e-mailed link (it fills in "UID-KEY").
    re_path(
        r"^quen-mat-khau/dat-lai/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path("quen-mat-khau/hoan-tat/", account.password_reset_from_key_done, name="account_reset_password_from_key_done"),
    path("doi-mat-khau/", account.password_change, name="account_change_password"),
    path("dat-mat-khau/", account.password_set, name="account_set_password"),
    path("tam-khoa/", account.account_inactive, name="account_inactive"),
    path("xac-thuc-lai/", account.reauthenticate, name="account_reauthenticate"),
    path("email/", account.email, name="account_email"),
    # Two-factor pages (officers' TOTP): allauth.mfa's own views and names.
    path("xac-thuc-hai-buoc/", include("allauth.mfa.urls")),
]
