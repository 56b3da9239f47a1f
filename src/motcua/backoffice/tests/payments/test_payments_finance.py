"""Finance pages ("Kế toán"): who may open them, refunds, the discrepancy queue, statements, transactions, report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.payments.base import Notice
from motcua.payments.models import AttemptState, Discrepancy, Refund, StatementImport
from motcua.payments.services.confirm import callback_reject, callback_store, notice_apply
from motcua.payments.services.refunds import refund_create

pytestmark = pytest.mark.django_db

PAGES = ["finance_home", "finance_discrepancies", "finance_statement", "finance_transactions", "finance_report"]


@pytest.mark.parametrize("name", PAGES)
def test_every_finance_page_opens_for_the_accountant(pay, as_officer, name):
    response = as_officer(pay.accountant).get(reverse(f"backoffice:{name}"))
    assert response.status_code == 200 and "Kế toán" in response.content.decode()


@pytest.mark.parametrize("name", ["finance_home", "finance_discrepancies", "finance_transactions", "finance_report"])
def test_the_agency_leader_views_the_finance_pages(pay, as_officer, name):
    assert as_officer(pay.office.leader).get(reverse(f"backoffice:{name}")).status_code == 200


def test_the_leader_may_not_import_statements(pay, as_officer):
    response = as_officer(pay.office.leader).get(reverse("backoffice:finance_statement"))
    assert response.status_code == 403 and "Chỉ kế toán" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_a_reception_officer_gets_a_vietnamese_403(pay, as_officer, name):
    response = as_officer(pay.office.reception).get(reverse(f"backoffice:{name}"))
    assert response.status_code == 403 and "kế toán" in response.content.decode()


def test_a_citizen_gets_403_and_an_anonymous_visitor_the_login(pay, citizen_client):
    url = reverse("backoffice:finance_home")
    assert citizen_client.get(url).status_code == 403
    response = Client().get(url)
    assert response.status_code == 302 and reverse("backoffice:login") in response["Location"]


def test_the_nav_links_to_the_finance_pages_for_accountants_only(pay, as_officer):
    url = reverse("backoffice:finance_home")
    assert f'href="{url}"' in as_officer(pay.accountant).get(reverse("backoffice:home")).content.decode()
    assert f'href="{url}"' not in as_officer(pay.office.reception).get(reverse("backoffice:home")).content.decode()


# --- Orders and refunds -----------------------------------------------------------------------------------------
def _order_url(order):
    return reverse("backoffice:finance_order", args=[order.reference])


def test_the_order_page_shows_lines_attempts_and_the_refund_form(pay, as_officer):
    order = pay.order_of(pay.dossier())
    attempt = pay.paid(order)
    html = as_officer(pay.accountant).get(_order_url(order)).content.decode()
    for text in (order.reference, order.dossier.code, "Đã thanh toán", "70.000 đ", attempt.reference, "Hoàn tiền"):
        assert text in html, text


def test_another_agencys_order_is_404(pay, as_officer):
    order = pay.order_of(pay.other_dossier())
    assert as_officer(pay.accountant).get(_order_url(order)).status_code == 404
    assert as_officer(pay.accountant).post(_order_url(order), {"amount": "1", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("officer", ["accountant", "leader"])
def test_a_partial_refund_accepts_dotted_amounts(pay, as_officer, officer):
    order = pay.order_of(pay.dossier())
    pay.paid(order)
    user = pay.accountant if officer == "accountant" else pay.office.leader
    response = as_officer(user).post(_order_url(order), {"amount": "50.000", "reason": "Nộp thừa"})
    assert response.status_code == 303
    refund = Refund.objects.get()
    order.refresh_from_db()
    assert refund.amount == 50_000 and refund.reason == "Nộp thừa" and refund.by == user
    assert order.refunded_amount == 50_000
    assert "Đã ghi nhận hoàn 50.000 đ" in as_officer(user).get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "", "reason": "Nộp thừa"}, "Nhập số tiền hoàn."),
        ({"amount": "abc", "reason": "Nộp thừa"}, "Số tiền hoàn phải là số nguyên đồng, ví dụ 50.000."),
        ({"amount": "1.5", "reason": "Nộp thừa"}, "Số tiền hoàn phải là số nguyên đồng, ví dụ 50.000."),
        ({"amount": "-5", "reason": "Nộp thừa"}, "Số tiền hoàn phải là số nguyên đồng, ví dụ 50.000."),
        ({"amount": "0", "reason": "Nộp thừa"}, "Số tiền hoàn phải lớn hơn 0 đồng."),
        ({"amount": "80.000", "reason": "Nộp thừa"}, "Số tiền hoàn vượt quá số đã nộp còn lại (70.000 đồng)."),
        ({"amount": "50000", "reason": ""}, "Vui lòng ghi rõ lý do hoàn tiền."),
        ({"amount": "50000", "reason": "   "}, "Vui lòng ghi rõ lý do hoàn tiền."),
    ],
)
def test_a_bad_refund_says_why_and_changes_nothing(pay, as_officer, data, message):
    order = pay.order_of(pay.dossier())
    pay.paid(order)
    response = as_officer(pay.accountant).post(_order_url(order), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Có lỗi cần sửa" in html
    order.refresh_from_db()
    assert not Refund.objects.exists() and order.refunded_amount == 0


def test_a_refund_on_an_unpaid_order_is_refused(pay, as_officer):
    order = pay.order_of(pay.dossier())
    response = as_officer(pay.accountant).post(_order_url(order), {"amount": "1.000", "reason": "Thử"})
    assert response.status_code == 400 and "vượt quá số đã nộp còn lại (0 đồng)" in response.content.decode()


def test_an_officer_without_the_role_cannot_refund(pay, as_officer):
    order = pay.order_of(pay.dossier())
    pay.paid(order)
    response = as_officer(pay.office.specialist).post(_order_url(order), {"amount": "1.000", "reason": "Thử"})
    assert response.status_code == 403 and not Refund.objects.exists()


# --- Discrepancies ----------------------------------------------------------------------------------------------
def _wrong_amount(pay):
    order = pay.order_of(pay.dossier())
    attempt = pay.qr(order)
    notice = Notice(reference=attempt.reference, amount=1_000, paid=True, code="00")
    assert notice_apply(provider="vietqr", notice=notice, record=None) == "bad_amount"
    return Discrepancy.objects.get(attempt=attempt)


def test_the_queue_lists_open_discrepancies_with_their_links(pay, as_officer):
    item = _wrong_amount(pay)
    html = as_officer(pay.accountant).get(reverse("backoffice:finance_discrepancies")).content.decode()
    assert "Số tiền không khớp" in html and item.attempt.reference in html and item.order.reference in html
    assert reverse("backoffice:finance_discrepancy", args=[item.pk]) in html
    other = as_officer(pay.other_accountant).get(reverse("backoffice:finance_discrepancies")).content.decode()
    assert item.attempt.reference not in other
    assert (
        as_officer(pay.other_accountant).get(reverse("backoffice:finance_discrepancy", args=[item.pk])).status_code
        == 404
    )


def test_resolving_needs_a_resolution_then_moves_it_to_the_resolved_list(pay, as_officer):
    item = _wrong_amount(pay)
    client = as_officer(pay.accountant)
    url = reverse("backoffice:finance_discrepancy", args=[item.pk])
    response = client.post(url, {"resolution": "  "})
    assert response.status_code == 400 and "Vui lòng ghi rõ cách xử lý sai lệch." in response.content.decode()
    item.refresh_from_db()
    assert item.resolved_at is None
    response = client.post(url, {"resolution": "Đã gọi ngân hàng, người nộp chuyển nhầm"})
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.resolved_at is not None and item.resolved_by == pay.accountant
    assert item.attempt.reference not in client.get(reverse("backoffice:finance_discrepancies")).content.decode()
    resolved = client.get(reverse("backoffice:finance_discrepancies") + "?trang_thai=da-xu-ly").content.decode()
    assert "người nộp chuyển nhầm" in resolved


def test_the_leader_sees_but_cannot_resolve(pay, as_officer):
    item = _wrong_amount(pay)
    client = as_officer(pay.office.leader)
    url = reverse("backoffice:finance_discrepancy", args=[item.pk])
    assert "Ghi nhận đã xử lý" not in client.get(url).content.decode()
    assert client.post(url, {"resolution": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.resolved_at is None


def test_the_raw_callback_of_a_bad_signature_is_viewable(pay, as_officer):
    record = callback_store(
        provider="vnpay",
        channel="ipn",
        method="GET",
        query="vnp_TxnRef=GD123&vnp_SecureHash=bad",
        body=b"",
        remote_addr="203.0.113.9",
    )
    callback_reject(record=record, reason="Chữ ký không đúng")
    item = Discrepancy.objects.get(callback=record)
    html = as_officer(pay.accountant).get(reverse("backoffice:finance_discrepancy", args=[item.pk])).content.decode()
    assert "Thông báo gốc" in html and "vnp_TxnRef=GD123&amp;vnp_SecureHash=bad" in html and "203.0.113.9" in html


# --- Statements ---------------------------------------------------------------------------------------------------
def _statement(rows: list[str], name: str = "sao-ke.csv") -> SimpleUploadedFile:
    text = "Số tài khoản;Mã giao dịch;Ngày giao dịch;Số tiền;Nội dung\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_a_statement_confirms_the_qr_payment_and_queues_what_matches_nothing(pay, as_officer):
    order = pay.order_of(pay.dossier())
    attempt = pay.qr(order)
    today = timezone.localdate().strftime("%d/%m/%Y")
    upload = _statement(
        [
            f"113000123456;FT001;{today} 09:15;70.000;{attempt.instructions['data']['memo']}",
            f"113000123456;FT002;{today} 09:20;15.000;CHUYEN TIEN KHONG RO",
        ]
    )
    response = as_officer(pay.accountant).post(reverse("backoffice:finance_statement"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Đã nhập sao kê sao-ke.csv" in html
    imported = StatementImport.objects.get()
    assert (imported.lines_total, imported.lines_new, imported.lines_matched) == (2, 2, 1)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUCCEEDED
    assert Discrepancy.objects.filter(kind=Discrepancy.Kind.UNMATCHED_LINE).count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Chọn tệp sao kê cần nhập."),
        (SimpleUploadedFile("sao-ke.pdf", b"%PDF-1.4"), "Chỉ nhận tệp sao kê dạng CSV hoặc XLSX."),
        (SimpleUploadedFile("sao-ke.csv", b"khong phai sao ke\n1;2\n"), "Có lỗi cần sửa"),
        ("BAD_ROW", "dòng"),
    ],
)
def test_a_bad_statement_shows_the_errors_and_imports_nothing(pay, as_officer, upload, message):
    if upload == "BAD_ROW":
        upload = _statement(["113000123456;FT009;hôm qua;70.000;GD"])
    data = {"file": upload} if upload is not None else {}
    response = as_officer(pay.accountant).post(reverse("backoffice:finance_statement"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "Có lỗi cần sửa" in html and message in html
    assert not StatementImport.objects.exists()


# --- Transactions -------------------------------------------------------------------------------------------------
def test_transactions_list_attempts_and_statement_lines_with_filters(pay, as_officer):
    order = pay.order_of(pay.dossier())
    attempt = pay.paid(order)
    other = pay.qr(pay.order_of(pay.other_dossier()))
    client = as_officer(pay.accountant)
    url = reverse("backoffice:finance_transactions")
    html = client.get(url).content.decode()
    assert attempt.reference in html and other.reference not in html
    today = timezone.localdate().isoformat()
    assert (
        attempt.reference
        in client.get(url, {"ngay": today, "kenh": "vietqr", "trang_thai": "succeeded"}).content.decode()
    )
    assert attempt.reference not in client.get(url, {"trang_thai": "pending"}).content.decode()
    assert attempt.reference not in client.get(url, {"ngay": "2001-01-01"}).content.decode()
    assert "Dòng sao kê ngân hàng" in client.get(url, {"xem": "sao-ke"}).content.decode()


def test_a_bad_transaction_filter_is_a_vietnamese_error_not_a_500(pay, as_officer):
    response = as_officer(pay.accountant).get(reverse("backoffice:finance_transactions"), {"ngay": "31/02/2025"})
    assert response.status_code == 200 and "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()


# --- Daily report -------------------------------------------------------------------------------------------------
def test_the_daily_report_adds_up_and_downloads_as_csv(pay, as_officer):
    first, second = pay.order_of(pay.dossier()), pay.order_of(pay.dossier())
    pay.paid(first)
    pay.paid(second)
    refund_create(order=first, officer=pay.accountant, amount=20_000, reason="Nộp thừa")
    _wrong_amount(pay)
    client = as_officer(pay.accountant)
    url = reverse("backoffice:finance_report")
    today = timezone.localdate().isoformat()
    html = client.get(url, {"ngay": today}).content.decode()
    for text in ("Mã VietQR", "Sở Nông nghiệp và Môi trường", "140.000 đ", "20.000 đ", "120.000 đ"):
        assert text in html, text
    response = client.get(url, {"ngay": today, "dinh_dang": "csv"})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "140000,20000,120000" in text.replace("\r", "") and "Sai lệch phát sinh,1" in text
    empty = client.get(url, {"ngay": "2001-01-01"}).content.decode()
    assert "140.000 đ" not in empty and "Không có khoản thu, hoàn nào trong ngày." in empty


def test_a_bad_report_day_is_a_vietnamese_error(pay, as_officer):
    response = as_officer(pay.accountant).get(reverse("backoffice:finance_report"), {"ngay": "ngày mai"})
    assert response.status_code == 400 and "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
