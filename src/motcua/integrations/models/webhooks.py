"""Partners' webhook endpoints and the delivery log (a transactional outbox: rows written with the transition)."""

import uuid

from django.db import models
from django.db.models import Q

from motcua.core.models import TimeStampedModel
from motcua.dossiers.workflow import State


class EventType(models.TextChoices):
    """One event type per state a dossier enters: ``dossier.<state>`` (the national code is in the payload)."""

    SUBMITTED = "dossier.submitted", "Hồ sơ mới đăng ký"
    RECEIVED = "dossier.received", "Hồ sơ được tiếp nhận"
    REFUSED = "dossier.refused", "Hồ sơ không được tiếp nhận"
    PROCESSING = "dossier.processing", "Hồ sơ đang xử lý"
    SUPPLEMENT_REQUESTED = "dossier.supplement_requested", "Yêu cầu bổ sung giấy tờ"
    AWAITING_PAYMENT = "dossier.awaiting_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = "dossier.withdrawn", "Công dân rút hồ sơ"
    STOPPED = "dossier.stopped", "Dừng xử lý"
    RESULT_READY = "dossier.result_ready", "Đã xử lý xong"
    RETURNED = "dossier.returned", "Đã trả kết quả"

    @classmethod
    def for_state(cls, state: str) -> "EventType":
        return cls(f"dossier.{State(state).value}")


class WebhookEndpoint(TimeStampedModel):
    """A partner system told about dossier status changes, by an HTTP POST signed with its own secret."""

    name = models.CharField("tên hệ thống nhận", max_length=200)
    url = models.URLField("địa chỉ nhận (URL)", max_length=500)
    # Used to sign every delivery, so it is kept; shown once when created (or renewed), never displayed again.
    secret = models.CharField("khóa bí mật", max_length=100, editable=False)
    # Only the dossiers of this agency; empty: every agency's dossiers.
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name="chỉ hồ sơ của cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # EventType values; empty: every event.
    event_types = models.JSONField("loại sự kiện", default=list, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "điểm nhận webhook"
        verbose_name_plural = "điểm nhận webhook"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Đang chờ gửi"
    SUCCEEDED = "succeeded", "Đã gửi thành công"
    FAILED = "failed", "Không gửi được (không thử lại)"
    GAVE_UP = "gave_up", "Đã dừng thử lại"


class WebhookDelivery(models.Model):
    """One event for one endpoint: its payload as it was at the transition, and every attempt's outcome."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name="điểm nhận", on_delete=models.PROTECT, related_name="deliveries"
    )
    # The same for every endpoint told about one transition, and across retries: receivers de-duplicate by it.
    event_id = models.UUIDField("mã sự kiện", default=uuid.uuid4, db_index=True)
    event_type = models.CharField("loại sự kiện", max_length=40, choices=EventType.choices)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    payload = models.JSONField("nội dung")
    state = models.CharField("trạng thái", max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField("số lần đã gửi", default=0)
    next_try_at = models.DateTimeField("gửi (lại) lúc")
    # A worker holds the delivery while it sends (a lease): another worker leaves it alone until then.
    locked_until = models.DateTimeField("đang được gửi đến", null=True, blank=True)
    last_status_code = models.PositiveIntegerField("mã trả lời gần nhất", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    response_excerpt = models.TextField("trích nội dung trả lời", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_attempt_at = models.DateTimeField("gửi gần nhất lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt gửi webhook"
        verbose_name_plural = "nhật ký gửi webhook"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_try_at"], condition=Q(state="pending"), name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id} ({self.get_state_display()})"
