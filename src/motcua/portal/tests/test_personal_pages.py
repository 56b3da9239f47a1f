"""Trang cá nhân: Danh sách giao dịch, the dossier page and its files and documents, notices, data store."""

# ruff: noqa: F811 — the tests take the fixtures imported from personal_fixtures as arguments

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from motcua.catalogue.tests.factories import FieldFactory
from motcua.dossiers import services
from motcua.dossiers.models import DossierFile
from motcua.dossiers.tests.factories import ProcedureFactory, fee
from motcua.dossiers.workflow import State
from motcua.notifications.models import InboxMessage

from .personal_fixtures import (  # noqa: F401 (fixtures)
    _fast_passwords,
    applicant,
    component,
    dossier,
    finish,
    html,
    officer,
    pdf_upload,
    procedure,
    request_supplement,
    signed_in,
    stranger_client,
    submit,
)

pytestmark = pytest.mark.django_db

TRANSACTIONS = "/ca-nhan/giao-dich/"
INBOX = "/ca-nhan/thong-bao/"
DATA_STORE = "/ca-nhan/kho-du-lieu/"


# --- Trang cá nhân and Danh sách giao dịch ---------------------------------------------------------------
def test_pages_need_a_signed_in_person(client, dossier):
    for url in (TRANSACTIONS, INBOX, DATA_STORE, f"/ca-nhan/ho-so/{dossier.code}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_profile_leads_to_transactions_notices_and_data_store(signed_in, dossier):
    page = html(signed_in.get("/ca-nhan/"))
    assert "Trang cá nhân" in page
    for label in ("Danh sách giao dịch", "Thông báo", "Kho dữ liệu cá nhân", "Hồ sơ đã nộp: <strong>1</strong>"):
        assert label in page
    assert "1 thông báo chưa đọc" in page  # "đã nộp thành công"
    assert 'href="/ca-nhan/thong-bao/"' in page


def test_transactions_list_the_submitted_dossier(signed_in, dossier):
    response = signed_in.get(TRANSACTIONS)
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Danh sách giao dịch</h1>" in page
    assert f'href="/ca-nhan/ho-so/{dossier.code}/"' in page
    assert dossier.procedure.name in page
    assert "Mới đăng ký" in page
    assert "Chưa có — tính khi tiếp nhận" in page
    assert "Không thu phí" in page
    assert '<caption id="transactions-caption"' in page and 'scope="col"' in page and 'scope="row"' in page
    assert 'href="?tab=da-nop" aria-current="page"' in page


def test_submission_time_is_shown_in_vietnam_time(signed_in, dossier):
    from django.utils import timezone

    local = timezone.localtime(dossier.submitted_at)
    assert local.strftime("%d/%m/%Y %H:%M") in html(signed_in.get(TRANSACTIONS))


def test_a_fee_is_shown_unpaid(signed_in, applicant):
    procedure = ProcedureFactory()
    fee(procedure, 150_000)
    paying = submit(applicant, procedure)
    page = html(signed_in.get(TRANSACTIONS))
    assert "150.000 đ — Chưa thanh toán" in page
    detail = html(signed_in.get(f"/ca-nhan/ho-so/{paying.code}/"))
    assert "Thanh toán phí/lệ phí" in detail and "150.000 đ" in detail
    assert "disabled" not in detail and f'href="/ca-nhan/ho-so/{paying.code}/thanh-toan/"' in detail


def test_tabs_drafts_and_supplements(signed_in, applicant, procedure, component, dossier, officer):
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    drafts = html(signed_in.get(TRANSACTIONS, {"tab": "nhap"}))
    assert f'href="/nop-ho-so/{draft.public_id}/"' in drafts
    assert f'action="/nop-ho-so/{draft.public_id}/xoa/"' in drafts
    assert "Tiếp tục" in drafts and "Xóa bản nháp" in drafts and "Thông tin người nộp" in drafts
    assert dossier.code not in drafts
    assert 'href="?tab=nhap" aria-current="page"' in drafts

    assert "Không có hồ sơ nào đang chờ bạn bổ sung." in html(signed_in.get(TRANSACTIONS, {"tab": "bo-sung"}))
    request_supplement(dossier, officer)
    waiting = html(signed_in.get(TRANSACTIONS, {"tab": "bo-sung"}))
    assert dossier.code in waiting and "Yêu cầu bổ sung giấy tờ" in waiting


def test_filters_by_state_field_and_code(signed_in, applicant, procedure, component, dossier, officer):
    field = FieldFactory(code="CN", name="Chăn nuôi")
    procedure.fields.add(field)
    other = submit(applicant, ProcedureFactory())
    services.dossier_receive(dossier=dossier, officer=officer)

    by_state = html(signed_in.get(TRANSACTIONS, {"trang_thai": "received"}))
    assert dossier.code in by_state and other.code not in by_state
    by_field = html(signed_in.get(TRANSACTIONS, {"linh_vuc": "CN"}))
    assert dossier.code in by_field and other.code not in by_field
    assert '<option value="CN" selected>Chăn nuôi</option>' in by_field
    by_code = html(signed_in.get(TRANSACTIONS, {"ma_ho_so": other.code.split("-")[0]}))
    assert other.code in by_code and dossier.code not in by_code
    none = html(signed_in.get(TRANSACTIONS, {"ma_ho_so": "không-có"}))
    assert "Không có hồ sơ phù hợp với bộ lọc" in none


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"linh_vuc": "abc"}, "bộ lọc lĩnh vực được bỏ qua"),
        ({"trang_thai": "xyz"}, "bộ lọc trạng thái được bỏ qua"),
        ({"trang_thai": "draft"}, "bộ lọc trạng thái được bỏ qua"),
        ({"tab": "khac"}, "đang hiển thị “Hồ sơ đã nộp”"),
        ({"page": "abc"}, ""),
        ({"page": "99999"}, ""),
        ({"ma_ho_so": "x" * 500 + "\x00"}, ""),
    ],
)
def test_invalid_filters_are_ignored_with_a_note(signed_in, dossier, params, note):
    response = signed_in.get(TRANSACTIONS, params)
    assert response.status_code == 200
    if note:
        assert note in html(response) and dossier.code in html(response)


