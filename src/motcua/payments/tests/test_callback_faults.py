"""Callback fault injection through the IPN endpoint (the sandbox bank speaks VNPay 2.1.0 exactly).

Each fault: the answer VNPay expects, the order and the ledger unchanged (or changed once), raw kept, flagged.
"""

import datetime as dt

import pytest
from django.db.models import Sum
from django.urls import reverse

from motcua.payments.base import provider_get
from motcua.payments.contrib.sandbox.testing import attempt_start, ipn_fields
from motcua.payments.contrib.vnpay import protocol
from motcua.payments.models import (
    AttemptState,
    CallbackRecord,
    Discrepancy,
    LedgerEntry,
    OrderState,
    PaymentAttempt,
    Receipt,
)
from motcua.payments.services.attempts import attempts_expire

pytestmark = pytest.mark.django_db
IPN = "/thanh-toan/sandbox/ipn/"


def ipn(client, **fields):
    response = client.get(IPN, ipn_fields(**fields))
    assert response.status_code == 200
    return response.json()["RspCode"]


def assert_balanced(order):
    order.refresh_from_db()
    payments = LedgerEntry.objects.filter(order=order, kind="payment").aggregate(s=Sum("amount"))["s"] or 0
    refunds = LedgerEntry.objects.filter(order=order, kind="refund").aggregate(s=Sum("amount"))["s"] or 0
    assert payments - refunds == order.paid_amount - order.refunded_amount


@pytest.fixture
def attempt(order, applicant):
    return attempt_start(order=order, payer=applicant)[0]


def test_the_ipn_url_is_the_providers_own():
    assert reverse("pay_sandbox:ipn") == IPN
    assert reverse("pay_vnpay:ipn") == "/thanh-toan/vnpay/ipn/"


def test_a_good_ipn_pays_once(client, order, attempt):
    assert ipn(client, reference=attempt.reference, amount=70_000) == "00"
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_amount == 70_000
    assert attempt.state == AttemptState.SUCCEEDED and attempt.provider_transaction == "14422574"
    assert LedgerEntry.objects.filter(order=order).count() == 1
    assert Receipt.objects.filter(order=order).count() == 1
    record = CallbackRecord.objects.get(channel="ipn")
    assert record.outcome == "confirmed" and record.attempt == attempt and "vnp_SecureHash=" in record.query
    assert_balanced(order)


def test_replay_ten_times_answers_already_confirmed_and_changes_nothing(client, order, attempt):
    assert ipn(client, reference=attempt.reference, amount=70_000) == "00"
    order.refresh_from_db()
    before = (order.state, order.paid_amount, order.paid_at, order.updated_at)
    for _ in range(10):
        assert ipn(client, reference=attempt.reference, amount=70_000) == "02"
    order.refresh_from_db()
    assert (order.state, order.paid_amount, order.paid_at, order.updated_at) == before
    assert LedgerEntry.objects.filter(order=order).count() == 1
    assert Receipt.objects.count() == 1
    assert CallbackRecord.objects.filter(outcome="replay").count() == 10
    assert not Discrepancy.objects.exists()


def test_wrong_amount_answers_04_flags_it_and_pays_nothing(client, order, attempt):
    assert ipn(client, reference=attempt.reference, amount=7_000) == "04"
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.state == OrderState.OPEN and order.paid_amount == 0
    assert attempt.state == AttemptState.PENDING
    assert not LedgerEntry.objects.exists()
    flagged = Discrepancy.objects.get()
    assert flagged.kind == Discrepancy.Kind.BAD_AMOUNT and flagged.amount == 7_000 and flagged.attempt == attempt


def test_bad_signature_answers_97_keeps_the_raw_callback_and_flags_it(client, order, attempt):
    fields = ipn_fields(reference=attempt.reference, amount=70_000, secret="not the bank's secret")
    response = client.get(IPN, fields)
    assert response.json() == {"RspCode": "97", "Message": "Invalid signature"}
    record = CallbackRecord.objects.get()
    assert record.outcome == "bad_signature" and f"vnp_TxnRef={attempt.reference}" in record.query
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_SIGNATURE
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and not LedgerEntry.objects.exists()


def test_a_tampered_amount_is_a_bad_signature(client, order, attempt):
    fields = ipn_fields(reference=attempt.reference, amount=7_000) | {"vnp_Amount": "7000000"}
    assert client.get(IPN, fields).json()["RspCode"] == "97"
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


def test_unknown_txn_ref_answers_01_and_is_flagged(client, order):
    assert ipn(client, reference="GD000000000000", amount=70_000) == "01"
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.UNKNOWN
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


