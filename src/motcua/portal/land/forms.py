"""The land-obligation lookup: "Mã hồ sơ" and ("Mã số thuế" or "Số thông báo")."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _clean_text(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


class LandLookupForm(forms.Form):
    ma_ho_so = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        help_text=_("Mã hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        error_messages={"required": _("Vui lòng nhập mã hồ sơ."), "max_length": _("Mã hồ sơ quá dài.")},
    )
    ma_so_thue = forms.CharField(
        label=_("Mã số thuế"),
        max_length=14,
        required=False,
        help_text=_("Mã số thuế của doanh nghiệp, hoặc của cá nhân, hộ gia đình ghi trên thông báo nộp tiền."),
        error_messages={"max_length": _("Mã số thuế có tối đa 14 ký tự.")},
    )
    so_thong_bao = forms.CharField(
        label=_("Số thông báo"),
        max_length=50,
        required=False,
        help_text=_("Số của thông báo nộp tiền do cơ quan thuế gửi."),
        error_messages={"max_length": _("Số thông báo quá dài.")},
    )

    def clean_ma_ho_so(self) -> str:
        return _clean_text(self.cleaned_data["ma_ho_so"])

    def clean_ma_so_thue(self) -> str:
        return _clean_text(self.cleaned_data["ma_so_thue"]).replace(" ", "")

    def clean_so_thong_bao(self) -> str:
        return _clean_text(self.cleaned_data["so_thong_bao"])

    def clean(self) -> dict:
        data = super().clean()
        keys_valid = "ma_so_thue" not in self.errors and "so_thong_bao" not in self.errors
        if keys_valid and not (data.get("ma_so_thue") or data.get("so_thong_bao")):
            self.add_error("ma_so_thue", _("Vui lòng nhập mã số thuế hoặc số thông báo."))
        return data
