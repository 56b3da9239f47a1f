"""GET /api/v1/tra-cuu-ho-so: the portal's "Tra cứu hồ sơ" rule — code AND ID number → status, national code and
due date, nothing personal — under the portal's own per-address budget."""

import uuid

import pytest
from django.core.cache import cache

from motcua.dossiers.services import dossier_draft_create, dossier_submit
from motcua.dossiers.tests.factories import ProcedureFactory, citizen

pytestmark = pytest.mark.django_db

URL = "/tra-cuu-ho-so"


@pytest.fixture
def submitted():
    applicant = citizen(id_number="062090001234")
    applicant.full_name = "Nguyễn Văn An"
    applicant.save()
    draft = dossier_draft_create(applicant=applicant, procedure=ProcedureFactory())
    return dossier_submit(dossier=draft, actor=applicant, idempotency_key=str(uuid.uuid4()))


@pytest.fixture
def clock(monkeypatch):
    """Both doors' throttle clocks pinned inside one minute, and an empty counter."""
    cache.clear()
    monkeypatch.setattr("motcua.core.throttle._now", lambda: 1_900_000_000.0)


def test_code_and_id_number_give_the_status_and_nothing_personal(api, submitted, clock):
    response = api.get(URL, code=submitted.code, id_number="062090001234")
    assert response.status_code == 200
    assert response.json() == {
        "code": submitted.code,
        "state": "submitted",
        "state_label": "Mới đăng ký",
        "national_code": 1,
        "due_at": None,
    }
    assert "Nguyễn Văn An" not in response.content.decode()


@pytest.mark.parametrize(
    ("code", "id_number"),
    [("{code}", "062090009999"), ("000.00.00.H34-260101-0001", "062090001234"), ("{code}' OR 1=1 --", "0620")],
)
def test_a_wrong_pair_is_404_and_says_nothing_more(api, submitted, clock, code, id_number):
    response = api.get(URL, code=code.format(code=submitted.code), id_number=id_number)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hồ sơ với mã hồ sơ và số giấy tờ đã nhập."}


@pytest.mark.parametrize("query", [{"code": "X"}, {"id_number": "1"}, {"code": "", "id_number": "1"}, {}])
def test_both_are_required(api, submitted, clock, query):
    response = api.get(URL, **query)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_the_budget_is_the_portals_one(api, client, submitted, clock, settings):
    settings.MOTCUA_LOOKUP_PER_MINUTE = 3
    query = {"code": submitted.code, "id_number": "062090009999"}
    assert client.get("/tra-cuu-ho-so/", {"ma_ho_so": submitted.code, "so_giay_to": "1"}).status_code == 200
    assert [api.get(URL, **query).status_code for _ in range(2)] == [404, 404]
    response = api.get(URL, **query)
    assert response.status_code == 429
    assert response.json() == {"detail": "Tra cứu quá nhiều lần (tối đa 3 lần mỗi phút); vui lòng thử lại sau ít phút."}
    assert client.get("/tra-cuu-ho-so/", {"ma_ho_so": submitted.code, "so_giay_to": "1"}).status_code == 429
