"""Form 07 "Sổ theo dõi hồ sơ" on the page, as CSV and PDF; forms 04, 05, 06 of a dossier as PDF."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.tests.office import office_world

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

REGISTER = reverse("backoffice:register")


def _period(**extra) -> dict:
    today = timezone.localdate()
    return {"tu_ngay": f"{today - timedelta(days=1):%Y-%m-%d}", "den_ngay": f"{today:%Y-%m-%d}", **extra}


def test_the_register_shows_this_months_dossiers_of_the_first_agency_by_default(office, desk, at_step):
    dossier = at_step(office, 1)
    response = desk(office.specialist).get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sổ theo dõi hồ sơ" in html and "Mẫu số 07" in html
    assert dossier.code in html and dossier.applicant_name in html
    assert "dinh_dang=pdf" in html and "dinh_dang=csv" in html
    assert f'value="{timezone.localdate().replace(day=1):%Y-%m-%d}"' in html


def test_the_reception_desk_keeps_the_register_of_the_agencies_it_receives_for(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.reception)
    html = client.get(REGISTER, _period(co_quan=office.department.pk)).content.decode()
    assert "Sở Nông nghiệp và Môi trường" in html and dossier.code in html


def test_the_csv_contains_the_dossier_row(office, desk, at_step):
    dossier = at_step(office, 1)
    response = desk(office.specialist).get(REGISTER, _period(co_quan=office.department.pk, dinh_dang="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Mã hồ sơ", "Thủ tục hành chính"]
    assert [row[1] for row in rows[1:]] == [dossier.code]
    assert rows[1][2] == "Cấp giấy chứng nhận đủ điều kiện chăn nuôi"


def test_the_pdf_is_a_pdf(office, desk, at_step):
    at_step(office, 1)
    response = desk(office.specialist).get(REGISTER, _period(co_quan=office.department.pk, dinh_dang="pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-03-10", "2025-03-01", "“Đến ngày” phải bằng hoặc sau “Từ ngày”."),
        ("2024-01-01", "2025-01-01", "Kỳ theo dõi dài tối đa 366 ngày"),
        ("2025-02-30", "2025-03-01", "Nhập “Từ ngày” theo dạng ngày/tháng/năm"),
    ],
)
def test_the_period_is_checked_with_clear_messages(office, desk, start, end, message, at_step):
    at_step(office, 1)
    client = desk(office.specialist)
    response = client.get(REGISTER, {"co_quan": office.department.pk, "tu_ngay": start, "den_ngay": end})
    html = response.content.decode()
    assert response.status_code == 200 and "Có lỗi cần sửa" in html and message in html
    assert "dinh_dang=csv" not in html
    download = client.get(
        REGISTER, {"co_quan": office.department.pk, "tu_ngay": start, "den_ngay": end, "dinh_dang": "csv"}
    )
    assert download["Content-Type"].startswith("text/html")


def test_a_full_leap_year_is_allowed(office, desk):
    response = desk(office.specialist).get(
        REGISTER, {"co_quan": office.department.pk, "tu_ngay": "2024-01-01", "den_ngay": "2024-12-31"}
    )
    assert "Có lỗi cần sửa" not in response.content.decode()


def test_another_agency_cannot_be_chosen(office, desk, at_step):
    other = office_world()
    at_step(other, 1)
    response = desk(office.specialist).get(REGISTER, _period(co_quan=other.department.pk, dinh_dang="csv"))
    assert response["Content-Type"].startswith("text/html")
    assert "Chọn cơ quan trong danh sách." in response.content.decode()


# --- Forms 04, 05, 06 -------------------------------------------------------------------------------------
def _form(name, dossier):
    return reverse(f"backoffice:{name}", args=[dossier.code])


def test_form06_of_a_received_dossier(office, desk, at_step):
    dossier = at_step(office, 2)
    response = desk(office.division_head).get(_form("form06", dossier))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"mau-06-{dossier.code}.pdf" in response["Content-Disposition"]


def test_form04_exists_once_the_agency_apologised(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    assert client.get(_form("form04", dossier)).status_code == 404
    services.dossier_apologise(
        dossier=dossier, officer=office.specialist, reason="Cần xác minh", new_due_at=dossier.due_at + timedelta(days=5)
    )
    response = client.get(_form("form04", dossier))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_form05_exists_once_the_dossier_stopped(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    assert client.get(_form("form05", dossier)).status_code == 404
    services.dossier_stop(dossier=dossier, officer=office.specialist, reason="Người nộp đề nghị dừng.")
    response = client.get(_form("form05", dossier))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_forms_of_another_agencys_dossier_are_404(office, desk, at_step):
    dossier = at_step(office, 1)
    stranger = desk(office_world().specialist)
    for name in ("form04", "form05", "form06"):
        assert stranger.get(_form(name, dossier)).status_code == 404
