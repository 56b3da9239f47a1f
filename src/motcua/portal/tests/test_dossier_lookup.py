"""Public "Tra cứu hồ sơ": code + the applicant's ID number → status and due date only; rate-limited."""

import uuid

import pytest

from motcua.dossiers.services import dossier_draft_create, dossier_submit
from motcua.dossiers.tests.factories import ProcedureFactory, citizen

pytestmark = pytest.mark.django_db

URL = "/tra-cuu-ho-so/"


@pytest.fixture
def submitted():
    applicant = citizen(id_number="062090001234")
    applicant.full_name = "Nguyễn Văn An"
    applicant.save()
    draft = dossier_draft_create(applicant=applicant, procedure=ProcedureFactory())
    return dossier_submit(dossier=draft, actor=applicant, idempotency_key=str(uuid.uuid4()))


def test_code_and_id_number_show_the_status_and_nothing_personal(client, submitted):
    html = client.get(URL, {"ma_ho_so": submitted.code, "so_giay_to": "062090001234"}).content.decode()
    assert f"Hồ sơ {submitted.code}" in html
    assert "Mới đăng ký" in html
    assert "Nguyễn Văn An" not in html


@pytest.mark.parametrize(
    ("code", "id_number"),
    [("{code}", "062090009999"), ("000.00.00.H34-260101-0001", "062090001234"), ("{code}' OR 1=1 --", "0620")],
)
def test_a_wrong_pair_says_not_found_and_leaks_nothing(client, submitted, code, id_number):
    response = client.get(URL, {"ma_ho_so": code.format(code=submitted.code), "so_giay_to": id_number})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy hồ sơ với mã hồ sơ và số giấy tờ đã nhập" in html
    assert "Mới đăng ký" not in html


def test_only_one_of_the_two_asks_for_both(client, submitted):
    html = client.get(URL, {"ma_ho_so": submitted.code}).content.decode()
    assert "Vui lòng nhập cả mã hồ sơ và số giấy tờ" in html and "Mới đăng ký" not in html


def test_lookups_are_rate_limited_per_address(client, submitted, settings, monkeypatch):
    from motcua.core import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)
    settings.MOTCUA_LOOKUP_PER_MINUTE = 3
    query = {"ma_ho_so": submitted.code, "so_giay_to": "062090009999"}
    assert [client.get(URL, query).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(URL, query)
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_060.0)  # the next minute answers again
    assert client.get(URL, query).status_code == 200
