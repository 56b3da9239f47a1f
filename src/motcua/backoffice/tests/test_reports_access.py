"""Who may open the statistics pages ("Thống kê"): leaders and administrators only, each on their own agencies'
numbers; an export job belongs to the officer who asked for it."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import officer_of
from motcua.reports.selectors import period_parse, report_filter_build
from motcua.reports.services import export_start

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

STATISTICS = reverse("backoffice:statistics")
PAGES = [
    STATISTICS,
    reverse("backoffice:statistics_766"),
    reverse("backoffice:statistics_dossiers") + "?metric=received",
]
REFUSED = "Trang Thống kê chỉ dành cho lãnh đạo và quản trị của cơ quan."


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_back_office_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("url", PAGES)
def test_a_citizen_gets_the_back_office_forbidden_page(client, office, url):
    client.force_login(office.applicant)
    response = client.get(url)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", ["reception", "specialist"])
def test_an_officer_without_a_leader_or_admin_role_gets_the_forbidden_page(office, desk, url, role):
    officer = office.reception if role == "reception" else office.specialist
    response = desk(officer).get(url)
    assert response.status_code == 403
    assert REFUSED in response.content.decode()


def test_an_officer_without_the_role_cannot_start_an_export(office, desk):
    response = desk(office.specialist).post(reverse("backoffice:statistics_export"), {"fmt": "csv"})
    assert response.status_code == 403


@pytest.mark.parametrize("role", [StaffRole.AGENCY_LEADER, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_ADMIN])
def test_leaders_and_administrators_open_the_statistics(office, desk, role):
    officer = office.leader if role == StaffRole.AGENCY_LEADER else officer_of(office.department, role)
    response = desk(officer).get(STATISTICS)
    assert response.status_code == 200
    assert "Báo cáo định kỳ" in response.content.decode()


def test_the_home_page_offers_statistics_to_a_leader_only(office, desk):
    assert "Thống kê, báo cáo" in desk(office.leader).get(reverse("backoffice:home")).content.decode()
    assert "Thống kê, báo cáo" not in desk(office.reception).get(reverse("backoffice:home")).content.decode()


def _menu(html: str) -> str:
    """The back-office menu (the first ``nav`` of the page head), not the page's own links."""
    return html.split('<nav aria-label="Một cửa điện tử">', 1)[1].split("</nav>", 1)[0]


def test_the_menu_links_to_statistics_for_a_leader_only(office, desk):
    assert f'href="{STATISTICS}"' in _menu(desk(office.leader).get(reverse("backoffice:home")).content.decode())
    assert f'href="{STATISTICS}"' in _menu(desk(office.leader).get(STATISTICS).content.decode())
    assert f'href="{STATISTICS}"' not in _menu(desk(office.reception).get(reverse("backoffice:home")).content.decode())


def test_an_officer_sees_only_the_agencies_of_their_scope(office, desk):
    elsewhere = AgencyFactory(name="Sở Tư pháp")
    html = desk(office.leader).get(STATISTICS).content.decode()
    assert office.department.name in html
    assert "Sở Tư pháp" not in html  # neither a row nor a choice of the filter
    response = desk(office.leader).get(STATISTICS, {"agency": elsewhere.pk})
    assert response.status_code == 400
    assert "Chọn một giá trị trong danh sách." in response.content.decode()


def test_the_dossiers_of_another_agency_cannot_be_drilled_into(office, desk):
    elsewhere = AgencyFactory(name="Sở Tư pháp")
    url = reverse("backoffice:statistics_dossiers")
    response = desk(office.leader).get(url, {"metric": "received", "group": "agency", "key": elsewhere.pk})
    assert response.status_code == 400
    assert "Cơ quan này không thuộc phạm vi thống kê của bạn." in response.content.decode()


@pytest.fixture
def other_leaders_job(office, settings):
    """An export asked for by another leader of the same agency (the task does not run: the job waits)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    colleague = officer_of(office.department, StaffRole.AGENCY_LEADER)
    period = period_parse(kind="year", year=2025, today=date(2025, 12, 31))
    filters = report_filter_build(user=colleague, period=period, agency_id=None, field_id=None, procedure_id=None)
    return export_start(user=colleague, filters=filters, group_by="agency", fmt="csv")


@pytest.mark.parametrize("name", ["statistics_export_job", "statistics_export_status", "statistics_export_download"])
def test_another_officers_export_job_is_not_found(office, desk, other_leaders_job, name):
    response = desk(office.leader).get(reverse(f"backoffice:{name}", args=[other_leaders_job.public_id]))
    assert response.status_code == 404


def test_an_unknown_export_job_is_not_found(office, desk):
    url = reverse("backoffice:statistics_export_job", args=["6f1c1a9e-0000-4000-8000-000000000000"])
    assert desk(office.leader).get(url).status_code == 404


def test_a_signed_out_browser_cannot_download_an_export(office, other_leaders_job):
    url = reverse("backoffice:statistics_export_download", args=[other_leaders_job.public_id])
    assert Client().get(url).status_code == 302
