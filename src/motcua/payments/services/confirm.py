"""Applying what a provider says — once. Every callback is stored raw first, then verified, then applied here.

``notice_apply`` locks the attempt, checks the amount and the attempt's state, and credits the order in the same
transaction (through ``credit.orders_credit``, the path a statement's chunks take too): a replay answers REPLAY
and changes nothing; concurrent duplicates queue on the row lock and the
second sees the first's result (and the ledger's unique constraint would refuse a second payment anyway).
Anything that does not add up (unknown reference, wrong amount, bad signature, money for an order already paid
or cancelled) is kept as a ``Discrepancy`` for a finance officer: nothing is dropped.
"""

from django.db import transaction

from ..base import Notice
from ..models import AttemptState, CallbackRecord, Discrepancy, PaymentAttempt
from .credit import ATTEMPT_FIELDS, attempt_result_record, orders_credit

Outcome = CallbackRecord.Outcome


def callback_store(
    *, provider: str, channel: str, method: str, query: str, body: bytes, remote_addr: str | None
) -> CallbackRecord:
    """Keep exactly what arrived, committed before it is believed or acted on."""
    with transaction.atomic():
        return CallbackRecord.objects.create(
            provider=provider,
            channel=channel,
            method=method[:8],
            # PostgreSQL text cannot hold NUL: a hostile body keeps everything else.
            query=query.replace("\x00", "\ufffd"),
            body=body.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
            remote_addr=remote_addr or None,
        )


def callback_reject(*, record: CallbackRecord, reason: str, reference: str = "") -> None:
    """A callback whose signature does not verify: flagged for reconciliation, nothing else changes."""
    with transaction.atomic():
        record.outcome, record.reference = Outcome.BAD_SIGNATURE, reference[:64]
        record.save(update_fields=["outcome", "reference"])
        Discrepancy.objects.create(
            kind=Discrepancy.Kind.BAD_SIGNATURE, provider=record.provider, callback=record, detail=reason[:2000]
        )


def _finish(record: CallbackRecord | None, outcome: str, attempt: PaymentAttempt | None, reference: str) -> str:
    if record is not None:
        record.outcome, record.attempt, record.reference = outcome, attempt, reference[:64]
        record.save(update_fields=["outcome", "attempt", "reference"])
    return outcome


def notice_apply(*, provider: str, notice: Notice, record: CallbackRecord | None) -> str:
    """Apply a verified ``notice`` from ``provider``; returns the Outcome (which the provider's answer encodes)."""
    with transaction.atomic():
        attempt = (
            PaymentAttempt.objects.select_for_update().filter(reference=notice.reference, provider=provider).first()
        )
        if attempt is None:
            if notice.paid:
                Discrepancy.objects.create(
                    kind=Discrepancy.Kind.UNKNOWN,
                    provider=provider,
                    callback=record,
                    amount=notice.amount,
                    detail=f"Thông báo thanh toán thành công cho mã giao dịch không tồn tại: {notice.reference[:64]}",
                )
            return _finish(record, Outcome.NOT_FOUND, None, notice.reference)
        if notice.amount != attempt.amount:
            bad_amount_discrepancy(provider=provider, notice=notice, attempt=attempt, record=record).save()
            return _finish(record, Outcome.BAD_AMOUNT, attempt, notice.reference)
        if notice.pending or attempt.state == AttemptState.SUCCEEDED:
            return _finish(
                record, Outcome.REPLAY if not notice.pending else Outcome.RECEIVED, attempt, notice.reference
            )
        was_pending = attempt.state == AttemptState.PENDING
        if not notice.paid:
            if was_pending:
                attempt.state = AttemptState.CANCELLED if notice.code == "24" else AttemptState.FAILED
                _attempt_record(attempt, notice)
                return _finish(record, Outcome.CONFIRMED, attempt, notice.reference)
            return _finish(record, Outcome.REPLAY, attempt, notice.reference)
        orders_credit(notices={attempt.pk: notice}, record=record)
        attempt.refresh_from_db()  # written in bulk by orders_credit: callers read the attempt from the record
        return _finish(record, Outcome.CONFIRMED, attempt, notice.reference)


def _attempt_record(attempt: PaymentAttempt, notice: Notice) -> None:
    attempt_result_record(attempt, notice)
    attempt.save(update_fields=ATTEMPT_FIELDS)


def bad_amount_discrepancy(
    *, provider: str, notice: Notice, attempt: PaymentAttempt, record: CallbackRecord | None, **links
) -> Discrepancy:
    """The (unsaved) discrepancy for a notice whose amount is not the attempt's: nothing is paid."""
    return Discrepancy(
        kind=Discrepancy.Kind.BAD_AMOUNT,
        provider=provider,
        callback=record,
        attempt=attempt,
        order_id=attempt.order_id,
        amount=notice.amount,
        detail=f"Kênh thanh toán báo {notice.amount} đồng, giao dịch {attempt.reference} là {attempt.amount}.",
        **links,
    )
