"""Refunds: full or partial, with a reason, by a finance officer or the agency's leader — never above what was paid."""

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import StaffRole, User
from motcua.audit.services import audit_record
from motcua.core.errors import DomainError
from motcua.dossiers.access import officer_roles

from ..base import provider_get
from ..models import AttemptState, FeeOrder, LedgerEntry, Refund

REFUND_ROLES = frozenset({StaffRole.ACCOUNTANT, StaffRole.AGENCY_LEADER})


def officer_may_refund(*, order: FeeOrder, officer: User) -> bool:
    return any(
        agency == order.dossier.agency_id and role in REFUND_ROLES for agency, role in officer_roles(officer=officer)
    )


def refund_create(*, order: FeeOrder, officer: User, amount: int, reason: str) -> Refund:
    """Send ``amount`` đồng of ``order`` back to the payer (through the provider when it can refund)."""
    reason = reason.strip()[:2000]
    if not reason:
        raise DomainError("Vui lòng ghi rõ lý do hoàn tiền.", code="reason_required")
    if not isinstance(amount, int) or amount <= 0:
        raise DomainError("Số tiền hoàn phải là số nguyên dương (đồng).", code="amount")
    with transaction.atomic():
        locked = FeeOrder.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=order.pk)
        if not officer_may_refund(order=locked, officer=officer):
            raise DomainError("Chỉ kế toán hoặc lãnh đạo cơ quan được hoàn tiền.", code="forbidden")
        refundable = locked.paid_amount - locked.refunded_amount
        if amount > refundable:
            raise DomainError(
                f"Số tiền hoàn vượt quá số đã nộp còn lại ({refundable:,} đồng).".replace(",", "."), code="too_much"
            )
        attempt = locked.attempts.filter(state=AttemptState.SUCCEEDED).order_by("-finished_at").first()
        provider_reference = ""
        if attempt is not None:
            try:
                provider_reference = provider_get(attempt.provider).refund(
                    attempt=attempt, amount=amount, reason=reason, officer_name=str(officer)
                )
            except DomainError as error:
                if error.code != "refund_unsupported":
                    raise
                provider_reference = ""  # recorded here, paid back by transfer outside the provider
        now = timezone.now()
        refund = Refund.objects.create(
            order=locked, amount=amount, reason=reason, by=officer, at=now, provider_reference=provider_reference
        )
        LedgerEntry.objects.create(
            order=locked,
            refund=refund,
            kind=LedgerEntry.Kind.REFUND,
            amount=amount,
            provider=attempt.provider if attempt else "",
            at=now,
        )
        locked.refunded_amount += amount
        locked.save(update_fields=["refunded_amount", "updated_at"])
        audit_record(
            actor=officer,
            subject_type="fee_order",
            subject_id=locked.reference,
            action="refund",
            note=reason,
            data={"amount": amount, "provider_reference": provider_reference},
            at=now,
        )
        return refund
