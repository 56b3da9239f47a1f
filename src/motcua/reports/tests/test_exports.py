"""Exports of the periodic report and of the dossiers behind a number, to CSV and XLSX, in the background."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from motcua.accounts.models import StaffMembership, StaffRole
from motcua.core.errors import DomainError, NotFound
from motcua.reports.models import ExportJob
from motcua.reports.periods import Period, ReportFilterError
from motcua.reports.selectors import METRICS, RATES, periodic_report, report_filter_build
from motcua.reports.services import (
    export_file_open,
    export_get_for_user,
    export_run,
    export_start,
    rollup_refresh,
)

pytestmark = pytest.mark.django_db
OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31), "month")


@pytest.fixture
def filters(world):
    w = world
    w.at(2025, 10, 1, 8, 0)
    early = w.receive(w.online(w.p1))
    w.receive(w.online(w.p2))
    w.counter(w.p3)
    w.at(2025, 10, 2, 9, 0)
    w.finish(early)
    w.at(2025, 10, 20, 9, 0)
    rollup_refresh(today=timezone.localdate())
    return report_filter_build(user=w.a.leader, period=OCTOBER, agency_id=None, field_id=None, procedure_id=None)


def run(django_capture_on_commit_callbacks, **kwargs) -> ExportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(**kwargs)
    job.refresh_from_db()
    return job


def content(job: ExportJob, user) -> tuple[bytes, str, str]:
    stored, name, content_type = export_file_open(user=user, public_id=job.public_id)
    with stored.open("rb") as handle:
        return handle.read(), name, content_type


def test_the_report_table_is_exported_to_csv_with_its_total(world, filters, django_capture_on_commit_callbacks):
    leader = world.a.leader
    job = run(django_capture_on_commit_callbacks, user=leader, filters=filters, group_by="agency", fmt="csv")
    assert (job.state, job.progress, job.rows_total, job.rows_done) == ("done", 100, 4, 4)
    data, name, content_type = content(job, leader)
    assert (name, content_type) == ("thong-ke-20251001-20251031.csv", "text/csv; charset=utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Cơ quan", *METRICS.values(), *RATES.values()]
    report = periodic_report(user=leader, filters=filters)
    assert [row[0] for row in rows[1:]] == ["Sở Xây dựng", "UBND xã Đăk Hà", "Tổng cộng"]
    received = list(METRICS).index("received") + 1
    assert rows[-1][received] == str(report.total.counts["received"]) == "3"


def test_the_dossiers_behind_a_number_are_exported_to_xlsx(world, filters, django_capture_on_commit_callbacks):
    leader = world.a.leader
    job = run(
        django_capture_on_commit_callbacks,
        user=leader,
        filters=filters,
        group_by="agency",
        fmt="xlsx",
        metric="received",
        key=world.a.agency.pk,
    )
    assert job.state == "done", job.error
    data, name, _ = content(job, leader)
    assert name == "ho-so-received-20251001-20251031.xlsx"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã hồ sơ", "Thủ tục", "Cơ quan", "Trạng thái")
    assert len(rows) - 1 == job.rows_total - 1 == 2  # the two dossiers of agency a
    assert {row[2] for row in rows[1:]} == {"Sở Xây dựng"}
    assert "Trước hạn" in {row[7] for row in rows[1:]}


def test_a_job_and_its_file_are_only_for_the_person_who_asked(world, filters, django_capture_on_commit_callbacks):
    job = run(django_capture_on_commit_callbacks, user=world.a.leader, filters=filters, group_by="agency", fmt="csv")
    for user, public_id in ((world.b.leader, job.public_id), (world.a.leader, "not-a-uuid")):
        with pytest.raises(NotFound):
            export_get_for_user(user=user, public_id=public_id)
        with pytest.raises(NotFound):
            export_file_open(user=user, public_id=public_id)
    assert export_get_for_user(user=world.a.leader, public_id=str(job.public_id)) == job


def test_bad_requests_are_refused_in_vietnamese(world, filters):
    leader = world.a.leader
    with pytest.raises(DomainError, match="Định dạng tệp không hợp lệ"):
        export_start(user=leader, filters=filters, group_by="agency", fmt="pdf")
    with pytest.raises(ReportFilterError) as error:
        export_start(user=leader, filters=filters, group_by="agency", fmt="csv", metric="salary")
    assert error.value.field == "metric"
    with pytest.raises(ReportFilterError):
        export_start(user=leader, filters=filters, group_by="officer", fmt="csv")
    for _ in range(3):  # queued, never run (no on-commit here)
        export_start(user=leader, filters=filters, group_by="agency", fmt="csv")
    with pytest.raises(DomainError, match="Bạn đang có 3 tệp đang được tạo"):
        export_start(user=leader, filters=filters, group_by="agency", fmt="csv")


def test_a_file_not_ready_yet_is_not_served(world, filters):
    job = export_start(user=world.a.leader, filters=filters, group_by="agency", fmt="csv")
    with pytest.raises(DomainError, match="chưa được tạo xong"):
        export_file_open(user=world.a.leader, public_id=job.public_id)


def test_a_job_whose_author_lost_the_right_fails_with_a_message(world, filters):
    leader = world.a.leader
    job = export_start(user=leader, filters=filters, group_by="agency", fmt="xlsx")
    StaffMembership.objects.filter(user=leader, role=StaffRole.AGENCY_LEADER).delete()
    export_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.error, bool(job.file)) == ("failed", "Bạn không có quyền xem thống kê, báo cáo.", False)
