"""Forms of the "Nộp hồ sơ trực tuyến" wizard: they parse and check formats; the dossier services own the rules.

Formats (ID numbers, tax codes, phones, dates, e-mail) are checked on every save. What is *required* is checked
only on "Tiếp tục" (``require=True``): "Lưu nháp" and the autosave keep whatever the applicant typed so far.
"""

import re
from datetime import date

from altcha_django.results import ErrorCode
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import normalise_tax_code
from motcua.catalogue.models import ProcedureCase
from motcua.core.errors import DomainError
from motcua.dossiers.models import ApplicantKind, ResultDelivery
from motcua.notifications.services import normalise_phone

from .account_forms import CaptchaField

ID_NUMBER = re.compile(r"^[0-9]{12}$")
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


# --- Parsers shared by the applicant and the principal -------------------------------------------------------
def _id_number(value: str) -> str:
    value = re.sub(r"\s+", "", value)
    if not ID_NUMBER.match(value):
        raise ValidationError(
            _("Số định danh cá nhân gồm đúng 12 chữ số (in trên thẻ căn cước, ví dụ 062085001234)."), code="id_number"
        )
    return value


def _tax_code(value: str) -> str:
    value = re.sub(r"\s+", "", value)
    if re.fullmatch(r"[0-9]{13}", value):  # a branch typed without its hyphen
        value = f"{value[:10]}-{value[10:]}"
    return normalise_tax_code(value)


def _phone(value: str) -> str:
    try:
        return normalise_phone(value)
    except DomainError as error:
        raise ValidationError(
            _("Số điện thoại di động không hợp lệ: nhập 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."), code="phone"
        ) from error


def _birth_date(value: date) -> date:
    if value > timezone.localdate():
        raise ValidationError(_("Ngày sinh phải là một ngày trong quá khứ."), code="future")
    if value.year < 1900:
        raise ValidationError(_("Ngày sinh không hợp lệ: kiểm tra lại năm sinh."), code="too_old")
    return value


def _text(label, *, max_length: int, autocomplete: str = "", **attrs) -> forms.CharField:
    widget_attrs = {"autocomplete": autocomplete or "off", **attrs}
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=forms.TextInput(attrs=widget_attrs)
    )


def _date(label, *, autocomplete: str = "off") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Ngày/tháng/năm, ví dụ 27/03/1985."),
        error_messages={"invalid": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 27/03/1985.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": autocomplete}),
    )


