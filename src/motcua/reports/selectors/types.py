"""What the report selectors return: plain dataclasses the front doors render (no model instances)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..periods import Period

# Columns of the periodic report (domain.md §9), in display order: key -> Vietnamese column label.
METRICS: dict[str, str] = {
    "carried_over": _("Kỳ trước chuyển sang"),
    "received": _("Tiếp nhận trong kỳ"),
    "received_online": _("Trực tuyến"),
    "received_counter": _("Trực tiếp"),
    "received_post": _("Qua dịch vụ bưu chính"),
    "finished": _("Đã giải quyết"),
    "finished_early": _("Trước hạn"),
    "finished_on_time": _("Đúng hạn"),
    "finished_late": _("Quá hạn"),
    "in_progress": _("Đang giải quyết"),
    "in_progress_within": _("Trong hạn"),
    "in_progress_overdue": _("Quá hạn"),
    "supplement_requested": _("Yêu cầu bổ sung"),
    "refused": _("Không được tiếp nhận"),
    "returned": _("Đã trả kết quả"),
    "stopped": _("Dừng xử lý"),
    "withdrawn": _("Rút hồ sơ"),
    "awaiting_payment": _("Chờ thực hiện nghĩa vụ tài chính"),
}
RATES: dict[str, str] = {
    "on_time_rate": _("Tỷ lệ đúng hạn (%)"),
    "online_rate": _("Tỷ lệ trực tuyến (%)"),
    "online_payment_rate": _("Tỷ lệ thanh toán trực tuyến (%)"),
    "digitisation_rate": _("Tỷ lệ số hóa (%)"),
    "reuse_rate": _("Tỷ lệ tái sử dụng dữ liệu (%)"),
    "satisfaction_rate": _("Mức độ hài lòng (%)"),
    "avg_processing_days": _("Thời gian giải quyết trung bình (ngày)"),
}
GROUP_BY = {"agency": _("Cơ quan"), "field": _("Lĩnh vực"), "procedure": _("Thủ tục")}
DRILLABLE: frozenset[str] = frozenset(METRICS)


@dataclass(frozen=True)
class ReportFilter:
    period: Period
    agency_ids: frozenset[int] | None  # None: every agency (only for those who see all)
    field_id: int | None = None
    procedure_id: int | None = None


@dataclass(frozen=True)
class ReportScope:
    agencies: list[tuple[int, str]]
    fields: list[tuple[int, str]]
    sees_all: bool


@dataclass
class ReportRow:
    key: int | None
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)


@dataclass
class PeriodicReport:
    period: Period
    group_by: str
    rows: list[ReportRow]
    total: ReportRow


@dataclass
class SeriesPoint:
    label: str
    start: dt.date
    end: dt.date
    received: int
    finished: int
    on_time_rate: float | None
    online_rate: float | None


@dataclass
class RankedAgency:
    agency_id: int
    name: str
    received: int
    finished: int
    on_time_rate: float | None


@dataclass
class Indicator:
    code: str
    name: str
    numerator: int
    denominator: int
    value: float | None
    target: str
    points: float
    max_points: float


@dataclass
class IndicatorGroup:
    key: str
    name: str
    points: float
    max_points: float
    indicators: list[Indicator]


@dataclass
class IndicatorReport:
    agency_id: int | None
    agency_name: str
    period: Period
    groups: list[IndicatorGroup]
    total_points: float  # out of 100


@dataclass
class PublicAgencyRow:
    agency_id: int
    name: str
    received_month: int
    received_year: int
    on_time_rate_month: float | None
    on_time_rate_year: float | None
    online_rate_year: float | None
    satisfaction_rate_year: float | None


@dataclass
class PublicDashboard:
    today: dt.date
    rows: list[PublicAgencyRow]
    total: PublicAgencyRow
    updated_at: dt.datetime | None


@dataclass
class VisitSummary:
    today: int
    yesterday: int
    this_month: int
    last_month: int
    this_year: int
