"""Seed 001 end to end with the sandbox bank: choose → the bank's page → back on the portal → paid only by the
server-to-server confirmation → the e-receipt download (owner only)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from motcua.payments.contrib.sandbox.testing import ipn_fields
from motcua.payments.models import FeeOrder, OrderState

from .conftest import attempts_of

pytestmark = pytest.mark.django_db


def choose_url(dossier, order) -> str:
    return reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference})


def receipt_url(dossier, order) -> str:
    return reverse("portal:receipt_download", kwargs={"code": dossier.code, "reference": order.reference})


@pytest.fixture
def started(signed_in, dossier, order):
    """The citizen chose "Ngân hàng thử nghiệm" and pressed "Thanh toán"."""
    response = signed_in.post(choose_url(dossier, order), {"provider": "sandbox"})
    (attempt,) = attempts_of(order)
    return response, attempt


def test_thanh_toan_sends_the_payer_to_the_sandbox_bank_page(signed_in, started):
    response, attempt = started
    assert response.status_code == 303
    location = urlsplit(response["Location"])
    assert location.path == reverse("pay_sandbox:bank")
    assert f"vnp_TxnRef={attempt.reference}" in location.query and "vnp_Amount=7000000" in location.query
    assert "vnp_ReturnUrl=https%3A%2F%2Fdichvucong.example%2Fthanh-toan%2Fsandbox%2Freturn%2F" in location.query
    assert signed_in.get(response["Location"]).status_code == 200  # the bank page opens


def test_the_browser_return_alone_never_pays(signed_in, started, order):
    _, attempt = started
    back = signed_in.get(reverse("pay_sandbox:return"), ipn_fields(reference=attempt.reference, amount=70_000))
    assert back.status_code in (302, 303)
    assert back["Location"].endswith(reverse("portal:payment_result", kwargs={"reference": attempt.reference}))
    html = signed_in.get(back["Location"]).content.decode()
    assert "Đang chờ xác nhận từ ngân hàng" in html
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


def test_the_ipn_pays_and_every_page_says_so(signed_in, started, dossier, order):
    _, attempt = started
    answer = Client().get(reverse("pay_sandbox:ipn"), ipn_fields(reference=attempt.reference, amount=70_000))
    assert answer.json()["RspCode"] == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID
    result = signed_in.get(reverse("portal:payment_result", kwargs={"reference": attempt.reference}))
    assert "<strong>Đã thanh toán</strong>" in result.content.decode()
    page = signed_in.get(reverse("portal:dossier_detail", kwargs={"code": dossier.code})).content.decode()
    assert "Đã thanh toán" in page and "Tải biên lai điện tử" in page
    again = signed_in.post(choose_url(dossier, order), {"provider": "sandbox"})
    assert again.status_code == 409 and len(attempts_of(order)) == 1


def test_the_receipt_downloads_as_a_pdf_for_the_owner_only(signed_in, started, dossier, order, other_citizen):
    _, attempt = started
    Client().get(reverse("pay_sandbox:ipn"), ipn_fields(reference=attempt.reference, amount=70_000))
    response = signed_in.get(receipt_url(dossier, order))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"] and ".pdf" in response["Content-Disposition"]
    stranger = Client()
    stranger.force_login(other_citizen)
    assert stranger.get(receipt_url(dossier, order)).status_code == 404


def test_no_receipt_before_the_payment(signed_in, dossier, order):
    response = signed_in.get(receipt_url(dossier, order))
    assert response.status_code == 404
    assert "chưa được thanh toán nên chưa có biên lai điện tử" in response.content.decode()


def test_no_receipt_for_an_unknown_order_reference(signed_in, dossier):
    assert signed_in.get(receipt_url(dossier, FeeOrder(reference="PT0000000000"))).status_code == 404
