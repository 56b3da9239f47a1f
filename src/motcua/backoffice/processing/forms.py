"""The forms of the processing panel: what each decision needs, and the version of the page it was taken on.

Every decision form carries ``version`` (the dossier's version the page showed) so a second officer acting at the
same time, or a replayed form, is refused by the service. The forms only check what a person typed; the rules
(who may act, in which state, before which date) are the services'. ``FIELD_FOR_CODE`` says which field a service's
error code is about, so the message lands beside that field.
"""

from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalogue.models import Agency, ComponentRequirement
from motcua.core.errors import DomainError
from motcua.dossiers.access import register_agencies_for_officer
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.workdays.calendar import VIETNAM

from ..reception import forms as reception_forms

UPLOAD_CODES = (
    "file_required",
    "too_large",
    "empty",
    "corrupted",
    "pdf_encrypted",
    "pdf_no_pages",
    "wrong_type",
    "encrypted",
    "macro",
    "zip_bomb",
    "unsafe_archive",
    "image_too_large",
)
MAX_REGISTER_DAYS = 366


def _text(label: str, *, required: bool, message: str = "", rows: int = 3, max_length: int = 2000, **extra: Any):
    errors = {"max_length": _("Nội dung dài tối đa %(limit_value)d ký tự.")}
    if message:
        errors["required"] = message
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages=errors,
        widget=forms.Textarea(attrs={"rows": rows}),
        **extra,
    )


class DecisionForm(forms.Form):
    """A decision on a dossier: the hidden version, and the fields of the decision."""

    version = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        raw = str(cleaned.get("version") or "").strip()
        if not raw.isdigit():
            # The officer cannot correct a hidden input: the message goes above the form, not beside a field.
            raise ValidationError(gettext("Trang đã cũ: vui lòng mở lại hồ sơ rồi thao tác lại."), code="version")
        cleaned["version"] = int(raw)
        return cleaned

    def add_domain_error(self, error: DomainError) -> bool:
        """Put the service's message beside its field (``""``: above the form); False when the error is not
        about what was typed (someone acted first, the dossier moved on): the caller says so on the dossier page."""
        if error.code not in self.FIELD_FOR_CODE:
            return False
        self.add_error(self.FIELD_FOR_CODE[error.code] or None, error.message)
        return True


class NoteForm(DecisionForm):
    """ "Chuyển xử lý", "Hoàn thành xử lý", "Xác nhận nghĩa vụ tài chính": an optional opinion."""

    note = _text(_("Ý kiến xử lý (không bắt buộc)"), required=False)


class ReasonForm(DecisionForm):
    """A decision that must say why (sending back, stopping)."""

    reason = _text(_("Lý do"), required=True, message=_("Vui lòng ghi rõ lý do."))
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {"reason_required": "reason"}


class SendBackForm(ReasonForm):
    reason = _text(_("Lý do trả lại"), required=True, message=_("Vui lòng ghi rõ lý do trả lại."))


class StopForm(ReasonForm):
    reason = _text(
        _("Lý do dừng giải quyết"),
        required=True,
        message=_("Vui lòng ghi rõ lý do dừng giải quyết hồ sơ."),
        help_text=_("Lý do được in trên Thông báo dừng giải quyết hồ sơ (Mẫu số 05) gửi người nộp."),
    )


class PaymentRequestForm(DecisionForm):
    note = _text(
        _("Nghĩa vụ tài chính cần thực hiện"),
        required=True,
        message=_("Vui lòng ghi rõ nghĩa vụ tài chính cần thực hiện (khoản, số tiền, nơi nộp)."),
        help_text=_("Ghi rõ khoản phải nộp, số tiền, nơi nộp và số thông báo của cơ quan thuế nếu có."),
    )
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {"note": "note"}


