from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Behaviour


class BehaviourForm(forms.Form):
    mode = forms.ChoiceField(label=_("Cách cổng trả lời các bản tin tiếp theo"), choices=Behaviour.Mode.choices)
    remaining = forms.IntegerField(
        label=_("Áp dụng cho số bản tin tiếp theo"),
        help_text=_("Để trống: áp dụng cho đến khi đổi lại."),
        required=False,
        min_value=1,
        max_value=1000,
    )
    slow_seconds = forms.IntegerField(
        label=_("Số giây trả lời chậm (chế độ trả lời chậm)"), initial=15, min_value=1, max_value=120
    )


class SearchForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=60)
