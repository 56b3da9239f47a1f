"""GET /api/v1/thu-tuc and /thu-tuc/{code}: the public catalogue, searched like the portal's "Tra cứu thủ tục"."""

import pytest

from motcua.catalogue.services import procedures_import
from motcua.catalogue.tests.factories import national_record

pytestmark = pytest.mark.django_db

SEED = "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"


@pytest.fixture
def catalogue():
    records = [
        national_record(
            "1.008128",
            SEED,
            CANCUPHAPLY=[{"SOVANBAN": "32/2018/QH14", "TENVANBAN": "Luật Chăn nuôi", "NGAYBANHANH": "19/11/2018"}],
        ),
        national_record("1.008127", "Cấp Giấy chứng nhận đủ điều kiện chăn nuôi đối với trang trại quy mô lớn"),
        national_record(
            "2.000200",
            "Cấp phép biểu diễn nghệ thuật",
            MucDo="KHONG",
            COQUANTHUCHIEN=[{"MADONVI": "000.00.18.H34", "TENDONVI": "Sở Văn hóa"}],
            LINHVUCTHUCHIEN=[{"MALINHVUC": "VH", "TENLINHVUC": "Văn hóa"}],
        ),
    ]
    report = procedures_import(records=records)
    assert report.ok, report.errors


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_search_folds_vietnamese_like_the_portal_and_needs_no_key(api, catalogue):
    folded = api.get("/thu-tuc", q="cap lai giay chung nhan chan nuoi")
    assert codes(folded)[0] == "1.008128"
    assert codes(api.get("/thu-tuc", q="CẤP LẠI giấy chứng nhận"))[0] == "1.008128"
    item = folded.json()["items"][0]
    assert item == {
        "code": "1.008128",
        "name": SEED,
        "online_level": "full",
        "online_level_label": "Dịch vụ công trực tuyến toàn trình",
        "agency": {"code": "000.00.16.H34", "name": "Sở Nông nghiệp và Phát triển nông thôn"},
        "fields": [{"code": "CN", "name": "Chăn nuôi"}],
    }


def test_filters_and_pagination(api, catalogue):
    assert codes(api.get("/thu-tuc", field="VH")) == ["2.000200"]
    assert codes(api.get("/thu-tuc", agency="000.00.18.H34")) == ["2.000200"]
    assert codes(api.get("/thu-tuc", online_level="none")) == ["2.000200"]
    first = api.get("/thu-tuc", page_size=2).json()
    assert (first["total"], first["num_pages"], first["page"], len(first["items"])) == (3, 2, 1, 2)
    second = api.get("/thu-tuc", page_size=2, page=2).json()
    assert len(second["items"]) == 1
    assert {i["code"] for i in first["items"] + second["items"]} == {"1.008128", "1.008127", "2.000200"}


def test_an_unknown_filter_is_a_notice_not_an_error(api, catalogue):
    answer = api.get("/thu-tuc", agency="KHONG-CO").json()
    assert answer["total"] == 3
    assert answer["notices"] == ["Không tìm thấy cơ quan đã chọn; kết quả không lọc theo cơ quan."]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"page_size": 0}, "page_size"), ({"page": "x"}, "page"), ({"online_level": "4"}, "online_level")],
)
def test_bad_parameters_are_422_in_vietnamese(api, catalogue, query, field):
    response = api.get("/thu-tuc", **query)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field and error["message"].startswith(field)


def test_a_procedure_in_detail_with_its_case_components_and_fees(api, catalogue):
    response = api.get("/thu-tuc/1.008128")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["code"], answer["name"], answer["online_level"]) == ("1.008128", SEED, "full")
    assert answer["legal_bases"] == [{"number": "32/2018/QH14", "title": "Luật Chăn nuôi", "issued_on": "2018-11-19"}]
    [case] = answer["cases"]
    [component] = case["components"]
    assert (component["name"], component["required"], component["originals"]) == ("Đơn đề nghị", True, 1)
    assert isinstance(component["id"], int) and isinstance(case["id"], int)
    [channel] = case["channels"]
    assert (channel["kind"], channel["duration_value"], channel["duration_label"]) == (
        "online",
        5.0,
        "5 ngày làm việc",
    )
    assert channel["total_fee"] == 50_000
    assert channel["fees"][0]["amount"] == 50_000


def test_an_unknown_procedure_is_404_in_json(api, catalogue):
    response = api.get("/thu-tuc/9.999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy thủ tục hành chính có mã “9.999999”."}


def test_a_changed_procedure_is_not_served_from_the_cache(api, catalogue, django_capture_on_commit_callbacks):
    from motcua.catalogue.models import Procedure

    assert api.get("/thu-tuc/1.008128").json()["name"] == SEED
    procedure = Procedure.objects.get(code="1.008128")
    procedure.name = "Tên mới"
    with django_capture_on_commit_callbacks(execute=True):
        procedure.save()
    assert api.get("/thu-tuc/1.008128").json()["name"] == "Tên mới"
