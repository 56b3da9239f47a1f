"""An officer signs in on the back office: password, mandatory TOTP set-up, recovery codes, then password + code.

The TOTP codes are computed here from the secret shown on the page (RFC 6238, with allauth's own HOTP helper).
"""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from playwright.sync_api import expect

from motcua.accounts.models import AccountKind, StaffRole
from motcua.accounts.tests.factories import (
    PASSWORD,
    UserFactory,
    officer_with_role,
    totp_code,
    totp_wrong_code,
)
from motcua.catalogue.models import Agency
from tests.e2e.test_accessibility import serious_violations

LOGIN = "/mot-cua/dang-nhap/"


def _password_step(page, site, username, password=PASSWORD):
    page.goto(site + LOGIN)
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def _next_window_code(secret: str, used: str) -> str:
    """allauth accepts a code once: wait for the authenticator app to show the next one."""
    deadline = time.monotonic() + mfa_settings.TOTP_PERIOD + 5
    while (code := totp_code(secret)) == used and time.monotonic() < deadline:
        time.sleep(1)
    return code


def test_officer_sets_up_totp_then_signs_in_with_password_and_code(site, page):
    centre = Agency.objects.get(code="000.00.33.H34")
    officer = officer_with_role(StaffRole.RECEPTION, agency=centre, full_name="Nguyễn Thị Hồng Nhung")

    # First sign-in: the password is right, but nothing opens before TOTP is set up.
    page.goto(site + LOGIN)
    assert serious_violations(page) == []
    _password_step(page, site, officer.username)
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc-hai-buoc/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thiết lập xác thực hai bước")
    qr = page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.goto(site + "/mot-cua/")  # trying to skip the set-up leads straight back
    expect(page).to_have_url(re.compile(r"/totp/activate/"))
    secret = page.locator("#totp-secret").inner_text().strip()  # a new page, a new secret

    page.get_by_label("Mã xác thực đang hiện trên ứng dụng").fill(totp_wrong_code(secret))
    page.get_by_role("button", name="Kích hoạt").click()
    expect(page.locator(".field-error")).to_contain_text("Mã xác thực không đúng")
    assert serious_violations(page) == []
    secret = page.locator("#totp-secret").inner_text().strip()
    code = totp_code(secret)
    page.get_by_label("Mã xác thực đang hiện trên ứng dụng").fill(code)
    page.get_by_role("button", name="Kích hoạt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mã khôi phục")
    recovery_codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery_codes) == 10 and all(re.fullmatch(r"\d{8}", c) for c in recovery_codes)
    assert serious_violations(page) == []
    page.get_by_role("link", name="Đã lưu mã, vào Một cửa điện tử").click()

    # The activation code proved the second factor for this session: the back office opens.
    expect(page).to_have_url(site + "/mot-cua/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Nguyễn Thị Hồng Nhung")
    roles = page.locator("#roles-title + dl")
    expect(roles).to_contain_text("Trung tâm Phục vụ hành chính công tỉnh (Bộ phận Tiếp nhận và Trả kết quả)")
    expect(roles).to_contain_text("Cán bộ tiếp nhận")
    assert serious_violations(page) == []
    expect(page.get_by_role("link", name="Đăng ký tài khoản cho công dân")).to_be_visible()

    page.get_by_role("button", name="Đăng xuất khỏi Một cửa").click()
    expect(page).to_have_url(site + LOGIN)
    page.goto(site + "/mot-cua/")
    expect(page).to_have_url(re.compile(r"/mot-cua/dang-nhap/\?next="))

    # Second sign-in: password, then the code; a wrong code is refused in Vietnamese.
    _password_step(page, site, officer.username)
    expect(page).to_have_url(re.compile(r"/tai-khoan/xac-thuc-hai-buoc/authenticate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai bước")
    page.get_by_label("Mã xác thực").fill(totp_wrong_code(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".field-error")).to_have_text(re.compile("Mã xác thực không đúng"))
    expect(page.get_by_role("alert").first).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Mã xác thực").fill(_next_window_code(secret, used=code))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(site + "/mot-cua/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Nguyễn Thị Hồng Nhung")
    assert page.console_errors == []


def test_a_citizen_account_is_refused_like_a_wrong_password(site, page):
    citizen = UserFactory(kind=AccountKind.CITIZEN, username="062195001234")
    _password_step(page, site, citizen.username)
    expect(page).to_have_url(site + LOGIN)
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    refused_right = page.get_by_role("alert").inner_text()

    _password_step(page, site, citizen.username, password="mat-khau-sai-hoan-toan")
    expect(page.get_by_role("alert")).to_have_text(refused_right)
    _password_step(page, site, "khong-co-tai-khoan-nay")
    expect(page.get_by_role("alert")).to_have_text(refused_right)
    page.goto(site + "/mot-cua/")
    expect(page).to_have_url(re.compile(r"/mot-cua/dang-nhap/\?next="))
    assert page.console_errors == []
