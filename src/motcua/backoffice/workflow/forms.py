"""The "Quy trình nội bộ" form: one row per step, in the order of the rows, as a Django formset.

Rows parse what was typed (a number of hours as 16, 2,5 or 2.5; a role; an agency) and ask for what a filled row
lacks; a row left entirely blank, or ticked "Xóa bước", is no step. The rules of a workflow (how many steps, who
signs, which budget) are ``workflow_save``'s: its ``WorkflowError`` lands beside the field of the row it is about.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Agency
from motcua.dossiers.services.processing import StepSpec
from motcua.dossiers.services.workflow_config import MAX_NAME, MAX_STEPS, STEP_ROLES, StepInput, WorkflowError

PREFIX = "buoc"
ROW_MESSAGE = _("Bước %(n)d: %(detail)s")
BAD_HOURS = _("nhập số giờ làm việc, ví dụ 16 hoặc 2,5.")
# ``StepInput`` field (named in a service error) → form field
FORM_FIELD = {
    "name": "name",
    "role": "role",
    "agency_id": "agency",
    "budget_hours": "budget_hours",
    "signs_result": "signs_result",
}


def hours_text(value: Decimal) -> str:
    """16.0 → "16", 2.5 → "2,5": how a number of hours reads in Vietnamese."""
    return f"{value.normalize():f}".replace(".", ",")


def agency_choices(agencies: list[Agency], *, own: Agency) -> list:
    """ "Cơ quan giải quyết hồ sơ" (empty), then every other agency as an inter-agency (liên thông) choice."""
    inactive = gettext("%(name)s (ngừng hoạt động)")
    others = [
        (str(agency.pk), agency.name if agency.is_active else inactive % {"name": agency.name})
        for agency in agencies
        if agency.pk != own.pk
    ]
    own_label = gettext("Cơ quan giải quyết hồ sơ (%(name)s)") % {"name": own.name}
    return [("", own_label), (gettext("Liên thông với cơ quan khác"), others)]


def step_initial(spec: StepSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "role": str(spec.role),
        "agency": str(spec.agency_id or ""),
        "budget_hours": hours_text(spec.budget_hours),
        "signs_result": spec.signs_result,
    }


class StepForm(forms.Form):
    """One row: a step. Its messages start with "Bước n:" so the error summary says which row they are about."""

    name = forms.CharField(
        label=_("Tên bước"),
        required=False,
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Vai trò xử lý"),
        required=False,
        choices=[("", _("— Chọn vai trò —")), *((role.value, role.label) for role in STEP_ROLES)],
    )
    agency = forms.ChoiceField(label=_("Đơn vị xử lý"), required=False)
    budget_hours = forms.CharField(
        label=_("Thời gian (giờ làm việc)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "6"}),
    )
    signs_result = forms.BooleanField(label=_("Bước ký số kết quả"), required=False)

    def __init__(self, *args: Any, agency_choices: list, number: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["agency"].choices = agency_choices
        # The fields are this form's own copies: their messages can name the row.
        self.fields["name"].error_messages["max_length"] = self._row(
            gettext("tên bước dài tối đa %(limit)d ký tự.") % {"limit": MAX_NAME}
        )
        self.fields["role"].error_messages["invalid_choice"] = self._row(gettext("chọn một vai trò trong danh sách."))
        self.fields["agency"].error_messages["invalid_choice"] = self._row(gettext("chọn một cơ quan trong danh sách."))
        self.fields["budget_hours"].error_messages["max_length"] = self._row(BAD_HOURS)

    def _row(self, detail: str) -> str:
        return ROW_MESSAGE % {"n": self.number, "detail": detail}

    def row_error(self, field: str | None, detail: str) -> None:
        self.add_error(field, self._row(detail))

    def clean_budget_hours(self) -> Decimal | None:
        raw = self.cleaned_data["budget_hours"].strip().replace(" ", "").replace(",", ".")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValidationError(self._row(BAD_HOURS), code="budget")
        return value

    def is_blank(self) -> bool:
        """Nothing typed in the row (an unused empty row, or a step whose row was cleared)."""
        data = getattr(self, "cleaned_data", {})
        return not any(
            (
                (data.get("name") or "").strip(),
                data.get("role"),
                data.get("agency"),
                data.get("budget_hours") is not None,
                data.get("signs_result"),
            )
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        if not (cleaned.get("name") or "").strip() and "name" not in self.errors:
            self.row_error("name", gettext("nhập tên bước."))
        if not cleaned.get("role") and "role" not in self.errors:
            self.row_error("role", gettext("chọn vai trò xử lý."))
        if cleaned.get("budget_hours") is None and "budget_hours" not in self.errors:
            self.row_error("budget_hours", gettext("nhập thời gian xử lý (giờ làm việc)."))
        return cleaned

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            name=data["name"].strip(),
            role=data["role"],
            agency_id=int(data["agency"]) if data.get("agency") else None,
            budget_hours=data["budget_hours"],
            signs_result=bool(data.get("signs_result")),
        )


class BaseStepFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, agency_choices: list, **kwargs: Any) -> None:
        self.agency_choices = agency_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"agency_choices": self.agency_choices, "number": index + 1 if index is not None else 0}

    def steps(self) -> list[tuple[StepForm, StepInput]]:
        """The rows that are steps (valid formset): neither blank nor ticked "Xóa bước", in the order of the rows."""
        deleted = set(self.deleted_forms)
        return [(form, form.step_input()) for form in self.forms if form not in deleted and not form.is_blank()]

    def add_workflow_error(self, rows: list[tuple[StepForm, StepInput]], error: WorkflowError) -> bool:
        """Put the service's message beside the field of its row; False when it is about the whole process."""
        if error.step is None or not 0 <= error.step < len(rows):
            return False
        form = rows[error.step][0]
        form.row_error(FORM_FIELD.get(error.field), error.detail)
        return True


StepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_STEPS,
    absolute_max=2 * MAX_STEPS,
)
