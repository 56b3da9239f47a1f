"""A reception officer opens a citizen's account at the counter; the citizen activates it from the SMS and signs in.

The officer's TOTP is already set up in the database (allauth.mfa's activation helper); the SMS is read from the
demo outbox page, as a tester would.
"""

import datetime as dt
import re

from playwright.sync_api import expect

from motcua.accounts.models import StaffRole, User
from motcua.accounts.services import citizen_register_at_counter
from motcua.accounts.tests.factories import PASSWORD, officer_with_role, totp_code, totp_enable
from motcua.catalogue.models import Agency
from motcua.notifications.models import Notification
from tests.e2e.test_accessibility import serious_violations

CITIZEN_PASSWORD = "Hoa-ban-no-tren-nui-2024"


def _sign_in_officer(page, site, officer, secret):
    page.goto(site + "/mot-cua/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc thư điện tử").fill(officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.get_by_label("Mã xác thực").fill(totp_code(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(site + "/mot-cua/")


def test_officer_registers_a_citizen_who_activates_the_account_and_signs_in(site, page, settings):
    settings.MOTCUA_PUBLIC_URL = site  # links in the SMS point at this test server
    officer = officer_with_role(StaffRole.RECEPTION, agency=Agency.objects.get(code="000.00.33.H34"))
    secret = totp_enable(officer)
    _sign_in_officer(page, site, officer, secret)

    page.get_by_role("link", name="Đăng ký tài khoản cho công dân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản cho công dân")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Mai")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("062195001234")
    page.get_by_label("Ngày sinh").fill("1995-09-02")
    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_label("Địa chỉ thường trú").fill("Số 12 Trần Phú, phường Quyết Thắng, thành phố Kon Tum")

    # A mistake first: the error is shown beside the field and in the summary, nothing is sent.
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("mai@")
    page.get_by_role("button", name="Tạo tài khoản và gửi đường dẫn kích hoạt").click()
    expect(page.get_by_role("alert")).to_contain_text("Địa chỉ thư điện tử không hợp lệ")
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Thị Mai")  # nothing to retype
    assert serious_violations(page) == []
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("mai.nguyen@example.vn")
    page.get_by_role("button", name="Tạo tài khoản và gửi đường dẫn kích hoạt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo tài khoản cho công dân")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("062195001234")
    expect(facts).to_contain_text("091****678")
    expect(facts).to_contain_text("m***@example.vn")
    expect(facts).not_to_contain_text("0912345678")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Đăng xuất khỏi Một cửa").click()

    # The citizen's phone: the SMS in the demo outbox carries the activation link.
    page.goto(site + "/hop-thu/")
    sms = page.locator("tr", has=page.get_by_role("cell", name="0912345678", exact=True)).first
    expect(sms).to_contain_text("062195001234")
    link = sms.get_by_role("link").first.get_attribute("href")
    assert link.startswith(site + "/tai-khoan/quen-mat-khau/dat-lai/")

    page.goto(link)
    page.locator("input[name=password1]").fill(CITIZEN_PASSWORD)
    page.locator("input[name=password2]").fill(CITIZEN_PASSWORD)
    page.locator("form:has(input[name=password1]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/quen-mat-khau/hoan-tat/"))
    assert User.objects.get(username="062195001234").check_password(CITIZEN_PASSWORD)

    page.goto(link)  # single use
    expect(page.locator("input[name=password1]")).to_have_count(0)

    assert page.console_errors == []


def test_activated_citizen_signs_in_on_the_portal_with_cccd_and_password(site, page, settings):
    settings.MOTCUA_PUBLIC_URL = site
    officer = officer_with_role(StaffRole.RECEPTION)
    citizen_register_at_counter(
        officer=officer,
        full_name="Y Blim",
        id_number="062090001234",
        date_of_birth=dt.date(1990, 5, 19),
        phone="0987654321",
        address="Làng Kon Klor, phường Thắng Lợi, thành phố Kon Tum",
    )
    link = re.search(r"https?://\S+/", Notification.objects.get(channel="sms").body).group(0)
    page.goto(link)
    page.locator("input[name=password1]").fill(CITIZEN_PASSWORD)
    page.locator("input[name=password2]").fill(CITIZEN_PASSWORD)
    page.locator("form:has(input[name=password1]) [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/quen-mat-khau/hoan-tat/"))

    page.goto(site + "/tai-khoan/dang-nhap/")
    account = page.locator("#tai-khoan")
    account.locator("input[name=login]").fill("062090001234")
    account.locator("input[name=password]").fill(CITIZEN_PASSWORD)
    account.locator("[type=submit]").click()
    expect(page.locator(".main-nav__name")).to_have_text("Y Blim", timeout=3000)
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
