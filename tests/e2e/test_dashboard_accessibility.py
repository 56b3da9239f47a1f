"""axe-core on the statistics pages: the public "Thống kê" page (normal, high contrast, phone) and the back-office
statistics (report with charts, a drill-down list, the 766 indicators, an export job): no serious or critical
violation."""

import pytest

from .test_accessibility import serious_violations
from .test_backoffice_flow import officer_session
from .test_statistics_flow import department_leader, received_dossiers


@pytest.fixture
def numbers(site, citizen_account, draft_for):
    return received_dossiers(citizen_account, draft_for)


@pytest.fixture
def leader(site):
    return department_leader()


@pytest.fixture
def tasks_run(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_public_statistics_page_has_no_serious_violations(site, page, numbers, high_contrast):
    if high_contrast:
        page.context.add_cookies([{"name": "motcua_contrast", "value": "1", "url": site}])
    page.goto(site + "/thong-ke/")
    assert page.get_by_role("heading", name="Đánh giá chất lượng phục vụ").is_visible()
    assert serious_violations(page) == []


def test_the_public_statistics_page_on_a_phone_has_no_serious_violations(site, browser, numbers):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/thong-ke/")
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_back_office_statistics_pages_have_no_serious_violations(
    site, page, numbers, leader, tasks_run, high_contrast
):
    officer, secret, science = leader
    officer_session(page, site, officer, secret)
    if high_contrast:
        page.context.add_cookies([{"name": "motcua_contrast", "value": "1", "url": site}])
    page.goto(site + "/mot-cua/thong-ke/")
    for details in page.locator("details.st-chart__data").all():
        details.locator("summary").click()  # the charts' tables too
    assert serious_violations(page) == []
    page.goto(site + "/mot-cua/thong-ke/?period=custom&start=2025-02-10&end=2025-01-01")  # an error summary
    assert serious_violations(page) == []
    page.goto(site + f"/mot-cua/thong-ke/ho-so/?metric=received&key={science.pk}")
    assert serious_violations(page) == []
    page.goto(site + f"/mot-cua/thong-ke/chi-so-766/?agency={science.pk}")
    assert serious_violations(page) == []
    page.goto(site + "/mot-cua/thong-ke/")
    page.get_by_role("button", name="Xuất CSV").click()
    page.get_by_role("link", name="Tải về").wait_for()
    assert serious_violations(page) == []
