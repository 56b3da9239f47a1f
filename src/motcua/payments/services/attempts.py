"""Starting a payment: one open attempt per fee order; expired ones are queried, then swept."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.errors import DomainError

from ..base import Notice, Start, StartContext, provider_get
from ..models import AttemptState, FeeOrder, OrderKind, OrderState, PaymentAttempt, Via
from .confirm import notice_apply
from .orders import collection_account_for, officer_may_collect

COUNTER_PROVIDERS = frozenset({"vietqr"})


def _check_may_pay(order: FeeOrder, payer: User | None, officer: User | None) -> None:
    if officer is not None:
        if not officer_may_collect(order=order, officer=officer):
            raise DomainError("Bạn không có quyền thu phí, lệ phí của hồ sơ này.", code="forbidden")
        return
    # A land obligation is found by its keys (dossier code + tax ID or notice number): knowing them is the right
    # to pay it, as at a bank counter. Fees of a dossier are paid by the account that owns it.
    if order.kind == OrderKind.LAND:
        return
    if payer is None or order.dossier.applicant_id != payer.pk:
        raise DomainError("Bạn không có quyền thanh toán khoản này.", code="forbidden")


def _check_payable(order: FeeOrder) -> None:
    if order.state == OrderState.PAID:
        raise DomainError("Khoản này đã được thanh toán.", code="already_paid")
    if order.state != OrderState.OPEN or order.amount <= 0:
        raise DomainError("Khoản này không còn phải thanh toán.", code="not_payable")


def payment_start(
    *,
    order: FeeOrder,
    provider_key: str,
    context: StartContext,
    payer: User | None = None,
    officer: User | None = None,
) -> tuple[PaymentAttempt, Start]:
    """Open an attempt to pay ``order`` with ``provider_key`` and return what the payer does next.

    The same provider asked again while its attempt is open returns that attempt (a double click, a reload);
    another provider supersedes it (marked cancelled: a late success on it is still credited, see notice_apply).
    """
    via = Via.COUNTER if officer is not None else Via.ONLINE
    allowed = COUNTER_PROVIDERS if via == Via.COUNTER else set(settings.MOTCUA_PAYMENT_PROVIDERS)
    if provider_key not in allowed:
        raise DomainError("Kênh thanh toán không hợp lệ, vui lòng chọn lại.", code="provider")
    provider = provider_get(provider_key)
    now = timezone.now()
    with transaction.atomic():
        locked = FeeOrder.objects.select_for_update(of=("self",)).select_related("dossier", "account").get(pk=order.pk)
        _check_may_pay(locked, payer, officer)
        _check_payable(locked)
        if locked.account is None:
            locked.account = collection_account_for(locked.dossier.agency)
            if locked.account is None:
                raise DomainError(
                    "Cơ quan chưa khai báo tài khoản thu phí, lệ phí; vui lòng liên hệ cơ quan.", code="account"
                )
            locked.save(update_fields=["account", "updated_at"])
        open_attempt = PaymentAttempt.objects.filter(order=locked, state=AttemptState.PENDING).first()
        if open_attempt is not None:
            if open_attempt.provider == provider_key and open_attempt.expires_at > now and open_attempt.instructions:
                return open_attempt, Start(**open_attempt.instructions)
            open_attempt.state, open_attempt.finished_at = AttemptState.CANCELLED, now
            open_attempt.result_message = "Người nộp chọn lại kênh thanh toán"
            open_attempt.save(update_fields=["state", "finished_at", "result_message"])
        try:
            attempt = PaymentAttempt.objects.create(
                order=locked,
                provider=provider_key,
                via=via,
                amount=locked.amount,
                payer=payer,
                created_by=officer or payer,
                client_ip=context.client_ip or None,
                expires_at=now + timedelta(minutes=settings.MOTCUA_PAYMENT_ATTEMPT_MINUTES),
            )
        except IntegrityError:  # another request opened one between our check and insert
            raise DomainError("Khoản này đang được thanh toán; vui lòng thử lại sau ít phút.", code="pending") from None
    # The provider may call its server (MoMo, the national hub): outside the transaction, holding no lock.
    try:
        start = provider.start(attempt=attempt, context=context)
    except DomainError:
        _attempt_close(attempt, AttemptState.FAILED, "Không khởi tạo được giao dịch")
        raise
    attempt.instructions = {"redirect_url": start.redirect_url, "qr_payload": start.qr_payload, "data": start.data}
    attempt.save(update_fields=["instructions"])
    return attempt, start


def _attempt_close(attempt: PaymentAttempt, state: str, message: str) -> None:
    PaymentAttempt.objects.filter(pk=attempt.pk, state=AttemptState.PENDING).update(
        state=state, finished_at=timezone.now(), result_message=message
    )


def attempts_expire(*, now=None) -> int:
    """Sweep attempts past their time: ask the provider first (a payment may have gone through), else expire.

    Returns how many were closed. Idempotent; run by ``payments.tasks.attempts_expire_task`` every few minutes.
    """
    now = now or timezone.now()
    closed = 0
    for attempt in PaymentAttempt.objects.filter(state=AttemptState.PENDING, expires_at__lt=now).order_by("id")[:500]:
        notice: Notice | None = None
        try:
            notice = provider_get(attempt.provider).query(attempt=attempt)
        except DomainError:
            notice = None  # the provider cannot be reached: expire now, a late IPN is still credited
        if notice is not None and not notice.pending:
            notice_apply(provider=attempt.provider, notice=notice, record=None)
        _attempt_close(attempt, AttemptState.EXPIRED, "Hết thời gian thanh toán")
        closed += 1
    return closed
