""" "Xuất CSV" / "Xuất Excel (XLSX)": a POST starts a background job, the job page shows its progress and, once the
file is written, the link that downloads it — for the officer who asked only."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.reports.services.refresh import rollup_refresh

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

EXPORT = reverse("backoffice:statistics_export")
THIS_YEAR = {"period": "year", "year": str(timezone.localdate().year), "group": "agency"}


@pytest.fixture
def received(office):
    dossiers = [office.received(), office.received()]
    rollup_refresh(today=timezone.localdate())
    return dossiers


@pytest.fixture
def tasks_run(settings):
    """Background tasks run as soon as the request's transaction commits (as the worker would, only sooner)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_xlsx_export_of_the_table_is_written_in_the_background_and_downloaded(
    office, desk, received, tasks_run, django_capture_on_commit_callbacks
):
    leader = desk(office.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(EXPORT, {**THIS_YEAR, "fmt": "xlsx"})
    assert response.status_code == 303
    job_url = response["Location"]
    assert re.fullmatch(r"/mot-cua/thong-ke/xuat/[0-9a-f-]{36}/", job_url)
    page = leader.get(job_url).content.decode()
    assert "Tệp đã sẵn sàng." in page
    assert 'hx-trigger="every 1s"' not in page  # final: the page stops asking
    download = leader.get(f"{job_url}tai-ve/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(_content(download)), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Cơ quan"
    department = next(row for row in rows if row[0] == office.department.name)
    assert department[rows[0].index("Tiếp nhận trong kỳ")] == 2


def test_a_csv_export_of_a_drill_down_lists_the_dossiers_behind_the_number(
    office, desk, received, tasks_run, django_capture_on_commit_callbacks
):
    leader = desk(office.leader)
    data = {**THIS_YEAR, "fmt": "csv", "metric": "received", "key": office.department.pk}
    with django_capture_on_commit_callbacks(execute=True):
        job_url = leader.post(EXPORT, data)["Location"]
    text = _content(leader.get(f"{job_url}tai-ve/")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Mã hồ sơ"
    assert sorted(row[0] for row in rows[1:]) == sorted(dossier.code for dossier in received)


def test_the_drill_down_page_offers_the_export_of_its_list(office, desk, received):
    url = reverse("backoffice:statistics_dossiers")
    html = desk(office.leader).get(url, {"metric": "received"}).content.decode()
    assert f'action="{EXPORT}"' in html
    assert '<input type="hidden" name="metric" value="received">' in html
    assert "Xuất Excel (XLSX)" in html


def test_a_queued_job_shows_its_progress_and_asks_again_every_second(office, desk, received):
    leader = desk(office.leader)
    job_url = leader.post(EXPORT, {**THIS_YEAR, "fmt": "csv"})["Location"]  # not committed: the task waits
    page = leader.get(job_url).content.decode()
    assert '<div role="status" aria-live="polite">' in page
    assert re.search(r'<progress class="st-job__progress" max="100" value="0"', page)
    status_url = f"{job_url}trang-thai/"
    assert f'hx-get="{status_url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    fragment = leader.get(status_url)
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "Đang chờ đến lượt tạo tệp" in fragment.content.decode()
    early = leader.get(f"{job_url}tai-ve/")  # not ready yet: back to the job page, no error
    assert early.status_code == 302 and early["Location"] == job_url


def test_too_many_exports_at_once_are_refused_with_a_reason(office, desk, received):
    leader = desk(office.leader)
    for _ in range(3):
        assert leader.post(EXPORT, {**THIS_YEAR, "fmt": "csv"}).status_code == 303
    response = leader.post(EXPORT, {**THIS_YEAR, "fmt": "csv"})
    assert response.status_code == 400
    assert "Vui lòng chờ" in response.content.decode()
