"""API test fixtures: the payments tests' submitted dossier (and its agency's account), partner keys, a caller."""

import json

import pytest

from motcua.api.keys import api_client_create
from motcua.payments.tests.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    account,
    applicant,
    dossier,
    procedure,
)

URL = "/api/v1/nghia-vu-tai-chinh/thong-bao"


@pytest.fixture
def write_key(db) -> str:
    return api_client_create(name="Cục Thuế tỉnh Kon Tum", scopes=["tax_notices:write"])[1]


@pytest.fixture
def read_key(db) -> str:
    return api_client_create(name="Văn phòng Đăng ký đất đai", scopes=["tax_notices:read"])[1]


@pytest.fixture
def no_scope_key(db) -> str:
    return api_client_create(name="Hệ thống thử", scopes=[])[1]


@pytest.fixture
def send(client):
    """``send(body, key)``: POST ``body`` (bytes as they are, anything else as JSON) with ``Bearer key``."""

    def _send(body, key: str | None = None, **headers):
        data = body if isinstance(body, bytes) else json.dumps(body, default=str)
        if key is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        return client.post(URL, data=data, content_type="application/json", **headers)

    return _send
