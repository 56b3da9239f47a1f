"""Finding a land obligation by its keys, and the voucher number stored once it is paid."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.audit.services import audit_record
from motcua.core.errors import DomainError

from ...models import FeeOrder, OrderKind, OrderState, Receipt, TaxNotice
from .notices import normalise_tax_id, squash


def tax_notices_lookup(*, dossier_code: str, tax_id: str = "", notice_number: str = "") -> list[TaxNotice]:
    """The notices of ``dossier_code`` matching the tax ID and/or the notice number given (both given: both match).

    Knowing the keys is the right to see and pay, as at a bank counter; anything less finds nothing.
    """
    code = squash(dossier_code).upper()
    tax = normalise_tax_id(tax_id) if squash(tax_id) else ""
    number = squash(notice_number).upper()
    if not code or not (tax or number) or (squash(tax_id) and not tax):
        return []
    keys = Q(dossier_code=code)
    if tax:
        keys &= Q(tax_id=tax)
    if number:
        keys &= Q(notice_number=number)
    found = TaxNotice.objects.filter(keys).select_related("order", "order__dossier", "order__account")
    return list(found.order_by("notice_date", "id"))


def tax_voucher_record(*, order: FeeOrder) -> TaxNotice | None:
    """Once a land order is paid: store the voucher number on its notice (None for an order without a notice).

    The number is ``CT<year>-<receipt series>-<receipt number>`` (e.g. ``CT2026-26TAA-0000012``) from the
    electronic receipt issued for the payment, or ``CT<year>-<attempt reference>`` when no receipt exists; the
    year is the payment's, in Vietnam. Recording twice keeps the first number.
    """
    if order.kind != OrderKind.LAND:
        return None
    with transaction.atomic():
        notice = TaxNotice.objects.select_for_update().filter(order_id=order.pk).first()
        if notice is None or notice.voucher_number:
            return notice
        order = FeeOrder.objects.get(pk=order.pk)
        if order.state != OrderState.PAID:
            raise DomainError("Khoản nghĩa vụ tài chính này chưa được thanh toán.", code="not_paid")
        year = timezone.localtime(order.paid_at or timezone.now()).year
        receipt = Receipt.objects.filter(order=order).first()
        if receipt is not None:
            notice.voucher_number = f"CT{year}-{receipt.series}-{receipt.number:07d}"
        else:
            attempt = order.attempts.filter(state="succeeded").order_by("-finished_at", "-id").first()
            notice.voucher_number = f"CT{year}-{attempt.reference if attempt else order.reference}"
        notice.save(update_fields=["voucher_number"])
        audit_record(
            actor=None,
            subject_type="tax_notice",
            subject_id=notice.notice_number,
            action="voucher",
            data={"order": order.reference, "voucher_number": notice.voucher_number},
        )
        return notice
