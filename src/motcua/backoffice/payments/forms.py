"""Forms of the payment pages: exemption, refund, discrepancy resolution, statement upload, filters."""

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.payments.models import AttemptState, StatementLine

STATEMENT_MAX_BYTES = 10 * 1024 * 1024
STATEMENT_SUFFIXES = (".csv", ".xlsx")
# "50.000", "50 000", "50,000 đ", "50000đ" → 50000; nothing else.
# The services' error codes → the field the message belongs beside.
CODE_FIELDS = {
    "reason_required": "reason",
    "resolution_required": "resolution",
    "too_much": "amount",
    "statement_format": "file",
    "statement_rows": "file",
    "statement_empty": "file",
}
CHOOSE_LINE = _("Chọn dòng phí, lệ phí cần miễn.")
_AMOUNT = re.compile(r"^\d{1,3}([.,\s]\d{3})*$|^\d+$")


class PaymentForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        """Put the service's message beside the field it is about (or above the form)."""
        field = CODE_FIELDS.get(error.code, error.code)
        self.add_error(field if field in self.fields else None, error.message)


class ExemptForm(PaymentForm):
    line = forms.IntegerField(
        label=_("Dòng phí, lệ phí"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Chọn dòng phí, lệ phí cần miễn."),
            "invalid": _("Chọn dòng phí, lệ phí cần miễn."),
        },
    )
    reason = forms.CharField(
        label=_("Đối tượng được miễn và căn cứ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Vui lòng ghi rõ đối tượng được miễn và căn cứ."),
            "max_length": _("Lý do miễn dài tối đa 500 ký tự."),
        },
    )


class RefundForm(PaymentForm):
    amount = forms.CharField(
        label=_("Số tiền hoàn (đồng)"),
        max_length=30,
        help_text=_("Số nguyên đồng, ví dụ 50.000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Nhập số tiền hoàn."), "max_length": _("Số tiền hoàn không hợp lệ.")},
    )
    reason = forms.CharField(
        label=_("Lý do hoàn tiền"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Vui lòng ghi rõ lý do hoàn tiền."),
            "max_length": _("Lý do hoàn tiền dài tối đa 2000 ký tự."),
        },
    )

    def clean_amount(self) -> int:
        text = self.cleaned_data["amount"].strip().lower().removesuffix("đồng").removesuffix("đ").strip()
        if not _AMOUNT.match(text):
            raise forms.ValidationError(_("Số tiền hoàn phải là số nguyên đồng, ví dụ 50.000."), code="amount")
        amount = int(re.sub(r"[.,\s]", "", text))
        if amount <= 0:
            raise forms.ValidationError(_("Số tiền hoàn phải lớn hơn 0 đồng."), code="amount")
        return amount


class ResolveForm(PaymentForm):
    resolution = forms.CharField(
        label=_("Cách xử lý"),
        max_length=2000,
        help_text=_("Ghi rõ đã xử lý thế nào: đã hoàn trả, đã đối chiếu với ngân hàng, đã ghi nhận thủ công …"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Vui lòng ghi rõ cách xử lý sai lệch."),
            "max_length": _("Cách xử lý dài tối đa 2000 ký tự."),
        },
    )


class StatementForm(PaymentForm):
    file = forms.FileField(
        label=_("Tệp sao kê (CSV hoặc XLSX)"),
        help_text=_("Tệp sao kê tài khoản thu do ngân hàng cung cấp, tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={
            "required": _("Chọn tệp sao kê cần nhập."),
            "empty": _("Tệp sao kê trống."),
            "invalid": _("Chọn tệp sao kê cần nhập."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(STATEMENT_SUFFIXES):
            raise forms.ValidationError(_("Chỉ nhận tệp sao kê dạng CSV hoặc XLSX."), code="type")
        if upload.size > STATEMENT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp sao kê lớn hơn 10 MB: hãy tách thành nhiều tệp."), code="size")
        return upload


class DayForm(forms.Form):
    ngay = forms.DateField(
        label=_("Ngày"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/09/2025.")},
    )

    def day(self) -> date:
        return getattr(self, "cleaned_data", {}).get("ngay") or timezone.localdate()


class TransactionFilterForm(forms.Form):
    VIEWS = (("giao-dich", _("Giao dịch thanh toán")), ("sao-ke", _("Dòng sao kê ngân hàng")))
    xem = forms.ChoiceField(label=_("Xem"), choices=VIEWS, required=False)
    ngay = DayForm.base_fields["ngay"]
    kenh = forms.ChoiceField(label=_("Kênh thanh toán"), required=False)
    trang_thai = forms.ChoiceField(label=_("Tình trạng"), required=False)

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kenh"].choices = [("", _("Tất cả")), *providers]
        states = [*AttemptState.choices, *StatementLine.State.choices]
        self.fields["trang_thai"].choices = [("", _("Tất cả")), *dict(states).items()]
        for name in ("kenh", "trang_thai", "xem"):
            self.fields[name].error_messages["invalid_choice"] = _("Chọn một giá trị trong danh sách.")

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "view": data.get("xem") or "giao-dich",
            "day": data.get("ngay"),
            "provider": data.get("kenh", ""),
            "state": data.get("trang_thai", ""),
        }
