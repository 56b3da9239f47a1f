"""The two steps of the VNeID login: CCCD + password, then the OTP sent by SMS."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    so_dinh_danh = forms.CharField(
        label=_("Số CCCD"),
        validators=[RegexValidator(r"^\d{12}$", _("Số CCCD gồm đúng 12 chữ số."))],
        error_messages={"required": _("Vui lòng nhập số CCCD.")},
    )
    mat_khau = forms.CharField(
        label=_("Mật khẩu"),
        max_length=128,
        strip=False,
        error_messages={"required": _("Vui lòng nhập mật khẩu.")},
    )


class OtpForm(forms.Form):
    otp = forms.CharField(
        label=_("Mã OTP"),
        validators=[RegexValidator(r"^\d{6}$", _("Mã OTP gồm đúng 6 chữ số."))],
        error_messages={"required": _("Vui lòng nhập mã OTP.")},
    )
