"""A relying party in a few lines of ``requests``: the sandbox is exercised over real HTTP, as the portal will."""

import base64
import datetime as dt
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from motcua.identity.contrib.sandbox.services import sandbox_identity_create
from motcua.notifications.models import Notification

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OTP = re.compile(r"Mã OTP đăng nhập VNeID: (\d{6})")
PASSWORD = "mat-khau-thu-nghiem"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


class Provider:
    """Addresses of the sandbox on the live server, and the portal's own client."""

    def __init__(self, base: str, client_id: str, client_secret: str) -> None:
        self.base = base
        self.issuer = f"{base}/sandbox/vneid"
        self.authorize_url = f"{self.issuer}/oauth2/authorize"
        self.token_url = f"{self.issuer}/oauth2/token"
        self.userinfo_url = f"{self.issuer}/oauth2/userinfo"
        self.jwks_url = f"{self.issuer}/jwks"
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = f"{base}/tai-khoan/vneid/callback/"

    def flow(self, **overrides) -> "Flow":
        return Flow(self, **overrides)

    def exchange(self, code: str, verifier: str, *, auth=None, **extra) -> requests.Response:
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
            **extra,
        }
        return requests.post(self.token_url, data=data, auth=auth or (self.client_id, self.client_secret), timeout=10)


class Flow:
    """One browser going through the authorization endpoint (never following the final redirect: the
    portal's callback would exchange the code itself)."""

    def __init__(self, provider: Provider, **overrides) -> None:
        self.provider = provider
        self.http = requests.Session()
        self.verifier, challenge = pkce_pair()
        self.state, self.nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        self.params = {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": provider.redirect_uri,
            "scope": "openid profile email phone",
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "acr_values": "LoA2",
        }
        self.params.update({key: value for key, value in overrides.items() if value is not None})
        for key in [key for key, value in overrides.items() if value is None]:
            self.params.pop(key, None)
        self.page: requests.Response | None = None

    def get(self, url: str, **kwargs) -> requests.Response:
        self.page = self.http.get(url, allow_redirects=False, timeout=10, **kwargs)
        return self.page

    def authorize(self) -> requests.Response:
        return self.get(self.provider.authorize_url, params=self.params)

    def post(self, data: dict) -> requests.Response:
        """Submit the form of the current page (it posts back to its own address)."""
        assert self.page is not None and self.page.status_code == 200, self.page
        token = CSRF.search(self.page.text).group(1)
        response = self.http.post(
            self.page.url, data={"csrfmiddlewaretoken": token, **data}, allow_redirects=False, timeout=10
        )
        if response.status_code == 200:
            self.page = response
        return response

    def login(self, id_number: str, password: str = PASSWORD) -> requests.Response:
        response = self.post({"so_dinh_danh": id_number, "mat_khau": password, "action": "login"})
        if response.status_code == 302 and "/oauth2/authorize/otp" in response.headers["Location"]:
            return self.get(self.provider.base + response.headers["Location"])
        return response

    def enter_otp(self, code: str) -> requests.Response:
        return self.post({"otp": code, "action": "otp"})

    def cancel(self) -> requests.Response:
        return self.post({"action": "cancel"})

    def sign_in(self, identity, password: str = PASSWORD) -> dict[str, str]:
        """The whole happy path; returns the parameters the client receives on its redirect_uri."""
        assert self.authorize().status_code == 200
        page = self.login(identity.id_number, password)
        assert page.status_code == 200 and 'id="otp"' in page.text, page.text
        response = self.enter_otp(last_otp(identity.phone))
        assert response.status_code == 302, response.text
        location = response.headers["Location"]
        assert location.startswith(self.provider.redirect_uri + "?")
        return query_of(location)


def last_otp(phone: str) -> str:
    sms = Notification.objects.filter(channel="sms", recipient=phone).latest("id")
    return OTP.search(sms.body).group(1)


@pytest.fixture
def provider(live_server, transactional_db, settings) -> Provider:
    settings.MOTCUA_VNEID_SANDBOX = True
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_VNEID = {**settings.MOTCUA_VNEID, "CLIENT_ID": "motcua-test", "CLIENT_SECRET": "s3cret-" * 6}
    return Provider(live_server.url, "motcua-test", "s3cret-" * 6)


@pytest.fixture
def citizen(transactional_db):
    return sandbox_identity_create(
        id_number="062090001234",
        password=PASSWORD,
        full_name="Nguyễn Văn An",
        birth_date=dt.date(1990, 5, 12),
        phone="0912345678",
        email="an@example.vn",
        address="Phường Quyết Thắng, thành phố Kon Tum, tỉnh Kon Tum",
        level=2,
    )


@pytest.fixture
def level_one_citizen(transactional_db):
    return sandbox_identity_create(
        id_number="062185004321",
        password=PASSWORD,
        full_name="Trần Thị Bình",
        birth_date=dt.date(1985, 11, 3),
        phone="0987654321",
        gender="Nữ",
        level=1,
    )
