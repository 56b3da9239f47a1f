"""Bad filters on the statistics pages: a clear Vietnamese message beside the field, a 400, never a 500."""

from datetime import date

import pytest
from django.urls import reverse

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

STATISTICS = reverse("backoffice:statistics")
DOSSIERS = reverse("backoffice:statistics_dossiers")
INDICATORS = reverse("backoffice:statistics_766")
EXPORT = reverse("backoffice:statistics_export")
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The pages think it is 15/06/2026 (periods are checked against today)."""
    monkeypatch.setattr("motcua.backoffice.reports.views.common.today", lambda: TODAY)


@pytest.fixture
def leader(office, desk):
    return desk(office.leader)


def _refused(response, field: str, message: str) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert "Có lỗi cần sửa" in html  # the error summary, linked to the field
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html  # the message beside the field
    assert message in html
    return html


CASES = [
    ({"period": ""}, "period", "Chọn kỳ báo cáo."),
    ({"period": "week"}, "period", "Chọn một giá trị trong danh sách."),
    ({"period": "month", "year": "2026", "month": ""}, "month", "Chọn tháng báo cáo."),
    ({"period": "month", "year": "2026", "month": "13"}, "month", "Chọn một giá trị trong danh sách."),
    ({"period": "month", "year": "2026", "month": "9"}, "month", "tương lai"),
    ({"period": "quarter", "year": "2026", "quarter": "5"}, "quarter", "Chọn một giá trị trong danh sách."),
    ({"period": "quarter", "year": "2026", "quarter": ""}, "quarter", "Chọn quý báo cáo."),
    ({"period": "year", "year": "1999"}, "year", "Chọn một giá trị trong danh sách."),
    ({"period": "year", "year": "2027"}, "year", "Chọn một giá trị trong danh sách."),
    ({"period": "year", "year": "hai nghìn"}, "year", "Chọn một giá trị trong danh sách."),
    ({"period": "year", "year": ""}, "year", "Chọn năm báo cáo."),
    ({"period": "custom", "end": "2026-06-01"}, "start", "Nhập ngày bắt đầu (Từ ngày)."),
    ({"period": "custom", "start": "2026-06-01"}, "end", "Nhập ngày kết thúc (Đến ngày)."),
    ({"period": "custom", "start": "31/02/2026", "end": "2026-06-01"}, "start", "Nhập ngày theo dạng ngày/tháng/năm"),
    ({"period": "custom", "start": "2026-06-10", "end": "2026-06-01"}, "end", "Ngày kết thúc phải sau"),
    ({"period": "custom", "start": "2026-06-16", "end": "2026-06-20"}, "start", "tương lai"),
    ({"period": "custom", "start": "2020-01-01", "end": "2026-06-01"}, "end", "5 năm"),
    ({"period": "custom", "start": "1999-12-01", "end": "2000-01-31"}, "start", "2000"),
    ({"agency": "999999"}, "agency", "Chọn một giá trị trong danh sách."),
    ({"agency": "một"}, "agency", "Chọn một giá trị trong danh sách."),
    ({"field": "999999"}, "field", "Chọn một giá trị trong danh sách."),
    ({"procedure": "abc"}, "procedure", "Thủ tục không hợp lệ."),
    ({"group": "tinh"}, "group", "Chọn một giá trị trong danh sách."),
]


@pytest.mark.parametrize(("query", "field", "message"), CASES)
def test_a_bad_filter_is_explained_beside_its_field(leader, query, field, message):
    _refused(leader.get(STATISTICS, query), field, message)


def test_a_procedure_outside_the_officers_agencies_is_refused(leader):
    response = leader.get(STATISTICS, {"procedure": "999999"})
    assert response.status_code == 400
    assert "Có lỗi cần sửa" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [c for c in CASES if c[1] not in {"field", "procedure", "group"}],
)
def test_the_766_page_explains_a_bad_filter_too(leader, query, field, message):
    _refused(leader.get(INDICATORS, query), field, message)


def test_a_period_that_has_started_is_accepted(leader):
    response = leader.get(STATISTICS, {"period": "month", "year": "2026", "month": "6"})
    assert response.status_code == 200
    assert "Tháng 06/2026" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Thiếu chỉ tiêu cần xem hồ sơ."),
        ({"metric": "tong"}, "Chỉ tiêu không hợp lệ."),
        ({"metric": "on_time_rate"}, "Chỉ tiêu không hợp lệ."),  # a rate has no list of dossiers
        ({"metric": "received", "key": "abc"}, "Dòng của bảng không hợp lệ."),
        ({"metric": "received", "key": "-3"}, "Dòng của bảng không hợp lệ."),
        ({"metric": "received", "period": "custom", "start": "2026-06-10", "end": "2026-06-01"}, "Ngày kết thúc"),
    ],
)
def test_a_bad_drill_down_says_why_and_links_back(leader, query, message):
    response = leader.get(DOSSIERS, query)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Về trang Thống kê" in html


def test_a_page_number_out_of_range_shows_the_last_page(leader):
    assert leader.get(DOSSIERS, {"metric": "received", "trang": "999"}).status_code == 200
    assert leader.get(DOSSIERS, {"metric": "received", "trang": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Chọn định dạng tệp xuất."),
        ({"fmt": "pdf"}, "Định dạng tệp không hợp lệ."),
        ({"fmt": "csv", "metric": "tong"}, "Chỉ tiêu không hợp lệ."),
        ({"fmt": "csv", "period": "custom", "start": "2026-06-10", "end": "2026-06-01"}, "Ngày kết thúc"),
    ],
)
def test_a_bad_export_request_is_refused_with_its_reason(leader, data, message):
    response = leader.post(EXPORT, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_export_is_started_by_post_only(leader):
    assert leader.get(EXPORT).status_code == 405
