"""The hub's signed callback through the test client: stored raw, applied once, answered ``{"MaLoi", "MoTa"}``."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.payments.models import (
    AttemptState,
    CallbackRecord,
    Discrepancy,
    FeeOrder,
    LedgerEntry,
    OrderState,
    PaymentAttempt,
    Receipt,
)

from .test_paygov_protocol import CONFIG, callback_fields

Outcome = CallbackRecord.Outcome
CALLBACK, IPN, RETURN = "/thanh-toan/paygov/callback/", "/thanh-toan/paygov/ipn/", "/thanh-toan/paygov/return/"
RECEIPT = "https://hub.example/bien-lai/PG20240521000123.pdf"


@pytest.fixture(autouse=True)
def _paygov(settings):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "paygov": CONFIG}
    settings.MOTCUA_PAYMENT_PROVIDERS = ["paygov"]


@pytest.fixture
def attempt(order, applicant) -> PaymentAttempt:
    return PaymentAttempt.objects.create(
        order=order, provider="paygov", amount=order.amount, payer=applicant,
        expires_at=timezone.now() + timedelta(minutes=15), instructions={"redirect_url": "https://hub/x", "data": {}},
    )  # fmt: skip


def _post(client, fields: dict | bytes, url: str = CALLBACK):
    body = fields if isinstance(fields, bytes) else json.dumps(fields)
    return client.post(url, data=body, content_type="application/json")


def _unchanged(order: FeeOrder, attempt: PaymentAttempt) -> bool:
    order.refresh_from_db()
    attempt.refresh_from_db()
    return (
        order.state == OrderState.OPEN
        and attempt.state == AttemptState.PENDING
        and not LedgerEntry.objects.filter(order=order).exists()
        and "receipt_url" not in attempt.instructions["data"]
    )


def test_the_urls_are_where_the_protocol_says():
    assert (reverse("pay_paygov:callback"), reverse("pay_paygov:ipn")) == (CALLBACK, IPN)
    assert reverse("pay_paygov:return") == RETURN


@pytest.mark.parametrize("url", [CALLBACK, IPN])
def test_a_success_pays_once_keeps_the_e_receipt_link_and_answers_00(client, order, attempt, url):
    response = _post(client, callback_fields(MaGiaoDich=attempt.reference), url)
    assert response.status_code == 200 and response.json() == {"MaLoi": "00", "MoTa": "Xac nhan thanh cong"}
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.filter(order=order).count() == 1
    assert Receipt.objects.filter(order=order).exists()
    assert attempt.provider_transaction == "PG20240521000123"
    assert attempt.instructions["data"]["receipt_url"] == RECEIPT
    assert attempt.instructions["redirect_url"] == "https://hub/x"  # the rest is kept


def test_the_callback_as_form_fields_or_a_query_string_works_too(client, order, attempt):
    params = {key: str(value) for key, value in callback_fields(MaGiaoDich=attempt.reference).items()}
    assert client.post(CALLBACK, data=params).json()["MaLoi"] == "00"
    assert client.get(CALLBACK, params).json()["MaLoi"] == "02"


def test_a_replay_ten_times_answers_02_and_changes_nothing(client, order, attempt):
    fields = callback_fields(MaGiaoDich=attempt.reference)
    _post(client, fields)
    for _ in range(10):
        assert _post(client, fields).json()["MaLoi"] == "02"
    order.refresh_from_db()
    assert order.paid_amount == 70_000 and LedgerEntry.objects.filter(order=order).count() == 1
    assert not Discrepancy.objects.exists()


def test_a_wrong_amount_answers_04_changes_nothing_and_is_queued(client, order, attempt):
    assert _post(client, callback_fields(MaGiaoDich=attempt.reference, SoTien=7_000)).json()["MaLoi"] == "04"
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_AMOUNT


def test_a_bad_signature_answers_97_changes_nothing_and_is_queued(client, order, attempt):
    fields = {**callback_fields(MaGiaoDich=attempt.reference), "ChuKy": "a" * 64}
    assert _post(client, fields).json() == {"MaLoi": "97", "MoTa": "Chu ky khong hop le"}
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_SIGNATURE
    assert CallbackRecord.objects.get().body == json.dumps(fields)  # stored exactly as it came


def test_an_unknown_transaction_answers_01_and_is_queued(client, order, attempt):
    assert _post(client, callback_fields(MaGiaoDich="GDNOSUCHTHING1")).json()["MaLoi"] == "01"
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.UNKNOWN


def test_a_pending_code_changes_nothing(client, order, attempt):
    assert _post(client, callback_fields(MaGiaoDich=attempt.reference, MaLoi="01")).json()["MaLoi"] == "00"
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.get().outcome == Outcome.RECEIVED


def test_a_cancellation_leaves_the_order_payable_and_keeps_no_receipt_link(client, order, attempt):
    _post(client, callback_fields(MaGiaoDich=attempt.reference, MaLoi="02"))
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == AttemptState.CANCELLED and order.payable
    assert "receipt_url" not in attempt.instructions["data"]


def test_a_receipt_link_that_is_not_a_web_address_is_not_kept(client, order, attempt):
    _post(client, callback_fields(MaGiaoDich=attempt.reference, UrlBienLai="javascript:alert(1)"))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUCCEEDED and "receipt_url" not in attempt.instructions["data"]


@pytest.mark.parametrize("body", [b"", b"garbage", b"\xff\xfe", b"[]", b'{"MaGiaoDich": "x"}', b"{" * 50_000])
def test_garbage_is_stored_raw_answered_97_and_changes_nothing(client, order, attempt, body):
    response = _post(client, body)
    assert response.status_code == 200 and response.json()["MaLoi"] == "97"
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.get().body == body.decode("utf-8", errors="replace")


def test_a_body_too_large_is_stored_in_part_and_refused(client, settings, order, attempt):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = _post(client, b'{"MaGiaoDich": "' + b"A" * 5000 + b'"}')
    assert response.status_code == 400 and response.json()["MaLoi"] == "97"
    assert _unchanged(order, attempt)
    assert len(CallbackRecord.objects.get().body) <= 1024


def test_other_methods_are_refused(client, db):
    assert client.put(CALLBACK).status_code == 405
    assert not CallbackRecord.objects.exists()


def test_the_return_displays_and_never_applies(client, order, attempt):
    params = {key: str(value) for key, value in callback_fields(MaGiaoDich=attempt.reference).items()}
    response = client.get(RETURN, params)
    assert response.status_code == 303 and response["Location"] == f"/ket-qua-thanh-toan/{attempt.reference}/"
    assert _unchanged(order, attempt)


def test_a_forged_return_shows_a_vietnamese_400_page(client, order, attempt):
    params = {key: str(value) for key, value in callback_fields(MaGiaoDich=attempt.reference).items()}
    response = client.get(RETURN, params | {"SoTien": "1000"})
    assert response.status_code == 400
    assert "Nền tảng thanh toán quốc gia" in response.content.decode()
    assert _unchanged(order, attempt)


def test_too_many_fields_are_stored_and_refused_without_error(client, order, attempt):
    fields = {f"f{i}": "x" for i in range(1_100)}
    response = client.get(CALLBACK, fields)
    assert response.status_code == 400 and response.json()["MaLoi"] == "97"
    assert client.get(RETURN, fields).status_code == 400
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.count() == 2
