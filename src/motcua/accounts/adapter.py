"""How django-allauth talks to motcua: mail through the notifications outbox, Vietnamese messages,
organisations created by the accounts service, and officers kept on their own (back-office) login."""

import time
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.stagekit import clear_login
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.notifications.services import notification_send

from .models import AccountKind, User
from .services import organisation_register

# Fields of the organisation sign-up form (motcua.portal.account_forms) that the accounts service needs.
ORGANISATION_FIELDS = ("kind", "organisation_name", "tax_code", "address", "representative", "phone")


def officer_portal_message() -> str:
    return str(
        _(
            "Tài khoản cán bộ, công chức không đăng nhập trên Cổng Dịch vụ công. Vui lòng đăng nhập tại trang"
            " Một cửa điện tử: %(url)s"
        )
        % {"url": reverse("backoffice:login")}
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Our own wording where allauth's (translated) message would be unclear for a unit.
        "email_taken": _("Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác. Vui lòng dùng địa chỉ khác."),
        "username_taken": _("Tên tài khoản này đã có người dùng. Vui lòng chọn tên khác."),
        "username_password_mismatch": _("Tên tài khoản hoặc mật khẩu không đúng."),
        "email_password_mismatch": _("Địa chỉ thư điện tử hoặc mật khẩu không đúng."),
        "too_many_login_attempts": _(
            "Bạn đã nhập sai quá nhiều lần. Tài khoản tạm khóa đăng nhập trong 5 phút; vui lòng thử lại sau"
            " hoặc dùng chức năng “Quên mật khẩu”."
        ),
    }

    # --- mail: every message goes through the notifications outbox (recorded, retried, shown in the demo) ---
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": _Site(request),
                "expiration_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
                **context,
            },
        )
        notification_send(channel="email", to=email, subject=message.subject, body=str(message.body))

    def format_email_subject(self, subject: str) -> str:
        return str(subject)

    # --- sign-up: the account and its organisation profile come from one accounts service --------------
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> User:
        data = form.cleaned_data
        if not all(name in data for name in ORGANISATION_FIELDS):
            return super().save_user(request, user, form, commit=commit)
        return organisation_register(
            kind=data["kind"],
            name=data["organisation_name"],
            tax_code=data["tax_code"],
            address=data["address"],
            representative=data["representative"],
            phone=data["phone"],
            email=data["email"],
            username=data["username"],
            password=data["password1"],
        )

    # --- e-mail confirmation: say why a link no longer works -------------------------------------------
    def email_confirmation_link_state(self, key: str) -> str:
        """``used`` (the address is already confirmed), ``expired``, or ``invalid``, for a spent link."""
        try:
            pk = signing.loads(key, salt=app_settings.SALT)
        except signing.BadSignature:
            return "invalid"
        if EmailAddress.objects.filter(pk=pk, verified=True).exists():
            return "used"
        return "expired" if EmailAddress.objects.filter(pk=pk).exists() else "invalid"

    # --- login: officers sign in on the back office, never on the portal -------------------------------
    @staticmethod
    def is_portal_login_refused(user: Any) -> bool:
        return getattr(user, "kind", None) == AccountKind.OFFICER

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        match = getattr(request, "resolver_match", None)
        on_back_office = match is not None and "backoffice" in match.namespaces
        if self.is_portal_login_refused(user) and not on_back_office:
            clear_login(request)
            messages.error(request, officer_portal_message())
            return HttpResponseRedirect(reverse("backoffice:login"))
        return super().pre_login(request, user, **kwargs)

    # --- reauthentication: the password typed at sign-in moments ago is proof enough -----------------------
    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """An officer who has just signed in with the password is not asked for it again to set up TOTP.

        allauth.mfa counts only explicit re-authentications; a password sign-in in this session within
        ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` is the same proof, and asking twice in a row looks broken.
        """
        request = self.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            passwords = [r["at"] for r in records if r.get("method") == "password"]
            if passwords and time.time() - passwords[-1] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


class _Site:
    """What allauth's mail templates call ``current_site``: the portal's name and public address."""

    def __init__(self, request: HttpRequest | None) -> None:
        self.name = settings.MOTCUA_PORTAL_TITLE
        self.domain = request.get_host() if request is not None else settings.MOTCUA_PUBLIC_URL.split("//")[-1]
