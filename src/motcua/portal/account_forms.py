"""The portal's account forms: django-allauth's, with our fields, Vietnamese labels and the captcha.

Rules live in ``motcua.accounts`` (tax code and phone formats, uniqueness in ``organisation_register``); these
forms only parse what was typed and show each problem beside its field.
"""

from allauth.account.adapter import get_adapter
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm
from allauth.account.internal.flows.manage_email import email_already_exists
from altcha_django import AltchaField
from altcha_django.results import ErrorCode
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.adapter import officer_portal_message
from motcua.accounts.forms import normalise_org_phone, normalise_tax_code
from motcua.accounts.models import AccountKind

_CAPTCHA_RETRY = _("Mã xác nhận không hợp lệ. Vui lòng tải lại trang, đánh dấu lại ô xác nhận rồi gửi lại.")


class CaptchaField(AltchaField):
    """ "Mã xác nhận": ALTCHA proof of work, solved by the browser when the box is ticked.

    Off (``MOTCUA_CAPTCHA=off`` → ``ALTCHA_TEST_MODE``) it accepts anything, an empty value included.
    """

    default_error_messages = {
        ErrorCode.REQUIRED.value: _(
            "Chưa có mã xác nhận. Hãy đánh dấu ô “Tôi không phải là robot” và chờ hiện “Đã xác minh” rồi gửi lại"
            " (trình duyệt cần bật JavaScript)."
        ),
        ErrorCode.MALFORMED.value: _CAPTCHA_RETRY,
        ErrorCode.INVALID_SIGNATURE.value: _CAPTCHA_RETRY,
        ErrorCode.INVALID_SOLUTION.value: _CAPTCHA_RETRY,
        ErrorCode.UNVERIFIED.value: _CAPTCHA_RETRY,
        ErrorCode.FIELDS_HASH_MISMATCH.value: _CAPTCHA_RETRY,
        ErrorCode.CLASSIFICATION_REJECTED.value: _CAPTCHA_RETRY,
        ErrorCode.SCORE_REJECTED.value: _CAPTCHA_RETRY,
        ErrorCode.EXPIRED.value: _("Mã xác nhận đã hết hạn. Vui lòng đánh dấu lại ô xác nhận rồi gửi lại."),
        ErrorCode.REPLAYED.value: _("Mã xác nhận này đã được dùng. Vui lòng đánh dấu lại ô xác nhận rồi gửi lại."),
        ErrorCode.BACKEND_ERROR.value: _("Chưa kiểm tra được mã xác nhận. Vui lòng thử lại sau ít phút."),
        ErrorCode.MISCONFIGURED.value: _("Chưa kiểm tra được mã xác nhận. Vui lòng thử lại sau ít phút."),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(label=_("Mã xác nhận"), **kwargs)

    @staticmethod
    def is_enforced() -> bool:
        return not settings.ALTCHA_TEST_MODE

    def clean(self, value):
        # Read at each submission, not at import: tests and operators switch the captcha by settings.
        self.required = self.is_enforced()
        return super().clean(value)


def _label(form: forms.Form, name: str, label: str, help_text: str = "") -> None:
    field = form.fields[name]
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)


class PortalLoginForm(LoginForm):
    """Account + password for organisations; officers are sent to the back-office login."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "login", _("Tên tài khoản hoặc thư điện tử"))
        _label(self, "password", _("Mật khẩu"))
        self.fields["login"].widget.attrs["autocomplete"] = "username"

    def clean(self):
        cleaned_data = super().clean()
        if self.user is not None and get_adapter().is_portal_login_refused(self.user):
            self.user = None
            raise ValidationError(officer_portal_message(), code="officer")
        login = getattr(self, "_login", None)
        if login is not None and self.user is not None and self.user.kind == AccountKind.CITIZEN:
            # A citizen's password account was opened at the counter (identity checked there) and activated
            # through the link sent to their phone; many citizens have no e-mail address to confirm.
            login.email_verification = EmailVerificationMethod.NONE
        return cleaned_data


class OrganisationSignupForm(SignupForm):
    """ "Đăng ký tài khoản tổ chức, doanh nghiệp": the unit, its contact, the login, the captcha."""

    kind = forms.ChoiceField(
        label=_("Loại tài khoản"),
        choices=[(AccountKind.BUSINESS.value, _("Doanh nghiệp")), (AccountKind.ORGANISATION.value, _("Tổ chức"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn loại tài khoản: doanh nghiệp hoặc tổ chức."),
            "invalid_choice": _("Vui lòng chọn loại tài khoản: doanh nghiệp hoặc tổ chức."),
        },
    )
    organisation_name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp"),
        max_length=300,
        error_messages={"required": _("Vui lòng nhập tên tổ chức, doanh nghiệp.")},
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_("10 chữ số; chi nhánh, đơn vị phụ thuộc: 10 chữ số, dấu gạch ngang và 3 chữ số."),
        error_messages={"required": _("Vui lòng nhập mã số thuế.")},
    )
    address = forms.CharField(
        label=_("Địa chỉ trụ sở chính"),
        max_length=500,
        error_messages={"required": _("Vui lòng nhập địa chỉ trụ sở chính.")},
    )
    representative = forms.CharField(
        label=_("Người đại diện theo pháp luật"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập họ tên người đại diện theo pháp luật.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        error_messages={"required": _("Vui lòng nhập số điện thoại liên hệ.")},
    )
    captcha = CaptchaField()

    field_order = [
        "kind",
        "organisation_name",
        "tax_code",
        "address",
        "representative",
        "phone",
        "email",
        "username",
        "password1",
        "password2",
        "captcha",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "email", _("Thư điện tử"), _("Đường dẫn xác nhận đăng ký sẽ được gửi tới địa chỉ này."))
        _label(
            self,
            "username",
            _("Tên tài khoản"),
            _("Dùng để đăng nhập: chữ cái, chữ số và các ký tự @ . + - _ (không có dấu cách)."),
        )
        _label(self, "password1", _("Mật khẩu"), _("Ít nhất 10 ký tự, không quá phổ biến, không chỉ gồm chữ số."))
        _label(self, "password2", _("Nhập lại mật khẩu"))
        required = {
            "email": _("Vui lòng nhập địa chỉ thư điện tử."),
            "username": _("Vui lòng chọn tên tài khoản."),
            "password1": _("Vui lòng nhập mật khẩu."),
            "password2": _("Vui lòng nhập lại mật khẩu."),
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.fields["email"].error_messages["invalid"] = _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@congty.vn).")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["tax_code"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"

    def clean_tax_code(self) -> str:
        return normalise_tax_code(self.cleaned_data["tax_code"])

    def clean_phone(self) -> str:
        return normalise_org_phone(self.cleaned_data["phone"])

    def validate_unique_email(self, value: str) -> str:
        # Each unit needs a working address of its own: say so at once rather than mail a hint.
        email, _exists = email_already_exists(value, always_raise=True)
        return email

    def error_field_for(self, code: str) -> str | None:
        """Which field a DomainError from ``organisation_register`` belongs to."""
        return code if code in self.fields else None


class PortalPasswordResetForm(ResetPasswordForm):
    """ "Quên mật khẩu": the registered address, and the captcha (nothing says whether the address exists)."""

    captcha = CaptchaField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "email", _("Thư điện tử đã đăng ký"))
        self.fields["email"].error_messages.update(
            required=_("Vui lòng nhập địa chỉ thư điện tử đã đăng ký."),
            invalid=_("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@congty.vn)."),
        )