class ApologyForm(DecisionForm):
    """Form 04: why the agency will be late, and the new appointment (local time, Asia/Ho_Chi_Minh)."""

    reason = _text(
        _("Lý do chậm trả kết quả"),
        required=True,
        message=_("Vui lòng ghi rõ lý do chậm trả kết quả."),
        help_text=_("Lý do được in trên Văn bản xin lỗi và đề nghị gia hạn (Mẫu số 04) gửi người nộp."),
    )
    new_due_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Nhập ngày hẹn trả kết quả mới."),
            "invalid": _("Nhập ngày hẹn mới theo dạng ngày/tháng/năm, ví dụ 25/12/2026."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    new_due_time = forms.TimeField(
        label=_("Giờ hẹn trả kết quả mới"),
        initial="16:30",
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text=_("Giờ Việt Nam, ví dụ 16:30."),
        error_messages={
            "required": _("Nhập giờ hẹn trả kết quả mới."),
            "invalid": _("Nhập giờ hẹn mới theo dạng giờ:phút, ví dụ 16:30."),
        },
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {"reason_required": "reason", "new_due": "new_due_date"}

    def new_due_at(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["new_due_date"], data["new_due_time"], tzinfo=VIETNAM)


class ResultUploadForm(DecisionForm):
    title = forms.CharField(
        label=_("Tên văn bản kết quả"),
        max_length=300,
        help_text=_("Ví dụ: Giấy chứng nhận đủ điều kiện chăn nuôi số 12/GCN-SNN."),
        error_messages={
            "required": _("Vui lòng nhập tên văn bản kết quả."),
            "max_length": _("Tên văn bản kết quả dài tối đa 300 ký tự."),
        },
    )
    file = forms.FileField(
        label=_("Tệp kết quả (PDF)"),
        help_text=_("Chỉ nhận tệp PDF; văn bản được ký số ở bước ký duyệt."),
        error_messages={
            "required": _("Vui lòng chọn tệp kết quả (PDF)."),
            "empty": _("Tệp đã chọn không có nội dung."),
            "invalid": _("Vui lòng chọn tệp kết quả (PDF)."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {"title_required": "title", **dict.fromkeys(UPLOAD_CODES, "file")}


class ResultGenerateForm(DecisionForm):
    """ "Tạo văn bản kết quả": the system writes the PDF from a title and paragraphs (``documents.result_document``)."""

    # Not "Tên văn bản kết quả": the upload form beside it on the panel has that label (one label, one field).
    title = forms.CharField(
        label=_("Tên văn bản"),
        max_length=300,
        help_text=_("In hoa, căn giữa làm tên văn bản. Ví dụ: Giấy chứng nhận đủ điều kiện chăn nuôi."),
        error_messages={
            "required": _("Vui lòng nhập tên văn bản kết quả."),
            "max_length": _("Tên văn bản kết quả dài tối đa 300 ký tự."),
        },
    )
    body = _text(
        _("Nội dung văn bản"),
        required=True,
        message=_("Vui lòng nhập nội dung văn bản kết quả."),
        rows=10,
        max_length=20000,
        help_text=_(
            "Để một dòng trống giữa hai đoạn. Văn bản được tạo kèm quốc hiệu, tiêu ngữ, căn cứ hồ sơ, địa danh, ngày"
            " tháng và chữ ký của thủ trưởng cơ quan; chữ ký số được thêm ở bước ký duyệt."
        ),
    )
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {
        "title_required": "title",
        "title_too_long": "title",
        "body_required": "body",
        "body_too_long": "body",
    }


class FirstRadioSelect(forms.RadioSelect):
    """Radios whose question points at the first radio: the error summary's link lands on the choices."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class ReturnResultForm(DecisionForm):
    method = forms.ChoiceField(
        label=_("Hình thức trả kết quả"),
        choices=ResultDelivery.choices,
        widget=FirstRadioSelect,
        error_messages={
            "required": _("Vui lòng chọn hình thức trả kết quả."),
            "invalid_choice": _("Vui lòng chọn hình thức trả kết quả."),
        },
    )
    note = forms.CharField(
        label=_("Người nhận tại quầy hoặc mã bưu gửi"),
        max_length=300,
        required=False,
        help_text=_(
            "Trả tại quầy: ghi họ tên người nhận (và số giấy tờ nếu nhận thay). "
            "Trả qua bưu chính: ghi số hiệu bưu gửi. Trả trực tuyến: không bắt buộc."
        ),
        error_messages={"max_length": _("Nội dung dài tối đa 300 ký tự.")},
    )
    FIELD_FOR_CODE: ClassVar[dict[str, str]] = {"method": "method", "note_required": "note"}


class SupplementForm(reception_forms.SupplementForm):
    """Reception's consolidated request form (same fields, same wording), answering ``decide`` like the others."""

    def add_domain_error(self, error: DomainError) -> bool:
        if error.code not in self.error_fields:
            return False
        super().add_domain_error(error)
        return True


def supplement_components(dossier: Dossier) -> list[ComponentRequirement]:
    """The components of the dossier's case, in the catalogue's order (what the request may name)."""
    return list(dossier.case.components.all()) if dossier.case is not None else []


# --- Form 07 "Sổ theo dõi hồ sơ" ------------------------------------------------------------------------
def register_agencies(officer: User) -> list[Agency]:
    """The agencies whose register the officer may keep: those they work for, and those their desk receives for."""
    return register_agencies_for_officer(officer=officer)


def _month_start(today: date) -> date:
    return today.replace(day=1)


def _month_end(today: date) -> date:
    following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


class RegisterForm(forms.Form):
    """Which register: one agency the officer works or receives for, and a period of at most 366 days."""

    co_quan = forms.TypedChoiceField(
        label=_("Cơ quan"),
        coerce=int,
        error_messages={
            "required": _("Chọn cơ quan."),
            "invalid_choice": _("Chọn cơ quan trong danh sách."),
        },
    )
    tu_ngay = forms.DateField(
        label=_("Từ ngày"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Nhập ngày bắt đầu của kỳ."),
            "invalid": _("Nhập “Từ ngày” theo dạng ngày/tháng/năm, ví dụ 01/03/2025."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    den_ngay = forms.DateField(
        label=_("Đến ngày"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Nhập ngày kết thúc của kỳ."),
            "invalid": _("Nhập “Đến ngày” theo dạng ngày/tháng/năm, ví dụ 31/03/2025."),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data: Any = None, *, agencies: list[Agency], **kwargs: Any) -> None:
        self.agencies = {agency.pk: agency for agency in agencies}
        today = timezone.localdate()
        if data is not None and not any(key in data for key in ("co_quan", "tu_ngay", "den_ngay")):
            data = None  # first visit: the defaults below, already valid
        if data is None:
            data = {
                "co_quan": str(agencies[0].pk) if agencies else "",
                "tu_ngay": _month_start(today).isoformat(),
                "den_ngay": _month_end(today).isoformat(),
            }
        super().__init__(data, **kwargs)
        self.fields["co_quan"].choices = [(agency.pk, agency.name) for agency in agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end:
            if end < start:
                self.add_error("den_ngay", gettext("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
            elif (end - start).days + 1 > MAX_REGISTER_DAYS:
                self.add_error(
                    "den_ngay",
                    gettext("Kỳ theo dõi dài tối đa %(days)d ngày: hãy chọn kỳ ngắn hơn.")
                    % {"days": MAX_REGISTER_DAYS},
                )
        return data

    @property
    def agency(self) -> Agency:
        return self.agencies[self.cleaned_data["co_quan"]]

    def period(self) -> tuple[datetime, datetime]:
        """From the first day's midnight to the midnight after the last day, Vietnam time."""
        data = self.cleaned_data
        start = datetime.combine(data["tu_ngay"], datetime.min.time(), tzinfo=VIETNAM)
        end = datetime.combine(data["den_ngay"] + timedelta(days=1), datetime.min.time(), tzinfo=VIETNAM)
        return start, end
