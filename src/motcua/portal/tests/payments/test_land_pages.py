""" "Nghĩa vụ tài chính đất đai" (seed 002, Phụ lục 3 and 4): lookup by keys, pay, download the voucher.

What a lookup found is bound to the browser session: paying or downloading another notice by its id is a 404.
"""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.payments.base import Notice
from motcua.payments.models import OrderState
from motcua.payments.services.confirm import notice_apply

from .conftest import attempts_of, land_notice

pytestmark = pytest.mark.django_db

URL = "/nghia-vu-tai-chinh/"


@pytest.fixture
def browser():
    return Client()


def look_up(browser, notice, **keys):
    query = {"ma_ho_so": notice.dossier_code, "ma_so_thue": "", "so_thong_bao": ""} | keys
    return browser.get(URL, query)


def pay_url(notice) -> str:
    return reverse("portal:land_pay", kwargs={"notice_id": notice.pk})


def voucher_url(notice) -> str:
    return reverse("portal:land_voucher", kwargs={"notice_id": notice.pk})


def test_the_lookup_form_asks_for_the_dossier_code_and_the_tax_id_or_notice_number(browser, dossier):
    response = browser.get(URL, {"ma_ho_so": dossier.code})
    html = response.content.decode()
    assert response.status_code == 200 and reverse("portal:land_lookup") == URL
    for label in ("Mã hồ sơ", "Mã số thuế", "Số thông báo", "Tra cứu"):
        assert label in html
    assert f'value="{dossier.code}"' in html and "error-summary" not in html


@pytest.mark.parametrize(
    "keys", [{"ma_so_thue": "6101234567"}, {"so_thong_bao": "TB-2026-000123"}, {"ma_so_thue": " 610 123 4567 "}]
)
def test_the_right_keys_show_the_notice_with_its_state(browser, notice, keys):
    html = look_up(browser, notice, **keys).content.decode()
    for text in (
        "TB-2026-000123",
        "10/01/2026",
        "1401",
        "Tiền sử dụng đất",
        "1.250.000 đ",
        "10/02/2026",
        "Chưa thanh toán",
    ):
        assert text in html
    assert f'href="{pay_url(notice)}"' in html and "Thanh toán" in html
    assert "Công ty TNHH" not in html  # only what the payer needs


@pytest.mark.parametrize(
    "keys",
    [
        {"ma_so_thue": "6109999999"},
        {"so_thong_bao": "TB-2026-999999"},
        {"ma_ho_so": "000.00.00.H34-260101-0001", "ma_so_thue": "6101234567"},
    ],
)
def test_wrong_keys_find_nothing_and_unlock_nothing(browser, notice, keys):
    response = look_up(browser, notice, **keys)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy thông báo nghĩa vụ tài chính" in html and "TB-2026-000123" not in html
    assert browser.get(pay_url(notice)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ma_ho_so": "{code}", "ma_so_thue": "", "so_thong_bao": ""}, "Vui lòng nhập mã số thuế hoặc số thông báo."),
        ({"ma_ho_so": "", "ma_so_thue": "6101234567"}, "Vui lòng nhập mã hồ sơ."),
        ({"ma_ho_so": "{code}", "ma_so_thue": "6" * 40}, "Mã số thuế có tối đa 14 ký tự."),
        ({"ma_ho_so": "x" * 200, "so_thong_bao": "TB"}, "Mã hồ sơ quá dài."),
    ],
)
def test_incomplete_keys_get_a_clear_message(browser, notice, query, message):
    response = browser.get(URL, {key: value.format(code=notice.dossier_code) for key, value in query.items()})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'class="error-summary"' in html