def test_pagination_keeps_the_filters(signed_in, applicant):
    procedure = ProcedureFactory()
    codes = [submit(applicant, procedure).code for _ in range(21)]
    first = html(signed_in.get(TRANSACTIONS, {"trang_thai": "submitted"}))
    assert "21 hồ sơ" in first and "Trang 1 / 2" in first
    assert 'href="?trang_thai=submitted&amp;page=2"' in first
    assert codes[0] not in first and codes[-1] in first  # newest first
    second = html(signed_in.get(TRANSACTIONS, {"trang_thai": "submitted", "page": "2"}))
    assert codes[0] in second and 'href="?trang_thai=submitted&amp;page=1"' in second


def test_htmx_search_returns_only_the_results(signed_in, dossier):
    response = signed_in.get(
        TRANSACTIONS, {"ma_ho_so": dossier.code}, headers={"HX-Request": "true", "HX-Target": "transactions-results"}
    )
    page = html(response)
    assert dossier.code in page and "<html" not in page and "<table" in page


# --- The dossier page -------------------------------------------------------------------------------------
def test_detail_shows_status_summary_timeline_files_and_documents(signed_in, dossier):
    response = signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/")
    page = html(response)
    assert response.status_code == 200
    assert dossier.code in page and "Mới đăng ký" in page and "mã trạng thái 1" in page
    assert "Sở Nông nghiệp và Môi trường" in page
    assert "Hồ sơ không thu phí, lệ phí" in page
    assert "Quá trình xử lý" in page and "Nộp hồ sơ" in page and "Người thực hiện: Nguyễn Thị Hoa" in page
    file = DossierFile.objects.get(dossier=dossier)
    assert f'href="/ca-nhan/tep/{file.public_id}/"' in page
    assert "Tờ khai đăng ký" in page and "<code title=" in page and file.sha256[:12] in page
    assert f'href="/ca-nhan/ho-so/{dossier.code}/phieu-xac-nhan.pdf"' in page
    assert "giay-tiep-nhan.pdf" not in page  # Mẫu số 01 only once received
    assert "Kết quả giải quyết sẽ hiển thị tại đây khi hồ sơ được giải quyết xong" in page
    assert f'href="/ca-nhan/ho-so/{dossier.code}/rut-ho-so/"' in page
    assert 'href="/ca-nhan/giao-dich/"' in page