@pytest.mark.parametrize(("code", "state"), [("24", AttemptState.CANCELLED), ("51", AttemptState.FAILED)])
def test_a_failure_closes_the_attempt_and_the_order_stays_payable(client, order, attempt, applicant, code, state):
    assert ipn(client, reference=attempt.reference, amount=70_000, response_code=code, status="02") == "00"
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == state and attempt.result_code == code
    assert order.state == OrderState.OPEN and not LedgerEntry.objects.exists()
    again, start = attempt_start(order=order, payer=applicant)
    assert again.pk != attempt.pk and again.state == AttemptState.PENDING and start.redirect_url


def test_a_stale_failure_after_the_success_changes_nothing(client, order, attempt):
    assert ipn(client, reference=attempt.reference, amount=70_000) == "00"
    assert ipn(client, reference=attempt.reference, amount=70_000, response_code="99", status="02") == "02"
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == AttemptState.SUCCEEDED and order.state == OrderState.PAID
    assert LedgerEntry.objects.count() == 1


def test_a_success_after_a_stale_failure_is_credited(client, order, attempt):
    assert ipn(client, reference=attempt.reference, amount=70_000, response_code="99", status="02") == "00"
    assert ipn(client, reference=attempt.reference, amount=70_000) == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.count() == 1
    assert_balanced(order)


def _expire(attempt):
    attempts_expire(now=attempt.expires_at + dt.timedelta(seconds=1))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.EXPIRED


def test_a_late_success_after_expiry_is_credited_while_the_order_is_open(client, order, attempt):
    _expire(attempt)
    assert ipn(client, reference=attempt.reference, amount=70_000) == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID and LedgerEntry.objects.count() == 1
    assert not Discrepancy.objects.exists()


def test_a_late_success_after_the_order_was_paid_otherwise_is_a_double_payment(client, order, attempt, applicant):
    _expire(attempt)
    second = attempt_start(order=order, payer=applicant)[0]
    assert ipn(client, reference=second.reference, amount=70_000, transaction_no="2") == "00"
    assert ipn(client, reference=attempt.reference, amount=70_000, transaction_no="1") == "00"
    order.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_amount == 140_000
    assert LedgerEntry.objects.filter(kind="payment").count() == 2  # the money did arrive twice: refund it
    flagged = Discrepancy.objects.get()
    assert flagged.kind == Discrepancy.Kind.DOUBLE_PAYMENT and flagged.attempt == attempt
    assert Receipt.objects.count() == 1
    assert_balanced(order)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "vnp_TxnRef=GD1",
        "vnp_Amount=abc&vnp_SecureHash=00",
        "vnp_Amount=" + "9" * 5000 + "&vnp_TxnRef=" + "A" * 5000,
        "vnp_SecureHash=%00%ff&vnp_TxnRef=%00",
        "&".join(f"f{n}=1" for n in range(1200)),  # more fields than Django parses
    ],
)
def test_garbage_answers_97_or_99_is_stored_raw_and_never_500(client, order, query):
    response = client.get(f"{IPN}?{query}")
    assert response.status_code == 200
    assert response.json()["RspCode"] in {"97", "99"}
    assert CallbackRecord.objects.get().query == query
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


@pytest.mark.parametrize("amount", ["abc", "7000050", "9" * 40, ""])
def test_a_signed_but_unreadable_amount_answers_99(client, order, attempt, amount):
    fields = ipn_fields(reference=attempt.reference, amount=70_000) | {"vnp_Amount": amount}
    fields["vnp_SecureHash"] = protocol.sign(fields, provider_get("sandbox").secret)
    assert client.get(IPN, fields).json()["RspCode"] == "99"
    assert CallbackRecord.objects.count() == 1
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and not LedgerEntry.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_ipn_answers_only_get(client, method):
    assert getattr(client, method)(IPN).status_code == 405
    assert not CallbackRecord.objects.exists()


def test_attempts_are_untouched_by_a_callback_for_another_provider(client, order, attempt, settings):
    settings.MOTCUA_PAYMENT = settings.MOTCUA_PAYMENT | {
        "vnpay": settings.MOTCUA_PAYMENT["vnpay"] | {"TMN_CODE": "MOTCUA01", "HASH_SECRET": "vnpay-secret"}
    }
    fields = ipn_fields(reference=attempt.reference, amount=70_000, provider_key="vnpay")
    assert client.get("/thanh-toan/vnpay/ipn/", fields).json()["RspCode"] == "01"
    assert PaymentAttempt.objects.get(pk=attempt.pk).state == AttemptState.PENDING
    order.refresh_from_db()
    assert order.state == OrderState.OPEN
