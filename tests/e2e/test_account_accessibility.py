"""axe-core on the organisation account pages: no serious or critical violation (with and without errors shown)."""

import copy
from pathlib import Path

import pytest

import motcua.portal

from .test_accessibility import serious_violations


@pytest.fixture(autouse=True)
def _portal_templates_first(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [Path(motcua.portal.__file__).parent / "templates"]
    settings.TEMPLATES = templates
    settings.ALTCHA_TEST_MODE = True


@pytest.mark.parametrize(
    "path",
    [
        "/tai-khoan/dang-nhap/",
        "/tai-khoan/dang-ky/",
        "/tai-khoan/dang-ky/to-chuc/",
        "/tai-khoan/chu-ky-so/",
        "/tai-khoan/quen-mat-khau/",
    ],
)
def test_account_pages_have_no_serious_violations(site, page, path):
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    ("path", "button"),
    [
        ("/tai-khoan/dang-ky/to-chuc/", "Đăng ký"),
        ("/tai-khoan/chu-ky-so/", "Đăng nhập"),
        ("/tai-khoan/quen-mat-khau/", "Gửi đường dẫn đặt lại mật khẩu"),
    ],
)
def test_pages_showing_errors_have_no_serious_violations(site, page, path, button):
    page.goto(site + path)
    page.get_by_role("button", name=button, exact=True).last.click()
    page.locator(".error-summary").wait_for()
    assert serious_violations(page) == []


def test_login_with_errors_has_no_serious_violations(site, page):
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.locator("#tai-khoan").get_by_role("button", name="Đăng nhập").click()
    page.locator(".error-summary").wait_for()
    assert serious_violations(page) == []
