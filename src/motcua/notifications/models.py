from django.conf import settings
from django.db import models


class Notification(models.Model):
    """Every message the system sends, kept for the outbox, retries and the citizen's history."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Thư điện tử"
        SMS = "sms", "Tin nhắn SMS"

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Gửi không thành công"

    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    recipient = models.CharField("người nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=255, blank=True)
    body = models.TextField("nội dung")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"


class InboxMessage(models.Model):
    """A notice in the person's own list on the portal ("Thông báo"): kept even when e-mail or SMS fails."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhận", on_delete=models.CASCADE, related_name="inbox"
    )
    subject = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung")
    link = models.CharField("đường dẫn", max_length=500, blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo trên cổng"
        verbose_name_plural = "thông báo trên cổng"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.subject}"
