"""Reporting periods (kỳ báo cáo): inclusive ranges of days in Asia/Ho_Chi_Minh, and the filter error."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError

PERIOD_KINDS = {
    "month": gettext_lazy("Tháng"),
    "quarter": gettext_lazy("Quý"),
    "half": gettext_lazy("6 tháng"),
    "nine_months": gettext_lazy("9 tháng"),
    "year": gettext_lazy("Năm"),
    "custom": gettext_lazy("Tùy chọn"),
}
MIN_YEAR = 2000
MAX_DAYS = 5 * 366  # a custom range longer than five years is refused
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ReportFilterError(DomainError):
    """A report filter cannot be used. ``field`` names the form field to mark (period, start, end, agency, …)."""

    def __init__(self, message: str, *, field: str = "period") -> None:
        super().__init__(message, code="report_filter")
        self.field = field


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    kind: str = "custom"

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if self.kind == "month":
            return _("Tháng %(month)02d/%(year)d") % {"month": s.month, "year": s.year}
        if self.kind == "quarter":
            return _("Quý %(quarter)s/%(year)d") % {"quarter": _ROMAN[(s.month - 1) // 3 + 1], "year": s.year}
        if self.kind == "half":
            return _("6 tháng đầu năm %(year)d") % {"year": s.year}
        if self.kind == "nine_months":
            return _("9 tháng đầu năm %(year)d") % {"year": s.year}
        if self.kind == "year":
            return _("Năm %(year)d") % {"year": s.year}
        return f"{s:%d/%m/%Y} – {e:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_parse(
    *,
    kind: str,
    year: int | None = None,
    number: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date,
) -> Period:
    """The period a report form asked for; impossible or unbounded ranges raise ``ReportFilterError``."""
    if kind not in PERIOD_KINDS:
        raise ReportFilterError(_("Loại kỳ báo cáo không hợp lệ."), field="period")
    if kind == "custom":
        if start is None:
            raise ReportFilterError(_("Vui lòng nhập ngày bắt đầu."), field="start")
        if end is None:
            raise ReportFilterError(_("Vui lòng nhập ngày kết thúc."), field="end")
        period = Period(start, end, "custom")
    else:
        if year is None:
            raise ReportFilterError(_("Vui lòng chọn năm báo cáo."), field="period")
        if year < MIN_YEAR or year > today.year:
            raise ReportFilterError(
                _("Năm báo cáo phải từ %(first)d đến %(last)d.") % {"first": MIN_YEAR, "last": today.year},
                field="period",
            )
        if kind == "month":
            if number is None or not 1 <= number <= 12:
                raise ReportFilterError(_("Vui lòng chọn tháng từ 1 đến 12."), field="period")
            period = Period(dt.date(year, number, 1), _month_end(year, number), kind)
        elif kind == "quarter":
            if number is None or not 1 <= number <= 4:
                raise ReportFilterError(_("Vui lòng chọn quý từ I đến IV."), field="period")
            first = 3 * (number - 1) + 1
            period = Period(dt.date(year, first, 1), _month_end(year, first + 2), kind)
        elif kind == "half":
            period = Period(dt.date(year, 1, 1), dt.date(year, 6, 30), kind)
        elif kind == "nine_months":
            period = Period(dt.date(year, 1, 1), dt.date(year, 9, 30), kind)
        else:
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), kind)
    if period.start.year < MIN_YEAR:
        raise ReportFilterError(_("Ngày bắt đầu phải từ năm %(first)d trở đi.") % {"first": MIN_YEAR}, field="start")
    if period.end < period.start:
        raise ReportFilterError(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."), field="end")
    if period.start > today:
        raise ReportFilterError(_("Kỳ báo cáo chưa bắt đầu: ngày bắt đầu ở tương lai."), field="start")
    if period.days > MAX_DAYS:
        raise ReportFilterError(_("Khoảng thời gian báo cáo không được dài quá 5 năm."), field="end")
    return period
