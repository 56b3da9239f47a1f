"""Statistics in Chromium: a leader of a department signs in to Một cửa điện tử, opens "Thống kê, báo cáo", reads a
chart, drills down from a number to the dossiers behind it and opens one, then exports the report to Excel in the
background and downloads the file when its link appears."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import officer_with_role, totp_enable
from motcua.catalogue.models import Agency
from motcua.workdays.calendar import VIETNAM

from .test_backoffice_flow import CENTRE, SCIENCE, officer_session
from .test_supplement_flow import download


def received_dossiers(citizen, draft_for, count: int = 3) -> list:
    """``count`` dossiers of "Sở Khoa học và Công nghệ" received online today, folded into the statistics."""
    from django.utils import timezone

    from motcua.dossiers.services import dossier_receive, dossier_submit
    from motcua.reports.services.refresh import rollup_refresh

    reception = officer_with_role(StaffRole.RECEPTION, agency=Agency.objects.get(code=CENTRE))
    dossiers = []
    for n in range(count):
        submitted = dossier_submit(dossier=draft_for(citizen), actor=citizen, idempotency_key=f"st-{n}")
        dossiers.append(dossier_receive(dossier=submitted, officer=reception))
    rollup_refresh(today=timezone.localdate())
    return dossiers


def department_leader() -> tuple:
    """A leader of "Sở Khoa học và Công nghệ" with an authenticator: (officer, TOTP secret, agency)."""
    science = Agency.objects.get(code=SCIENCE)
    officer = officer_with_role(StaffRole.AGENCY_LEADER, agency=science, full_name="Phạm Minh Tuấn")
    return officer, totp_enable(officer), science


@pytest.fixture
def numbers(site, citizen_account, draft_for):
    return received_dossiers(citizen_account, draft_for)


@pytest.fixture
def leader(site):
    return department_leader()


@pytest.fixture
def tasks_run(settings):
    """The export task runs when its request commits (the live server shares these settings)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_leader_reads_drills_down_and_exports_the_statistics(site, page, numbers, leader, tasks_run):
    officer, secret, science = leader
    officer_session(page, site, officer, secret)

    # The menu offers statistics (so does the home page); the report opens on this year, with its charts.
    page.get_by_role("navigation", name="Một cửa điện tử").get_by_role("link", name="Thống kê, báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê, báo cáo")
    online = page.get_by_role("img", name="Tỷ lệ hồ sơ tiếp nhận trực tuyến")
    expect(online).to_be_visible()
    expect(page.locator("#chart-online-desc")).to_contain_text("100,0%")  # all three came in online
    page.get_by_text("Số liệu của biểu đồ").first.click()
    expect(page.get_by_role("table", name="Tỷ lệ hồ sơ giải quyết đúng hạn")).to_be_visible()

    # Another period: only the fields of the chosen kind show (reports.js); a custom range with dates.
    page.get_by_label("Kỳ báo cáo").select_option(label="Quý")
    expect(page.get_by_label("Quý", exact=True)).to_be_visible()
    expect(page.get_by_label("Tháng", exact=True)).to_be_hidden()
    page.get_by_label("Kỳ báo cáo").select_option(label="Khoảng thời gian tùy chọn")
    expect(page.get_by_label("Năm", exact=True)).to_be_hidden()
    today = numbers[0].received_at.astimezone(VIETNAM).date()
    page.get_by_label("Từ ngày").fill(today.replace(day=1).isoformat())
    page.get_by_label("Đến ngày").fill(today.isoformat())
    page.get_by_role("button", name="Xem thống kê").click()
    label = f"{today.replace(day=1):%d/%m/%Y} – {today:%d/%m/%Y}"
    expect(page.get_by_role("heading", level=2, name=f"Báo cáo định kỳ: {label}")).to_be_visible()

    # A number of the table → the dossiers behind it → one dossier's page.
    received = page.locator(f'a[href*="metric=received&key={science.pk}"]')
    expect(received).to_have_text("3")
    received.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ: Tiếp nhận trong kỳ")
    expect(page.get_by_text("3 hồ sơ")).to_be_visible()
    code = numbers[0].code
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.go_back()

    # The report to Excel: a background job, its progress page, then the download link.
    page.get_by_role("link", name="← Về bảng thống kê").click()
    page.get_by_role("button", name="Xuất Excel (XLSX)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xuất tệp thống kê")
    link = page.get_by_role("link", name="Tải về")
    expect(link).to_be_visible(timeout=15_000)
    sheet = load_workbook(BytesIO(download(page, link)), read_only=True).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    header = rows["Cơ quan"]
    assert rows[science.name][header.index("Tiếp nhận trong kỳ")] == 3
    assert page.console_errors == []
