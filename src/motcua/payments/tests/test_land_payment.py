"""A land obligation end to end (service level): notice in → paid through the sandbox → dossier resumes, and the
payer's lookup by the notice's keys."""

import pytest

from motcua.core.errors import DomainError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.office import office_world
from motcua.dossiers.workflow import State
from motcua.payments.base import Notice, StartContext
from motcua.payments.models import CallbackRecord, CollectionAccount, OrderState, Receipt
from motcua.payments.services.attempts import payment_start
from motcua.payments.services.confirm import notice_apply
from motcua.payments.services.land import tax_notices_import, tax_notices_lookup, tax_voucher_record

from .test_land_import import imported, notice

CONTEXT = StartContext(return_url="http://x/return/", ipn_url="http://x/ipn/", client_ip="127.0.0.1")


@pytest.fixture
def awaiting(db):
    """A dossier at the division head's step, asked for its financial obligation ("awaiting payment")."""
    world = office_world()
    CollectionAccount.objects.create(
        agency=None,
        collector_name="Văn phòng Đăng ký đất đai tỉnh",
        collector_tax_code="6100999999",
        account_name="VP DKDD TINH",
        account_number="113000999999",
        bank_name="VietinBank",
        bank_bin="970415",
    )
    processing = dossier_services.dossier_forward(dossier=world.received(), officer=world.specialist)
    assert processing.state == State.PROCESSING
    waiting = dossier_services.dossier_request_payment(
        dossier=processing, officer=world.division_head, note="Nộp tiền sử dụng đất theo thông báo của cơ quan thuế"
    )
    assert waiting.state == State.AWAITING_PAYMENT
    return waiting


def pay(order) -> str:
    attempt, start = payment_start(order=order, provider_key="sandbox", payer=None, context=CONTEXT)
    assert start.redirect_url
    paid = Notice(reference=attempt.reference, amount=attempt.amount, paid=True, code="00")
    return notice_apply(provider="sandbox", notice=paid, record=None)


def test_paying_the_notice_resumes_the_dossier_with_a_receipt_and_a_voucher(awaiting):
    tax_notice = imported(awaiting)
    assert pay(tax_notice.order) == CallbackRecord.Outcome.CONFIRMED
    awaiting.refresh_from_db()
    tax_notice.order.refresh_from_db()
    assert awaiting.state == State.PROCESSING
    assert (tax_notice.order.state, tax_notice.order.paid_amount) == (OrderState.PAID, 12_500_000)
    receipt = Receipt.objects.get(order=tax_notice.order)
    assert receipt.total == 12_500_000 and receipt.lines[0]["kind"] == "thue"

    recorded = tax_voucher_record(order=tax_notice.order)
    year = receipt.issued_at.year
    assert recorded.voucher_number == f"CT{year}-{receipt.series}-{receipt.number:07d}"
    assert tax_voucher_record(order=tax_notice.order).voucher_number == recorded.voucher_number  # once


def test_the_dossier_waits_until_every_notice_is_paid(awaiting):
    result = tax_notices_import(
        notices=[
            notice(awaiting),
            notice(awaiting, notice_number="1235/TB-CCT", budget_subitem="2801", amount=250_000),
        ],
        source="test",
    )
    first, second = result.notices
    pay(first.order)
    awaiting.refresh_from_db()
    assert awaiting.state == State.AWAITING_PAYMENT
    pay(second.order)
    awaiting.refresh_from_db()
    assert awaiting.state == State.PROCESSING


def test_a_paid_notice_cannot_be_paid_again(awaiting):
    tax_notice = imported(awaiting)
    pay(tax_notice.order)
    with pytest.raises(DomainError) as refused:
        payment_start(order=tax_notice.order, provider_key="sandbox", payer=None, context=CONTEXT)
    assert refused.value.code == "already_paid"


def test_no_voucher_before_payment_and_none_for_ordinary_fees(awaiting, order):
    tax_notice = imported(awaiting)
    with pytest.raises(DomainError) as refused:
        tax_voucher_record(order=tax_notice.order)
    assert refused.value.code == "not_paid"
    assert tax_voucher_record(order=order) is None


# --- Lookup by the payer's keys ------------------------------------------------------------------------------------
def test_lookup_by_tax_id_or_by_notice_number(dossier):
    tax_notice = imported(dossier, tax_id="0101234567-001")
    code = dossier.code
    assert tax_notices_lookup(dossier_code=code, tax_id="0101234567-001") == [tax_notice]
    assert tax_notices_lookup(dossier_code=code, tax_id="0101234567001") == [tax_notice]
    assert tax_notices_lookup(dossier_code=f" {code.lower()} ", notice_number=" 1234/tb-cct") == [tax_notice]
    assert tax_notices_lookup(dossier_code=code, tax_id="0101234567-001", notice_number="1234/TB-CCT") == [tax_notice]


@pytest.mark.parametrize(
    "keys",
    [
        {"tax_id": "0101234567-002"},
        {"notice_number": "1235/TB-CCT"},
        {"tax_id": "0101234567-001", "notice_number": "1235/TB-CCT"},
        {"tax_id": "not a tax id"},
        {},
        {"tax_id": "   ", "notice_number": ""},
    ],
    ids=["other-tax-id", "other-number", "one-key-wrong", "garbage-tax-id", "no-key", "blank-keys"],
)
def test_lookup_with_wrong_or_missing_keys_finds_nothing(dossier, keys):
    imported(dossier, tax_id="0101234567-001")
    assert tax_notices_lookup(dossier_code=dossier.code, **keys) == []


def test_lookup_needs_the_right_dossier_code(dossier):
    imported(dossier)
    assert tax_notices_lookup(dossier_code="", tax_id="6100123456") == []
    assert tax_notices_lookup(dossier_code=dossier.code + "9", tax_id="6100123456") == []
