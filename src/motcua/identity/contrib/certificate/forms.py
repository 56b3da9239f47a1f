from django import forms
from django.utils.translation import gettext_lazy as _

from .verify import MAX_SIGNATURE_BYTES


class SignatureUploadForm(forms.Form):
    signature = forms.FileField(
        label=_("Tệp chữ ký số (.p7s)"),
        help_text=_("Tệp CMS/PKCS#7 (đuôi .p7s, .p7m hoặc .p7b), dạng tách rời hoặc đính kèm, tối đa 64 KB."),
        error_messages={
            "required": _("Vui lòng chọn tệp chữ ký số (.p7s) để tải lên."),
            "empty": _("Tệp chữ ký số rỗng. Vui lòng chọn đúng tệp .p7s đã ký."),
            "invalid": _("Vui lòng chọn tệp chữ ký số (.p7s) để tải lên."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".p7s,.p7m,.p7b,.der,.pem,application/pkcs7-signature"}),
    )

    def clean_signature(self) -> bytes:
        upload = self.cleaned_data["signature"]
        if upload.size > MAX_SIGNATURE_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn cho một chữ ký số (tối đa 64 KB). Vui lòng chọn đúng tệp .p7s."), code="too_large"
            )
        return upload.read(MAX_SIGNATURE_BYTES + 1)