def test_timeline_lists_every_event_oldest_first_with_who(signed_in, dossier, officer):
    request_supplement(dossier, officer)
    page = html(signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/"))
    assert page.index("Nộp hồ sơ") < page.index("Tiếp nhận hồ sơ") < page.index("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    assert "Người thực hiện: Trần Văn Bình" in page
    assert "Bản sao giấy chứng nhận bị mờ" in page
    assert "Hồ sơ cần bổ sung" in page and f'href="/ca-nhan/ho-so/{dossier.code}/bo-sung/"' in page
    assert "giay-tiep-nhan.pdf" in page and "Mẫu số 02" in page


def test_other_peoples_things_are_not_found(stranger_client, signed_in, dossier, officer, applicant):
    request = request_supplement(dossier, officer)
    file = DossierFile.objects.get(dossier=dossier)
    item = applicant.edata_items.get()
    urls = [
        f"/ca-nhan/ho-so/{dossier.code}/",
        f"/ca-nhan/tep/{file.public_id}/",
        f"/ca-nhan/kho-du-lieu/{item.public_id}/",
        f"/ca-nhan/ho-so/{dossier.code}/giay-tiep-nhan.pdf",
        f"/ca-nhan/ho-so/{dossier.code}/bo-sung/{request.pk}/phieu.pdf",
        f"/ca-nhan/ho-so/{dossier.code}/bo-sung/",
        f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/",
        f"/ca-nhan/ho-so/{dossier.code}/danh-gia/",
    ]
    for url in urls:
        assert stranger_client.get(url).status_code == 404, url
    assert stranger_client.post(f"/ca-nhan/kho-du-lieu/{item.public_id}/xoa/").status_code == 404
    assert stranger_client.post(f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/", {"reason": "x"}).status_code == 404
    assert applicant.edata_items.exists()
    notices = html(stranger_client.get(INBOX))
    assert dossier.code not in notices and "Chưa có thông báo nào" in notices
    assert dossier.code not in html(stranger_client.get(TRANSACTIONS))


def test_a_draft_or_a_number_is_not_a_dossier_page(signed_in, applicant, procedure, dossier):
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert signed_in.get(f"/ca-nhan/ho-so/{draft.pk}/").status_code == 404
    assert signed_in.get(f"/ca-nhan/ho-so/{dossier.pk}/").status_code == 404
    assert signed_in.get("/ca-nhan/ho-so/000.00.16.H34-000000-9999/").status_code == 404


def test_a_file_streams_the_same_bytes_with_safe_headers(signed_in, dossier):
    file = DossierFile.objects.get(dossier=dossier)
    response = signed_in.get(f"/ca-nhan/tep/{file.public_id}/")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content)
    with default_storage.open(file.file.name, "rb") as stored:
        assert body == stored.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''T%E1%BB%9D%20khai" in disposition
    inline = signed_in.get(f"/ca-nhan/tep/{file.public_id}/", {"xem": "1"})
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Security-Policy"] == "sandbox"


def test_a_missing_stored_file_is_a_clear_404(signed_in, dossier):
    file = DossierFile.objects.get(dossier=dossier)
    default_storage.delete(file.file.name)
    response = signed_in.get(f"/ca-nhan/tep/{file.public_id}/")
    assert response.status_code == 404
    assert "không tìm thấy tệp" in html(response).lower()


def test_form01_only_after_reception(signed_in, dossier, officer):
    url = f"/ca-nhan/ho-so/{dossier.code}/giay-tiep-nhan.pdf"
    assert signed_in.get(url).status_code == 404
    services.dossier_receive(dossier=dossier, officer=officer)
    response = signed_in.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_form02_for_a_request_of_this_dossier_only(signed_in, applicant, procedure, component, dossier, officer):
    request = request_supplement(dossier, officer)
    response = signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/bo-sung/{request.pk}/phieu.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    other = submit(applicant, procedure, component)
    assert signed_in.get(f"/ca-nhan/ho-so/{other.code}/bo-sung/{request.pk}/phieu.pdf").status_code == 404


# --- Thông báo --------------------------------------------------------------------------------------------
def test_inbox_lists_the_notices_newest_first_and_marks_read_on_request(signed_in, dossier, officer, applicant):
    request_supplement(dossier, officer)
    page = html(signed_in.get(INBOX))
    assert "<h1>Thông báo</h1>" in page
    submitted = page.index(f"Hồ sơ {dossier.code} đã được nộp thành công")
    received = page.index(f"Hồ sơ {dossier.code} đã được tiếp nhận")
    supplement = page.index(f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện")
    assert supplement < received < submitted
    assert page.count("Chưa đọc</span>") == 3 and "3 thông báo chưa đọc" in page
    assert page.count(f'href="/ca-nhan/ho-so/{dossier.code}/"') >= 3 and "Xem hồ sơ" in page
    assert "<br>" in page  # line breaks of the body kept
    assert InboxMessage.objects.filter(user=applicant, read_at__isnull=True).count() == 3  # looking is not reading
    assert 'Thông báo <span class="badge">3' in page

    response = signed_in.post(INBOX, follow=True)
    page = html(response)
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in page and "Chưa đọc</span>" not in page
    assert not InboxMessage.objects.filter(user=applicant, read_at__isnull=True).exists()


def test_inbox_shows_only_links_inside_the_portal(signed_in, applicant):
    InboxMessage.objects.create(user=applicant, subject="Lạ", body="x", link="javascript:alert(1)")
    page = html(signed_in.get(INBOX))
    assert "javascript:" not in page and "Xem hồ sơ" not in page


# --- Kho dữ liệu cá nhân ----------------------------------------------------------------------------------
def test_data_store_lists_downloads_and_deletes(signed_in, dossier, applicant):
    item = applicant.edata_items.get()
    page = html(signed_in.get(DATA_STORE))
    assert "<h1>Kho dữ liệu cá nhân</h1>" in page and "Chọn từ Kho dữ liệu cá nhân" in page
    assert "Tờ khai đăng ký" in page and "Giấy tờ đã nộp" in page and dossier.code in page and "PDF" in page
    assert f'href="/ca-nhan/kho-du-lieu/{item.public_id}/"' in page
    assert "Các hồ sơ đã nộp vẫn giữ bản của mình." in page

    response = signed_in.get(f"/ca-nhan/kho-du-lieu/{item.public_id}/")
    body = b"".join(response.streaming_content)
    file = DossierFile.objects.get(dossier=dossier)
    assert body.startswith(b"%PDF") and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")

    assert signed_in.get(f"/ca-nhan/kho-du-lieu/{item.public_id}/xoa/").status_code == 405
    response = signed_in.post(f"/ca-nhan/kho-du-lieu/{item.public_id}/xoa/", follow=True)
    assert "Đã xóa “Tờ khai đăng ký” khỏi Kho dữ liệu cá nhân" in html(response)
    assert not applicant.edata_items.exists()
    assert "Kho dữ liệu cá nhân đang trống" in html(response)
    still = signed_in.get(f"/ca-nhan/tep/{file.public_id}/")  # the dossier keeps its copy
    assert still.status_code == 200 and b"".join(still.streaming_content) == body


# --- Forms are protected ----------------------------------------------------------------------------------
def test_posts_need_the_csrf_token(applicant, dossier):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/", {"reason": "Không cần nữa"})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    page = client.get(f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/")
    assert 'name="csrfmiddlewaretoken"' in html(page)
