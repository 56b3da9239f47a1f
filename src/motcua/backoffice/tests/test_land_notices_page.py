"""/mot-cua/nghia-vu-tai-chinh/: officers upload the tax authority's CSV and follow their agencies' notices."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import officer_of
from motcua.payments.models import TaxNotice
from motcua.payments.services.land import tax_notices_import
from motcua.payments.tests.test_land_csv import csv_of, row
from motcua.payments.tests.test_land_import import notice

URL = reverse("backoffice:tax_notices")


def upload(content: bytes, name: str = "thong-bao.csv") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


@pytest.fixture
def received(world):
    return world.received()


@pytest.fixture
def reception(client, sign_in, world):
    return sign_in(client, world.reception)


def test_a_good_file_is_imported_and_listed(reception, received):
    response = reception.post(URL, upload(csv_of(row(received.code))))
    assert (response.status_code, response["Location"]) == (303, URL)
    page = reception.get(URL)
    html = page.content.decode()
    assert "Đã nhận 1 thông báo mới; 0 thông báo đã có từ trước (không thay đổi)." in html
    assert "1234/TB-CCT" in html and "12.500.000 đ" in html and "Chưa thanh toán" in html
    assert reverse("backoffice:dossier", args=[received.code]) in html
    assert TaxNotice.objects.get().dossier_code == received.code
    assert "1234/TB-CCT" in reception.get(URL + "?tinh-trang=chua-nop").content.decode()
    assert "1234/TB-CCT" not in reception.get(URL + "?tinh-trang=da-nop").content.decode()


def test_bad_rows_come_back_in_the_error_summary_and_nothing_is_imported(reception, received):
    content = csv_of(row(received.code, number="1/TB"), row(received.code, tax_id="12"), row(received.code, date="x"))
    response = reception.post(URL, upload(content))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "Chưa nhận thông báo nào" in html
    assert "Dòng 4: Ngày thông báo “x” không hợp lệ" in html
    assert not TaxNotice.objects.exists()
    # The rows that parse are then checked: the tax ID of line 3 is named.
    response = reception.post(URL, upload(csv_of(row(received.code, number="1/TB"), row(received.code, tax_id="12"))))
    assert "Dòng 3: Mã số thuế “12” không hợp lệ" in response.content.decode()
    assert not TaxNotice.objects.exists()


def test_a_dossier_of_another_agency_is_not_found(reception, received, world):
    other = world.submitted()
    type(other).objects.filter(pk=other.pk).update(agency=_stranger_agency())
    response = reception.post(URL, upload(csv_of(row(other.code))))
    assert response.status_code == 400
    assert f"Không tìm thấy hồ sơ có mã {other.code} trong các cơ quan bạn phụ trách." in response.content.decode()


def _stranger_agency():
    return AgencyFactory(name="Sở Xây dựng")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Chọn tệp CSV cần nhận."),
        (upload(b"a,b", name="thong-bao.xlsx"), "Chỉ nhận tệp .csv"),
        (upload(b"", name="trong.csv"), "Tệp đã chọn không có nội dung."),
        (upload("Mã hồ sơ;Số tiền\n".encode()), "Dòng 1: Thiếu cột: Mã số thuế"),
    ],
    ids=["no-file", "not-csv", "empty", "missing-columns"],
)
def test_bad_uploads_say_why(reception, files, message):
    response = reception.post(URL, files)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TaxNotice.objects.exists()


def test_the_list_shows_only_the_officers_agencies(reception, received, world, sign_in, client):
    tax_notices_import(notices=[notice(received)], source="test")
    assert "1234/TB-CCT" in reception.get(URL).content.decode()
    stranger = officer_of(_stranger_agency(), StaffRole.RECEPTION)
    reception.logout()
    other = sign_in(client, stranger).get(URL)
    assert other.status_code == 200
    assert "1234/TB-CCT" not in other.content.decode()


def test_only_reception_and_specialists_open_the_page(client, sign_in, world):
    assert client.get(URL).status_code == 302
    leader = sign_in(client, world.leader).get(URL)
    assert leader.status_code == 403
    assert "Chỉ cán bộ tiếp nhận và chuyên viên xử lý hồ sơ" in leader.content.decode()
    client.logout()
    assert sign_in(client, world.specialist).get(URL).status_code == 200
