"""The indicators of Decision 766/QĐ-TTg (100 points) per agency and period; formulas in docs/indicators.md.

Each indicator is a rate numerator / denominator; its points are ``max_points × min(1, rate / target)``. An empty
denominator (nothing happened that the indicator judges) scores full points, and so does an indicator we cannot
measure yet (marked "Chưa đo được"); docs/indicators.md says which and why.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import Agency, Channel, ComponentRequirement, LegalBasis, OnlineLevel, Procedure
from motcua.workdays.calendar import CalendarOutOfRange, is_working_day
from motcua.workdays.selectors import calendar_for

from . import sums
from .scope import filter_check
from .types import Indicator, IndicatorGroup, IndicatorReport, ReportFilter

PUBLISH_LEAD_WORKING_DAYS = 20  # Decree 63/2010 art. 15 (as amended): published ≥ 20 working days before in force
NOT_MEASURED = gettext_lazy("Chưa đo được — tính đủ điểm")


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    max_points: float
    target: float = 100.0  # percent giving full points
    measured: bool = True


GROUPS: tuple[tuple[str, str, tuple[Spec, ...]], ...] = (
    (
        "transparency",
        gettext_lazy("Công khai, minh bạch"),
        (
            Spec("1.1", gettext_lazy("Thủ tục hành chính được công bố đúng hạn"), 4),
            Spec("1.2", gettext_lazy("Thủ tục hành chính được công khai đầy đủ thông tin"), 4),
            Spec(
                "1.3",
                gettext_lazy("Hồ sơ được đồng bộ, công khai tiến độ trên Cổng Dịch vụ công quốc gia"),
                6,
                measured=False,
            ),
            Spec("1.4", gettext_lazy("Người dân đánh giá về công khai, minh bạch"), 4),
        ),
    ),
    (
        "timeliness",
        gettext_lazy("Tiến độ, kết quả giải quyết"),
        (Spec("2.1", gettext_lazy("Hồ sơ giải quyết trước hạn, đúng hạn"), 20),),
    ),
    (
        "digitisation",
        gettext_lazy("Số hóa hồ sơ"),
        (
            Spec("3.1", gettext_lazy("Hồ sơ được số hóa thành phần hồ sơ"), 8, 80),
            Spec("3.2", gettext_lazy("Kết quả giải quyết được cấp bản điện tử"), 8, 80),
            Spec("3.3", gettext_lazy("Hồ sơ khai thác, sử dụng lại dữ liệu đã số hóa"), 6, 50),
        ),
    ),
    (
        "online",
        gettext_lazy("Cung cấp dịch vụ trực tuyến"),
        (
            Spec("4.1", gettext_lazy("Thủ tục cung cấp dịch vụ công trực tuyến"), 4, 80),
            Spec("4.2", gettext_lazy("Hồ sơ nộp trực tuyến"), 8, 50),
            Spec("4.3", gettext_lazy("Hồ sơ có phí, lệ phí được thanh toán trực tuyến"), 6),
            Spec("4.4", gettext_lazy("Thủ tục trực tuyến có phát sinh hồ sơ trực tuyến"), 2),
            Spec("4.5", gettext_lazy("Hồ sơ trực tuyến nộp bằng tài khoản định danh VNeID"), 2),
        ),
    ),
    (
        "satisfaction",
        gettext_lazy("Mức độ hài lòng"),
        (
            Spec("5.1", gettext_lazy("Phản ánh, kiến nghị được xử lý đúng hạn"), 6, measured=False),
            Spec("5.2", gettext_lazy("Hài lòng trong xử lý phản ánh, kiến nghị"), 6, measured=False),
            Spec("5.3", gettext_lazy("Hài lòng trong tiếp nhận, giải quyết thủ tục hành chính"), 6),
        ),
    ),
)


def score(spec: Spec, numerator: int, denominator: int) -> tuple[Indicator, float]:
    """The indicator (points rounded for display) and its exact points (summed for the group and the total)."""
    rate = 100 * numerator / denominator if denominator and spec.measured else None
    points = spec.max_points if rate is None else spec.max_points * min(1.0, rate / spec.target)
    target = str(NOT_MEASURED) if not spec.measured else f"≥ {spec.target:g}%"
    indicator = Indicator(
        code=spec.code,
        name=str(spec.name),
        numerator=numerator,
        denominator=denominator,
        value=None if rate is None else round(rate, 2),
        target=target,
        points=round(points, 2),
        max_points=spec.max_points,
    )
    return indicator, points


def _procedures(filters: ReportFilter):
    procedures = Procedure.objects.filter(is_active=True)
    if filters.agency_ids is not None:
        procedures = procedures.filter(agency_id__in=filters.agency_ids)
    if filters.procedure_id is not None:
        procedures = procedures.filter(pk=filters.procedure_id)
    if filters.field_id is not None:
        procedures = procedures.filter(fields=filters.field_id)
    return procedures


def _working_days_between(first: dt.date, last: dt.date, calendar) -> int:
    days, at = 0, first + dt.timedelta(days=1)
    while at < last:
        try:
            working = is_working_day(day=at, calendar=calendar)
        except CalendarOutOfRange:
            working = at.weekday() < 5
        days += working
        at += dt.timedelta(days=1)
    return days


def _published_on_time(procedures) -> tuple[int, int]:
    dated = list(
        procedures.filter(decision_date__isnull=False, effective_from__isnull=False).values_list(
            "decision_date", "effective_from"
        )
    )
    if not dated:
        return 0, 0
    calendar = calendar_for()
    on_time = sum(
        1
        for decided, effective in dated
        if _working_days_between(decided, effective, calendar) >= PUBLISH_LEAD_WORKING_DAYS
    )
    return on_time, len(dated)


def _complete(procedures) -> tuple[int, int]:
    """Published with everything a citizen needs: a legal basis, and a case with components and a time limit."""
    components = ComponentRequirement.objects.filter(case__procedure=OuterRef("pk"))
    timed = Channel.objects.filter(case__procedure=OuterRef("pk"), duration_value__isnull=False)
    legal = LegalBasis.objects.filter(procedure=OuterRef("pk"))
    counts = procedures.aggregate(
        total=Count("pk"),
        complete=Count("pk", filter=Q(Exists(components), Exists(timed), Exists(legal))),
    )
    return counts["complete"], counts["total"]


def _agency_name(filters: ReportFilter) -> tuple[int | None, str]:
    if filters.agency_ids is None:
        return None, _("Toàn tỉnh")
    if len(filters.agency_ids) == 1:
        (agency_id,) = filters.agency_ids
        return agency_id, Agency.objects.filter(pk=agency_id).values_list("name", flat=True).first() or ""
    return None, _("Các cơ quan được phân quyền (%(count)d cơ quan)") % {"count": len(filters.agency_ids)}


def indicators_766(*, user, filters: ReportFilter) -> IndicatorReport:
    """The 766 indicators of the filter's agencies (together) over its period, out of 100 points."""
    filter_check(user=user, filters=filters)
    today = timezone.localdate()
    t = sums.totals(filters, group_by=None, today=today).get(None) or dict.fromkeys(
        (*sums.rules.COLUMNS, *sums.STOCKS), 0
    )
    by_procedure = sums.totals(filters, group_by="procedure", today=today, columns=("received_online",))
    procedures = _procedures(filters)
    online_procedures = procedures.filter(online_level__in=(OnlineLevel.PARTIAL, OnlineLevel.FULL))
    online_ids = set(online_procedures.values_list("pk", flat=True))
    used_online = sum(1 for key, row in by_procedure.items() if key in online_ids and row["received_online"])
    figures = {
        "1.1": _published_on_time(procedures),
        "1.2": _complete(procedures),
        "1.3": (0, 0),
        "1.4": (t["survey_public_points"], 6 * t["surveys"]),
        "2.1": (t["finished_early"] + t["finished_on_time"], t["finished"]),
        "3.1": (t["digitised"], t["received"]),
        "3.2": (t["e_results"], t["results"]),
        "3.3": (t["reused"], t["received"]),
        "4.1": (len(online_ids), procedures.count()),
        "4.2": (t["received_online"], t["received"]),
        "4.3": (t["paid_online"], t["fee_due"]),
        "4.4": (used_online, len(online_ids)),
        "4.5": (t["vneid_online"], t["received_online"]),
        "5.1": (0, 0),
        "5.2": (0, 0),
        # 766: 100% − (late rate + complaint rate) = (finished − late − complaints) / finished.
        "5.3": (max(0, t["finished"] - t["finished_late"] - t["complaints"]), t["finished"]),
    }
    groups, total = [], 0.0
    for key, name, specs in GROUPS:
        scored = [score(spec, *figures[spec.code]) for spec in specs]
        points = sum(exact for _, exact in scored)
        total += points
        groups.append(
            IndicatorGroup(
                key=key,
                name=str(name),
                points=round(points, 2),
                max_points=sum(spec.max_points for spec in specs),
                indicators=[indicator for indicator, _ in scored],
            )
        )
    agency_id, agency_name = _agency_name(filters)
    return IndicatorReport(
        agency_id=agency_id,
        agency_name=agency_name,
        period=filters.period,
        groups=groups,
        total_points=round(total, 2),
    )
