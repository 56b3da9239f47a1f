from urllib.parse import urlencode, urlsplit

import pytest
import requests

from .fake_provider import FakeProvider

PUBLIC_URL = "http://testserver"
CALLBACK = f"{PUBLIC_URL}/tai-khoan/vneid/callback/"


def vneid_settings(op: FakeProvider, **overrides) -> dict:
    return {
        "DISCOVERY_URL": op.discovery_url,
        "ISSUER": "",
        "AUTHORIZATION_URL": "",
        "TOKEN_URL": "",
        "USERINFO_URL": "",
        "JWKS_URL": "",
        "CLIENT_ID": op.client_id,
        "CLIENT_SECRET": op.client_secret,
        "TOKEN_AUTH_METHOD": "client_secret_basic",
        "PRIVATE_KEY_FILE": "",
        "PRIVATE_KEY_ID": "",
        "SCOPES": "openid profile email phone",
        "ACR_VALUES": "LoA1",
        "ACR_LEVELS": "LoA1=1,LoA2=2",
        "ID_TOKEN_ALGORITHMS": ["RS256", "ES256", "PS256"],
        "TIMEOUT_SECONDS": 1.0,
        "CLAIMS": "",
        **overrides,
    }


@pytest.fixture
def op(settings):
    """A fake OpenID Connect provider over real HTTP, configured as the VNeID provider."""
    with FakeProvider(
        client_id="motcua-test", client_secret="s3cret-test-0123456789-abcdefghij", redirect_uri=CALLBACK
    ) as provider:
        settings.MOTCUA_PUBLIC_URL = PUBLIC_URL
        settings.MOTCUA_VNEID = vneid_settings(provider)
        yield provider


def start(client, **params) -> str:
    """Press "Đăng nhập bằng VNeID": the address the browser is sent to at the provider."""
    response = client.get("/tai-khoan/vneid/dang-nhap/" + (f"?{urlencode(params)}" if params else ""))
    assert response.status_code == 302, response
    return response["Location"]


def authorize(url: str) -> str:
    """The provider's authorization endpoint, over HTTP: the callback path and query it sends back."""
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(CALLBACK)
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def sign_in(client, **params):
    """The whole round trip; returns the final page (redirects followed)."""
    return client.get(authorize(start(client, **params)), follow=True)


def shown(page) -> list[str]:
    """The messages the final page of a request shows (read from Django's messages, whatever the template)."""
    return [str(message) for message in page.context["messages"]] if page.context else []
