"""The one question of the choose page: which bank or e-wallet. Nothing else the browser sends is read."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProviderChoiceForm(forms.Form):
    """ "Chọn Ngân hàng hoặc Ví điện tử": a radio per provider offered online (keys and labels from the view)."""

    provider = forms.ChoiceField(
        label=_("Chọn Ngân hàng hoặc Ví điện tử"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn ngân hàng hoặc ví điện tử để thanh toán."),
            "invalid_choice": _("Kênh thanh toán không hợp lệ, vui lòng chọn lại."),
        },
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = choices
