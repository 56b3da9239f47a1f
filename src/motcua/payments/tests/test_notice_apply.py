"""notice_apply — the only code that credits an order: once, with its ledger entry and receipt; every fault queued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import services as dossier_services
from motcua.dossiers.workflow import State
from motcua.notifications.models import InboxMessage
from motcua.payments.base import Notice
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
from motcua.payments.services import notice_apply

Outcome = CallbackRecord.Outcome


def _attempt(order: FeeOrder, **fields) -> PaymentAttempt:
    values = {"provider": "vietqr", "amount": order.amount, "expires_at": timezone.now() + timedelta(minutes=15)}
    return PaymentAttempt.objects.create(order=order, **(values | fields))


def _paid(attempt: PaymentAttempt, **fields) -> Notice:
    return Notice(**({"reference": attempt.reference, "amount": attempt.amount, "paid": True, "code": "00"} | fields))


def _ledger_balanced(order: FeeOrder) -> bool:
    order.refresh_from_db()
    entries = list(LedgerEntry.objects.filter(order=order))
    paid = sum(e.amount for e in entries if e.kind == LedgerEntry.Kind.PAYMENT)
    refunded = sum(e.amount for e in entries if e.kind == LedgerEntry.Kind.REFUND)
    return (paid, refunded) == (order.paid_amount, order.refunded_amount)


def test_a_success_pays_the_order_once_with_a_receipt(order, applicant):
    attempt = _attempt(order, payer=applicant)
    assert notice_apply(provider="vietqr", notice=_paid(attempt), record=None) == Outcome.CONFIRMED
    order.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_amount == 70_000 and order.paid_by == applicant
    receipt = Receipt.objects.get(order=order)
    assert receipt.number == 1 and receipt.total_in_words == "Bảy mươi nghìn đồng"
    assert [line["amount"] for line in receipt.lines] == [20_000, 50_000]
    assert InboxMessage.objects.filter(user=applicant, subject__contains="Đã thanh toán").exists()
    assert _ledger_balanced(order)


def test_a_replay_changes_nothing(order):
    attempt = _attempt(order)
    notice_apply(provider="vietqr", notice=_paid(attempt), record=None)
    for _ in range(10):
        assert notice_apply(provider="vietqr", notice=_paid(attempt), record=None) == Outcome.REPLAY
    assert LedgerEntry.objects.filter(order=order).count() == 1 and Receipt.objects.count() == 1
    assert _ledger_balanced(order)


def test_a_wrong_amount_pays_nothing_and_is_queued(order):
    attempt = _attempt(order)
    assert notice_apply(provider="vietqr", notice=_paid(attempt, amount=7_000), record=None) == Outcome.BAD_AMOUNT
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and not LedgerEntry.objects.exists()
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.BAD_AMOUNT


def test_an_unknown_reference_is_queued_only_when_money_was_taken(order):
    ghost = Notice(reference="GD000000000000", amount=70_000, paid=True, code="00")
    assert notice_apply(provider="vietqr", notice=ghost, record=None) == Outcome.NOT_FOUND
    failed = Notice(reference="GD000000000001", amount=70_000, paid=False, code="51")
    assert notice_apply(provider="vietqr", notice=failed, record=None) == Outcome.NOT_FOUND
    assert list(Discrepancy.objects.values_list("kind", flat=True)) == [Discrepancy.Kind.UNKNOWN]


def test_another_providers_reference_is_unknown(order):
    attempt = _attempt(order, provider="vnpay")
    assert notice_apply(provider="vietqr", notice=_paid(attempt), record=None) == Outcome.NOT_FOUND
    order.refresh_from_db()
    assert order.state == OrderState.OPEN


@pytest.mark.parametrize(("code", "state"), [("24", AttemptState.CANCELLED), ("51", AttemptState.FAILED)])
def test_a_failure_closes_the_attempt_and_the_order_stays_payable(order, code, state):
    attempt = _attempt(order)
    assert (
        notice_apply(provider="vietqr", notice=_paid(attempt, paid=False, code=code), record=None) == Outcome.CONFIRMED
    )
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.state == state and order.state == OrderState.OPEN
    assert _attempt(order).state == AttemptState.PENDING  # a new try is possible


def test_a_failure_after_the_success_changes_nothing(order):
    attempt = _attempt(order)
    notice_apply(provider="vietqr", notice=_paid(attempt), record=None)
    assert notice_apply(provider="vietqr", notice=_paid(attempt, paid=False, code="24"), record=None) == Outcome.REPLAY
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUCCEEDED


def test_a_success_after_a_failure_or_expiry_is_still_credited(order):
    attempt = _attempt(order, state=AttemptState.EXPIRED)
    assert notice_apply(provider="vietqr", notice=_paid(attempt), record=None) == Outcome.CONFIRMED
    order.refresh_from_db()
    assert order.state == OrderState.PAID and not Discrepancy.objects.exists()


def test_money_for_an_order_already_paid_is_kept_and_queued_for_a_refund(order):
    first, second = _attempt(order, state=AttemptState.CANCELLED), _attempt(order)
    notice_apply(provider="vietqr", notice=_paid(second), record=None)
    assert notice_apply(provider="vietqr", notice=_paid(first), record=None) == Outcome.CONFIRMED
    order.refresh_from_db()
    assert order.paid_amount == 140_000 and Receipt.objects.count() == 1
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.DOUBLE_PAYMENT
    assert _ledger_balanced(order)


def test_a_pending_notice_changes_nothing(order):
    attempt = _attempt(order)
    assert notice_apply(provider="vietqr", notice=_paid(attempt, paid=False, pending=True), record=None) == (
        Outcome.RECEIVED
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.PENDING


def test_a_refused_dossier_owes_nothing_and_late_money_is_queued(order, dossier, officer):
    attempt = _attempt(order)
    dossier_services.dossier_refuse(dossier=dossier, officer=officer, reason="Hồ sơ không thuộc thẩm quyền")
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED
    notice_apply(provider="vietqr", notice=_paid(attempt), record=None)
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED and order.paid_amount == 70_000
    assert Discrepancy.objects.get().kind == Discrepancy.Kind.DOUBLE_PAYMENT
    assert _ledger_balanced(order)


def test_a_paid_land_order_resumes_the_dossier(order, dossier, officer):
    """Orders of kind "land" settle "Yêu cầu thực hiện nghĩa vụ tài chính" once all of them are paid."""
    dossier_services.dossier_receive(dossier=dossier, officer=officer)
    dossier.refresh_from_db()
    dossier_services.dossier_request_payment(dossier=dossier, officer=officer, note="Tiền sử dụng đất")
    land = [
        FeeOrder.objects.create(
            dossier=dossier, kind="land", stage="obligation", account=order.account, amount=1_000_000
        )
        for _ in range(2)
    ]
    first, second = _attempt(land[0]), _attempt(land[1])
    notice_apply(provider="vietqr", notice=_paid(first), record=None)
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_PAYMENT
    notice_apply(provider="vietqr", notice=_paid(second), record=None)
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert dossier.events.filter(action="pay", actor=None).count() == 1
