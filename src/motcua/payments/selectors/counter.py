"""Reads for the counter: a dossier's fee panel, the officer's QR screen, and the citizen-facing display screen.

The officer's reads take the officer and answer only what their agencies may see (``officer_agency_ids``); the
display screen has no login: its signed, short-lived token (the attempt reference, TimestampSigner) is the right
to see that one payment's amount, QR and status — nothing else.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import NotFound
from motcua.dossiers.access import officer_agency_ids
from motcua.dossiers.models import Dossier

from ..models import AttemptState, FeeOrder, OrderState, PaymentAttempt, Receipt
from ..services.orders import officer_may_collect

DISPLAY_SALT = "motcua.payments.counter-display"
DISPLAY_MAX_AGE = 60 * 60  # seconds: the display link works for an hour


@dataclass(frozen=True)
class OrderRow:
    order: FeeOrder
    receipt: Receipt | None
    pending: PaymentAttempt | None  # the open attempt (a QR being shown), if any
    attempts: list[PaymentAttempt] = field(default_factory=list)


@dataclass(frozen=True)
class FeePanel:
    rows: list[OrderRow]
    may_collect: bool


def fee_panel_for_officer(*, officer: User, dossier: Dossier) -> FeePanel:
    """Every fee order of ``dossier`` with lines, attempts and receipt — for an officer who may see the dossier."""
    if dossier.agency_id not in officer_agency_ids(officer=officer):
        # An officer of another agency at an inter-agency step sees the dossier, not its money.
        return FeePanel(rows=[], may_collect=False)
    orders = list(
        FeeOrder.objects.filter(dossier=dossier)
        .select_related("account", "receipt", "tax_notice")
        .prefetch_related("lines", "attempts")
        .order_by("created_at", "id")
    )
    rows = []
    for order in orders:
        attempts = list(order.attempts.all())
        pending = next((a for a in attempts if a.state == AttemptState.PENDING), None)
        rows.append(OrderRow(order, getattr(order, "receipt", None), pending, attempts))
    may_collect = bool(orders) and officer_may_collect(order=orders[0], officer=officer)
    return FeePanel(rows=rows, may_collect=may_collect)


def order_get_for_collector(*, officer: User, dossier_code: str, reference: str) -> FeeOrder:
    """A fee order of dossier ``dossier_code`` that ``officer`` may collect; NotFound otherwise (never a hint)."""
    order = (
        FeeOrder.objects.select_related("dossier", "account")
        .filter(reference=reference, dossier__code=dossier_code)
        .first()
    )
    if order is None or not officer_may_collect(order=order, officer=officer):
        raise NotFound(_("Không tìm thấy khoản phải nộp này."))
    return order


def _attempt_query():
    return PaymentAttempt.objects.select_related("order", "order__dossier", "order__account", "order__receipt")


def counter_attempt_get(*, officer: User, reference: str) -> PaymentAttempt:
    """A QR payment of one of ``officer``'s agencies, for their counter screen; NotFound otherwise."""
    attempt = _attempt_query().filter(reference=reference).first()
    if attempt is None or attempt.order.dossier.agency_id not in officer_agency_ids(officer=officer):
        raise NotFound(_("Không tìm thấy giao dịch thanh toán này."))
    return attempt


def display_token(*, attempt: PaymentAttempt) -> str:
    """The signed token of the citizen-facing screen of ``attempt`` (valid ``DISPLAY_MAX_AGE`` seconds)."""
    return signing.TimestampSigner(salt=DISPLAY_SALT).sign(attempt.reference)


def display_attempt_get(*, token: str) -> PaymentAttempt:
    """The attempt a display token names; NotFound when forged, expired or unknown."""
    try:
        reference = signing.TimestampSigner(salt=DISPLAY_SALT).unsign(token, max_age=DISPLAY_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        raise NotFound(_("Đường dẫn màn hình thanh toán không hợp lệ hoặc đã hết hạn (60 phút).")) from None
    attempt = _attempt_query().filter(reference=reference).first()
    if attempt is None:
        raise NotFound(_("Đường dẫn màn hình thanh toán không hợp lệ hoặc đã hết hạn (60 phút)."))
    return attempt


@dataclass(frozen=True)
class CounterStatus:
    """Where a QR payment stands, for both screens: ``final`` stops their polling."""

    paid: bool
    final: bool
    expired: bool
    label: str
    receipt: Receipt | None


def counter_status(*, attempt: PaymentAttempt) -> CounterStatus:
    """The status of ``attempt`` as the screens show it (read fresh: the screens poll it)."""
    attempt = _attempt_query().get(pk=attempt.pk)
    order = attempt.order
    receipt = getattr(order, "receipt", None)
    if attempt.state == AttemptState.SUCCEEDED or order.state == OrderState.PAID:
        return CounterStatus(True, True, False, _("Đã thanh toán"), receipt)
    if attempt.state != AttemptState.PENDING:
        return CounterStatus(False, True, attempt.state == AttemptState.EXPIRED, attempt.get_state_display(), None)
    if order.state != OrderState.OPEN:
        return CounterStatus(False, True, False, order.get_state_display(), None)
    if attempt.expires_at <= timezone.now():
        return CounterStatus(False, True, True, _("Mã QR đã hết hạn"), None)
    return CounterStatus(False, False, False, _("Đang chờ thanh toán"), None)
