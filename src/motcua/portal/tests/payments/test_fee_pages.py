""" "Trang cá nhân" → "Danh sách giao dịch" → the dossier → "Thanh toán phí/lệ phí" (seed 001), owner only."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.payments.models import FeeLine, FeeOrder, OrderState

pytestmark = pytest.mark.django_db


def detail_url(dossier) -> str:
    return reverse("portal:dossier_payment", kwargs={"code": dossier.code})


def test_the_transactions_list_shows_what_is_still_owed_and_links_to_the_payment(signed_in, dossier):
    html = signed_in.get(reverse("portal:transactions")).content.decode()
    assert "Danh sách giao dịch" in html and "Trang cá nhân" in html
    assert "70.000 đ — " in html and "Chưa thanh toán" in html
    assert detail_url(dossier) in html


def test_the_transactions_list_says_paid_once_the_order_is_paid(signed_in, order):
    FeeOrder.objects.filter(pk=order.pk).update(state=OrderState.PAID, paid_amount=70_000)
    html = signed_in.get(reverse("portal:transactions")).content.decode()
    assert "70.000 đ — Đã thanh toán" in html


def test_the_dossier_page_has_the_payment_panel_with_the_button(signed_in, dossier, order):
    html = signed_in.get(reverse("portal:dossier_detail", kwargs={"code": dossier.code})).content.decode()
    assert "Thanh toán phí/lệ phí" in html
    assert "Tình trạng" in html and "Chưa thanh toán" in html
    assert f'href="{detail_url(dossier)}"' in html
    assert "disabled" not in html.split('id="thanh-toan"')[1].split("</section>")[0]


def test_a_paid_order_whose_receipt_is_still_being_issued_says_so_instead_of_a_dead_link(signed_in, dossier, order):
    # A large statement import pays at once and issues the receipts in a background task, seconds later.
    FeeOrder.objects.filter(pk=order.pk).update(state=OrderState.PAID, paid_amount=70_000)
    for url in (reverse("portal:dossier_detail", kwargs={"code": dossier.code}), detail_url(dossier)):
        html = signed_in.get(url).content.decode()
        assert "Đã thanh toán" in html and "Biên lai điện tử đang được phát hành" in html
        assert "Tải biên lai điện tử" not in html
        receipt = reverse("portal:receipt_download", kwargs={"code": dossier.code, "reference": order.reference})
        assert receipt not in html


def test_a_dossier_awaiting_land_obligations_links_to_the_lookup(signed_in, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=State.AWAITING_PAYMENT)
    html = signed_in.get(reverse("portal:dossier_detail", kwargs={"code": dossier.code})).content.decode()
    assert reverse("portal:land_lookup") + f"?ma_ho_so={dossier.code}" in html


def test_the_fee_details_show_each_line_the_total_in_words_and_the_account(signed_in, dossier, order):
    response = signed_in.get(detail_url(dossier))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chi tiết phí, lệ phí" in html
    assert "Phí" in html and "Lệ phí" in html
    assert "20.000 đ" in html and "50.000 đ" in html and "70.000 đ" in html
    assert "Bảy mươi nghìn đồng" in html
    assert "Thông tin tài khoản nhận thanh toán" in html
    for text in (
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Kon Tum",
        "SO NONG NGHIEP VA PTNT TINH KON TUM",
        "113000123456",
        "VietinBank",
    ):
        assert text in html
    choose = reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference})
    assert f'href="{choose}"' in html and "Thanh toán" in html


def test_an_exempt_line_is_shown_as_exempt_and_left_out_of_the_total(signed_in, dossier, order):
    line = order.lines.get(kind=FeeLine.Kind.CHARGE)
    FeeLine.objects.filter(pk=line.pk).update(exempt=True, exemption_reason="Người có công với cách mạng")
    FeeOrder.objects.filter(pk=order.pk).update(amount=50_000)
    html = signed_in.get(detail_url(dossier)).content.decode()
    assert "Được miễn" in html and "Người có công với cách mạng" in html
    assert "<del>20.000 đ</del>" in html
    assert "Năm mươi nghìn đồng" in html


def test_a_fully_exempt_order_has_no_pay_button(signed_in, dossier, order):
    FeeOrder.objects.filter(pk=order.pk).update(state=OrderState.EXEMPT, amount=0)
    html = signed_in.get(detail_url(dossier)).content.decode()
    assert "Được miễn" in html
    assert reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference}) not in html


def test_a_free_dossier_says_so(signed_in, applicant, account):
    from motcua.dossiers.tests.factories import ProcedureFactory

    from .conftest import submit

    free = submit(applicant, ProcedureFactory(agency=account.agency))
    html = signed_in.get(detail_url(free)).content.decode()
    assert "Hồ sơ không thu phí, lệ phí." in html


@pytest.mark.parametrize("name", ["dossier_payment", "order_choose", "receipt_download"])
def test_another_citizen_gets_404(client, other_citizen, dossier, order, name):
    client.force_login(other_citizen)
    kwargs = {"code": dossier.code} | ({"reference": order.reference} if name != "dossier_payment" else {})
    assert client.get(reverse(f"portal:{name}", kwargs=kwargs)).status_code == 404
    assert (
        client.post(
            reverse("portal:order_choose", kwargs={"code": dossier.code, "reference": order.reference}),
            {"provider": "test_bank"},
        ).status_code
        == 404
    )
    assert not order.attempts.exists()


@pytest.mark.parametrize("name", ["dossier_payment", "order_choose", "receipt_download"])
def test_anonymous_is_sent_to_sign_in(client, dossier, order, name):
    kwargs = {"code": dossier.code} | ({"reference": order.reference} if name != "dossier_payment" else {})
    response = client.get(reverse(f"portal:{name}", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
