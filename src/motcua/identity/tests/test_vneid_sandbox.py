"""The relying party against the sandbox VNeID, both in one live server, over real HTTP end to end.

``requests.Session`` is the browser: portal → sandbox login (CCCD, password) → OTP read from the SMS
outbox → back on the portal's callback, which exchanges the code with the sandbox over HTTP.
"""

import datetime as dt
import re

import pytest
import requests

from motcua.accounts.models import CitizenProfile, User
from motcua.identity.contrib.sandbox.services import sandbox_identity_create
from motcua.identity.models import ExternalIdentity
from motcua.notifications.models import Notification

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OTP = re.compile(r"\b(\d{6})\b")
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def portal(live_server, transactional_db, settings) -> str:
    settings.MOTCUA_VNEID_SANDBOX = True
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_VNEID = {
        **settings.MOTCUA_VNEID,
        "DISCOVERY_URL": f"{live_server.url}/sandbox/vneid/.well-known/openid-configuration",
        "ISSUER": "",
        "CLIENT_ID": "motcua-test",
        "CLIENT_SECRET": "s3cret-" * 6,
        "TOKEN_AUTH_METHOD": "client_secret_basic",
        "ACR_VALUES": "LoA1",
        "TIMEOUT_SECONDS": 10.0,
    }
    return live_server.url


def identity(level: int = 2):
    return sandbox_identity_create(
        id_number="062090001234",
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1990, 5, 12),
        phone="0912345678",
        address="Phường Quyết Thắng, thành phố Kon Tum, tỉnh Kon Tum",
        level=level,
    )


def submit(browser: requests.Session, page: requests.Response, data: dict) -> requests.Response:
    token = CSRF.search(page.text).group(1)
    return browser.post(page.url, data={"csrfmiddlewaretoken": token, **data}, timeout=20)


def sign_in(portal: str, browser: requests.Session, *, query: str = "") -> requests.Response:
    """Press "Đăng nhập bằng VNeID", log in at the sandbox with password and OTP; the final portal page."""
    login = browser.get(f"{portal}/tai-khoan/vneid/dang-nhap/{query}", timeout=20)
    assert login.url.startswith(f"{portal}/sandbox/vneid/oauth2/authorize"), login.url
    otp_page = submit(browser, login, {"so_dinh_danh": "062090001234", "mat_khau": PASSWORD, "action": "login"})
    assert 'id="otp"' in otp_page.text, otp_page.text
    sms = Notification.objects.filter(channel="sms", recipient="0912345678").latest("id")
    return submit(browser, otp_page, {"otp": OTP.search(sms.body).group(1), "action": "otp"})


def test_first_sign_in_creates_and_links_the_second_finds_the_same_account(portal):
    identity(level=2)
    browser = requests.Session()

    home = sign_in(portal, browser)

    assert home.url == f"{portal}/", home.url
    assert "Đăng nhập bằng VNeID thành công" in home.text
    user = User.objects.get()
    assert user.full_name == "Nguyễn Văn An"
    profile = CitizenProfile.objects.get(user=user)
    assert (profile.id_number, profile.date_of_birth, profile.identity_level) == (
        "062090001234",
        dt.date(1990, 5, 12),
        2,
    )
    assert profile.verified_by_vneid
    link = ExternalIdentity.objects.get()
    assert link.user == user and link.last_acr == "LoA2" and link.last_claims["loginIdp"] == "BCA"

    profile_page = browser.get(f"{portal}/ca-nhan/", timeout=20)
    assert "062090001234" in profile_page.text and "Mức độ 2" in profile_page.text

    again = sign_in(portal, requests.Session())
    assert "Đăng nhập bằng VNeID thành công" in again.text
    assert User.objects.count() == 1 and ExternalIdentity.objects.count() == 1


def test_a_level_1_identity_is_refused_for_a_level_2_action(portal):
    identity(level=1)
    page = sign_in(portal, requests.Session(), query="?muc_do=2&next=/ca-nhan/")
    assert "/tai-khoan/dang-nhap/" in page.url
    assert "chưa đạt mức độ 2" in page.text
    assert not User.objects.exists() and not ExternalIdentity.objects.exists()


def test_cancel_at_the_sandbox(portal):
    identity()
    browser = requests.Session()
    login = browser.get(f"{portal}/tai-khoan/vneid/dang-nhap/", timeout=20)
    page = submit(browser, login, {"action": "cancel"})
    assert "/tai-khoan/dang-nhap/" in page.url
    assert "Bạn đã hủy đăng nhập bằng VNeID" in page.text
    assert not User.objects.exists()
