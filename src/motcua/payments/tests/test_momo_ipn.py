"""MoMo's IPN through the test client: stored raw, answered 204, applied once; the return only displays."""

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

from .test_momo_protocol import DEMO, ipn_fields

Outcome = CallbackRecord.Outcome
IPN = "/thanh-toan/momo/ipn/"
RETURN = "/thanh-toan/momo/return/"


@pytest.fixture(autouse=True)
def _momo(settings):
    settings.MOTCUA_PAYMENT = {**settings.MOTCUA_PAYMENT, "momo": DEMO}
    settings.MOTCUA_PAYMENT_PROVIDERS = ["momo"]


@pytest.fixture
def attempt(order, applicant) -> PaymentAttempt:
    return PaymentAttempt.objects.create(
        order=order, provider="momo", amount=order.amount, payer=applicant,
        expires_at=timezone.now() + timedelta(minutes=15),
    )  # fmt: skip


def _post(client, fields: dict | bytes):
    body = fields if isinstance(fields, bytes) else json.dumps(fields)
    return client.post(IPN, data=body, content_type="application/json")


def _unchanged(order: FeeOrder, attempt: PaymentAttempt) -> bool:
    order.refresh_from_db()
    attempt.refresh_from_db()
    return (
        order.state == OrderState.OPEN
        and order.paid_amount == 0
        and attempt.state == AttemptState.PENDING
        and not LedgerEntry.objects.filter(order=order).exists()
        and not Receipt.objects.filter(order=order).exists()
    )


def test_the_urls_are_where_the_protocol_says():
    assert reverse("pay_momo:ipn") == IPN and reverse("pay_momo:return") == RETURN


def test_a_success_ipn_pays_the_order_once_and_answers_204(client, order, attempt):
    response = _post(client, ipn_fields(orderId=attempt.reference, amount=70_000))
    assert response.status_code == 204 and response.content == b""
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_amount == 70_000
    assert attempt.state == AttemptState.SUCCEEDED and attempt.provider_transaction == "4088878653"
    assert LedgerEntry.objects.filter(order=order).count() == 1 and Receipt.objects.filter(order=order).count() == 1
    record = CallbackRecord.objects.get(provider="momo", channel=CallbackRecord.Channel.IPN)
    assert record.outcome == Outcome.CONFIRMED and record.attempt == attempt
    assert json.loads(record.body)["orderId"] == attempt.reference  # kept exactly as it came