def _email(label) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@gmail.com).")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class WizardForm(forms.Form):
    """A step's form: ``require`` says whether this save is a "Tiếp tục" (everything required is checked)."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, require: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.require = require

    def _require(self, *names: str) -> None:
        for name in names:
            if name in self.fields and not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(self.required_messages[name], code="required"))

    def valid_values(self) -> dict:
        """Fields that parsed, whatever else is wrong: the autosave keeps these and leaves the others as they were."""
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


# --- Step 1: Thông tin người nộp -------------------------------------------------------------------------------
class ApplicantForm(WizardForm):
    """ "Thông tin người nộp" and, for nộp thay / ủy quyền, the principal. E-ID-vouched fields are not fields here."""

    name = _text(_("Họ và tên"), max_length=300, autocomplete="name")
    id_number = _text(_("Số định danh cá nhân"), max_length=20, inputmode="numeric")
    date_of_birth = _date(_("Ngày sinh"), autocomplete="bday")
    address = _text(_("Địa chỉ"), max_length=500, autocomplete="street-address")
    phone = _text(_("Số điện thoại di động"), max_length=20, autocomplete="tel", inputmode="tel", type="tel")
    email = _email(_("Thư điện tử"))

    acting_for = forms.BooleanField(
        label=_("Nộp thay / ủy quyền"),
        required=False,
        help_text=_("Đánh dấu nếu bạn nộp hồ sơ thay cho người khác hoặc cho tổ chức, doanh nghiệp đã ủy quyền."),
    )
    principal_kind = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        choices=[
            (ApplicantKind.CITIZEN.value, _("Công dân")),
            (ApplicantKind.ORGANISATION.value, _("Tổ chức, doanh nghiệp")),
        ],
        initial=ApplicantKind.CITIZEN.value,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Vui lòng chọn: công dân hoặc tổ chức, doanh nghiệp.")},
    )
    principal_name = _text(_("Họ tên / tên tổ chức"), max_length=300)
    principal_id_number = _text(_("Số định danh / mã số thuế"), max_length=20, inputmode="numeric")
    principal_date_of_birth = _date(_("Ngày sinh"))
    principal_address = _text(_("Địa chỉ"), max_length=500)
    principal_phone = _text(_("Điện thoại"), max_length=20, inputmode="tel", type="tel")
    principal_email = _email(_("Thư điện tử"))
    principal_authorisation = forms.CharField(
        label=_("Giấy ủy quyền / quan hệ"),
        required=False,
        max_length=500,
        help_text=_("Số, ngày của giấy ủy quyền, hoặc quan hệ với người được nộp thay (ví dụ: con, vợ/chồng)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    PRINCIPAL_FIELDS = (
        "principal_kind",
        "principal_name",
        "principal_id_number",
        "principal_date_of_birth",
        "principal_address",
        "principal_phone",
        "principal_email",
        "principal_authorisation",
    )

    def __init__(self, *args, applicant_kind: str, locked: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.is_citizen = applicant_kind == ApplicantKind.CITIZEN
        if not self.is_citizen:
            self.fields["name"].label = _("Tên tổ chức")
            self.fields["name"].widget.attrs["autocomplete"] = "organization"
            self.fields["id_number"].label = _("Mã số thuế")
            self.fields["id_number"].help_text = _(
                "10 chữ số; chi nhánh, đơn vị phụ thuộc: 13 chữ số (ví dụ 0101234567-001)."
            )
            del self.fields["date_of_birth"]
        else:
            self.fields["id_number"].help_text = _("12 chữ số, in trên thẻ căn cước.")
        self.fields["phone"].help_text = _("Để nhận tin nhắn thông báo về hồ sơ (ví dụ 0912345678).")
        # Values vouched for by the national e-ID (or a business's tax code) are shown, not edited or posted.
        for name in locked:
            self.fields.pop(name.removeprefix("applicant_"), None)
        self.locked = [name.removeprefix("applicant_") for name in locked]
        self.required_messages = {
            "name": _("Vui lòng nhập họ và tên.") if self.is_citizen else _("Vui lòng nhập tên tổ chức."),
            "id_number": _("Vui lòng nhập số định danh cá nhân.")
            if self.is_citizen
            else _("Vui lòng nhập mã số thuế."),
            "date_of_birth": _("Vui lòng nhập ngày sinh."),
            "address": _("Vui lòng nhập địa chỉ."),
            "phone": _("Vui lòng nhập số điện thoại di động hoặc thư điện tử để nhận thông báo."),
            "principal_name": _("Vui lòng nhập họ tên hoặc tên tổ chức được nộp thay."),
            "principal_id_number": _("Vui lòng nhập số định danh hoặc mã số thuế của người được nộp thay."),
            "principal_authorisation": _("Vui lòng ghi giấy ủy quyền hoặc quan hệ với người được nộp thay."),
        }

    def applicant_fields(self) -> list:
        return [
            self[name]
            for name in ("name", "id_number", "date_of_birth", "address", "phone", "email")
            if name in self.fields
        ]

    def principal_fields(self) -> list:
        return [self[name] for name in self.PRINCIPAL_FIELDS]

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        return _id_number(value) if self.is_citizen else _tax_code(value)

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data["date_of_birth"]
        return _birth_date(value) if value else None

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return _phone(value) if value else ""

    def clean_principal_date_of_birth(self) -> date | None:
        value = self.cleaned_data["principal_date_of_birth"]
        return _birth_date(value) if value else None

    def clean_principal_phone(self) -> str:
        value = self.cleaned_data["principal_phone"].strip()
        return _phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        acting_for = cleaned.get("acting_for")
        kind = cleaned.get("principal_kind") or ApplicantKind.CITIZEN
        raw_id = (cleaned.get("principal_id_number") or "").strip()
        if acting_for and raw_id and "principal_id_number" not in self.errors:
            try:
                cleaned["principal_id_number"] = (
                    _id_number(raw_id) if kind == ApplicantKind.CITIZEN else _tax_code(raw_id)
                )
            except ValidationError as error:
                self.add_error("principal_id_number", error)
        if self.require:
            self._require("name", "id_number", "address")
            if self.is_citizen:
                self._require("date_of_birth")
            if "phone" in self.fields and not (cleaned.get("phone") or cleaned.get("email")):
                self._require("phone")
            if acting_for:
                self._require("principal_name", "principal_id_number", "principal_authorisation")
        return cleaned


# --- Step 2: Trường hợp ---------------------------------------------------------------------------------------
class CaseForm(WizardForm):
    case = forms.ModelChoiceField(
        label=_("Trường hợp thực hiện thủ tục"),
        queryset=ProcedureCase.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Trường hợp đã chọn không thuộc thủ tục này.")},
    )
    required_messages = {"case": _("Vui lòng chọn trường hợp phù hợp với hồ sơ của bạn.")}

    def __init__(self, *args, cases, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases

    def clean(self):
        cleaned = super().clean()
        if self.require:
            self._require("case")
        return cleaned


# --- Step 4: Nhận kết quả -------------------------------------------------------------------------------------
class DeliveryForm(WizardForm):
    result_delivery = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=ResultDelivery.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Vui lòng chọn một hình thức nhận kết quả trong danh sách.")},
    )
    result_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        required=False,
        max_length=500,
        help_text=_("Số nhà, đường, thôn/tổ dân phố, xã/phường, tỉnh."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    post_pickup = forms.BooleanField(label=_("Nộp hồ sơ tại nhà (bưu điện đến nhận hồ sơ giấy)"), required=False)
    pickup_address = forms.CharField(
        label=_("Địa chỉ để bưu điện đến nhận hồ sơ"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    required_messages = {
        "result_delivery": _("Vui lòng chọn hình thức nhận kết quả."),
        "result_address": _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."),
        "pickup_address": _("Vui lòng nhập địa chỉ để bưu điện đến nhận hồ sơ."),
    }

    def __init__(self, *args, pickup_offered: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not pickup_offered:
            del self.fields["post_pickup"]
            del self.fields["pickup_address"]

    def clean(self):
        cleaned = super().clean()
        if self.require:
            self._require("result_delivery")
            if cleaned.get("result_delivery") == ResultDelivery.POST:
                self._require("result_address")
            if cleaned.get("post_pickup"):
                self._require("pickup_address")
        return cleaned


# --- Step 5: Kiểm tra và nộp ----------------------------------------------------------------------------------
_CAPTCHA_WRONG = _("Mã xác nhận không đúng. Vui lòng đánh dấu lại ô “Tôi không phải là robot” rồi bấm “Nộp hồ sơ”.")


class SubmissionCaptchaField(CaptchaField):
    """The portal's "Mã xác nhận", saying plainly that the code is wrong (nothing typed is lost)."""

    default_error_messages = {
        ErrorCode.MALFORMED.value: _CAPTCHA_WRONG,
        ErrorCode.INVALID_SIGNATURE.value: _CAPTCHA_WRONG,
        ErrorCode.INVALID_SOLUTION.value: _CAPTCHA_WRONG,
        ErrorCode.UNVERIFIED.value: _CAPTCHA_WRONG,
        ErrorCode.FIELDS_HASH_MISMATCH.value: _CAPTCHA_WRONG,
    }


class SubmitForm(forms.Form):
    """ "Nộp hồ sơ": the captcha and the key that makes a repeated click return the same dossier."""

    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={
            "required": _("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang."),
            "max_length": _("Yêu cầu nộp hồ sơ không hợp lệ, vui lòng tải lại trang."),
        },
    )
    captcha = SubmissionCaptchaField()
