"""A citizen signs in with VNeID (the sandbox provider) in Chromium, as a person clicks, and sees their profile."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def vneid(site, settings):
    """The portal's relying party pointed at the sandbox VNeID on the same live server."""
    from motcua.identity.contrib.sandbox.services import sandbox_identity_create

    settings.MOTCUA_VNEID_SANDBOX = True
    settings.MOTCUA_PUBLIC_URL = site
    settings.MOTCUA_VNEID = {
        **settings.MOTCUA_VNEID,
        "DISCOVERY_URL": f"{site}/sandbox/vneid/.well-known/openid-configuration",
        "ISSUER": "",
        "CLIENT_ID": "motcua-e2e",
        "CLIENT_SECRET": "e2e-secret-" * 4,
        "TOKEN_AUTH_METHOD": "client_secret_basic",
        "TIMEOUT_SECONDS": 10.0,
    }
    return sandbox_identity_create(
        id_number="062090001234",
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1990, 5, 12),
        phone="0912345678",
        level=2,
    )


def test_citizen_signs_in_with_vneid_and_otp_then_sees_the_profile(site, vneid, page):
    page.goto(site + "/")
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_role("link", name="Tài khoản Định danh điện tử cấp bởi Bộ Công an").click()

    expect(page).to_have_url(re.compile(r"/sandbox/vneid/oauth2/authorize"))
    page.get_by_label("Số CCCD").fill("062090001234")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_label("Mã OTP")).to_be_visible()

    # The SMS went to the demo outbox: read the code there, in another tab, as a tester would.
    outbox = page.context.new_page()
    outbox.goto(site + "/hop-thu/")
    sms = outbox.locator("tr", has_text="0912345678").first.inner_text()
    code = re.search(r"\b(\d{6})\b", sms.split("0912345678", 1)[1]).group(1)
    outbox.close()

    page.get_by_label("Mã OTP").fill(code)
    page.get_by_role("button", name="Nhập", exact=True).click()

    expect(page).to_have_url(site + "/")
    expect(page.get_by_text("Đăng nhập bằng VNeID thành công")).to_be_visible()
    page.get_by_role("link", name=re.compile("Trang cá nhân")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang cá nhân")
    facts = page.locator("dl.facts")
    expect(facts.first).to_contain_text("Nguyễn Văn An")
    expect(facts.nth(1)).to_contain_text("062090001234")
    expect(facts.nth(1)).to_contain_text("12/05/1990")
    expect(facts.nth(1)).to_contain_text("Mức độ 2")
    assert page.console_errors == []


def test_cancel_at_vneid_returns_to_the_login_page_with_a_message(site, vneid, page):
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.get_by_role("button", name="Hủy").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    expect(page.get_by_text("Bạn đã hủy đăng nhập bằng VNeID")).to_be_visible()
