"""Crediting paid attempts — the one place an order gets paid, for one notice or a chunk of a bank statement.

``orders_credit`` takes verified "paid" notices whose amount matches their attempt and, in one transaction:

- locks the attempts, then their orders (both in id order, so concurrent callers never deadlock);
- an attempt already SUCCEEDED is a replay: nothing changes;
- otherwise the attempt succeeds (a late success on an expired/cancelled attempt too) and gets one ledger entry
  (the DB-unique payment-per-attempt constraint stays the last guard); its order is paid — or, when the order is
  no longer open (paid by another attempt, even one earlier in the same chunk; cancelled; exempt), the surplus
  becomes a DOUBLE_PAYMENT discrepancy to refund;
- each newly paid order: one audit entry, one receipt, a notice to the applicant, and a land dossier whose last
  open obligation this was resumes.

The writes are bulk (a chunk of 1,000 costs about as many queries as one notice; the inserts and updates are raw
statements, see ``rows``); applying notices one by one or all together leaves exactly the same rows. With
``receipts_later`` (a large bank statement) the receipts and the payers' notices of fee orders are issued by a task
enqueued when the transaction commits (``paid_orders_receipts_issue``, once per order whatever the retries); the
ledger, the paid orders, the audit entries and everything about land obligations stay in the transaction.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.audit.services import audit_record_many
from motcua.dossiers.services import dossier_obligation_met
from motcua.dossiers.workflow import State
from motcua.notifications.services import PersonNotice, notify_people_many

from ..base import Notice
from ..models import (
    AttemptState,
    CallbackRecord,
    Discrepancy,
    FeeOrder,
    LedgerEntry,
    OrderKind,
    OrderState,
    Receipt,
)
from ..models import PaymentAttempt as Attempt
from ..tasks import paid_orders_receipts_task
from .land import tax_voucher_record
from .receipts import receipts_issue
from .rows import rows_insert, rows_update

PAID = "paid"  # the order is paid by this attempt
DOUBLE = "double"  # the money arrived for an order no longer open: a DOUBLE_PAYMENT discrepancy
REPLAY = "replay"  # the attempt had already succeeded: nothing changed

ATTEMPT_FIELDS = ["state", "finished_at", "result_code", "result_message", "provider_transaction", "bank_code"]
ORDER_FIELDS = ["state", "paid_amount", "paid_at", "paid_by", "updated_at"]
ATTEMPT_READ = ["order", "provider", "reference", "amount", "payer", *ATTEMPT_FIELDS]
ORDER_READ = ["reference", "dossier", "kind", "account", "amount", *ORDER_FIELDS]
BATCH = 1000


def attempt_result_record(attempt: Attempt, notice: Notice, *, now=None) -> None:
    """Copy what the provider said onto ``attempt`` (not saved)."""
    attempt.finished_at = attempt.finished_at or now or timezone.now()
    attempt.result_code, attempt.result_message = notice.code[:20], notice.message[:300]
    attempt.provider_transaction = notice.provider_transaction[:64]
    attempt.bank_code = notice.bank_code[:20]


def orders_credit(
    *,
    notices: Mapping[int, Notice],
    record: CallbackRecord | None = None,
    links: Mapping[int, Mapping[str, Any]] | None = None,
    receipts_later: bool = False,
) -> dict[int, str]:
    """Credit the attempts ``notices`` names (attempt id → its paid notice, amount already checked), in that order.

    Returns attempt id → PAID, DOUBLE or REPLAY. ``links`` (attempt id → extra Discrepancy fields, e.g. the
    statement ``line``) are added to the DOUBLE_PAYMENT discrepancies. ``receipts_later``: see the module's
    docstring. Call it inside the caller's transaction (it opens its own atomic block too).
    """
    if not notices:
        return {}
    now = timezone.now()
    links = links or {}
    with transaction.atomic():
        locked = Attempt.objects.select_for_update(of=("self",)).filter(pk__in=list(notices)).only(*ATTEMPT_READ)
        attempts = {attempt.pk: attempt for attempt in locked.order_by("pk")}
        locking = FeeOrder.objects.select_for_update(of=("self",))
        if receipts_later:  # the columns used here (a land order loads its dossier and account when needed)
            locking = locking.only(*ORDER_READ)
        else:  # what the receipts and notices print
            locking = locking.select_related("dossier", "dossier__applicant", "account")
        orders = {
            order.pk: order
            for order in locking.filter(pk__in={attempt.order_id for attempt in attempts.values()}).order_by("pk")
        }
        results: dict[int, str] = {}
        credited: list[Attempt] = []
        ledger: list[dict[str, Any]] = []
        doubles: list[Discrepancy] = []
        paid: list[tuple[FeeOrder, Attempt]] = []
        touched: dict[int, FeeOrder] = {}
        for pk, notice in notices.items():
            attempt = attempts[pk]
            if attempt.state == AttemptState.SUCCEEDED:
                results[pk] = REPLAY
                continue
            late = attempt.state != AttemptState.PENDING
            attempt.state = AttemptState.SUCCEEDED
            attempt_result_record(attempt, notice, now=now)
            credited.append(attempt)
            order = orders[attempt.order_id]
            touched[order.pk] = order
            ledger.append(
                {
                    "order_id": order.pk,
                    "attempt_id": attempt.pk,
                    "kind": LedgerEntry.Kind.PAYMENT,
                    "amount": attempt.amount,
                    "provider": attempt.provider,
                    "at": now,
                }
            )
            order.paid_amount += attempt.amount
            order.updated_at = now
            if order.state != OrderState.OPEN:
                doubles.append(_double(order, attempt, record, late, links.get(pk, {})))
                results[pk] = DOUBLE
                continue
            order.state, order.paid_at, order.paid_by_id = OrderState.PAID, now, attempt.payer_id
            paid.append((order, attempt))
            results[pk] = PAID
        rows_update(credited, ATTEMPT_FIELDS)
        rows_insert(LedgerEntry, ledger)
        rows_update(list(touched.values()), ORDER_FIELDS)
        Discrepancy.objects.bulk_create(doubles, batch_size=BATCH)
        if paid:
            _paid_orders_follow_up(paid, now, receipts_later=receipts_later)
    return results


def _double(order: FeeOrder, attempt: Attempt, record, late: bool, links: Mapping[str, Any]) -> Discrepancy:
    return Discrepancy(
        kind=Discrepancy.Kind.DOUBLE_PAYMENT,
        provider=attempt.provider,
        callback=record,
        attempt=attempt,
        order=order,
        amount=attempt.amount,
        detail=f"Khoản {order.reference} ({order.get_state_display()}) nhận thêm {attempt.amount} đồng qua "
        f"giao dịch {attempt.reference}{' (đã hết hạn/hủy)' if late else ''}: cần hoàn trả người nộp.",
        **links,
    )


def _paid_orders_follow_up(paid: list[tuple[FeeOrder, Attempt]], now, *, receipts_later: bool) -> None:
    """Audit entries, receipts, resumed land dossiers and the payers' notices of newly paid orders."""
    audit_record_many(
        {
            "actor": None,
            "subject_type": "fee_order",
            "subject_id": order.reference,
            "action": "paid",
            "from_state": OrderState.OPEN,
            "to_state": OrderState.PAID,
            "data": {"attempt": attempt.reference, "provider": attempt.provider, "amount": attempt.amount},
            "at": now,
        }
        for order, attempt in paid
    )
    # A land order's voucher number is its receipt's and its dossier may resume now: those stay in-line.
    later = [attempt.pk for order, attempt in paid if receipts_later and order.kind != OrderKind.LAND]
    now_paid = [(order, attempt) for order, attempt in paid if not receipts_later or order.kind == OrderKind.LAND]
    receipts_issue(paid=now_paid)
    for order, _ in now_paid:
        if order.kind == OrderKind.LAND:
            tax_voucher_record(order=order)  # the voucher number, from the receipt just issued
    waiting = {
        order.dossier_id: order.dossier
        for order, _ in now_paid
        if order.kind == OrderKind.LAND and order.dossier.state == State.AWAITING_PAYMENT
    }
    if waiting:
        still_open = set(
            FeeOrder.objects.filter(
                dossier_id__in=list(waiting), kind=OrderKind.LAND, state=OrderState.OPEN
            ).values_list("dossier_id", flat=True)
        )
        for dossier_id, dossier in waiting.items():
            if dossier_id not in still_open:
                dossier_obligation_met(
                    dossier=dossier, note="Đã hoàn thành nghĩa vụ tài chính (xác nhận từ kênh thanh toán)."
                )
    _payers_notify([order for order, _ in now_paid])
    if later:
        transaction.on_commit(lambda: paid_orders_receipts_task.enqueue(later))


