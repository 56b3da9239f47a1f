"""Choosing a bank or e-wallet and pressing "Thanh toán" (seed 001): only the choice is read from the browser."""

import pytest
from django.urls import reverse

from motcua.payments.models import AttemptState, FeeOrder, OrderState

from .conftest import BANK_HOST, attempts_of, submit

pytestmark = pytest.mark.django_db


def choose_url(dossier, order) -> str:
    return reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference})


def test_the_choose_page_lists_the_banks_and_wallets_offered_online(signed_in, dossier, order):
    response = signed_in.get(choose_url(dossier, order))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chọn Ngân hàng hoặc Ví điện tử" in html and "<legend" in html
    assert "Ngân hàng hoặc Ví điện tử" in html
    for label in ("Ngân hàng kiểm thử", "Ngân hàng thử nghiệm", "Mã VietQR", "Ví điện tử đang bảo trì"):
        assert label in html
    assert "bất kỳ ngân hàng nào" in html  # the VietQR option: any banking app scans it
    assert html.count('type="radio" name="provider"') == 4
    assert "csrfmiddlewaretoken" in html and ">Thanh toán</button>" in html
    assert "Bảy mươi nghìn đồng" in html


def test_paying_sends_the_payer_to_the_bank_with_our_amount_and_addresses(signed_in, dossier, order, applicant):
    response = signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    (attempt,) = attempts_of(order)
    assert response.status_code == 303
    assert response["Location"] == f"{BANK_HOST}/pay?ref={attempt.reference}&amount=70000"
    assert attempt.amount == 70_000 and attempt.payer == applicant and attempt.state == AttemptState.PENDING
    data = attempt.instructions["data"]
    assert data["return_url"] == "https://dichvucong.example/thanh-toan/test_bank/return/"
    assert data["ipn_url"] == "https://dichvucong.example/thanh-toan/test_bank/ipn/"
    assert data["locale"] == "vn"


def test_an_amount_or_order_sent_by_the_browser_is_ignored(signed_in, dossier, order):
    other = submit(dossier.applicant, dossier.procedure)
    other_order = FeeOrder.objects.get(dossier=other)
    response = signed_in.post(
        choose_url(dossier, order),
        {"provider": "test_bank", "amount": "1000", "so_tien": "1", "order": other_order.reference},
    )
    assert response.status_code == 303
    (attempt,) = attempts_of(order)
    assert attempt.amount == 70_000 and "amount=70000" in response["Location"]
    assert attempts_of(other_order) == []


def test_an_order_reference_of_another_dossier_is_not_found(signed_in, dossier, order):
    other = submit(dossier.applicant, dossier.procedure)
    other_order = FeeOrder.objects.get(dossier=other)
    response = signed_in.post(choose_url(dossier, other_order), {"provider": "test_bank"})
    assert response.status_code == 404
    assert "Không tìm thấy khoản phí, lệ phí này" in response.content.decode()
    assert attempts_of(other_order) == [] and attempts_of(order) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"provider": "vnpay_fake"}, "Kênh thanh toán không hợp lệ, vui lòng chọn lại."),
        ({"provider": "momo"}, "Kênh thanh toán không hợp lệ, vui lòng chọn lại."),  # registered, not offered
        ({"provider": ""}, "Vui lòng chọn ngân hàng hoặc ví điện tử để thanh toán."),
        ({}, "Vui lòng chọn ngân hàng hoặc ví điện tử để thanh toán."),
        ({"provider": "x" * 5000}, "Kênh thanh toán không hợp lệ, vui lòng chọn lại."),
    ],
)
def test_a_bad_provider_choice_is_refused_and_nothing_is_created(signed_in, dossier, order, data, message):
    response = signed_in.post(choose_url(dossier, order), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'class="error-summary"' in html
    assert 'href="#id_provider_0"' in html and 'id="id_provider_0"' in html
    assert attempts_of(order) == []


def test_a_paid_order_cannot_be_paid_again(signed_in, dossier, order):
    FeeOrder.objects.filter(pk=order.pk).update(state=OrderState.PAID, paid_amount=70_000)
    page = signed_in.get(choose_url(dossier, order))
    assert page.status_code == 409 and "Khoản này đã được thanh toán." in page.content.decode()
    assert 'name="provider"' not in page.content.decode()
    response = signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    assert response.status_code == 409 and "Khoản này đã được thanh toán." in response.content.decode()
    assert attempts_of(order) == []


def test_an_exempt_order_cannot_be_paid(signed_in, dossier, order):
    FeeOrder.objects.filter(pk=order.pk).update(state=OrderState.EXEMPT, amount=0)
    response = signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    assert response.status_code == 409 and "Khoản này được miễn" in response.content.decode()
    assert attempts_of(order) == []


def test_a_provider_that_is_down_leaves_a_message_and_the_order_payable(signed_in, dossier, order):
    response = signed_in.post(choose_url(dossier, order), {"provider": "test_down"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ví điện tử đang bảo trì, vui lòng chọn ngân hàng khác hoặc thử lại sau." in html
    assert 'name="provider"' in html  # choose again on the same page
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and order.payable
    assert [a.state for a in attempts_of(order)] == [AttemptState.FAILED]
    assert signed_in.post(choose_url(dossier, order), {"provider": "test_bank"}).status_code == 303


def test_choosing_again_supersedes_the_open_attempt(signed_in, dossier, order):
    signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    signed_in.post(choose_url(dossier, order), {"provider": "vietqr"})
    assert [a.state for a in attempts_of(order)] == [AttemptState.CANCELLED, AttemptState.PENDING]


def test_without_any_online_provider_the_page_says_to_pay_at_the_counter(signed_in, dossier, order, settings):
    settings.MOTCUA_PAYMENT_PROVIDERS = []
    html = signed_in.get(choose_url(dossier, order)).content.decode()
    assert "Bộ phận Tiếp nhận và Trả kết quả" in html and 'name="provider"' not in html


def test_the_form_needs_its_csrf_token(client, applicant, dossier, order):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    assert browser.post(choose_url(dossier, order), {"provider": "test_bank"}).status_code == 403
    assert attempts_of(order) == []


def test_the_english_page_asks_the_provider_for_english(signed_in, dossier, order, settings):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in.post(choose_url(dossier, order), {"provider": "test_bank"})
    (attempt,) = attempts_of(order)
    assert attempt.instructions["data"]["locale"] == "en"
