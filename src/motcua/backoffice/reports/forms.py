"""The statistics filter ("Kỳ báo cáo", cơ quan, lĩnh vực, thủ tục, xem theo) and the drill-down/export extras.

The form only checks what a person chose and turns it into a ``Period`` (``reports.periods.period_parse``); which
agencies, fields and procedures the officer may see is the reports selectors' rule (``report_filter_build``). A
``ReportFilterError`` lands beside the field it is about. Missing parameters take the defaults (this year, grouped
by agency), so a link may carry only what it changes.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.reports.selectors import DRILLABLE, GROUP_BY, METRICS, PERIOD_KINDS, Period, ReportFilterError, period_parse

PERIOD_LABELS = {
    "month": _("Tháng"),
    "quarter": _("Quý"),
    "half": _("6 tháng đầu năm"),
    "nine_months": _("9 tháng đầu năm"),
    "year": _("Năm"),
    "custom": _("Khoảng thời gian tùy chọn"),
}
GROUP_LABELS = {"agency": _("Cơ quan"), "field": _("Lĩnh vực"), "procedure": _("Thủ tục")}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CHOOSE = _("Chọn một giá trị trong danh sách.")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
BAD_DATE = _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 02/09/2025.")
# The parameters a report link carries, in this order.
FILTER_KEYS = ("period", "year", "month", "quarter", "start", "end", "agency", "field", "procedure", "group")


def _choice(label: Any, choices: list[tuple[Any, Any]], *, coerce: Any = int, **extra: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": CHOOSE},
        **extra,
    )


def _day(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": BAD_DATE},
    )


class ReportFilterForm(forms.Form):
    """``period`` + ``year`` + ``month``/``quarter``, or ``start``..``end``; ``agency``, ``field``, ``procedure``
    (an id carried by a link: the row of a report grouped by procedure); ``group`` (the rows of the table).
    ``self.period`` is the parsed period once valid."""

    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"),
        error_messages={"required": _("Chọn kỳ báo cáo."), "invalid_choice": CHOOSE},
    )
    year = _choice(_("Năm"), [])
    month = _choice(_("Tháng"), [])
    quarter = _choice(_("Quý"), [])
    start = _day(_("Từ ngày"))
    end = _day(_("Đến ngày"))
    agency = _choice(_("Cơ quan"), [])
    field = _choice(_("Lĩnh vực"), [])
    procedure = forms.IntegerField(
        label=_("Thủ tục"),
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Thủ tục không hợp lệ."), "min_value": _("Thủ tục không hợp lệ.")},
    )
    group = forms.ChoiceField(
        label=_("Xem theo"),
        choices=[(key, GROUP_LABELS.get(key, label)) for key, label in GROUP_BY.items()],
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        today: date,
        agencies: list[tuple[int, str]],
        fields: list[tuple[int, str]],
        with_group: bool = True,
        with_subject: bool = True,
    ) -> None:
        defaults = {"period": "year", "year": str(today.year), "group": "agency"}
        merged = {**defaults, **{key: data.get(key) for key in FILTER_KEYS if key in data}} if data else defaults
        super().__init__(merged)
        self.today = today
        self.period: Period | None = None
        self.fields["period"].choices = [(key, PERIOD_LABELS.get(key, label)) for key, label in PERIOD_KINDS.items()]
        self.fields["year"].choices = [(n, str(n)) for n in range(today.year, 1999, -1)]
        self.fields["month"].choices = [(n, gettext("Tháng %(n)s") % {"n": n}) for n in range(1, 13)]
        self.fields["quarter"].choices = [(n, gettext("Quý %(n)s") % {"n": ROMAN[n]}) for n in range(1, 5)]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan bạn được xem")), *agencies]
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực")), *fields]
        if not with_group:
            del self.fields["group"]
        if not with_subject:  # the 766 indicators: per agency and period only
            del self.fields["field"], self.fields["procedure"]

    @property
    def kind(self) -> str:
        return self.cleaned_data.get("period") or ""

    def _field_for(self, where: str) -> str | None:
        """The form field a ``ReportFilterError`` about ``where`` belongs beside."""
        kind = self.kind
        if kind != "custom" and where in {"period", "start", "end"}:
            return {"month": "month", "quarter": "quarter"}.get(kind, "year")
        return where if where in self.fields else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("period")
        if not kind or self.errors:
            return data
        missing = {
            "year": kind != "custom" and data.get("year") is None and _("Chọn năm báo cáo."),
            "month": kind == "month" and data.get("month") is None and _("Chọn tháng báo cáo."),
            "quarter": kind == "quarter" and data.get("quarter") is None and _("Chọn quý báo cáo."),
            "start": kind == "custom" and data.get("start") is None and _("Nhập ngày bắt đầu (Từ ngày)."),
            "end": kind == "custom" and data.get("end") is None and _("Nhập ngày kết thúc (Đến ngày)."),
        }
        for name, message in missing.items():
            if message:
                self.add_error(name, message)
        if self.errors:
            return data
        number = {"month": data.get("month"), "quarter": data.get("quarter")}.get(kind)
        try:
            self.period = period_parse(
                kind=kind,
                year=data.get("year"),
                number=number,
                start=data.get("start") if kind == "custom" else None,
                end=data.get("end") if kind == "custom" else None,
                today=self.today,
            )
        except ReportFilterError as error:
            self.add_error(self._field_for(error.field), error.message)
        return data

    def add_filter_error(self, error: ReportFilterError) -> None:
        """A refusal of ``report_filter_build`` (unknown id, an agency outside the officer's scope)."""
        self.add_error(self._field_for(error.field), error.message)

    @property
    def group_by(self) -> str:
        return self.cleaned_data.get("group") or "agency"

    def items(self) -> list[tuple[str, str]]:
        """The checked filter as (parameter, value) pairs: the query of every link and export of this report."""
        data, kind = self.cleaned_data, self.kind
        wanted = {
            "period": True,
            "year": kind != "custom",
            "month": kind == "month",
            "quarter": kind == "quarter",
            "start": kind == "custom",
            "end": kind == "custom",
            "agency": True,
            "field": True,
            "procedure": True,
            "group": True,
        }
        pairs = []
        for key in FILTER_KEYS:
            value = data.get(key)
            if key in self.fields and wanted[key] and value not in (None, ""):
                pairs.append((key, value.isoformat() if isinstance(value, date) else str(value)))
        return pairs

    def query(self, **extra: Any) -> str:
        """The filter's query string; ``extra`` adds parameters (``None`` drops one: ``query(group=None)``)."""
        pairs = [(key, value) for key, value in self.items() if key not in extra]
        return urlencode(pairs + [(key, value) for key, value in extra.items() if value is not None])

    @property
    def query_without_procedure(self) -> str:
        return self.query(procedure=None)

    def choice_label(self, name: str) -> str:
        """The label of the chosen agency / field / procedure ("" when none is chosen)."""
        value = self.cleaned_data.get(name)
        if value is None or name not in self.fields:
            return ""
        return str(dict(getattr(self.fields[name], "choices", [])).get(value, ""))


class DrillForm(forms.Form):
    """Which number of the table: ``metric`` (a column) and ``key`` (the row's agency/field/procedure id; none for
    the total row)."""

    metric = forms.ChoiceField(
        label=_("Chỉ tiêu"),
        error_messages={"required": _("Thiếu chỉ tiêu cần xem hồ sơ."), "invalid_choice": _("Chỉ tiêu không hợp lệ.")},
    )
    key = forms.IntegerField(
        label=_("Dòng"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Dòng của bảng không hợp lệ."), "min_value": _("Dòng của bảng không hợp lệ.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [(key, label) for key, label in METRICS.items() if key in DRILLABLE]


class ExportForm(DrillForm):
    """An export: the format, and optionally which number's dossiers (no metric: the report table)."""

    FORMATS = (("csv", _("CSV")), ("xlsx", _("Excel (XLSX)")))
    fmt = forms.ChoiceField(
        label=_("Định dạng"),
        choices=FORMATS,
        error_messages={"required": _("Chọn định dạng tệp xuất."), "invalid_choice": _("Định dạng tệp không hợp lệ.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].required = False
