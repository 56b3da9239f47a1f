"""Back-office forms: the officers' login (allauth's, narrowed to officers) and counter registration of citizens."""

from datetime import date
from typing import Any

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import LoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.selectors import officer_can_sign_in
from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError

WRONG_CREDENTIALS = _("Tên đăng nhập hoặc mật khẩu không đúng.")
TOO_MANY_ATTEMPTS = _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.")
# allauth's error codes → our wording; every "wrong account or password" reads the same.
LOGIN_ERRORS = {
    "username_password_mismatch": WRONG_CREDENTIALS,
    "email_password_mismatch": WRONG_CREDENTIALS,
    "phone_password_mismatch": WRONG_CREDENTIALS,
    "too_many_login_attempts": TOO_MANY_ATTEMPTS,
}


class OfficerLoginForm(LoginForm):
    """allauth's login form (rate limits, stages, TOTP) that lets only officers through.

    Anyone else — citizen, organisation, an officer without a role — gets exactly the answer to a wrong password,
    so the back-office login does not tell which accounts exist.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].error_messages["required"] = gettext("Nhập tên đăng nhập hoặc thư điện tử.")
        self.fields["password"].error_messages["required"] = gettext("Nhập mật khẩu.")

    def clean(self) -> dict[str, Any]:
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            raise ValidationError(LOGIN_ERRORS.get(error.code or "", error.messages[0]), code=error.code) from None
        user = getattr(self, "user", None)
        if user is None:
            return cleaned_data
        if not officer_can_sign_in(user=user):
            self.user = None
            raise ValidationError(WRONG_CREDENTIALS, code="username_password_mismatch")
        if login := getattr(self, "_login", None):
            # Officers are vetted by their agency's administrator; no e-mail confirmation stands before their login.
            login.email_verification = EmailVerificationMethod.NONE
        return cleaned_data


class CitizenRegisterForm(forms.Form):
    """What the reception officer types from the citizen's ID card; the accounts service checks the rest."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=200,
        error_messages={
            "required": _("Nhập họ và tên của công dân."),
            "max_length": _("Họ và tên dài tối đa 200 ký tự."),
        },
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=20,
        help_text=_("12 chữ số, in trên thẻ căn cước. Đây cũng là tên đăng nhập của công dân."),
        error_messages={"required": _("Nhập số CCCD gồm 12 chữ số."), "max_length": _("Nhập số CCCD gồm 12 chữ số.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Nhập ngày sinh của công dân."),
            "invalid": _("Nhập ngày sinh theo dạng ngày/tháng/năm, ví dụ 02/09/1995."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        help_text=_("Đường dẫn kích hoạt tài khoản được gửi đến số này bằng tin nhắn SMS."),
        error_messages={
            "required": _("Nhập số điện thoại di động của công dân."),
            "max_length": _("Số điện thoại di động không hợp lệ (ví dụ đúng: 0912345678)."),
        },
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử (không bắt buộc)"),
        max_length=254,
        required=False,
        help_text=_("Nếu có, đường dẫn kích hoạt cũng được gửi đến địa chỉ này."),
        error_messages={"max_length": _("Địa chỉ thư điện tử dài tối đa 254 ký tự.")},
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ thường trú"),
        max_length=500,
        error_messages={
            "required": _("Nhập địa chỉ thường trú của công dân."),
            "max_length": _("Địa chỉ thường trú dài tối đa 500 ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {str(agency.pk): agency for agency in agencies}
        if len(agencies) > 1:  # the officer receives at several counters: say which one
            self.fields["agency"] = forms.ChoiceField(
                label=_("Nơi tiếp nhận"),
                choices=[("", gettext("— Chọn nơi tiếp nhận —")), *[(pk, a.name) for pk, a in self.agencies.items()]],
                error_messages={
                    "required": _("Chọn nơi tiếp nhận."),
                    "invalid_choice": _("Chọn nơi tiếp nhận trong danh sách."),
                },
            )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        date_of_birth: date = data["date_of_birth"]
        return {
            "full_name": data["full_name"],
            "id_number": data["id_number"],
            "date_of_birth": date_of_birth,
            "phone": data["phone"],
            "email": data["email"],
            "address": data["address"],
            "agency": self.agencies.get(data.get("agency", "")),
        }

    def add_domain_error(self, error: DomainError) -> None:
        """Put the service's message beside the field it is about (or above the form)."""
        self.add_error(error.code if error.code in self.fields else None, error.message)
