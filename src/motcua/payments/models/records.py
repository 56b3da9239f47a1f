"""What arrives from outside: provider callbacks (stored raw before anything else), bank statement lines, and
the reconciliation queue of everything that did not match (nothing is dropped)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .orders import FeeOrder, PaymentAttempt


class CallbackRecord(models.Model):
    class Channel(models.TextChoices):
        RETURN = "return", "Trình duyệt quay về"
        IPN = "ipn", "Thông báo máy chủ (IPN)"
        WEBHOOK = "webhook", "Ngân hàng đẩy giao dịch"
        QUERY = "query", "Truy vấn trạng thái"
        SANDBOX = "sandbox", "Ngân hàng thử nghiệm"

    class Outcome(models.TextChoices):
        RECEIVED = "received", "Đã nhận, chưa xử lý"
        CONFIRMED = "confirmed", "Đã ghi nhận"
        REPLAY = "replay", "Đã ghi nhận trước đó"
        NOT_FOUND = "not_found", "Không tìm thấy giao dịch"
        BAD_AMOUNT = "bad_amount", "Sai số tiền"
        BAD_SIGNATURE = "bad_signature", "Sai chữ ký"
        ERROR = "error", "Lỗi"
        DISPLAYED = "displayed", "Chỉ hiển thị"

    provider = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    # Exactly what came: the query string and the body (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE).
    query = models.TextField(blank=True)
    body = models.TextField(blank=True)
    reference = models.CharField("mã giao dịch", max_length=64, blank=True, db_index=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.RECEIVED)
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "thông báo từ kênh thanh toán"
        verbose_name_plural = "thông báo từ kênh thanh toán"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.provider} {self.channel} {self.received_at:%Y-%m-%d %H:%M:%S}"


class StatementImport(models.Model):
    file_name = models.CharField(max_length=255)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    lines_total = models.PositiveIntegerField(default=0)
    lines_new = models.PositiveIntegerField(default=0)
    lines_matched = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "sao kê ngân hàng"
        verbose_name_plural = "sao kê ngân hàng"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class StatementLine(models.Model):
    """One incoming transfer on a collection account, from a statement file or a bank's push."""

    class State(models.TextChoices):
        MATCHED = "matched", "Khớp"
        UNMATCHED = "unmatched", "Không khớp"
        RESOLVED = "resolved", "Đã xử lý"

    account_number = models.CharField(max_length=19)
    bank_reference = models.CharField("mã giao dịch ngân hàng", max_length=64)
    booked_at = models.DateTimeField("thời điểm ghi có")
    amount = models.BigIntegerField("số tiền (đồng)")
    memo = models.CharField("nội dung chuyển khoản", max_length=500, blank=True)
    source = models.ForeignKey(StatementImport, null=True, blank=True, on_delete=models.PROTECT, related_name="lines")
    state = models.CharField(max_length=10, choices=State.choices, default=State.UNMATCHED)
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "dòng sao kê"
        verbose_name_plural = "dòng sao kê"
        ordering = ["-booked_at", "-id"]
        constraints = [
            # Importing the same statement twice (or a push and then the statement) adds nothing.
            models.UniqueConstraint(fields=["account_number", "bank_reference"], name="statement_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.bank_reference} {self.amount} đ"


class Discrepancy(models.Model):
    """Something that did not add up, waiting for a finance officer: "Sai lệch cần xử lý"."""

    class Kind(models.TextChoices):
        BAD_SIGNATURE = "bad_signature", "Thông báo sai chữ ký"
        BAD_AMOUNT = "bad_amount", "Số tiền không khớp"
        UNKNOWN = "unknown", "Không tìm thấy khoản phải nộp"
        DOUBLE_PAYMENT = "double_payment", "Khoản đã thanh toán được thanh toán lần nữa"
        LATE_SUCCESS = "late_success", "Giao dịch hết hạn/hủy nhưng ngân hàng báo thành công"
        UNMATCHED_LINE = "unmatched_line", "Dòng sao kê không khớp giao dịch nào"
        NOT_ON_STATEMENT = "not_on_statement", "Giao dịch thành công không có trên sao kê"

    kind = models.CharField("loại sai lệch", max_length=20, choices=Kind.choices)
    provider = models.CharField(max_length=20, blank=True)
    detail = models.TextField("chi tiết")
    amount = models.BigIntegerField(null=True, blank=True)
    callback = models.ForeignKey(CallbackRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(StatementLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    attempt = models.ForeignKey(PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(FeeOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField("cách xử lý", blank=True)

    class Meta:
        verbose_name = "sai lệch cần xử lý"
        verbose_name_plural = "sai lệch cần xử lý"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], condition=Q(resolved_at=None), name="discrepancy_open")]

    def __str__(self) -> str:
        return self.get_kind_display()
