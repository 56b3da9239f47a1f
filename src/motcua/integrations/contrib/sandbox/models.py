"""What the sandbox national portal received, and how it is told to behave (for demos and tests)."""

from django.db import models


class ReceivedMessage(models.Model):
    """One accepted sync message, as it arrived (duplicates and refused ones are answered, not stored)."""

    message_id = models.UUIDField("mã bản tin", unique=True)
    dossier_code = models.CharField("mã hồ sơ", max_length=60, db_index=True)
    sequence = models.PositiveIntegerField("số thứ tự")
    status_code = models.PositiveSmallIntegerField("mã trạng thái")
    payload = models.JSONField("nội dung")
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)

    class Meta:
        verbose_name = "bản tin đã nhận"
        verbose_name_plural = "bản tin đã nhận"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier_code", "sequence"], name="sandbox_message_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_code} #{self.sequence} (mã {self.status_code})"


class Behaviour(models.Model):
    """The one row saying how the sandbox answers the next messages: normally, or failing on purpose."""

    class Mode(models.TextChoices):
        NORMAL = "normal", "Bình thường: nhận và kiểm tra bản tin"
        ERROR = "error", "Lỗi máy chủ (HTTP 500)"
        SLOW = "slow", "Trả lời chậm (quá thời gian chờ)"
        REJECT = "reject", "Từ chối bản tin (HTTP 400)"

    mode = models.CharField("chế độ", max_length=10, choices=Mode.choices, default=Mode.NORMAL)
    # How many messages the mode applies to, then back to normal; empty: until changed.
    remaining = models.PositiveIntegerField("áp dụng cho số bản tin tiếp theo", null=True, blank=True)
    slow_seconds = models.PositiveIntegerField("số giây trả lời chậm", default=15)

    class Meta:
        verbose_name = "chế độ của cổng thử nghiệm"
        verbose_name_plural = "chế độ của cổng thử nghiệm"

    def __str__(self) -> str:
        return self.get_mode_display()
