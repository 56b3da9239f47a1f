"""What the sandbox bank decided for each transaction it was sent: its own books, not ours.

The bank answers its status query (querydr) and refunds from here, like a real gateway answers from its own
database; our fee orders are changed only by what it signs and sends back (IPN, return, query answer).
"""

from django.db import models


class SandboxTransaction(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "Thanh toán thành công"
        CANCELLED = "cancelled", "Hủy giao dịch"
        INSUFFICIENT = "insufficient", "Không đủ số dư"
        EXPIRED = "expired", "Hết hạn"

    class IpnMode(models.TextChoices):
        NORMAL = "normal", "Gửi IPN ngay (bình thường)"
        LATE = "late", "Gửi IPN muộn"
        DUPLICATE = "duplicate", "Gửi IPN trùng lặp (3 lần)"
        OUT_OF_ORDER = "out_of_order", "Gửi IPN sai thứ tự (thất bại cũ rồi mới thành công)"
        NONE = "none", "Không gửi IPN (chỉ truy vấn trạng thái mới biết kết quả)"

    txn_ref = models.CharField("vnp_TxnRef", max_length=100, unique=True)
    tmn_code = models.CharField(max_length=8)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    order_info = models.CharField(max_length=255)
    create_date = models.CharField("vnp_CreateDate", max_length=14)
    bank_code = models.CharField("ngân hàng/ví", max_length=20)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    response_code = models.CharField(max_length=2)
    transaction_status = models.CharField(max_length=2)
    transaction_no = models.CharField("mã giao dịch của ngân hàng", max_length=20, unique=True)
    pay_date = models.CharField("vnp_PayDate", max_length=14)
    ipn_mode = models.CharField(max_length=12, choices=IpnMode.choices, default=IpnMode.NORMAL)
    ipn_delay = models.PositiveIntegerField("độ trễ IPN (giây)", default=0)
    ipn_sent = models.PositiveIntegerField("số IPN đã gửi", default=0)
    refunded = models.PositiveBigIntegerField("đã hoàn (đồng)", default=0)
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = "giao dịch ở ngân hàng thử nghiệm"
        verbose_name_plural = "giao dịch ở ngân hàng thử nghiệm"
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.txn_ref} ({self.outcome})"