def test_a_replay_ten_times_answers_204_and_changes_nothing(client, order, attempt):
    fields = ipn_fields(orderId=attempt.reference, amount=70_000)
    _post(client, fields)
    for _ in range(10):
        assert _post(client, fields).status_code == 204
    order.refresh_from_db()
    assert order.paid_amount == 70_000 and LedgerEntry.objects.filter(order=order).count() == 1
    outcomes = list(CallbackRecord.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [Outcome.CONFIRMED] + [Outcome.REPLAY] * 10
    assert not Discrepancy.objects.exists()


def test_a_wrong_amount_changes_nothing_and_is_queued(client, order, attempt):
    response = _post(client, ipn_fields(orderId=attempt.reference, amount=1_000))
    assert response.status_code == 204
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_AMOUNT
    assert CallbackRecord.objects.get().outcome == Outcome.BAD_AMOUNT


def test_a_bad_signature_changes_nothing_and_is_queued(client, order, attempt):
    fields = ipn_fields(orderId=attempt.reference, amount=70_000)
    fields["signature"] = "f" * 64
    assert _post(client, fields).status_code == 204
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_SIGNATURE
    assert CallbackRecord.objects.get().outcome == Outcome.BAD_SIGNATURE


def test_an_unknown_order_id_is_queued(client, order, attempt):
    assert _post(client, ipn_fields(orderId="GDNOSUCHTHING1", amount=70_000)).status_code == 204
    assert _unchanged(order, attempt)
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.UNKNOWN
    assert CallbackRecord.objects.get().outcome == Outcome.NOT_FOUND


@pytest.mark.parametrize("code", [9000, 1000, 7000, 7002, 8000])
def test_pending_codes_change_nothing(client, order, attempt, code):
    assert _post(client, ipn_fields(orderId=attempt.reference, amount=70_000, resultCode=code)).status_code == 204
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.get().outcome == Outcome.RECEIVED


def test_a_cancelled_payment_leaves_the_order_payable(client, order, attempt):
    _post(client, ipn_fields(orderId=attempt.reference, amount=70_000, resultCode=1006, transId=0))
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == AttemptState.CANCELLED and order.state == OrderState.OPEN and order.payable


def test_a_failure_then_a_late_success_for_the_same_attempt_is_still_credited(client, order, attempt):
    _post(client, ipn_fields(orderId=attempt.reference, amount=70_000, resultCode=1001))
    _post(client, ipn_fields(orderId=attempt.reference, amount=70_000))
    order.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.filter(order=order).count() == 1


@pytest.mark.parametrize(
    "body",
    [b"", b"garbage", b"\xff\xfe\xfd", b"[]", b'{"orderId": "x"}', b"{" * 50_000, b'{"amount": 1e309}'],
)
def test_garbage_is_stored_raw_answered_204_and_changes_nothing(client, order, attempt, body):
    response = _post(client, body)
    assert response.status_code == 204
    assert _unchanged(order, attempt)
    record = CallbackRecord.objects.get()
    assert record.outcome == Outcome.BAD_SIGNATURE and record.body == body.decode("utf-8", errors="replace")


def test_a_form_encoded_post_is_refused_without_error(client, order, attempt):
    response = client.post(IPN, data={"orderId": attempt.reference, "resultCode": "0", "amount": "70000"})
    assert response.status_code == 204
    assert _unchanged(order, attempt)


def test_a_body_too_large_is_stored_in_part_flagged_and_answered_400(client, settings, order, attempt):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = _post(client, b'{"orderId": "' + b"A" * 5000 + b'"}')
    assert response.status_code == 400
    assert _unchanged(order, attempt)
    record = CallbackRecord.objects.get()
    assert record.outcome == Outcome.BAD_SIGNATURE and record.body.startswith('{"orderId": "AAA')
    assert len(record.body) <= 1024
    assert "quá lớn" in Discrepancy.objects.get().detail


def test_the_ipn_takes_post_only(client, db):
    assert client.get(IPN).status_code == 405
    assert not CallbackRecord.objects.exists()


def test_the_return_displays_and_never_applies(client, order, attempt):
    params = {key: str(value) for key, value in ipn_fields(orderId=attempt.reference, amount=70_000).items()}
    response = client.get(RETURN, params)
    assert response.status_code == 303
    assert response["Location"] == f"/ket-qua-thanh-toan/{attempt.reference}/"
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.get().outcome == Outcome.DISPLAYED


@pytest.mark.parametrize("tamper", [{"amount": "1000"}, {"signature": "0" * 64}, {"orderId": "GD0000000009"}])
def test_a_forged_return_shows_a_vietnamese_400_page(client, order, attempt, tamper):
    params = {key: str(value) for key, value in ipn_fields(orderId=attempt.reference, amount=70_000).items()}
    response = client.get(RETURN, params | tamper)
    assert response.status_code == 400
    assert "Đường dẫn thanh toán không hợp lệ" in response.content.decode()
    assert _unchanged(order, attempt)


def test_an_empty_return_shows_the_400_page(client, db):
    response = client.get(RETURN)
    assert response.status_code == 400 and "Ví MoMo" in response.content.decode()


def test_too_many_fields_are_stored_and_refused_without_error(client, order, attempt):
    fields = {f"f{i}": "x" for i in range(1_100)}
    assert client.post(IPN, data=fields).status_code == 400
    assert client.get(RETURN, fields).status_code == 400
    assert _unchanged(order, attempt)
    assert CallbackRecord.objects.count() == 2
