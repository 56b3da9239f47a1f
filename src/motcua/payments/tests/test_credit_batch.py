"""orders_credit: a chunk credited at once leaves exactly what notice_apply leaves one notice after the other."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.audit.models import AuditEntry
from motcua.audit.selectors import audit_verify
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.office import office_world
from motcua.notifications.models import InboxMessage
from motcua.payments.base import Notice
from motcua.payments.models import (
    AttemptState,
    CallbackRecord,
    CollectionAccount,
    Discrepancy,
    FeeOrder,
    LedgerEntry,
    PaymentAttempt,
    Receipt,
    Stage,
)
from motcua.payments.services.confirm import notice_apply
from motcua.payments.services.credit import DOUBLE, PAID, REPLAY, orders_credit

from .test_land_import import imported

Outcome = CallbackRecord.Outcome
_keys = itertools.count(1)


@pytest.fixture
def world(db, account):
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
    return world


def _attempt(order: FeeOrder, **fields) -> PaymentAttempt:
    values = {
        "provider": "vietqr",
        "amount": order.amount,
        "expires_at": timezone.now() + timedelta(minutes=15),
        "payer": order.dossier.applicant,
    }
    return PaymentAttempt.objects.create(order=order, **(values | fields))


def _paid(attempt: PaymentAttempt) -> Notice:
    return Notice(
        reference=attempt.reference,
        amount=attempt.amount,
        paid=True,
        code="00",
        provider_transaction=f"FT{attempt.pk}",
    )


def _fees_order(procedure, applicant) -> FeeOrder:
    draft = dossier_services.dossier_draft_create(applicant=applicant, procedure=procedure)
    submitted = dossier_services.dossier_submit(dossier=draft, actor=applicant, idempotency_key=f"cb-{next(_keys)}")
    return FeeOrder.objects.get(dossier=submitted, stage=Stage.SUBMISSION)


def _scenario(world, procedure, applicant, tag: str) -> dict[str, PaymentAttempt]:
    """The chunk, in order: a normal payment; two payments of one order; money for an order already paid; a
    replayed (already succeeded) attempt; a land obligation whose dossier is waiting for it."""
    a, b, c, d = (_fees_order(procedure, applicant) for _ in range(4))
    b2 = _attempt(b, state=AttemptState.CANCELLED)
    c0 = _attempt(c)
    assert notice_apply(provider="vietqr", notice=_paid(c0), record=None) == Outcome.CONFIRMED
    c1 = _attempt(c, state=AttemptState.EXPIRED)
    d0 = _attempt(d)
    assert notice_apply(provider="vietqr", notice=_paid(d0), record=None) == Outcome.CONFIRMED
    processing = dossier_services.dossier_forward(dossier=world.received(), officer=world.specialist)
    waiting = dossier_services.dossier_request_payment(dossier=processing, officer=world.division_head, note="Nộp")
    land = imported(waiting, notice_number=f"{tag}/TB-CCT").order
    return {"a": _attempt(a), "b1": _attempt(b), "b2": b2, "c1": c1, "d0": d0, "land": _attempt(land)}


def _snapshot(chunk: dict[str, PaymentAttempt]) -> dict:
    """Everything the credit leaves, with references replaced by the chunk's labels (the worlds differ there)."""
    labels = {}
    for label, attempt in chunk.items():
        attempt.refresh_from_db()
        labels[attempt.reference] = label
        labels[attempt.order.reference] = f"order of {label}"
    orders = {a.order_id for a in chunk.values()}

    def named(text: str) -> str:
        for reference, label in labels.items():
            text = text.replace(reference, f"<{label}>")
        return text

    state = {}
    for label, attempt in chunk.items():
        order = FeeOrder.objects.select_related("dossier").get(pk=attempt.order_id)
        state[label] = (
            (attempt.state, attempt.result_code, attempt.provider_transaction != "", attempt.finished_at is not None),
            (order.state, order.paid_amount, order.paid_by_id == order.dossier.applicant_id, order.paid_at is not None),
            order.dossier.state,
            sorted(LedgerEntry.objects.filter(attempt=attempt).values_list("kind", "amount")),
            InboxMessage.objects.filter(link__contains=f"/{order.dossier.code}/").count(),
        )
    receipts = sorted(
        (named(f"<{r.order.reference}>"), r.total, r.payment_method, str(r.lines))
        for r in Receipt.objects.filter(order_id__in=orders).select_related("order")
    )
    discrepancies = sorted(
        (d.kind, d.amount, named(d.detail), labels.get(d.attempt.reference))
        for d in Discrepancy.objects.filter(order_id__in=orders).select_related("attempt")
    )
    audited = sorted(
        (e.action, named(e.subject_id), e.to_state)
        for e in AuditEntry.objects.filter(subject_id__in=[o for o in labels if o.startswith("PT")])
    )
    return {"state": state, "receipts": receipts, "discrepancies": discrepancies, "audit": audited}


def test_a_chunk_ends_exactly_as_one_by_one(world, procedure, applicant, django_capture_on_commit_callbacks):
    one_by_one = _scenario(world, procedure, applicant, "1")
    batched = _scenario(world, procedure, applicant, "2")

    outcomes = [notice_apply(provider="vietqr", notice=_paid(a), record=None) for a in one_by_one.values()]
    assert outcomes == [Outcome.CONFIRMED] * 4 + [Outcome.REPLAY, Outcome.CONFIRMED]
    results = orders_credit(notices={a.pk: _paid(a) for a in batched.values()})
    assert [results[a.pk] for a in batched.values()] == [PAID, PAID, DOUBLE, DOUBLE, REPLAY, PAID]

    assert _snapshot(batched) == _snapshot(one_by_one)
    land = batched["land"].order.dossier
    assert Dossier.objects.get(pk=land.pk).state == "processing"  # resumed by the batch
    assert {d[0] for d in _snapshot(batched)["discrepancies"]} == {Discrepancy.Kind.DOUBLE_PAYMENT}
    assert audit_verify().ok


def test_receipt_numbers_stay_unique_and_consecutive(world, procedure, applicant):
    chunks = [_scenario(world, procedure, applicant, str(n)) for n in range(2)]
    notice_apply(provider="vietqr", notice=_paid(chunks[0]["a"]), record=None)
    orders_credit(notices={a.pk: _paid(a) for a in chunks[1].values()})
    notice_apply(provider="vietqr", notice=_paid(chunks[0]["b1"]), record=None)
    for collector in CollectionAccount.objects.all():
        numbers = sorted(Receipt.objects.filter(collector=collector).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))


def test_a_replayed_chunk_changes_nothing(world, procedure, applicant):
    chunk = _scenario(world, procedure, applicant, "1")
    notices = {a.pk: _paid(a) for a in chunk.values()}
    orders_credit(notices=notices)
    before = _snapshot(chunk), LedgerEntry.objects.count(), Receipt.objects.count(), AuditEntry.objects.count()
    assert set(orders_credit(notices=notices).values()) == {REPLAY}
    assert (
        _snapshot(chunk),
        LedgerEntry.objects.count(),
        Receipt.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    assert audit_verify().ok


def test_an_empty_chunk_does_nothing(db):
    assert orders_credit(notices={}) == {}
