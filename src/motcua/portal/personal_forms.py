"""Forms and query parsing for "Trang cá nhân": the transactions filter, withdrawal, supplement note, survey.

They only parse what the person typed or clicked; the rules (who may withdraw, what a survey needs) live in
``motcua.dossiers.services`` and come back as ``DomainError`` messages.
"""

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Field
from motcua.core.uploads import ACCEPTED_KINDS, accepted_label
from motcua.dossiers.models import SatisfactionSurvey
from motcua.dossiers.selectors import TAB_DRAFTS, TAB_SUBMITTED, TAB_SUPPLEMENT
from motcua.dossiers.services import STEPS, SURVEY_CRITERIA, SURVEY_SCORES
from motcua.dossiers.workflow import State

# "Danh sách giao dịch": the tabs, in order (the first one is the default).
TABS = (
    (TAB_SUBMITTED, _("Hồ sơ đã nộp")),
    (TAB_SUPPLEMENT, _("Hồ sơ yêu cầu bổ sung")),
    (TAB_DRAFTS, _("Hồ sơ đang soạn")),
)
TAB_EMPTY = {
    TAB_SUBMITTED: _("Bạn chưa nộp hồ sơ nào."),
    TAB_SUPPLEMENT: _("Không có hồ sơ nào đang chờ bạn bổ sung."),
    TAB_DRAFTS: _("Không có hồ sơ nào đang soạn dở."),
}
# Every state a submitted dossier can be in (a draft is on its own tab).
STATE_CHOICES = [(value, label) for value, label in State.choices if value != State.DRAFT]

# The wizard's steps as the applicant saw them (slugs from ``dossiers.services.STEPS``).
STEP_LABELS = dict(
    zip(
        STEPS,
        (
            _("Thông tin người nộp"),
            _("Chọn trường hợp"),
            _("Thành phần hồ sơ"),
            _("Nhận kết quả"),
            _("Kiểm tra và nộp"),
        ),
        strict=True,
    )
)

# Content type → what people call it ("PDF", "ảnh JPG", …).
KIND_LABELS = {kind.content_type: kind.label for kind in ACCEPTED_KINDS.values()}
# What a browser may show in place (with ``?xem=1``); anything else is always a download.


def _param(params: QueryDict, name: str, max_length: int) -> str:
    return params.get(name, "").replace("\x00", "").strip()[:max_length]


@dataclass(frozen=True)
class TransactionFilter:
    """The "Danh sách giao dịch" query, cleaned: unknown values are dropped and reported in ``notes``."""

    tab: str = TAB_SUBMITTED
    field: Field | None = None
    state: str = ""
    code: str = ""
    page: str = "1"
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def is_filtered(self) -> bool:
        return bool(self.field or self.state or self.code)

    def query(self, **changes: str) -> str:
        """The query string of this filter (``page`` and any other value replaced by ``changes``)."""
        values = {
            "tab": self.tab if self.tab != TAB_SUBMITTED else "",
            "linh_vuc": self.field.code if self.field else "",
            "trang_thai": self.state,
            "ma_ho_so": self.code,
        } | changes
        return urlencode({key: value for key, value in values.items() if value})


def transaction_filter_from(params: QueryDict, *, fields: list[Field]) -> TransactionFilter:
    """Parse ``?tab=&linh_vuc=&trang_thai=&ma_ho_so=&page=``; never refuses: what it cannot use it drops, saying so."""
    notes: list[str] = []
    tab = _param(params, "tab", 20) or TAB_SUBMITTED
    if tab not in dict(TABS):
        notes.append(_("Mục đã chọn không tồn tại; đang hiển thị “Hồ sơ đã nộp”."))
        tab = TAB_SUBMITTED
    field_code = _param(params, "linh_vuc", 60)
    chosen = next((item for item in fields if item.code == field_code), None) if field_code else None
    if field_code and chosen is None:
        notes.append(_("Lĩnh vực đã chọn không có trong danh sách; bộ lọc lĩnh vực được bỏ qua."))
    state = _param(params, "trang_thai", 40)
    if tab != TAB_SUBMITTED:
        state = ""  # the other tabs are one state each (or drafts): the filter is not shown there
    elif state and state not in dict(STATE_CHOICES):
        notes.append(_("Trạng thái đã chọn không hợp lệ; bộ lọc trạng thái được bỏ qua."))
        state = ""
    raw_page = _param(params, "page", 12)
    return TransactionFilter(
        tab=tab,
        field=chosen,
        state=state,
        code=_param(params, "ma_ho_so", 60) if tab != TAB_DRAFTS else "",  # a draft has no code yet
        page=raw_page if raw_page.isdigit() else "1",
        notes=notes,
    )


def accepted_hint(accepted: list[str]) -> tuple[str, str]:
    """(label for people, ``accept`` attribute for the file input) of the accepted types."""
    extensions = sorted({ACCEPTED_KINDS[key].extension for key in accepted if key in ACCEPTED_KINDS})
    return accepted_label(accepted), ",".join(extensions)


# --- Forms --------------------------------------------------------------------------------------------------
class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ"),
        help_text=_("Lý do được gửi đến cơ quan giải quyết và ghi vào quá trình xử lý hồ sơ."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Vui lòng cho biết lý do rút hồ sơ."),
            "max_length": _("Lý do rút hồ sơ tối đa 2.000 ký tự."),
        },
    )


class SupplementSendForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú gửi cơ quan giải quyết"),
        help_text=_("Không bắt buộc. Ví dụ: giải thích ngắn về giấy tờ đã bổ sung."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Ghi chú tối đa 2.000 ký tự.")},
    )


class SurveyForm(forms.Form):
    """ "Đánh giá mức độ hài lòng": the 9 criteria scored 2 / 1 / 0, convenience, overall, a comment."""

    RATINGS = SatisfactionSurvey.Rating.choices

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scores = [(str(score), label) for score, label in SURVEY_SCORES.items()]
        for number, (key, label) in enumerate(SURVEY_CRITERIA, start=1):
            self.fields[key] = forms.TypedChoiceField(
                label=f"{number}. {label}",
                choices=scores,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Chưa chấm điểm tiêu chí %(number)s.") % {"number": number}},
            )
        self.fields["convenience"] = forms.ChoiceField(
            label=_("Mức độ thuận tiện"),
            choices=self.RATINGS,
            widget=forms.RadioSelect,
            error_messages={"required": _("Vui lòng chọn mức độ thuận tiện.")},
        )
        self.fields["overall"] = forms.ChoiceField(
            label=_("Mức độ hài lòng chung"),
            choices=self.RATINGS,
            widget=forms.RadioSelect,
            error_messages={"required": _("Vui lòng chọn mức độ hài lòng chung.")},
        )
        self.fields["comment"] = forms.CharField(
            label=_("Góp ý"),
            help_text=_("Không bắt buộc. Góp ý của bạn giúp cơ quan phục vụ tốt hơn."),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"max_length": _("Góp ý tối đa 2.000 ký tự.")},
        )

    def criteria(self) -> list[forms.BoundField]:
        return [self[key] for key, _label in SURVEY_CRITERIA]

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key, _label in SURVEY_CRITERIA}
