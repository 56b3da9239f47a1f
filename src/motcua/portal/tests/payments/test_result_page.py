"""The public result page the providers return the browser to, its status fragment and the VietQR page."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.payments.base import Notice
from motcua.payments.models import AttemptState, PaymentAttempt
from motcua.payments.services.confirm import notice_apply

from .conftest import attempts_of

pytestmark = pytest.mark.django_db


def choose_url(dossier, order) -> str:
    return reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference})


def result_url(attempt) -> str:
    return reverse("portal:payment_result", kwargs={"reference": attempt.reference})


def status_url(attempt) -> str:
    return reverse("portal:payment_status", kwargs={"reference": attempt.reference})


@pytest.fixture
def attempt(signed_in, dossier, order) -> PaymentAttempt:
    signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    (attempt,) = attempts_of(order)
    return attempt


@pytest.fixture
def anonymous():
    """A browser nobody signed in with (``client`` is the applicant's once ``signed_in`` ran)."""
    return Client()


def confirm(attempt, *, paid=True, code="00") -> None:
    notice = Notice(reference=attempt.reference, amount=attempt.amount, paid=paid, code=code)
    notice_apply(provider=attempt.provider, notice=notice, record=None)


def test_a_pending_payment_waits_for_the_bank_and_polls(anonymous, attempt, dossier):
    response = anonymous.get(result_url(attempt))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đang chờ xác nhận từ ngân hàng" in html
    assert dossier.code in html and "70.000 đ" in html and "Ngân hàng kiểm thử" in html
    assert f'hx-get="{status_url(attempt)}"' in html and 'hx-trigger="every 2s"' in html
    assert f'href="{result_url(attempt)}">Cập nhật</a>' in html  # without JavaScript
    assert "Thanh toán lại" not in html


def test_the_result_page_shows_nothing_personal(anonymous, attempt, dossier):
    html = anonymous.get(result_url(attempt)).content.decode()
    for personal in (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone):
        if personal:
            assert personal not in html
    assert "Xem hồ sơ" not in html  # only for the signed-in owner


def test_the_signed_in_owner_gets_a_link_to_the_dossier(signed_in, attempt, dossier):
    html = signed_in.get(result_url(attempt)).content.decode()
    assert reverse("portal:dossier_detail", kwargs={"code": dossier.code}) in html


def test_paid_only_once_the_server_confirmation_arrived_and_polling_stops(anonymous, attempt):
    confirm(attempt)
    html = anonymous.get(result_url(attempt)).content.decode()
    assert "<strong>Đã thanh toán</strong>" in html and "Đang chờ xác nhận" not in html
    assert "hx-trigger" not in html
    fragment = anonymous.get(status_url(attempt), HTTP_HX_REQUEST="true").content.decode()
    assert "<strong>Đã thanh toán</strong>" in fragment and "<html" not in fragment and "hx-trigger" not in fragment


def test_the_status_fragment_keeps_polling_while_pending(anonymous, attempt):
    fragment = anonymous.get(status_url(attempt), HTTP_HX_REQUEST="true").content.decode()
    assert "Đang chờ xác nhận từ ngân hàng" in fragment and 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment


@pytest.mark.parametrize(
    ("code", "state", "text"),
    [("51", AttemptState.FAILED, "Giao dịch không thành công"), ("24", AttemptState.CANCELLED, "Đã hủy")],
)
def test_a_failed_or_cancelled_payment_offers_to_pay_again(anonymous, attempt, dossier, code, state, text):
    confirm(attempt, paid=False, code=code)
    attempt.refresh_from_db()
    assert attempt.state == state
    html = anonymous.get(result_url(attempt)).content.decode()
    assert text in html and "Thanh toán lại" in html and "<strong>Đã thanh toán</strong>" not in html
    assert reverse("portal:dossier_payment", kwargs={"code": dossier.code}) in html


def test_an_expired_payment_is_unsuccessful(anonymous, attempt):
    PaymentAttempt.objects.filter(pk=attempt.pk).update(state=AttemptState.EXPIRED)
    html = anonymous.get(result_url(attempt)).content.decode()
    assert "Giao dịch không thành công" in html and "hết thời gian" in html and "Thanh toán lại" in html


@pytest.mark.parametrize("reference", ["GD000000000000", "x" * 300, "GD' OR 1=1 --"])
def test_an_unknown_reference_is_not_found(client, reference):
    assert client.get(reverse("portal:payment_result", kwargs={"reference": reference})).status_code == 404
    assert client.get(reverse("portal:payment_status", kwargs={"reference": reference})).status_code == 404


def test_the_result_page_accepts_only_get(anonymous, attempt):
    assert anonymous.post(result_url(attempt)).status_code == 405


# --- VietQR --------------------------------------------------------------------------------------------------
@pytest.fixture
def qr_attempt(signed_in, dossier, order) -> PaymentAttempt:
    response = signed_in.post(choose_url(dossier, order), {"provider": "vietqr"})
    (attempt,) = attempts_of(order)
    assert response.status_code == 303
    assert response["Location"] == reverse("portal:payment_qr", kwargs={"reference": attempt.reference})
    return attempt


def test_the_qr_page_shows_the_code_amount_account_memo_expiry_and_live_status(signed_in, qr_attempt, dossier):
    response = signed_in.get(reverse("portal:payment_qr", kwargs={"reference": qr_attempt.reference}))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg role="img"' in html and "<title>Mã VietQR thanh toán 70.000 đ" in html
    assert "70.000 đ" in html and "Bảy mươi nghìn đồng" in html
    assert "113000123456" in html and "VietinBank" in html and "SO NONG NGHIEP VA PTNT TINH KON TUM" in html
    assert f"<code>{qr_attempt.reference}" in html  # the memo to type if the app does not fill it in
    assert "Mã hết hạn lúc" in html
    assert "Đang chờ xác nhận từ ngân hàng" in html and 'hx-trigger="every 2s"' in html
    assert "<script" not in html.split("</head>")[1]  # no inline script


def test_the_qr_page_turns_paid_after_the_statement_matched(signed_in, qr_attempt):
    confirm(qr_attempt)
    html = signed_in.get(reverse("portal:payment_qr", kwargs={"reference": qr_attempt.reference})).content.decode()
    assert "<strong>Đã thanh toán</strong>" in html and "hx-trigger" not in html


def test_the_qr_page_is_only_for_its_payer(anonymous, qr_attempt, other_citizen):
    url = reverse("portal:payment_qr", kwargs={"reference": qr_attempt.reference})
    response = anonymous.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    anonymous.force_login(other_citizen)
    assert anonymous.get(url).status_code == 404


def test_the_qr_page_of_a_redirect_payment_is_not_found(signed_in, attempt):
    response = signed_in.get(reverse("portal:payment_qr", kwargs={"reference": attempt.reference}))
    assert response.status_code == 404 and "không thanh toán bằng mã QR" in response.content.decode()
