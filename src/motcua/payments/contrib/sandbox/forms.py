"""The sandbox bank page: which bank or wallet, what happens, and (for testers) how the IPN is delivered."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .bank import BANKS, IPN_DELAY_MAX
from .models import SandboxTransaction

OUTCOMES = [
    (SandboxTransaction.Outcome.SUCCESS, _("Thanh toán thành công")),
    (SandboxTransaction.Outcome.CANCELLED, _("Hủy giao dịch (mã 24)")),
    (SandboxTransaction.Outcome.INSUFFICIENT, _("Không đủ số dư (mã 51)")),
    (SandboxTransaction.Outcome.EXPIRED, _("Hết hạn (mã 11)")),
]
IPN_MODES = [
    (SandboxTransaction.IpnMode.NORMAL, _("Gửi IPN ngay (bình thường)")),
    (SandboxTransaction.IpnMode.LATE, _("Gửi IPN muộn (sau số giây bên dưới)")),
    (SandboxTransaction.IpnMode.DUPLICATE, _("Gửi IPN trùng lặp (3 lần)")),
    (SandboxTransaction.IpnMode.OUT_OF_ORDER, _("Gửi IPN sai thứ tự (một thất bại cũ, rồi thành công)")),
    (SandboxTransaction.IpnMode.NONE, _("Không gửi IPN (chỉ truy vấn trạng thái mới biết kết quả)")),
]


def _choice_errors(what: str) -> dict[str, str]:
    return {"required": what, "invalid_choice": what}


class BankForm(forms.Form):
    bank = forms.ChoiceField(
        label=_("Ngân hàng hoặc ví điện tử"),
        choices=[(code, name) for code, name in BANKS],
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Hãy chọn một ngân hàng hoặc ví điện tử trong danh sách.")),
    )
    outcome = forms.ChoiceField(
        label=_("Kết quả giao dịch"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Hãy chọn một kết quả giao dịch trong danh sách.")),
    )
    ipn_mode = forms.ChoiceField(
        label=_("Cách ngân hàng gửi thông báo IPN (dành cho kiểm thử)"),
        choices=IPN_MODES,
        initial=SandboxTransaction.IpnMode.NORMAL,
        widget=forms.RadioSelect,
        error_messages=_choice_errors(_("Hãy chọn một cách gửi IPN trong danh sách.")),
    )
    ipn_delay = forms.IntegerField(
        label=_("Độ trễ của IPN muộn (giây)"),
        help_text=_("Từ 0 đến 600 giây; chỉ dùng khi chọn “Gửi IPN muộn”."),
        required=False,
        min_value=0,
        max_value=IPN_DELAY_MAX,
        initial=10,
        error_messages={
            "invalid": _("Độ trễ phải là một số nguyên (giây)."),
            "min_value": _("Độ trễ không được âm."),
            "max_value": _("Độ trễ tối đa là 600 giây."),
        },
    )
