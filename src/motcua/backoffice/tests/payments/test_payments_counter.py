"""The fee panel on the dossier page, exemptions, and the counter VietQR screens (officer's and citizen-facing)."""

from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from motcua.payments.base import Notice
from motcua.payments.models import AttemptState, FeeOrder, OrderState
from motcua.payments.selectors.counter import DISPLAY_SALT, display_token
from motcua.payments.services.confirm import notice_apply

pytestmark = pytest.mark.django_db


def _dossier_page(client, dossier):
    return client.get(reverse("backoffice:dossier", args=[dossier.code]))


def _confirm(attempt):
    notice = Notice(reference=attempt.reference, amount=attempt.amount, paid=True, code="00")
    return notice_apply(provider="vietqr", notice=notice, record=None)


def test_the_fee_panel_shows_each_line_the_total_and_the_state_with_the_counter_actions(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    html = _dossier_page(as_officer(pay.office.reception), dossier).content.decode()
    for text in (
        "Phí, lệ phí",
        order.reference,
        "Khi nộp hồ sơ",
        "Phí",
        "Lệ phí",
        "20.000 đ",
        "50.000 đ",
        "70.000 đ",
        "Chưa thanh toán",
        "Tạo mã QR thanh toán",
        "Miễn",
    ):
        assert text in html, text
    assert reverse("backoffice:fee_exempt", args=[dossier.code, order.reference]) in html


def test_the_panel_shows_attempts_the_paid_state_and_the_receipt_number(pay, as_officer):
    dossier = pay.dossier()
    attempt = pay.paid(pay.order_of(dossier))
    html = _dossier_page(as_officer(pay.office.reception), dossier).content.decode()
    receipt = pay.order_of(dossier).receipt
    assert "Đã thanh toán" in html and attempt.reference in html and "Thành công" in html
    assert f"{receipt.number:07d}" in html and receipt.series in html
    assert "Tạo mã QR thanh toán" not in html


def test_another_agencys_accountant_cannot_open_the_dossier_or_its_fees(pay, as_officer):
    dossier = pay.other_dossier()
    assert _dossier_page(as_officer(pay.accountant), dossier).status_code == 404


def test_exempting_a_line_with_its_reason_lowers_the_amount(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    line = order.lines.get(amount=20_000)
    url = reverse("backoffice:fee_exempt", args=[dossier.code, order.reference])
    response = as_officer(pay.office.reception).post(url, {"line": line.pk, "reason": "Người có công với cách mạng"})
    assert response.status_code == 303 and response["Location"].endswith("#phi-le-phi")
    order.refresh_from_db()
    line.refresh_from_db()
    assert line.exempt and line.exemption_reason == "Người có công với cách mạng" and order.amount == 50_000


def test_exempting_every_line_makes_the_order_exempt(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    client = as_officer(pay.office.reception)
    url = reverse("backoffice:fee_exempt", args=[dossier.code, order.reference])
    for line in order.lines.all():
        client.post(url, {"line": line.pk, "reason": "Hộ nghèo"})
    order.refresh_from_db()
    assert order.state == OrderState.EXEMPT and order.amount == 0
    assert "Được miễn" in _dossier_page(client, dossier).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Hộ nghèo"}, "Chọn dòng phí, lệ phí cần miễn."),
        ({"line": "abc", "reason": "Hộ nghèo"}, "Chọn dòng phí, lệ phí cần miễn."),
        ({"line": 999_999, "reason": "Hộ nghèo"}, "Không tìm thấy dòng phí, lệ phí cần miễn."),
        ({"line": "LINE", "reason": "   "}, "Vui lòng ghi rõ đối tượng được miễn và căn cứ."),
        ({"line": "LINE", "reason": "x" * 501}, "Lý do miễn dài tối đa 500 ký tự."),
    ],
)
def test_a_bad_exemption_says_why_and_changes_nothing(pay, as_officer, data, message):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    if data.get("line") == "LINE":
        data = {**data, "line": order.lines.first().pk}
    url = reverse("backoffice:fee_exempt", args=[dossier.code, order.reference])
    response = as_officer(pay.office.reception).post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode() and "Có lỗi cần sửa" in response.content.decode()
    assert not order.lines.filter(exempt=True).exists() and FeeOrder.objects.get(pk=order.pk).amount == 70_000


def test_an_officer_of_another_agency_cannot_exempt_or_create_a_qr(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    client = as_officer(pay.other_accountant)
    line = order.lines.first()
    exempt = reverse("backoffice:fee_exempt", args=[dossier.code, order.reference])
    assert client.post(exempt, {"line": line.pk, "reason": "x"}).status_code == 404
    assert client.post(reverse("backoffice:fee_qr_create", args=[dossier.code, order.reference])).status_code == 404
    assert not order.attempts.exists() and not order.lines.filter(exempt=True).exists()


def test_a_qr_code_is_created_and_shown_with_amount_account_memo_and_expiry(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    client = as_officer(pay.office.reception)
    response = client.post(reverse("backoffice:fee_qr_create", args=[dossier.code, order.reference]))
    attempt = order.attempts.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("backoffice:counter_qr", args=[attempt.reference])
    assert attempt.via == "counter" and attempt.provider == "vietqr" and attempt.state == AttemptState.PENDING
    assert attempt.reference in attempt.instructions["qr_payload"]
    html = client.get(response["Location"]).content.decode()
    assert "<svg" in html and 'role="img"' in html
    for text in (
        "70.000 đ",
        "Bảy mươi nghìn đồng",
        dossier.code,
        "113000123456",
        "VietinBank",
        "Nội dung chuyển khoản",
        "Hết hạn lúc",
        "Đang chờ thanh toán",
        "Mở màn hình hiển thị cho công dân",
    ):
        assert text in html, text
    memo = attempt.instructions["data"]["memo"]
    assert attempt.reference in memo and memo in html
    assert 'hx-trigger="every 2s"' in html and "<script>" not in html and "style=" not in html


def test_a_qr_for_a_paid_order_is_refused_with_a_message(pay, as_officer):
    dossier = pay.dossier()
    order = pay.order_of(dossier)
    pay.paid(order)
    client = as_officer(pay.office.reception)
    response = client.post(reverse("backoffice:fee_qr_create", args=[dossier.code, order.reference]), follow=True)
    assert "Khoản này đã được thanh toán." in response.content.decode()
    assert order.attempts.count() == 1


def test_the_counter_screen_is_404_for_another_agency(pay, as_officer):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    client = as_officer(pay.other_accountant)
    assert client.get(reverse("backoffice:counter_qr", args=[attempt.reference])).status_code == 404
    assert client.get(reverse("backoffice:counter_status", args=[attempt.reference])).status_code == 404


def test_anonymous_visitors_are_sent_to_login_from_the_counter_screen(pay):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    response = Client().get(reverse("backoffice:counter_qr", args=[attempt.reference]))
    assert response.status_code == 302 and reverse("backoffice:login") in response["Location"]


def test_the_status_fragment_polls_while_pending_and_turns_paid_after_the_confirmation(pay, as_officer):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    client = as_officer(pay.office.reception)
    url = reverse("backoffice:counter_status", args=[attempt.reference])
    pending = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "Đang chờ thanh toán" in pending and "Đã thanh toán" not in pending
    assert _confirm(attempt) == "confirmed"
    paid = client.get(url).content.decode()
    assert "Đã thanh toán" in paid and "hx-trigger" not in paid and "Biên lai điện tử số" in paid


def test_an_expired_qr_stops_polling(pay, as_officer):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    type(attempt).objects.filter(pk=attempt.pk).update(state=AttemptState.EXPIRED)
    html = as_officer(pay.office.reception).get(reverse("backoffice:counter_status", args=[attempt.reference]))
    assert "Hết hạn" in html.content.decode() and "hx-trigger" not in html.content.decode()


def test_the_display_page_needs_no_login_and_shows_only_code_amount_qr_account_and_status(pay):
    dossier = pay.dossier()
    attempt = pay.qr(pay.order_of(dossier))
    token = display_token(attempt=attempt)
    response = Client().get(reverse("backoffice:payment_display", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (dossier.code, "70.000 đ", "<svg", pay.account.account_name, "VietinBank", "Đang chờ thanh toán"):
        assert text in html, text
    assert dossier.applicant_name not in html and pay.account.account_number not in html
    assert reverse("backoffice:payment_display_status", args=[token]) in html and "<script>" not in html
    _confirm(attempt)
    fragment = Client().get(reverse("backoffice:payment_display_status", args=[token])).content.decode()
    assert "Đã thanh toán" in fragment and "hx-trigger" not in fragment and "Biên lai" not in fragment
    assert "Đã thanh toán" in Client().get(reverse("backoffice:payment_display", args=[token])).content.decode()


def test_a_forged_display_token_is_404_in_vietnamese(pay):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    forged = signing.TimestampSigner(salt="another-salt").sign(attempt.reference)
    for token in (forged, attempt.reference, display_token(attempt=attempt) + "x"):
        for name in ("backoffice:payment_display", "backoffice:payment_display_status"):
            response = Client().get(reverse(name, args=[token]))
            assert response.status_code == 404
            assert "không hợp lệ hoặc đã hết hạn" in response.content.decode()


def test_a_display_token_older_than_an_hour_is_404(pay):
    attempt = pay.qr(pay.order_of(pay.dossier()))
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        old = signing.TimestampSigner(salt=DISPLAY_SALT).sign(attempt.reference)
    response = Client().get(reverse("backoffice:payment_display", args=[old]))
    assert response.status_code == 404 and "đã hết hạn" in response.content.decode()