def test_lookups_are_throttled_per_address(browser, notice, settings, monkeypatch):
    from motcua.core import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)
    settings.MOTCUA_LOOKUP_PER_MINUTE = 2
    statuses = [look_up(browser, notice, ma_so_thue="6109999999").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "Quá nhiều yêu cầu" in look_up(browser, notice, ma_so_thue="6101234567").content.decode()


def test_a_notice_cannot_be_paid_or_downloaded_by_guessing_its_id(browser, notice, dossier):
    other = land_notice(dossier, number="TB-2026-000999", tax_id="6107654321")
    look_up(browser, notice, ma_so_thue="6101234567")
    assert browser.get(pay_url(notice)).status_code == 200
    response = browser.post(pay_url(other), {"provider": "test_bank"})
    assert response.status_code == 404 and "Vui lòng tra cứu lại" in response.content.decode()
    assert browser.get(voucher_url(other)).status_code == 404
    assert attempts_of(other.order) == []


def test_anyone_with_the_keys_pays_without_signing_in(browser, notice):
    look_up(browser, notice, so_thong_bao="TB-2026-000123")
    page = browser.get(pay_url(notice)).content.decode()
    assert "Chọn Ngân hàng hoặc Ví điện tử" in page and "Một triệu hai trăm năm mươi nghìn đồng" in page
    assert "113000123456" in page
    response = browser.post(pay_url(notice), {"provider": "test_bank", "amount": "1"})
    (attempt,) = attempts_of(notice.order)
    assert response.status_code == 303 and "amount=1250000" in response["Location"]
    assert attempt.payer is None and attempt.amount == 1_250_000


def test_a_signed_in_payer_is_recorded(client, other_citizen, notice):
    client.force_login(other_citizen)
    look_up(client, notice, ma_so_thue="6101234567")
    client.post(pay_url(notice), {"provider": "test_bank"})
    (attempt,) = attempts_of(notice.order)
    assert attempt.payer == other_citizen


def test_an_unknown_provider_is_refused_for_a_notice_too(browser, notice):
    look_up(browser, notice, ma_so_thue="6101234567")
    response = browser.post(pay_url(notice), {"provider": "nope"})
    assert response.status_code == 400 and "Kênh thanh toán không hợp lệ" in response.content.decode()
    assert attempts_of(notice.order) == []


def test_the_qr_page_opens_for_the_anonymous_payer_who_started_it(browser, notice):
    look_up(browser, notice, ma_so_thue="6101234567")
    response = browser.post(pay_url(notice), {"provider": "vietqr"})
    (attempt,) = attempts_of(notice.order)
    qr = reverse("portal:payment_qr", kwargs={"reference": attempt.reference})
    assert response["Location"] == qr
    html = browser.get(qr).content.decode()
    assert '<svg role="img"' in html and "1.250.000 đ" in html
    assert Client().get(qr).status_code == 302  # another browser: sign in first (and then 404)


def test_the_voucher_downloads_once_paid(browser, notice):
    look_up(browser, notice, ma_so_thue="6101234567")
    unpaid = browser.get(voucher_url(notice))
    assert unpaid.status_code == 404 and "chưa có chứng từ nộp tiền" in unpaid.content.decode()
    browser.post(pay_url(notice), {"provider": "test_bank"})
    (attempt,) = attempts_of(notice.order)
    notice_apply(provider="test_bank", notice=Notice(attempt.reference, 1_250_000, paid=True, code="00"), record=None)
    notice.order.refresh_from_db()
    assert notice.order.state == OrderState.PAID
    html = look_up(browser, notice, ma_so_thue="6101234567").content.decode()
    assert "Đã thanh toán" in html and "Tải chứng từ nộp tiền" in html
    response = browser.get(voucher_url(notice))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert browser.post(pay_url(notice), {"provider": "test_bank"}).status_code == 409


def test_the_result_page_of_a_failed_land_payment_leads_back_to_the_lookup(browser, notice):
    look_up(browser, notice, ma_so_thue="6101234567")
    browser.post(pay_url(notice), {"provider": "test_bank"})
    (attempt,) = attempts_of(notice.order)
    notice_apply(provider="test_bank", notice=Notice(attempt.reference, 1_250_000, paid=False, code="51"), record=None)
    html = browser.get(reverse("portal:payment_result", kwargs={"reference": attempt.reference})).content.decode()
    assert "Thanh toán lại" in html and f"{URL}?ma_ho_so=" in html


def test_the_personal_area_links_to_the_land_lookup(signed_in):
    assert URL in signed_in.get(reverse("portal:transactions")).content.decode()
