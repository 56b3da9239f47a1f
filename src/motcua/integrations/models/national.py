"""The national portal's sync queue: one message per status change, delivered in order per dossier."""

import uuid

from django.db import models
from django.db.models import Q

from motcua.dossiers.workflow import Action


class MessageState(models.TextChoices):
    PENDING = "pending", "Đang chờ gửi"
    ACCEPTED = "accepted", "Cổng quốc gia đã nhận"
    REJECTED = "rejected", "Cổng quốc gia từ chối"
    GAVE_UP = "gave_up", "Đã dừng thử lại"


# A message in one of these states stops its dossier's queue until it is sent again (by an officer or the CLI).
STOPPED_STATES = frozenset({MessageState.REJECTED, MessageState.GAVE_UP})


class NationalMessage(models.Model):
    """A dossier's status as the national portal must learn it (code 1–10), written with the transition."""

    message_id = models.UUIDField("mã bản tin", default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="national_messages"
    )
    # 1, 2, 3 … per dossier: message n + 1 is never sent before message n is accepted.
    sequence = models.PositiveIntegerField("số thứ tự")
    action = models.CharField("thao tác", max_length=30, choices=Action.choices)
    status_code = models.PositiveSmallIntegerField("mã trạng thái quốc gia")
    adapter = models.CharField("kênh đồng bộ", max_length=40)
    payload = models.JSONField("nội dung")
    state = models.CharField("trạng thái", max_length=20, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveIntegerField("số lần đã gửi", default=0)
    next_try_at = models.DateTimeField("gửi (lại) lúc")
    locked_until = models.DateTimeField("đang được gửi đến", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    response = models.JSONField("trả lời gần nhất", default=dict, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_attempt_at = models.DateTimeField("gửi gần nhất lúc", null=True, blank=True)
    accepted_at = models.DateTimeField("được nhận lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản tin đồng bộ Cổng DVC quốc gia"
        verbose_name_plural = "bản tin đồng bộ Cổng DVC quốc gia"
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="national_message_sequence_unique"),
        ]
        indexes = [
            models.Index(fields=["next_try_at"], condition=Q(state="pending"), name="national_message_due"),
            models.Index(fields=["state", "dossier"], name="national_message_state"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.sequence} (mã {self.status_code}, {self.get_state_display()})"
