"""API test fixtures: the payments tests' submitted dossier (and its agency's account), partner keys, callers."""

import json
from pathlib import Path

import pytest

from motcua.api.keys import api_client_create
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.factories import ComponentFactory, ProcedureFactory, citizen
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


# --- Partner systems on dossiers ---------------------------------------------------------------------------------
PARTNER_SCOPES = ["dossiers:read", "dossiers:write", "dossiers:transition", "results:write"]


@pytest.fixture
def agency(procedure):
    return procedure.agency


@pytest.fixture
def component(procedure):
    """The required component of the procedure's only case: PDF or images, up to 5 MB."""
    return ComponentFactory(procedure=procedure, name="Đơn đề nghị cấp giấy phép")


@pytest.fixture
def partner(agency):
    """A partner system of the dossier's agency holding every dossier scope: ``(client, key)``."""
    return api_client_create(name="Phần mềm chuyên ngành Sở Nông nghiệp", scopes=PARTNER_SCOPES, agency=agency)


@pytest.fixture
def partner_key(partner) -> str:
    return partner[1]


@pytest.fixture
def other_dossier(db):
    """A submitted dossier of another agency."""
    procedure = ProcedureFactory(agency__code="000.00.20.H34", agency__name="Sở Tư pháp")
    draft = dossier_services.dossier_draft_create(applicant=citizen(), procedure=procedure)
    return dossier_services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="other-agency")


@pytest.fixture
def media_files(settings):
    """Every stored file under MEDIA_ROOT right now, as storage names."""

    def _files() -> list[str]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())

    return _files


@pytest.fixture
def api(client):
    """Calls under /api/v1/ with ``Bearer key``: ``get(path, key, **query)``, ``json(path, key, body)`` (a JSON
    body) and ``form(path, key, data, **headers)`` (multipart: lists and files as Django's test client sends them)."""

    def _auth(key: str | None, headers: dict) -> dict:
        return headers | ({"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {})

    class Caller:
        def get(self, path: str, key: str | None = None, **query):
            return client.get(f"/api/v1{path}", query, **_auth(key, {}))

        def json(self, path: str, key: str | None, body):
            data = body if isinstance(body, bytes) else json.dumps(body, default=str)
            return client.post(f"/api/v1{path}", data, content_type="application/json", **_auth(key, {}))

        def form(self, path: str, key: str | None, data: dict, **headers):
            return client.post(f"/api/v1{path}", data, **_auth(key, headers))

    return Caller()
