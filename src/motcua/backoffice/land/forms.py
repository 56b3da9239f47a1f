"""The upload of the tax authority's CSV of notices: a file, of a sensible size, named .csv."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024


class TaxNoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp CSV thông báo nghĩa vụ tài chính"),
        help_text=_("Tệp .csv mã hóa UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy, tối đa 5 MB."),
        error_messages={
            "required": _("Chọn tệp CSV cần nhận."),
            "empty": _("Tệp đã chọn không có nội dung."),
            "invalid": _("Không đọc được tệp đã chọn; vui lòng chọn lại."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv (trong Excel: Lưu thành → CSV UTF-8)."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 5 MB; vui lòng chia nhỏ tệp."))
        return upload
