"""Exports to CSV / XLSX, written in the background (``tasks.export_run_task``) with their progress.

The file is written row by row to a temporary file (openpyxl's write-only mode for XLSX), so memory stays flat
whatever the number of dossiers, then stored in the private storage (``bao-cao/``) and served only to the person
who asked for it (``export_file_open``).
"""

import csv
import datetime as dt
import logging
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError, NotFound
from motcua.workdays.calendar import VIETNAM

from ..models import ExportJob
from ..periods import Period, ReportFilterError
from ..selectors import DRILLABLE, GROUP_BY, METRICS, RATES, periodic_report, report_dossiers
from ..selectors.scope import scope_agency_ids
from ..selectors.types import ReportFilter

logger = logging.getLogger(__name__)
EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ACTIVE_PER_USER = 3
PROGRESS_EVERY = 1000  # rows between two progress saves
TIMING_LABELS = {
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
}


def _params(filters: ReportFilter, group_by: str, metric: str | None, key: int | None) -> dict:
    period = filters.period
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "kind": period.kind,
        "agency_ids": sorted(filters.agency_ids) if filters.agency_ids is not None else None,
        "field_id": filters.field_id,
        "procedure_id": filters.procedure_id,
        "group_by": group_by,
        "metric": metric,
        "key": key,
    }


def _filters(params: dict) -> ReportFilter:
    period = Period(dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]), params["kind"])
    ids = params["agency_ids"]
    return ReportFilter(
        period=period,
        agency_ids=frozenset(ids) if ids is not None else None,
        field_id=params["field_id"],
        procedure_id=params["procedure_id"],
    )


def _filename(filters: ReportFilter, metric: str | None, fmt: str) -> str:
    period = filters.period
    what = "thong-ke" if metric is None else f"ho-so-{metric.replace('_', '-')}"
    return f"{what}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"


def export_start(
    *, user, filters: ReportFilter, group_by: str, fmt: str, metric: str | None = None, key: int | None = None
) -> ExportJob:
    """Queue the export of the report table (``metric`` None) or of the dossiers behind one of its numbers."""
    scope_agency_ids(user=user)  # PermissionDenied for anyone who may see no statistics
    if fmt not in EXPORT_FORMATS:
        raise DomainError(_("Định dạng tệp không hợp lệ (chỉ CSV hoặc XLSX)."), code="format")
    if group_by not in GROUP_BY:
        raise ReportFilterError(_("Cách nhóm số liệu không hợp lệ."), field="group")
    if metric is not None and metric not in DRILLABLE:
        raise ReportFilterError(_("Chỉ tiêu không hợp lệ."), field="metric")
    active = ExportJob.objects.filter(
        requested_by=user, state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING)
    ).count()
    if active >= MAX_ACTIVE_PER_USER:
        raise DomainError(
            _("Bạn đang có %(count)d tệp đang được tạo. Vui lòng chờ các tệp này xong rồi xuất tiếp.")
            % {"count": active},
            code="busy",
        )
    from ..tasks import export_run_task  # the task module imports this one

    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            params=_params(filters, group_by, metric, key),
            fmt=fmt,
            filename=_filename(filters, metric, fmt),
        )
        transaction.on_commit(lambda: export_run_task.enqueue(job.pk))
    return job


def export_get_for_user(*, user, public_id) -> ExportJob:
    """The user's own export job; ``NotFound`` for any other (or a malformed id)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound(_("Không tìm thấy tệp xuất báo cáo.")) from None
    job = ExportJob.objects.filter(public_id=key, requested_by_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound(_("Không tìm thấy tệp xuất báo cáo."))
    return job


def export_file_open(*, user, public_id) -> tuple[File, str, str]:
    job = export_get_for_user(user=user, public_id=public_id)
    if job.state != ExportJob.State.DONE or not job.file:
        raise DomainError(_("Tệp chưa được tạo xong, vui lòng chờ trong giây lát."), code="not_ready")
    return job.file, job.filename, CONTENT_TYPES[job.fmt]


# --- The background part ---------------------------------------------------------------------------------------
def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if moment else ""


def _report_rows(job: ExportJob, filters: ReportFilter) -> tuple[int, Iterator[list]]:
    params = job.params
    report = periodic_report(user=job.requested_by, filters=filters, group_by=params["group_by"])
    header = [str(label) for label in (GROUP_BY[params["group_by"]], *METRICS.values(), *RATES.values())]

    def rows() -> Iterator[list]:
        yield header
        for row in [*report.rows, report.total]:
            yield [row.label, *(row.counts[k] for k in METRICS), *(row.rates[k] for k in RATES)]

    return len(report.rows) + 2, rows()


def _dossier_rows(job: ExportJob, filters: ReportFilter) -> tuple[int, Iterator[list]]:
    params = job.params
    dossiers = report_dossiers(
        user=job.requested_by,
        filters=filters,
        metric=params["metric"],
        group_by=params["group_by"],
        key=params["key"],
    )
    total = dossiers.count()
    header = [
        _("Mã hồ sơ"),
        _("Thủ tục"),
        _("Cơ quan"),
        _("Trạng thái"),
        _("Ngày tiếp nhận"),
        _("Ngày hẹn trả"),
        _("Ngày hoàn thành"),
        _("Tiến độ"),
    ]

    def rows() -> Iterator[list]:
        yield header
        for dossier in dossiers.select_related("report_fact").iterator(chunk_size=2000):
            fact = getattr(dossier, "report_fact", None)
            yield [
                dossier.code,
                dossier.procedure.name,
                dossier.agency.name,
                str(dossier.get_state_display()),
                _local(dossier.received_at),
                _local(dossier.due_at),
                _local(dossier.finished_at),
                str(TIMING_LABELS.get(fact.timing, "")) if fact else "",
            ]

    return total + 1, rows()


def _write(path: Path, fmt: str, rows: Iterator[list], job: ExportJob) -> None:
    def tick(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            job.rows_done = done
            job.progress = min(99, 100 * done // max(1, job.rows_total))
            job.save(update_fields=["rows_done", "progress"])

    done = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
                done += 1
                tick(done)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Báo cáo"))
        for row in rows:
            sheet.append(row)
            done += 1
            tick(done)
        book.save(path)
    job.rows_done = done


def export_run(*, job_id: int) -> None:
    """Write one queued job's file; a failure is recorded on the job in Vietnamese (and logged)."""
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id, state=ExportJob.State.QUEUED).first()
    if job is None:
        return
    job.state = ExportJob.State.RUNNING
    job.save(update_fields=["state"])
    filters = _filters(job.params)
    try:
        if job.params["metric"] is None:
            job.rows_total, rows = _report_rows(job, filters)
        else:
            job.rows_total, rows = _dossier_rows(job, filters)
        job.save(update_fields=["rows_total"])
        with tempfile.TemporaryDirectory(prefix="motcua-export-") as folder:
            path = Path(folder) / job.filename
            _write(path, job.fmt, rows, job)
            with path.open("rb") as handle:
                job.file.save(f"{uuid.uuid4().hex}.{job.fmt}", File(handle), save=False)
    except (DomainError, PermissionDenied) as error:
        job.state, job.error = ExportJob.State.FAILED, getattr(error, "message", "") or str(error)
    except Exception:
        logger.exception("export %s failed", job.public_id)
        job.state, job.error = ExportJob.State.FAILED, _("Có lỗi khi tạo tệp. Vui lòng thử lại sau.")
    else:
        job.state, job.progress = ExportJob.State.DONE, 100
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "progress", "rows_done", "file", "finished_at"])
