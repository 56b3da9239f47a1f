"""Biên lai điện tử: issued when a fee order is paid, numbered per collector and year (restarting 1 January)."""

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.core.money import amount_in_words

from ..models import FeeLine, FeeOrder, PaymentAttempt, Receipt, ReceiptCounter

PROVIDER_METHODS = {"vietqr": "Chuyển khoản (mã QR)", "cash": "Tiền mặt"}


def receipt_number_next(*, collector_id: int, year: int) -> int:
    """The next number for ``collector_id`` in ``year`` — never given twice (same pattern as dossier codes)."""
    return receipt_numbers_reserve(collector_id=collector_id, year=year, count=1)[0]


def receipt_numbers_reserve(*, collector_id: int, year: int, count: int) -> range:
    """``count`` consecutive numbers for ``collector_id`` in ``year``, reserved in one UPDATE (the row is locked
    until the surrounding transaction ends, so concurrent reservations never overlap)."""
    if count < 1:
        return range(0)
    with transaction.atomic():
        ReceiptCounter.objects.bulk_create(
            [ReceiptCounter(collector_id=collector_id, year=year, last_number=0)], ignore_conflicts=True
        )
        counter = ReceiptCounter.objects.filter(collector_id=collector_id, year=year)
        counter.update(last_number=F("last_number") + count)
        last = counter.values_list("last_number", flat=True).get()
        return range(last - count + 1, last + 1)


def receipt_issue(*, order: FeeOrder, attempt: PaymentAttempt | None) -> Receipt:
    """The receipt of a paid ``order`` (once: a second call returns the first). Its PDF is rendered on demand."""
    existing = Receipt.objects.filter(order=order).first()
    if existing is not None:
        return existing
    return receipts_issue(paid=[(order, attempt)])[0]


def receipts_issue(*, paid: list[tuple[FeeOrder, PaymentAttempt | None]]) -> list[Receipt]:
    """The receipts of newly paid orders (none issued yet; the caller checked), in one go: the fee lines read in
    one query, the numbers reserved once per collector and year, the rows inserted in bulk. Same rows, in the
    same order, as ``receipt_issue`` one order after the other."""
    if not paid:
        return []
    now = timezone.localtime()
    lines_of: dict[int, list[dict]] = defaultdict(list)
    for line in FeeLine.objects.filter(order_id__in=[order.pk for order, _ in paid]).order_by("position", "id"):
        if not line.exempt:
            lines_of[line.order_id].append(
                {
                    "kind": line.kind,
                    "label": line.get_kind_display(),
                    "description": line.description,
                    "amount": line.amount,
                    "words": amount_in_words(line.amount),
                }
            )
    wanted: dict[int, int] = defaultdict(int)
    for order, _ in paid:
        wanted[order.account_id] += 1
    numbers = {
        collector: iter(receipt_numbers_reserve(collector_id=collector, year=now.year, count=count))
        for collector, count in wanted.items()
    }
    receipts = []
    for order, attempt in paid:
        account = order.account
        dossier = order.dossier
        method = "Thanh toán trực tuyến"
        if attempt is not None:
            method = PROVIDER_METHODS.get(attempt.provider, f"Thanh toán trực tuyến ({attempt.provider})")
        receipts.append(
            Receipt(
                order=order,
                collector=account,
                collector_name=account.collector_name,
                collector_tax_code=account.collector_tax_code,
                template_symbol=account.receipt_template,
                series=f"{now:%y}T{account.receipt_letters}",
                year=now.year,
                number=next(numbers[account.pk]),
                issued_at=now,
                payer_name=dossier.applicant_name,
                payer_id_number=dossier.applicant_id_number,
                payer_address=dossier.applicant_address,
                dossier_code=dossier.code or "",
                lines=lines_of[order.pk],
                total=order.amount,
                total_in_words=amount_in_words(order.amount),
                payment_method=method,
            )
        )
    return Receipt.objects.bulk_create(receipts, batch_size=1000)
