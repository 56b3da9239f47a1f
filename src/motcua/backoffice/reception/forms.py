"""The three reception decisions on an online dossier: "Tiếp nhận", "Yêu cầu bổ sung", "Từ chối tiếp nhận".

Each form carries the dossier's ``version`` the page was shown with (a hidden input): the service refuses a
decision taken on a page that is no longer current. The domain rules (reason required, one consolidated list of
documents, who may act) stay in ``dossiers.services``; these forms only read what the officer typed.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import ComponentRequirement
from motcua.core.errors import DomainError

OTHER_ROWS = 3  # free rows for a document the catalogue does not list ("giấy tờ khác")
STALE_PAGE = _("Trang hồ sơ đã cũ. Vui lòng tải lại trang hồ sơ rồi thao tác lại.")


def _note(label: Any, *, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        help_text=help_text,
        error_messages={"max_length": _("Nội dung dài tối đa 2000 ký tự.")},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DecisionForm(forms.Form):
    """What every decision shares: the version of the page and the service's errors put beside their field."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)
    # A service error code → the field it is about (else it goes above the form, in the error summary).
    error_fields: dict[str, str] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        raw = str(cleaned.get("version") or "").strip()
        if not raw.isdigit():
            # A hidden input cannot be corrected by the officer: the message goes above the form, not beside it.
            raise ValidationError(STALE_PAGE, code="version")
        cleaned["version"] = int(raw)
        return cleaned

    def add_domain_error(self, error: DomainError) -> None:
        field = self.error_fields.get(error.code)
        self.add_error(field if field in self.fields else None, error.message)


class ReceiveForm(DecisionForm):
    note = _note(
        _("Ghi chú khi chuyển xử lý (không bắt buộc)"),
        help_text=_("Ý kiến gửi kèm khi chuyển hồ sơ đến bước xử lý đầu tiên."),
    )


class RefuseForm(DecisionForm):
    reason = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        max_length=2000,
        help_text=_("Ghi rõ lý do theo quy định; nội dung này được in trên Phiếu từ chối tiếp nhận (Mẫu số 03)."),
        error_messages={
            "required": _("Nhập lý do từ chối tiếp nhận hồ sơ."),
            "max_length": _("Lý do dài tối đa 2000 ký tự."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    error_fields = {"reason_required": "reason"}


class SupplementForm(DecisionForm):
    """ONE consolidated request: a checkbox and a note per component of the case, plus up to three other documents."""

    reason = forms.CharField(
        label=_("Lý do yêu cầu bổ sung, hoàn thiện"),
        max_length=2000,
        help_text=_("Nêu rõ vì sao hồ sơ chưa đủ điều kiện tiếp nhận; in trên Phiếu yêu cầu bổ sung (Mẫu số 02)."),
        error_messages={
            "required": _("Nhập lý do yêu cầu bổ sung, hoàn thiện hồ sơ."),
            "max_length": _("Lý do dài tối đa 2000 ký tự."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.CharField(
        label=_("Cán bộ hướng dẫn, số điện thoại liên hệ"),
        required=False,
        max_length=300,
        help_text=_("Người nộp liên hệ ai khi cần hỏi thêm."),
        error_messages={"max_length": _("Thông tin liên hệ dài tối đa 300 ký tự.")},
    )

    def __init__(self, *args: Any, components: list[ComponentRequirement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        for component in components:
            self.fields[f"component_{component.pk}"] = forms.BooleanField(label=component.name, required=False)
            self.fields[f"component_{component.pk}_note"] = forms.CharField(
                label=_("Cần bổ sung, hoàn thiện gì"),
                required=False,
                max_length=500,
                error_messages={"max_length": _("Ghi chú dài tối đa 500 ký tự.")},
            )
        for row in range(1, OTHER_ROWS + 1):
            self.fields[f"other_{row}_name"] = forms.CharField(
                label=_("Tên giấy tờ khác %(row)s") % {"row": row},
                required=False,
                max_length=300,
                error_messages={"max_length": _("Tên giấy tờ dài tối đa 300 ký tự.")},
            )
            self.fields[f"other_{row}_note"] = forms.CharField(
                label=_("Cần bổ sung, hoàn thiện gì"),
                required=False,
                max_length=500,
                error_messages={"max_length": _("Ghi chú dài tối đa 500 ký tự.")},
            )
        self.error_fields = {
            "reason_required": "reason",
            "items_required": self.items_anchor,
            "item_name": self.items_anchor,
            "component": self.items_anchor,
        }

    @property
    def items_anchor(self) -> str:
        """The field the "which documents" errors point at: the first checkbox (or the first free row)."""
        return f"component_{self.components[0].pk}" if self.components else "other_1_name"

    @property
    def items_error_id(self) -> str:
        """The id of the list's error message (the one the anchor checkbox's ``aria-describedby`` names)."""
        return f"{self[self.items_anchor].auto_id}_error"

    @property
    def component_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"component_{c.pk}"], self[f"component_{c.pk}_note"]) for c in self.components]

    @property
    def other_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"other_{row}_name"], self[f"other_{row}_note"]) for row in range(1, OTHER_ROWS + 1)]

    @property
    def items_errors(self) -> list[str]:
        """Errors about the list as a whole, shown once at the top of the list (not beside one checkbox)."""
        return list(self.errors.get(self.items_anchor, []))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        items = [
            {"component_id": c.pk, "name": c.name, "note": cleaned.get(f"component_{c.pk}_note", "").strip()}
            for c in self.components
            if cleaned.get(f"component_{c.pk}")
        ]
        for row in range(1, OTHER_ROWS + 1):
            name = cleaned.get(f"other_{row}_name", "").strip()
            note = cleaned.get(f"other_{row}_note", "").strip()
            if name:
                items.append({"component_id": None, "name": name, "note": note})
            elif note:
                self.add_error(
                    f"other_{row}_name",
                    gettext("Nhập tên giấy tờ khác %(row)s, hoặc xóa ghi chú của dòng này.") % {"row": row},
                )
        if not items and not self.has_error(self.items_anchor):
            self.add_error(
                self.items_anchor,
                gettext("Chọn ít nhất một thành phần hồ sơ hoặc ghi tên giấy tờ khác cần bổ sung, hoàn thiện."),
            )
        cleaned["items"] = items
        return cleaned
