"""What a payer owes (fee orders and their lines), each try to pay (attempts), and the ledger of money moved.

Amounts are integer đồng. Fields change only through ``services``; the database enforces what must never happen
twice: one open attempt per order, one ledger payment per attempt, one fee order per dossier and stage.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.core.models import TimeStampedModel


class CollectionAccount(models.Model):
    """The account an agency collects fees into, and the collector printed on its receipts (biên lai)."""

    agency = models.OneToOneField(
        "catalogue.Agency",
        verbose_name="cơ quan thu",
        null=True,  # the province's default account, used by agencies without their own
        blank=True,
        on_delete=models.PROTECT,
        related_name="collection_account",
    )
    collector_name = models.CharField("đơn vị thu phí, lệ phí", max_length=300)
    collector_tax_code = models.CharField("mã số thuế đơn vị thu", max_length=14)
    account_name = models.CharField("tên tài khoản", max_length=300)
    account_number = models.CharField("số tài khoản", max_length=19)
    bank_name = models.CharField("ngân hàng", max_length=200)
    bank_bin = models.CharField("mã BIN ngân hàng (NAPAS)", max_length=6)
    # Biên lai điện tử: template symbol (EBL01 without face value, EBL02 with) and the series' two letters.
    receipt_template = models.CharField("ký hiệu mẫu biên lai", max_length=10, default="EBL01")
    receipt_letters = models.CharField("ký hiệu biên lai (2 chữ cái)", max_length=2, default="AA")

    class Meta:
        verbose_name = "tài khoản thu phí, lệ phí"
        verbose_name_plural = "tài khoản thu phí, lệ phí"
        constraints = [
            models.UniqueConstraint(fields=["agency"], condition=Q(agency=None), name="one_default_collection")
        ]

    def __str__(self) -> str:
        return f"{self.account_number} — {self.bank_name} ({self.collector_name})"


def order_reference() -> str:
    """A payment reference a person can read out and a bank memo can carry: ``PT`` + 10 of [0-9A-Z]."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O: read over the phone without confusion
    return "PT" + "".join(secrets.choice(alphabet) for _ in range(10))


class OrderKind(models.TextChoices):
    FEES = "fees", "Phí, lệ phí giải quyết thủ tục hành chính"
    LAND = "land", "Nghĩa vụ tài chính đất đai"


class Stage(models.TextChoices):
    SUBMISSION = "submission", "Khi nộp hồ sơ"
    SUPPLEMENT = "supplement", "Khi bổ sung hồ sơ"
    RESULT = "result", "Khi nhận kết quả"
    OBLIGATION = "obligation", "Theo thông báo nghĩa vụ tài chính"


class OrderState(models.TextChoices):
    OPEN = "open", "Chưa thanh toán"
    PAID = "paid", "Đã thanh toán"
    EXEMPT = "exempt", "Được miễn"
    CANCELLED = "cancelled", "Đã hủy"


class FeeOrder(TimeStampedModel):
    reference = models.CharField("mã thanh toán", max_length=20, unique=True, default=order_reference)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.PROTECT, related_name="fee_orders"
    )
    kind = models.CharField("loại khoản thu", max_length=10, choices=OrderKind.choices, default=OrderKind.FEES)
    stage = models.CharField("thời điểm thu", max_length=12, choices=Stage.choices, default=Stage.SUBMISSION)
    # Chosen when the order opens; empty while the agency has no account declared (payment then waits for it).
    account = models.ForeignKey(
        CollectionAccount,
        verbose_name="tài khoản nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    amount = models.PositiveBigIntegerField("số tiền phải nộp (đồng)", default=0)
    state = models.CharField("tình trạng", max_length=10, choices=OrderState.choices, default=OrderState.OPEN)
    paid_amount = models.PositiveBigIntegerField("đã nộp (đồng)", default=0)
    refunded_amount = models.PositiveBigIntegerField("đã hoàn (đồng)", default=0)
    paid_at = models.DateTimeField("thanh toán lúc", null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "khoản phải nộp"
        verbose_name_plural = "khoản phải nộp"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "stage"], condition=Q(kind="fees"), name="one_fee_order_per_dossier_stage"
            ),
            models.CheckConstraint(condition=Q(refunded_amount__lte=models.F("paid_amount")), name="refund_le_paid"),
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def payable(self) -> bool:
        return self.state == OrderState.OPEN and self.amount > 0


class FeeLine(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "phi", "Phí"
        FEE = "le_phi", "Lệ phí"
        TAX = "thue", "Thuế, tiền sử dụng đất"

    order = models.ForeignKey(FeeOrder, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    description = models.CharField("nội dung", max_length=500)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    exempt = models.BooleanField("được miễn", default=False)
    exemption_reason = models.CharField("lý do miễn", max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "dòng phí, lệ phí"
        verbose_name_plural = "dòng phí, lệ phí"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} đ"


class AttemptState(models.TextChoices):
    PENDING = "pending", "Đang chờ thanh toán"
    SUCCEEDED = "succeeded", "Thành công"
    FAILED = "failed", "Không thành công"
    CANCELLED = "cancelled", "Người nộp đã hủy"
    EXPIRED = "expired", "Hết hạn"


class Via(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    COUNTER = "counter", "Tại quầy (mã QR)"


def attempt_reference() -> str:
    """The transaction reference sent to the provider (vnp_TxnRef, MoMo orderId, QR memo): unique, ASCII."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "GD" + "".join(secrets.choice(alphabet) for _ in range(12))


class PaymentAttempt(models.Model):
    order = models.ForeignKey(FeeOrder, on_delete=models.PROTECT, related_name="attempts")
    provider = models.CharField("kênh thanh toán", max_length=20)
    via = models.CharField("hình thức", max_length=10, choices=Via.choices, default=Via.ONLINE)
    reference = models.CharField("mã giao dịch", max_length=20, unique=True, default=attempt_reference)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    state = models.CharField("tình trạng", max_length=10, choices=AttemptState.choices, default=AttemptState.PENDING)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the provider said: its result code and message, its transaction number, the bank used.
    result_code = models.CharField(max_length=20, blank=True)
    result_message = models.CharField(max_length=300, blank=True)
    provider_transaction = models.CharField("mã giao dịch của ngân hàng/ví", max_length=64, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    # Whatever the provider needs to resume (a QR payload, a redirect URL, its request id): shown, never trusted.
    instructions = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "giao dịch thanh toán"
        verbose_name_plural = "giao dịch thanh toán"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(state="pending"), name="one_pending_attempt"),
        ]
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self) -> str:
        return self.reference


class LedgerEntry(models.Model):
    """Money that moved, append-only: each payment received (once per attempt) and each refund."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", "Thu"
        REFUND = "refund", "Hoàn trả"

    order = models.ForeignKey(FeeOrder, on_delete=models.PROTECT, related_name="ledger")
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    refund = models.OneToOneField("Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="entry")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.PositiveBigIntegerField()
    provider = models.CharField(max_length=20)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "bút toán"
        verbose_name_plural = "sổ thu"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt"], condition=Q(kind="payment"), name="one_payment_per_attempt"),
        ]
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} đ"


class Refund(models.Model):
    order = models.ForeignKey(FeeOrder, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveBigIntegerField("số tiền hoàn (đồng)")
    reason = models.TextField("lý do hoàn")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    provider_reference = models.CharField("mã hoàn tiền của ngân hàng/ví", max_length=64, blank=True)

    class Meta:
        verbose_name = "hoàn tiền"
        verbose_name_plural = "hoàn tiền"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Hoàn {self.amount} đ"