def _payers_notify(orders: list[FeeOrder]) -> None:
    notify_people_many(
        notices=[
            PersonNotice(
                user=order.dossier.applicant,
                subject=f"Đã thanh toán {order.amount:,} đồng cho hồ sơ {order.dossier.code}".replace(",", "."),
                body=f"Khoản {order.reference} của hồ sơ {order.dossier.code} đã được thanh toán. Biên lai điện tử "
                "có trên trang hồ sơ.",
                link=f"/ca-nhan/ho-so/{order.dossier.code}/thanh-toan/",
                email=order.dossier.applicant_email,
                phone=order.dossier.applicant_phone,
            )
            for order in orders
            if order.dossier.applicant_id is not None
        ]
    )


def paid_orders_receipts_issue(*, attempt_ids: Sequence[int]) -> int:
    """The receipts and payers' notices that ``orders_credit(receipts_later=True)`` left to a task, for the orders
    these attempts paid, in that order: each order once — one without a receipt yet gets it and its notice in one
    transaction, one that has it is skipped — so a task run twice (a retry, a second worker) adds nothing.
    Returns how many receipts were issued."""
    with transaction.atomic():
        attempts = {a.pk: a for a in Attempt.objects.filter(pk__in=list(attempt_ids), state=AttemptState.SUCCEEDED)}
        orders = {
            order.pk: order
            for order in FeeOrder.objects.select_for_update(of=("self",))
            .select_related("dossier", "dossier__applicant", "account")
            .filter(pk__in={a.order_id for a in attempts.values()}, state=OrderState.PAID)
            .order_by("pk")
        }
        issued = set(Receipt.objects.filter(order_id__in=list(orders)).values_list("order_id", flat=True))
        paid, seen = [], set()
        for pk in attempt_ids:
            attempt = attempts.get(pk)
            order = orders.get(attempt.order_id) if attempt is not None else None
            if order is None or order.pk in issued or order.pk in seen:
                continue
            seen.add(order.pk)
            paid.append((order, attempt))
        receipts_issue(paid=paid)
        _payers_notify([order for order, _ in paid])
    return len(paid)
