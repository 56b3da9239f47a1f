"""Refunds: by the accountant or the agency leader, with a reason, never above what was paid; the ledger balances."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import DomainError
from motcua.dossiers.tests.factories import officer_of
from motcua.payments.base import Notice
from motcua.payments.models import LedgerEntry, PaymentAttempt, Refund
from motcua.payments.services import notice_apply, refund_create


@pytest.fixture
def paid(order):
    attempt = PaymentAttempt.objects.create(
        order=order, provider="vietqr", amount=order.amount, expires_at=timezone.now() + timedelta(minutes=5)
    )
    notice_apply(provider="vietqr", notice=Notice(attempt.reference, order.amount, True, "00"), record=None)
    order.refresh_from_db()
    return order


def test_a_partial_then_the_rest_balances_the_ledger(paid, accountant):
    refund_create(order=paid, officer=accountant, amount=20_000, reason="Miễn phí cho người có công")
    refund_create(order=paid, officer=accountant, amount=50_000, reason="Hồ sơ bị từ chối")
    paid.refresh_from_db()
    assert paid.refunded_amount == 70_000
    refunds = sum(e.amount for e in LedgerEntry.objects.filter(order=paid, kind="refund"))
    assert refunds == 70_000 and Refund.objects.count() == 2


def test_the_agency_leader_may_refund(paid, procedure):
    leader = officer_of(procedure.agency, StaffRole.AGENCY_LEADER)
    assert refund_create(order=paid, officer=leader, amount=1_000, reason="Thu thừa").amount == 1_000


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [
        (70_001, "Thu thừa", "vượt quá số đã nộp"),
        (0, "Thu thừa", "số nguyên dương"),
        (-5, "Thu thừa", "số nguyên dương"),
        (1_000, "   ", "lý do hoàn tiền"),
    ],
)
def test_bad_refunds_change_nothing(paid, accountant, amount, reason, message):
    with pytest.raises(DomainError, match=message):
        refund_create(order=paid, officer=accountant, amount=amount, reason=reason)
    paid.refresh_from_db()
    assert paid.refunded_amount == 0 and not Refund.objects.exists()


def test_an_officer_without_the_role_cannot_refund(paid, officer):
    with pytest.raises(DomainError, match="Chỉ kế toán"):
        refund_create(order=paid, officer=officer, amount=1_000, reason="Thu thừa")
    assert not Refund.objects.exists()


def test_an_accountant_of_another_agency_cannot_refund(paid):
    stranger = officer_of(AgencyFactory(), StaffRole.ACCOUNTANT)
    with pytest.raises(DomainError, match="Chỉ kế toán"):
        refund_create(order=paid, officer=stranger, amount=1_000, reason="Thu thừa")


def test_an_unpaid_order_has_nothing_to_refund(order, accountant):
    with pytest.raises(DomainError, match="vượt quá"):
        refund_create(order=order, officer=accountant, amount=1_000, reason="Thu thừa")
