"""Forms of counter intake: which procedure (and case) to start, and the applicant block the officer types in.

They parse and check formats (ID number or tax code, mobile phone, date, e-mail) and what the desk must have
before saving; the dossier services own the rules (who may receive, what a dossier needs to be received).
"""

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import normalise_tax_code
from motcua.catalogue.models import ProcedureCase
from motcua.core.errors import DomainError
from motcua.dossiers.models import ResultDelivery
from motcua.notifications.services import normalise_phone

CCCD = re.compile(r"^[0-9]{12}$")
TAX_CODE_DIGITS = re.compile(r"^[0-9]{13}$")
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
BAD_ID = _(
    "Số định danh cá nhân gồm đúng 12 chữ số (in trên thẻ căn cước, ví dụ 062085001234); mã số thuế gồm 10 chữ số, "
    "hoặc 13 chữ số với chi nhánh (ví dụ 0101234567 hoặc 0101234567-001)."
)
BAD_PHONE = _("Số điện thoại di động không hợp lệ: nhập 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678).")
CHOOSE_CASE = _("Chọn trường hợp thực hiện thủ tục.")


def case_choices(cases: list[ProcedureCase]) -> list[tuple[str, str]]:
    return [(str(case.pk), case.title) for case in cases]


def id_number_of(raw: str) -> str:
    """A 12-digit personal ID (CCCD), or a tax code of 10 digits or 10-3 digits (a branch); spaces dropped."""
    value = re.sub(r"\s+", "", raw)
    if CCCD.match(value):
        return value
    if TAX_CODE_DIGITS.match(value):  # a branch's tax code typed without its hyphen
        value = f"{value[:10]}-{value[10:]}"
    try:
        return normalise_tax_code(value)
    except ValidationError:
        raise ValidationError(BAD_ID, code="id_number") from None


class StartForm(forms.Form):
    """ "Bắt đầu nhập hồ sơ": the procedure's code, and the case when the procedure has several."""

    procedure = forms.CharField(
        max_length=100,
        widget=forms.HiddenInput,
        error_messages={"required": _("Chọn thủ tục hành chính trước khi bắt đầu nhập hồ sơ.")},
    )

    def __init__(self, *args: Any, cases: list[ProcedureCase] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = {str(case.pk): case for case in cases or []}
        if len(self.cases) > 1:
            self.fields["case"] = forms.ChoiceField(
                label=_("Trường hợp thực hiện thủ tục"),
                choices=case_choices(cases or []),
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_CASE, "invalid_choice": CHOOSE_CASE},
            )

    def chosen_case(self) -> ProcedureCase | None:
        return self.cases.get(self.cleaned_data.get("case") or "")


class ApplicantForm(forms.Form):
    """ "Thông tin người nộp", the case (when there are several) and how the result is returned."""

    name = forms.CharField(
        label=_("Họ và tên (hoặc tên tổ chức)"),
        max_length=300,
        error_messages={
            "required": _("Nhập họ và tên (hoặc tên tổ chức) của người nộp."),
            "max_length": _("Họ và tên dài tối đa 300 ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân / mã số thuế"),
        max_length=20,
        help_text=_(
            "CCCD: 12 chữ số; mã số thuế: 10 chữ số (chi nhánh: 13 chữ số). Nếu người nộp đã có tài khoản trên Cổng "
            "với số định danh này, hồ sơ được gắn với tài khoản đó khi tiếp nhận."
        ),
        error_messages={
            "required": _("Nhập số định danh cá nhân (12 chữ số) hoặc mã số thuế của người nộp."),
            "max_length": BAD_ID,
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh (không bắt buộc)"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Ngày/tháng/năm, ví dụ 27/03/1985."),
        error_messages={"invalid": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 27/03/1985.")},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=500,
        required=False,
        error_messages={"max_length": _("Địa chỉ dài tối đa 500 ký tự.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        required=False,
        help_text=_("Cần số điện thoại hoặc thư điện tử để người nộp nhận thông báo về hồ sơ."),
        error_messages={"max_length": BAD_PHONE},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@gmail.com)."),
            "max_length": _("Địa chỉ thư điện tử dài tối đa 254 ký tự."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    result_delivery = forms.ChoiceField(
        label=_("Nhận kết quả"),
        choices=[
            (ResultDelivery.COUNTER.value, _("Tại Bộ phận Tiếp nhận và Trả kết quả")),
            (ResultDelivery.POST.value, _("Qua dịch vụ bưu chính công ích")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Chọn nơi nhận kết quả: tại quầy hoặc qua bưu chính."),
            "invalid_choice": _("Chọn nơi nhận kết quả: tại quầy hoặc qua bưu chính."),
        },
    )
    result_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        max_length=500,
        required=False,
        help_text=_("Chỉ cần khi nhận kết quả qua bưu chính: số nhà, đường, thôn/tổ dân phố, xã/phường, tỉnh."),
        error_messages={"max_length": _("Địa chỉ dài tối đa 500 ký tự.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, cases: list[ProcedureCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(cases) > 1:
            self.fields["case"] = forms.ChoiceField(
                label=_("Trường hợp thực hiện thủ tục"),
                choices=case_choices(cases),
                help_text=_("Đổi trường hợp thì các tệp đã đính kèm không thuộc trường hợp mới sẽ bị bỏ."),
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_CASE, "invalid_choice": CHOOSE_CASE},
            )
            self.order_fields(["name", "id_number", "date_of_birth", "address", "phone", "email", "case"])

    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "id_number", "date_of_birth", "address", "phone", "email")]

    def clean_id_number(self) -> str:
        return id_number_of(self.cleaned_data["id_number"])

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data["date_of_birth"]
        if value is not None and value > timezone.localdate():
            raise ValidationError(_("Ngày sinh phải là một ngày trong quá khứ."), code="future")
        if value is not None and value.year < 1900:
            raise ValidationError(_("Ngày sinh không hợp lệ: kiểm tra lại năm sinh."), code="too_old")
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        try:
            return normalise_phone(value)
        except DomainError:
            raise ValidationError(BAD_PHONE, code="phone") from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not {"phone", "email"} & set(self.errors):
            self.add_error(
                "phone",
                ValidationError(
                    _("Nhập số điện thoại di động hoặc thư điện tử để người nộp nhận thông báo về hồ sơ."),
                    code="contact",
                ),
            )
        by_post = cleaned.get("result_delivery") == ResultDelivery.POST
        if by_post and not cleaned.get("result_address", "").strip() and "result_address" not in self.errors:
            self.add_error(
                "result_address", ValidationError(_("Nhập địa chỉ nhận kết quả qua bưu chính."), code="required")
            )
        return cleaned

    def case_id(self) -> int | None:
        value = self.cleaned_data.get("case")
        return int(value) if value else None

    def add_domain_error(self, error: DomainError) -> None:
        """The service's message beside the field it is about, or above the form."""
        field = {"case_mismatch": "case", "delivery": "result_delivery"}.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)
