"""Reads for the person who pays: a dossier's applicant (fee orders, receipts) and the holder of a lookup (land).

Every function takes who is asking and returns only what that person may see: another citizen's order, receipt or
attempt is ``NotFound`` (the front door turns it into a 404 that does not confirm it exists). A land notice is
reached only through the keys that found it (dossier code + tax ID or notice number): the portal keeps the ids a
lookup returned and passes them here.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier

from ..models import (
    CollectionAccount,
    FeeLine,
    FeeOrder,
    OrderState,
    PaymentAttempt,
    Receipt,
    TaxNotice,
)
from ..services.orders import collection_account_for

__all__ = [
    "PaymentSummary",
    "attempt_get_for_payer",
    "attempt_get_public",
    "collection_account_of",
    "fee_order_get_for_applicant",
    "fee_orders_for_applicant",
    "payment_summaries_for_applicant",
    "receipt_get_for_applicant",
    "tax_notice_get_bound",
    "tax_notices_bound",
]

_ORDER_NOT_FOUND = "Không tìm thấy khoản phí, lệ phí này trong hồ sơ của bạn."
_ATTEMPT_NOT_FOUND = "Không tìm thấy giao dịch thanh toán này."
_NOTICE_NOT_FOUND = (
    "Không tìm thấy thông báo nghĩa vụ tài chính này trong kết quả tra cứu của bạn. "
    "Vui lòng tra cứu lại bằng mã hồ sơ và mã số thuế hoặc số thông báo."
)


def _orders(user: User, dossier: Dossier) -> QuerySet[FeeOrder]:
    return (
        FeeOrder.objects.filter(dossier=dossier, dossier__applicant_id=user.pk)
        .select_related("account", "receipt", "tax_notice", "dossier")
        .prefetch_related(Prefetch("lines", queryset=FeeLine.objects.order_by("position", "id")))
        .order_by("created_at", "id")
    )


def fee_orders_for_applicant(*, user: User, dossier: Dossier) -> list[FeeOrder]:
    """The fee orders of one of ``user``'s dossiers (fees and land obligations), oldest first, with their lines."""
    if not user.is_authenticated:
        return []
    return list(_orders(user, dossier))


def fee_order_get_for_applicant(*, user: User, dossier: Dossier, reference: str) -> FeeOrder:
    """One order of one of ``user``'s dossiers by its reference; NotFound for any other (or another dossier's)."""
    order = _orders(user, dossier).filter(reference=reference.strip()[:20]).first() if user.is_authenticated else None
    if order is None:
        raise NotFound(_ORDER_NOT_FOUND)
    return order


def collection_account_of(order: FeeOrder) -> CollectionAccount | None:
    """The account the payer transfers to: the order's own, else the one its agency collects into now."""
    return order.account or collection_account_for(order.dossier.agency)


def receipt_get_for_applicant(*, user: User, dossier: Dossier, reference: str) -> Receipt:
    """The e-receipt of a paid order of one of ``user``'s dossiers; NotFound while there is none."""
    order = fee_order_get_for_applicant(user=user, dossier=dossier, reference=reference)
    receipt = Receipt.objects.filter(order=order).select_related("order", "collector").first()
    if receipt is None:
        raise NotFound("Khoản này chưa được thanh toán nên chưa có biên lai điện tử.")
    return receipt


@dataclass(frozen=True)
class PaymentSummary:
    """What "Danh sách giao dịch" shows of a dossier's fees: one state and the amount it is about."""

    state: str  # "open" · "paid" · "exempt" · "none"
    label: str
    amount: int


_SUMMARY_LABELS = {
    "open": OrderState.OPEN.label,
    "paid": OrderState.PAID.label,
    "exempt": OrderState.EXEMPT.label,
}


def payment_summaries_for_applicant(*, user: User, dossier_ids: Iterable[int]) -> dict[int, PaymentSummary]:
    """Per dossier of ``user`` among ``dossier_ids``: still owing (sum open), all paid, all exempt.

    A dossier without a live order (nothing due yet, or every order cancelled) is absent from the result.
    """
    ids = list(dossier_ids)
    if not ids or not user.is_authenticated:
        return {}
    rows = (
        FeeOrder.objects.filter(dossier_id__in=ids, dossier__applicant_id=user.pk)
        .exclude(state=OrderState.CANCELLED)
        .values_list("dossier_id", "state", "amount", "paid_amount")
    )
    by_dossier: dict[int, list[tuple[str, int, int]]] = {}
    for dossier_id, state, amount, paid in rows:
        by_dossier.setdefault(dossier_id, []).append((state, amount, paid))
    summaries = {}
    for dossier_id, orders in by_dossier.items():
        owing = sum(amount for state, amount, _ in orders if state == OrderState.OPEN and amount > 0)
        paid = sum(paid for state, _, paid in orders if state == OrderState.PAID)
        if owing:
            kind, amount = "open", owing
        elif paid:
            kind, amount = "paid", paid
        else:
            kind, amount = "exempt", 0
        summaries[dossier_id] = PaymentSummary(state=kind, label=_SUMMARY_LABELS[kind], amount=amount)
    return summaries


def _attempts() -> QuerySet[PaymentAttempt]:
    return PaymentAttempt.objects.select_related("order", "order__dossier", "order__account", "order__tax_notice")


def attempt_get_public(*, reference: str) -> PaymentAttempt:
    """An attempt by its reference — the reference is the capability (a provider returns the payer with it).

    Whoever holds it sees what the result page shows (dossier code, amount, provider, state): nothing personal.
    """
    attempt = _attempts().filter(reference=reference.strip()[:20]).first()
    if attempt is None:
        raise NotFound(_ATTEMPT_NOT_FOUND)
    return attempt


def attempt_get_for_payer(*, user: User, reference: str, started: Collection[str] = ()) -> PaymentAttempt:
    """An attempt ``user`` may follow: one started in this browser session (``started``), one they pay for, or
    one on a dossier they own. Anything else is NotFound."""
    attempt = attempt_get_public(reference=reference)
    if attempt.reference in started:
        return attempt
    if user.is_authenticated and user.pk in (attempt.payer_id, attempt.order.dossier.applicant_id):
        return attempt
    raise NotFound(_ATTEMPT_NOT_FOUND)


def tax_notices_bound(*, notice_ids: Collection[int]) -> list[TaxNotice]:
    """The notices a lookup in this session found (by their keys), with their orders, newest first."""
    if not notice_ids:
        return []
    return list(
        TaxNotice.objects.filter(pk__in=list(notice_ids))
        .select_related("order", "order__dossier", "order__account")
        .order_by("-notice_date", "-id")
    )


def tax_notice_get_bound(*, notice_ids: Collection[int], notice_id: int) -> TaxNotice:
    """One notice among those the session's lookups found; NotFound for any other id, however it was guessed."""
    if notice_id not in notice_ids:
        raise NotFound(_NOTICE_NOT_FOUND)
    notice = (
        TaxNotice.objects.filter(pk=notice_id)
        .select_related("order", "order__dossier", "order__account", "order__receipt")
        .first()
    )
    if notice is None:
        raise NotFound(_NOTICE_NOT_FOUND)
    return notice
